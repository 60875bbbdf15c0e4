// Statistics → Conversations and Protocol Hierarchy, as Wireshark's (tshark -z conv,… and -z
// io,phs), made from the frame index alone in one pass over its columns (no frame is re-read): a
// million frames take milliseconds, and the answer holds one row per conversation, not per frame.
import type { Conversation, ConversationKind, ProtocolNode } from '../shared/walkthrough.ts'
import { PROTOCOL_BITS, type FrameTable } from './frame-table.ts'

/** Conversations of one kind: TCP by its stream, UDP by the two address:port ends, IPv4 and IPv6 by
 * the two addresses; A is the sender of the conversation's first frame; frames and bytes on the wire. */
export function conversations(t: FrameTable, kind: ConversationKind): Conversation[] {
  const byKey = new Map<string | number, { row: Conversation; aSrc: number; aPort: number; last: number }>()
  const layer = kind === 'ipv6' ? PROTOCOL_BITS.ipv6 : kind === 'ip' ? PROTOCOL_BITS.ip : kind === 'tcp' ? PROTOCOL_BITS.tcp : PROTOCOL_BITS.udp
  const withPorts = kind === 'tcp' || kind === 'udp'
  for (let i = 0; i < t.length; i++) {
    const bits = t.proto[i]!
    if ((bits & layer) === 0 || t.src[i] === 0) continue
    const src = t.src[i]!
    const dst = t.dst[i]!
    const sp = withPorts ? t.srcPort[i]! : 0
    const dp = withPorts ? t.dstPort[i]! : 0
    let key: string | number
    if (kind === 'tcp') {
      if (t.connection[i]! < 0) continue
      key = t.connection[i]!
    } else {
      // The two ends in a fixed order, so both directions find the same conversation.
      const first = src < dst || (src === dst && sp <= dp)
      key = first ? `${src}:${sp}-${dst}:${dp}` : `${dst}:${dp}-${src}:${sp}`
    }
    let c = byKey.get(key)
    if (!c) {
      const end = (address: number, port: number) => (withPorts ? { address: t.addresses[address]!, port } : { address: t.addresses[address]! })
      c = {
        row: { a: end(src, sp), b: end(dst, dp), aToB: { frames: 0, bytes: 0 }, bToA: { frames: 0, bytes: 0 }, start: t.t[i]!, duration: 0, ...(kind === 'tcp' ? { stream: key as number } : {}) },
        aSrc: src,
        aPort: sp,
        last: t.t[i]!,
      }
      byKey.set(key, c)
    }
    const fromA = src === c.aSrc && sp === c.aPort
    const side = fromA ? c.row.aToB : c.row.bToA
    side.frames++
    side.bytes += t.origLen[i]!
    c.last = t.t[i]!
  }
  return [...byKey.values()].map(({ row, last }) => ({ ...row, duration: last - row.start }))
}

/** The link layer's protocol name, as Wireshark names it, by link type. */
const LINK_NAMES: Record<number, string> = { 0: 'null', 1: 'eth', 12: 'raw', 14: 'raw', 101: 'raw', 108: 'loop', 113: 'sll', 228: 'raw', 229: 'raw', 276: 'sll' }

/** Frames and bytes per protocol, nested as the layers are: link → IPv4/IPv6/ARP → TCP/UDP/ICMP →
 * DNS, mDNS, LLMNR, HTTP, TLS (the protocols the index knows per frame; Wireshark also lists the
 * media types inside HTTP bodies and undissected `data`, which this does not). */
export function protocolHierarchy(t: FrameTable): ProtocolNode[] {
  const roots: ProtocolNode[] = []
  const child = (list: ProtocolNode[], protocol: string): ProtocolNode => {
    let node = list.find((n) => n.protocol === protocol)
    if (!node) list.push((node = { protocol, frames: 0, bytes: 0, children: [] }))
    return node
  }
  const path: string[] = []
  for (let i = 0; i < t.length; i++) {
    const bits = t.proto[i]!
    path.length = 0
    path.push(LINK_NAMES[t.linkType[i]!] ?? `linktype-${t.linkType[i]}`)
    if (bits & PROTOCOL_BITS.arp) path.push('arp')
    const ipLayer = bits & PROTOCOL_BITS.ip ? 'ip' : bits & PROTOCOL_BITS.ipv6 ? 'ipv6' : null
    if (ipLayer) {
      path.push(ipLayer)
      if (bits & PROTOCOL_BITS.icmp) path.push(ipLayer === 'ip' ? 'icmp' : 'icmpv6')
      else if (bits & PROTOCOL_BITS.tcp) path.push('tcp')
      else if (bits & PROTOCOL_BITS.udp) path.push('udp')
      if (bits & (PROTOCOL_BITS.tcp | PROTOCOL_BITS.udp) && !(bits & PROTOCOL_BITS.icmp)) {
        if (bits & PROTOCOL_BITS.mdns) path.push('mdns')
        else if (bits & PROTOCOL_BITS.llmnr) path.push('llmnr')
        else if (bits & PROTOCOL_BITS.dns) path.push('dns')
        else if (bits & PROTOCOL_BITS.tls && bits & PROTOCOL_BITS.http) path.push('http', 'tls')
        else if (bits & PROTOCOL_BITS.http) path.push('http')
        else if (bits & PROTOCOL_BITS.tls) path.push('tls')
      }
    }
    let list = roots
    for (const protocol of path) {
      const node = child(list, protocol)
      node.frames++
      node.bytes += t.origLen[i]!
      list = node.children
    }
  }
  return roots
}
