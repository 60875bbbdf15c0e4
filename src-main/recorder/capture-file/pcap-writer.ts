// Classic pcap (what tcpdump, pcap-parser and every Wireshark read): a 24-byte global header, then
// per packet a 16-byte record header and the bytes. Hand-written like gopacket's pcapgo writer
// (no maintained npm writer appends record by record to a file descriptor).
import { PCAP_GLOBAL_HEADER as GLOBAL_HEADER, PCAP_MAGIC_USEC, PCAP_RECORD_HEADER as RECORD_HEADER, PCAP_VERSION_MAJOR, PCAP_VERSION_MINOR } from '../../capture/format.ts'
import type { AppendFile } from '../append-file.ts'
import { BatchedFile } from './output-buffer.ts'
import { DEFAULT_SNAP_LENGTH, layOutPacket, type CaptureWriter, type CaptureWriterOptions, type PacketRecord } from './types.ts'

/** Microsecond timestamps, written in little-endian byte order (so the file starts d4 c3 b2 a1). */
export const PCAP_MAGIC_MICROSECONDS = PCAP_MAGIC_USEC

export class PcapWriter extends BatchedFile implements CaptureWriter {
  readonly format = 'pcap' as const
  packets = 0
  private readonly snapLength: number

  /** Creates `path` (truncating it), or takes `file`, already created, and writes the file header. */
  constructor(path: string, options: CaptureWriterOptions, file?: AppendFile) {
    super(path, file)
    this.snapLength = options.snapLength ?? DEFAULT_SNAP_LENGTH
    const header = Buffer.alloc(GLOBAL_HEADER)
    header.writeUInt32LE(PCAP_MAGIC_MICROSECONDS, 0)
    header.writeUInt16LE(PCAP_VERSION_MAJOR, 4)
    header.writeUInt16LE(PCAP_VERSION_MINOR, 6)
    header.writeInt32LE(0, 8) // thiszone: timestamps are UTC
    header.writeUInt32LE(0, 12) // sigfigs
    header.writeUInt32LE(this.snapLength, 16)
    header.writeUInt32LE(options.linkType ?? 1, 20)
    this.append(header)
  }

  writePacket(packet: PacketRecord): void {
    this.writePackets([packet])
  }

  writePackets(packets: PacketRecord[]): void {
    if (packets.length === 0) return
    let total = 0
    for (const packet of packets) total += RECORD_HEADER + Math.min(packet.data.length, this.snapLength)
    const out = this.reserve(total)
    let offset = this.length
    for (const packet of packets) {
      const captured = Math.min(packet.data.length, this.snapLength)
      const { seconds, micros } = splitTimestamp(packet.timestampMs)
      out.writeUInt32LE(seconds, offset)
      out.writeUInt32LE(micros, offset + 4)
      out.writeUInt32LE(captured, offset + 8)
      out.writeUInt32LE(packet.originalLength ?? packet.data.length, offset + 12)
      layOutPacket(packet.data, captured, out, offset + RECORD_HEADER)
      offset += RECORD_HEADER + captured
    }
    this.commit(total)
    this.packets += packets.length
  }

  writeSecrets(): boolean {
    return false
  }
}

export function splitTimestamp(timestampMs: number): { seconds: number; micros: number } {
  const totalMicros = Math.round(timestampMs * 1000)
  return { seconds: Math.floor(totalMicros / 1e6), micros: totalMicros % 1e6 }
}
