// DNS messages (RFC 1035, EDNS0 RFC 6891, DNSSEC RRs RFC 4034/5155), every field with its offset.
// Hand-written rather than dns-packet because the hex view needs the byte offset and length of
// every label, pointer and rdata field, and a hostile message must be flagged and shown, not thrown
// away: dns-packet throws on the first bad pointer and keeps no offsets.
//
// Names: compression pointers may only point to *prior* data (RFC 1035 §4.1.4), which makes loops
// impossible; a forward or self pointer is flagged and ends the name. At most 255 bytes per name.
import type { DecodedField } from '../shared/walkthrough.ts'
import type { DnsRecordView } from '../shared/resolver-events.ts'
import { addLayer, bits, field, flag, generated, hex, hexBytes, ipv4, ipv6, issue, u16, u32, type DecodeContext } from './core.ts'
import { dnsClassName, dnsOpcodeName, dnsRcodeName, dnsTypeName } from './dns-names.ts'

const DNS_ID = 0
const DNS_FLAGS = 2
const DNS_QDCOUNT = 4
const DNS_ANCOUNT = 6
const DNS_NSCOUNT = 8
const DNS_ARCOUNT = 10
export const DNS_HEADER = 12

const F_RESPONSE = 0x8000
const F_OPCODE = 0x7800
const F_AA = 0x0400
const F_TC = 0x0200
const F_RD = 0x0100
const F_RA = 0x0080
const F_Z = 0x0040
const F_AD = 0x0020
const F_CD = 0x0010
const F_RCODE = 0x000f

const MAX_NAME = 255

export interface DnsQuestion {
  name: string
  type: string
  class: string
}

export interface DnsEdns {
  udpSize: number
  version: number
  dnssecOk: boolean
  extendedRcode: number
  options: { code: number; name: string; length: number }[]
}

export interface DnsMessage {
  id: number
  response: boolean
  opcode: number
  aa: boolean
  tc: boolean
  rd: boolean
  ra: boolean
  rcode: number
  rcodeName: string
  counts: { qd: number; an: number; ns: number; ar: number }
  questions: DnsQuestion[]
  answers: DnsRecordView[]
  authority: DnsRecordView[]
  additional: DnsRecordView[]
  edns: DnsEdns | null
  /** Bytes the message occupies (from its header to the end of the last record read). */
  length: number
  /** A problem stopped the decode before all counted records were read. */
  malformed: boolean
}

interface NameResult {
  name: string
  /** Offset just after the name where it was written (not where pointers led). */
  next: number
  error?: string
  errorAt?: number
}

