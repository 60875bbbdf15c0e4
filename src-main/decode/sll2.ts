// Linux "cooked" capture v2 (LINKTYPE_LINUX_SLL2 276): 20-byte header, protocol first, then the
// interface index, ARPHRD type, packet type, address length and address.
import { addLayer, field, hex, hexBytes, issue, u16, u32, type DecodeContext } from './core.ts'
import { etherTypeName } from './ethertypes.ts'
import { linkResult, type LinkResult } from './ethernet.ts'

export function decodeSll2(ctx: DecodeContext, b: Uint8Array, off: number, end: number, into?: LinkResult): LinkResult {
  if (end - off < 20) {
    issue(ctx, 'Linux cooked capture v2', 'error', 'SLL2_HEADER_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const proto = u16(b, off)
  const layer = addLayer(ctx, 'Linux cooked capture v2', off, 20)
  if (layer) {
    const halen = b[off + 11]!
    layer.fields.push(
      field('sll.etype', 'Protocol', off, 2, proto, `Protocol: ${etherTypeName(proto)} (${hex(proto, 4)})`),
      field('sll.reserved', 'Reserved', off + 2, 2, u16(b, off + 2)),
      field('sll.ifindex', 'Interface index', off + 4, 4, u32(b, off + 4)),
      field('sll.hatype', 'Link-layer address type', off + 8, 2, u16(b, off + 8)),
      field('sll.pkttype', 'Packet type', off + 10, 1, b[off + 10]!),
      field('sll.halen', 'Link-layer address length', off + 11, 1, halen),
      field('sll.src.eth', 'Source', off + 12, Math.min(halen, 8), hexBytes(b, off + 12, Math.min(halen, 8), ':')),
    )
  }
  return linkResult(proto > 1500 ? proto : -1, off + 20, into)
}
