// Does this computer have a route to an address? Asked before sending to an IPv6 name server, so
// that on a network without IPv6 (still common) the resolver skips AAAA glue with a note instead of
// failing a query per address. The probe is connect() on a UDP socket, which sends nothing: the
// kernel only looks the destination up in its routing table and picks a source address, and says
// ENETUNREACH (or EADDRNOTAVAIL, EAFNOSUPPORT, EHOSTUNREACH) when there is no way there.
import { createSocket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { isNoRouteError } from './transport.ts'

export interface RouteCheck {
  /** True when a datagram to `address` could leave; the probe's socket error otherwise. */
  reach(address: string): Promise<{ ok: true } | { ok: false; errno: string }>
}

/** Probes each address once per resolver (routes rarely change during a page load). */
export class RouteProbe implements RouteCheck {
  private readonly known = new Map<string, Promise<{ ok: true } | { ok: false; errno: string }>>()

  reach(address: string): Promise<{ ok: true } | { ok: false; errno: string }> {
    let result = this.known.get(address)
    if (result === undefined) {
      result = probe(address)
      this.known.set(address, result)
    }
    return result
  }

  clear(): void {
    this.known.clear()
  }
}

function probe(address: string): Promise<{ ok: true } | { ok: false; errno: string }> {
  return new Promise((resolve) => {
    let socket: ReturnType<typeof createSocket>
    try {
      socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4')
    } catch (error) {
      resolve({ ok: false, errno: (error as NodeJS.ErrnoException).code ?? 'EAFNOSUPPORT' })
      return
    }
    const done = (result: { ok: true } | { ok: false; errno: string }): void => {
      socket.removeAllListeners('error')
      socket.on('error', () => {})
      try {
        socket.close()
      } catch {
        // never bound: nothing to close
      }
      resolve(result)
    }
    // bind() itself fails on a host with IPv6 turned off (EAFNOSUPPORT / EADDRNOTAVAIL).
    socket.once('error', (error: NodeJS.ErrnoException) => done({ ok: false, errno: error.code ?? 'EUNKNOWN' }))
    socket.connect(53, address, (error?: Error) => {
      const errno = (error as NodeJS.ErrnoException | undefined)?.code
      if (errno === undefined) done({ ok: true })
      // Only "no way there" means no route; anything else (a busy system) is left to the query.
      else done(isNoRouteError(errno) ? { ok: false, errno } : { ok: true })
    })
  })
}
