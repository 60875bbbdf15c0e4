// The file under a capture reader, read in chunks with the next chunk's read in flight while the
// current one is parsed (both readers, pcap.ts and pcapng.ts, read through it). A read waits on the
// thread pool; reading only once the last chunk was parsed left the analyzer's thread idle for
// every read: on the benchmark's 1 M-packet, 503 MB capture 503 reads of 1 MiB, 230–270 ms of the
// pass's ≈ 2.1 s asleep in the event loop (a read costs 0.2–0.35 ms alone, 1 ms under the analysis,
// waiting for a core). Hand-written, not fs.createReadStream (which reads ahead too): the readers
// need a record cut by a chunk's end joined, no read beyond one chunk while beforeRead's promise is
// pending, and a read error kept until its bytes are needed; around a stream that is as much code
// as this, plus the stream's own queue.
//
// What a reader is promised:
// - `window` holds file bytes [windowStart, windowStart + window.length) once need() said yes. A
//   window is never written again once handed out (every chunk is a fresh buffer): a frame's bytes
//   are a view into it and a consumer may keep that view.
// - A record cut by a chunk's end arrives whole: need(at, n) copies the n bytes from `at` into a
//   buffer of their own (the part left in the window, then the next chunk's first bytes; as many
//   chunks as a record larger than a chunk takes), and the rest of that next chunk is the following
//   window, not copied. So a chunk costs the copy of about one record (pcap copies a cut record
//   header once more).
// - Memory: at most one chunk ahead of the one being parsed (the read in flight), and never more
//   than the bytes left in the file (a 1 KB capture reads into 1 KB).
// - `sink.beforeRead` is called once per chunk, before its frames are handed on (the next chunk
//   being read meanwhile), and the reader waits for what it returns; progress is reported per chunk.
// - A read in flight never rejects unseen: its failure is kept and thrown (CAPTURE_READ_FAILED) only
//   when its chunk is needed; a reader that ends first (the end of the records, an abort, a corrupt
//   record) calls settle() before closing the file, which waits for the read and drops its outcome.
import type { FileHandle } from 'node:fs/promises'
import { CaptureError } from './errors.ts'
import { unfilledChunk, type CaptureSink, type ReadOptions } from './types.ts'

/** Bytes read at once. Measured on the 1 M-packet capture through the bundled worker (interleaved,
 * a loaded machine): the thread asleep in the reads' awaits per open 41–346 ms with 1 MiB, 2–119 ms
 * with 2 MiB, 1–227 ms with 4 MiB (339–1051 ms reading without read-ahead); peak memory growth up to
 * 239, 243 and 252 MB (the bound is 251). 1 MiB: the least memory ahead and pinned by a view a
 * consumer keeps, for most of the gain. */
export const READ_CHUNK_BYTES = 1 << 20

/** What a reader reads a file through (a FileHandle; its read is all that is used). */
export type CaptureFile = Pick<FileHandle, 'read'>

type ReadOutcome = { bytes: Uint8Array; error?: undefined } | { bytes?: undefined; error: Error }

const EMPTY = new Uint8Array(0)

export class ReadAhead {
  /** File bytes [windowStart, windowStart + window.length). */
  window: Uint8Array = EMPTY
  windowStart: number
  /** Bytes read after the window (the rest of the last chunk taken), from the window's end on. */
  private rest: Uint8Array = EMPTY
  private inFlight: Promise<ReadOutcome> | null = null
  /** The file offset the next read starts at. */
  private readFrom: number
  private readonly chunkSize: number

  /** `from`: the first byte the records start at (the readers read their file header first). */
  constructor(
    private readonly file: CaptureFile,
    private readonly size: number,
    from: number,
    private readonly fileName: string,
    private readonly sink: CaptureSink,
    private readonly options: ReadOptions,
    /** Frames handed on so far (for progress and the abort's message). */
    private readonly frames: () => number,
  ) {
    this.windowStart = from
    this.readFrom = from
    this.chunkSize = Math.max(1, options.chunkSize ?? READ_CHUNK_BYTES)
  }

  /** Makes the window hold file bytes [at, at + n) (at lies in the window or at its end); false
   * when the file ends first. Bytes before `at` are dropped from the window. */
  async need(at: number, n: number): Promise<boolean> {
    const end = this.windowStart + this.window.length
    if (at >= this.windowStart && at + n <= end) return true
    if (at < this.windowStart || at > end) throw new RangeError(`read-ahead: byte ${at} is outside the window ${this.windowStart}–${end}`)
    if (at + n > this.size) return false
    const kept = this.window.subarray(at - this.windowStart)
    let joined: Uint8Array | null = null
    let filled = kept.length
    for (;;) {
      if (this.rest.length === 0) {
        const chunk = await this.nextChunk()
        if (chunk === null) return false
        this.rest = chunk
      }
      // Nothing carried over and the rest holds the record: the rest is the window, no copy.
      if (filled === 0 && this.rest.length >= n) {
        this.window = this.rest
        this.windowStart = at
        this.rest = EMPTY
        return true
      }
      if (joined === null) {
        joined = unfilledChunk(n)
        joined.set(kept, 0)
      }
      const take = Math.min(n - filled, this.rest.length)
      joined.set(this.rest.subarray(0, take), filled)
      filled += take
      this.rest = this.rest.subarray(take)
      if (filled === n) {
        this.window = joined
        this.windowStart = at
        return true
      }
    }
  }

  /** Throws CAPTURE_ABORTED once the caller's signal has fired. */
  checkAborted(): void {
    if (this.options.signal?.aborted) throw new CaptureError('CAPTURE_ABORTED', `reading ${this.fileName} was cancelled after ${this.frames()} frames`)
  }

  /** Waits for a read still in flight and drops what it brought (before the file is closed). */
  async settle(): Promise<void> {
    const reading = this.inFlight
    this.inFlight = null
    if (reading !== null) await reading
  }

  /** The next chunk of the file (null at its end), the read after it started before this returns. */
  private async nextChunk(): Promise<Uint8Array | null> {
    if (this.inFlight === null) {
      if (this.readFrom >= this.size) return null
      this.checkAborted()
      this.inFlight = this.read()
    }
    const outcome = await this.inFlight
    this.inFlight = null
    if (outcome.error !== undefined) throw outcome.error
    const chunk = outcome.bytes
    // A file that got shorter since it was opened: its end is here.
    if (chunk.length === 0) return null
    this.readFrom += chunk.length
    // At most one chunk ahead: the next read is started only once this one is taken.
    if (this.readFrom < this.size) this.inFlight = this.read()
    this.sink.onProgress?.(this.readFrom, this.frames())
    await this.sink.beforeRead?.()
    this.checkAborted()
    return chunk
  }

  /** Reads the chunk at readFrom; never rejects (a failure is the outcome, thrown when taken). */
  private read(): Promise<ReadOutcome> {
    const from = this.readFrom
    const into = unfilledChunk(Math.min(this.chunkSize, this.size - from))
    return this.file.read(into, 0, into.length, from).then(
      ({ bytesRead }): ReadOutcome => ({ bytes: into.subarray(0, bytesRead) }),
      (e: Error): ReadOutcome => ({ error: readFailed(this.fileName, from, into.length, e) }),
    )
  }
}

/** A read of `length` bytes from `from` that failed (every read of the readers says it so). */
export function readFailed(fileName: string, from: number, length: number, e: Error): CaptureError {
  return new CaptureError('CAPTURE_READ_FAILED', `${fileName}: reading bytes ${from}–${from + length - 1} failed: ${e.message}`, { offset: from }, { cause: e })
}
