// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
// words. Hand-written because no maintained npm library computes it over a byte range (and the
// frames must carry correct IPv4 header, TCP and UDP checksums for Wireshark to validate them).

/** Adds `bytes[start, end)` as big-endian 16-bit words to `sum` (not yet folded). */
export function sumWords(bytes: Uint8Array, start: number, end: number, sum = 0): number {
  let total = sum
  let i = start
  for (; i + 1 < end; i += 2) total += ((bytes[i] as number) << 8) | (bytes[i + 1] as number)
  if (i < end) total += (bytes[i] as number) << 8 // odd length: pad with a zero byte
  return total
}

/** Folds the carries and complements: the value to store in the checksum field. */
export function finishChecksum(sum: number): number {
  let total = sum
  while (total > 0xffff) total = (total & 0xffff) + Math.floor(total / 0x10000)
  return ~total & 0xffff
}

export function internetChecksum(bytes: Uint8Array, start: number, end: number): number {
  return finishChecksum(sumWords(bytes, start, end))
}
