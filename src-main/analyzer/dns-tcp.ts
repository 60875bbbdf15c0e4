// DNS over TCP (RFC 7766): a 2-byte length before each message; a message may span segments and
// one segment may carry several. Each complete message is decoded and reported with the frame
// that completed it (as Wireshark reports a reassembled PDU).
import { newContext } from '../decode/core.ts'
import { decodeDns, type DnsMessage } from '../decode/dns.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export class DnsTcpDirection implements StreamConsumer {
  private buf = new Uint8Array(0)
  private lost = false
  constructor(private readonly onMessage: (m: DnsMessage, frame: number, issues: number) => void) {}

  data(bytes: Uint8Array, frame: number): void {
    if (this.lost) return
    const joined = new Uint8Array(this.buf.length + bytes.length)
    joined.set(this.buf, 0)
    joined.set(bytes, this.buf.length)
    let o = 0
    while (o + 2 <= joined.length) {
      const len = (joined[o]! << 8) | joined[o + 1]!
      if (o + 2 + len > joined.length) break
      const ctx = newContext(false)
      const msg = decodeDns(ctx, joined, o + 2, o + 2 + len)
      if (msg) this.onMessage(msg, frame, ctx.issues.length)
      o += 2 + len
    }
    this.buf = joined.slice(o)
  }

  gap(): void {
    // Without the length prefix the message boundaries are lost for good.
    this.lost = true
    this.buf = new Uint8Array(0)
  }

  end(): void {}
}
