// The one place that turns bytes into a DNS message (RFC 1035 §4, EDNS0 RFC 6891): the lab's
// servers read queries with it, the resolver reads responses with it, the analyzer and the packet
// detail pane read every captured message with it.
//
// Hand-written rather than dns-packet's decoder, because the walkthrough's hex view needs the byte
// offset and length of every label, pointer, record and rdata field (`layout`), and because a
// hostile or cut-off message must be kept and shown with the problem marked where it is
// (`problems`), not thrown away on the first bad pointer. dns-packet stays as the encoder
// (message.ts), where it is the right tool.
//
// Names: compression pointers may only point to *prior* data (RFC 1035 §4.1.4), which makes loops
// impossible; a forward or self pointer is flagged and ends the name. At most 255 octets per name
// and 127 pointers. Every loop is bounded by the message's own length.
import type { DnsRecordView } from '../shared/resolver-events.ts'
import { u16, u32 } from '../decode/core.ts'
import { rdataText } from './rdata.ts'
import { dnsClassName, dnsRcodeName, dnsTypeName, EDNS_OPTIONS } from './types.ts'

/** Header field offsets (RFC 1035 §4.1.1), from the message's first byte. */
export const DNS_ID = 0
export const DNS_FLAGS = 2
export const DNS_QDCOUNT = 4
export const DNS_ANCOUNT = 6
export const DNS_NSCOUNT = 8
export const DNS_ARCOUNT = 10
export const DNS_HEADER_LENGTH = 12

/** Flag bits of the header's second word. */
export const FLAG = { QR: 0x8000, OPCODE: 0x7800, AA: 0x0400, TC: 0x0200, RD: 0x0100, RA: 0x0080, Z: 0x0040, AD: 0x0020, CD: 0x0010, RCODE: 0x000f } as const

const MAX_NAME_OCTETS = 255
const MAX_POINTERS = 127
const OPT = 41

export interface DnsQuestion {
  name: string
  type: string
  class: string
}

export interface DnsEdns {
  udpSize: number
  version: number
  dnssecOk: boolean
  /** The full rcode: the OPT record's upper 8 bits with the header's 4 (RFC 6891 §6.1.3). */
  extendedRcode: number
  /** Each option: its code, name, and bytes. */
  options: { code: number; name: string; length: number; data: Uint8Array }[]
}

/** Where a question sits: absolute offsets into the buffer given to the reader. */
export interface QuestionLayout {
  offset: number
  /** Just after its name as written (the type follows). */
  nameEnd: number
  end: number
  typeCode: number
  classCode: number
}

/** Where a resource record (or the OPT pseudo-record) sits. */
export interface RecordLayout {
  offset: number
  /** Just after the owner name as written: type (2), class (2), TTL (4), rdlength (2) follow. */
  nameEnd: number
  rdata: number
  rdlength: number
  end: number
  typeCode: number
  /** All 16 bits, as sent (mDNS puts its cache-flush flag in the top bit). */
  classCode: number
  ttl: number
  /** Index of its view in the section's records; null for the OPT record (it is `edns`). */
  view: number | null
  /** OPT only: its owner name (RFC 6891 says the root) and each option's offset. */
  owner?: string
  options?: { code: number; length: number; offset: number }[]
}

export interface DnsLayout {
  /** The message's first byte (the header). */
  start: number
  questions: QuestionLayout[]
  answers: RecordLayout[]
  authority: RecordLayout[]
  additional: RecordLayout[]
}

export interface DnsProblem {
  /** 'error': the message breaks a rule; 'warning': one record's data is bad, the rest reads;
   * 'note': the capture kept only part of the message (snap length), which is not the sender's fault. */
  severity: 'error' | 'warning' | 'note'
  message: string
  offset: number
  length: number
}

/** A DNS message as every part of Wiretrail sees it. Names are presentation form with the final
 * dot, case as sent; record data is presentation form (rdata.ts). */
