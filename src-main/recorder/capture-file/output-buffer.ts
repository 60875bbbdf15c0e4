// The bytes a capture writer is about to append, gathered so that they reach the file in one
// write(2): a batch of records either is in the file whole or not at all. Reused from batch to
// batch (writes are synchronous, so the buffer is free again once written).
import { AppendFile } from '../append-file.ts'

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
 * appended go out at once, or, between cork() and uncork(), together in one write(2); either way
 * through an AppendFile, so a failed write leaves the file ending at its last whole record. */
export class BatchedFile {
  readonly file: AppendFile
  private readonly pending = new OutputBuffer()
  private corked = false
  private closed = false

  /** Creates `path` (truncating it), or takes `file`, already created. */
  constructor(readonly path: string, file?: AppendFile) {
    this.file = file ?? AppendFile.open(path, 'capture')
  }

  /** Bytes written to the file so far. */
  get bytes(): number {
    return this.file.size
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
    try {
      if (this.file.failed === null) this.flush()
    } finally {
      this.closed = true
      this.file.close()
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`capture ${this.path} is closed`)
  }

  private flush(): void {
    if (this.pending.length === 0) return
    const bytes = this.pending.take()
    this.file.write(bytes)
  }
}