/** Reads a possibly compressed name at `o`; `m` is the message start (pointer base). */
export function readName(b: Uint8Array, o: number, m: number, end: number): NameResult {
  const labels: string[] = []
  let pos = o
  let next = -1
  let length = 0
  let lowest = o // pointers must go strictly before every place this name has been read from
  for (let jumps = 0; jumps <= 127; ) {
    if (pos >= end) return { name: finish(labels), next: next < 0 ? end : next, error: 'name runs past the end of the message', errorAt: pos }
    const len = b[pos]!
    if (len === 0) {
      if (next < 0) next = pos + 1
      return { name: finish(labels), next }
    }
    const kind = len & 0xc0
    if (kind === 0xc0) {
      if (pos + 1 >= end) return { name: finish(labels), next: end, error: 'compression pointer cut short', errorAt: pos }
      const target = m + (((len & 0x3f) << 8) | b[pos + 1]!)
      if (next < 0) next = pos + 2
      if (target >= lowest) {
        return { name: finish(labels), next, error: `compression pointer at byte ${pos - m} points ${target === pos ? 'to itself' : 'forward'} to byte ${target - m} (only prior data is allowed)`, errorAt: pos }
      }
      lowest = target
      pos = target
      jumps++
      continue
    }
    if (kind !== 0) return { name: finish(labels), next: next < 0 ? pos + 1 : next, error: `label type ${hex(kind, 2)} is not supported`, errorAt: pos }
    if (pos + 1 + len > end) return { name: finish(labels), next: next < 0 ? end : next, error: `label of ${len} bytes runs past the end of the message`, errorAt: pos }
    length += len + 1
    if (length > MAX_NAME) return { name: finish(labels), next: next < 0 ? pos + 1 + len : next, error: 'name longer than 255 bytes', errorAt: pos }
    let label = ''
    for (let i = 0; i < len; i++) {
      const c = b[pos + 1 + i]!
      label += c === 0x2e || c === 0x5c ? `\\${String.fromCharCode(c)}` : c > 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`
    }
    labels.push(label)
    pos += 1 + len
  }
  return { name: finish(labels), next: next < 0 ? pos : next, error: 'too many compression pointers', errorAt: pos }
}

function finish(labels: string[]): string {
  return labels.length === 0 ? '.' : `${labels.join('.')}.`
}

function charString(b: Uint8Array, o: number, end: number): { text: string; next: number } {
  const len = b[o] ?? 0
  const stop = Math.min(end, o + 1 + len)
  let s = ''
  for (let i = o + 1; i < stop; i++) {
    const c = b[i]!
    s += c === 0x22 || c === 0x5c ? `\\${String.fromCharCode(c)}` : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\${String(c).padStart(3, '0')}`
  }
  return { text: `"${s}"`, next: o + 1 + len }
}

function base64(b: Uint8Array, o: number, n: number): string {
  let bin = ''
  for (let i = 0; i < n; i++) bin += String.fromCharCode(b[o + i]!)
  return btoa(bin)
}

const B32HEX = '0123456789ABCDEFGHIJKLMNOPQRSTUV'
function base32hex(b: Uint8Array, o: number, n: number): string {
  let out = ''
  let buffer = 0
  let bitsLeft = 0
  for (let i = 0; i < n; i++) {
    buffer = (buffer << 8) | b[o + i]!
    bitsLeft += 8
    while (bitsLeft >= 5) {
      out += B32HEX[(buffer >> (bitsLeft - 5)) & 31]
      bitsLeft -= 5
    }
  }
  if (bitsLeft > 0) out += B32HEX[(buffer << (5 - bitsLeft)) & 31]
  return out
}

function typeBitmap(b: Uint8Array, o: number, end: number): string {
  const types: string[] = []
  while (o + 2 <= end) {
    const win = b[o]!
    const len = b[o + 1]!
    for (let i = 0; i < len && o + 2 + i < end; i++) {
      const byte = b[o + 2 + i]!
      for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) types.push(dnsTypeName(win * 256 + i * 8 + bit))
    }
    o += 2 + len
  }
  return types.join(' ')
}

