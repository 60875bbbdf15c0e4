// HTTP/1.x over one TCP connection: the two reassembled byte streams become request and
// response messages. Follows RFC 9112 §6 message framing: Content-Length, chunked (with
// trailers), close-delimited responses, no body for HEAD / 1xx / 204 / 304; pipelining (responses
// answer the oldest open request), interim 100 Continue, CONNECT and 101 turning the connection
// into a tunnel. Gaps (bytes never captured) are skipped inside bodies; anywhere else the parser
// resynchronises at the next request or status line. Compressed bodies are measured by the one
// bounded decoder (http/content-coding.ts): a bomb ends in a coded note on its exchange.
// Bounds: a head ≤ 64 KiB, a chunk-size line ≤ 4 KiB, a compressed body ≤ 64 MiB in and out.
import { parseCodings, type ContentDecodeResult, type ContentDecoder } from '../http/content-coding.ts'
import { newContext } from '../decode/core.ts'
import { findHeadEnd, header, looksLikeHttpStart, parseHttpHead, type HttpHead } from '../decode/http.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

export interface HttpMessage {
  head: HttpHead
  headText: string
  /** Frame holding the first byte, the frame completing the head, the frame completing the message. */
  firstFrame: number
  headFrame: number
  endFrame: number
  bodyWire: number
  /** The body's size without content coding: known at once for a plain body (the de-chunked
   * payload); for a compressed one zlib is still counting when the message is handed on. */
  bodyDecoded: number | Promise<ContentDecodeResult>
  complete: boolean
  /** Some of its bytes were never captured (a hole TCP reassembly could not fill). */
  gapped?: boolean
}

export interface HttpSink {
  /** A request head is complete (its body may follow): the exchange exists from here on. */
  requestHead(m: HttpMessage): void
  /** The whole request (head and body) is complete. */
  request(m: HttpMessage): void
  response(m: HttpMessage, interim: boolean): void
  tunnel(): void
}

const MAX_HEAD = 64 * 1024
const latin1 = new TextDecoder('latin1')

type State = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-crlf' | 'trailer' | 'close' | 'tunnel' | 'resync'

class Direction implements StreamConsumer {
  state: State = 'head'
  private buf = new Uint8Array(0)
  private remaining = 0
  private msg: HttpMessage | null = null
  /** The body's content coding being measured; null for a plain body. */
  private decoder: ContentDecoder | null = null
  private payloadBytes = 0
  tunnelData: ((b: Uint8Array, frame: number) => void) | null = null
  tunnelGap: ((n: number, frame: number) => void) | null = null
  constructor(
    private readonly isClient: boolean,
    private readonly conn: HttpConnectionParser,
  ) {}