export interface DnsMessage {
  id: number
  /** The header's second word as sent. */
  flags: number
  response: boolean
  opcode: number
  aa: boolean
  tc: boolean
  rd: boolean
  ra: boolean
  /** The header's 4-bit rcode, and its name. */
  rcode: number
  rcodeName: string
  counts: { qd: number; an: number; ns: number; ar: number }
  questions: DnsQuestion[]
  answers: DnsRecordView[]
  authority: DnsRecordView[]
  additional: DnsRecordView[]
  edns: DnsEdns | null
  /** OPT records seen (RFC 6891 §6.1.1 allows one) and the owner of the first. */
  opt: { count: number; owner: string } | null
  /** Bytes the message occupies (from its header to the end of the last record read). */
  length: number
  /** A problem stopped the reading before all counted records were read. */
  malformed: boolean
  layout: DnsLayout
  /** Every problem, where it is (absolute offsets). */
  problems: DnsProblem[]
}

export interface NameResult {
  name: string
  /** Offset just after the name where it was written (not where pointers led). */
  next: number
  error?: string
  errorAt?: number
}

/** A name's presentation bytes are written here and decoded once (a name is ≤ 255 octets; each
 * octet is at most 4 characters, "\DDD", plus the dots): no string per label or per character. */
const nameText = new Uint8Array(4 * MAX_NAME_OCTETS + 2)
const latin1 = new TextDecoder('latin1')

/** Reads a possibly compressed name at `o`; `m` is the message start (pointer base). Labels are
 * written as dig does: "." and "\" escaped, other bytes outside 0x21–0x7e as \DDD. */
export function readName(b: Uint8Array, o: number, m: number, end: number): NameResult {
  let n = 0 // characters written to nameText
  let pos = o
  let next = -1
  let length = 0
  let lowest = o // pointers must go strictly before every place this name has been read from
  for (let jumps = 0; jumps <= MAX_POINTERS; ) {
    if (pos >= end) return { name: finish(n), next: next < 0 ? end : next, error: 'name runs past the end of the message', errorAt: pos }
    const len = b[pos]!
    if (len === 0) {
      if (next < 0) next = pos + 1
      return { name: finish(n), next }
    }
    const kind = len & 0xc0
    if (kind === 0xc0) {
      if (pos + 1 >= end) return { name: finish(n), next: end, error: 'compression pointer cut short', errorAt: pos }
      const target = m + (((len & 0x3f) << 8) | b[pos + 1]!)
      if (next < 0) next = pos + 2
      if (target >= lowest) {
        return { name: finish(n), next, error: `compression pointer at byte ${pos - m} points ${target === pos ? 'to itself' : 'forward'} to byte ${target - m} (only prior data is allowed)`, errorAt: pos }
      }
      lowest = target
      pos = target
      jumps++
      continue
    }
    if (kind !== 0) return { name: finish(n), next: next < 0 ? pos + 1 : next, error: `label type 0x${kind.toString(16).padStart(2, '0')} is not supported`, errorAt: pos }
    if (pos + 1 + len > end) return { name: finish(n), next: next < 0 ? end : next, error: `label of ${len} bytes runs past the end of the message`, errorAt: pos }
    length += len + 1
    if (length > MAX_NAME_OCTETS) return { name: finish(n), next: next < 0 ? pos + 1 + len : next, error: 'name longer than 255 bytes', errorAt: pos }
    if (n > 0) nameText[n++] = 0x2e
    for (let i = 0; i < len; i++) {
      const c = b[pos + 1 + i]!
      if (c === 0x2e || c === 0x5c) {
        nameText[n++] = 0x5c
        nameText[n++] = c
      } else if (c > 0x20 && c < 0x7f) nameText[n++] = c
      else {
        nameText[n++] = 0x5c
        nameText[n++] = 0x30 + Math.floor(c / 100)
        nameText[n++] = 0x30 + (Math.floor(c / 10) % 10)
        nameText[n++] = 0x30 + (c % 10)
      }
    }
    pos += 1 + len
  }
  return { name: finish(n), next: next < 0 ? pos : next, error: 'too many compression pointers', errorAt: pos }
}

