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
import { issueEnglish, placeNameFault, type CodedIssue, type DnsNameFault, type DnsProblemCode, type DnsSectionIndex, type DnsWhere } from '../shared/decode-issues.ts'
import type { DnsRecordView } from '../shared/resolver-events.ts'
import { u16, u32 } from '../decode/core.ts'
import { rdataText, type RdataFault } from './rdata.ts'
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

/** A problem's stable code and the parameters its words need (shared/decode-issues.ts). */
export type DnsCodedProblem = Extract<CodedIssue, { code: DnsProblemCode }>

export type DnsProblem = DnsCodedProblem & {
  /** 'error': the message breaks a rule; 'warning': one record's data is bad, the rest reads;
   * 'note': the capture kept only part of the message (snap length), which is not the sender's fault. */
  severity: 'error' | 'warning' | 'note'
  /** In English (the code's words). */
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
  /** Why the name could not be read whole (what was read is in `name`), and where. */
  error?: DnsNameFault
  errorAt?: number
}

/** A name's presentation bytes are written here and decoded once (a name is ≤ 255 octets; each
 * octet is at most 4 characters, "\DDD", plus the dots): no string per label or per character.
 * They are all ASCII, so latin1 reads them as they are, from the buffer itself (no view made). */
const nameText = Buffer.alloc(4 * MAX_NAME_OCTETS + 2)

/** Reads a possibly compressed name at `o`; `m` is the message start (pointer base). Labels are
 * written as dig does: "." and "\" escaped, other bytes outside 0x21–0x7e as \DDD. */
export function readName(b: Uint8Array, o: number, m: number, end: number): NameResult {
  return readNameInto(b, o, m, end, { name: '', next: 0, error: undefined, errorAt: undefined })
}

/** readName into `out` (the walk reuses one for every owner name: no object per record). */
function readNameInto(b: Uint8Array, o: number, m: number, end: number, out: NameResult): NameResult {
  // A name that is only a pointer to where a name of this message was read whole (an owner name
  // pointing at the question's, glue at its NS record's data) is that name, as the walk below
  // would read it again: after the pointer it reads on from there under the same rules, with one
  // pointer more, which the name read there leaves room for (walking.keep keeps only such names).
  const inWalk = walking.b === b && walking.m === m && walking.end === end
  if (inWalk && o + 1 < end && b[o]! >= 0xc0) {
    const target = m + (((b[o]! & 0x3f) << 8) | b[o + 1]!)
    if (target < o) {
      const name = walking.earlier(target)
      if (name !== null) return named(out, name, o + 2, undefined, undefined)
    }
  }
  const result = readNameAt(b, o, m, end, out)
  if (inWalk && result.error === undefined) walking.keep(o, result.name, lastJumps)
  return result
}

/** Pointers the last readNameAt followed. */
let lastJumps = 0

/** The names read whole in the message being walked (walkMessage), by where they start: a name
 * that is a pointer to one of them is that name, read once (readNameInto). A message's names
 * point at a few of its earlier names over and over (every record of a referral names the zone,
 * each glue record its server): on the benchmark's 1 M packets, 412 000 of the 696 000 names read.
 * At most WALK_NAMES are kept (a fixed size; later ones are read as before); only names read
 * with fewer than MAX_POINTERS pointers, so one more is still within the limit. */
const WALK_NAMES = 32
const walking = {
  /** The buffer, the message's start and end of the walk under way (null: none; readName outside
   * a walk keeps nothing). */
  b: null as Uint8Array | null,
  m: -1,
  end: -1,
  count: 0,
  at: new Int32Array(WALK_NAMES),
  names: new Array<string>(WALK_NAMES).fill(''),
  earlier(at: number): string | null {
    for (let k = 0; k < this.count; k++) if (this.at[k] === at) return this.names[k]!
    return null
  },
  keep(at: number, name: string, jumps: number): void {
    if (this.count === WALK_NAMES || jumps >= MAX_POINTERS) return
    this.at[this.count] = at
    this.names[this.count++] = name
  },
}

