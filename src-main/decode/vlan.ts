// IEEE 802.1Q / 802.1ad VLAN tag: 2 bytes of TCI (priority, DEI, VLAN id), then the inner EtherType.
// An 802.1ad service tag (TPID 0x88a8, the outer tag of QinQ) has its own field names in Wireshark
// (ieee8021ad.*, priority and DEI shown on the first byte), which we follow.
import { addLayer, bits, field, hex, issue, u16, type DecodeContext } from './core.ts'
import { ETHERTYPE_QINQ, etherTypeName } from './ethertypes.ts'
import { linkResult, type LinkResult } from './ethernet.ts'

/** `tpid`: the EtherType that announced this tag (0x8100, 0x88a8 or 0x9100); `into` as decodeLink's. */
export function decodeVlan(ctx: DecodeContext, b: Uint8Array, off: number, end: number, tpid = 0x8100, into?: LinkResult): LinkResult {
  if (end - off < 4) {
    issue(ctx, '802.1Q', 'error', 'VLAN_TAG_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const tci = u16(b, off)
  const type = u16(b, off + 2)
  if (tpid === ETHERTYPE_QINQ) {
    const layer = addLayer(ctx, 'IEEE 802.1ad (QinQ service tag)', off, 4)
    layer?.fields.push(
      bits('ieee8021ad.priority', 'Priority', off, 1, 0xe0, tci >> 8),
      bits('ieee8021ad.dei', 'DEI', off, 1, 0x10, tci >> 8),
      bits('ieee8021ad.id', 'ID', off, 2, 0x0fff, tci),
      field('ieee8021ah.etype', 'Type', off + 2, 2, type, `Type: ${etherTypeName(type)} (${hex(type, 4)})`),
    )
    return linkResult(type > 1500 ? type : -1, off + 4, into)
  }
  const layer = addLayer(ctx, '802.1Q Virtual LAN', off, 4)
  if (layer) {
    const tciField = field('vlan.tci', 'TCI', off, 2, tci, `VLAN ${tci & 0x0fff}, priority ${tci >> 13}`)
    tciField.children = [
      bits('vlan.priority', 'Priority', off, 2, 0xe000, tci),
      bits('vlan.dei', 'DEI', off, 2, 0x1000, tci),
      bits('vlan.id', 'ID', off, 2, 0x0fff, tci),
    ]
    layer.fields.push(tciField, field('vlan.etype', 'Type', off + 2, 2, type, `Type: ${etherTypeName(type)} (${hex(type, 4)})`))
  }
  return linkResult(type > 1500 ? type : -1, off + 4, into)
}
