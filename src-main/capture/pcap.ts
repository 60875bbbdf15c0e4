// Classic pcap (libpcap format 2.4) through pcap-parser, the design card's reader, complemented
// where the corpus needs what it lacks (checked against pcap-parser 0.2.1's source):
//  - It knows only the microsecond magics. The nanosecond format (a1b23c4d, Kuznetzov/libpcap 1.5)
//    has the same record layout, so we hand it the microsecond magic of the same byte order and
//    read the fraction as nanoseconds ourselves.
//  - Its version check (`major != 2 && minor != 4`) lets 1.4 through: we check the header first.
//  - At end of file it silently drops a partial record, and a corrupt length makes it buffer (and
//    re-copy) the rest of the file. We track each record's byte offset, stop at a length that
//    cannot be right, and report a cut-short last record with its offset; every record before
//    the problem is kept.
import { open, stat } from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import { Transform } from 'node:stream'
import pcapParser, { type PcapPacket, type PcapPacketHeader } from 'pcap-parser'
import type { FileProblem } from '../shared/walkthrough.ts'
import { CaptureError } from './errors.ts'
import { PCAP_GLOBAL_HEADER, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PCAP_MAX_CAPLEN, PCAP_MAX_RECORD, PCAP_RECORD_HEADER, PCAP_VERSION_MAJOR } from './format.ts'
import type { CaptureSink, ReadOptions, ReadResult } from './types.ts'

export interface PcapHeader {
  littleEndian: boolean
  nanosecond: boolean
  major: number
  minor: number
  snaplen: number
  linkType: number
}

/** Reads the 24-byte global header (our own check, before pcap-parser sees the file). */
export function parsePcapHeader(h: Uint8Array, fileName: string): PcapHeader {
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  const be = dv.getUint32(0, false)
  const le = dv.getUint32(0, true)
  let littleEndian: boolean
  let nanosecond: boolean
  if (be === PCAP_MAGIC_USEC || be === PCAP_MAGIC_NSEC) {
    littleEndian = false
    nanosecond = be === PCAP_MAGIC_NSEC
  } else if (le === PCAP_MAGIC_USEC || le === PCAP_MAGIC_NSEC) {
    littleEndian = true
    nanosecond = le === PCAP_MAGIC_NSEC
  } else {
    throw new CaptureError('CAPTURE_UNKNOWN_FORMAT', `${fileName}: bytes 0–3 are ${be.toString(16).padStart(8, '0')}, not a pcap magic (a1b2c3d4, a1b23c4d in either byte order)`, { offset: 0 })
  }
  const major = dv.getUint16(4, littleEndian)
  const minor = dv.getUint16(6, littleEndian)
  if (major !== PCAP_VERSION_MAJOR) {
    throw new CaptureError('CAPTURE_UNSUPPORTED_VERSION', `${fileName}: pcap header at byte 4 says version ${major}.${minor}; only version 2.x can be read`, { offset: 4, major, minor })
  }
  return { littleEndian, nanosecond, major, minor, snaplen: dv.getUint32(16, littleEndian), linkType: dv.getUint32(20, littleEndian) & 0x0fffffff }
}

