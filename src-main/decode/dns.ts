// The DNS dissector: the field tree of a DNS message for the packet detail pane, each field with
// its offset and length, after Wireshark's packet-dns.c (same filter keys). The message itself is
// read by the one DNS reader (src-main/dns/wire.ts); this file only lays its layout out as fields
// and turns its problems into the frame's issues.
import type { DecodedField, DecodeIssue } from '../shared/walkthrough.ts'
import { readMessage, DNS_ANCOUNT, DNS_ARCOUNT, DNS_FLAGS, DNS_HEADER_LENGTH, DNS_ID, DNS_NSCOUNT, DNS_QDCOUNT, FLAG, type DnsMessage, type RecordLayout } from '../dns/wire.ts'
import { splitTcpMessages } from '../dns/tcp-framing.ts'
import { dnsOpcodeName, dnsRcodeName, dnsTypeName, EDNS_OPTIONS } from '../dns/types.ts'
import { addLayer, bits, field, flag, generated, hex, hexBytes, issue, type DecodeContext } from './core.ts'

export type { DnsEdns, DnsMessage, DnsQuestion } from '../dns/wire.ts'
export { readName } from '../dns/wire.ts'

export const DNS_HEADER = DNS_HEADER_LENGTH

const SECTIONS = [
  ['answers', 'Answers', 'answer'],
  ['authority', 'Authoritative nameservers', 'authority'],
  ['additional', 'Additional records', 'additional'],
] as const

/** Decodes one DNS message at `m` (its header) up to `end`. `cut`: the capture kept fewer bytes than
 * were sent (snap length), so running out of bytes is noted, not called an error. */
export function decodeDns(ctx: DecodeContext, b: Uint8Array, m: number, end: number, title = 'Domain Name System', cut = false): DnsMessage | null {
  const avail = end - m
  const msg = readMessage(b, m, end, { cut })
  if (msg === null) {
    issue(ctx, 'DNS', cut ? 'note' : 'error', 'DNS_HEADER_SHORT', { present: avail, cut }, m, avail)
    return null
  }
  for (const p of msg.problems) ctx.issues.push({ severity: p.severity, message: p.message, offset: p.offset, length: p.length, layer: 'DNS', code: p.code, params: p.params } as DecodeIssue)
  const layer = !ctx.detail ? null : addLayer(ctx, `${title} (${msg.response ? 'response' : 'query'})`, m, avail)
  if (layer === null) return msg

  const flags = msg.flags
  const flagsField = field('dns.flags', 'Flags', m + DNS_FLAGS, 2, flags, `Flags: ${hex(flags, 4)} ${msg.response ? 'Standard query response' : 'Standard query'}, ${msg.rcodeName}`)
  flagsField.children = [
    flag('dns.flags.response', 'Response', m + DNS_FLAGS, 2, FLAG.QR, flags),
    bits('dns.flags.opcode', 'Opcode', m + DNS_FLAGS, 2, FLAG.OPCODE, flags, `${dnsOpcodeName(msg.opcode)} (${msg.opcode})`),
    ...(msg.response ? [flag('dns.flags.authoritative', 'Authoritative', m + DNS_FLAGS, 2, FLAG.AA, flags)] : []),
    flag('dns.flags.truncated', 'Truncated', m + DNS_FLAGS, 2, FLAG.TC, flags),
    flag('dns.flags.recdesired', 'Recursion desired', m + DNS_FLAGS, 2, FLAG.RD, flags),
    ...(msg.response ? [flag('dns.flags.recavail', 'Recursion available', m + DNS_FLAGS, 2, FLAG.RA, flags)] : []),
    flag('dns.flags.z', 'Z', m + DNS_FLAGS, 2, FLAG.Z, flags),
    flag('dns.flags.authenticated', 'Answer authenticated', m + DNS_FLAGS, 2, FLAG.AD, flags),
    flag('dns.flags.checkdisable', 'Non-authenticated data', m + DNS_FLAGS, 2, FLAG.CD, flags),
    ...(msg.response ? [bits('dns.flags.rcode', 'Reply code', m + DNS_FLAGS, 2, FLAG.RCODE, flags, `${msg.rcodeName} (${msg.rcode})`)] : []),
  ]
  layer.fields.push(
    field('dns.id', 'Transaction ID', m + DNS_ID, 2, msg.id, `Transaction ID: ${hex(msg.id, 4)}`),
    flagsField,
    field('dns.count.queries', 'Questions', m + DNS_QDCOUNT, 2, msg.counts.qd),
    field('dns.count.answers', 'Answer RRs', m + DNS_ANCOUNT, 2, msg.counts.an),
    field('dns.count.auth_rr', 'Authority RRs', m + DNS_NSCOUNT, 2, msg.counts.ns),
    field('dns.count.add_rr', 'Additional RRs', m + DNS_ARCOUNT, 2, msg.counts.ar),
  )

  const qFields: DecodedField[] = msg.layout.questions.map((at, i) => {
    const q = msg.questions[i]!
    const qf = field('dns.qry', 'Query', at.offset, at.end - at.offset, q.name, `${q.name}: type ${q.type}, class ${q.class}`)
    qf.children = [
      field('dns.qry.name', 'Name', at.offset, at.nameEnd - at.offset, q.name),
      field('dns.qry.type', 'Type', at.nameEnd, 2, q.type, `Type: ${q.type} (${at.typeCode})`),
      field('dns.qry.class', 'Class', at.nameEnd + 2, 2, q.class, `Class: ${q.class} (${hex(at.classCode, 4)})`),
    ]
    return qf
  })
  if (qFields.length) {
    const first = qFields[0]!
    const last = msg.layout.questions[msg.layout.questions.length - 1]!
    const top = field('dns.queries', 'Queries', first.offset, last.end - first.offset, qFields.length, 'Queries')
    top.children = qFields
    layer.fields.push(top)
  }

  for (const [key, label, keyword] of SECTIONS) {
    const layouts = msg.layout[key]
    if (layouts.length === 0) continue
    const sFields = layouts.map((at) => (at.view === null ? optField(b, msg, at, keyword) : recordField(msg[key][at.view]!, at, keyword)))
    const top = field(`dns.${key}`, label, layouts[0]!.offset, layouts[layouts.length - 1]!.end - layouts[0]!.offset, sFields.length, label)
    top.children = sFields
    layer.fields.push(top)
  }

  const o = m + msg.length
  if (!msg.malformed && o < end) {
    layer.fields.push(field('dns.extraneous', 'Extraneous data', o, end - o, end - o, `Extraneous data after the counted records (${end - o} bytes)`))
  }
  layer.length = msg.length
  if (msg.response && msg.edns && msg.edns.extendedRcode > 15) layer.fields.push(generated('dns.rcode.full', 'Full response code', m + DNS_FLAGS, dnsRcodeName(msg.edns.extendedRcode)))
  return msg
}

