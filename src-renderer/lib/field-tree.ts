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

/** The deepest field (with bytes) covering `offset`, with its path; the layer itself when no field
 * does. At each level the first covering field is taken: flag children all span their flags word,
 * and the first of them stands for it, as in Wireshark. */
export function fieldAtOffset(layers: readonly DecodedLayer[], offset: number): { path: FieldPath; range: ByteRange } | null {
  const layerIndex = layers.findIndex((layer) => covers(layer, offset))
  const layer = layers[layerIndex]
  if (!layer) return null
  let best = { path: fieldPath(layerIndex, []), range: { offset: layer.offset, length: layer.length } }
  const trail: number[] = []
  let fields: readonly DecodedField[] | undefined = layer.fields
  while (fields) {
    const index = fields.findIndex((field) => !field.generated && covers(field, offset))
    const field: DecodedField | undefined = fields[index]
    if (!field) break
    trail.push(index)
    best = { path: fieldPath(layerIndex, trail), range: { offset: field.offset, length: field.length } }
    fields = field.children
  }
  return best
}

/** Every path from the root to `path` ("0/2/1" → ["0", "0/2", "0/2/1"]), to open the tree to it. */
export function ancestorPaths(path: FieldPath): FieldPath[] {
  const parts = path.split('/')
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'))
}