  data(bytes: Uint8Array, frame: number): void {
    let b = bytes
    while (b.length) {
      switch (this.state) {
        case 'tunnel':
          this.tunnelData?.(b, frame)
          return
        case 'resync':
          if (!looksLikeHttpStart(b, 0, b.length)) return
          this.state = 'head'
          break
        case 'head': {
          if (this.buf.length === 0 && !this.mayStart(b)) {
            this.state = 'resync'
            return
          }
          const joined = concat(this.buf, b)
          const searchFrom = Math.max(0, this.buf.length - 3)
          const end = findHeadEnd(joined, searchFrom, joined.length, MAX_HEAD)
          if (this.buf.length === 0) this.msg = null
          if (!this.msg) this.msg = this.startMessage(frame)
          if (end < 0) {
            if (joined.length > MAX_HEAD) {
              this.buf = new Uint8Array(0)
              this.state = 'resync'
              return
            }
            this.buf = joined.slice()
            return
          }
          const ctx = newContext(false)
          const head = parseHttpHead(ctx, joined, 0, end)
          const rest = joined.subarray(end)
          this.buf = new Uint8Array(0)
          if (!head) {
            this.state = 'resync'
            return
          }
          this.msg.head = head
          this.msg.headText = latin1.decode(joined.subarray(0, end))
          this.msg.headFrame = frame
          if (this.isClient) this.conn.emitRequestHead(this.msg)
          this.beginBody(head, frame)
          b = rest
          break
        }
        case 'length': {
          const n = Math.min(this.remaining, b.length)
          this.take(b.subarray(0, n))
          this.remaining -= n
          b = b.subarray(n)
          if (this.remaining === 0) this.finishMessage(frame)
          break
        }
        case 'close':
          this.take(b)
          return
        case 'chunk-size':
        case 'trailer': {
          const joined = concat(this.buf, b)
          const nl = joined.indexOf(0x0a)
          if (nl < 0) {
            this.buf = joined.slice()
            if (this.buf.length > 4096) this.lose()
            return
          }
          const line = latin1.decode(joined.subarray(0, nl)).trim()
          this.buf = new Uint8Array(0)
          b = joined.subarray(nl + 1)
          if (this.msg) this.msg.bodyWire += nl + 1
          if (this.state === 'trailer') {
            if (line === '') this.finishMessage(frame)
            break
          }
          const size = Number.parseInt(line.split(';')[0] ?? '', 16)
          if (!Number.isFinite(size) || size < 0) {
            this.lose()
            return
          }
          if (size === 0) this.state = 'trailer'
          else {
            this.remaining = size
            this.state = 'chunk-data'
          }
          break
        }
        case 'chunk-data': {
          const n = Math.min(this.remaining, b.length)
          this.take(b.subarray(0, n))
          this.remaining -= n
          b = b.subarray(n)
          if (this.remaining === 0) {
            this.state = 'chunk-crlf'
            this.remaining = 2
          }
          break
        }
        case 'chunk-crlf': {
          // CRLF after chunk data (tolerate a bare LF).
          let i = 0
          while (i < b.length && this.remaining > 0) {
            if (b[i] === 0x0d || b[i] === 0x0a) {
              if (b[i] === 0x0a) this.remaining = 0
              else this.remaining--
              i++
            } else {
              this.remaining = 0
            }
          }
          if (this.msg) this.msg.bodyWire += i
          b = b.subarray(i)
          if (this.remaining === 0) this.state = 'chunk-size'
          break
        }
      }
    }
  }

