// The resolver engine's public API (what the lab's recursive server, the recorder and the CLI call):
//
//   const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.dnsPortFor, tap, onEvent })
//   const result = await resolver.resolve('www.lab.cyber.co.kr', 'A')
//   result.addresses   // ['192.0.2.226'], result.hops: root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr
//
// resolve() answers NOERROR (with records, or NODATA) and NXDOMAIN alike; it rejects with a
// ResolutionError (code in errors.ts, `partial` holding the hops so far) when no answer could be
// had: timeouts, lame servers, limits, a CNAME loop, the deadline. `requireAddresses` turns
// NXDOMAIN/NODATA into errors for callers that need an address.
import { getServers } from 'node:dns'
import { noTap } from '../sockets/tap.ts'
import type { DnsServerRef } from '../shared/resolver-events.ts'
import { WiretrailError } from '../shared/errors.ts'
import { validateQueryName } from '../dns/names.ts'
import { parseRecordType } from '../dns/records.ts'
import { DnsCache } from './cache.ts'
import { ResolutionError, type ResolverCode } from './errors.ts'
import { Resolution, type ResolveContext, type ResolverContext } from './resolution.ts'
import { builtInRootHints, hintServers } from './root-hints.ts'
import { RouteProbe } from './routes.ts'
import { ServerMemory } from './server-memory.ts'
import { parseServer } from './server-address.ts'
import { DEFAULT_LIMITS, type ResolutionResult, type ResolverLimits, type ResolverOptions } from './types.ts'

export type { ResolutionHop, ResolutionResult, ResolverLimits, ResolverMode, ResolverOptions } from './types.ts'
export type { ResolveContext } from './resolution.ts'
export { DEFAULT_LIMITS } from './types.ts'
export { DnsCache, type CacheEntry, type CacheTrust, type DnsCacheOptions } from './cache.ts'
export { ResolutionError, type ResolverCode } from './errors.ts'
export { builtInRootHints, hintServers, parseRootHints, readRootHintsFile, type RootHints, type RootHintServer } from './root-hints.ts'
export { parseServer } from './server-address.ts'
export { ResolverState } from './states.ts'
export { formatResolutionText, formatTrace, recordLine } from './format.ts'

const DEFAULT_TIMEOUT_MS = 2000

export class Resolver {
  readonly mode: ResolverOptions['mode']
  /** The cache (shared when one was passed in). */
  readonly cache: DnsCache
  readonly limits: ResolverLimits
  private readonly context: ResolverContext
  private readonly routes = new RouteProbe()

  constructor(options: ResolverOptions) {
    if (options.mode !== 'iterative' && options.mode !== 'stub') {
      throw new WiretrailError('USAGE', `resolver mode must be "iterative" or "stub", not "${String(options.mode)}"`)
    }
    const clock = options.clock ?? (() => performance.now())
    this.mode = options.mode
    this.cache = options.cache === false ? new DnsCache({ clock, maxEntries: 0 }) : (options.cache ?? new DnsCache({ clock }))
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    const ipv6 = options.ipv6 ?? 'auto'
    const givenRoots = options.roots !== undefined && options.roots.length > 0 ? options.roots : undefined
    const stub = options.stub
    // One rule for the port of a server learnt from a referral (or a priming answer), which
    // carries only its address: the port the roots were given with.
    const referralPort = givenRoots?.[0]?.port ?? 53
    const endpointFor = options.endpointFor ?? endpointWithPort(options.portFor ?? (() => referralPort))
    this.context = {
      mode: options.mode,
      // Root hints start at a random root (RFC 8109 §3: spread the load, as resolvers do); given
      // roots keep their order so tests can assert exactly which server was asked.
      // Hints carry addresses only: they are asked where any address-only server is (endpointFor).
      // A random root server first, each with its IPv4 then its IPv6 address.
      rootServers: () => {
        if (givenRoots !== undefined) return [...givenRoots]
        const hints = options.rootHints ?? builtInRootHints()
        return hintServers({ ...hints, servers: rotate(hints.servers) }, ipv6 !== false).map((s) => ({ ...s, ...endpointFor(s.address) }))
      },
      rootSource: givenRoots !== undefined ? (options.rootsSource ?? `the given root server${givenRoots.length === 1 ? '' : 's'}`) : `the root hints (${(options.rootHints ?? builtInRootHints()).source})`,
      priming: options.priming ?? givenRoots === undefined,
      primingInFlight: null,
      stubServer: () => stub ?? osStubServer() ?? failNoStub(),
      endpointFor,
      tap: options.tap ?? noTap,
      cache: this.cache,
      memory: new ServerMemory(clock),
      limits: this.limits,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ipv6,
      routes: this.routes,
      onEvent: options.onEvent,
      role: options.role ?? options.mode,
      ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
    }
  }

  /** Resolves `qname` (any case, final dot optional) for `qtype` (A, AAAA, MX, TXT, TYPEnnn…).
   * `forQuery`: the client's question a DNS server resolves this for (its 'start' event says so). */
  resolve(qname: string, qtype = 'A', context: ResolveContext = {}): Promise<ResolutionResult> {
    let name: string
    let type: string
    try {
      name = validateQueryName(qname)
      type = parseRecordType(qtype)
    } catch (error) {
      return Promise.reject(error)
    }
    return Resolution.start(this.context, name, type, context)
  }

  /** Forgets cached records and what was learnt about servers and routes (a "cold" resolver). */
  flush(): void {
    this.cache.clear()
    this.context.memory.clear()
    this.routes.clear()
  }
}

/** The addresses of a result, or a DNS_NXDOMAIN / DNS_NODATA error saying why there are none. */
export function requireAddresses(result: ResolutionResult): string[] {
  if (result.rcode === 'NXDOMAIN') {
    throw new ResolutionError('DNS_NXDOMAIN', `${result.qname} does not exist (NXDOMAIN)`, { qname: result.qname }, result)
  }
  if (result.addresses.length === 0) {
    throw new ResolutionError('DNS_NODATA', `${result.qname} exists but has no ${result.qtype} record`, { qname: result.qname, qtype: result.qtype }, result)
  }
  return result.addresses
}

/** The first DNS server the OS is configured with (the notes' "DNS server in the TCP/IP
 * settings"), read with Node's dns.getServers() — which reads configuration, sends nothing. */
export function osStubServer(): DnsServerRef | null {
  const first = getServers()[0]
  return first === undefined ? null : { ...parseServer(first), name: 'the OS-configured DNS server' }
}

function failNoStub(): never {
  throw new ResolutionError('DNS_NO_STUB_SERVER', 'stub mode needs a DNS server: none was given and the OS has none configured')
}

function rotate<T>(items: T[]): T[] {
  const start = Math.floor(Math.random() * items.length)
  return [...items.slice(start), ...items.slice(0, start)]
}

function endpointWithPort(portFor: (address: string) => number): (address: string) => { address: string; port: number } {
  return (address) => ({ address, port: portFor(address) })
}
