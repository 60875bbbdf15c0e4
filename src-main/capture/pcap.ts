// Classic pcap (libpcap format 2.4): a 24-byte global header, then records of a 16-byte header
// (seconds, fraction, captured and original length) and the captured bytes. All four magics:
// microsecond and nanosecond (a1b23c4d, Kuznetzov/libpcap 1.5), either byte order.
//
// Hand-written, not pcap-parser (the design card's reader, which the benchmark keeps as its floor):
// the analyzer needs each record's file offset (detail(frame) and the packet list re-read a
// frame's bytes from it), and a loop that hands on views of the read chunk without copying or
// making objects per record. Measured on the benchmark's 1 M-packet, 503 MB capture: pcap-parser's
// bare read (a Buffer, a header object and two events per record) takes 5× capinfos' time, half
// of the ≤ 2× budget issue 11 gives the whole analysis, and under the analysis its stream and
// per-record objects were ~10 % of the CPU time with the garbage they make. It also knows only the
// microsecond magics, lets version 1.4 through, drops a partial last record silently and buffers
// (re-copying) the rest of the file behind a corrupt length. Here: the header is checked first,
// a length that cannot be right stops the read with its offset, a cut-short last record is
// reported with its offset, and every record before a problem is kept.
import type { FileProblem } from '../shared/walkthrough.ts'
import { CaptureError } from './errors.ts'
import { PCAP_GLOBAL_HEADER, PCAP_RECORD_FRACTION, PCAP_MAGIC_NSEC, PCAP_MAGIC_USEC, PCAP_MAX_CAPLEN, PCAP_MAX_RECORD, PCAP_RECORD_HEADER, PCAP_VERSION_MAJOR } from './format.ts'
import { ReadAhead, readFailed, type CaptureFile } from './read-ahead.ts'
import { FrameRecord, type CaptureSink, type ReadOptions, type ReadResult } from './types.ts'

export interface PcapHeader {
  littleEndian: boolean
  nanosecond: boolean
  major: number
  minor: number
  snaplen: number
  linkType: number
}

/** Reads and checks the 24-byte global header. */
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

/** A record whose time stamp's fraction of a second is not below one second (microseconds ≥ 10⁶,
 * nanoseconds ≥ 10⁹ in a nanosecond file): the reader carries the whole seconds into the seconds
 * field, and the packet pane says what the header held (analyzer/detail.ts reads it again). */
export interface TimestampFractionProblem {
  /** The fraction field's value, in `unit`. */
  fraction: number
  unit: 'µs' | 'ns'
  /** One second in `unit`: the fraction must be below it. */
  bound: number
  /** The whole seconds carried into the seconds field. */
  carried: number
  /** The record header's place in the file (its fraction field is 4 bytes from there). */
  recordOffset: number
}

/** The record header at `recordOffset` says `fraction` for its time stamp's fraction: what is wrong
 * with it, or undefined when it is below one second. The one check the reader and the packet pane
 * make. */
export function timestampFractionProblem(fraction: number, nanosecond: boolean, recordOffset: number): TimestampFractionProblem | undefined {
  const bound = nanosecond ? 1e9 : 1e6
  if (fraction < bound) return undefined
  return { fraction, unit: nanosecond ? 'ns' : 'µs', bound, carried: Math.floor(fraction / bound), recordOffset }
}

/** A record header's time-stamp fraction (its second 4 bytes) in a file with `header`. */
export function recordFraction(record: Uint8Array, header: PcapHeader): number {
  return new DataView(record.buffer, record.byteOffset, record.byteLength).getUint32(PCAP_RECORD_FRACTION, header.littleEndian)
}

/** Reads a classic pcap from `file` (opened by readCapture, which closes it). */
export async function readPcap(file: CaptureFile, size: number, fileName: string, sink: CaptureSink, options: ReadOptions = {}): Promise<ReadResult> {
  const head = new Uint8Array(PCAP_GLOBAL_HEADER)
  const { bytesRead } = await file.read(head, 0, PCAP_GLOBAL_HEADER, 0).catch((e: Error) => {
    throw readFailed(fileName, 0, PCAP_GLOBAL_HEADER, e)
  })
  if (bytesRead < PCAP_GLOBAL_HEADER) throw new CaptureError('CAPTURE_TRUNCATED', `${fileName}: only ${bytesRead} bytes, a pcap file header needs 24`, { offset: bytesRead })
  const header = parsePcapHeader(head, fileName)
  const problems: FileProblem[] = []
  const result: ReadResult = {
    info: { format: 'pcap', byteOrder: header.littleEndian ? 'little-endian' : 'big-endian', timestampResolution: header.nanosecond ? 'nsec' : 'usec', linkTypes: [header.linkType], snapLength: header.snaplen, sizeBytes: size, comments: [], names: new Map() },
    frames: 0,
    problems,
  }
  sink.onInterface?.(header.linkType, header.snaplen)
  const chunks = new ReadAhead(file, size, PCAP_GLOBAL_HEADER, fileName, sink, options, () => result.frames)
  try {
    await readRecords(chunks, size, header, sink, result)
  } finally {
    await chunks.settle()
  }
  sink.onProgress?.(size, result.frames)
  return result
}