function recordField(rec: DnsMessage['answers'][number], at: RecordLayout, keyword: string): DecodedField {
  const type = at.typeCode
  const ttl = at.ttl
  const rf = field(`dns.${keyword}`, rec.type, at.offset, at.end - at.offset, rec.data, `${rec.name}: type ${rec.type}, class ${rec.class}, ttl ${ttl}, ${rec.data}`)
  rf.children = [
    // Wireshark files an SRV record's owner (_service._proto.name) under dns.srv.name.
    field(type === 33 ? 'dns.srv.name' : 'dns.resp.name', 'Name', at.offset, at.nameEnd - at.offset, rec.name),
    field('dns.resp.type', 'Type', at.nameEnd, 2, rec.type, `Type: ${rec.type} (${type})`),
    field('dns.resp.class', 'Class', at.nameEnd + 2, 2, rec.class, `Class: ${rec.class} (${hex(at.classCode, 4)})`),
    field('dns.resp.ttl', 'Time to live', at.nameEnd + 4, 4, ttl, `Time to live: ${ttl} (${Math.floor(ttl / 3600)}h${Math.floor((ttl % 3600) / 60)}m${ttl % 60}s)`),
    field('dns.resp.len', 'Data length', at.nameEnd + 8, 2, at.rdlength),
    field(type === 1 ? 'dns.a' : type === 28 ? 'dns.aaaa' : type === 5 ? 'dns.cname' : type === 2 ? 'dns.ns' : type === 12 ? 'dns.ptr.domain_name' : `dns.rdata`, 'Data', at.rdata, at.rdlength, rec.data, `${type === 1 ? 'Address' : type === 28 ? 'AAAA Address' : type === 5 ? 'CNAME' : type === 2 ? 'Name Server' : 'Data'}: ${rec.data}`),
  ]
  return rf
}

