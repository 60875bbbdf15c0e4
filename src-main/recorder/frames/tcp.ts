// One TCP segment as a complete frame (RFC 9293 §3.1 header layout), checksum included.
import { frameFor, IP_PROTOCOL_TCP, transportChecksum, type IpPair } from './link.ts'

export const TCP_FIN = 0x01
export const TCP_SYN = 0x02
export const TCP_RST = 0x04
export const TCP_PSH = 0x08
export const TCP_ACK = 0x10

const TCP_HEADER = 20
const OPTION_NOP = 1
const OPTION_MSS = 2
const OPTION_WINDOW_SCALE = 3

export interface TcpSegment {
  pair: IpPair
  srcPort: number
  dstPort: number
  seq: number
  ack: number
  flags: number
  window: number
  /** SYN/SYN-ACK only: the MSS and window-scale options. */
  synOptions?: { mss: number; windowScale: number }
  payload?: Uint8Array
  ipId: number
}

export function tcpFrame(segment: TcpSegment): Uint8Array {
  const options = segment.synOptions === undefined ? [] : synOptionBytes(segment.synOptions)
  const headerLength = TCP_HEADER + options.length
  const payload = segment.payload ?? new Uint8Array(0)
  const layout = frameFor(segment.pair, IP_PROTOCOL_TCP, headerLength + payload.length, segment.ipId)
  const { frame, view, transport: t } = layout
  view.setUint16(t + 0, segment.srcPort)
  view.setUint16(t + 2, segment.dstPort)
  view.setUint32(t + 4, segment.seq >>> 0)
  view.setUint32(t + 8, segment.ack >>> 0)
  view.setUint8(t + 12, (headerLength / 4) << 4) // data offset in 32-bit words
  view.setUint8(t + 13, segment.flags)
  view.setUint16(t + 14, segment.window)
  // t + 16: checksum, filled below; t + 18: urgent pointer 0
  frame.set(options, t + TCP_HEADER)
  frame.set(payload, t + headerLength)
  view.setUint16(t + 16, transportChecksum(layout, segment.pair, IP_PROTOCOL_TCP))
  return frame
}

/** MSS (kind 2, length 4), NOP, window scale (kind 3, length 3): 8 bytes, a multiple of 4. */
function synOptionBytes(options: { mss: number; windowScale: number }): number[] {
  return [OPTION_MSS, 4, options.mss >> 8, options.mss & 0xff, OPTION_NOP, OPTION_WINDOW_SCALE, 3, options.windowScale]
}
