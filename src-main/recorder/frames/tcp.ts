// One TCP segment as a complete frame (RFC 9293 §3.1 header layout), checksum included, laid out
// straight into the capture writer's buffer (link.ts says why).
import { sumWords, finishChecksum } from './checksum.ts'
import type { PacketBytes } from '../capture-file/types.ts'
import { IP_PROTOCOL_TCP, linkAndIpLength, writeLinkAndIp, type LinkPair } from './link.ts'

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
/** The window-scale option's shift in every SYN and SYN-ACK: windows × 2^7 (tcp-flow.ts). */
export const WINDOW_SCALE = 7

/** One TCP segment as a frame of `length` bytes, laid out where the capture writer asks. Its fields
 * are the frame's own (no segment object per frame: a recording makes thousands while the page
 * loads, issue 11 §4). */
export class TcpFrame implements PacketBytes {
  readonly length: number

  /**
   * @param synMss SYN and SYN-ACK only: the MSS option's value, sent with the window-scale option
   *   (WINDOW_SCALE); 0 for every other segment (no options).
   */
  constructor(
    private readonly pair: LinkPair,
    private readonly srcPort: number,
    private readonly dstPort: number,
    private readonly seq: number,
    private readonly ack: number,
    private readonly flags: number,
    private readonly window: number,
    private readonly synMss: number,
    private readonly payload: Uint8Array | undefined,
    private readonly ipId: number,
  ) {
    this.length = linkAndIpLength(pair.family) + TCP_HEADER + (synMss === 0 ? 0 : SYN_OPTIONS) + (payload === undefined ? 0 : payload.length)
  }

  writeTo(frame: Uint8Array, at: number): void {
    const { pair, srcPort, dstPort, flags, window, synMss, payload } = this
    const headerLength = TCP_HEADER + (synMss === 0 ? 0 : SYN_OPTIONS)
    const payloadLength = payload === undefined ? 0 : payload.length
    const t = at + linkAndIpLength(pair.family)
    const pseudo = writeLinkAndIp(frame, at, pair, IP_PROTOCOL_TCP, headerLength + payloadLength, this.ipId)
    const seq = this.seq >>> 0
    const ack = this.ack >>> 0
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
    if (synMss !== 0) {
      // MSS (kind 2, length 4), NOP, window scale (kind 3, length 3): 8 bytes, a multiple of 4.
      const o = t + TCP_HEADER
      frame[o + 0] = OPTION_MSS
      frame[o + 1] = 4
      frame[o + 2] = synMss >> 8
      frame[o + 3] = synMss & 0xff
      frame[o + 4] = OPTION_NOP
      frame[o + 5] = OPTION_WINDOW_SCALE
      frame[o + 6] = 3
      frame[o + 7] = WINDOW_SCALE
      sum += ((OPTION_MSS << 8) | 4) + synMss + ((OPTION_NOP << 8) | OPTION_WINDOW_SCALE) + ((3 << 8) | WINDOW_SCALE)
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
