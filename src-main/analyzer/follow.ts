// Follow TCP stream (Wireshark's Analyze → Follow → TCP Stream, tshark -z follow,tcp,…): the bytes
// each side of one connection sent, in the order they were delivered, as chunks that alternate
// between client and server. Made on demand in the worker from the connection's frames (read from
// the file through the frame index), with the same decoders as the detail view; each direction is
// put in sequence order as a receiver would: a retransmitted or overlapping byte is taken once, a
// segment that arrives early waits for the bytes before it. Bounded: MAX_FOLLOW_BYTES in all (then
// `truncated`), MAX_HELD_SEGMENTS waiting per direction. Bytes never captured (the other side
// acknowledged them, so they were sent) are a gap, as Wireshark marks "[N bytes missing in capture
// file]": the chunk after it says how many.
import { newContext } from '../decode/core.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import type { FollowChunk, FollowedStream } from '../shared/walkthrough.ts'
import type { DetailReader } from './detail.ts'
import type { FrameTable } from './frame-table.ts'
import type { ConnectionEndsAndFrames } from './trackers/tcp.ts'

export const MAX_FOLLOW_BYTES = 32 * 1024 * 1024
const MAX_HELD_SEGMENTS = 4096

type Deliver = (frame: number, bytes: Uint8Array, missingBefore: number) => void

interface Segment {
  frame: number
  seq: number
  bytes: Uint8Array
}

/** One direction's receiver: the next sequence number expected and the segments that came early. */
class Receiver {
  next: number | null = null
  held: Segment[] = []
  bytes = 0

  /** The new bytes of `s` now deliverable in order (a retransmission gives nothing), then any held
   * segments that have become next. */
  take(s: Segment, deliver: Deliver): void {
    if (this.next === null) this.next = s.seq
    const ahead = (s.seq - this.next) | 0
    if (ahead > 0) {
      if (this.held.length < MAX_HELD_SEGMENTS) this.held.push(s)
      return
    }
    this.deliverFrom(s, -ahead, deliver)
    this.drain(deliver)
  }

  /** The other side acknowledged `ack`: bytes before it that never came were lost to the capture,
   * so the held segments are delivered after the gap (in sequence order). */
  acknowledged(ack: number, deliver: Deliver): void {
    while (this.next !== null && this.held.length > 0 && ((ack - this.next) | 0) > 0) {
      let first = 0
      for (let k = 1; k < this.held.length; k++) if (((this.held[k]!.seq - this.held[first]!.seq) | 0) < 0) first = k
      const h = this.held.splice(first, 1)[0]!
      const gap = (h.seq - this.next) | 0
      if (gap > 0) this.next = h.seq
      this.deliverFrom(h, gap > 0 ? 0 : -gap, deliver, gap > 0 ? gap : 0)
      this.drain(deliver)
    }
  }

  private drain(deliver: Deliver): void {
    for (let progressed = true; progressed && this.held.length > 0; ) {
      progressed = false
      for (let k = 0; k < this.held.length; k++) {
        const h = this.held[k]!
        const d = (h.seq - this.next!) | 0
        if (d <= 0) {
          this.held.splice(k, 1)
          this.deliverFrom(h, -d, deliver)
          progressed = true
          break
        }
      }
    }
  }

  private deliverFrom(s: Segment, skip: number, deliver: Deliver, missingBefore = 0): void {
    if (skip >= s.bytes.length) return
    const fresh = s.bytes.subarray(skip)
    this.next = (this.next! + fresh.length) >>> 0
    this.bytes += fresh.length
    deliver(s.frame, fresh, missingBefore)
  }
}

/** The stream of connection `c` (its frames found in the frame index's connection column). */
export async function followTcpStream(table: FrameTable, reader: DetailReader, c: ConnectionEndsAndFrames): Promise<FollowedStream> {
  const frames: number[] = []
  for (let i = c.firstFrame; i <= c.lastFrame && i < table.length; i++) if (table.connection[i] === c.index) frames.push(i)
  const receivers = { client: new Receiver(), server: new Receiver() }
  const parts: { from: FollowChunk['from']; frames: number[]; pieces: Uint8Array[]; missingBefore?: number }[] = []
  let total = 0
  let truncated = false
  await reader.scan(frames, (i, b) => {
    const ctx = newContext(false)
    const net = decodeNetwork(ctx, table.linkType[i]!, b, b.length < table.origLen[i]!)
    if (!net.ip || net.ip.fragment) return
    const tcp = decodeTransport(ctx, net.ip, b, false).tcp
    if (!tcp) return
    const from = net.ip.src === c.clientIp && tcp.srcPort === c.clientPort ? 'client' : 'server'
    const receiver = receivers[from]
    const deliver =
      (side: FollowChunk['from']): Deliver =>
      (frame, bytes, missingBefore) => {
        if (truncated) return
        let piece = bytes
        if (total + piece.length > MAX_FOLLOW_BYTES) {
          piece = piece.subarray(0, MAX_FOLLOW_BYTES - total)
          truncated = true
        }
        total += piece.length
        const last = parts[parts.length - 1]
        // Consecutive deliveries from one side are one chunk (as Wireshark shows them), unless a gap
        // comes between.
        if (last && last.from === side && missingBefore === 0) {
          last.pieces.push(piece)
          last.frames.push(frame)
        } else parts.push({ from: side, frames: [frame], pieces: [piece], ...(missingBefore > 0 ? { missingBefore } : {}) })
      }
    if (tcp.flags & 0x10) receivers[from === 'client' ? 'server' : 'client'].acknowledged(tcp.ack, deliver(from === 'client' ? 'server' : 'client'))
    // SYN takes one sequence number: the data starts after it.
    if (tcp.flags & 0x02) receiver.next = (tcp.seq + 1) >>> 0
    if (tcp.payloadEnd > tcp.payloadOffset) receiver.take({ frame: i + 1, seq: tcp.seq, bytes: b.subarray(tcp.payloadOffset, tcp.payloadEnd) }, deliver(from))
    return !truncated
  })
  return {
    connection: c.index,
    client: { address: c.clientIp, port: c.clientPort },
    server: { address: c.serverIp, port: c.serverPort },
    bytes: { client: receivers.client.bytes, server: receivers.server.bytes },
    chunks: parts.map(({ pieces, ...chunk }) => ({ ...chunk, bytes: Buffer.concat(pieces) })),
    truncated,
    missing: receivers.client.held.length + receivers.server.held.length,
  }
}
