// Classic pcap (what tcpdump, pcap-parser and every Wireshark read): a 24-byte global header, then
// per packet a 16-byte record header and the bytes. Hand-written like gopacket's pcapgo writer
// (no maintained npm writer appends record by record to a file descriptor).
import { closeSync, openSync, writeSync } from 'node:fs'
import { DEFAULT_SNAP_LENGTH, type CaptureWriter, type CaptureWriterOptions, type PacketRecord } from './types.ts'

/** Microsecond timestamps, written in little-endian byte order (so the file starts d4 c3 b2 a1). */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4
const GLOBAL_HEADER = 24
const RECORD_HEADER = 16

export class PcapWriter implements CaptureWriter {
  readonly format = 'pcap' as const
  packets = 0
  bytes = 0
  private readonly fd: number
  private readonly snapLength: number
  private closed = false

  constructor(readonly path: string, options: CaptureWriterOptions) {
    this.snapLength = options.snapLength ?? DEFAULT_SNAP_LENGTH
    this.fd = openSync(path, 'w')
    const header = Buffer.alloc(GLOBAL_HEADER)
    header.writeUInt32LE(PCAP_MAGIC_MICROSECONDS, 0)
    header.writeUInt16LE(2, 4) // version major
    header.writeUInt16LE(4, 6) // version minor
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
    this.append(Buffer.concat(packets.map((p) => this.record(p))))
    this.packets += packets.length
  }

  private record(packet: PacketRecord): Buffer {
    const captured = packet.data.subarray(0, this.snapLength)
    const record = Buffer.alloc(RECORD_HEADER + captured.length)
    const { seconds, micros } = splitTimestamp(packet.timestampMs)
    record.writeUInt32LE(seconds, 0)
    record.writeUInt32LE(micros, 4)
    record.writeUInt32LE(captured.length, 8)
    record.writeUInt32LE(packet.originalLength ?? packet.data.length, 12)
    record.set(captured, RECORD_HEADER)
    return record
  }

  writeSecrets(): boolean {
    return false
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }

  private append(bytes: Uint8Array): void {
    if (this.closed) throw new Error(`capture ${this.path} is closed`)
    writeSync(this.fd, bytes)
    this.bytes += bytes.length
  }
}

export function splitTimestamp(timestampMs: number): { seconds: number; micros: number } {
  const totalMicros = Math.round(timestampMs * 1000)
  return { seconds: Math.floor(totalMicros / 1e6), micros: totalMicros % 1e6 }
}
