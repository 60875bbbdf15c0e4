// Ethernet + IPv4/IPv6 headers around a transport segment, with the transport checksum over the
// pseudo-header. Wiretrail's synthesized frames use link type Ethernet with all-zero MAC addresses,
// exactly what tcpdump writes for Linux's loopback interface, so a synthesized capture and a
// kernel capture of the same load look alike to every reader. Hand-written: field-exact frames
// with correct checksums are the point (no maintained npm library builds them).
import { finishChecksum, internetChecksum, sumWords } from './checksum.ts'
import { addressBytes } from './addresses.ts'

export const LINKTYPE_ETHERNET = 1
export const ETHERNET_HEADER = 14
export const IPV4_HEADER = 20
export const IPV6_HEADER = 40
export const IP_PROTOCOL_TCP = 6
export const IP_PROTOCOL_UDP = 17
const ETHERTYPE_IPV4 = 0x0800
const ETHERTYPE_IPV6 = 0x86dd
const TTL = 64

export interface IpPair {
  family: 4 | 6
  src: string
  dst: string
}

export interface FrameLayout {
  frame: Uint8Array
  view: DataView
  /** Offset of the transport header. */
  transport: number
}

/** Allocates a frame for `transportLength` bytes and writes Ethernet + IP headers. */
export function frameFor(pair: IpPair, protocol: number, transportLength: number, ipId: number): FrameLayout {
  const ipHeader = pair.family === 4 ? IPV4_HEADER : IPV6_HEADER
  const frame = new Uint8Array(ETHERNET_HEADER + ipHeader + transportLength)
  const view = new DataView(frame.buffer)
  // Ethernet: destination and source MAC all zero (as on Linux loopback), then the EtherType.
  view.setUint16(12, pair.family === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6)
  const ip = ETHERNET_HEADER
  if (pair.family === 4) {
    view.setUint8(ip + 0, 0x45) // version 4, header length 5 words
    view.setUint8(ip + 1, 0) // DSCP/ECN
    view.setUint16(ip + 2, IPV4_HEADER + transportLength) // total length
    view.setUint16(ip + 4, ipId & 0xffff) // identification
    view.setUint16(ip + 6, 0x4000) // flags: don't fragment; fragment offset 0
    view.setUint8(ip + 8, TTL)
    view.setUint8(ip + 9, protocol)
    frame.set(addressBytes(pair.src, 4), ip + 12)
    frame.set(addressBytes(pair.dst, 4), ip + 16)
    view.setUint16(ip + 10, internetChecksum(frame, ip, ip + IPV4_HEADER))
  } else {
    view.setUint32(ip + 0, 0x60000000) // version 6, traffic class 0, flow label 0
    view.setUint16(ip + 4, transportLength) // payload length
    view.setUint8(ip + 6, protocol) // next header
    view.setUint8(ip + 7, TTL) // hop limit
    frame.set(addressBytes(pair.src, 6), ip + 8)
    frame.set(addressBytes(pair.dst, 6), ip + 24)
  }
  return { frame, view, transport: ip + ipHeader }
}

/** Transport checksum over the IPv4/IPv6 pseudo-header (RFC 793 §3.1, RFC 768, RFC 8200 §8.1)
 * and the transport header + payload already in the frame. */
export function transportChecksum(layout: FrameLayout, pair: IpPair, protocol: number): number {
  const { frame, transport } = layout
  const length = frame.length - transport
  const ip = ETHERNET_HEADER
  let sum = pair.family === 4 ? sumWords(frame, ip + 12, ip + 20) : sumWords(frame, ip + 8, ip + 40)
  sum += protocol
  sum += pair.family === 4 ? length : (length >>> 16) + (length & 0xffff)
  return finishChecksum(sumWords(frame, transport, frame.length, sum))
}
