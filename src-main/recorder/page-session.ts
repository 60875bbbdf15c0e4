// One page load with everything it needs wired together: the resolver (iterative from the roots,
// or stub; one cache per load, so a name's second lookup is a cache hit), the connection pool and
// the page loader, all reporting to one socket tap. recordPageLoad gives it the capture tap;
// loadPageUnrecorded gives it none (the benchmark's baseline).
import { isIP } from 'node:net'
import type { RunningLab } from '../lab/index.ts'
import { parseServer, Resolver, type ResolutionResult } from '../resolver/index.ts'
import { toErrorJson, WiretrailError, type WiretrailErrorJson } from '../shared/errors.ts'
import type { DnsServerRef, ResolverEvent } from '../shared/resolver-events.ts'
import { ClientConnection } from '../sockets/client-connection.ts'
import type { SocketTap } from '../sockets/tap.ts'
import type { WebUrl } from '../url/index.ts'
import { ConnectionPool } from './connection-pool.ts'
import { labTarget, type LabTarget } from './lab-target.ts'
import { loadPage, type Destination, type FetchRecord, type PageLoad } from './page-loader.ts'
import type { HostLookup, RecordOptions, RecordProgress } from './types.ts'

export interface SessionOptions extends Pick<RecordOptions, 'resolverMode' | 'method' | 'form' | 'limits' | 'idleTimeoutMs' | 'totalTimeoutMs' | 'connectTimeoutMs' | 'signal' | 'roots' | 'stub'> {
  url: WebUrl
  target: 'lab' | 'internet'
  /** Required for the lab target. */
  lab?: RunningLab
  tap: SocketTap
  onResolverEvent?: (event: ResolverEvent) => void
  onFetch?: (fetch: FetchRecord) => void
  onProgress?: (stage: RecordProgress['stage'], message: string) => void
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

/** The session's resolver: iterative from the given roots (or the lab's), or stub to the given
 * server (or the lab's nearby one); one cache per recording, reporting to the tap. Shared by the
 * page session and the lookup session (recordings of a dns: URI). */
export function sessionResolver(options: Pick<SessionOptions, 'resolverMode' | 'roots' | 'stub' | 'lab' | 'target' | 'tap' | 'onResolverEvent'>): Resolver {
  const { tap, target, lab } = options
  if (target === 'lab' && lab === undefined) throw new WiretrailError('RECORD_BAD_OPTION', 'the lab target needs a running lab')
  const roots = options.roots?.map(serverRef)
  const stub = options.stub === undefined ? undefined : serverRef(options.stub)
  return new Resolver({
    mode: options.resolverMode ?? 'iterative',
    ...(roots ? { roots } : lab && target === 'lab' ? { roots: lab.roots } : {}),
    ...(stub ? { stub } : lab && target === 'lab' ? { stub: lab.localDns } : {}),
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
      progress('resolving', `resolving ${host}`)
      let result: ResolutionResult
      try {
        result = await resolver.resolve(host, 'A')
      } catch (error) {
        lookups.push({ host, addresses: [], source: 'authoritative', queries: 0, error: toErrorJson(error) })
        throw error
      }
      lookups.push({ host, addresses: result.addresses, source: result.source, queries: result.hops.filter((h) => h.outcome !== 'cache').length })
      const address = result.addresses.find((a) => isIP(a) === 4) ?? result.addresses[0]
      if (address === undefined) {
        const nx = result.rcode === 'NXDOMAIN'
        throw new WiretrailError(nx ? 'DNS_NXDOMAIN' : 'DNS_NODATA', nx ? `${host} does not exist (NXDOMAIN)` : `${host} has no IPv4 address (A record)`, { host })
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
        onStage: (stage, detail) => progress(stage, stage === 'connecting' ? `connecting to ${detail}` : `loading ${detail}`),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.idleTimeoutMs ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        ...(options.totalTimeoutMs ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      { ...(options.method ? { method: options.method } : {}), ...(options.form ? { form: options.form } : {}) },
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
