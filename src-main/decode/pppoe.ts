// PPPoE session stage (RFC 2516) with its PPP protocol field: how some DSL captures carry IP.
import { addLayer, field, hex, issue, u16, type DecodeContext } from './core.ts'
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ethertypes.ts'
import { linkResult, type LinkResult } from './ethernet.ts'

const PPP_IPV4 = 0x0021
const PPP_IPV6 = 0x0057

export function decodePppoeSession(ctx: DecodeContext, b: Uint8Array, off: number, end: number, into?: LinkResult): LinkResult {
  if (end - off < 8) {
    issue(ctx, 'PPPoE', 'error', 'PPPOE_HEADER_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const sessionId = u16(b, off + 2)
  const payloadLength = u16(b, off + 4)
  const proto = u16(b, off + 6)
  const layer = addLayer(ctx, 'PPP-over-Ethernet Session', off, 6)
  if (layer) {
    layer.fields.push(
      field('pppoe.version', 'Version', off, 1, b[off]! >> 4),
      field('pppoe.type', 'Type', off, 1, b[off]! & 0x0f),
      field('pppoe.code', 'Code', off + 1, 1, b[off + 1]!),
      field('pppoe.session_id', 'Session ID', off + 2, 2, sessionId, `Session ID: ${hex(sessionId, 4)}`),
      field('pppoe.payload_length', 'Payload Length', off + 4, 2, payloadLength),
    )
    const ppp = addLayer(ctx, 'Point-to-Point Protocol', off + 6, 2)
    ppp?.fields.push(field('ppp.protocol', 'Protocol', off + 6, 2, proto, `Protocol: ${proto === PPP_IPV4 ? 'IPv4' : proto === PPP_IPV6 ? 'IPv6' : 'Other'} (${hex(proto, 4)})`))
  }
  const etherType = proto === PPP_IPV4 ? ETHERTYPE_IPV4 : proto === PPP_IPV6 ? ETHERTYPE_IPV6 : -1
  return linkResult(etherType, off + 8, into)
}
