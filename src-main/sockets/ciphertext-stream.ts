// The stream TLS runs over. `tls.connect({ socket })` given a net.Socket would hand its native handle
// to OpenSSL and the ciphertext would never pass through JavaScript; given this plain Duplex, Node
// runs TLS over JS streams instead, so every TLS record going out or coming in passes here and can
// be tapped as the exact bytes on the wire (what the recorder writes as TCP payload).
import { Duplex } from 'node:stream'

export interface CiphertextSink {
  /** Bytes TLS wants to send: write them to the TCP socket (and tap them). */
  send(bytes: Buffer, done: (error?: Error | null) => void): void
  /** TLS has nothing more to send (after close_notify): half-close the TCP socket (FIN). */
  finish(): void
  /** TLS wants more incoming bytes: resume reading the TCP socket. */
  wantMore(): void
}

export class CiphertextStream extends Duplex {
  private readonly sink: CiphertextSink

  constructor(sink: CiphertextSink) {
    super({ allowHalfOpen: true })
    this.sink = sink
  }

  /** Hands bytes read from the TCP socket to TLS; false when TLS wants the socket paused. */
  deliver(bytes: Buffer): boolean {
    return this.push(bytes)
  }

  /** The TCP peer sent FIN: TLS sees the end of its input. */
  deliverEnd(): void {
    this.push(null)
  }

  override _read(): void {
    this.sink.wantMore()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.sink.send(chunk, callback)
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.sink.finish()
    callback()
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // The TCP socket's life is managed by ClientConnection (FIN or RST, both tapped), not here.
    callback(error)
  }
}
