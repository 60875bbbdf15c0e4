// What Node keeps on a socket's private handle: the OS descriptor and getsockname(), which the
// socket tap reports (STORY 04: the descriptor; the port the stack assigned at connect()).
import { isIPv6, type Socket } from 'node:net'
import type { Endpoint } from './tap.ts'

export function endpointText(endpoint: Endpoint): string {
  return endpoint.family === 6 ? `[${endpoint.address}]:${endpoint.port}` : `${endpoint.address}:${endpoint.port}`
}

/** Node keeps the descriptor on the private handle (`_handle.fd`, Unix only). */
export function descriptorOf(socket: Socket): number | null {
  return handleDescriptor((socket as unknown as { _handle?: { fd?: unknown } })._handle)
}

/** The descriptor on a libuv handle (a net.Socket's `_handle`, a dgram socket's state handle). */
export function handleDescriptor(handle: { fd?: unknown } | undefined | null): number | null {
  const fd = handle?.fd
  return typeof fd === 'number' && fd >= 0 ? fd : null
}

/** getsockname() on the private handle: valid as soon as connect(2) was called. */
export function localEndpointOf(socket: Socket): Endpoint | null {
  const handle = (socket as unknown as { _handle?: { getsockname?: (out: Record<string, unknown>) => number } })._handle
  if (handle?.getsockname === undefined) return null
  const out: Record<string, unknown> = {}
  if (handle.getsockname(out) !== 0 || typeof out.port !== 'number' || out.port === 0) return null
  const address = String(out.address)
  return { address, port: out.port, family: isIPv6(address) ? 6 : 4 }
}
