// TLS over one TCP connection (or inside an HTTP CONNECT tunnel): record framing per direction,
// handshake messages joined across records (ClientHello, ServerHello, Certificate), and — when
// keys are known — decryption of the records that follow (tls-decrypt.ts), whose plaintext is
// handed to the HTTP parser.
import { newContext } from '../decode/core.ts'
import { parseHandshake, TLS_APPLICATION_DATA, TLS_CHANGE_CIPHER_SPEC, TLS_HANDSHAKE, type HandshakeMessage } from '../decode/tls.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export interface TlsRecordEvent {
  fromClient: boolean
  type: number
  version: number
  /** Record body (ciphertext for protected records): a view valid during the callback only. */
  body: Uint8Array
  /** The record's 5-byte header: a view valid during the callback only, as `body`. */
  header: Uint8Array
  frame: number
}

export interface TlsSink {
  handshake(h: HandshakeMessage, fromClient: boolean, frame: number): void
  /** Every complete record, in order, for decryption. Return true when it was decrypted and used. */
  record?(r: TlsRecordEvent): void
  /** A record's header arrived in this frame (the record may complete in a later one). */
  recordStart?(fromClient: boolean, frame: number): void
  applicationData(fromClient: boolean, length: number, frame: number): void
}

export class TlsDirection implements StreamConsumer {
  /** The 5-byte header of the record being read (it may arrive in pieces). */
  private readonly head = new Uint8Array(5)
  private headLength = 0
  /** Bytes of the current record's body still to come; 0 between records. */
  private need = 0
  private type = 0
  private version = 0
  private length = 0
  /** The body being assembled across segments, or null when it is skipped (see keepBodies). */
  private body: Uint8Array | null = null
  private filled = 0
  private hs = new Uint8Array(0)
  private lost = false
  /** After ChangeCipherSpec (TLS ≤ 1.2) this direction's handshake records are encrypted. */
  encrypted = false
  /** Set once a ServerHello (or HelloRetryRequest) chose TLS 1.3: a ChangeCipherSpec is then only
   * the middlebox-compatibility dummy (RFC 8446 §D.4) — a ServerHello after a HelloRetryRequest
   * still follows it in clear, and encrypted handshake messages come as application_data records. */
  tls13 = false
  /** Application-data bodies are only needed to decrypt them: without keys they are skipped, not
   * copied (the analyzer sets this when the capture has the session's keys). */
  keepBodies = false
  constructor(
    private readonly fromClient: boolean,
    private readonly sink: TlsSink,
  ) {}

  /** Reads records straight from the segment; only a record split across segments is copied. */
  data(bytes: Uint8Array, start: number, end: number, frame: number): void {
    let o = start
    while (!this.lost && o < end) {
      if (this.need === 0) {
        const n = Math.min(5 - this.headLength, end - o)
        // At most 5 bytes: copied one by one (no view made for them).
        for (let k = 0; k < n; k++) this.head[this.headLength + k] = bytes[o + k]!
        if (this.headLength === 0) this.sink.recordStart?.(this.fromClient, frame)
        this.headLength += n
        o += n
        if (this.headLength < 5) return
        this.headLength = 0
        const h = this.head
        this.type = h[0]!
        this.version = (h[1]! << 8) | h[2]!
        this.length = (h[3]! << 8) | h[4]!
        if (this.type < 20 || this.type > 24 || h[1] !== 3) {
          this.lost = true
          return
        }
        const keep = this.type !== TLS_APPLICATION_DATA || this.keepBodies
        if (keep && o + this.length <= end) {
          // The whole body is in this segment: no copy.
          this.record(bytes.subarray(o, o + this.length), frame)
          o += this.length
          continue
        }
        this.body = keep ? new Uint8Array(this.length) : null
        this.filled = 0
        this.need = this.length
        if (this.need === 0) this.record(new Uint8Array(0), frame)
        continue
      }
      const n = Math.min(this.need, end - o)
      this.body?.set(bytes.subarray(o, o + n), this.filled)
      this.filled += n
      this.need -= n
      o += n
      if (this.need === 0) {
        const body = this.body ?? new Uint8Array(0)
        this.body = null
        this.record(body, frame)
      }
    }
  }

  /** One complete record. `body` is valid during the call only (empty when skipped). */
  private record(body: Uint8Array, frame: number): void {
    const type = this.type
    this.sink.record?.({ fromClient: this.fromClient, type, version: this.version, body, header: this.head, frame })
    if (type === TLS_CHANGE_CIPHER_SPEC) this.encrypted = !this.tls13
    else if (type === TLS_HANDSHAKE && !this.encrypted) this.handshakeBytes(body, frame)
    else if (type === TLS_APPLICATION_DATA) this.sink.applicationData(this.fromClient, this.length, frame)
  }

  /** Handshake messages may span records: join them, then parse each complete one. */
  handshakeBytes(body: Uint8Array, frame: number): void {
    let joined = body
    if (this.hs.length) {
      joined = new Uint8Array(this.hs.length + body.length)
      joined.set(this.hs, 0)
      joined.set(body, this.hs.length)
    }
    let o = 0
    while (o + 4 <= joined.length) {
      const type = joined[o]!
      const len = (joined[o + 1]! << 16) | (joined[o + 2]! << 8) | joined[o + 3]!
      if (o + 4 + len > joined.length) break
      const h = parseHandshake(newContext(false), joined, o + 4, type, len, o + 4 + len)
      this.sink.handshake(h, this.fromClient, frame)
      o += 4 + len
    }
    this.hs = joined.slice(o)
    if (this.hs.length > 1 << 20) this.hs = new Uint8Array(0)
  }

  gap(): void {
    this.lost = true
    this.body = null
  }

  end(): void {}
}
