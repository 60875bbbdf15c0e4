// EtherType numbers the dissectors hand on by (Wireshark's "ethertype" table, the part we use).
export const ETHERTYPE_IPV4 = 0x0800
export const ETHERTYPE_ARP = 0x0806
export const ETHERTYPE_VLAN = 0x8100
export const ETHERTYPE_QINQ = 0x88a8
export const ETHERTYPE_QINQ_OLD = 0x9100
export const ETHERTYPE_IPV6 = 0x86dd
export const ETHERTYPE_PPPOE_SESSION = 0x8864

const NAMES: Record<number, string> = {
  [ETHERTYPE_IPV4]: 'IPv4',
  [ETHERTYPE_ARP]: 'ARP',
  [ETHERTYPE_VLAN]: '802.1Q Virtual LAN',
  [ETHERTYPE_QINQ]: '802.1ad (QinQ)',
  [ETHERTYPE_QINQ_OLD]: '802.1Q (QinQ, 0x9100)',
  [ETHERTYPE_IPV6]: 'IPv6',
  [ETHERTYPE_PPPOE_SESSION]: 'PPPoE Session',
}

export function etherTypeName(type: number): string {
  return NAMES[type] ?? 'Unknown'
}

export function isVlan(type: number): boolean {
  return type === ETHERTYPE_VLAN || type === ETHERTYPE_QINQ || type === ETHERTYPE_QINQ_OLD
}