function dnsTime(t: number): string {
  const d = new Date(t * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

const EDNS_OPTIONS: Record<number, string> = { 3: 'NSID', 8: 'CSUBNET', 10: 'COOKIE', 11: 'TCP-KEEPALIVE', 12: 'PADDING', 15: 'EDE' }

/** Presentation format of rdata (RFC 1035 §5 master-file form; RFC 3597 `\# len hex` otherwise). */
function rdataText(type: number, b: Uint8Array, o: number, len: number, m: number, end: number, problems: string[]): string {
  const stop = o + len
  const name = (at: number) => {
    const r = readName(b, at, m, end)
    if (r.error) problems.push(r.error)
    return r
  }
  switch (type) {
    case 1:
      return len === 4 ? ipv4(b, o) : `\\# ${len} ${hexBytes(b, o, len)}`
    case 28:
      return len === 16 ? ipv6(b, o) : `\\# ${len} ${hexBytes(b, o, len)}`
    case 2:
    case 5:
    case 12:
    case 39:
      return name(o).name
    case 15:
      return len >= 3 ? `${u16(b, o)} ${name(o + 2).name}` : ''
    case 16:
    case 99: {
      const parts: string[] = []
      for (let p = o; p < stop; ) {
        const s = charString(b, p, stop)
        parts.push(s.text)
        p = s.next
      }
      return parts.join(' ')
    }
    case 13: {
      const cpu = charString(b, o, stop)
      return `${cpu.text} ${charString(b, cpu.next, stop).text}`
    }
    case 6: {
      const mn = name(o)
      const rn = name(mn.next)
      const p = rn.next
      if (p + 20 > stop) return `${mn.name} ${rn.name}`
      return `${mn.name} ${rn.name} ${u32(b, p)} ${u32(b, p + 4)} ${u32(b, p + 8)} ${u32(b, p + 12)} ${u32(b, p + 16)}`
    }
    case 33:
      return len >= 7 ? `${u16(b, o)} ${u16(b, o + 2)} ${u16(b, o + 4)} ${name(o + 6).name}` : ''
    case 43:
    case 59:
      return len >= 4 ? `${u16(b, o)} ${b[o + 2]} ${b[o + 3]} ${hexBytes(b, o + 4, len - 4).toUpperCase()}` : ''
    case 48:
    case 60:
    case 25:
      return len >= 4 ? `${u16(b, o)} ${b[o + 2]} ${b[o + 3]} ${base64(b, o + 4, len - 4)}` : ''
    case 46:
    case 24: {
      if (len < 18) return ''
      const signer = name(o + 18)
      return `${dnsTypeName(u16(b, o))} ${b[o + 2]} ${b[o + 3]} ${u32(b, o + 4)} ${dnsTime(u32(b, o + 8))} ${dnsTime(u32(b, o + 12))} ${u16(b, o + 16)} ${signer.name} ${base64(b, signer.next, Math.max(0, stop - signer.next))}`
    }
    case 47: {
      const nx = name(o)
      return `${nx.name} ${typeBitmap(b, nx.next, stop)}`
    }
    case 50: {
      if (len < 5) return ''
      const saltLen = b[o + 4]!
      const hashAt = o + 5 + saltLen
      const hashLen = b[hashAt] ?? 0
      return `${b[o]} ${b[o + 1]} ${u16(b, o + 2)} ${saltLen ? hexBytes(b, o + 5, saltLen).toUpperCase() : '-'} ${base32hex(b, hashAt + 1, hashLen)} ${typeBitmap(b, hashAt + 1 + hashLen, stop)}`
    }
    case 51:
      return len >= 5 ? `${b[o]} ${b[o + 1]} ${u16(b, o + 2)} ${b[o + 4] ? hexBytes(b, o + 5, b[o + 4]!).toUpperCase() : '-'}` : ''
    case 257: {
      if (len < 2) return ''
      const tagLen = b[o + 1]!
      const tag = String.fromCharCode(...b.subarray(o + 2, o + 2 + tagLen))
      const value = String.fromCharCode(...b.subarray(o + 2 + tagLen, stop))
      return `${b[o]} ${tag} "${value}"`
    }
    default:
      return `\\# ${len}${len ? ` ${hexBytes(b, o, len)}` : ''}`
  }
}

/** Decodes one DNS message at `m` (its header) up to `end`. `cut`: the capture kept fewer bytes than
 * were sent (snap length), so running out of bytes is noted, not called an error. */
export function decodeDns(ctx: DecodeContext, b: Uint8Array, m: number, end: number, title = 'Domain Name System', cut = false): DnsMessage | null {
  const avail = end - m
  if (avail < DNS_HEADER) {
    issue(ctx, 'DNS', cut ? 'note' : 'error', `DNS header needs 12 bytes, only ${avail} present`, m, avail)
    return null
  }
  const flags = u16(b, m + DNS_FLAGS)
  const msg: DnsMessage = {
    id: u16(b, m + DNS_ID),
    response: (flags & F_RESPONSE) !== 0,
    opcode: (flags & F_OPCODE) >> 11,
    aa: (flags & F_AA) !== 0,
    tc: (flags & F_TC) !== 0,
    rd: (flags & F_RD) !== 0,
    ra: (flags & F_RA) !== 0,
    rcode: flags & F_RCODE,
    rcodeName: dnsRcodeName(flags & F_RCODE),
    counts: { qd: u16(b, m + DNS_QDCOUNT), an: u16(b, m + DNS_ANCOUNT), ns: u16(b, m + DNS_NSCOUNT), ar: u16(b, m + DNS_ARCOUNT) },
    questions: [],
    answers: [],
    authority: [],
    additional: [],
    edns: null,
    length: DNS_HEADER,
    malformed: false,
  }
  const layer = addLayer(ctx, `${title} (${msg.response ? 'response' : 'query'})`, m, avail)
  if (layer) {
    const flagsField = field('dns.flags', 'Flags', m + DNS_FLAGS, 2, flags, `Flags: ${hex(flags, 4)} ${msg.response ? 'Standard query response' : 'Standard query'}, ${msg.rcodeName}`)
    flagsField.children = [
      flag('dns.flags.response', 'Response', m + DNS_FLAGS, 2, F_RESPONSE, flags),
      bits('dns.flags.opcode', 'Opcode', m + DNS_FLAGS, 2, F_OPCODE, flags, `${dnsOpcodeName(msg.opcode)} (${msg.opcode})`),
      ...(msg.response ? [flag('dns.flags.authoritative', 'Authoritative', m + DNS_FLAGS, 2, F_AA, flags)] : []),
      flag('dns.flags.truncated', 'Truncated', m + DNS_FLAGS, 2, F_TC, flags),
      flag('dns.flags.recdesired', 'Recursion desired', m + DNS_FLAGS, 2, F_RD, flags),
      ...(msg.response ? [flag('dns.flags.recavail', 'Recursion available', m + DNS_FLAGS, 2, F_RA, flags)] : []),
      flag('dns.flags.z', 'Z', m + DNS_FLAGS, 2, F_Z, flags),
      flag('dns.flags.authenticated', 'Answer authenticated', m + DNS_FLAGS, 2, F_AD, flags),
      flag('dns.flags.checkdisable', 'Non-authenticated data', m + DNS_FLAGS, 2, F_CD, flags),
      ...(msg.response ? [bits('dns.flags.rcode', 'Reply code', m + DNS_FLAGS, 2, F_RCODE, flags, `${msg.rcodeName} (${msg.rcode})`)] : []),
    ]
    layer.fields.push(
      field('dns.id', 'Transaction ID', m + DNS_ID, 2, msg.id, `Transaction ID: ${hex(msg.id, 4)}`),
      flagsField,
      field('dns.count.queries', 'Questions', m + DNS_QDCOUNT, 2, msg.counts.qd),
      field('dns.count.answers', 'Answer RRs', m + DNS_ANCOUNT, 2, msg.counts.an),
      field('dns.count.auth_rr', 'Authority RRs', m + DNS_NSCOUNT, 2, msg.counts.ns),
      field('dns.count.add_rr', 'Additional RRs', m + DNS_ARCOUNT, 2, msg.counts.ar),
    )
  }
  let o = m + DNS_HEADER
  const fail = (message: string, at: number) => {
    msg.malformed = true
    issue(ctx, 'DNS', 'error', message, at, Math.max(0, Math.min(end, at + 2) - at))
  }
  /** The message ends inside the item that starts at `from`: the item's bytes that are there are marked. */
  const short = (message: string, from: number) => {
    msg.malformed = true
    issue(ctx, 'DNS', cut ? 'note' : 'error', cut ? `${message} (the capture kept only part of the message)` : message, from, end - from)
  }
  const ranOut = (e: string) => e.includes('past the end') || e.includes('cut short')

  // Questions
  const qFields: DecodedField[] = []
  for (let i = 0; i < msg.counts.qd; i++) {
    const start = o
    const n = readName(b, o, m, end)
    if (n.error) {
      if (ranOut(n.error)) short(`question ${i + 1}: ${n.error}`, start)
      else fail(`question ${i + 1}: ${n.error}`, n.errorAt ?? o)
      break
    }
    if (n.next + 4 > end) {
      short(`question ${i + 1} (${n.name}) is cut short: type and class missing`, start)
      break
    }
    const type = u16(b, n.next)
    const cls = u16(b, n.next + 2)
    // mDNS sets the top bit of the class as "unicast response wanted"; mask it for the name.
    const q: DnsQuestion = { name: n.name, type: dnsTypeName(type), class: dnsClassName(cls & 0x7fff) }
    msg.questions.push(q)
    o = n.next + 4
    if (layer) {
      const qf = field('dns.qry', 'Query', start, o - start, q.name, `${q.name}: type ${q.type}, class ${q.class}`)
      qf.children = [field('dns.qry.name', 'Name', start, n.next - start, q.name), field('dns.qry.type', 'Type', n.next, 2, q.type, `Type: ${q.type} (${type})`), field('dns.qry.class', 'Class', n.next + 2, 2, q.class, `Class: ${q.class} (${hex(cls, 4)})`)]
      qFields.push(qf)
    }
  }
  if (layer && qFields.length) {
    const top = field('dns.queries', 'Queries', qFields[0]!.offset, o - qFields[0]!.offset, qFields.length, 'Queries')
    top.children = qFields
    layer.fields.push(top)
  }

  const sections: [keyof Pick<DnsMessage, 'answers' | 'authority' | 'additional'>, number, string][] = [
    ['answers', msg.counts.an, 'Answers'],
    ['authority', msg.counts.ns, 'Authoritative nameservers'],
    ['additional', msg.counts.ar, 'Additional records'],
  ]
  for (const [key, count, label] of sections) {
    if (msg.malformed) break
    const sFields: DecodedField[] = []
    const sStart = o
    for (let i = 0; i < count; i++) {
      const start = o
      const n = readName(b, o, m, end)
      if (n.error) {
        if (ranOut(n.error)) short(`${label.toLowerCase()} record ${i + 1}: ${n.error}`, start)
        else fail(`${label.toLowerCase()} record ${i + 1}: ${n.error}`, n.errorAt ?? o)
        break
      }
      if (n.next + 10 > end) {
        short(`${label.toLowerCase()} record ${i + 1} (${n.name}) is cut short: ${end - n.next} of 10 fixed bytes present`, start)
        break
      }
      const type = u16(b, n.next)
      const cls = u16(b, n.next + 2)
      const ttl = u32(b, n.next + 4)
      const rdlen = u16(b, n.next + 8)
      const rd = n.next + 10
      if (rd + rdlen > end) {
        if (cut) short(`${label.toLowerCase()} record ${i + 1} (${n.name} ${dnsTypeName(type)}): rdata length ${rdlen} runs past the end of the message`, start)
        else fail(`${label.toLowerCase()} record ${i + 1} (${n.name} ${dnsTypeName(type)}): rdata length ${rdlen} runs past the end of the message`, n.next + 8)
        break
      }
      o = rd + rdlen
      if (type === 41) {
        // EDNS0 OPT pseudo-record: class = UDP payload size; TTL = ext-rcode, version, DO bit.
        const options: DnsEdns['options'] = []
        const optFields: DecodedField[] = []
        for (let p = rd; p + 4 <= o; ) {
          const code = u16(b, p)
          const olen = u16(b, p + 2)
          const oname = EDNS_OPTIONS[code] ?? `OPT${code}`
          if (p + 4 + olen > o) {
            issue(ctx, 'DNS', 'warning', `EDNS option ${oname} at byte ${p - m}: length ${olen} runs past the OPT record`, p + 2, 2)
            break
          }
          options.push({ code, name: oname, length: olen })
          if (layer) {
            const of = field('dns.opt', 'Option', p, 4 + olen, oname, `Option: ${oname} (${code}), ${olen} bytes`)
            of.children = [field('dns.opt.code', 'Option Code', p, 2, code, `Option Code: ${oname} (${code})`), field('dns.opt.len', 'Option Length', p + 2, 2, olen)]
            if (olen) of.children.push(field('dns.opt.data', 'Option Data', p + 4, olen, hexBytes(b, p + 4, olen)))
            optFields.push(of)
          }
          p += 4 + olen
        }
        msg.edns = { udpSize: cls, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, extendedRcode: (ttl >>> 24) * 16 + msg.rcode, options }
        if (layer) {
          const of = field(`dns.${key === 'answers' ? 'answer' : key === 'authority' ? 'authority' : 'additional'}`, 'OPT', start, o - start, 'OPT', `${n.name === '.' ? '<Root>' : n.name}: type OPT, UDP payload size ${cls}, EDNS version ${msg.edns.version}${msg.edns.dnssecOk ? ', DO' : ''}`)
          const z = field('dns.resp.z', 'Z', n.next + 6, 2, ttl & 0xffff, `Z: ${hex(ttl & 0xffff, 4)}`)
          z.children = [flag('dns.resp.z.do', 'DO bit', n.next + 6, 2, 0x8000, ttl & 0xffff)]
          of.children = [
            field('dns.resp.name', 'Name', start, n.next - start, n.name),
            field('dns.resp.type', 'Type', n.next, 2, 'OPT', 'Type: OPT (41)'),
            field('dns.rr.udp_payload_size', 'UDP payload size', n.next + 2, 2, cls),
            field('dns.resp.ext_rcode', 'Higher bits in extended RCODE', n.next + 4, 1, ttl >>> 24),
            field('dns.resp.edns0_version', 'EDNS0 version', n.next + 5, 1, msg.edns.version),
            z,
            field('dns.resp.len', 'Data length', n.next + 8, 2, rdlen),
            ...optFields,
          ]
          if (msg.edns.extendedRcode > 15) of.children.push(generated('dns.resp.ext_rcode.full', 'Extended RCODE', n.next + 4, `${dnsRcodeName(msg.edns.extendedRcode)} (${msg.edns.extendedRcode})`))
          sFields.push(of)
        }
        continue
      }
      const problems: string[] = []
      const rec: DnsRecordView = { name: n.name, type: dnsTypeName(type), class: dnsClassName(cls & 0x7fff), ttl, data: rdataText(type, b, rd, rdlen, m, end, problems) }
      for (const p of problems) issue(ctx, 'DNS', 'warning', `${rec.name} ${rec.type} rdata: ${p}`, rd, rdlen)
      msg[key].push(rec)
      if (layer) {
        const rf = field(`dns.${key === 'answers' ? 'answer' : key === 'authority' ? 'authority' : 'additional'}`, rec.type, start, o - start, rec.data, `${rec.name}: type ${rec.type}, class ${rec.class}, ttl ${ttl}, ${rec.data}`)
        rf.children = [
          // Wireshark files an SRV record's owner (_service._proto.name) under dns.srv.name.
          field(type === 33 ? 'dns.srv.name' : 'dns.resp.name', 'Name', start, n.next - start, rec.name),
          field('dns.resp.type', 'Type', n.next, 2, rec.type, `Type: ${rec.type} (${type})`),
          field('dns.resp.class', 'Class', n.next + 2, 2, rec.class, `Class: ${rec.class} (${hex(cls, 4)})`),
          field('dns.resp.ttl', 'Time to live', n.next + 4, 4, ttl, `Time to live: ${ttl} (${Math.floor(ttl / 3600)}h${Math.floor((ttl % 3600) / 60)}m${ttl % 60}s)`),
          field('dns.resp.len', 'Data length', n.next + 8, 2, rdlen),
          field(type === 1 ? 'dns.a' : type === 28 ? 'dns.aaaa' : type === 5 ? 'dns.cname' : type === 2 ? 'dns.ns' : type === 12 ? 'dns.ptr.domain_name' : `dns.rdata`, 'Data', rd, rdlen, rec.data, `${type === 1 ? 'Address' : type === 28 ? 'AAAA Address' : type === 5 ? 'CNAME' : type === 2 ? 'Name Server' : 'Data'}: ${rec.data}`),
        ]
        sFields.push(rf)
      }
    }
    if (layer && sFields.length) {
      const top = field(`dns.${key}`, label, sStart, o - sStart, sFields.length, label)
      top.children = sFields
      layer.fields.push(top)
    }
  }
  msg.length = o - m
  if (!msg.malformed && o < end && layer) {
    layer.fields.push(field('dns.extraneous', 'Extraneous data', o, end - o, end - o, `Extraneous data after the counted records (${end - o} bytes)`))
  }
  if (layer) {
    layer.length = msg.length
    if (msg.response && msg.edns && msg.edns.extendedRcode > 15) layer.fields.push(generated('dns.rcode.full', 'Full response code', m + DNS_FLAGS, dnsRcodeName(msg.edns.extendedRcode)))
  }
  return msg
}

/** "Standard query 0x1a2b A www.example.com" — Wireshark's Info column for DNS. */
export function dnsInfo(msg: DnsMessage): string {
  const q = msg.questions[0]
  const question = q ? ` ${q.type} ${q.name === '.' ? '<Root>' : q.name.slice(0, -1)}` : ''
  if (!msg.response) return `Standard query ${hex(msg.id, 4)}${question}`
  const rcode = msg.rcode === 0 ? '' : ` ${msg.rcodeName}`
  const answers = msg.answers
    .slice(0, 4)
    .map((a) => ` ${a.type} ${a.data}`)
    .join('')
  return `Standard query response ${hex(msg.id, 4)}${rcode}${question}${answers}${msg.answers.length > 4 ? ' …' : ''}`
}

/** DNS over TCP (RFC 1035 §4.2.2 / RFC 7766): each message has a 2-byte length prefix, and one
 * segment may carry several messages. Used by the detail view; the analyzer frames the stream. */
export function decodeDnsOverTcp(ctx: DecodeContext, b: Uint8Array, off: number, end: number): DnsMessage[] {
  const out: DnsMessage[] = []
  let o = off
  while (o + 2 <= end) {
    const len = u16(b, o)
    if (ctx.detail) addLayer(ctx, 'DNS over TCP length', o, 2)?.fields.push(field('dns.length', 'Length', o, 2, len))
    if (o + 2 + len > end) {
      issue(ctx, 'DNS', 'note', `DNS message of ${len} bytes continues in later segments (${end - o - 2} bytes here)`, o, 2)
      break
    }
    const msg = decodeDns(ctx, b, o + 2, o + 2 + len)
    if (msg) out.push(msg)
    o += 2 + len
  }
  return out
}