/** The EDNS0 OPT pseudo-record: class = UDP payload size; TTL = ext-rcode, version, DO bit. */
function optField(b: Uint8Array, msg: DnsMessage, at: RecordLayout, keyword: string): DecodedField {
  const ttl = at.ttl
  const owner = at.owner ?? '.'
  const version = (ttl >>> 16) & 0xff
  const dnssecOk = (ttl & 0x8000) !== 0
  const of = field(`dns.${keyword}`, 'OPT', at.offset, at.end - at.offset, 'OPT', `${owner === '.' ? '<Root>' : owner}: type OPT, UDP payload size ${at.classCode}, EDNS version ${version}${dnssecOk ? ', DO' : ''}`)
  const z = field('dns.resp.z', 'Z', at.nameEnd + 6, 2, ttl & 0xffff, `Z: ${hex(ttl & 0xffff, 4)}`)
  z.children = [flag('dns.resp.z.do', 'DO bit', at.nameEnd + 6, 2, 0x8000, ttl & 0xffff)]
  const optFields = (at.options ?? []).map((o) => {
    const name = EDNS_OPTIONS[o.code] ?? `OPT${o.code}`
    const f = field('dns.opt', 'Option', o.offset, 4 + o.length, name, `Option: ${name} (${o.code}), ${o.length} bytes`)
    f.children = [field('dns.opt.code', 'Option Code', o.offset, 2, o.code, `Option Code: ${name} (${o.code})`), field('dns.opt.len', 'Option Length', o.offset + 2, 2, o.length)]
    if (o.length) f.children.push(field('dns.opt.data', 'Option Data', o.offset + 4, o.length, hexBytes(b, o.offset + 4, o.length)))
    return f
  })
  of.children = [
    field('dns.resp.name', 'Name', at.offset, at.nameEnd - at.offset, owner),
    field('dns.resp.type', 'Type', at.nameEnd, 2, 'OPT', 'Type: OPT (41)'),
    field('dns.rr.udp_payload_size', 'UDP payload size', at.nameEnd + 2, 2, at.classCode),
    field('dns.resp.ext_rcode', 'Higher bits in extended RCODE', at.nameEnd + 4, 1, ttl >>> 24),
    field('dns.resp.edns0_version', 'EDNS0 version', at.nameEnd + 5, 1, version),
    z,
    field('dns.resp.len', 'Data length', at.nameEnd + 8, 2, at.rdlength),
    ...optFields,
  ]
  const extended = (ttl >>> 24) * 16 + msg.rcode
  if (extended > 15) of.children.push(generated('dns.resp.ext_rcode.full', 'Extended RCODE', at.nameEnd + 4, `${dnsRcodeName(extended)} (${extended})`))
  return of
}

/** The Info column's words for opcodes and rcodes, as tshark writes them (its opcode_vals/rcode_vals). */
const INFO_OPCODES: Readonly<Record<number, string>> = { 0: 'Standard query', 1: 'Inverse query', 2: 'Server status request', 4: 'Zone change notification', 5: 'Dynamic update', 6: 'DNS Stateful operations (DSO)' }
const INFO_RCODES: Readonly<Record<number, string>> = {
  1: 'Format error', 2: 'Server failure', 3: 'No such name', 4: 'Not implemented', 5: 'Refused', 6: 'Name exists', 7: 'RRset exists',
  8: 'RRset does not exist', 9: 'Not authoritative', 10: 'Name out of zone', 11: 'DSO-Type not implemented',
}
/** Record types tshark names that the one type table (dns/types.ts) leaves as TYPEnnn; the rest it
 * calls "Unknown (nnn)". */
const INFO_EXTRA_TYPES: Readonly<Record<number, string>> = { 0: 'Unused', 3: 'MD', 4: 'MF', 7: 'MB', 8: 'MG', 9: 'MR', 10: 'NULL', 11: 'WKS', 14: 'MINFO', 19: 'X25', 20: 'ISDN', 21: 'RT', 22: 'NSAP', 23: 'NSAP-PTR', 26: 'PX', 27: 'GPOS', 30: 'NXT', 31: 'EID', 32: 'NIMLOC', 34: 'ATMA', 36: 'KX', 37: 'CERT', 38: 'A6', 40: 'SINK', 42: 'APL', 45: 'IPSECKEY', 49: 'DHCID', 53: 'SMIMEA', 55: 'HIP', 56: 'NINFO', 57: 'RKEY', 58: 'TALINK', 61: 'OPENPGPKEY', 62: 'CSYNC', 63: 'ZONEMD', 100: 'UINFO', 101: 'UID', 102: 'GID', 103: 'UNSPEC', 104: 'NID', 105: 'L32', 106: 'L64', 107: 'LP', 108: 'EUI48', 109: 'EUI64', 253: 'MAILB', 254: 'MAILA', 256: 'URI', 32768: 'TA', 32769: 'DLV' }

