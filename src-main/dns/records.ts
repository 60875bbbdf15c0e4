// Record views (`DnsRecordView`: owner, type, class, TTL and the data in presentation format, as
// dig and zone files write it) are what the resolver caches, the walkthrough shows and the CLI
// prints. The wire → text direction is rdata.ts (the one printer); this file holds the rest:
// record-type names typed by users, canonical (lower-case) views for comparing and caching, and
// the text → dns-packet direction, for the lab's recursive server, which answers from cached views.
//
// Hand-written: dns-packet has no presentation-format parser.
import type { Answer } from 'dns-packet'
import { WiretrailError } from '../shared/errors.ts'
import type { DnsRecordView } from '../shared/resolver-events.ts'
import type { DnsCode } from './errors.ts'
import { canonicalName } from './names.ts'
import { dnsTypeName, dnsTypeNumber, META_TYPES } from './types.ts'

export { quoteCharacterString } from './rdata.ts'

/** "aaaa" → "AAAA", "type65280" / "65280" → "TYPE65280", "TYPE1" → "A". Throws DNS_BAD_TYPE. */
export function parseRecordType(text: string): string {
  const upper = text.trim().toUpperCase()
  const numeric = /^(?:TYPE)?(\d{1,5})$/.exec(upper)
  const code = numeric ? Number(numeric[1]) : dnsTypeNumber(upper)
  if (numeric && code! > 0xffff) throw badType(`record type ${text} is larger than 65535`)
  if (code === undefined || code === 0) throw badType(`unknown record type "${text}" (use a name such as A, AAAA, MX, TXT or TYPEnnn)`)
  const name = dnsTypeName(code)
  if (META_TYPES.has(name)) throw badType(`${name} is a meta-type, not a record type a resolver asks for`)
  return name
}

/** Which fields of a type's data are domain names (lower-cased for comparing, RFC 4343). */
const NAME_FIELDS: Readonly<Record<string, readonly number[]>> = { NS: [0], CNAME: [0], PTR: [0], DNAME: [0], MX: [1], SOA: [0, 1], SRV: [3] }

/** The view with its owner and the names in its data lower-cased and absolute, as the resolver
 * compares and caches them (a server may answer in any case: RFC 4343, RFC 1034 §3.1). */
export function canonicalRecord(view: DnsRecordView): DnsRecordView {
  const fields = NAME_FIELDS[view.type]
  let data = view.data
  if (fields !== undefined) {
    const parts = view.data.split(' ')
    for (const i of fields) if (parts[i] !== undefined) parts[i] = canonicalName(parts[i])
    data = parts.join(' ')
  }
  return { name: canonicalName(view.name), type: view.type, class: view.class, ttl: view.ttl, data }
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

/** A view as dns-packet's record object (for encoding answers from the cache). */
export function toPacketAnswer(view: DnsRecordView): Answer {
  const base = { name: view.name, ttl: view.ttl, class: view.class as 'IN' }
  const fields = view.data.split(/\s+/)
  const answer = (data: unknown): Answer => ({ ...base, type: view.type, data }) as unknown as Answer
  const need = (count: number): string[] => {
    if (fields.length < count) throw badRdata(`${view.type} data "${view.data}" has ${fields.length} fields, expected ${count}`)
    return fields
  }
  switch (view.type) {
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
      // Written as raw rdata: dns-packet encodes the value as UTF-8 text, not as the bytes it holds.
      const [flags, tag] = need(3)
      const value = parseCharacterStrings(view.data.slice(view.data.indexOf(tag!) + tag!.length))[0] ?? Buffer.alloc(0)
      const tagBytes = Buffer.from(tag!, 'latin1')
      const rdata = Buffer.concat([Buffer.from([Number(flags) & 0xff, tagBytes.length]), tagBytes, value])
      return { ...base, type: 'UNKNOWN_257', data: rdata } as unknown as Answer
    }
    default: {
      // Every other type in RFC 3597 generic form, encoded by dns-packet as raw bytes.
      const code = dnsTypeNumber(view.type)
      const generic = /^\\#\s+(\d+)\s*([0-9a-fA-F\s]*)$/.exec(view.data)
      if (code === undefined) throw badRdata(`"${view.type}" is not a record type`)
      if (!generic) throw badRdata(`${view.type} data "${view.data}" is not in RFC 3597 "\\# length hex" form`)
      const bytes = Buffer.from(generic[2]!.replace(/\s+/g, ''), 'hex')
      if (bytes.length !== Number(generic[1])) throw badRdata(`${view.type} data says ${generic[1]} octets but holds ${bytes.length}`)
      return { ...base, type: `UNKNOWN_${code}`, data: bytes } as unknown as Answer
    }
  }
}

function badType(message: string): WiretrailError<DnsCode> {
  return new WiretrailError<DnsCode>('DNS_BAD_TYPE', message)
}

function badRdata(message: string): WiretrailError<DnsCode> {
  return new WiretrailError<DnsCode>('DNS_BAD_RDATA', message)
}
