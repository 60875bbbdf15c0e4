// Linux "cooked" capture v1 (LINKTYPE_LINUX_SLL 113): 16-byte pseudo header written by
// `tcpdump -i any`: packet type, ARPHRD type, address length and address, protocol (EtherType).
import { addLayer, field, hex, hexBytes, issue, u16, type DecodeContext } from './core.ts'
import { etherTypeName } from './ethertypes.ts'
import { linkResult, type LinkResult } from './ethernet.ts'

const PACKET_TYPES = ['Unicast to us', 'Broadcast', 'Multicast', 'Unicast to another host', 'Sent by us']

export function decodeSll(ctx: DecodeContext, b: Uint8Array, off: number, end: number, into?: LinkResult): LinkResult {
  if (end - off < 16) {
    issue(ctx, 'Linux cooked capture v1', 'error', 'SLL_HEADER_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const pkttype = u16(b, off)
  const hatype = u16(b, off + 2)
  const halen = u16(b, off + 4)
  const proto = u16(b, off + 14)
  const layer = addLayer(ctx, 'Linux cooked capture v1', off, 16)
  if (layer) {
    layer.fields.push(
      field('sll.pkttype', 'Packet type', off, 2, pkttype, `Packet type: ${PACKET_TYPES[pkttype] ?? 'Unknown'} (${pkttype})`),
      field('sll.hatype', 'Link-layer address type', off + 2, 2, hatype),
      field('sll.halen', 'Link-layer address length', off + 4, 2, halen),
      field('sll.src.eth', 'Source', off + 6, Math.min(halen, 8), hexBytes(b, off + 6, Math.min(halen, 8), ':')),
      field('sll.etype', 'Protocol', off + 14, 2, proto, `Protocol: ${etherTypeName(proto)} (${hex(proto, 4)})`),
    )
  }
  return linkResult(proto > 1500 ? proto : -1, off + 16, into)
}
