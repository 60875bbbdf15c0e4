// DNS over TCP framing, in one place (RFC 1035 §4.2.2, RFC 7766 §8): every message on a TCP
// connection is preceded by its length as two bytes, big-endian; a message may arrive in several
// reads and one read may carry several messages. Used by the lab's DNS listener, the resolver's
// TCP exchange, the analyzer's stream reassembly, the packet detail pane and the recorder's frame
// notes. Pure TS over Uint8Array. The buffer is bounded: at most one incomplete message (the prefix
// cannot say more than 65,535 bytes) waits for the rest.

/** The largest DNS message TCP can carry: the length prefix is 16 bits. */
export const MAX_TCP_MESSAGE = 0xffff

/** The message preceded by its 2-byte length. Throws for a message the prefix cannot describe. */
export function frameTcpMessage(message: Uint8Array): Uint8Array {
  if (message.length > MAX_TCP_MESSAGE) throw new RangeError(`a DNS message of ${message.length} bytes does not fit TCP's 16-bit length prefix`)
  const framed = new Uint8Array(2 + message.length)
  framed[0] = message.length >> 8
  framed[1] = message.length & 0xff
  framed.set(message, 2)
  return framed
}

/** Collects the bytes read from one direction of a connection and hands out whole messages. */
export class TcpMessageFramer {
  private pending: Uint8Array = new Uint8Array(0)

  /** Adds bytes read from the stream; returns the messages they complete (without prefixes), in order. */
  push(chunk: Uint8Array): Uint8Array[] {
    let joined: Uint8Array
    if (this.pending.length === 0) joined = chunk
    else {
      joined = new Uint8Array(this.pending.length + chunk.length)
      joined.set(this.pending, 0)
      joined.set(chunk, this.pending.length)
    }
    const messages: Uint8Array[] = []
    let o = 0
    while (o + 2 <= joined.length) {
      const length = (joined[o]! << 8) | joined[o + 1]!
      if (o + 2 + length > joined.length) break
      messages.push(joined.slice(o + 2, o + 2 + length))
      o += 2 + length
    }
    this.pending = joined.slice(o)
    return messages
  }

  /** Bytes of an incomplete message still waiting for the rest. */
  get bufferedBytes(): number {
    return this.pending.length
  }

  /** The length its prefix gives the incomplete message, or −1 while fewer than its 2 prefix bytes are in. */
  get pendingLength(): number {
    return this.pending.length < 2 ? -1 : (this.pending[0]! << 8) | this.pending[1]!
  }

  /** Forgets a partial message (after a gap in the stream, the boundaries are lost). */
  reset(): void {
    this.pending = new Uint8Array(0)
  }
}

/** The length-prefixed messages inside bytes[offset, end) (one TCP segment): each with the offset
 * of its prefix, the length the prefix gives, and whether all of it is there. */
export function splitTcpMessages(b: Uint8Array, offset: number, end: number): { offset: number; length: number; complete: boolean }[] {
  const out: { offset: number; length: number; complete: boolean }[] = []
  for (let o = offset; o + 2 <= end; ) {
    const length = (b[o]! << 8) | b[o + 1]!
    const complete = o + 2 + length <= end
    out.push({ offset: o, length, complete })
    if (!complete) break
    o += 2 + length
  }
  return out
}