/** The records after the global header, each handed on as a view of the chunk it was read in
 * (read-ahead.ts: a chunk is never reused, a record cut by a chunk's end arrives whole). */
async function readRecords(chunks: ReadAhead, size: number, header: PcapHeader, sink: CaptureSink, result: ReadResult): Promise<void> {
  const problems = result.problems
  const le = header.littleEndian
  const fraction = header.nanosecond ? 1e9 : 1e6
  const scale = header.nanosecond ? 1 : 1000
  const limit = Math.min(PCAP_MAX_RECORD, Math.max(PCAP_MAX_CAPLEN, header.snaplen))
  let badTimestamps = 0
  // The window read-ahead.ts holds (file bytes [bufStart, bufStart + buf.length)), as locals: the
  // loop reads them for every record.
  let buf = chunks.window
  let view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  let bufStart = chunks.windowStart
  let offset = PCAP_GLOBAL_HEADER // start of the record being read
  // One frame object for every record, filled anew (types.ts: the sink keeps nothing of it).
  const frame = new FrameRecord()
  frame.linkType = header.linkType
  frame.interfaceId = 0

  /** Makes buf hold file bytes [offset, offset + n); false when the file ends first (it got
   * shorter since it was opened). */
  const fill = async (n: number): Promise<boolean> => {
    const held = await chunks.need(offset, n)
    buf = chunks.window
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    bufStart = chunks.windowStart
    return held
  }
  const shrank = (n: number) => problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: it ended inside record ${n} at byte ${offset}, before its ${size} bytes when opened (it got shorter while being read)`, offset })

  for (;;) {
    chunks.checkAborted()
    const left = size - offset
    if (left <= 0) return
    const n = result.frames + 1
    if (left < PCAP_RECORD_HEADER) {
      problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: it ends ${left} bytes into the 16-byte header of record ${n} at byte ${offset}`, offset })
      return
    }
    if (offset + PCAP_RECORD_HEADER > bufStart + buf.length && !(await fill(PCAP_RECORD_HEADER))) {
      shrank(n)
      return
    }
    let at = offset - bufStart
    const capLen = view.getUint32(at + 8, le)
    if (capLen > limit) {
      problems.push({ code: 'CAPTURE_CORRUPT_RECORD', message: `record ${n} at byte ${offset} claims ${capLen} captured bytes, more than the limit ${limit} (snap length ${header.snaplen}); the file is corrupt from here on`, offset })
      return
    }
    if (offset + PCAP_RECORD_HEADER + capLen > size) {
      problems.push({ code: 'CAPTURE_TRUNCATED', message: `the file is cut short: record ${n} at byte ${offset} needs ${capLen} bytes of data but only ${size - offset - PCAP_RECORD_HEADER} remain`, offset })
      return
    }
    if (offset + PCAP_RECORD_HEADER + capLen > bufStart + buf.length) {
      if (!(await fill(PCAP_RECORD_HEADER + capLen))) {
        shrank(n)
        return
      }
      at = offset - bufStart
    }
    let sec = view.getUint32(at, le)
    let frac = view.getUint32(at + PCAP_RECORD_FRACTION, le)
    const recordIssue = frac >= fraction ? timestampFractionProblem(frac, header.nanosecond, offset) : undefined
    if (recordIssue) {
      if (badTimestamps++ < 100) problems.push({ code: 'CAPTURE_BAD_TIMESTAMP', message: `record ${n} at byte ${offset}: time stamp fraction ${frac} ${recordIssue.unit} is not below one second; carried into the seconds`, offset: offset + 4 })
      sec += recordIssue.carried
      frac %= fraction
    }
    frame.index = result.frames
    frame.buffer = buf
    frame.start = at + PCAP_RECORD_HEADER
    frame.capturedLength = capLen
    frame.originalLength = view.getUint32(at + 12, le)
    frame.tsSec = sec
    frame.tsNsec = frac * scale
    frame.dataOffset = offset + PCAP_RECORD_HEADER
    frame.recordIssue = recordIssue
    offset += PCAP_RECORD_HEADER + capLen
    result.frames++
    sink.onFrame(frame)
  }
}
