// What the analyzer's column stores share (the frame table, the DNS store, the step store, the HTTP
// exchanges): typed-array columns that grow by doubling, and intern tables of texts (each distinct
// text once, its id its index). Hand-written: two small functions no library gives in this shape.

type Column = Float64Array | Uint8Array | Int8Array | Uint16Array | Int32Array | Uint32Array

/** A copy of `a` with room for at least `size` items (and at least twice its length). */
export function grown<T extends Column>(a: T, size: number): T {
  return resized(a, Math.max(size, a.length * 2))
}

/** A copy of `a` with room for exactly `size` items (at least its length). */
export function resized<T extends Column>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(size, a.length))
  b.set(a as never)
  return b
}

/** The id of a text in an intern table: its index in `texts`, added on first sight. */
export function intern(texts: string[], ids: Map<string, number>, text: string): number {
  let id = ids.get(text)
  if (id === undefined) {
    id = texts.push(text) - 1
    ids.set(text, id)
  }
  return id
}
