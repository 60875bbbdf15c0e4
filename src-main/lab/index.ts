// The embedded lab network: the DNS hierarchy of the notes (root -> kr -> co.kr -> cyber.co.kr ->
// lab.cyber.co.kr, root -> com -> glasscom.com -> lab.glasscom.com) served by our own
// authoritative servers, a local recursive DNS server, and the web servers www.lab.cyber.co.kr and
// www.lab.glasscom.com (HTTP and HTTPS with a per-run lab CA). Everything runs on loopback, on
// unprivileged ports, without administrator rights:
//
//   const lab = await startLab({ addressBlock: 60, dnsPort: 0 })
//   lab.roots            // [{ address: '127.60.0.1', port, name: 'a.root-servers.lab.' }, …]
//   lab.dnsPortFor('127.60.1.1')   // the port of the kr. server (referrals carry no ports)
//   await lab.close()
//
// Each server listens on its own address 127.<block>.<zone>.<server> (Linux and Windows route all
// of 127/8 to loopback). macOS has only 127.0.0.1: `singleAddress: true` puts every server there
// on its own port, and dnsEndpointFor()/dnsPortFor() map the zone-file addresses to them.
import { Resolver, type ResolutionResult } from '../resolver/index.ts'
import type { DnsServerRef, ResolverEvent } from '../shared/resolver-events.ts'
import type { SocketEvent, SocketTap } from '../sockets/tap.ts'
import { describeLab } from './describe.ts'
import { authoritativeHandler } from './dns/authoritative-server.ts'
import { listenDns, type DnsListener } from './dns/dns-listener.ts'
import { checkZone, parseMasterFile } from './dns/master-file.ts'
import { recursiveHandler } from './dns/recursive-server.ts'
import { Zone } from './dns/zone.ts'
import { LabError } from './errors.ts'
import { loadLabNetwork, type LabNetwork } from './network.ts'
import { createLabCertificateAuthority } from './web/lab-ca.ts'
import { SiteWrites } from './web/site-writes.ts'
import { startWebListener, type WebListener } from './web/web-servers.ts'
import { LabTweaks } from './tweaks.ts'

export { LabError, type LabErrorCode } from './errors.ts'
export { loadLabNetwork, rootHintsText, rewriteAddresses, labAssetsDir, type LabNetwork, type LabCase, type LabZoneFile, type LabDnsServerSpec, type LabWebServerSpec } from './network.ts'
export { CONNECTION_CLOSE_PATHS, REDIRECTS } from './web/site.ts'
export { LabTweaks, type LabTweak, type ServerBehaviour } from './tweaks.ts'

export const DEFAULT_DNS_PORT = 10053
// 8080/8443: the customary unprivileged stand-ins for 80/443 that browsers accept (Chromium and
// Firefox refuse 10080 as an "unsafe port"). When a default web port is already taken on the
// machine (a developer's own server on 8080), the lab takes a free port instead and says so.
export const DEFAULT_HTTP_PORT = 8080
export const DEFAULT_HTTPS_PORT = 8443
/** How long the nearby DNS server waits for one server's answer before it asks another: half of
 * what this computer's resolver waits for the nearby server (2 s), as a recursive server's timeouts
 * are shorter than its clients' (unbound starts at 376 ms). A silent server then costs the nearby
 * server a retry within the client's patience, not the client a repeated question. */
export const NEARBY_TIMEOUT_MS = 1000
/** Where everything listens in single-address mode. */
export const SINGLE_ADDRESS = '127.0.0.1'

export interface LabOptions {
  /** 127.<block>.x.y; default 53. Tests pass their own so several labs run side by side. */
  addressBlock?: number
  /** DNS port of every server (UDP and TCP); 0 = a free port per server. Default 10053. In
   * single-address mode the servers get dnsPort, dnsPort+1, … (or free ports for 0). */
  dnsPort?: number
  /** Default 8080 (a free port if 8080 is taken); 0 = free ports. Single-address mode: httpPort, httpPort+1, … per web host. */
  httpPort?: number
  /** Default 8443 (a free port if 8443 is taken); 0 = free ports. Single-address mode as for httpPort. */
  httpsPort?: number
  /** macOS fallback: every server on 127.0.0.1 with its own port (see dnsEndpointFor). */
  singleAddress?: boolean
  /** Start the local recursive DNS server (default true; not started in single-address mode, see
   * startLab). */
  localDns?: boolean
  /** Start the web servers and make the lab CA (default true). */
  web?: boolean
  /** Per-query timeout of the local DNS server's resolver in ms (default NEARBY_TIMEOUT_MS). */
  resolverTimeoutMs?: number
  /** assets/lab to use (default: this checkout's). */
  assetsDir?: string
  /** Server-side problems that are not the client's (a failed send, a failed resolution). */
  onError?: (error: unknown) => void
}

export interface LabDnsServer extends DnsServerRef {
  name: string
  /** The address the zone files give for this server (127.<block>.<zone>.<server>). */
  zoneAddress: string
  /** Zones it serves (absolute names); empty for the lame server. */
  zones: string[]
  note?: string
}

