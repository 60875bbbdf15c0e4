// Ethernet + IPv4/IPv6 headers in front of a transport segment, and the pseudo-header sum its
// checksum starts from. Wiretrail's synthesized frames use link type Ethernet with all-zero MAC
// addresses, exactly what tcpdump writes for Linux's loopback interface, so a synthesized capture
// and a kernel capture of the same load look alike to every reader. Hand-written: field-exact
// frames with correct checksums are the point (no maintained npm library builds them).
//
// Speed matters here (every frame of a recording passes through while the page loads): a frame is
// laid out byte by byte straight into the capture writer's output buffer (capture-file's
// PacketBytes: no buffer of its own, no second copy), and the checksums are summed from the values
// written (RFC 1071 §2: the sum is order-independent) instead of re-reading the frame.
import { finishChecksum } from './checksum.ts'
import { addressWords, type AddressWords } from './addresses.ts'

export const LINKTYPE_ETHERNET = 1
export const ETHERNET_HEADER = 14
export const IPV4_HEADER = 20
export const IPV6_HEADER = 40
export const IP_PROTOCOL_TCP = 6
export const IP_PROTOCOL_UDP = 17
const ETHERTYPE_IPV4 = 0x0800
const ETHERTYPE_IPV6 = 0x86dd
const TTL = 64
const IPV4_VERSION_IHL = 0x45 // version 4, header length 5 words
const IPV4_DONT_FRAGMENT = 0x4000 // flags: don't fragment; fragment offset 0

export interface IpPair {
  family: 4 | 6
  src: string
  dst: string
}

/** An address pair with both addresses parsed (addressWords): made once per direction of a flow
 * and shared by its frames, so that laying out a frame looks nothing up. */
export interface LinkPair {
  family: 4 | 6
  src: AddressWords
  dst: AddressWords
}

export function linkPair(pair: IpPair): LinkPair {
  return { family: pair.family, src: addressWords(pair.src, pair.family), dst: addressWords(pair.dst, pair.family) }
}

/** Bytes in front of the transport header. */
export function linkAndIpLength(family: 4 | 6): number {
  return ETHERNET_HEADER + (family === 4 ? IPV4_HEADER : IPV6_HEADER)
}

/**
 * Writes Ethernet + IP headers at `frame[at]` (where the whole frame goes, contents arbitrary) for
 * `transportLength` bytes of transport header and payload. Returns the transport checksum's
 * pseudo-header sum (RFC 9293 §3.1, RFC 768, RFC 8200 §8.1), not folded.
 */
export function writeLinkAndIp(frame: Uint8Array, at: number, pair: LinkPair, protocol: number, transportLength: number, ipId: number): number {
  const { src, dst } = pair
  // Ethernet: destination and source MAC all zero (as on Linux loopback), then the EtherType.
  frame.fill(0, at, at + 12)
  const ethertype = pair.family === 4 ? ETHERTYPE_IPV4 : ETHERTYPE_IPV6
  frame[at + 12] = ethertype >> 8
  frame[at + 13] = ethertype & 0xff
  const ip = at + ETHERNET_HEADER
  if (pair.family === 4) {
    const total = (IPV4_HEADER + transportLength) & 0xffff
    const id = ipId & 0xffff
    frame[ip + 0] = IPV4_VERSION_IHL
    frame[ip + 1] = 0 // DSCP/ECN
    frame[ip + 2] = total >> 8 // total length
    frame[ip + 3] = total & 0xff
    frame[ip + 4] = id >> 8 // identification
    frame[ip + 5] = id & 0xff
    frame[ip + 6] = IPV4_DONT_FRAGMENT >> 8
    frame[ip + 7] = 0
    frame[ip + 8] = TTL
    frame[ip + 9] = protocol
    frame.set(src.bytes, ip + 12)
    frame.set(dst.bytes, ip + 16)
    // Header checksum: the header's words (checksum field zero) are these.
    const checksum = finishChecksum((IPV4_VERSION_IHL << 8) + total + id + IPV4_DONT_FRAGMENT + ((TTL << 8) | protocol) + src.sum + dst.sum)
    frame[ip + 10] = checksum >> 8
    frame[ip + 11] = checksum & 0xff
    return src.sum + dst.sum + protocol + transportLength
  }
  frame[ip + 0] = 0x60 // version 6, traffic class 0, flow label 0
  frame[ip + 1] = 0
  frame[ip + 2] = 0
  frame[ip + 3] = 0
  frame[ip + 4] = (transportLength >> 8) & 0xff // payload length
  frame[ip + 5] = transportLength & 0xff
  frame[ip + 6] = protocol // next header
  frame[ip + 7] = TTL // hop limit
  frame.set(src.bytes, ip + 8)
  frame.set(dst.bytes, ip + 24)
  return src.sum + dst.sum + protocol + (transportLength >>> 16) + (transportLength & 0xffff)
}