  /** Could these bytes begin a head? (A head may arrive a few bytes at a time.) */
  private mayStart(b: Uint8Array): boolean {
    if (looksLikeHttpStart(b, 0, b.length)) return true
    if (b.length >= 12) return false
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!
      if (!((c >= 0x41 && c <= 0x5a) || c === 0x2f || c === 0x2e || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false
    }
    return true
  }

  private startMessage(frame: number): HttpMessage {
    return { head: null as unknown as HttpHead, headText: '', firstFrame: frame, headFrame: frame, endFrame: frame, bodyWire: 0, bodyDecoded: 0, complete: false }
  }

  private beginBody(head: HttpHead, frame: number): void {
    const msg = this.msg!
    const te = (header(head, 'transfer-encoding') ?? '').toLowerCase()
    const cl = header(head, 'content-length')
    const codings = parseCodings(header(head, 'content-encoding'))
    this.decoder = codings.length > 0 ? this.conn.decoder(codings) : null
    this.payloadBytes = 0
    let noBody = false
    if (!this.isClient) {
      const req = this.conn.peekRequest()
      const s = head.status
      if ((s >= 100 && s < 200) || s === 204 || s === 304 || req?.head.method === 'HEAD') noBody = true
      if (s === 101 || (req?.head.method === 'CONNECT' && s >= 200 && s < 300)) {
        msg.endFrame = frame
        msg.complete = true
        this.msg = null
        this.conn.emitResponse(msg, false)
        this.conn.startTunnel()
        return
      }
    }
    if (noBody) {
      this.finishMessage(frame)
      return
    }
    if (te.includes('chunked')) {
      this.state = 'chunk-size'
      return
    }
    if (cl !== null && /^\d+$/.test(cl.trim())) {
      this.remaining = Number(cl.trim())
      if (this.remaining === 0) this.finishMessage(frame)
      else this.state = 'length'
      return
    }
    if (this.isClient) this.finishMessage(frame)
    else this.state = 'close'
  }

  private take(b: Uint8Array): void {
    if (!this.msg) return
    this.msg.bodyWire += b.length
    this.payloadBytes += b.length
    this.decoder?.push(b)
  }

  finishMessage(frame: number, complete = true): void {
    const msg = this.msg
    this.state = 'head'
    this.msg = null
    if (!msg || !msg.head) return
    msg.endFrame = frame
    msg.complete = complete && !msg.gapped
    msg.bodyDecoded = this.decoder ? this.decoder.finish() : this.payloadBytes
    this.decoder = null
    if (this.isClient) this.conn.emitRequest(msg)
    else {
      const s = msg.head.status
      this.conn.emitResponse(msg, s >= 100 && s < 200)
    }
  }

  private lose(): void {
    if (this.msg?.head) this.finishMessage(this.msg.endFrame, false)
    this.buf = new Uint8Array(0)
    this.state = 'resync'
  }

  gap(length: number, frame: number): void {
    switch (this.state) {
      case 'tunnel':
        this.tunnelGap?.(length, frame)
        return
      case 'length':
      case 'chunk-data':
        if (this.msg) {
          this.msg.bodyWire += Math.min(length, this.remaining)
          this.msg.gapped = true
        }
        this.decoder?.lost()
        if (length < this.remaining) {
          this.remaining -= length
          return
        }
        if (this.state === 'length' && length === this.remaining) {
          this.remaining = 0
          this.finishMessage(frame, false)
          return
        }
        this.lose()
        return
      case 'close':
        if (this.msg) {
          this.msg.bodyWire += length
          this.msg.gapped = true
        }
        this.decoder?.lost()
        return
      case 'resync':
        return
      case 'head':
        this.partialHead(frame)
        this.lose()
        return
      default:
        this.lose()
    }
  }

  /** A head cut by a hole (often the snap length): what arrived is still a message start worth
   * showing (as tshark does), flagged incomplete. */
  private partialHead(frame: number): void {
    const lastNl = this.buf.lastIndexOf(0x0a)
    if (lastNl < 0 || !looksLikeHttpStart(this.buf, 0, this.buf.length)) return
    const head = parseHttpHead(newContext(false), this.buf, 0, lastNl + 1)
    if (!head || !this.msg) return
    this.msg.head = head
    this.msg.headText = latin1.decode(this.buf.subarray(0, lastNl + 1))
    this.msg.headFrame = frame
    this.msg.gapped = true
    if (this.isClient) this.conn.emitRequestHead(this.msg)
    this.buf = new Uint8Array(0)
    this.finishMessage(frame, false)
  }

  end(frame: number): void {
    if (this.state === 'close') this.finishMessage(frame)
    else if (this.msg?.head) this.finishMessage(frame, false)
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** Where a body's decoder comes from: the tracker counts the bodies being decompressed across all
 * connections, so the pass can wait when they hold too much. */
export interface DecodeBudget {
  decoder(codings: string[]): ContentDecoder
}

export class HttpConnectionParser {
  readonly client: Direction
  readonly server: Direction
  private readonly open: HttpMessage[] = []
  tunnel = false
  constructor(
    private readonly sink: HttpSink,
    private readonly budget: DecodeBudget,
  ) {
    this.client = new Direction(true, this)
    this.server = new Direction(false, this)
  }

  decoder(codings: string[]): ContentDecoder {
    return this.budget.decoder(codings)
  }

  peekRequest(): HttpMessage | undefined {
    return this.open[0]
  }

  emitRequestHead(m: HttpMessage): void {
    this.open.push(m)
    this.sink.requestHead(m)
  }

  emitRequest(m: HttpMessage): void {
    this.sink.request(m)
  }

  emitResponse(m: HttpMessage, interim: boolean): void {
    if (!interim) this.open.shift()
    this.sink.response(m, interim)
  }

  startTunnel(): void {
    this.tunnel = true
    this.client.state = 'tunnel'
    this.server.state = 'tunnel'
    this.sink.tunnel()
  }
}
