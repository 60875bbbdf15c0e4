// The frame dissector: link layer → (VLAN/PPPoE) → ARP/IPv4/IPv6 → ICMP/UDP/TCP, then the
// application dissector the caller names (the analyzer knows each conversation's protocol).
// The order of hand-offs is the registry in ethertypes.ts / ipproto.ts / ports.ts.
import type { DecodeContext } from './core.ts'
import { decodeArp, type ArpResult } from './arp.ts'
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_PPPOE_SESSION, isVlan } from './ethertypes.ts'
import { decodeIcmp, type IcmpResult } from './icmp.ts'
import { IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from './ipproto.ts'
import { decodeIpv4, type IpResult } from './ipv4.ts'
import { decodeIpv6 } from './ipv6.ts'
import { decodeLink } from './link.ts'
import { decodePppoeSession } from './pppoe.ts'
import { decodeTcp, type TcpResult } from './tcp.ts'
import { decodeUdp, type UdpResult } from './udp.ts'
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

/** Link and network layers of one frame. `frameShort`: the capture kept fewer bytes than were sent. */
export function decodeNetwork(ctx: DecodeContext, linkType: number, b: Uint8Array, frameShort: boolean): NetworkLayers {
  const end = b.length
  let link = decodeLink(ctx, linkType, b, 0, end)
  for (let depth = 0; depth < 4; depth++) {
    if (isVlan(link.etherType)) link = decodeVlan(ctx, b, link.offset, end, link.etherType)
    else if (link.etherType === ETHERTYPE_PPPOE_SESSION) link = decodePppoeSession(ctx, b, link.offset, end)
    else break
  }
  const out: NetworkLayers = {}
  if (link.etherType === ETHERTYPE_IPV4) out.ip = decodeIpv4(ctx, b, link.offset, end, frameShort) ?? undefined
  else if (link.etherType === ETHERTYPE_IPV6) out.ip = decodeIpv6(ctx, b, link.offset, end, frameShort) ?? undefined
  else if (link.etherType === ETHERTYPE_ARP) out.arp = decodeArp(ctx, b, link.offset, end) ?? undefined
  return out
}

/** Transport layer over an IP payload b[ip.payloadOffset…ip.payloadEnd) (a frame or a reassembled datagram). */
export function decodeTransport(ctx: DecodeContext, ip: IpResult, b: Uint8Array, frameShort: boolean): TransportLayers {
  const out: TransportLayers = {}
  const o = ip.payloadOffset
  const end = ip.payloadEnd
  if (ip.protocol === IPPROTO_TCP) out.tcp = decodeTcp(ctx, b, o, end, ip.payloadLength, frameShort) ?? undefined
  else if (ip.protocol === IPPROTO_UDP) out.udp = decodeUdp(ctx, b, o, end, ip.payloadLength, frameShort) ?? undefined
  else if (ip.protocol === IPPROTO_ICMP) out.icmp = decodeIcmp(ctx, b, o, end, false) ?? undefined
  else if (ip.protocol === IPPROTO_ICMPV6) out.icmp = decodeIcmp(ctx, b, o, end, true) ?? undefined
  return out
}