export interface LabWebServer {
  host: string
  /** Where it listens (the zone address, or 127.0.0.1 in single-address mode). */
  address: string
  /** The address DNS gives for the host. */
  zoneAddress: string
  httpPort: number
  httpsPort: number
}

/** Who watches the nearby (local) DNS server's own work while a recording runs. */
export interface LocalDnsObserver {
  /** The socket events of its queries up the hierarchy (UDP/TCP from its own address). */
  tap?: SocketTap
  /** Its resolver events ('start' names the client question each resolution answers). */
  onEvent?: (event: ResolverEvent) => void
  /** Each of its resolutions once finished (a failed one's partial result): its hops. */
  onResolution?: (result: ResolutionResult) => void
}

export interface RunningLab {
  addressBlock: number
  singleAddress: boolean
  /** The root servers, as listening endpoints (what a resolver starts from). */
  roots: DnsServerRef[]
  /** The local recursive DNS server, the notes' nearby DNS server (RD=1 questions get RA=1 answers;
   * `role: 'nearby'`); port 0 when not started. */
  localDns: DnsServerRef
  /** Lets `observer` see the nearby DNS server's own work — the sockets of its walk and its resolver
   * events, cache hits included — until the returned function is called. Its cache lives as long
   * as the lab: a second question in the same run is answered from it. */
  observeLocalDns(observer: LocalDnsObserver): () => void
  /** Every authoritative server, in topology order. */
  dnsServers: LabDnsServer[]
  web: LabWebServer[]
  /** The per-run lab CA; trust it for the lab web hosts only. Empty when web is off. */
  caCertificatePem: string
  /** The network this lab serves (zone texts, cases) with its addresses. */
  network: LabNetwork
  /** The DNS port for an address a referral gave (zone-file address); the base DNS port for any
   * other address. */
  dnsPortFor(address: string): number
  /** Where to send a query for a zone-file address: itself with its port, or 127.0.0.1 and the
   * server's own port in single-address mode. */
  dnsEndpointFor(address: string): { address: string; port: number }
  /** Every address, port and example command, for people (`wiretrail lab` prints it). */
  describe(options?: { caCertificatePath?: string }): string
  /** Changes to the running lab (experiments): TTLs, delays, lame or silent servers, the nearby
   * server's cache flushed; in memory only, each with its undo. Absent on a lab that is not
   * startLab's (a stand-in elsewhere). */
  tweaks?: LabTweaks
  /** Closes every socket; resolves once all ports are free. Safe to call twice. */
  close(): Promise<void>
}

function checkPort(name: string, port: number, span: number): void {
  if (!Number.isInteger(port) || port < 0 || port + span - 1 > 65535) {
    throw new LabError('LAB_BAD_OPTION', `${name} ${port} is not a port from 0 to ${65536 - span}`, { [name]: port })
  }
}

function loadZones(network: LabNetwork): Map<string, Zone> {
  const zones = new Map<string, Zone>()
  for (const file of network.zones) {
    const parsed = parseMasterFile(file.text, { origin: file.origin, file: file.file })
    checkZone(parsed, file.file)
    zones.set(file.origin, new Zone(parsed))
  }
  return zones
}