function infoType(code: number): string {
  const name = dnsTypeName(code)
  return name.startsWith('TYPE') ? (INFO_EXTRA_TYPES[code] ?? `Unknown (${code})`) : name
}

/** A name as tshark's Info writes it: no final dot, the root as <Root>. */
function infoName(name: string): string {
  return name === '.' || name === '' ? '<Root>' : name.endsWith('.') ? name.slice(0, -1) : name
}

/** What tshark's Info shows of a record's data after its type: the address (A, AAAA), the name (NS,
 * CNAME, PTR, DNAME and the old mailbox types), SOA's primary server, NSEC's next name, MX's preference and exchange,
 * SRV's priority, weight, port and target — nothing for the others (TXT, RRSIG, DNSKEY, OPT, …). */
function infoData(type: number, data: string): string {
  switch (type) {
    case 1:
    case 28:
      return ` ${data}`
    case 2:
    case 3:
    case 4:
    case 5:
    case 7:
    case 8:
    case 9:
    case 12:
    case 39:
      return ` ${infoName(data)}`
    case 6:
    case 47:
      return ` ${infoName(data.split(' ')[0] ?? '')}`
    case 15: {
      const [preference = '', exchange = ''] = data.split(' ')
      return ` ${preference} ${infoName(exchange)}`
    }
    case 33: {
      const [priority = '', weight = '', port = '', target = ''] = data.split(' ')
      return ` ${priority} ${weight} ${port} ${infoName(target)}`
    }
    default:
      return ''
  }
}

/** Wireshark's Info column for a DNS message, as tshark writes it: "Standard query 0x1a2b A
 * www.example.com", and for a response every record of the answer, authority and additional
 * sections in order, so a referral shows what it carries ("… NS a.dns.kr A 127.53.1.1"). mDNS
 * (RFC 6762) says which questions ask for a unicast reply ("QU") and which records flush caches,
 * from the class's top bit. */
export function dnsInfo(msg: DnsMessage, mdns = false): string {
  const opcode = INFO_OPCODES[msg.opcode] ?? `Unknown operation (${msg.opcode})`
  let text = `${opcode}${msg.response ? ' response' : ''} ${hex(msg.id, 4)}`
  if (msg.response && msg.rcode !== 0) text += ` ${INFO_RCODES[msg.rcode] ?? `Unknown error (${msg.rcode})`}`
  msg.layout.questions.forEach((at, i) => {
    text += ` ${infoType(at.typeCode)} ${infoName(msg.questions[i]!.name)}`
    if (mdns) text += at.classCode & 0x8000 ? ', "QU" question' : ', "QM" question'
  })
  for (const [key] of SECTIONS) {
    for (const at of msg.layout[key]) {
      text += ` ${infoType(at.typeCode)}`
      if (mdns && at.typeCode !== 41 && at.classCode & 0x8000) text += ', cache flush'
      if (at.view !== null) text += infoData(at.typeCode, msg[key][at.view]!.data)
    }
  }
  return text
}

/** What the analyzer's reassembly learned of one DNS-over-TCP segment whose bytes are not whole
 * messages only (analyzer/dns-tcp.ts); frames are numbered from 1, as the packet list shows them. */
export interface DnsSegmentPieces {
  /** How many of the segment's last bytes the stream read (a front already read from an earlier
   * segment, a retransmission's overlap, is not read again). */
  read: number
  /** The message begun in an earlier segment that the first `here` bytes read carry on. */
  continued: {
    startFrame: number
    /** Its bytes (its 2-byte length prefix included) in earlier segments. */
    before: number
    here: number
    /** The length its prefix gives (the prefix excluded); −1 when the prefix is not whole yet. */
    length: number
    /** The frame that completes it; −1 when the capture never does; null while the capture is
     * still being read and has not yet. */
    endFrame: number | null
  } | null
  /** The segment ends inside a message: the frame that completes it (−1: the capture never does;
   * null: not known, or not yet read); null too when the segment ends at a message's end. */
  completedIn: number | null
  /** The stream lost its message boundaries before this segment (a gap). */
  lost: boolean
}

