// DNS over TCP in a reassembled stream (src-main/dns/tcp-framing.ts): each complete message is
// decoded and reported with the frame that completed it (as Wireshark reports a reassembled PDU).
import { newContext } from '../decode/core.ts'
import { decodeDns, type DnsMessage } from '../decode/dns.ts'
import { TcpMessageFramer } from '../dns/tcp-framing.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export class DnsTcpDirection implements StreamConsumer {
  private readonly framer = new TcpMessageFramer()
  private lost = false
  constructor(private readonly onMessage: (m: DnsMessage, frame: number, issues: number) => void) {}

  data(bytes: Uint8Array, frame: number): void {
    if (this.lost) return
    for (const message of this.framer.push(bytes)) {
      const ctx = newContext(false)
      const msg = decodeDns(ctx, message, 0, message.length)
      if (msg) this.onMessage(msg, frame, ctx.issues.length)
    }
  }

  gap(): void {
    // Without the length prefix the message boundaries are lost for good.
    this.lost = true
    this.framer.reset()
  }

  end(): void {}
}
