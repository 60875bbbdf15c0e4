// One UDP datagram as a complete frame (RFC 768), checksum included.
import { finishChecksum, sumWords } from './checksum.ts'
import { allocateFrame, IP_PROTOCOL_UDP, linkAndIpLength, writeLinkAndIp, type IpPair } from './link.ts'

const UDP_HEADER = 8

export function udpFrame(pair: IpPair, srcPort: number, dstPort: number, payload: Uint8Array, ipId: number): Uint8Array {
  const t = linkAndIpLength(pair.family)
  const length = UDP_HEADER + payload.length
  const frame = allocateFrame(t + length)
  const pseudo = writeLinkAndIp(frame, pair, IP_PROTOCOL_UDP, length, ipId)
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
  return frame
}
