/** Bytes that barely compress: a xorshift sequence from `seed`, so a compressed body is about as
 * large as what it holds. */
export function noise(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}
