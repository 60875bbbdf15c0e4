// What a query over one transport (udp.ts, tcp.ts) is given and what it ends with. Each exchange
// opens a fresh socket, reports its whole life to the socket tap with the exact bytes, waits for a
// response that passes `matchResponse`, and always ends: response, TC=1, timeout or error.
import type { DnsMessage } from '../dns/message.ts'
import type { DnsServerRef } from '../shared/resolver-events.ts'
import type { Endpoint, SocketTap } from '../sockets/tap.ts'
import type { ExpectedResponse } from './match.ts'
import { isIPv6 } from 'node:net'

export interface ExchangeRequest {
  server: DnsServerRef
  /** The encoded query (without the TCP length prefix). */
  query: Buffer
  expected: ExpectedResponse
  timeoutMs: number
  tap: SocketTap
  /** Send from this local address (a DNS server's own), not the one the OS would choose. */
  localAddress?: string
  /** For the tap's 'socket' event: "query kr. server 127.53.1.1 for www.lab.cyber.co.kr. A". */
  label: string
  /** Called once the query is handed to the socket, with the socket's id. */
  onSent(socketId: string): void
  /** Called for every datagram/message that arrived but is not our answer (the query keeps waiting). */
  onDiscard(reason: string): void
}

export type ExchangeOutcome =
  | { kind: 'response'; message: DnsMessage; rttMs: number; size: number }
  /** TC=1: the answer did not fit; ask again over TCP. */
  | { kind: 'truncated'; rttMs: number; size: number }
  | { kind: 'timeout'; rttMs: number }
  /** No answer possible: no route, port unreachable (ICMP), connection refused or reset.
   * `errno` is the socket's error code when there was one (ENETUNREACH, ECONNREFUSED …). */
  | { kind: 'error'; reason: string; rttMs: number; errno?: string }

export function endpointOf(address: string, port: number): Endpoint {
  return { address, port, family: isIPv6(address) ? 6 : 4 }
}


/** Socket errors that mean this computer cannot reach the address at all (nothing was delivered):
 * no route for the network or the address family, or sending is forbidden. */
const NO_ROUTE_ERRORS = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EACCES', 'EPERM', 'ENETDOWN'])

export function isNoRouteError(errno: string | undefined): boolean {
  return errno !== undefined && NO_ROUTE_ERRORS.has(errno)
}

/** Why an exchange failed, in words that say what it means for the query. */
export function exchangeErrorReason(transport: 'udp' | 'tcp', code: string, address: string, message: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return transport === 'udp' ? 'port unreachable (ICMP): nothing listens there' : 'TCP connection refused: nothing listens there'
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `network unreachable: this computer has no route to ${address} (${code})`
    case 'EHOSTUNREACH':
      return `host unreachable: no route to ${address} (EHOSTUNREACH)`
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return `this computer cannot send to ${address}: it has no address of that family (${code})`
    case 'EACCES':
    case 'EPERM':
      return `sending to ${address} is not permitted (${code}): a firewall blocks it`
    default:
      return `${transport === 'tcp' ? 'TCP' : 'socket error'} ${code}: ${message}`
  }
}
