// pcapng (draft-ietf-opsawg-pcapng): SHB, IDB, EPB, SPB, the obsolete Packet Block, NRB, ISB,
// DSB (TLS key log → decryption) and custom blocks, in any number of sections of either byte
// order, interfaces with their own link type and time resolution (if_tsresol, if_tsoffset),
// packet comments. Hand-written: pcap-parser reads classic pcap only, and we need each block's
// offset for errors and for re-reading a frame's bytes. Streaming: the file is read in chunks (the
// next one read while this one is parsed: read-ahead.ts) and blocks are handed on as they complete,
// so memory stays at two chunks plus the largest block.
import type { FileProblem } from '../shared/walkthrough.ts'
import { CaptureError } from './errors.ts'
import {
  BT_CB,
  BT_DCB,
  BT_DSB,
  BT_EPB,
  BT_IDB,
  BT_NRB,
  BT_PB,
  BT_SHB,
  BT_SPB,
  BYTE_ORDER_MAGIC,
  IF_TSOFFSET,
  IF_TSRESOL,
  OPT_COMMENT,
  OPT_ENDOFOPT,
  PCAPNG_MAX_BLOCK as MAX_BLOCK,
  SECRETS_TLS_KEYLOG,
  JOURNAL_BLOCK_MAGIC,
  WIRETRAIL_PEN,
} from './format.ts'
import { ReadAhead, type CaptureFile } from './read-ahead.ts'
import { FrameRecord, type CaptureSink, type ReadOptions, type ReadResult } from './types.ts'

interface Interface {
  linkType: number
  snaplen: number
  /** Time stamp units per second (10^6 by default). */
  unitsPerSecond: number
  tsOffset: number
}

interface Option {
  code: number
  offset: number
  value: Uint8Array
}

/** [seconds, nanoseconds] of a 64-bit time stamp (hi:lo) counted in `unitsPerSecond` units.
 * Exact: a nanosecond count near 2^61 does not fit a double's 53 bits, so the division is done in
 * four 16-bit steps (each partial value stays below 2^53); the remainder becomes nanoseconds. */
export function splitTimestamp(hi: number, lo: number, unitsPerSecond: number, out: Float64Array | number[]): void {
  if (unitsPerSecond > 2 ** 36) {
    const units = (BigInt(hi) << 32n) | BigInt(lo)
    const u = BigInt(unitsPerSecond)
    out[0] = Number(units / u)
    out[1] = Number(((units % u) * 1_000_000_000n) / u)
    return
  }
  const u = unitsPerSecond
  let cur = hi >>> 16
  let q = Math.floor(cur / u)
  let r = cur - q * u
  cur = r * 65536 + (hi & 0xffff)
  let qd = Math.floor(cur / u)
  r = cur - qd * u
  q = q * 65536 + qd
  cur = r * 65536 + (lo >>> 16)
  qd = Math.floor(cur / u)
  r = cur - qd * u
  q = q * 65536 + qd
  cur = r * 65536 + (lo & 0xffff)
  qd = Math.floor(cur / u)
  r = cur - qd * u
  out[0] = q * 65536 + qd
  // 10^k ≤ 10^9 units divide a second evenly: exact. Otherwise (2^-k, finer than 1 ns) round down, as tshark shows it.
  out[1] = 1e9 % unitsPerSecond === 0 ? r * (1e9 / unitsPerSecond) : Number((BigInt(r) * 1_000_000_000n) / BigInt(unitsPerSecond))
}

