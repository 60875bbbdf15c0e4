// Runs inside a private network namespace (ipv6.test.ts starts it with `unshare --net`): only lo,
// so ::1 and 127/8 are reachable and nothing else is — in particular no IPv6 address outside ::1
// has a route, as on a network without IPv6. Starts scripted name servers on 127.206.x.y and ::1,
// resolves each IPv6 case with the resolver's defaults, and prints one JSON object of results.
import { Resolver, type ResolutionResult } from '../../../src-main/resolver/index.ts'
import type { ResolverEvent } from '../../../src-main/shared/resolver-events.ts'
import { a, aaaa, answer, authoritative, FakeNetwork, nodata, referral, type Script } from './fake-dns.ts'

const ROOT = '127.206.0.1'
const DNSHOST6 = '127.206.2.1'
const DUAL_V4 = '127.206.3.1' // nothing listens: ICMP port unreachable
const NOV6_V4 = '127.206.4.1' // nothing listens
const NOV6_GOOD = '127.206.4.2'
const NO_ROUTE_1 = '2001:db8::53' // documentation prefix: no route in this namespace
const NO_ROUTE_2 = '2001:db8::54'

const net = new FakeNetwork()
const root = authoritative({
  zone: '.',
  delegations: {
    'v6glue.test': [{ name: 'ns.v6glue.test', address: '::1' }],
    'v6host.test': [{ name: 'ns.dnshost6.test', address: null }],
    'dnshost6.test': [{ name: 'ns1.dnshost6.test', address: DNSHOST6 }],
    'dual.test': [
      { name: 'ns1.dual.test', address: DUAL_V4 },
      { name: 'ns1.dual.test', address: '::1' },
    ],
    'nov6.test': [
      { name: 'ns1.nov6.test', address: NOV6_V4 },
      { name: 'ns1.nov6.test', address: NO_ROUTE_1 },
      { name: 'ns2.nov6.test', address: NOV6_GOOD },
    ],
    'farv6.test': [{ name: 'ns.farv6.test', address: NO_ROUTE_2 }],
  },
})
// ::1 serves three zones (one server per address here), answering as each zone's server.
const zonesOnV6: Record<string, Script> = {
  'v6glue.test': authoritative({ zone: 'v6glue.test', records: [a('www.v6glue.test', '192.0.2.61')] }),
  'v6host.test': authoritative({ zone: 'v6host.test', records: [a('www.v6host.test', '192.0.2.62')] }),
  'dual.test': authoritative({ zone: 'dual.test', records: [a('www.dual.test', '192.0.2.63')] }),
}
const v6: Script = (query) => {
  const zone = Object.keys(zonesOnV6).find((z) => query.name === `${z}.` || query.name.endsWith(`.${z}.`))
  return zone === undefined ? { packet: { flags: 5 /* REFUSED */ } } : zonesOnV6[zone]!(query)
}
// ns.dnshost6.test. has an IPv6 address only: its A query is NODATA.
const dnshost6: Script = (query) =>
  query.name === 'ns.dnshost6.test.' && query.type === 'AAAA' ? answer([aaaa('ns.dnshost6.test', '::1')]) : query.name === 'ns.dnshost6.test.' ? nodata('dnshost6.test') : authoritative({ zone: 'dnshost6.test' })(query)

await net.add(ROOT, root, { name: 'a.root.test.' })
await net.add('::1', v6)
await net.add(DNSHOST6, dnshost6)
await net.add(NOV6_GOOD, authoritative({ zone: 'nov6.test', records: [a('www.nov6.test', '192.0.2.64')] }))
// Nothing listens on DUAL_V4 / NOV6_V4: a query there gets ICMP port unreachable.

const roots = [{ address: ROOT, port: net.portFor(ROOT), name: 'a.root.test.' }]
const portFor = (address: string): number => (address === DUAL_V4 || address === NOV6_V4 ? 53 : net.portFor(address))

async function resolve(name: string, options: { ipv6?: boolean | 'auto' } = {}): Promise<unknown> {
  const events: ResolverEvent[] = []
  const resolver = new Resolver({ mode: 'iterative', roots, portFor, timeoutMs: 1000, onEvent: (e) => events.push(e), ...options })
  const log = net.log.length
  const notes = (): string[] =>
    events.flatMap((e) => (e.kind === 'skipped' || e.kind === 'query-error' ? [`${e.kind} ${e.server.address}: ${e.reason}`] : e.kind === 'start' && e.parentResolutionId ? [`nested ${e.qname} ${e.qtype}: ${e.purpose ?? ''}`] : []))
  const asked = (): string[] => net.log.slice(log).map((q) => `${q.server} ${q.name} ${q.type}`)
  try {
    const result: ResolutionResult = await resolver.resolve(name)
    return { addresses: result.addresses, hops: result.hops.map((h) => `${h.depth} ${h.zone} ${h.server} ${h.outcome}`), notes: notes(), asked: asked() }
  } catch (error) {
    const e = error as { code: string; message: string }
    return { error: { code: e.code, message: e.message }, notes: notes(), asked: asked() }
  }
}

try {
  const out = {
    aaaaGlue: await resolve('www.v6glue.test'),
    gluelessAaaa: await resolve('www.v6host.test'),
    otherFamily: await resolve('www.dual.test'),
    noRouteSkipped: await resolve('www.nov6.test'),
    ipv6OnlyUnreachable: await resolve('www.farv6.test'),
    ipv6Off: await resolve('www.dual.test', { ipv6: false }),
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
} finally {
  await net.close()
}
