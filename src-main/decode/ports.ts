// Which application dissector a port suggests. Policy (as Wireshark's decode_udp_ports): the
// analyzer first uses what it learned about the conversation (content: a request line, a TLS
// record), then the lower port, then the higher one. mDNS (5353) and LLMNR (5355) use the DNS
// wire format but are separate protocols (tshark's `dns` filter does not count them).
export type AppProtocol = 'dns' | 'mdns' | 'llmnr' | 'http' | 'tls' | 'unknown'

// 10053/10080/10443: the embedded lab's default DNS/HTTP/HTTPS ports (docs/ARCHITECTURE.md), so
// Wiretrail's own recordings are dissected without extra settings.
export const LAB_DNS_PORT = 10053
const UDP_PORTS: Record<number, AppProtocol> = { 53: 'dns', [LAB_DNS_PORT]: 'dns', 5353: 'mdns', 5355: 'llmnr' }
const TCP_PORTS: Record<number, AppProtocol> = { 53: 'dns', [LAB_DNS_PORT]: 'dns', 80: 'http', 8080: 'http', 3128: 'http', 8000: 'http', 8008: 'http', 8088: 'http', 443: 'tls', 8443: 'tls', 853: 'tls', 10080: 'http', 10443: 'tls' }

function byPorts(table: Record<number, AppProtocol>, a: number, b: number): AppProtocol {
  const [low, high] = a <= b ? [a, b] : [b, a]
  return table[low] ?? table[high] ?? 'unknown'
}

export function udpApp(src: number, dst: number): AppProtocol {
  // DNS by either port; mDNS/LLMNR only when both or the destination say so (tshark: a query
  // *from* 5353 to 53 is DNS).
  if (src === 53 || dst === 53 || src === LAB_DNS_PORT || dst === LAB_DNS_PORT) return 'dns'
  return byPorts(UDP_PORTS, src, dst)
}

export function tcpApp(src: number, dst: number): AppProtocol {
  return byPorts(TCP_PORTS, src, dst)
}
