// The handoff table: which application protocol takes a conversation's bytes, decided once and used
// by both the streaming pass (a tracker gets the reassembled streams) and the detail view (a
// dissector draws one segment's field tree) — Wireshark's registration and handoff. The policy
// (after Wireshark's decode_tcp_ports / decode_udp_ports): DNS by its ports first (its 2-byte
// framing cannot be recognised by content), then what the first bytes are (an HTTP start line, a
// TLS record), then the ports (decode/ports.ts). Adding a protocol: an AppProtocol value, its
// entry in TCP_SEGMENT_DISSECTORS/UDP_DISSECTORS here, and its tracker in the pass's Record — the
// compiler points at each.
import type { DecodeContext } from '../decode/core.ts'
import { field } from '../decode/core.ts'
import { decodeDns, decodeDnsOverTcp, type DnsSegmentPieces } from '../decode/dns.ts'
import { decodeHttpSegment, looksLikeHttpStart } from '../decode/http.ts'
import { tcpApp, udpApp, type AppProtocol } from '../decode/ports.ts'
import { decodeTlsRecords, looksLikeTlsRecord } from '../decode/tls.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export type { AppProtocol } from '../decode/ports.ts'

/** Application-level Info for the frame that completed a message (frame index → protocol, text). */
export type { AppInfo } from './app-info.ts'

/** What a tracker needs to know of a TCP connection to take its streams. */
export interface ConnectionEnds {
  index: number
  clientIp: string
  clientPort: number
  serverIp: string
  serverPort: number
  /** The addresses' ids in the frame table (FrameTable.addresses). */
  clientAddress: number
  serverAddress: number
}

/** A tracker that takes a TCP connection's two reassembled directions (to the server, to the client). */
export interface TcpHandoff {
  attach(c: ConnectionEnds): [StreamConsumer, StreamConsumer]
}

/** The protocol of a TCP conversation, from its ports and the first payload bytes seen. */
export function tcpProtocol(clientPort: number, serverPort: number, first: Uint8Array): AppProtocol {
  const byPort = tcpApp(clientPort, serverPort)
  if (byPort === 'dns') return 'dns'
  if (looksLikeHttpStart(first, 0, first.length)) return 'http'
  if (looksLikeTlsRecord(first, 0, first.length)) return 'tls'
  return byPort
}

/** The protocol of a UDP datagram, from its ports. */
export function udpProtocol(srcPort: number, dstPort: number): AppProtocol {
  return udpApp(srcPort, dstPort)
}

/** What the detail view knows of the conversation a segment belongs to. */
export interface SegmentContext {
  /** The segment's frame number (from 1). */
  frame: number
  /** Its TLS session negotiated TLS 1.3 (encrypted handshake records then look like application data). */
  tls13: boolean
  /** DNS over TCP: which of the segment's bytes carry on a message begun in an earlier segment
   * (analyzer/dns-tcp.ts); null when it holds whole messages only. */
  dnsPieces: DnsSegmentPieces | null
}

/** Draws one TCP segment's payload b[o, end) for the conversation's protocol (detail view). */
type SegmentDissector = (ctx: DecodeContext, b: Uint8Array, o: number, end: number, conversation: SegmentContext) => void

function continued(label: string): SegmentDissector {
  return (ctx, _b, o, end) => {
    ctx.layers.push({ name: label, offset: o, length: end - o, fields: [field('tcp.payload', 'Payload', o, end - o, end - o, `${label}: ${end - o} bytes`)] })
  }
}

/** A segment that starts with TLS records is dissected as TLS whatever the conversation. */
function tlsOr(rest: SegmentDissector): SegmentDissector {
  return (ctx, b, o, end, conversation) => {
    if (looksLikeTlsRecord(b, o, end)) decodeTlsRecords(ctx, b, o, end, false, conversation.tls13)
    else rest(ctx, b, o, end, conversation)
  }
}

export const TCP_SEGMENT_DISSECTORS: Record<AppProtocol, SegmentDissector> = {
  dns: (ctx, b, o, end, conversation) => {
    decodeDnsOverTcp(ctx, b, o, end, conversation.frame, conversation.dnsPieces)
  },
  // A segment that starts a message shows its head; one in the middle of a body (or a CONNECT
  // tunnel's TLS) says what it continues.
  http: (ctx, b, o, end, conversation) => {
    if (looksLikeHttpStart(b, o, end)) decodeHttpSegment(ctx, b, o, end)
    else tlsOr(continued('HTTP message continued (body or part of a head)'))(ctx, b, o, end, conversation)
  },
  tls: tlsOr(continued('TLS records continued')),
  mdns: tlsOr(continued('TCP payload')),
  llmnr: tlsOr(continued('TCP payload')),
  unknown: tlsOr(continued('TCP payload')),
}

const DNS_TITLES: Record<Exclude<AppProtocol, 'http' | 'tls' | 'unknown'>, string> = {
  dns: 'Domain Name System',
  mdns: 'Multicast Domain Name System',
  llmnr: 'Link-local Multicast Name Resolution',
}

/** Draws one UDP datagram's payload b[o, end) (detail view); `cut`: the frame was cut by the snap length. */
export function dissectDatagram(ctx: DecodeContext, app: AppProtocol, b: Uint8Array, o: number, end: number, cut: boolean): void {
  if (app === 'dns' || app === 'mdns' || app === 'llmnr') decodeDns(ctx, b, o, end, DNS_TITLES[app], cut)
}