/** The name written so far (`n` characters of nameText) with its final dot; the root is ".". */
function finish(n: number): string {
  nameText[n] = 0x2e
  return latin1.decode(nameText.subarray(0, n + 1))
}

export interface ReadOptions {
  /** The capture kept fewer bytes than were sent (snap length): running out of bytes is a note,
   * not the sender's error. */
  cut?: boolean
}

/** Each record section: its key and how a problem names it. */
const SECTIONS = [
  ['answers', 'answers'],
  ['authority', 'authoritative nameservers'],
  ['additional', 'additional records'],
] as const

/**
 * Reads the DNS message whose header starts at `m`, up to `end`. Returns null only when not even
 * the 12-byte header is there (the problem is then the only thing to say: see `headerProblem`).
 * Never throws; never reads outside [m, end).
 */
export function readMessage(b: Uint8Array, m: number, end: number, options: ReadOptions = {}): DnsMessage | null {
  const cut = options.cut === true
  if (end - m < DNS_HEADER_LENGTH) return null
  const flags = u16(b, m + DNS_FLAGS)
  const rcode = flags & FLAG.RCODE
  const msg: DnsMessage = {
    id: u16(b, m + DNS_ID),
    flags,
    response: (flags & FLAG.QR) !== 0,
    opcode: (flags & FLAG.OPCODE) >> 11,
    aa: (flags & FLAG.AA) !== 0,
    tc: (flags & FLAG.TC) !== 0,
    rd: (flags & FLAG.RD) !== 0,
    ra: (flags & FLAG.RA) !== 0,
    rcode,
    rcodeName: dnsRcodeName(rcode),
    counts: { qd: u16(b, m + DNS_QDCOUNT), an: u16(b, m + DNS_ANCOUNT), ns: u16(b, m + DNS_NSCOUNT), ar: u16(b, m + DNS_ARCOUNT) },
    questions: [],
    answers: [],
    authority: [],
    additional: [],
    edns: null,
    opt: null,
    length: DNS_HEADER_LENGTH,
    malformed: false,
    layout: { start: m, questions: [], answers: [], authority: [], additional: [] },
    problems: [],
  }
  let o = m + DNS_HEADER_LENGTH
  for (let i = 0; i < msg.counts.qd; i++) {
    const start = o
    const n = readName(b, o, m, end)
    if (n.error) {
      if (ranOut(n.error)) short(msg, cut, end, `question ${i + 1}: ${n.error}`, start)
      else fail(msg, end, `question ${i + 1}: ${n.error}`, n.errorAt ?? o)
      break
    }
    if (n.next + 4 > end) {
      short(msg, cut, end, `question ${i + 1} (${n.name}) is cut short: type and class missing`, start)
      break
    }
    const typeCode = u16(b, n.next)
    const classCode = u16(b, n.next + 2)
    // mDNS sets the top bit of the class as "unicast response wanted"; it is masked for the name.
    msg.questions.push({ name: n.name, type: dnsTypeName(typeCode), class: dnsClassName(classCode & 0x7fff) })
    o = n.next + 4
    msg.layout.questions.push({ offset: start, nameEnd: n.next, end: o, typeCode, classCode })
  }

  for (const [key, what] of SECTIONS) {
    if (msg.malformed) break
    const count = key === 'answers' ? msg.counts.an : key === 'authority' ? msg.counts.ns : msg.counts.ar
    for (let i = 0; i < count; i++) {
      const start = o
      const n = readName(b, o, m, end)
      if (n.error) {
        if (ranOut(n.error)) short(msg, cut, end, `${what} record ${i + 1}: ${n.error}`, start)
        else fail(msg, end, `${what} record ${i + 1}: ${n.error}`, n.errorAt ?? o)
        break
      }
      if (n.next + 10 > end) {
        short(msg, cut, end, `${what} record ${i + 1} (${n.name}) is cut short: ${end - n.next} of 10 fixed bytes present`, start)
        break
      }
      const typeCode = u16(b, n.next)
      const classCode = u16(b, n.next + 2)
      const ttl = u32(b, n.next + 4)
      const rdlength = u16(b, n.next + 8)
      const rd = n.next + 10
      if (rd + rdlength > end) {
        const message = `${what} record ${i + 1} (${n.name} ${dnsTypeName(typeCode)}): rdata length ${rdlength} runs past the end of the message`
        if (cut) short(msg, cut, end, message, start)
        else fail(msg, end, message, n.next + 8)
        break
      }
      o = rd + rdlength
      const layout: RecordLayout = { offset: start, nameEnd: n.next, rdata: rd, rdlength, end: o, typeCode, classCode, ttl, view: null }
      msg.layout[key].push(layout)
      if (typeCode === OPT) {
        readOpt(b, m, layout, msg, n.name)
        continue
      }
      rdataProblems.length = 0
      const data = rdataText(typeCode, b, rd, rdlength, m, end, rdataProblems)
      const record: DnsRecordView = { name: n.name, type: dnsTypeName(typeCode), class: dnsClassName(classCode & 0x7fff), ttl, data }
      for (const p of rdataProblems) msg.problems.push({ severity: 'warning', message: `${record.name} ${record.type} rdata: ${p}`, offset: rd, length: rdlength })
      layout.view = msg[key].push(record) - 1
    }
  }
  msg.length = o - m
  return msg
}