export async function startLab(options: LabOptions = {}): Promise<RunningLab> {
  const singleAddress = options.singleAddress ?? false
  const dnsPort = options.dnsPort ?? DEFAULT_DNS_PORT
  const httpPort = options.httpPort ?? DEFAULT_HTTP_PORT
  const httpsPort = options.httpsPort ?? DEFAULT_HTTPS_PORT
  const network = loadLabNetwork({ addressBlock: options.addressBlock, assetsDir: options.assetsDir })
  const span = (count: number): number => (singleAddress ? count : 1)
  checkPort('dnsPort', dnsPort, span(network.dnsServers.length + 1))
  checkPort('httpPort', httpPort, span(network.webServers.length))
  checkPort('httpsPort', httpsPort, span(network.webServers.length))
  const zones = loadZones(network)
  const onError = options.onError ?? (() => {})
  // In single-address mode the n-th server gets base+n; a base of 0 stays 0 (free ports).
  const portOf = (base: number, index: number): number => (singleAddress && base !== 0 ? base + index : base)
  const listenAddress = (zoneAddress: string): string => (singleAddress ? SINGLE_ADDRESS : zoneAddress)

  const dnsListeners: DnsListener[] = []
  const webListeners: WebListener[] = []
  const closeAll = async (): Promise<void> => {
    await Promise.all([...dnsListeners, ...webListeners].map((listener) => listener.close()))
  }
  let flushLocalDns = (): void => {}
  const siteWrites = new SiteWrites()
  const tweaks = new LabTweaks(network.dnsServers, zones, () => flushLocalDns(), siteWrites)
  try {
    const dnsServers: LabDnsServer[] = []
    for (const [index, spec] of network.dnsServers.entries()) {
      const listener = await listenDns({
        address: listenAddress(spec.address),
        port: portOf(dnsPort, index),
        handler: authoritativeHandler(
          spec.zones.map((origin) => zones.get(origin) as Zone),
          { behaviour: tweaks.behaviourOf(spec.name), ttlFor: (name, ttl) => tweaks.ttlFor(name, ttl) },
        ),
        label: `DNS server ${spec.name}`,
        onError,
      })
      dnsListeners.push(listener)
      dnsServers.push({ address: listener.address, port: listener.port, name: spec.name, zoneAddress: spec.address, zones: spec.zones, note: spec.note })
    }
    const byZoneAddress = new Map(dnsServers.map((server) => [server.zoneAddress, { address: server.address, port: server.port }]))
    const dnsEndpointFor = (address: string): { address: string; port: number } =>
      byZoneAddress.get(address) ?? { address, port: dnsPort === 0 ? 53 : dnsPort }
    const dnsPortFor = (address: string): number => dnsEndpointFor(address).port
    const roots: DnsServerRef[] = dnsServers
      .filter((server) => server.zones.includes('.'))
      .map((server) => ({ address: server.address, port: server.port, name: server.name }))

    let localDns: DnsServerRef = { address: listenAddress(network.localDns.address), port: 0, name: network.localDns.name, role: 'nearby' }
    const observers = new Set<LocalDnsObserver>()
    const observedTap: SocketTap = {
      emit(event: SocketEvent) {
        for (const observer of observers) observer.tap?.emit(event)
      },
    }
    // The local DNS server recurses with the resolver engine; `endpointFor` maps each address a
    // referral gives to where that server really listens (itself, or 127.0.0.1:<port> in
    // single-address mode). It asks from its own address, as a DNS server does, so its walk is
    // told apart from this computer's queries on the wire. Like any DNS server it has the root
    // servers' addresses registered in it (its root hints: the lab's roots) and primes from them
    // before its first walk (RFC 8109): it asks a root for ". NS" and walks from the root servers
    // that answer lists, cached for their TTL — the Resolver's one priming path, as the internet
    // target's. The roots are kept in topology order (not rotated as hints are) so a recording
    // asks a.root-servers.lab. first every time.
    if (options.localDns !== false) {
      const resolver = new Resolver({
        mode: 'iterative',
        role: 'nearby',
        roots,
        rootsSource: "the lab's root hints",
        priming: true,
        endpointFor: dnsEndpointFor,
        localAddress: listenAddress(network.localDns.address),
        tap: observedTap,
        onEvent: (event) => {
          for (const observer of observers) observer.onEvent?.(event)
        },
        timeoutMs: options.resolverTimeoutMs ?? NEARBY_TIMEOUT_MS,
      })
      flushLocalDns = () => resolver.flush()
      const listener = await listenDns({
        address: listenAddress(network.localDns.address),
        port: portOf(dnsPort, network.dnsServers.length),
        handler: recursiveHandler({
          resolver,
          onResolutionError: onError,
          onResolved: (result) => {
            for (const observer of observers) observer.onResolution?.(result)
          },
        }),
        label: 'local DNS server',
        onError,
      })
      dnsListeners.push(listener)
      localDns = { address: listener.address, port: listener.port, name: network.localDns.name, role: 'nearby' }
    }

    let caCertificatePem = ''
    const web: LabWebServer[] = []
    if (options.web !== false) {
      const ca = await createLabCertificateAuthority(network.webServers.map((server) => server.host))
      caCertificatePem = ca.caCertificatePem
      const sites = network.webServers.map((server) => ({ host: server.host, contentDirs: server.contentDirs }))
      for (const [index, spec] of network.webServers.entries()) {
        const listenerOptions = {
          site: sites[index] as (typeof sites)[number],
          allSites: sites,
          address: listenAddress(spec.address),
          httpPort: portOf(httpPort, index),
          httpsPort: portOf(httpsPort, index),
          ca,
          writes: siteWrites,
        }
        const listener = await startWebListener(listenerOptions).catch((error: unknown) => {
          // Only the defaults give way: ports the caller chose must be honoured or fail loudly.
          const defaults = options.httpPort === undefined && options.httpsPort === undefined
          if (!defaults || !(error instanceof LabError) || error.details?.errno !== 'EADDRINUSE') throw error
          onError(new LabError('LAB_PORT_TAKEN', `${spec.host}: ${error.message}; using free ports instead`, error.details))
          return startWebListener({ ...listenerOptions, httpPort: 0, httpsPort: 0 })
        })
        webListeners.push(listener)
        web.push({ host: spec.host, address: listener.address, zoneAddress: spec.address, httpPort: listener.httpPort, httpsPort: listener.httpsPort })
      }
    }

    let closing: Promise<void> | undefined
    const lab: RunningLab = {
      addressBlock: network.addressBlock,
      singleAddress,
      roots,
      localDns,
      dnsServers,
      web,
      caCertificatePem,
      network,
      dnsPortFor,
      dnsEndpointFor,
      observeLocalDns(observer) {
        observers.add(observer)
        return () => void observers.delete(observer)
      },
      describe: (describeOptions) => describeLab(lab, describeOptions),
      tweaks,
      close: () => (closing ??= closeAll()),
    }
    return lab
  } catch (error) {
    await closeAll()
    throw error
  }
}
