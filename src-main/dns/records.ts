// Resource records in presentation format (RFC 1035 §5.1, as dig and zone files write them) and
// back. dns-packet decodes rdata into objects (MX → {preference, exchange}); the walkthrough, the
// CLI and the cache keep `DnsRecordView`s, whose `data` is the text a zone file would hold. The
// lab's recursive server turns cached views back into dns-packet answers with `toPacketAnswer`.
//
// Hand-written: dns-packet has no presentation-format printer or parser.
import type { Answer } from 'dns-packet'
import typeTable from 'dns-packet/types.js'
import { WiretrailError } from '../shared/errors.ts'
import type { DnsRecordView } from '../shared/resolver-events.ts'
import type { DnsCode } from './errors.ts'
import { dnsPacketCodecs } from './message.ts'
import { canonicalName } from './names.ts'

/** Query types that are not data types (RFC 6895 §3.1 meta-types): a resolver does not ask for them. */
const META_TYPES = new Set(['OPT', 'ANY', 'AXFR', 'IXFR', 'TKEY', 'TSIG'])

/** dns-packet's record shape, loosened: its union does not cover "UNKNOWN_nnn" types. */
type LooseAnswer = { name: string; type: string; class?: string; ttl?: number; data?: unknown; flush?: boolean }

/** "aaaa" → "AAAA", "type65" / "65" → "UNKNOWN_65" (dns-packet's spelling). Throws DNS_BAD_TYPE. */
export function parseRecordType(text: string): string {
  const upper = text.trim().toUpperCase()
  const numeric = /^(?:TYPE)?(\d{1,5})$/.exec(upper)
  if (numeric) {
    const value = Number(numeric[1])
    if (value > 0xffff) throw badType(`record type ${text} is larger than 65535`)
    const name = dnsPacket_typeName(value)
    if (META_TYPES.has(name)) throw badType(`${name} is a meta-type, not a record type a resolver asks for`)
    return name
  }
  if (META_TYPES.has(upper)) throw badType(`${upper} is a meta-type, not a record type a resolver asks for`)
  if (!KNOWN_TYPE_NAMES.has(upper)) throw badType(`unknown record type "${text}" (use a name such as A, AAAA, MX, TXT or TYPEnnn)`)
  return upper
}

/** The name users see: "UNKNOWN_65" → "TYPE65" (RFC 3597 §5), others unchanged. */
export function displayType(type: string): string {
  return type.startsWith('UNKNOWN_') ? `TYPE${type.slice(8)}` : type
}

/** A decoded dns-packet record as the walkthrough shows it. */
export function toRecordView(record: Answer | LooseAnswer): DnsRecordView {
  const r = record as LooseAnswer
  return {
    name: canonicalName(r.name),
    type: displayType(r.type),
    class: r.class ?? 'IN',
    ttl: r.ttl ?? 0,
    data: rdataText(r),
  }
}

function rdataText(r: LooseAnswer): string {
  const d = r.data as never
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return String(d)
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return canonicalName(String(d))
    case 'MX': {
      const mx = d as { preference?: number; exchange: string }
      return `${mx.preference ?? 0} ${canonicalName(mx.exchange)}`
    }
    case 'TXT': {
      const parts = (Array.isArray(d) ? d : [d]) as (Buffer | string)[]
      return parts.map((p) => quoteCharacterString(typeof p === 'string' ? Buffer.from(p) : p)).join(' ')
    }
    case 'SOA': {
      const s = d as { mname: string; rname: string; serial?: number; refresh?: number; retry?: number; expire?: number; minimum?: number }
      return `${canonicalName(s.mname)} ${canonicalName(s.rname)} ${s.serial ?? 0} ${s.refresh ?? 0} ${s.retry ?? 0} ${s.expire ?? 0} ${s.minimum ?? 0}`
    }
    case 'SRV': {
      const s = d as { priority?: number; weight?: number; port: number; target: string }
      return `${s.priority ?? 0} ${s.weight ?? 0} ${s.port} ${canonicalName(s.target)}`
    }
    case 'CAA': {
      const c = d as { flags?: number; tag: string; value: string }
      return `${c.flags ?? 0} ${c.tag} ${quoteCharacterString(Buffer.from(c.value))}`
    }
    default:
      return genericRdata(r)
  }
}

/** RFC 3597 §5 "\# <length> <hex>" for types without a printer here. */
function genericRdata(r: LooseAnswer): string {
  let bytes: Buffer
  if (Buffer.isBuffer(r.data)) bytes = r.data
  else {
    // dns-packet's record encoders write rdlength first; the rdata follows.
    try {
      bytes = dnsPacketCodecs.record(r.type).encode(r.data).subarray(2)
    } catch {
      return `\\# ? (${r.type} data dns-packet cannot re-encode)`
    }
  }
  return bytes.length === 0 ? '\\# 0' : `\\# ${bytes.length} ${bytes.toString('hex').toUpperCase()}`
}