/** The problems of one record's data (emptied for each record; read before the next). */
const rdataProblems: string[] = []

/** A problem that stops the reading at `at` (module functions, not closures: one message per frame). */
function fail(msg: DnsMessage, end: number, message: string, at: number): void {
  msg.malformed = true
  msg.problems.push({ severity: 'error', message, offset: at, length: Math.max(0, Math.min(end, at + 2) - at) })
}

/** The message ends inside the item that starts at `from`: the item's bytes that are there are marked. */
function short(msg: DnsMessage, cut: boolean, end: number, message: string, from: number): void {
  msg.malformed = true
  msg.problems.push({ severity: cut ? 'note' : 'error', message: cut ? `${message} (the capture kept only part of the message)` : message, offset: from, length: end - from })
}

function ranOut(e: string): boolean {
  return e.includes('past the end') || e.includes('cut short')
}

/** EDNS0 OPT pseudo-record: class = UDP payload size; TTL = extended rcode, version, DO bit. */
function readOpt(b: Uint8Array, m: number, layout: RecordLayout, msg: DnsMessage, owner: string): void {
  msg.opt = msg.opt === null ? { count: 1, owner } : { ...msg.opt, count: msg.opt.count + 1 }
  const options: DnsEdns['options'] = []
  layout.owner = owner
  layout.options = []
  for (let p = layout.rdata; p + 4 <= layout.end; ) {
    const code = u16(b, p)
    const length = u16(b, p + 2)
    const name = EDNS_OPTIONS[code] ?? `OPT${code}`
    if (p + 4 + length > layout.end) {
      msg.problems.push({ severity: 'warning', message: `EDNS option ${name} at byte ${p - m}: length ${length} runs past the OPT record`, offset: p + 2, length: 2 })
      break
    }
    options.push({ code, name, length, data: b.slice(p + 4, p + 4 + length) })
    layout.options.push({ code, length, offset: p })
    p += 4 + length
  }
  const ttl = layout.ttl
  // A second OPT record does not replace the first (RFC 6891 §6.1.1: the message is malformed).
  msg.edns ??= { udpSize: layout.classCode, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, extendedRcode: (ttl >>> 24) * 16 + msg.rcode, options }
}
