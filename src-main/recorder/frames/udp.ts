// One UDP datagram as a complete frame (RFC 768), checksum included, laid out straight into the
// capture writer's buffer (link.ts says why).
import { finishChecksum, sumWords } from './checksum.ts'
import type { PacketBytes } from '../capture-file/types.ts'
import { IP_PROTOCOL_UDP, linkAndIpLength, writeLinkAndIp, type LinkPair } from './link.ts'

const UDP_HEADER = 8

/** One UDP datagram as a frame of `length` bytes, laid out where the capture writer asks. */
export class UdpFrame implements PacketBytes {
  readonly length: number

  constructor(
    private readonly pair: LinkPair,
    private readonly srcPort: number,
    private readonly dstPort: number,
    private readonly payload: Uint8Array,
    private readonly ipId: number,
  ) {
    this.length = linkAndIpLength(pair.family) + UDP_HEADER + payload.length
  }

  writeTo(frame: Uint8Array, at: number): void {
    const { pair, srcPort, dstPort, payload } = this
    const t = at + linkAndIpLength(pair.family)
    const length = UDP_HEADER + payload.length
    const pseudo = writeLinkAndIp(frame, at, pair, IP_PROTOCOL_UDP, length, this.ipId)
    const stored = length & 0xffff
    frame[t + 0] = srcPort >> 8
    frame[t + 1] = srcPort & 0xff
    frame[t + 2] = dstPort >> 8
    frame[t + 3] = dstPort & 0xff
    frame[t + 4] = stored >> 8
    frame[t + 5] = stored & 0xff
    frame.set(payload, t + UDP_HEADER)
    const sum = sumWords(payload, 0, payload.length, pseudo + srcPort + dstPort + stored)
    const checksum = finishChecksum(sum) || 0xffff // 0 means "no checksum" in UDP
    frame[t + 6] = checksum >> 8
    frame[t + 7] = checksum & 0xff
  }
}
