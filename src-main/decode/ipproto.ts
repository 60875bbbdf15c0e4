// IP protocol numbers (IANA) the dissectors hand on by.
export const IPPROTO_ICMP = 1
export const IPPROTO_TCP = 6
export const IPPROTO_UDP = 17
export const IPPROTO_ICMPV6 = 58

const NAMES: Record<number, string> = { 0: 'IPv6 Hop-by-Hop', 1: 'ICMP', 2: 'IGMP', 6: 'TCP', 17: 'UDP', 41: 'IPv6', 43: 'IPv6 Routing', 44: 'IPv6 Fragment', 47: 'GRE', 50: 'ESP', 51: 'AH', 58: 'ICMPv6', 59: 'IPv6 No Next Header', 60: 'IPv6 Destination Options', 132: 'SCTP' }

export function ipProtocolName(p: number): string {
  return NAMES[p] ?? 'Unknown'
}
