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
  /** No answer possible: port unreachable (ICMP), connection refused or reset. */
  | { kind: 'error'; reason: string; rttMs: number }

export function endpointOf(address: string, port: number): Endpoint {
  return { address, port, family: isIPv6(address) ? 6 : 4 }
}

