// DNS over TCP in a reassembled stream (src-main/dns/tcp-framing.ts): each complete message is
// handed on with the frame that completed it (as Wireshark reports a reassembled PDU).
import { TcpMessageFramer } from '../dns/tcp-framing.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export class DnsTcpDirection implements StreamConsumer {
  private readonly framer = new TcpMessageFramer()
  private lost = false
  /** `onMessage`: one message's bytes (without its length prefix). */
  constructor(private readonly onMessage: (message: Uint8Array, frame: number) => void) {}

  data(buf: Uint8Array, start: number, end: number, frame: number): void {
    if (this.lost) return
    for (const message of this.framer.push(buf.subarray(start, end))) this.onMessage(message, frame)
  }

  gap(): void {
    // Without the length prefix the message boundaries are lost for good.
    this.lost = true
    this.framer.reset()
  }

  end(): void {}
}
