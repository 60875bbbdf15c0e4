// UDP (RFC 768). The length field bounds the payload (tshark trusts it too: a "UDP length 8"
// datagram carries no payload, whatever bytes follow). Port → application: see ports.ts.
import { addLayer, field, hex, issue, u16, type DecodeContext } from './core.ts'

const UDP_SPORT = 0
const UDP_DPORT = 2
const UDP_LEN = 4
const UDP_CSUM = 6
const UDP_HEADER = 8

export interface UdpResult {
  srcPort: number
  dstPort: number
  payloadOffset: number
  payloadEnd: number
  length: number
}

/** A result for decodeUdp to fill (the streaming pass reuses one for every datagram). */
export function newUdpResult(): UdpResult {
  return { srcPort: 0, dstPort: 0, payloadOffset: 0, payloadEnd: 0, length: 0 }
}

/** `into`: a result to fill instead of a new one. */
export function decodeUdp(ctx: DecodeContext, b: Uint8Array, off: number, end: number, ipPayloadLength: number, frameShort = false, into?: UdpResult): UdpResult | null {
  const avail = end - off
  if (avail < UDP_HEADER) {
    issue(ctx, 'UDP', frameShort ? 'note' : 'error', 'UDP_HEADER_SHORT', { captured: avail, cut: frameShort }, off, avail)
    return null
  }
  const length = u16(b, off + UDP_LEN)
  const r = into ?? newUdpResult()
  r.srcPort = u16(b, off + UDP_SPORT)
  r.dstPort = u16(b, off + UDP_DPORT)
  r.payloadOffset = off + UDP_HEADER
  r.payloadEnd = Math.min(end, off + Math.max(length, UDP_HEADER))
  r.length = length
  const layer = !ctx.detail ? null : addLayer(ctx, `User Datagram Protocol, Src Port: ${r.srcPort}, Dst Port: ${r.dstPort}`, off, UDP_HEADER)
  // Field objects only for the detail pane: the streaming pass decodes every datagram.
  const lenField = layer ? field('udp.length', 'Length', off + UDP_LEN, 2, length) : null
  if (layer && lenField) {
    layer.fields.push(
      field('udp.srcport', 'Source Port', off + UDP_SPORT, 2, r.srcPort),
      field('udp.dstport', 'Destination Port', off + UDP_DPORT, 2, r.dstPort),
      lenField,
      field('udp.checksum', 'Checksum', off + UDP_CSUM, 2, u16(b, off + UDP_CSUM), `Checksum: ${hex(u16(b, off + UDP_CSUM), 4)} [unverified]`),
    )
  }
  if (length < UDP_HEADER) {
    issue(ctx, 'UDP', 'error', 'UDP_BAD_LENGTH', { length }, off + UDP_LEN, 2)
    if (lenField) lenField.display = `Length: ${length} (bogus, must be >= 8)`
  } else if (length !== ipPayloadLength && ipPayloadLength >= 0) {
    issue(ctx, 'UDP', length > ipPayloadLength ? 'error' : 'warning', 'UDP_LENGTH_MISMATCH', { length, ipPayloadLength }, off + UDP_LEN, 2)
  } else if (off + length > end && !frameShort) {
    issue(ctx, 'UDP', 'error', 'UDP_LENGTH_PAST_CAPTURE', { length, captured: avail }, off + UDP_LEN, 2)
  }
  return r
}