/** Reads the name at `o` label by label, following pointers. */
function readNameAt(b: Uint8Array, o: number, m: number, end: number, out: NameResult): NameResult {
  lastJumps = 0
  let n = 0 // characters written to nameText
  let pos = o
  let next = -1
  let length = 0
  let lowest = o // pointers must go strictly before every place this name has been read from
  for (let jumps = 0; jumps <= MAX_POINTERS; ) {
    if (pos >= end) return named(out, finish(n), next < 0 ? end : next, { code: 'DNS_NAME_PAST_END', params: {} }, pos)
    const len = b[pos]!
    if (len === 0) {
      if (next < 0) next = pos + 1
      return named(out, finish(n), next, undefined, undefined)
    }
    const kind = len & 0xc0
    if (kind === 0xc0) {
      if (pos + 1 >= end) return named(out, finish(n), end, { code: 'DNS_POINTER_CUT_SHORT', params: {} }, pos)
      const target = m + (((len & 0x3f) << 8) | b[pos + 1]!)
      if (next < 0) next = pos + 2
      if (target >= lowest) {
        return named(out, finish(n), next, { code: 'DNS_POINTER_NOT_PRIOR', params: { at: pos - m, target: target - m } }, pos)
      }
      lowest = target
      pos = target
      jumps++
      lastJumps = jumps
      continue
    }
    if (kind !== 0) return named(out, finish(n), next < 0 ? pos + 1 : next, { code: 'DNS_LABEL_TYPE_UNSUPPORTED', params: { labelType: kind } }, pos)
    if (pos + 1 + len > end) return named(out, finish(n), next < 0 ? end : next, { code: 'DNS_LABEL_PAST_END', params: { labelLength: len } }, pos)
    length += len + 1
    if (length > MAX_NAME_OCTETS) return named(out, finish(n), next < 0 ? pos + 1 + len : next, { code: 'DNS_NAME_TOO_LONG', params: {} }, pos)
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
  return named(out, finish(n), next < 0 ? pos : next, { code: 'DNS_TOO_MANY_POINTERS', params: {} }, pos)
}

/** Names decoded lately, by their presentation bytes. A capture's messages repeat a few thousand
 * names many times over (the zones asked about, their servers): a name seen again is the string
 * made the first time, not a new one, and the stores that intern it then find it by identity.
 * Direct-mapped (one name per slot, chosen by a hash of its bytes; a newcomer takes the slot), for
 * names of up to RECENT_NAME_MAX characters: a fixed size whatever the input. */
const RECENT_NAMES = 4096
const RECENT_NAME_MAX = 64
const recentBytes = new Uint8Array(RECENT_NAMES * RECENT_NAME_MAX)
/** Characters of each slot's name (0: empty; a name has at least its final dot). */
const recentLength = new Uint8Array(RECENT_NAMES)
const recentText: string[] = new Array<string>(RECENT_NAMES).fill('')

/** The name written so far (`n` characters of nameText) with its final dot; the root is ".". */
function finish(n: number): string {
  nameText[n] = 0x2e
  const length = n + 1
  if (length > RECENT_NAME_MAX) return nameText.toString('latin1', 0, length)
  // FNV-1a over the characters; the slot is its top bits.
  let h = 0x811c9dc5
  for (let i = 0; i < length; i++) h = Math.imul(h ^ nameText[i]!, 0x01000193)
  const slot = h >>> 20
  const at = slot * RECENT_NAME_MAX
  if (recentLength[slot] === length) {
    let i = 0
    while (i < length && recentBytes[at + i] === nameText[i]) i++
    if (i === length) return recentText[slot]!
  }
  const text = nameText.toString('latin1', 0, length)
  for (let i = 0; i < length; i++) recentBytes[at + i] = nameText[i]!
  recentLength[slot] = length
  recentText[slot] = text
  return text
}

function named(out: NameResult, name: string, next: number, error: DnsNameFault | undefined, errorAt: number | undefined): NameResult {
  out.name = name
  out.next = next
  out.error = error
  out.errorAt = errorAt
  return out
}

export interface ReadOptions {
  /** The capture kept fewer bytes than were sent (snap length): running out of bytes is a note,
   * not the sender's error. */
  cut?: boolean
}

/** Each record section's key, by its place in the message. */
const SECTIONS = ['answers', 'authority', 'additional'] as const

/** A record section by its place in the message: 0 answers, 1 authority, 2 additional. */
export type SectionIndex = DnsSectionIndex

/**
 * What one walk over a message hands on, item by item, in message order. The walk (walkMessage)
 * is the one reading of the wire — names, counts, bounds, problems —; a visitor only keeps what
 * its caller needs: readMessage keeps everything with byte offsets (the detail pane, the engine),
 * readLean (lean.ts) keeps what the analyzer's streaming pass stores, without an object per item.
 * Arguments are plain numbers and strings, so the walk itself allocates nothing per item.
 */
export interface MessageVisitor {
  /** A question read whole: where it starts, where its name as written ends, where it ends. */
  question(name: string, offset: number, nameEnd: number, end: number, typeCode: number, classCode: number): void
  /** A resource record (not OPT) read whole, with its data in presentation form (rdata.ts). */
  record(section: SectionIndex, name: string, offset: number, nameEnd: number, rdata: number, rdlength: number, end: number, typeCode: number, classCode: number, ttl: number, data: string): void
  /** An EDNS0 OPT pseudo-record (RFC 6891): its options follow as `option` calls. */
  opt(section: SectionIndex, owner: string, offset: number, nameEnd: number, rdata: number, rdlength: number, end: number, classCode: number, ttl: number): void
  /** One option of the OPT record just visited. */
  option(code: number, length: number, offset: number): void
  /** A problem, where it is (absolute offsets); `stops`: the reading ends here (the message is malformed). */
  problem(severity: DnsProblem['severity'], problem: DnsCodedProblem, offset: number, length: number, stops: boolean): void
}

/**
 * Walks the DNS message whose header starts at `m`, up to `end` (the header must be there: at least
 * 12 bytes), handing each question, record and problem to `visitor`. Returns the bytes the message
 * occupies (from its header to the end of the last item read). Never throws; never reads outside
 * [m, end).
 */
export function walkMessage(b: Uint8Array, m: number, end: number, cut: boolean, visitor: MessageVisitor): number {
  walking.b = b
  walking.m = m
  walking.end = end
  walking.count = 0
  try {
    return walkItems(b, m, end, cut, visitor)
  } finally {
    walking.b = null
    walking.m = -1
    walking.end = -1
    walking.count = 0
  }
}

function walkItems(b: Uint8Array, m: number, end: number, cut: boolean, visitor: MessageVisitor): number {
  const owner = ownerName
  const qd = u16(b, m + DNS_QDCOUNT)
  let o = m + DNS_HEADER_LENGTH
  for (let i = 0; i < qd; i++) {
    const start = o
    const n = readNameInto(b, o, m, end, owner)
    if (n.error) {
      nameFailed(visitor, cut, end, n, { part: 'question', index: i + 1 }, start, o)
      return o - m
    }
    if (n.next + 4 > end) {
      short(visitor, cut, end, { code: 'DNS_QUESTION_CUT_SHORT', params: { index: i + 1, name: n.name, cut } }, start)
      return o - m
    }
    o = n.next + 4
    visitor.question(n.name, start, n.next, o, u16(b, n.next), u16(b, n.next + 2))
  }

  for (let s = 0; s < 3; s++) {
    const section = s as SectionIndex
    const count = u16(b, m + (section === 0 ? DNS_ANCOUNT : section === 1 ? DNS_NSCOUNT : DNS_ARCOUNT))
    for (let i = 0; i < count; i++) {
      const start = o
      const n = readNameInto(b, o, m, end, owner)
      if (n.error) {
        nameFailed(visitor, cut, end, n, { part: 'record', section, index: i + 1 }, start, o)
        return o - m
      }
      if (n.next + 10 > end) {
        short(visitor, cut, end, { code: 'DNS_RECORD_CUT_SHORT', params: { section, index: i + 1, name: n.name, present: end - n.next, cut } }, start)
        return o - m
      }
      const typeCode = u16(b, n.next)
      const classCode = u16(b, n.next + 2)
      const ttl = u32(b, n.next + 4)
      const rdlength = u16(b, n.next + 8)
      const rd = n.next + 10
      if (rd + rdlength > end) {
        const problem: DnsCodedProblem = { code: 'DNS_RDATA_PAST_END', params: { section, index: i + 1, name: n.name, type: dnsTypeName(typeCode), rdlength, cut } }
        if (cut) short(visitor, cut, end, problem, start)
        else fail(visitor, end, problem, n.next + 8)
        return o - m
      }
      o = rd + rdlength
      if (typeCode === OPT) {
        visitor.opt(section, n.name, start, n.next, rd, rdlength, o, classCode, ttl)
        walkOptions(b, m, rd, o, visitor)
        continue
      }
      // Emptied only when it holds something (setting a length is a call into V8's runtime).
      if (rdataProblems.length !== 0) rdataProblems.length = 0
      const data = rdataText(typeCode, b, rd, rdlength, m, end, rdataProblems)
      for (const p of rdataProblems) visitor.problem('warning', rdataProblem(p, n.name, dnsTypeName(typeCode)), rd, rdlength, false)
      visitor.record(section, n.name, start, n.next, rd, rdlength, o, typeCode, classCode, ttl, data)
    }
  }
  return o - m
}

/** The owner name of the question or record being walked (read before the next one's; rdata's
 * names are read into objects of their own). */
const ownerName: NameResult = { name: '', next: 0, error: undefined, errorAt: undefined }

/** The problems of one record's data (emptied for each record; read before the next). */
const rdataProblems: RdataFault[] = []

/** A problem of a record's data placed in its record. */
function rdataProblem(p: RdataFault, owner: string, type: string): DnsCodedProblem {
  if (p.code === 'DNS_RDATA_FIELD_PAST_RECORD') return { code: p.code, params: { ...p.params, owner, type } }
  return placeNameFault(p, { part: 'rdata', owner, type }, false)
}

/** A problem that stops the reading at `at` (module functions, not closures: one message per frame). */
function fail(visitor: MessageVisitor, end: number, problem: DnsCodedProblem, at: number): void {
  visitor.problem('error', problem, at, Math.max(0, Math.min(end, at + 2) - at), true)
}

/** The message ends inside the item that starts at `from`: the item's bytes that are there are marked
 * (`problem` says whether the capture cut it: its `cut`). */
function short(visitor: MessageVisitor, cut: boolean, end: number, problem: DnsCodedProblem, from: number): void {
  visitor.problem(cut ? 'note' : 'error', problem, from, end - from, true)
}

/** The name of the item that starts at `start` could not be read (`n.error`): a name the message
 * ends inside is short (a note when the capture cut the message), any other fault fails there. */
function nameFailed(visitor: MessageVisitor, cut: boolean, end: number, n: NameResult, where: DnsWhere, start: number, o: number): void {
  const fault = n.error!
  const ranOut = fault.code === 'DNS_NAME_PAST_END' || fault.code === 'DNS_POINTER_CUT_SHORT' || fault.code === 'DNS_LABEL_PAST_END'
  if (ranOut) short(visitor, cut, end, placeNameFault(fault, where, cut), start)
  else fail(visitor, end, placeNameFault(fault, where, false), n.errorAt ?? o)
}

/** The options of an OPT record's data [rdata, end). */
function walkOptions(b: Uint8Array, m: number, rdata: number, end: number, visitor: MessageVisitor): void {
  for (let p = rdata; p + 4 <= end; ) {
    const code = u16(b, p)
    const length = u16(b, p + 2)
    if (p + 4 + length > end) {
      visitor.problem('warning', { code: 'DNS_EDNS_OPTION_PAST_OPT', params: { option: EDNS_OPTIONS[code] ?? `OPT${code}`, at: p - m, length } }, p + 2, 2, false)
      break
    }
    visitor.option(code, length, p)
    p += 4 + length
  }
}

/** The EDNS fields of an OPT record (RFC 6891 §6.1.3): class = UDP payload size; TTL = extended
 * rcode's upper 8 bits, version, DO bit. */
export function ednsExtendedRcode(ttl: number, headerRcode: number): number {
  return (ttl >>> 24) * 16 + headerRcode
}

/** Keeps everything: the DnsMessage with its layout (byte offsets of every item) and problems. */
class MessageBuilder implements MessageVisitor {
  private options: DnsEdns['options'] | null = null
  private optLayout: RecordLayout | null = null
  constructor(
    private readonly msg: DnsMessage,
    private readonly b: Uint8Array,
  ) {}

  question(name: string, offset: number, nameEnd: number, end: number, typeCode: number, classCode: number): void {
    // mDNS sets the top bit of the class as "unicast response wanted"; it is masked for the name.
    this.msg.questions.push({ name, type: dnsTypeName(typeCode), class: dnsClassName(classCode & 0x7fff) })
    this.msg.layout.questions.push({ offset, nameEnd, end, typeCode, classCode })
  }

  record(section: SectionIndex, name: string, offset: number, nameEnd: number, rdata: number, rdlength: number, end: number, typeCode: number, classCode: number, ttl: number, data: string): void {
    const key = SECTIONS[section]
    const layout: RecordLayout = { offset, nameEnd, rdata, rdlength, end, typeCode, classCode, ttl, view: null }
    this.msg.layout[key].push(layout)
    layout.view = this.msg[key].push({ name, type: dnsTypeName(typeCode), class: dnsClassName(classCode & 0x7fff), ttl, data }) - 1
  }

  opt(section: SectionIndex, owner: string, offset: number, nameEnd: number, rdata: number, rdlength: number, end: number, classCode: number, ttl: number): void {
    const msg = this.msg
    const layout: RecordLayout = { offset, nameEnd, rdata, rdlength, end, typeCode: OPT, classCode, ttl, view: null, owner, options: [] }
    msg.layout[SECTIONS[section]].push(layout)
    msg.opt = msg.opt === null ? { count: 1, owner } : { ...msg.opt, count: msg.opt.count + 1 }
    this.optLayout = layout
    this.options = []
    // A second OPT record does not replace the first (RFC 6891 §6.1.1: the message is malformed).
    msg.edns ??= { udpSize: classCode, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, extendedRcode: ednsExtendedRcode(ttl, msg.rcode), options: this.options }
  }

  option(code: number, length: number, offset: number): void {
    this.options!.push({ code, name: EDNS_OPTIONS[code] ?? `OPT${code}`, length, data: this.b.slice(offset + 4, offset + 4 + length) })
    this.optLayout!.options!.push({ code, length, offset })
  }

  problem(severity: DnsProblem['severity'], problem: DnsCodedProblem, offset: number, length: number, stops: boolean): void {
    if (stops) this.msg.malformed = true
    this.msg.problems.push({ severity, message: issueEnglish(problem.code, problem.params), offset, length, code: problem.code, params: problem.params } as DnsProblem)
  }
}

/**
 * Reads the DNS message whose header starts at `m`, up to `end`. Returns null only when not even
 * the 12-byte header is there (the problem is then the only thing to say: see `headerProblem`).
 * Never throws; never reads outside [m, end).
 */
export function readMessage(b: Uint8Array, m: number, end: number, options: ReadOptions = {}): DnsMessage | null {
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
  msg.length = walkMessage(b, m, end, options.cut === true, new MessageBuilder(msg, b))
  return msg
}