/** Reads a pcapng from `file` (opened by readCapture, which closes it). */
export async function readPcapng(file: CaptureFile, size: number, fileName: string, sink: CaptureSink, options: ReadOptions = {}): Promise<ReadResult> {
  const problems: FileProblem[] = []
  const result: ReadResult = {
    info: { format: 'pcapng', byteOrder: 'little-endian', timestampResolution: 'usec', linkTypes: [], snapLength: 0, sizeBytes: size, comments: [], names: new Map() },
    frames: 0,
    problems,
  }
  const chunks = new ReadAhead(file, size, 0, fileName, sink, options, () => result.frames)
  try {
    const orders = new Set<boolean>()
    const resolutions = new Set<string>()
    // The window read-ahead.ts holds (file bytes [bufStart, bufStart + buf.length)), as locals.
    let buf = chunks.window
    let bufStart = chunks.windowStart
    let le = true
    let interfaces: Interface[] = []
    let sections = 0
    let lastSec = 0
    let lastNsec = 0
    const stamp = new Float64Array(2)
    // One frame object for every packet and custom block, filled anew (types.ts: the sink keeps
    // nothing of it).
    const frame = new FrameRecord()

    /** Whether buf holds file bytes [at, at + n) (most blocks: no await then). */
    const holds = (at: number, n: number): boolean => at + n <= bufStart + buf.length
    /** Makes buf hold file bytes [at, at + n); false at the end of the file. */
    const need = async (at: number, n: number): Promise<boolean> => {
      const held = await chunks.need(at, n)
      buf = chunks.window
      bufStart = chunks.windowStart
      return held
    }
    const u32 = (at: number, littleEndian = le) => {
      const o = at - bufStart
      return littleEndian ? (buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16)) + ((buf[o + 3]! << 24) >>> 0) : ((buf[o]! << 24) >>> 0) + ((buf[o + 1]! << 16) | (buf[o + 2]! << 8) | buf[o + 3]!)
    }
    const u16 = (at: number) => {
      const o = at - bufStart
      return le ? buf[o]! | (buf[o + 1]! << 8) : (buf[o]! << 8) | buf[o + 1]!
    }
    const bytes = (at: number, n: number) => buf.subarray(at - bufStart, at - bufStart + n)
    const readOptions = (from: number, to: number, blockName: string, blockAt: number): Option[] => {
      const out: Option[] = []
      let o = from
      while (o + 4 <= to) {
        const code = u16(o)
        const len = u16(o + 2)
        if (code === OPT_ENDOFOPT) break
        if (o + 4 + len > to) {
          problems.push({ code: 'CAPTURE_BAD_OPTION', message: `${blockName} at byte ${blockAt}: option ${code} at byte ${o} has length ${len}, which runs past the block (${to - o - 4} bytes left); its options are ignored`, offset: o })
          break
        }
        out.push({ code, offset: o + 4, value: bytes(o + 4, len) })
        o += 4 + ((len + 3) & ~3)
      }
      return out
    }
    const utf8 = new TextDecoder()

    let at = 0
    let first = true
    for (;;) {
      chunks.checkAborted()
      if (at >= size) break
      if (!holds(at, 12) && !(await need(at, 12))) {
        problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: ${size - at} bytes at byte ${at} are not a whole block header (12 bytes)`, offset: at })
        break
      }
      let type = u32(at)
      if (type === BT_SHB) {
        // The byte-order magic decides how this section (including this block's length) is read.
        const magicLe = u32(at + 8, true)
        if (magicLe === BYTE_ORDER_MAGIC) le = true
        else if (u32(at + 8, false) === BYTE_ORDER_MAGIC) le = false
        else {
          const err = `section header at byte ${at}: byte-order magic ${magicLe.toString(16)} is neither 1a2b3c4d nor 4d3c2b1a`
          if (first) throw new CaptureError('CAPTURE_UNKNOWN_FORMAT', `${fileName}: ${err}`, { offset: at + 8 })
          problems.push({ code: 'CAPTURE_CORRUPT_BLOCK', message: err, offset: at + 8 })
          break
        }
        type = BT_SHB
      } else if (first) {
        throw new CaptureError('CAPTURE_UNKNOWN_FORMAT', `${fileName}: a pcapng file must start with a section header block (0a0d0d0a), found ${type.toString(16).padStart(8, '0')}`, { offset: 0 })
      }
      const total = u32(at + 4)
      if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK) {
        const err = `block of type ${type.toString(16)} at byte ${at} has an impossible total length ${total} (must be ≥ 12, a multiple of 4, ≤ ${MAX_BLOCK})`
        if (first) throw new CaptureError('CAPTURE_CORRUPT_BLOCK', `${fileName}: ${err}`, { offset: at + 4 })
        problems.push({ code: 'CAPTURE_CORRUPT_BLOCK', message: `${err}; the rest of the file cannot be followed`, offset: at + 4 })
        break
      }
      if (!holds(at, total) && !(await need(at, total))) {
        problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: block of type ${type.toString(16)} at byte ${at} needs ${total} bytes, only ${size - at} remain`, offset: at })
        break
      }
      if (u32(at + total - 4) !== total) {
        const err = `block of type ${type.toString(16)} at byte ${at}: trailing length ${u32(at + total - 4)} differs from leading length ${total}`
        if (first) throw new CaptureError('CAPTURE_CORRUPT_BLOCK', `${fileName}: ${err}`, { offset: at + total - 4 })
        problems.push({ code: 'CAPTURE_CORRUPT_BLOCK', message: `${err}; the rest of the file cannot be followed`, offset: at + total - 4 })
        break
      }
      first = false
      const body = at + 8
      const end = at + total - 4
      switch (type) {
        case BT_SHB: {
          const major = u16(body + 4)
          if (major !== 1) {
            const err = `section header at byte ${at} says pcapng version ${major}.${u16(body + 6)}; only 1.x can be read`
            if (sections === 0) throw new CaptureError('CAPTURE_UNSUPPORTED_VERSION', `${fileName}: ${err}`, { offset: body + 4 })
            problems.push({ code: 'CAPTURE_UNSUPPORTED_VERSION', message: err, offset: body + 4 })
            at = size
            continue
          }
          sections++
          orders.add(le)
          interfaces = []
          for (const o of readOptions(body + 16, end, 'section header', at)) if (o.code === OPT_COMMENT) result.info.comments.push(utf8.decode(o.value))
          break
        }
        case BT_IDB: {
          const iface: Interface = { linkType: u16(body), snaplen: u32(body + 4), unitsPerSecond: 1e6, tsOffset: 0 }
          for (const o of readOptions(body + 8, end, 'interface description', at)) {
            if (o.code === IF_TSRESOL && o.value.length >= 1) {
              const v = o.value[0]!
              iface.unitsPerSecond = v & 0x80 ? 2 ** (v & 0x7f) : 10 ** (v & 0x7f)
            } else if (o.code === IF_TSOFFSET && o.value.length >= 8) {
              const dv = new DataView(o.value.buffer, o.value.byteOffset, 8)
              iface.tsOffset = Number(dv.getBigInt64(0, le))
            } else if (o.code === OPT_COMMENT) result.info.comments.push(utf8.decode(o.value))
          }
          interfaces.push(iface)
          result.info.snapLength = Math.max(result.info.snapLength, iface.snaplen)
          sink.onInterface?.(iface.linkType, iface.snaplen)
          if (!result.info.linkTypes.includes(iface.linkType)) result.info.linkTypes.push(iface.linkType)
          resolutions.add(iface.unitsPerSecond === 1e6 ? 'usec' : iface.unitsPerSecond === 1e9 ? 'nsec' : 'other')
          break
        }
        case BT_EPB:
        case BT_PB:
        case BT_SPB: {
          let ifId = 0
          let caplen: number
          let origlen: number
          let data: number
          let hasTs = true
          let hi = 0
          let lo = 0
          if (type === BT_SPB) {
            origlen = u32(body)
            data = body + 4
            const snap = interfaces[0]?.snaplen ?? 0
            caplen = Math.min(origlen, end - data, snap > 0 ? snap : Infinity)
            hasTs = false
          } else if (type === BT_EPB) {
            ifId = u32(body)
            hi = u32(body + 4)
            lo = u32(body + 8)
            caplen = u32(body + 12)
            origlen = u32(body + 16)
            data = body + 20
          } else {
            ifId = u16(body)
            hi = u32(body + 4)
            lo = u32(body + 8)
            caplen = u32(body + 12)
            origlen = u32(body + 16)
            data = body + 20
          }
          if (data + caplen > end) {
            problems.push({ code: 'CAPTURE_CORRUPT_BLOCK', message: `packet block at byte ${at}: captured length ${caplen} runs past the block end (${end - data} bytes); frame ${result.frames + 1} is cut to the block`, offset: type === BT_SPB ? body : body + 12 })
            caplen = Math.max(0, end - data)
          }
          const iface = interfaces[ifId]
          if (!iface) {
            problems.push({ code: 'CAPTURE_UNKNOWN_INTERFACE', message: `packet block at byte ${at} names interface ${ifId}, but this section describes only ${interfaces.length}; the packet is skipped`, offset: body })
            break
          }
          let sec = lastSec
          let nsec = lastNsec
          if (hasTs) {
            splitTimestamp(hi, lo, iface.unitsPerSecond, stamp)
            sec = stamp[0]! + iface.tsOffset
            nsec = stamp[1]!
            lastSec = sec
            lastNsec = nsec
          }
          frame.index = result.frames
          frame.buffer = buf
          frame.start = data - bufStart
          frame.capturedLength = caplen
          frame.originalLength = origlen
          frame.tsSec = sec
          frame.tsNsec = nsec
          frame.hasTimestamp = hasTs
          frame.linkType = iface.linkType
          frame.interfaceId = ifId
          frame.dataOffset = data
          frame.comment = undefined
          frame.custom = undefined
          const optionsAt = data + ((caplen + 3) & ~3)
          // Options only where the block has room for one (most packets have none: no arrays then).
          if (type !== BT_SPB && optionsAt + 4 <= end) {
            const comments = readOptions(optionsAt, end, 'packet block', at)
              .filter((o) => o.code === OPT_COMMENT)
              .map((o) => utf8.decode(o.value))
            if (comments.length) frame.comment = comments.join('\n')
          }
          result.frames++
          sink.onFrame(frame)
          break
        }
        case BT_NRB: {
          let o = body
          while (o + 4 <= end) {
            const rt = u16(o)
            const rl = u16(o + 2)
            if (rt === 0 || o + 4 + rl > end) break
            const v = bytes(o + 4, rl)
            const addrLen = rt === 1 ? 4 : rt === 2 ? 16 : 0
            if (addrLen && rl > addrLen) {
              const addr = rt === 1 ? Array.from(v.subarray(0, 4)).join('.') : Array.from({ length: 8 }, (_, i) => ((v[i * 2]! << 8) | v[i * 2 + 1]!).toString(16)).join(':')
              const names = utf8.decode(v.subarray(addrLen)).split('\0').filter(Boolean)
              result.info.names.set(addr, names)
            }
            o += 4 + ((rl + 3) & ~3)
          }
          break
        }
        case BT_DSB: {
          const kind = u32(body)
          const len = u32(body + 4)
          if (kind === SECRETS_TLS_KEYLOG && body + 8 + len <= end) sink.onSecrets?.('tls-keylog', utf8.decode(bytes(body + 8, len)))
          break
        }
        case BT_CB:
        case BT_DCB: {
          // tshark shows custom blocks as frames of their own (no time stamp, protocol "data"), so
          // we count them too: frame numbers then match Wireshark's. The data follows the 4-byte
          // Private Enterprise Number and runs to the block end (padding included, as tshark shows).
          const data = Math.min(body + 4, end)
          // A Wiretrail recording's journal (format.ts, JOURNAL_BLOCK_MAGIC) is the recording's
          // notes, not a packet: it goes to the analyzer and is no frame, so the frame count is
          // tcpdump's and a Save As .pcap keeps it. Its blocks come after the last packet, so every
          // frame's number is still Wireshark's (which lists them as frames after the packets).
          if (type === BT_DCB && body + 4 <= end && u32(body) === WIRETRAIL_PEN) {
            const part = journalPart(bytes(data, end - data))
            if (part !== null) {
              sink.onJournal?.(part.part, part.parts, part.bytes)
              break
            }
          }
          frame.index = result.frames
          frame.buffer = buf
          frame.start = data - bufStart
          frame.capturedLength = end - data
          frame.originalLength = end - data
          frame.tsSec = lastSec
          frame.tsNsec = lastNsec
          frame.hasTimestamp = false
          frame.linkType = -1
          frame.interfaceId = -1
          frame.dataOffset = data
          frame.comment = undefined
          frame.custom = true
          result.frames++
          sink.onFrame(frame)
          break
        }
        default:
          // ISB and unknown blocks: nothing for the walkthrough.
          break
      }
      at += total
    }
    result.info.byteOrder = orders.size > 1 ? 'mixed' : orders.has(false) ? 'big-endian' : 'little-endian'
    result.info.timestampResolution = resolutions.size > 1 ? 'mixed' : resolutions.has('nsec') ? 'nsec' : 'usec'
    sink.onProgress?.(size, result.frames)
    return result
  } finally {
    await chunks.settle()
  }
}

const JOURNAL_MAGIC_BYTES = new TextEncoder().encode(JOURNAL_BLOCK_MAGIC)

/** A journal block's part: "wiretrail-journal 1 <part>/<parts>\n" then the journal's bytes (the
 * block's zero padding dropped: JSON Lines hold no NUL). Null for anyone else's custom data. */
function journalPart(data: Uint8Array): { part: number; parts: number; bytes: Uint8Array } | null {
  if (data.length < JOURNAL_MAGIC_BYTES.length + 4 || !JOURNAL_MAGIC_BYTES.every((b, i) => data[i] === b)) return null
  const newline = data.indexOf(0x0a, JOURNAL_MAGIC_BYTES.length)
  if (newline < 0 || newline > JOURNAL_MAGIC_BYTES.length + 24) return null
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(new TextDecoder().decode(data.subarray(JOURNAL_MAGIC_BYTES.length, newline)))
  if (!m) return null
  const part = Number(m[1])
  const parts = Number(m[2])
  if (part < 1 || part > parts) return null
  let end = data.length
  while (end > newline + 1 && data[end - 1] === 0) end--
  return { part, parts, bytes: data.slice(newline + 1, end) }
}
