// The one table of DNS mnemonics: record types, classes, opcodes and rcodes (IANA's "Domain Name
// System (DNS) Parameters" registries), shared by the decoder, the presentation printer, the
// resolver's type parser, the lab's servers and the analyzer. Types without a mnemonic here are
// written TYPEnnn (RFC 3597 §5), classes CLASSnnn. Pure TS (the renderer may import it).
//
// dns-packet, which the lab and the resolver use as an encoder, spells unknown types
// "UNKNOWN_nnn": `packetTypeName` is the only place that spelling is produced.
import dnsPacketTypes from 'dns-packet/types.js'

/** Record types by number. Data types, then the meta-types (RFC 6895 §3.1) at the end. */
export const DNS_TYPES: Readonly<Record<number, string>> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB', 24: 'SIG', 25: 'KEY',
  28: 'AAAA', 29: 'LOC', 33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 44: 'SSHFP', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA', 59: 'CDS', 60: 'CDNSKEY', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 249: 'TKEY', 250: 'TSIG',
  251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
}

/** Types a resolver never asks for as data (RFC 6895 §3.1 meta-types and QTYPEs). */
export const META_TYPES: ReadonlySet<string> = new Set(['OPT', 'ANY', 'AXFR', 'IXFR', 'TKEY', 'TSIG'])

const TYPE_NUMBERS = new Map(Object.entries(DNS_TYPES).map(([code, name]) => [name, Number(code)]))

/** 1 → "A", 65280 → "TYPE65280". */
export function dnsTypeName(code: number): string {
  return DNS_TYPES[code] ?? `TYPE${code}`
}

/** "A" → 1, "TYPE65280" → 65280; undefined for anything else. */
export function dnsTypeNumber(name: string): number | undefined {
  const known = TYPE_NUMBERS.get(name)
  if (known !== undefined) return known
  const generic = /^TYPE(\d{1,5})$/.exec(name)
  return generic && Number(generic[1]) <= 0xffff ? Number(generic[1]) : undefined
}

export function dnsClassName(code: number): string {
  if (code === 1) return 'IN'
  if (code === 3) return 'CH'
  if (code === 4) return 'HS'
  if (code === 254) return 'NONE'
  if (code === 255) return 'ANY'
  return `CLASS${code}`
}

/** "IN" → 1, "CLASS7" → 7. */
export function dnsClassNumber(name: string): number | undefined {
  const named: Record<string, number> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 }
  if (named[name] !== undefined) return named[name]
  const generic = /^CLASS(\d{1,5})$/.exec(name)
  return generic && Number(generic[1]) <= 0xffff ? Number(generic[1]) : undefined
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'DSOTYPENI']
const EXT_RCODES: Record<number, string> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE' }

/** The rcode's name, as tshark's dns.flags.rcode filter values are (numbers for unassigned ones). */
export function dnsRcodeName(rcode: number): string {
  return RCODES[rcode] ?? EXT_RCODES[rcode] ?? String(rcode)
}

/** "NXDOMAIN" → 3, "BADVERS" → 16. */
export function dnsRcodeNumber(name: string): number | undefined {
  const header = RCODES.indexOf(name)
  if (header >= 0) return header
  for (const [code, text] of Object.entries(EXT_RCODES)) if (text === name) return Number(code)
  return undefined
}

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO']
export function dnsOpcodeName(opcode: number): string {
  return OPCODES[opcode] ?? `OPCODE${opcode}`
}

/** EDNS0 option codes (IANA "DNS EDNS0 Option Codes"). */
export const EDNS_OPTIONS: Readonly<Record<number, string>> = { 3: 'NSID', 8: 'CSUBNET', 10: 'COOKIE', 11: 'TCP-KEEPALIVE', 12: 'PADDING', 15: 'EDE' }

/** Our mnemonic ("A", "TYPE65280") in dns-packet's spelling ("A", "UNKNOWN_65280"), for encoding. */
export function packetTypeName(name: string): string {
  const code = dnsTypeNumber(name)
  if (code === undefined) throw new Error(`no record type "${name}"`)
  return dnsPacketTypes.toString(code)
}
