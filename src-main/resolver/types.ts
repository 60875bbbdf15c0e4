// The resolver's public types: what `new Resolver(options)` takes and what `resolve()` returns.
import type { SocketTap } from '../sockets/tap.ts'
import type { DnsRecordView, DnsResolverRole, DnsServerRef, DnsServerRole, DnsTransport, HopOutcome, ResolverEvent } from '../shared/resolver-events.ts'
import type { DnsCache } from './cache.ts'
import type { RootHints } from './root-hints.ts'

export type ResolverMode = 'iterative' | 'stub'

export interface ResolverLimits {
  /** Referrals followed in one resolution, CNAME restarts included (Unbound: MAX_REFERRAL_COUNT). */
  referrals: number
  /** CNAMEs followed in one resolution: those inside one answer and those that restart the
   * resolution at their target count alike (Unbound: MAX_RESTART_COUNT for the restarts). */
  cnames: number
  /** Queries sent for one resolution, its nested (glueless NS) resolutions included. */
  queries: number
  /** Nesting of glueless NS resolutions (a resolution for an NS name's address inside another). */
  depth: number
  /** UDP attempts per server before the zone is given up (servers are tried round-robin). */
  triesPerServer: number
  /** Wall time for the whole resolution, nested ones included. */
  resolutionMs: number
}

export const DEFAULT_LIMITS: ResolverLimits = {
  referrals: 20,
  cnames: 8,
  queries: 64,
  depth: 3,
  triesPerServer: 2,
  resolutionMs: 30_000,
}

export interface ResolverOptions {
  /** 'iterative': walk down from the root servers (RD=0). 'stub': ask one recursive server (RD=1). */
  mode: ResolverMode
  /** Iterative mode: the root hints to start from (a parsed hints file, see root-hints.ts).
   * Default: IANA's named.root, built in. The resolver primes from them (RFC 8109). */
  rootHints?: RootHints
  /** Iterative mode: root servers given as endpoints with their ports (the lab's roots,
   * `--root ADDR:PORT`), used instead of `rootHints`, as given and without priming unless
   * `priming` is set. */
  roots?: DnsServerRef[]
  /** What `roots` are, for people (the priming resolution's purpose names it): "the lab's root
   * hints". Default: "the given root server(s)". */
  rootsSource?: string
  /** RFC 8109 priming: before the first walk, ask a hinted root for `. NS` and start every walk
   * from the root servers it lists (cached for their TTL). Default: true when starting from root
   * hints, false for `roots`. */
  priming?: boolean
  /** Stub mode: the recursive server. Default: the first server the OS is configured with
   * (Node's `dns.getServers()`, the notes' "DNS server set in the TCP/IP settings"). Give it
   * `role: 'nearby'` when it is the nearby DNS server whose walk is recorded too (the lab's);
   * otherwise it is a 'recursive' server. */
  stub?: DnsServerRef
  /** Who this resolver is, for its events and the capture's leg names: this computer's resolver
   * ('stub' / 'iterative', the default by `mode`), or the nearby DNS server ('nearby'). */
  role?: DnsResolverRole
  /** The local address every query is sent from (its port is the OS's pick), as a DNS server's
   * outgoing interface: the lab's nearby server asks from its own address. Default: the OS chooses. */
  localAddress?: string
  /** Port for an address learnt from a referral or a priming answer (they carry addresses, not
   * ports). Lab mode: `lab.dnsPortFor`. Default: the port the roots were given with — 53 for root
   * hints, `roots[0].port` for `roots` (one rule for every caller: `resolve --root` and
   * `record --root` alike). Not applied to `roots`/`stub` themselves, which carry their own ports. */
  portFor?: (address: string) => number
  /** Where to send for an address learnt from a referral, when it is not that address itself: the
   * lab's single-address mode (macOS) runs every server on 127.0.0.1 with its own port, so the
   * zone-file address maps to 127.0.0.1:<port>. Overrides `portFor`. Default: the address with
   * `portFor(address)`. */
  endpointFor?: (address: string) => { address: string; port: number }
  /** Receives every socket event of every UDP/TCP socket the resolver opens (the recorder). */
  tap?: SocketTap
  /** Receives every resolver event as it happens (also collected in `ResolutionResult.events`). */
  onEvent?: (event: ResolverEvent) => void
  /** A cache to share (e.g. between the lab's recursive server and tests), or false for none.
   * Default: a new cache per Resolver. */
  cache?: DnsCache | false
  limits?: Partial<ResolverLimits>
  /** Per-query timeout in ms (UDP attempt or TCP exchange). Default 2000. */
  timeoutMs?: number
  /** Monotonic milliseconds for TTL countdown and infrastructure memory; tests inject their own. */
  clock?: () => number
  /** Servers at IPv6 addresses (AAAA glue, AAAA of glueless NS names): 'auto' (default) uses
   * them where this computer has a route (checked before sending, nothing sent) and skips them with
   * a note where it has none; true always tries them; false never. Each server's IPv4 addresses
   * come before its IPv6 ones: a server unreachable over one family is tried over the other. */
  ipv6?: boolean | 'auto'
}

/** One step of the chain, as `wiretrail resolve --json` prints it (docs/resolve-json.md). */
export interface ResolutionHop {
  /** Server address ("127.53.1.1"), or "cache" for an answer from the cache. */
  server: string
  port: number | null
  /** The server's name from the NS record, when known. */
  serverName: string | null
  /** Zone the server was asked as ("." root, "kr." …); for a cache hop, the name looked up. */
  zone: string
  qname: string
  qtype: string
  outcome: HopOutcome
  rtt_ms: number
  transport: DnsTransport | null
  /** Referral: the delegated zone; CNAME: the target; lame/throwaway: why. */
  detail: string | null
  /** What the server is (shared/dns-roles.ts): 'nearby', 'recursive', 'root', 'tld', 'zone'; null
   * for a cache hop. */
  role: DnsServerRole | null
  /** 0 for the resolution asked for; 1+ for nested ones (the address of a glueless NS name). */
  depth: number
}

export interface ResolutionResult {
  /** The name asked for (canonical: lower case, final dot). */
  qname: string
  qtype: string
  /** "NOERROR" (answer or NODATA) or "NXDOMAIN". Failures reject instead (ResolutionError). */
  rcode: string
  /** The CNAME chain (if any) followed by the final RRset; TTLs as received or as left in cache. */
  answers: DnsRecordView[]
  /** The SOA that made a negative answer (NXDOMAIN / NODATA) cacheable, when there was one. */
  authority: DnsRecordView[]
  /** A/AAAA addresses of the final RRset, in server order. */
  addresses: string[]
  /** True when the name exists but has no records of this type (NOERROR with no answer). */
  nodata: boolean
  hops: ResolutionHop[]
  /** Where the final RRset came from: an authoritative server (AA=1), this resolver's cache, or
   * (stub mode) the recursive server. */
  source: 'authoritative' | 'cache' | 'recursive'
  /** Every event of this resolution and its nested ones, in order. */
  events: ResolverEvent[]
}
