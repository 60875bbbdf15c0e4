// Lookups between a packet's field tree and its bytes: which field a byte belongs to (the deepest
// one that covers it, as Wireshark picks when you click a hex byte) and each field's tree path.
import type { DecodedField, DecodedLayer } from '../../src-main/shared/walkthrough.ts'

export interface ByteRange {
  offset: number
  length: number
}

/** A stable id for a field within one packet: "layer index / child index / …". */
export type FieldPath = string

export function fieldPath(layer: number, indexes: readonly number[]): FieldPath {
  return [layer, ...indexes].join('/')
}

function covers(field: { offset: number; length: number }, offset: number): boolean {
  return field.length > 0 && offset >= field.offset && offset < field.offset + field.length
}

/** The field that covers `offset` most closely, with its path, as Wireshark picks when a byte is
 * clicked: the smallest range that holds the byte; of equal ranges the outermost (a flags word
 * rather than the first of its bit fields, which all span the same bytes); of equal ranges at the
 * same depth, the first in the tree. Every layer is searched, not only the first that covers the
 * byte: a first "Frame" layer spans the whole packet but holds only computed fields, and must not
 * hide the field the byte belongs to. Computed fields (length 0) cover no byte. */
export function fieldAtOffset(layers: readonly DecodedLayer[], offset: number): { path: FieldPath; range: ByteRange } | null {
  let best: { path: FieldPath; range: ByteRange; depth: number } | null = null
  const consider = (path: FieldPath, item: { offset: number; length: number }, depth: number): void => {
    if (!covers(item, offset)) return
    if (best === null || item.length < best.range.length || (item.length === best.range.length && depth < best.depth)) {
      best = { path, range: { offset: item.offset, length: item.length }, depth }
    }
  }
  const walk = (fields: readonly DecodedField[], layer: number, trail: readonly number[]): void => {
    fields.forEach((field, index) => {
      if (field.generated) return
      const here = [...trail, index]
      consider(fieldPath(layer, here), field, here.length)
      if (field.children) walk(field.children, layer, here)
    })
  }
  layers.forEach((layer, index) => {
    consider(fieldPath(index, []), layer, 0)
    walk(layer.fields, index, [])
  })
  const found = best as { path: FieldPath; range: ByteRange } | null
  return found === null ? null : { path: found.path, range: found.range }
}

/** Every path from the root to `path` ("0/2/1" → ["0", "0/2", "0/2/1"]), to open the tree to it. */
export function ancestorPaths(path: FieldPath): FieldPath[] {
  const parts = path.split('/')
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'))
}
