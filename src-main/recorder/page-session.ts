// One page load with everything it needs wired together: this computer's resolver, the connection
// pool and the page loader, all reporting to one socket tap. recordPageLoad gives it the capture
// tap; loadPageUnrecorded gives it none (the benchmark's baseline).
//
// The resolver is the browser's (the resolver choice): it asks the nearby DNS server ('nearby', the
// lab's default), walks from the root itself ('iterative'), or asks another server ('stub'). Its
// cache models the browser's host cache, which lives as long as the page load (one recording is
// one fresh browser): a name's second lookup in a load is answered from it, with no packet, and
// the journal's cache-hit event says whose cache it was. Across loads, the lab's nearby DNS server
// keeps its own cache (it runs as long as the lab).
import { isIP } from 'node:net'
import type { RunningLab } from '../lab/index.ts'
import { parseServer, Resolver, type ResolutionResult, type RootHints } from '../resolver/index.ts'
import { toErrorJson, WiretrailError, type WiretrailErrorJson } from '../shared/errors.ts'
import type { DnsServerRef, ResolverChoice, ResolverEvent } from '../shared/resolver-events.ts'
import { ClientConnection } from '../sockets/client-connection.ts'
import type { SocketTap } from '../sockets/tap.ts'
import type { WebUrl } from '../url/index.ts'
import { ConnectionPool } from './connection-pool.ts'
import { labTarget, type LabTarget } from './lab-target.ts'
import { type HstsUpgrade, loadPage, type Destination, type FetchRecord, type LoadNote, type PageLoad } from './page-loader.ts'
import type { HostLookup, RecordOptions, RecordProgress } from './types.ts'

export interface SessionOptions extends Pick<RecordOptions, 'resolverMode' | 'method' | 'form' | 'body' | 'limits' | 'idleTimeoutMs' | 'totalTimeoutMs' | 'connectTimeoutMs' | 'signal' | 'roots' | 'stub'> {
  /** Internet target: the root hints (read already); default the built-in named.root. */
  rootHints?: RootHints
  url: WebUrl
  target: 'lab' | 'internet'
  /** Required for the lab target. */
  lab?: RunningLab
  tap: SocketTap
  onResolverEvent?: (event: ResolverEvent) => void
  onFetch?: (fetch: FetchRecord) => void
  onNote?: (note: LoadNote) => void
  onHsts?: (upgrade: HstsUpgrade) => void
  /** A stage reached: a line for people, and what it is about (RecordProgress.subject). */
  onProgress?: (stage: RecordProgress['stage'], message: string, subject?: string) => void
  /** When this settles, the load stops: connections are reset and no new ones are opened (the
   * recorder could not create its files). The failure is then SOCKET_ABORTED with this reason.
   * Unlike `signal`, it costs nothing per connection or exchange while the load runs. */
  stopWhen?: Promise<string>
}

export interface SessionResult {
  /** The URL loaded (lab: mapped to the lab's port). */
  url: WebUrl
  load: PageLoad | null
  failure?: WiretrailErrorJson
  lookups: HostLookup[]
  connections: number
}

/** Maps a typed URL as the session will (lab port); for the journal's first record. */
export function sessionTarget(target: 'lab' | 'internet', lab: RunningLab | undefined): LabTarget | null {
  return target === 'lab' && lab !== undefined ? labTarget(lab) : null
}

/** The session's resolver (this computer's): it asks the lab's nearby DNS server ('nearby'), walks
 * from the given roots or the lab's ('iterative'), or asks the given server or the lab's nearby one
 * ('stub'); one cache per recording, reporting to the tap. Shared by the page session and the
 * lookup session (recordings of a dns: URI). */
export function sessionResolver(options: Pick<SessionOptions, 'resolverMode' | 'roots' | 'rootHints' | 'stub' | 'lab' | 'target' | 'tap' | 'onResolverEvent'>): Resolver {
  const { tap, target, lab } = options
  if (target === 'lab' && lab === undefined) throw new WiretrailError('RECORD_BAD_OPTION', 'the lab target needs a running lab')
  const roots = options.roots?.map(serverRef)
  const choice = resolverChoiceFor(options.resolverMode, target, lab)
  const labStub = lab && target === 'lab' ? lab.localDns : undefined
  const given = options.stub === undefined ? undefined : serverRef(options.stub)
  // The server this computer asks with RD=1: named the nearby DNS server when it is the lab's.
  const stub = choice === 'nearby' ? labStub : given !== undefined ? { ...given, role: sameServer(given, labStub) ? ('nearby' as const) : ('recursive' as const) } : labStub
  return new Resolver({
    mode: choice === 'iterative' ? 'iterative' : 'stub',
    ...(roots ? { roots } : lab && target === 'lab' ? { roots: lab.roots } : options.rootHints ? { rootHints: options.rootHints } : {}),
    ...(stub ? { stub } : {}),
    ...(lab && target === 'lab' ? { portFor: lab.dnsPortFor } : {}),
    tap,
    ...(options.onResolverEvent ? { onEvent: options.onResolverEvent } : {}),
  })
}

