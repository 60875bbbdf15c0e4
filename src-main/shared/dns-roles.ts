// What a DNS server *is* in a resolution, named from what is known about it — never guessed from
// an address or a port. The resolver puts the role on its events (shared/resolver-events.ts), the
// recorder names each capture leg with it, and the analyzer and the UI label servers with it, in
// English and Korean (the notes' words: "가까운 DNS 서버", "루트 도메인", "최상위 도메인").
// Pure TS (the renderer imports it).
import type { LocalizedText } from './walkthrough.ts'

/** - 'nearby': the DNS server set in this computer's TCP/IP settings that walks the hierarchy for
 *    it (the notes' "nearby DNS server"; in the lab, its local DNS server)
 *  - 'recursive': another server asked to recurse (RD=1), whose own walk is not seen; a response
 *    with RA=0 says the server does not recurse, and a zone transfer is asked of the zone's own
 *    server whatever RD says (the analyzer's guessZone)
 *  - 'root' / 'tld' / 'zone': a server asked iteratively (RD=0) as the root, a top-level domain, or
 *    another zone ("co.kr.") — the zone it was asked as is known
 *  - 'unknown': asked iteratively, but nothing says which zone it was asked as */
export type DnsServerRole = 'nearby' | 'recursive' | 'root' | 'tld' | 'zone' | 'unknown'

export interface DnsServerFacts {
  /** This is the recording's own nearby DNS server (the lab's local DNS server, whose walk the
   * recording holds), or the server the OS is configured with. */
  nearby?: boolean
  /** It was asked with RD=1 (to recurse). */
  recursionDesired?: boolean
  /** The zone it was asked as (asked iteratively): ".", "kr.", "co.kr." … */
  zone?: string | null
}

export interface NamedDnsServerRole {
  role: DnsServerRole
  /** The zone, for root/tld/zone roles. */
  zone: string | null
  label: LocalizedText
}

/** The zone transfers (RFC 5936 AXFR, RFC 1995 IXFR): questions for a whole zone, named by its apex,
 * that only a server holding the zone (its primary or a secondary) answers; never recursed for. */
export function isZoneTransfer(qtype: string): boolean {
  return qtype === 'AXFR' || qtype === 'IXFR'
}

/** Names a DNS server's role: "nearby DNS server (local DNS server)" / "가까운 DNS 서버(로컬 DNS 서버)",
 * "root (.)" / "루트(.)", "kr. (TLD)" / "kr.(최상위 도메인)", "co.kr. zone server" / "co.kr. 도메인의 DNS 서버". */
export function dnsServerRole(facts: DnsServerFacts): NamedDnsServerRole {
  if (facts.nearby === true) {
    return { role: 'nearby', zone: null, label: { en: 'nearby DNS server (local DNS server)', ko: '가까운 DNS 서버(로컬 DNS 서버)' } }
  }
  if (facts.recursionDesired === true) {
    return { role: 'recursive', zone: null, label: { en: 'recursive DNS server', ko: '재귀 조회를 하는 DNS 서버' } }
  }
  const zone = facts.zone ?? null
  if (zone === null || zone === '' || !zone.endsWith('.')) {
    return { role: 'unknown', zone: null, label: { en: 'DNS server', ko: 'DNS 서버' } }
  }
  if (zone === '.') return { role: 'root', zone, label: { en: 'root (.)', ko: '루트(.)' } }
  const labels = zone.slice(0, -1).split('.').length
  if (labels === 1) return { role: 'tld', zone, label: { en: `${zone} (TLD)`, ko: `${zone}(최상위 도메인)` } }
  return { role: 'zone', zone, label: { en: `${zone} zone server`, ko: `${zone} 도메인의 DNS 서버` } }
}

/** Names the server of a resolution hop (shared/walkthrough.ts ResolutionHop) from what the
 * walkthrough knows: its role when the journal or the nesting gave one, its zone otherwise; a hop
 * asked to recurse ("(recursive)") is a recursive server, never the root. One place for the
 * analyzer's steps, the sequence diagram, the timeline and the DNS pane. */
export function dnsHopRole(hop: { zone: string; role?: DnsServerRole }): NamedDnsServerRole {
  const recursive = hop.zone === '(recursive)' || hop.role === 'recursive'
  return dnsServerRole({ nearby: hop.role === 'nearby', recursionDesired: recursive, zone: recursive ? null : hop.zone })
}

/** Who does the asking in a resolution (the 'start' event's `resolver`). */
export type DnsResolverRole =
  /** The browser's resolver on this computer (the notes' gethostbyname): asks one server with RD=1. */
  | 'stub'
  /** This computer walking the hierarchy itself, from the root (what `dig +trace` does). */
  | 'iterative'
  /** The nearby DNS server walking the hierarchy for a client's question. */
  | 'nearby'

/** Names the asker: "this computer's resolver" … */
export function dnsResolverRoleLabel(role: DnsResolverRole): LocalizedText {
  switch (role) {
    case 'stub':
      return { en: "this computer's resolver", ko: '이 컴퓨터의 리졸버' }
    case 'iterative':
      return { en: 'this computer, walking from the root', ko: '루트부터 직접 조회하는 이 컴퓨터' }
    case 'nearby':
      return { en: 'nearby DNS server (local DNS server)', ko: '가까운 DNS 서버(로컬 DNS 서버)' }
  }
}

/** The capture leg a query belongs to, as the frames' comments name it: who asks ↔ whom.
 * "this computer ↔ nearby DNS server (local DNS server)", "nearby DNS server ↔ root (.)",
 * "this computer ↔ kr. (TLD)". */
export function dnsLegLabel(asker: DnsResolverRole, server: NamedDnsServerRole): LocalizedText {
  const who = asker === 'nearby' ? { en: 'nearby DNS server', ko: '가까운 DNS 서버' } : { en: 'this computer', ko: '이 컴퓨터' }
  return { en: `${who.en} ↔ ${server.label.en}`, ko: `${who.ko} ↔ ${server.label.ko}` }
}
