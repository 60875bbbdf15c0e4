// ARP (RFC 826) for Ethernet/IPv4: who has this IP address? (how a host finds a MAC on its subnet).
import { addLayer, field, ipv4, issue, mac, u16, type DecodeContext } from './core.ts'

export interface ArpResult {
  opcode: number
  senderIp: string
  targetIp: string
  senderMac: string
  targetMac: string
}

export function decodeArp(ctx: DecodeContext, b: Uint8Array, off: number, end: number): ArpResult | null {
  if (end - off < 28) {
    issue(ctx, 'ARP', 'error', 'ARP_SHORT', { captured: end - off }, off, end - off)
    return null
  }
  const hlen = b[off + 4]!
  const plen = b[off + 5]!
  if (hlen !== 6 || plen !== 4) {
    issue(ctx, 'ARP', 'warning', 'ARP_SIZES_NOT_DISSECTED', { hardwareSize: hlen, protocolSize: plen }, off + 4, 2)
    return null
  }
  const r: ArpResult = {
    opcode: u16(b, off + 6),
    senderMac: mac(b, off + 8),
    senderIp: ipv4(b, off + 14),
    targetMac: mac(b, off + 18),
    targetIp: ipv4(b, off + 24),
  }
  const layer = addLayer(ctx, 'Address Resolution Protocol', off, 28)
  layer?.fields.push(
    field('arp.hw.type', 'Hardware type', off, 2, u16(b, off)),
    field('arp.proto.type', 'Protocol type', off + 2, 2, u16(b, off + 2)),
    field('arp.hw.size', 'Hardware size', off + 4, 1, hlen),
    field('arp.proto.size', 'Protocol size', off + 5, 1, plen),
    field('arp.opcode', 'Opcode', off + 6, 2, r.opcode, `Opcode: ${r.opcode === 1 ? 'request' : r.opcode === 2 ? 'reply' : 'other'} (${r.opcode})`),
    field('arp.src.hw_mac', 'Sender MAC address', off + 8, 6, r.senderMac),
    field('arp.src.proto_ipv4', 'Sender IP address', off + 14, 4, r.senderIp),
    field('arp.dst.hw_mac', 'Target MAC address', off + 18, 6, r.targetMac),
    field('arp.dst.proto_ipv4', 'Target IP address', off + 24, 4, r.targetIp),
  )
  return r
}

export function arpInfo(r: ArpResult): string {
  if (r.opcode === 1) return `Who has ${r.targetIp}? Tell ${r.senderIp}`
  if (r.opcode === 2) return `${r.senderIp} is at ${r.senderMac}`
  return `ARP opcode ${r.opcode}`
}