export async function readPcap(path: string, fileName: string, sink: CaptureSink, options: ReadOptions = {}): Promise<ReadResult> {
  const size = (await stat(path)).size
  const fh = await open(path, 'r')
  const head = new Uint8Array(PCAP_GLOBAL_HEADER)
  try {
    const { bytesRead } = await fh.read(head, 0, PCAP_GLOBAL_HEADER, 0)
    if (bytesRead < PCAP_GLOBAL_HEADER) throw new CaptureError('CAPTURE_TRUNCATED', `${fileName}: only ${bytesRead} bytes, a pcap file header needs 24`, { offset: bytesRead })
  } finally {
    await fh.close()
  }
  const header = parsePcapHeader(head, fileName)
  const problems: FileProblem[] = []
  const result: ReadResult = {
    info: { format: 'pcap', byteOrder: header.littleEndian ? 'little-endian' : 'big-endian', timestampResolution: header.nanosecond ? 'nsec' : 'usec', linkTypes: [header.linkType], snapLength: header.snaplen, sizeBytes: size, comments: [], names: new Map() },
    frames: 0,
    problems,
  }

  sink.onInterface?.(header.linkType, header.snaplen)

  return new Promise<ReadResult>((resolve, reject) => {
    const source = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 })
    let fed = 0 // file bytes passed on so far
    // pcap-parser accepts only the microsecond magics: give it that of the same byte order (the
    // magic's four bytes may arrive in more than one chunk).
    const usec = header.littleEndian ? [0xd4, 0xc3, 0xb2, 0xa1] : [0xa1, 0xb2, 0xc3, 0xd4]
    const feed = new Transform({
      transform(chunk: Buffer, _enc, done) {
        if (header.nanosecond && fed < 4) {
          chunk = Buffer.from(chunk)
          for (let i = 0; fed + i < 4 && i < chunk.length; i++) chunk[i] = usec[fed + i]!
        }
        fed += chunk.length
        done(null, chunk)
      },
    })
    const parser = pcapParser.parse(source.pipe(feed))
    let offset = PCAP_GLOBAL_HEADER // start of the record being read
    let stopped = false
    let settled = false
    let bytesSeen = 0
    let pendingHeader: PcapPacketHeader | null = null
    const fraction = header.nanosecond ? 1e9 : 1e6
    const scale = header.nanosecond ? 1 : 1000
    const limit = Math.min(PCAP_MAX_RECORD, Math.max(PCAP_MAX_CAPLEN, header.snaplen))

    const finish = (error?: Error) => {
      if (settled) return
      settled = true
      options.signal?.removeEventListener('abort', onAbort)
      source.destroy()
      if (error) reject(error)
      else resolve(result)
    }
    const stop = (problem: FileProblem) => {
      problems.push(problem)
      stopped = true
      finish()
    }
    const onAbort = () => {
      stopped = true
      finish(new CaptureError('CAPTURE_ABORTED', `reading ${fileName} was cancelled after ${result.frames} frames`))
    }
    options.signal?.addEventListener('abort', onAbort)
    if (options.signal?.aborted) return onAbort()

    source.on('data', (chunk) => {
      bytesSeen += chunk.length
      sink.onProgress?.(Math.min(bytesSeen, size), result.frames)
      const wait = sink.beforeRead?.()
      if (wait) {
        source.pause()
        void wait.then(() => source.resume())
      }
    })
    source.on('error', (e) => finish(new CaptureError('CAPTURE_READ_FAILED', `${fileName}: ${e.message}`)))
    parser.on('packetHeader', (h) => {
      if (stopped) return
      pendingHeader = h
      const n = result.frames + 1
      if (h.capturedLength > limit) {
        return stop({ code: 'CAPTURE_CORRUPT_RECORD', message: `record ${n} at byte ${offset} claims ${h.capturedLength} captured bytes, more than the limit ${limit} (snap length ${header.snaplen}); the file is corrupt from here on`, offset })
      }
      if (offset + PCAP_RECORD_HEADER + h.capturedLength > size) {
        return stop({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: record ${n} at byte ${offset} needs ${h.capturedLength} bytes of data but only ${size - offset - PCAP_RECORD_HEADER} remain`, offset })
      }
    })
    parser.on('packet', (p: PcapPacket) => {
      if (stopped) return
      const h = p.header
      const n = result.frames + 1
      let sec = h.timestampSeconds
      let frac = h.timestampMicroseconds
      let recordIssue: string | undefined
      if (frac >= fraction) {
        recordIssue = `time stamp fraction ${frac} ${header.nanosecond ? 'ns' : 'µs'} is not below one second; carried into the seconds`
        if (problems.filter((x) => x.code === 'CAPTURE_BAD_TIMESTAMP').length < 100) problems.push({ code: 'CAPTURE_BAD_TIMESTAMP', message: `record ${n} at byte ${offset}: ${recordIssue}`, offset: offset + 4 })
        sec += Math.floor(frac / fraction)
        frac %= fraction
      }
      const frame = {
        index: result.frames,
        // A plain Uint8Array view, not pcap-parser's Buffer: Buffer#slice() makes a view, and a
        // consumer's "copy" (held TCP segments, fragments) would then keep pcap-parser's whole read
        // chunk alive. Uint8Array#slice() copies, as the consumers expect.
        data: new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength),
        originalLength: h.originalLength,
        tsSec: sec,
        tsNsec: frac * scale,
        hasTimestamp: true,
        linkType: header.linkType,
        interfaceId: 0,
        dataOffset: offset + PCAP_RECORD_HEADER,
      } as Parameters<CaptureSink['onFrame']>[0]
      if (recordIssue) frame.recordIssue = recordIssue
      offset += PCAP_RECORD_HEADER + h.capturedLength
      result.frames++
      pendingHeader = null
      try {
        sink.onFrame(frame)
      } catch (e) {
        stopped = true
        finish(e as Error)
      }
    })
    parser.on('error', (e) => finish(new CaptureError('CAPTURE_READ_FAILED', `${fileName}: pcap-parser: ${e.message}`)))
    parser.on('end', () => {
      if (stopped) return
      if (offset < size) {
        const left = size - offset
        if (pendingHeader === null && left < PCAP_RECORD_HEADER) {
          problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: it ends ${left} bytes into the 16-byte header of record ${result.frames + 1} at byte ${offset}`, offset })
        } else if (!problems.some((x) => x.offset === offset)) {
          problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short in record ${result.frames + 1} at byte ${offset} (${left} bytes left)`, offset })
        }
      }
      sink.onProgress?.(size, result.frames)
      finish()
    })
  })
}
