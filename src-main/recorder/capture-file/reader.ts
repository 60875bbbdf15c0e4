// Reads a whole pcap or pcapng file into packets (with pcapng comments) and TLS secrets, in file
// order, for converting between formats. The analyzer has its own streaming readers; this one is
// the converter's: small, exact about what it keeps, and tolerant of a cut-off last record (what a
// crash mid-write leaves): everything before the cut is returned, and the problem is reported.
import { readFileSync } from 'node:fs'
import { WiretrailError } from '../../shared/errors.ts'
import type { CaptureFormat, PacketRecord } from './types.ts'
import { BLOCK_DECRYPTION_SECRETS, BLOCK_ENHANCED_PACKET, BLOCK_INTERFACE_DESCRIPTION, BLOCK_SECTION_HEADER, BYTE_ORDER_MAGIC, SECRETS_TLS_KEY_LOG } from './pcapng-writer.ts'

const BLOCK_SIMPLE_PACKET = 0x00000003
const BLOCK_OBSOLETE_PACKET = 0x00000002

export type CaptureEntry = { kind: 'packet'; packet: PacketRecord } | { kind: 'secrets'; lines: string[] }

export interface CaptureContents {
  format: CaptureFormat
  linkType: number
  snapLength: number
  entries: CaptureEntry[]
  /** Problems found (a truncated last record): entries before them are complete. */
  problems: { code: string; message: string; offset: number }[]
}

export function readCaptureFile(path: string): CaptureContents {
  const bytes = readFileSync(path)
  if (bytes.length < 4) throw new WiretrailError('CAPTURE_NOT_RECOGNISED', `${path} is ${bytes.length} bytes long, too short for a capture file header`)
  if (bytes.readUInt32LE(0) === BLOCK_SECTION_HEADER) return readPcapng(bytes, path)
  return readPcap(bytes, path)
}

function readPcap(bytes: Buffer, path: string): CaptureContents {
  const magicLe = bytes.readUInt32LE(0)
  const magicBe = bytes.readUInt32BE(0)
  // All four magics: microsecond/nanosecond timestamps, either byte order (as pcapgo accepts).
  const kinds: Record<number, number> = { 0xa1b2c3d4: 1e3, 0xa1b23c4d: 1e6 }
  const littleEndian = magicLe in kinds
  const magic = littleEndian ? magicLe : magicBe
  const unitsPerMs = kinds[magic]
  if (unitsPerMs === undefined) {
    throw new WiretrailError('CAPTURE_NOT_RECOGNISED', `${path} starts with ${bytes.subarray(0, 4).toString('hex')}, which is neither a pcap nor a pcapng magic number`)
  }
  if (bytes.length < 24) throw new WiretrailError('CAPTURE_TRUNCATED', `${path}: the pcap header is cut short (${bytes.length} of 24 bytes)`)
  const u32 = (offset: number): number => (littleEndian ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset))
  const contents: CaptureContents = { format: 'pcap', snapLength: u32(16), linkType: u32(20) & 0x0fffffff, entries: [], problems: [] }
  let offset = 24
  while (offset < bytes.length) {
    if (offset + 16 > bytes.length) {
      contents.problems.push({ code: 'CAPTURE_TRUNCATED', message: `the record header at byte ${offset} is cut short`, offset })
      break
    }
    const captured = u32(offset + 8)
    if (offset + 16 + captured > bytes.length) {
      contents.problems.push({ code: 'CAPTURE_TRUNCATED', message: `the record at byte ${offset} claims ${captured} bytes, but only ${bytes.length - offset - 16} remain`, offset })
      break
    }
    const timestampMs = u32(offset) * 1000 + u32(offset + 4) / unitsPerMs
    const data = bytes.subarray(offset + 16, offset + 16 + captured)
    contents.entries.push({ kind: 'packet', packet: { timestampMs, data, originalLength: u32(offset + 12) } })
    offset += 16 + captured
  }
  return contents
}