/** DNS over TCP (RFC 1035 §4.2.2 / RFC 7766) inside one segment: each message has a 2-byte length
 * prefix, and one segment may carry several. Used by the detail view (the analyzer frames the
 * stream: analyzer/dns-tcp.ts). A segment's own bytes cannot say where a message begins: `pieces`
 * (frame `frame`'s, from the analyzer's reassembly) says which of its bytes carry on a message begun
 * in an earlier segment, so they are not read as a new message's length and header. Without it
 * (null) the segment holds whole messages, or its last one continues later. */
export function decodeDnsOverTcp(ctx: DecodeContext, b: Uint8Array, off: number, end: number, frame = 0, pieces: DnsSegmentPieces | null = null): DnsMessage[] {
  const out: DnsMessage[] = []
  let o = off
  if (pieces) {
    // The stream read the segment's last `read` bytes; any before them it had read already.
    const from = Math.max(off, end - pieces.read)
    if (from > off && ctx.detail) {
      addLayer(ctx, 'TCP payload already read from an earlier segment', off, from - off)?.fields.push(field('tcp.payload', 'Payload', off, from - off, from - off, `Retransmitted bytes: ${from - off} (read where they first came)`))
    }
    o = from
    if (pieces.lost) {
      issue(ctx, 'DNS', 'note', 'DNS_TCP_BOUNDARIES_LOST', { bytes: end - o }, o, end - o)
      if (ctx.detail) addLayer(ctx, 'DNS over TCP (message boundaries lost)', o, end - o)?.fields.push(field('tcp.payload', 'Payload', o, end - o, end - o, `Payload: ${end - o} bytes`))
      return out
    }
    const c = pieces.continued
    if (c) {
      const here = Math.min(c.here, end - o)
      issue(ctx, 'DNS', 'note', 'DNS_TCP_MESSAGE_CONTINUED', { startFrame: c.startFrame, before: c.before, here, length: c.length, endFrame: c.endFrame, frame }, o, here)
      const prefixHere = Math.max(0, 2 - c.before)
      if (c.endFrame === frame && c.length >= 0 && prefixHere + c.length === here) {
        // The whole message (all but its length, or part of it) is in this segment: it is read
        // here, at this frame's own offsets; the length says which frame holds its prefix.
        if (ctx.detail) {
          addLayer(ctx, 'DNS over TCP length', o, prefixHere)?.fields.push(
            prefixHere === 0
              ? generated('dns.length', 'Length', o, c.length, `Length: ${c.length} (its 2 bytes are in frame ${c.startFrame})`)
              : field('dns.length', 'Length', o, prefixHere, c.length, `Length: ${c.length} (its first byte is in frame ${c.startFrame})`),
          )
        }
        const msg = decodeDns(ctx, b, o + prefixHere, o + here)
        if (msg) out.push(msg)
      } else if (ctx.detail) {
        const total = c.length >= 0 ? ` of ${c.length + 2}` : ''
        addLayer(ctx, 'DNS message continued', o, here)?.fields.push(
          field('dns.continuation', 'Continuation', o, here, here, `Continuation of the DNS message begun in frame ${c.startFrame}: its bytes ${c.before + 1}–${c.before + here}${total}`),
        )
      }
      o += here
    }
  }
  const completedIn = pieces?.completedIn ?? null
  let next = o
  for (const piece of splitTcpMessages(b, o, end)) {
    if (ctx.detail) addLayer(ctx, 'DNS over TCP length', piece.offset, 2)?.fields.push(field('dns.length', 'Length', piece.offset, 2, piece.length))
    if (!piece.complete) {
      issue(ctx, 'DNS', 'note', 'DNS_TCP_MESSAGE_CONTINUES', { length: piece.length, here: end - piece.offset - 2, endFrame: completedIn }, piece.offset, 2)
      return out
    }
    const msg = decodeDns(ctx, b, piece.offset + 2, piece.offset + 2 + piece.length)
    if (msg) out.push(msg)
    next = piece.offset + 2 + piece.length
  }
  if (next < end) {
    // One byte left: the first of a length prefix whose second byte is in the next segment.
    issue(ctx, 'DNS', 'note', 'DNS_TCP_MESSAGE_CONTINUES', { length: -1, here: 0, endFrame: completedIn }, next, end - next)
    if (ctx.detail) addLayer(ctx, 'DNS over TCP length (first byte)', next, end - next)?.fields.push(field('dns.length', 'Length (first byte)', next, end - next, b[next]!, `Length, first byte: ${hex(b[next]!, 2)} (the second is in the next segment)`))
  }
  return out
}
