// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of 16-bit
// words. Hand-written because no maintained npm library computes it over a byte range (and the
// frames must carry correct IPv4 header, TCP and UDP checksums for Wireshark to validate them).
//
// The sum is kept unfolded in a JS number (exact up to 2^53, i.e. far beyond any frame) and folded
// once at the end; RFC 1071 §2(B): the sum may be taken in any order and grouping.

/** Adds `bytes[start, end)` as big-endian 16-bit words to `sum` (not yet folded). A word that
 * starts at `start` pairs bytes start and start+1, so `start` must be the offset of a word within
 * the checksummed data (the payload of a TCP/UDP segment starts on one: the headers have even lengths). */
export function sumWords(bytes: Uint8Array, start: number, end: number, sum = 0): number {
  let total = sum
  let i = start
  // Eight bytes per iteration: this loop runs over every payload byte of a recording.
  for (const stop = end - 7; i < stop; i += 8) {
    total += ((bytes[i] as number) << 8) + (bytes[i + 1] as number) + ((bytes[i + 2] as number) << 8) + (bytes[i + 3] as number) + ((bytes[i + 4] as number) << 8) + (bytes[i + 5] as number) + ((bytes[i + 6] as number) << 8) + (bytes[i + 7] as number)
  }
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
