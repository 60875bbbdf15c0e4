// Ethernet II (IEEE 802.3 framing with an EtherType). Hands on by EtherType (see ethertypes.ts).
import { addLayer, field, hex, issue, mac, u16, type DecodeContext } from './core.ts'
import { etherTypeName } from './ethertypes.ts'

const ETH_DST = 0
const ETH_SRC = 6
const ETH_TYPE = 12
export const ETH_HEADER = 14

export interface LinkResult {
  /** EtherType of what follows (0x0800 IPv4, 0x86dd IPv6, 0x0806 ARP, …); -1: nothing to hand on. */
  etherType: number
  /** Absolute offset of the next layer. */
  offset: number
}

/** A link-layer decoder's result, written into `into` when the caller gives one (the streaming pass
 * reuses one for every frame: DecodeScratch), else a new object. */
export function linkResult(etherType: number, offset: number, into?: LinkResult): LinkResult {
  if (into === undefined) return { etherType, offset }
  into.etherType = etherType
  into.offset = offset
  return into
}

export function decodeEthernet(ctx: DecodeContext, b: Uint8Array, off: number, end: number, into?: LinkResult): LinkResult {
  if (end - off < ETH_HEADER) {
    issue(ctx, 'Ethernet', 'error', 'ETHERNET_HEADER_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const type = u16(b, off + ETH_TYPE)
  const layer = addLayer(ctx, 'Ethernet II', off, ETH_HEADER)
  if (layer) {
    const dst = mac(b, off + ETH_DST)
    const src = mac(b, off + ETH_SRC)
    layer.fields.push(
      field('eth.dst', 'Destination', off + ETH_DST, 6, dst),
      field('eth.src', 'Source', off + ETH_SRC, 6, src),
      field('eth.type', 'Type', off + ETH_TYPE, 2, type, `Type: ${etherTypeName(type)} (${hex(type, 4)})`),
    )
  }
  // A length (≤ 1500) instead of a type is 802.3 with LLC: nothing we dissect further.
  return linkResult(type > 1500 ? type : -1, off + ETH_HEADER, into)
}
