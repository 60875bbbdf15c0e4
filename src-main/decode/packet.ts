// The frame dissector: link layer → (VLAN/PPPoE) → ARP/IPv4/IPv6 → ICMP/UDP/TCP, then the
// application dissector the caller names (the analyzer knows each conversation's protocol).
// The order of hand-offs is the registry in ethertypes.ts / ipproto.ts / ports.ts.
import type { DecodeContext } from './core.ts'
import { decodeArp, type ArpResult } from './arp.ts'
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_PPPOE_SESSION, isVlan } from './ethertypes.ts'
import { decodeIcmp, type IcmpResult } from './icmp.ts'
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './ipproto.ts'
import { decodeIpv4, Ipv4Result, type IpResult } from './ipv4.ts'
import { decodeIpv6 } from './ipv6.ts'
import type { LinkResult } from './ethernet.ts'
import { decodeLink } from './link.ts'
import { decodePppoeSession } from './pppoe.ts'
import { decodeTcp, newTcpResult, type TcpResult } from './tcp.ts'
import { decodeUdp, newUdpResult, type UdpResult } from './udp.ts'
import { decodeVlan } from './vlan.ts'

export interface NetworkLayers {
  arp?: ArpResult
  ip?: IpResult
}

export interface TransportLayers {
  icmp?: IcmpResult
  udp?: UdpResult
  tcp?: TcpResult
}

/** Results the streaming pass reuses for every frame, so a frame's decode makes no result objects
 * (the link layer's, IPv4, TCP, UDP and the layers holding them). What it returns is good until the next frame's
 * decode with the same scratch; the detail view and the packet list decode without one. */
export interface DecodeScratch {
  link: LinkResult
  network: NetworkLayers
  transport: TransportLayers
  ipv4: Ipv4Result
  tcp: TcpResult
  udp: UdpResult
}

export function newDecodeScratch(): DecodeScratch {
  return { link: { etherType: -1, offset: 0 }, network: { arp: undefined, ip: undefined }, transport: { icmp: undefined, udp: undefined, tcp: undefined }, ipv4: new Ipv4Result(), tcp: newTcpResult(), udp: newUdpResult() }
}

/** Link and network layers of one frame, b[start, end) (the streaming pass decodes a frame where the
 * reader read it: offsets are then the buffer's). `frameShort`: the capture kept fewer bytes than
 * were sent. */
export function decodeNetwork(ctx: DecodeContext, linkType: number, b: Uint8Array, frameShort: boolean, scratch?: DecodeScratch, start = 0, end = b.length): NetworkLayers {
  const into = scratch?.link
  let link = decodeLink(ctx, linkType, b, start, end, into)
  for (let depth = 0; depth < 4; depth++) {
    if (isVlan(link.etherType)) link = decodeVlan(ctx, b, link.offset, end, link.etherType, into)
    else if (link.etherType === ETHERTYPE_PPPOE_SESSION) link = decodePppoeSession(ctx, b, link.offset, end, into)
    else break
  }
  let out: NetworkLayers
  if (scratch) {
    out = scratch.network
    out.arp = undefined
    out.ip = undefined
  } else out = {}
  if (link.etherType === ETHERTYPE_IPV4) out.ip = decodeIpv4(ctx, b, link.offset, end, frameShort, scratch?.ipv4) ?? undefined
  else if (link.etherType === ETHERTYPE_IPV6) out.ip = decodeIpv6(ctx, b, link.offset, end, frameShort) ?? undefined
  else if (link.etherType === ETHERTYPE_ARP) out.arp = decodeArp(ctx, b, link.offset, end) ?? undefined
  return out
}

/** Transport layer over an IP payload b[ip.payloadOffset…ip.payloadEnd) (a frame or a reassembled datagram). */
export function decodeTransport(ctx: DecodeContext, ip: IpResult, b: Uint8Array, frameShort: boolean, scratch?: DecodeScratch): TransportLayers {
  let out: TransportLayers
  if (scratch) {
    out = scratch.transport
    out.icmp = undefined
    out.udp = undefined
    out.tcp = undefined
  } else out = {}
  const o = ip.payloadOffset
  const end = ip.payloadEnd
  if (ip.protocol === IPPROTO_TCP) out.tcp = decodeTcp(ctx, b, o, end, ip.payloadLength, frameShort, scratch?.tcp) ?? undefined
  else if (ip.protocol === IPPROTO_UDP) out.udp = decodeUdp(ctx, b, o, end, ip.payloadLength, frameShort, scratch?.udp) ?? undefined
  else if (ip.protocol === IPPROTO_ICMP) out.icmp = decodeIcmp(ctx, b, o, end, false) ?? undefined
  else if (ip.protocol === IPPROTO_ICMPV6) out.icmp = decodeIcmp(ctx, b, o, end, true) ?? undefined
  return out
}
