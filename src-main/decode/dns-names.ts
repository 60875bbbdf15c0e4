// DNS type, class and rcode mnemonics (IANA registries; RFC 3597 TYPEnnn for the rest).
export const DNS_TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP', 18: 'AFSDB', 24: 'SIG', 25: 'KEY',
  28: 'AAAA', 29: 'LOC', 33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 44: 'SSHFP', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA', 59: 'CDS', 60: 'CDNSKEY', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 249: 'TKEY', 250: 'TSIG',
  251: 'IXFR', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
}

export function dnsTypeName(t: number): string {
  return DNS_TYPES[t] ?? `TYPE${t}`
}

export function dnsClassName(c: number): string {
  if (c === 1) return 'IN'
  if (c === 3) return 'CH'
  if (c === 4) return 'HS'
  if (c === 254) return 'NONE'
  if (c === 255) return 'ANY'
  return `CLASS${c}`
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE', 'DSOTYPENI']
const EXT_RCODES: Record<number, string> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE' }

/** The header's 4-bit rcode, named as tshark's dns.flags.rcode filter values are (numbers for unassigned). */
export function dnsRcodeName(r: number): string {
  return RCODES[r] ?? EXT_RCODES[r] ?? String(r)
}

const OPCODES = ['QUERY', 'IQUERY', 'STATUS', 'OPCODE3', 'NOTIFY', 'UPDATE', 'DSO']
export function dnsOpcodeName(o: number): string {
  return OPCODES[o] ?? `OPCODE${o}`
}

export function dnsTypeNumber(name: string): number | undefined {
  for (const [k, v] of Object.entries(DNS_TYPES)) if (v === name) return Number(k)
  const m = /^TYPE(\d+)$/.exec(name)
  return m ? Number(m[1]) : undefined
}
