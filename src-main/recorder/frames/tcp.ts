// One TCP segment as a complete frame (RFC 9293 §3.1 header layout), checksum included, laid out
// straight into the capture writer's buffer (link.ts says why).
import { sumWords, finishChecksum } from './checksum.ts'
import type { PacketBytes } from '../capture-file/types.ts'
import { IP_PROTOCOL_TCP, linkAndIpLength, writeLinkAndIp, type IpPair } from './link.ts'

export const TCP_FIN = 0x01
export const TCP_SYN = 0x02
export const TCP_RST = 0x04
export const TCP_PSH = 0x08
export const TCP_ACK = 0x10

const TCP_HEADER = 20
const SYN_OPTIONS = 8
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
  synOptions?: { mss: number; windowScale: number } | undefined
  payload?: Uint8Array | undefined
  ipId: number
}

/** One TCP segment as a frame of `length` bytes, laid out where the capture writer asks. */
export class TcpFrame implements PacketBytes {
  readonly length: number

  constructor(private readonly segment: TcpSegment) {
    this.length = linkAndIpLength(segment.pair.family) + TCP_HEADER + (segment.synOptions === undefined ? 0 : SYN_OPTIONS) + (segment.payload?.length ?? 0)
  }

  writeTo(frame: Uint8Array, at: number): void {
    const segment = this.segment
    const options = segment.synOptions
    const headerLength = TCP_HEADER + (options === undefined ? 0 : SYN_OPTIONS)
    const payload = segment.payload
    const payloadLength = payload === undefined ? 0 : payload.length
    const t = at + linkAndIpLength(segment.pair.family)
    const pseudo = writeLinkAndIp(frame, at, segment.pair, IP_PROTOCOL_TCP, headerLength + payloadLength, segment.ipId)
    const { srcPort, dstPort, flags, window } = segment
    const seq = segment.seq >>> 0
    const ack = segment.ack >>> 0
    const offsetAndFlags = ((headerLength / 4) << 12) | flags // data offset in 32-bit words, then the flags
    frame[t + 0] = srcPort >> 8
    frame[t + 1] = srcPort & 0xff
    frame[t + 2] = dstPort >> 8
    frame[t + 3] = dstPort & 0xff
    frame[t + 4] = seq >>> 24
    frame[t + 5] = (seq >>> 16) & 0xff
    frame[t + 6] = (seq >>> 8) & 0xff
    frame[t + 7] = seq & 0xff
    frame[t + 8] = ack >>> 24
    frame[t + 9] = (ack >>> 16) & 0xff
    frame[t + 10] = (ack >>> 8) & 0xff
    frame[t + 11] = ack & 0xff
    frame[t + 12] = offsetAndFlags >> 8
    frame[t + 13] = offsetAndFlags & 0xff
    frame[t + 14] = window >> 8
    frame[t + 15] = window & 0xff
    frame[t + 18] = 0 // urgent pointer
    frame[t + 19] = 0
    // The checksum's sum: pseudo-header, the header's words as written (checksum field zero), payload.
    let sum = pseudo + srcPort + dstPort + (seq >>> 16) + (seq & 0xffff) + (ack >>> 16) + (ack & 0xffff) + offsetAndFlags + window
    if (options !== undefined) {
      // MSS (kind 2, length 4), NOP, window scale (kind 3, length 3): 8 bytes, a multiple of 4.
      const o = t + TCP_HEADER
      frame[o + 0] = OPTION_MSS
      frame[o + 1] = 4
      frame[o + 2] = options.mss >> 8
      frame[o + 3] = options.mss & 0xff
      frame[o + 4] = OPTION_NOP
      frame[o + 5] = OPTION_WINDOW_SCALE
      frame[o + 6] = 3
      frame[o + 7] = options.windowScale
      sum += ((OPTION_MSS << 8) | 4) + options.mss + ((OPTION_NOP << 8) | OPTION_WINDOW_SCALE) + ((3 << 8) | options.windowScale)
    }
    if (payload !== undefined && payloadLength > 0) {
      frame.set(payload, t + headerLength)
      sum = sumWords(payload, 0, payloadLength, sum) // the header's length is even: words line up
    }
    const checksum = finishChecksum(sum)
    frame[t + 16] = checksum >> 8
    frame[t + 17] = checksum & 0xff
  }
}