/** RFC 1035 §5.1 <character-string>: quoted, with " and \ escaped and other bytes as \DDD. */
export function quoteCharacterString(bytes: Uint8Array): string {
  let out = '"'
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte)
    else out += `\\${byte.toString().padStart(3, '0')}`
  }
  return `${out}"`
}

/** Parses presentation-format character strings ("a b" "c\"d" or bare words) into their bytes. */
export function parseCharacterStrings(text: string): Buffer[] {
  const out: Buffer[] = []
  let i = 0
  while (i < text.length) {
    if (text[i] === ' ' || text[i] === '\t') {
      i++
      continue
    }
    const quoted = text[i] === '"'
    if (quoted) i++
    const bytes: number[] = []
    while (i < text.length) {
      const ch = text[i]!
      if (quoted ? ch === '"' : ch === ' ' || ch === '\t') break
      if (ch === '\\') {
        const digits = /^\d{3}/.exec(text.slice(i + 1, i + 4))
        if (digits) {
          bytes.push(Number(digits[0]))
          i += 4
        } else {
          bytes.push(...Buffer.from(text[i + 1] ?? ''))
          i += 2
        }
        continue
      }
      bytes.push(...Buffer.from(ch))
      i++
    }
    if (quoted) {
      if (text[i] !== '"') throw badRdata(`unterminated quoted string in ${text}`)
      i++
    }
    out.push(Buffer.from(bytes))
  }
  return out
}

/** A view back to the dns-packet record it came from (for encoding answers from the cache). */
export function toPacketAnswer(view: DnsRecordView): Answer {
  const type = view.type.startsWith('TYPE') ? `UNKNOWN_${view.type.slice(4)}` : view.type
  const base = { name: view.name, ttl: view.ttl, class: view.class as 'IN' }
  const fields = view.data.split(/\s+/)
  const answer = (data: unknown): Answer => ({ ...base, type, data }) as unknown as Answer
  const need = (count: number): string[] => {
    if (fields.length < count) throw badRdata(`${view.type} data "${view.data}" has ${fields.length} fields, expected ${count}`)
    return fields
  }
  switch (type) {
    case 'A':
    case 'AAAA':
    case 'NS':
    case 'CNAME':
    case 'PTR':
    case 'DNAME':
      return answer(view.data)
    case 'MX': {
      const [preference, exchange] = need(2)
      return answer({ preference: Number(preference), exchange })
    }
    case 'TXT':
      return answer(parseCharacterStrings(view.data))
    case 'SOA': {
      const [mname, rname, serial, refresh, retry, expire, minimum] = need(7)
      return answer({ mname, rname, serial: Number(serial), refresh: Number(refresh), retry: Number(retry), expire: Number(expire), minimum: Number(minimum) })
    }
    case 'SRV': {
      const [priority, weight, port, target] = need(4)
      return answer({ priority: Number(priority), weight: Number(weight), port: Number(port), target })
    }
    case 'CAA': {
      const [flags, tag] = need(3)
      const value = parseCharacterStrings(view.data.slice(view.data.indexOf(tag!) + tag!.length))[0] ?? Buffer.alloc(0)
      return answer({ flags: Number(flags), tag, value: value.toString() })
    }
    default: {
      const generic = /^\\#\s+(\d+)\s*([0-9a-fA-F\s]*)$/.exec(view.data)
      if (!generic) throw badRdata(`${view.type} data "${view.data}" is not in RFC 3597 "\\# length hex" form`)
      const bytes = Buffer.from(generic[2]!.replace(/\s+/g, ''), 'hex')
      if (bytes.length !== Number(generic[1])) throw badRdata(`${view.type} data says ${generic[1]} octets but holds ${bytes.length}`)
      return { ...base, type: type.startsWith('UNKNOWN_') ? type : `UNKNOWN_${dnsPacket_typeNumber(type)}`, data: bytes } as unknown as Answer
    }
  }
}

// dns-packet's type table (types.js; typed in dns-packet-types.d.ts): number ↔ name.
const KNOWN_TYPE_NAMES = new Set<string>()
for (let n = 1; n < 65536; n++) {
  const name = typeTable.toString(n)
  if (!name.startsWith('UNKNOWN_')) KNOWN_TYPE_NAMES.add(name)
}

function dnsPacket_typeName(value: number): string {
  return typeTable.toString(value)
}

function dnsPacket_typeNumber(name: string): number {
  return typeTable.toType(name)
}

function badType(message: string): WiretrailError<DnsCode> {
  return new WiretrailError<DnsCode>('DNS_BAD_TYPE', message)
}

function badRdata(message: string): WiretrailError<DnsCode> {
  return new WiretrailError<DnsCode>('DNS_BAD_RDATA', message)
}
