// pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): a Section Header Block,
// one Interface Description Block, then Enhanced Packet Blocks, each with an opt_comment naming the
// packet's step, and Decryption Secrets Blocks (TLS key log) placed before the first packet that
// needs them, so Wireshark shows the steps and decrypts HTTPS with no set-up.
// Hand-written: no maintained npm pcapng writer supports per-packet comments and DSBs.
import {
  BT_DSB as BLOCK_DECRYPTION_SECRETS,
  BT_EPB as BLOCK_ENHANCED_PACKET,
  BT_IDB as BLOCK_INTERFACE_DESCRIPTION,
  BT_SHB as BLOCK_SECTION_HEADER,
  BYTE_ORDER_MAGIC,
  EPB_FIXED,
  IF_DESCRIPTION,
  IF_NAME,
  IF_TSRESOL,
  OPT_COMMENT,
  OPT_ENDOFOPT as OPT_END,
  SECRETS_TLS_KEYLOG as SECRETS_TLS_KEY_LOG,
  SHB_OS,
  SHB_USERAPPL,
} from '../../capture/format.ts'
import { splitTimestamp } from './pcap-writer.ts'
import type { AppendFile } from '../append-file.ts'
import { BatchedFile } from './output-buffer.ts'
import { DEFAULT_SNAP_LENGTH, layOutPacket, type CaptureWriter, type CaptureWriterOptions, type PacketRecord } from './types.ts'

interface Option {
  code: number
  value: Uint8Array
}

export class PcapngWriter extends BatchedFile implements CaptureWriter {
  readonly format = 'pcapng' as const
  packets = 0
  private readonly snapLength: number

  /** Creates `path` (truncating it), or takes `file`, already created, and writes the file header. */
  constructor(path: string, options: CaptureWriterOptions, file?: AppendFile) {
    super(path, file)
    this.snapLength = options.snapLength ?? DEFAULT_SNAP_LENGTH
    this.cork()
    this.append(sectionHeaderBlock(options))
    this.append(interfaceDescriptionBlock(options, this.snapLength))
    this.uncork()
  }

  writePacket(packet: PacketRecord): void {
    this.writePackets([packet])
  }

  writePackets(packets: PacketRecord[]): void {
    if (packets.length === 0) return
    // Enhanced Packet Blocks laid out straight into one buffer (the same bytes block() makes).
    const commentLengths: number[] = []
    let total = 0
    for (const packet of packets) {
      const captured = Math.min(packet.data.length, this.snapLength)
      const comment = packet.comment ? Buffer.byteLength(packet.comment, 'utf8') : 0
      commentLengths.push(comment)
      total += EPB_FIXED + pad4(captured) + (comment > 0 ? 4 + pad4(comment) + 4 : 0)
    }
    const out = this.reserve(total)
    let o = this.length
    packets.forEach((packet, i) => {
      const captured = Math.min(packet.data.length, this.snapLength)
      const commentLength = commentLengths[i] as number
      const length = EPB_FIXED + pad4(captured) + (commentLength > 0 ? 4 + pad4(commentLength) + 4 : 0)
      // Timestamp: a 64-bit count of if_tsresol units (microseconds), split high/low.
      const { seconds, micros } = splitTimestamp(packet.timestampMs)
      const units = seconds * 1_000_000 + micros // < 2^53 until the year 2255
      out.writeUInt32LE(BLOCK_ENHANCED_PACKET, o)
      out.writeUInt32LE(length, o + 4)
      out.writeUInt32LE(0, o + 8) // interface id
      out.writeUInt32LE(Math.floor(units / 2 ** 32), o + 12)
      out.writeUInt32LE(units % 2 ** 32, o + 16)
      out.writeUInt32LE(captured, o + 20)
      out.writeUInt32LE(packet.originalLength ?? packet.data.length, o + 24)
      layOutPacket(packet.data, captured, out, o + 28)
      let p = o + 28 + captured
      const dataEnd = o + 28 + pad4(captured)
      out.fill(0, p, dataEnd)
      p = dataEnd
      if (commentLength > 0) {
        out.writeUInt16LE(OPT_COMMENT, p)
        out.writeUInt16LE(commentLength, p + 2)
        out.write(packet.comment as string, p + 4, commentLength, 'utf8')
        const end = p + 4 + pad4(commentLength)
        out.fill(0, p + 4 + commentLength, end + 4) // padding, then opt_endofopt
        p = end + 4
      }
      out.writeUInt32LE(length, p)
      o += length
    })
    this.commit(total)
    this.packets += packets.length
  }

