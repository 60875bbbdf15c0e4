// One UDP datagram as a complete frame (RFC 768), checksum included.
import { frameFor, IP_PROTOCOL_UDP, transportChecksum, type IpPair } from './link.ts'

const UDP_HEADER = 8

export function udpFrame(pair: IpPair, srcPort: number, dstPort: number, payload: Uint8Array, ipId: number): Uint8Array {
  const layout = frameFor(pair, IP_PROTOCOL_UDP, UDP_HEADER + payload.length, ipId)
  const { frame, view, transport: t } = layout
  view.setUint16(t + 0, srcPort)
  view.setUint16(t + 2, dstPort)
  view.setUint16(t + 4, UDP_HEADER + payload.length)
  frame.set(payload, t + UDP_HEADER)
  const checksum = transportChecksum(layout, pair, IP_PROTOCOL_UDP)
  view.setUint16(t + 6, checksum === 0 ? 0xffff : checksum) // 0 means "no checksum" in UDP
  return frame
}