function readPcapng(bytes: Buffer, path: string): CaptureContents {
  const contents: CaptureContents = { format: 'pcapng', snapLength: 0, linkType: -1, entries: [], problems: [] }
  let littleEndian = true
  let interfaces: { linkType: number; unitsPerSecond: number }[] = []
  let offset = 0
  const u32 = (at: number): number => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at))
  const u16 = (at: number): number => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at))
  while (offset + 12 <= bytes.length) {
    if (bytes.readUInt32LE(offset) === BLOCK_SECTION_HEADER) {
      const bom = bytes.readUInt32LE(offset + 8)
      littleEndian = bom === BYTE_ORDER_MAGIC
      if (!littleEndian && bytes.readUInt32BE(offset + 8) !== BYTE_ORDER_MAGIC) {
        throw new WiretrailError('CAPTURE_NOT_RECOGNISED', `${path}: the section header at byte ${offset} has byte-order magic ${bytes.subarray(offset + 8, offset + 12).toString('hex')}`)
      }
      interfaces = []
    }
    const type = u32(offset)
    const total = u32(offset + 4)
    if (total < 12 || total % 4 !== 0 || offset + total > bytes.length) {
      contents.problems.push({ code: 'CAPTURE_TRUNCATED', message: `the block at byte ${offset} claims ${total} bytes, but ${bytes.length - offset} remain`, offset })
      break
    }
    const body = offset + 8
    const end = offset + total - 4
    if (type === BLOCK_INTERFACE_DESCRIPTION) {
      const linkType = u16(body)
      let unitsPerSecond = 1e6
      for (const option of options(bytes, body + 8, end, u16)) {
        if (option.code === 9 && option.value.length >= 1) {
          const resolution = option.value[0] as number
          unitsPerSecond = resolution & 0x80 ? 2 ** (resolution & 0x7f) : 10 ** resolution
        }
      }
      interfaces.push({ linkType, unitsPerSecond })
      if (contents.linkType === -1) contents.linkType = linkType
      else if (contents.linkType !== linkType) contents.linkType = -2
      contents.snapLength = Math.max(contents.snapLength, u32(body + 4))
    } else if (type === BLOCK_ENHANCED_PACKET || type === BLOCK_OBSOLETE_PACKET) {
      const iface = interfaces[type === BLOCK_ENHANCED_PACKET ? u32(body) : u16(body)]
      const units = BigInt(u32(body + 4)) * 2n ** 32n + BigInt(u32(body + 8))
      const captured = u32(body + 12)
      const data = bytes.subarray(body + 20, body + 20 + captured)
      const comments = [...options(bytes, body + 20 + pad4(captured), end, u16)].filter((o) => o.code === 1).map((o) => o.value.toString('utf8'))
      const perSecond = iface?.unitsPerSecond ?? 1e6
      const timestampMs = Number(units) * (1000 / perSecond)
      contents.entries.push({ kind: 'packet', packet: { timestampMs, data, originalLength: u32(body + 16), ...(comments.length ? { comment: comments.join('\n') } : {}) } })
    } else if (type === BLOCK_SIMPLE_PACKET) {
      const original = u32(body)
      const data = bytes.subarray(body + 4, Math.min(end, body + 4 + original))
      contents.entries.push({ kind: 'packet', packet: { timestampMs: 0, data, originalLength: original } })
    } else if (type === BLOCK_DECRYPTION_SECRETS && u32(body) === SECRETS_TLS_KEY_LOG) {
      const length = u32(body + 4)
      const text = bytes.subarray(body + 8, body + 8 + length).toString('latin1')
      contents.entries.push({ kind: 'secrets', lines: text.split('\n').filter((l) => l.trim() !== '') })
    }
    offset += total
  }
  if (offset < bytes.length && contents.problems.length === 0) {
    contents.problems.push({ code: 'CAPTURE_TRUNCATED', message: `${bytes.length - offset} bytes at byte ${offset} are too short for a block`, offset })
  }
  return contents
}

function* options(bytes: Buffer, start: number, end: number, u16: (at: number) => number): Generator<{ code: number; value: Buffer }> {
  let at = start
  while (at + 4 <= end) {
    const code = u16(at)
    const length = u16(at + 2)
    if (code === 0) return
    yield { code, value: bytes.subarray(at + 4, Math.min(end, at + 4 + length)) }
    at += 4 + pad4(length)
  }
}

function pad4(n: number): number {
  return (n + 3) & ~3
}