  writeSecrets(keyLogLines: string[]): boolean {
    if (keyLogLines.length === 0) return true
    const secrets = Buffer.from(keyLogLines.map((l) => `${l}\n`).join(''), 'latin1')
    const fixed = Buffer.alloc(8)
    fixed.writeUInt32LE(SECRETS_TLS_KEY_LOG, 0)
    fixed.writeUInt32LE(secrets.length, 4)
    this.append(block(BLOCK_DECRYPTION_SECRETS, [fixed, padded(secrets)], []))
    return true
  }
}

function sectionHeaderBlock(options: CaptureWriterOptions): Buffer {
  const fixed = Buffer.alloc(16)
  fixed.writeUInt32LE(BYTE_ORDER_MAGIC, 0)
  fixed.writeUInt16LE(1, 4) // major version
  fixed.writeUInt16LE(0, 6) // minor version
  fixed.writeBigInt64LE(-1n, 8) // section length: not specified
  const opts: Option[] = [
    { code: SHB_OS, value: Buffer.from(`${process.platform} ${process.arch}`) },
    { code: SHB_USERAPPL, value: Buffer.from(options.application ?? 'Wiretrail') },
  ]
  if (options.sectionComment) opts.unshift({ code: OPT_COMMENT, value: Buffer.from(options.sectionComment, 'utf8') })
  return block(BLOCK_SECTION_HEADER, [fixed], opts)
}

function interfaceDescriptionBlock(options: CaptureWriterOptions, snapLength: number): Buffer {
  const fixed = Buffer.alloc(8)
  fixed.writeUInt16LE(options.linkType ?? 1, 0)
  fixed.writeUInt16LE(0, 2) // reserved
  fixed.writeUInt32LE(snapLength, 4)
  const opts: Option[] = [{ code: IF_TSRESOL, value: Uint8Array.of(6) }] // 10^-6 s
  if (options.interfaceName) opts.unshift({ code: IF_NAME, value: Buffer.from(options.interfaceName) })
  if (options.interfaceDescription) opts.push({ code: IF_DESCRIPTION, value: Buffer.from(options.interfaceDescription, 'utf8') })
  return block(BLOCK_INTERFACE_DESCRIPTION, [fixed], opts)
}

/** type, total length, body, options (each padded to 32 bits, then opt_endofopt), total length. */
function block(type: number, body: Uint8Array[], options: Option[]): Buffer {
  const optionParts: Uint8Array[] = []
  for (const option of options) {
    const head = Buffer.alloc(4)
    head.writeUInt16LE(option.code, 0)
    head.writeUInt16LE(option.value.length, 2)
    optionParts.push(head, padded(option.value))
  }
  if (options.length > 0) optionParts.push(Buffer.alloc(4, OPT_END))
  const inner = Buffer.concat([...body, ...optionParts])
  const total = inner.length + 12
  const out = Buffer.alloc(total)
  out.writeUInt32LE(type, 0)
  out.writeUInt32LE(total, 4)
  out.set(inner, 8)
  out.writeUInt32LE(total, total - 4)
  return out
}

function pad4(length: number): number {
  return (length + 3) & ~3
}

function padded(bytes: Uint8Array): Uint8Array {
  const pad = (4 - (bytes.length % 4)) % 4
  return pad === 0 ? bytes : Buffer.concat([bytes, Buffer.alloc(pad)])
}