export async function runPageSession(options: SessionOptions): Promise<SessionResult> {
  const { tap, target } = options
  const lab = options.lab
  const resolver = sessionResolver(options)
  const session = sessionTarget(target, lab)
  const url = session?.mapUrl(options.url) ?? options.url
  const progress = options.onProgress ?? (() => {})

  const lookups: HostLookup[] = []
  const lookupChains = new Map<string, Promise<unknown>>()
  // Lookups of one name run one after another, so the second is answered from the resolver's
  // cache (and shows as such) instead of racing the first through the whole hierarchy.
  const addressFor = (target: WebUrl): Promise<string> => {
    if (target.hostKind !== 'name') {
      lookups.push({ host: target.hostAscii, addresses: [target.hostAscii], source: 'literal', queries: 0 })
      return Promise.resolve(target.hostAscii)
    }
    const host = target.hostAscii
    const next = (lookupChains.get(host) ?? Promise.resolve()).then(async () => {
      progress('resolving', `resolving ${host}`, host)
      // The IPv4 address first (A); a host without one may have an IPv6 address (AAAA), as a
      // site served over IPv6 only does. Each lookup is its own resolution in the walkthrough.
      let result: ResolutionResult | undefined
      for (const qtype of ['A', 'AAAA'] as const) {
        try {
          result = await resolver.resolve(host, qtype)
        } catch (error) {
          lookups.push({ host, addresses: [], source: 'authoritative', queries: 0, error: toErrorJson(error) })
          throw error
        }
        lookups.push({ host, addresses: result.addresses, source: result.source, queries: result.hops.filter((h) => h.outcome !== 'cache').length })
        if (result.addresses.length > 0 || result.rcode === 'NXDOMAIN') break
      }
      const address = result?.addresses.find((a) => isIP(a) === 4) ?? result?.addresses[0]
      if (address === undefined) {
        const nx = result?.rcode === 'NXDOMAIN'
        throw new WiretrailError(nx ? 'DNS_NXDOMAIN' : 'DNS_NODATA', nx ? `${host} does not exist (NXDOMAIN)` : `${host} has no address: neither an A (IPv4) nor an AAAA (IPv6) record`, { phase: 'resolve', host })
      }
      return address
    })
    lookupChains.set(host, next.catch(() => undefined))
    return next
  }
  const destinationFor = async (target: WebUrl): Promise<Destination> => {
    const address = await addressFor(target)
    const connectTo = session?.connectAddress(address) ?? address
    if (target.scheme !== 'https') return { address: connectTo }
    // The lab CA is trusted for lab hosts only; anything else is checked against the system's CAs.
    const ca = session?.isLabHost(target.hostAscii) ? { ca: (lab as RunningLab).caCertificatePem } : {}
    return { address: connectTo, tls: { servername: target.hostAscii, ...ca } }
  }

  const pool = new ConnectionPool((key) =>
    ClientConnection.open({
      address: key.address,
      port: key.port,
      tap,
      purpose: key.tls ? 'https' : 'http',
      label: `${key.tls ? 'HTTPS' : 'HTTP'} to ${key.address}:${key.port}${key.tls ? ` (${key.tls.servername})` : ''}`,
      ...(key.tls ? { tls: key.tls } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  )
  const onAbort = (): void => pool.abortAll()
  options.signal?.addEventListener('abort', onAbort, { once: true })
  void options.stopWhen?.then((reason) => pool.stop(reason))

  let load: PageLoad | null = null
  let failure: WiretrailErrorJson | undefined
  try {
    load = await loadPage(
      url,
      {
        pool,
        destinationFor,
        mapUrl: (u) => session?.mapUrl(u) ?? u,
        ...(options.onFetch ? { onFetch: options.onFetch } : {}),
        ...(options.onNote ? { onNote: options.onNote } : {}),
        ...(options.onHsts ? { onHsts: options.onHsts } : {}),
        onStage: (stage, detail) => progress(stage, stage === 'connecting' ? `connecting to ${detail}` : `loading ${detail}`, detail),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        ...(options.totalTimeoutMs ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      { ...(options.method ? { method: options.method } : {}), ...(options.form ? { form: options.form } : {}), ...(options.body !== undefined ? { body: options.body } : {}) },
    )
    failure = load.document.final.error
  } catch (error) {
    failure = toErrorJson(error)
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    // The client closes its idle kept-alive connections; every socket is closed when this returns.
    await pool.closeAll()
  }
  if (options.signal?.aborted) failure = { name: 'WiretrailError', code: 'RECORD_CANCELLED', message: `the load of ${url.href} was cancelled` }
  return { url, load, ...(failure ? { failure } : {}), lookups, connections: pool.all.length }
}

function serverRef(value: DnsServerRef | string): DnsServerRef {
  return typeof value === 'string' ? parseServer(value) : value
}

function sameServer(a: DnsServerRef, b: DnsServerRef | undefined): boolean {
  return b !== undefined && a.address === b.address && a.port === b.port
}

/** The recording's resolver choice: given, or the target's default ('nearby' in the lab, as in the
 * notes; 'iterative' on the internet, and in a lab started without its nearby DNS server). 'nearby'
 * needs the lab: its nearby DNS server runs in this process. */
export function resolverChoiceFor(given: ResolverChoice | undefined, target: 'lab' | 'internet', lab: RunningLab | undefined): ResolverChoice {
  const choice = given ?? (target === 'lab' && lab !== undefined && lab.localDns.port !== 0 ? 'nearby' : 'iterative')
  if (choice === 'nearby' && (target !== 'lab' || lab === undefined || lab.localDns.port === 0)) {
    throw new WiretrailError(
      'RECORD_BAD_OPTION',
      target !== 'lab'
        ? 'the resolver "nearby" (as in the notes) is the lab\'s: its nearby DNS server runs in this app. For the internet choose "iterative" (from this computer) or "stub" (to another server)'
        : 'the resolver "nearby" needs the lab\'s nearby (local) DNS server, which this lab was started without',
    )
  }
  return choice
}
