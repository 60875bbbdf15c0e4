// What the capture readers hand the analyzer: one callback per frame, in file order, with the
// frame's bytes as a view that is valid only during the callback (copy what you keep), plus the
// absolute file offset of those bytes so `detail(frame)` can read them again later. The frame
// object itself is valid only during the callback too: a reader fills the same object for every
// record (no object per packet), so keep its fields, not the object. Its bytes are handed as the
// read chunk and where they are in it (FrameRecord): the view `data` is made only when asked for.
import type { FileProblem } from '../shared/walkthrough.ts'
import type { TimestampFractionProblem } from './pcap.ts'

export interface CaptureFrame {
  /** 0-based frame index (Wireshark's frame number − 1). */
  index: number
  /** The frame's captured bytes, a view of their own (a reader makes it when it is read). */
  readonly data: Uint8Array
  /** The same bytes where the reader has them: bytes[start, start + capturedLength) of `buffer` (the
   * chunk read from the file). The streaming pass decodes them there, so a reader makes no view per
   * record. */
  buffer: Uint8Array
  start: number
  capturedLength: number
  originalLength: number
  /** Epoch seconds and nanoseconds (already scaled by the interface's resolution). */
  tsSec: number
  tsNsec: number
  /** False for blocks without a time stamp (pcapng SPB, custom blocks): the previous frame's time is used. */
  hasTimestamp: boolean
  linkType: number
  interfaceId: number
  /** Absolute offset of `data` in the file. */
  dataOffset: number
  comment?: string
  /** A pcapng custom block shown as a frame (tshark does the same); it has no link layer. */
  custom?: boolean
  /** A problem with this frame's record header (a time stamp's fraction not below one second),
   * already normalised: pcap.ts timestampFractionProblem. */
  recordIssue?: TimestampFractionProblem
}

export interface CaptureInfo {
  format: 'pcap' | 'pcapng'
  byteOrder: 'little-endian' | 'big-endian' | 'mixed'
  timestampResolution: 'usec' | 'nsec' | 'mixed'
  linkTypes: number[]
  /** The largest snap length a header or interface declares (0 = none said). */
  snapLength: number
  sizeBytes: number
  /** pcapng: section and interface comments, NRB names (address → names). */
  comments: string[]
  names: Map<string, string[]>
}

export interface CaptureSink {
  onFrame(frame: CaptureFrame): void
  /** An interface is described (the pcap header; each pcapng Interface Description Block), before
   * the frames that use it. */
  onInterface?(linkType: number, snapLength: number): void
  /** TLS key log text from a pcapng Decryption Secrets Block. */
  onSecrets?(kind: 'tls-keylog', text: string): void
  /** Part `part` (1-based) of `parts` of a Wiretrail recording's journal, carried in a pcapng
   * Custom Block (format.ts JOURNAL_BLOCK_MAGIC); the parts joined are the journal's UTF-8 text. */
  onJournal?(part: number, parts: number, bytes: Uint8Array): void
  /** Bytes consumed so far (monotonic), frames so far. */
  onProgress?(bytesRead: number, frames: number): void
  /** Called once per chunk read from the file, before that chunk's frames are handed on (the next
   * chunk may be being read meanwhile: read-ahead.ts); the reader waits for a returned promise (a
   * consumer whose work goes on off its thread keeps its backlog bounded this way). */
  beforeRead?(): Promise<void> | void
}

export interface ReadResult {
  info: CaptureInfo
  frames: number
  problems: FileProblem[]
}

export interface ReadOptions {
  signal?: AbortSignal
  /** Read chunk size (bytes; read-ahead.ts READ_CHUNK_BYTES by default). */
  chunkSize?: number
}

/** The frame object a reader fills for every record: `data` is a view made when read. */
export class FrameRecord implements CaptureFrame {
  index = 0
  buffer: Uint8Array = new Uint8Array(0)
  start = 0
  capturedLength = 0
  originalLength = 0
  tsSec = 0
  tsNsec = 0
  hasTimestamp = true
  linkType = -1
  interfaceId = -1
  dataOffset = 0
  comment: string | undefined = undefined
  custom: boolean | undefined = undefined
  recordIssue: TimestampFractionProblem | undefined = undefined

  get data(): Uint8Array {
    return this.buffer.subarray(this.start, this.start + this.capturedLength)
  }
}

/** Room for the next read of the file: `n` bytes that are not zero-filled first. The readers read
 * the file into it and hand on only the bytes read (they cut the chunk to what was filled), so no
 * byte of the old memory is ever seen. `new Uint8Array(n)` zero-fills each chunk before the read
 * overwrites it: on the benchmark's 1 M-packet, 503 MB capture that memset was ≈ 1 % of the pass's
 * thread. A plain Uint8Array over the Buffer's own ArrayBuffer (allocUnsafeSlow: not the shared
 * pool), so the pass's code sees the one kind of array it always saw. */
export function unfilledChunk(n: number): Uint8Array<ArrayBuffer> {
  const b = Buffer.allocUnsafeSlow(n)
  // A Buffer's memory is never a SharedArrayBuffer.
  return new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, n)
}
