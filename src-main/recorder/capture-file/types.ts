// The small writer API other areas use (the app's Save As .pcap/.pcapng, the recorder itself):
// open a file, append packets as they happen, close. Each call goes out in one write(2), so a crash
// of the process loses at most the packets being written, and everything before them reads; a
// failed write (a full disk) is cut back to the last whole packet and raised as a coded error.
import type { AppendFile } from '../append-file.ts'

export type { CaptureFormat } from '../../capture/format.ts'
import type { CaptureFormat } from '../../capture/format.ts'

/** A packet that lays its own bytes out where the writer asks: the recorder's synthesized frames
 * are written straight into the writer's output buffer, with no buffer of their own and no second
 * copy (every frame of a recording passes through while the page loads). */
export interface PacketBytes {
  readonly length: number
  /** Writes the packet's `length` bytes at `out[offset]`. */
  writeTo(out: Uint8Array, offset: number): void
}

export interface PacketRecord {
  /** Epoch milliseconds with sub-millisecond fraction (microseconds are kept). */
  timestampMs: number
  data: Uint8Array | PacketBytes
  /** Length on the wire when `data` was cut at the snap length; default data.length. */
  originalLength?: number
  /** pcapng only: an opt_comment on the packet (the step it belongs to). */
  comment?: string
}

export interface CaptureWriterOptions {
  format: CaptureFormat
  /** LINKTYPE_* number; default 1 (Ethernet). */
  linkType?: number
  snapLength?: number
  /** pcapng: shb_userappl / if_description texts. */
  application?: string
  interfaceName?: string
  interfaceDescription?: string
  sectionComment?: string
}

export interface CaptureWriter {
  readonly path: string
  readonly format: CaptureFormat
  /** Packets written so far (the last one's frame number, counting from 1). */
  readonly packets: number
  /** Bytes written so far. */
  readonly bytes: number
  /** The file it appends to (where it is now, what stopped it). */
  readonly file: AppendFile
  writePacket(packet: PacketRecord): void
  /** Several packets in one write(2): they reach the file together or not at all. */
  writePackets(packets: PacketRecord[]): void
  /** pcapng: a Decryption Secrets Block holding NSS key-log lines, placed before the packets that
   * need them. pcap has no place for secrets: returns false (the journal keeps them). */
  writeSecrets(keyLogLines: string[]): boolean
  /** Until uncork(), what is written gathers in memory; uncork() appends it in one write(2), so a
   * batch (packets and the secrets among them) reaches the file whole or not at all. */
  cork(): void
  uncork(): void
  close(): void
}

export const DEFAULT_SNAP_LENGTH = 262144

/** A packet's bytes in a buffer of their own (a PacketBytes laid out into one). */
export function packetBytes(data: Uint8Array | PacketBytes): Uint8Array {
  if (data instanceof Uint8Array) return data
  const bytes = new Uint8Array(data.length)
  data.writeTo(bytes, 0)
  return bytes
}

/** Lays the first `captured` bytes of `data` out at `out[offset]` (all of them but past the snap length). */
export function layOutPacket(data: Uint8Array | PacketBytes, captured: number, out: Uint8Array, offset: number): void {
  if (captured === data.length && !(data instanceof Uint8Array)) data.writeTo(out, offset)
  else out.set(packetBytes(data).subarray(0, captured), offset)
}
