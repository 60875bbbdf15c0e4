// The bytes a capture writer is about to append, gathered so that they reach the file in one
// write(2): a batch of records either is in the file whole or not at all. Reused from batch to
// batch (writes are synchronous, so the buffer is free again once written).
export class OutputBuffer {
  private buffer = Buffer.allocUnsafe(64 * 1024)
  /** Bytes gathered so far. */
  length = 0

  /** Room for `bytes` more bytes at offset `length`; returns the buffer to write them into (then
   * call `commit`). The buffer may change between calls: use the one returned. */
  reserve(bytes: number): Buffer {
    const needed = this.length + bytes
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, 2 * this.buffer.length))
      this.buffer.copy(grown, 0, 0, this.length)
      this.buffer = grown
    }
    return this.buffer
  }

  commit(bytes: number): void {
    this.length += bytes
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length).set(bytes, this.length)
    this.commit(bytes.length)
  }

  /** What was gathered (valid until the next reserve), and starts over. */
  take(): Buffer {
    const out = this.buffer.subarray(0, this.length)
    this.length = 0
    return out
  }
}
