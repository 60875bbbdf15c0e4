// The bytes a capture writer is about to append, gathered so that they reach the file in one
// write(2): a batch of records either is in the file whole or not at all. Reused from batch to
// batch (writes are synchronous, so the buffer is free again once written).
import { closeSync, openSync, writeSync } from 'node:fs'

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

/** A capture file being appended to: what the pcap and pcapng writers share (they extend it). Bytes
 * appended go out at once, or, between cork() and uncork(), together in one write(2). */
export class BatchedFile {
  /** Bytes written to the file so far. */
  bytes = 0
  private readonly fd: number
  private readonly pending = new OutputBuffer()
  private corked = false
  private closed = false

  /** Opens `path` (truncating it), or takes `fd`, already opened for writing at its start. */
  constructor(readonly path: string, fd?: number) {
    this.fd = fd ?? openSync(path, 'w')
  }

  /** Room for `bytes` more at `length` (see OutputBuffer.reserve); then commit(). */
  protected reserve(bytes: number): Buffer {
    this.checkOpen()
    return this.pending.reserve(bytes)
  }

  /** Where reserved bytes start. */
  protected get length(): number {
    return this.pending.length
  }

  protected commit(bytes: number): void {
    this.pending.commit(bytes)
    if (!this.corked) this.flush()
  }

  protected append(bytes: Uint8Array): void {
    this.checkOpen()
    this.pending.append(bytes)
    if (!this.corked) this.flush()
  }

  /** From now until uncork(), what is appended gathers in memory: uncork() writes it in one write(2). */
  cork(): void {
    this.corked = true
  }

  uncork(): void {
    this.corked = false
    this.flush()
  }

  close(): void {
    if (this.closed) return
    this.corked = false
    this.flush()
    this.closed = true
    closeSync(this.fd)
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`capture ${this.path} is closed`)
  }

  private flush(): void {
    if (this.pending.length === 0) return
    const bytes = this.pending.take()
    writeSync(this.fd, bytes)
    this.bytes += bytes.length
  }
}
