// IANA's root servers (https://www.internic.net/domain/named.root, as Debian's dns-root-data
// ships it; b.root-servers.net renumbered in November 2023). Built in so `--internet` needs no
// file; tests never use these: they pass loopback roots.
import type { DnsServerRef } from '../shared/resolver-events.ts'

export interface RootHint {
  name: string
  ipv4: string
  ipv6: string
}

export const IANA_ROOT_HINTS: readonly RootHint[] = [
  { name: 'a.root-servers.net.', ipv4: '198.41.0.4', ipv6: '2001:503:ba3e::2:30' },
  { name: 'b.root-servers.net.', ipv4: '170.247.170.2', ipv6: '2801:1b8:10::b' },
  { name: 'c.root-servers.net.', ipv4: '192.33.4.12', ipv6: '2001:500:2::c' },
  { name: 'd.root-servers.net.', ipv4: '199.7.91.13', ipv6: '2001:500:2d::d' },
  { name: 'e.root-servers.net.', ipv4: '192.203.230.10', ipv6: '2001:500:a8::e' },
  { name: 'f.root-servers.net.', ipv4: '192.5.5.241', ipv6: '2001:500:2f::f' },
  { name: 'g.root-servers.net.', ipv4: '192.112.36.4', ipv6: '2001:500:12::d0d' },
  { name: 'h.root-servers.net.', ipv4: '198.97.190.53', ipv6: '2001:500:1::53' },
  { name: 'i.root-servers.net.', ipv4: '192.36.148.17', ipv6: '2001:7fe::53' },
  { name: 'j.root-servers.net.', ipv4: '192.58.128.30', ipv6: '2001:503:c27::2:30' },
  { name: 'k.root-servers.net.', ipv4: '193.0.14.129', ipv6: '2001:7fd::1' },
  { name: 'l.root-servers.net.', ipv4: '199.7.83.42', ipv6: '2001:500:9f::42' },
  { name: 'm.root-servers.net.', ipv4: '202.12.27.33', ipv6: '2001:dc3::35' },
]

/** The root servers as server references on port 53 (IPv6 ones only when asked for). */
export function ianaRoots(ipv6 = false): DnsServerRef[] {
  const out: DnsServerRef[] = []
  for (const hint of IANA_ROOT_HINTS) {
    out.push({ address: hint.ipv4, port: 53, name: hint.name })
    if (ipv6) out.push({ address: hint.ipv6, port: 53, name: hint.name })
  }
  return out
}
