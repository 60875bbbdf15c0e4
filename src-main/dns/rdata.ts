// The one presentation printer: record data from the wire to the text a zone file, dig and the
// walkthrough write (RFC 1035 §5.1, and each type's RFC for its own fields). Types without a
// printer here are written in RFC 3597 §5 generic form, "\# <length> <hex>". records.ts parses the
// same text back (for the lab's recursive server, which answers from cached record views).
//
// Hand-written: no library prints presentation format from wire bytes with the decoder's offsets.
import { hexBytes, ipv4, ipv6, u16, u32 } from '../decode/core.ts'
import type { DnsNameFault } from '../shared/decode-issues.ts'
import { readName } from './wire.ts'
import { dnsTypeName } from './types.ts'

/** A records' addresses written lately, by value (as wire.ts keeps names: an address seen again is
 * the text made the first time). Direct-mapped, a fixed size. */
const RECENT_ADDRESSES = 1024
const recentAddress = new Float64Array(RECENT_ADDRESSES).fill(-1)
const recentAddressText: string[] = new Array<string>(RECENT_ADDRESSES).fill('')

/** An A record's dotted address at `o`. */
function addressText(b: Uint8Array, o: number): string {
  const v = u32(b, o)
  const slot = Math.imul(v, 0x9e3779b1) >>> 22
  if (recentAddress[slot] === v) return recentAddressText[slot]!
  const text = ipv4(b, o)
  recentAddress[slot] = v
  recentAddressText[slot] = text
  return text
}

/** RFC 1035 §5.1 <character-string>: quoted, with " and \ escaped and other bytes outside
 * 0x20–0x7e as \DDD. */
export function quoteCharacterString(bytes: Uint8Array): string {
  let out = '"'
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`
    else if (byte >= 0x20 && byte <= 0x7e) out += String.fromCharCode(byte)
    else out += `\\${byte.toString().padStart(3, '0')}`
  }
  return `${out}"`
}

/** One length-prefixed character-string at `o` (its bytes clamped to `end`). */
function charString(b: Uint8Array, o: number, end: number): { text: string; next: number } {
  const len = b[o] ?? 0
  const stop = Math.min(end, o + 1 + len)
  return { text: quoteCharacterString(b.subarray(Math.min(o + 1, stop), stop)), next: o + 1 + len }
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
    buffer = ((buffer << 8) | b[o + i]!) & 0xfff
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

function generic(b: Uint8Array, o: number, len: number): string {
  return `\\# ${len}${len ? ` ${hexBytes(b, o, len).toUpperCase()}` : ''}`
}

/** What can be wrong inside one record's data: a name that cannot be read, or a length byte that
 * says more than the record holds (wire.ts says which record). */
export type RdataFault = DnsNameFault | { code: 'DNS_RDATA_FIELD_PAST_RECORD'; params: { field: 'salt' | 'next hashed owner name'; length: number; left: number; rdlength: number } }

/** A name inside record data (problems reading it are reported; what was read is kept). */
function nameAt(b: Uint8Array, at: number, m: number, end: number, problems: RdataFault[]) {
  const r = readName(b, at, m, end)
  if (r.error) problems.push(r.error)
  return r
}

/** A length byte's value, cut to what is left of the record's `len` data bytes ending at `stop`
 * (and the cut reported). */
function within(problems: RdataFault[], stop: number, len: number, at: number, length: number, field: 'salt' | 'next hashed owner name'): number {
  const left = Math.max(0, stop - at)
  if (length <= left) return length
  problems.push({ code: 'DNS_RDATA_FIELD_PAST_RECORD', params: { field, length, left, rdlength: len } })
  return left
}

/** Presentation form of one record's data at `o` (`len` bytes) in the message starting at `m`.
 * Names inside the data that cannot be read are reported in `problems` (what was read is kept). */
export function rdataText(type: number, b: Uint8Array, o: number, len: number, m: number, end: number, problems: RdataFault[]): string {
  const stop = o + len
  switch (type) {
    case 1:
      return len === 4 ? addressText(b, o) : generic(b, o, len)
    case 28:
      return len === 16 ? ipv6(b, o) : generic(b, o, len)
    case 2:
    case 5:
    case 12:
    case 39:
      return nameAt(b, o, m, end, problems).name
    case 15:
      return len >= 3 ? `${u16(b, o)} ${nameAt(b, o + 2, m, end, problems).name}` : ''
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
      const mn = nameAt(b, o, m, end, problems)
      const rn = nameAt(b, mn.next, m, end, problems)
      const p = rn.next
      if (p + 20 > stop) return `${mn.name} ${rn.name}`
      return `${mn.name} ${rn.name} ${u32(b, p)} ${u32(b, p + 4)} ${u32(b, p + 8)} ${u32(b, p + 12)} ${u32(b, p + 16)}`
    }
    case 33:
      return len >= 7 ? `${u16(b, o)} ${u16(b, o + 2)} ${u16(b, o + 4)} ${nameAt(b, o + 6, m, end, problems).name}` : ''
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
      const signer = nameAt(b, o + 18, m, end, problems)
      return `${dnsTypeName(u16(b, o))} ${b[o + 2]} ${b[o + 3]} ${u32(b, o + 4)} ${dnsTime(u32(b, o + 8))} ${dnsTime(u32(b, o + 12))} ${u16(b, o + 16)} ${signer.name} ${base64(b, signer.next, Math.max(0, stop - signer.next))}`
    }
    case 47: {
      const nx = nameAt(b, o, m, end, problems)
      return `${nx.name} ${typeBitmap(b, nx.next, stop)}`
    }
    case 50: {
      // RFC 5155 §3.2: the salt and the hash each say their own length, which must stay inside the
      // record's data (a hostile length would read the next record, or past the message).
      if (len < 5) return ''
      const saltLen = within(problems, stop, len, o + 5, b[o + 4]!, 'salt')
      const hashAt = o + 5 + saltLen
      const hashLen = hashAt < stop ? within(problems, stop, len, hashAt + 1, b[hashAt]!, 'next hashed owner name') : 0
      return `${b[o]} ${b[o + 1]} ${u16(b, o + 2)} ${saltLen ? hexBytes(b, o + 5, saltLen).toUpperCase() : '-'} ${base32hex(b, hashAt + 1, hashLen)} ${typeBitmap(b, Math.min(stop, hashAt + 1 + hashLen), stop)}`
    }
    case 51: {
      if (len < 5) return ''
      const saltLen = within(problems, stop, len, o + 5, b[o + 4]!, 'salt')
      return `${b[o]} ${b[o + 1]} ${u16(b, o + 2)} ${saltLen ? hexBytes(b, o + 5, saltLen).toUpperCase() : '-'}`
    }
    case 257: {
      // RFC 8659 §4.1.1: flags, tag, and the value as a quoted string (escaped like a character-string).
      if (len < 2) return ''
      const tagLen = b[o + 1]!
      const tag = String.fromCharCode(...b.subarray(o + 2, Math.min(stop, o + 2 + tagLen)))
      return `${b[o]} ${tag} ${quoteCharacterString(b.subarray(Math.min(stop, o + 2 + tagLen), stop))}`
    }
    default:
      return generic(b, o, len)
  }
}
