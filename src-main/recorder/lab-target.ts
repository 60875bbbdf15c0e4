// Loading from the embedded lab: a lab URL typed without a port goes to the lab's web port (the
// journal keeps both the typed and the loaded URL), the address DNS gives maps to where the lab web
// server listens, and nothing outside loopback is ever contacted.
import { isIPv4 } from 'node:net'
import type { RunningLab } from '../lab/index.ts'
import { withPort, type WebUrl } from '../url/index.ts'
import { WiretrailError } from '../shared/errors.ts'

export interface LabTarget {
  /** A lab host without a port → the lab's HTTP/HTTPS port; anything else unchanged. */
  mapUrl(url: WebUrl): WebUrl
  isLabHost(host: string): boolean
  /** The address to connect to for a resolved address (single-address mode: 127.0.0.1). */
  connectAddress(resolved: string): string
  /** A tcpdump filter for the lab's traffic. */
  kernelFilter(): string
}

export function labTarget(lab: RunningLab): LabTarget {
  const byHost = new Map(lab.web.map((w) => [w.host, w]))
  const byZoneAddress = new Map(lab.web.map((w) => [w.zoneAddress, w.address]))
  return {
    mapUrl(url) {
      const web = byHost.get(url.hostAscii.replace(/\.$/, ''))
      if (web === undefined || url.port !== null) return url
      return withPort(url, url.scheme === 'https' ? web.httpsPort : web.httpPort)
    },
    isLabHost(host) {
      return byHost.has(host.replace(/\.$/, ''))
    },
    connectAddress(resolved) {
      const address = byZoneAddress.get(resolved) ?? resolved
      if (!isLoopback(address)) {
        throw new WiretrailError('RECORD_NOT_IN_LAB', `${address} is outside the lab (127.0.0.0/8): the lab target never contacts other addresses; choose the internet target to load it`, { address })
      }
      return address
    },
    kernelFilter() {
      if (!lab.singleAddress) return `net 127.${lab.addressBlock}.0.0/16`
      const ports = new Set<number>([...lab.dnsServers.map((s) => s.port), lab.localDns.port, ...lab.web.flatMap((w) => [w.httpPort, w.httpsPort])])
      return `host 127.0.0.1 and (${[...ports].map((p) => `port ${p}`).join(' or ')})`
    },
  }
}

export function isLoopback(address: string): boolean {
  return (isIPv4(address) && address.startsWith('127.')) || address === '::1'
}
