// What the capture readers hand the analyzer: one callback per frame, in file order, with the
// frame's bytes as a view that is valid only during the callback (copy what you keep), plus the
// absolute file offset of those bytes so `detail(frame)` can read them again later. The frame
// object itself is valid only during the callback too: a reader fills the same object for every
// record (no object per packet), so keep its fields, not the object.
import type { FileProblem } from '../shared/walkthrough.ts'

export interface CaptureFrame {
  /** 0-based frame index (Wireshark's frame number − 1). */
  index: number
  data: Uint8Array
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
  /** A problem with this frame's record header (e.g. a timestamp fraction out of range), already normalised. */
  recordIssue?: string
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
  /** Called before each read of the file; the reader waits for a returned promise (a consumer whose
   * work goes on off its thread keeps its backlog bounded this way). */
  beforeRead?(): Promise<void> | void
}

export interface ReadResult {
  info: CaptureInfo
  frames: number
  problems: FileProblem[]
}

export interface ReadOptions {
  signal?: AbortSignal
  /** Read chunk size (bytes). */
  chunkSize?: number
}
