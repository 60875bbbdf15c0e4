// HTTP/1.x over one TCP connection: the two reassembled byte streams become request and response
// messages. The framing is the one HTTP/1.x framer's (http/framer.ts, in tolerant mode: a capture
// shows what was sent, so a bare LF or an odd version is noted, not refused); this adapter adds
// what a capture needs on top: which frame holds each message's first byte, head and end; pipelining
// (responses answer the oldest open request), CONNECT and 101 turning the connection into a tunnel;
// gaps (bytes never captured) skipped inside bodies, and anywhere else a resynchronisation at the
// next request or status line; compressed bodies measured by the one bounded decoder
// (http/content-coding.ts), so a bomb ends in a coded note on its exchange.
// Bounds: the framer's (a head ≤ 64 KiB, a chunk-size line ≤ 4 KiB), a compressed body ≤ 64 MiB in and out.
import { parseCodings, type ContentDecodeResult, type ContentDecoder } from '../http/content-coding.ts'
import { Http1Framer, type BodyFraming, type CompletedMessage, type FramerProblem, type FramerSink, type Http1Head } from '../http/framer.ts'
import { looksLikeHttpStart, type HttpHead } from '../decode/http.ts'
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
  /** Frames (0-based) that carried its bytes, in order: the first MAX_MESSAGE_FRAMES. */
  frames: number[]
  /** Some of its bytes were never captured (a hole TCP reassembly could not fill). */
  gapped?: boolean
  /** What tolerant reading let pass (a bare LF, an odd version, a header line without ":"), each
   * with its stable code and byte. */
  problems?: readonly FramerProblem[]
  /** Its exchange's index (set by the HTTP tracker when the request's head is complete). */
  exchange?: number
}

export interface HttpSink {
  /** A request head is complete (its body may follow): the exchange exists from here on. */
  requestHead(m: HttpMessage): void
  /** The whole request (head and body) is complete. */
  request(m: HttpMessage): void
  response(m: HttpMessage, interim: boolean): void
  tunnel(): void
}

/** Where the bytes of one message's body go when someone asked to see them (the body view:
 * analyzer/http-body.ts). The streaming pass asks for none: it only measures. */
export interface BodyTarget {
  /** The body starts at this offset of the direction's byte stream (the head ends there). */
  begin(headEnd: number): void
  /** Stream bytes read while the message was being read, with the stream offset of the first
   * (the target keeps those of its body: [headEnd, end)). */
  stream(bytes: Uint8Array, offset: number, frame: number): void
  /** The body without its transfer coding (chunked framing removed), in order. */
  payload(bytes: Uint8Array): void
  /** The message ends at stream offset `end`; `complete`: every byte of it was captured. */
  end(end: number, complete: boolean): void
}

/** Chooses the message whose body to capture: the `ordinal`-th (0-based) request or final response
 * of the connection. */
export interface BodyCapture {
  wants(direction: 'request' | 'response', ordinal: number): BodyTarget | null
}

/** The content codings of a head without Content-Encoding (read, never changed). */
const NO_CODINGS: string[] = []

/** Frames listed per message (a step highlights them; a large body's count is in bodyBytes). */
const MAX_MESSAGE_FRAMES = 64

/** 'http': reading messages; 'resync': lost, waiting for a segment that starts a message;
 * 'tunnel': after CONNECT / 101, the bytes belong to another protocol. */
type State = 'http' | 'resync' | 'tunnel'

/** One direction's messages. It is its framer's sink itself (begin, head, body, complete): a
 * connection's parsers are thousands of times over in a large capture, and closures per direction
 * were ≈ 10 MB of the heap at the pass's end on a million packets. */
class Direction implements StreamConsumer, FramerSink {
  state: State = 'http'
  private readonly framer: Http1Framer
  /** The frame whose bytes are being read (the framer reports synchronously). */
  private frame = 0
  private msg: HttpMessage | null = null
  /** The body's content coding being measured; null for a plain body. */
  private decoder: ContentDecoder | null = null
  private payloadBytes = 0
  /** The body being captured for a viewer, if any (analyzer/http-body.ts), and the final
   * (non-1xx) messages begun so far, which is how the viewer names a message. */
  private target: BodyTarget | null = null
  private finals = 0
  tunnelData: ((b: Uint8Array, start: number, end: number, frame: number) => void) | null = null
  tunnelGap: ((n: number, frame: number) => void) | null = null

  constructor(
    private readonly isClient: boolean,
    private readonly conn: HttpConnectionParser,
  ) {
    // A response's framing depends on the request it answers (HEAD, CONNECT); a request's on nothing.
    this.framer = new Http1Framer(this, isClient ? { kind: 'request', mode: 'tolerant' } : { kind: 'response', mode: 'tolerant', requestMethod: () => this.conn.peekRequest()?.head.method })
  }

  /** FramerSink: a message begins. */
  begin(): void {
    this.msg = { head: null as unknown as HttpHead, headText: '', firstFrame: this.frame, headFrame: this.frame, endFrame: this.frame, bodyWire: 0, bodyDecoded: 0, complete: false, frames: [this.frame] }
    this.payloadBytes = 0
  }

  /** FramerSink: body bytes (de-chunked), buf[start, end). */
  body(buf: Uint8Array, start: number, end: number): void {
    this.payloadBytes += end - start
    // A plain body is only counted: a view of its bytes only for whoever keeps or inflates them.
    if (this.decoder === null && this.target === null) return
    const bytes = buf.subarray(start, end)
    this.decoder?.push(bytes)
    this.target?.payload(bytes)
  }

  data(buf: Uint8Array, start: number, end: number, frame: number): void {
    this.frame = frame
    const frames = this.msg?.frames
    // A message read on from an earlier segment: this frame carries more of it.
    if (frames && frames[frames.length - 1] !== frame && frames.length < MAX_MESSAGE_FRAMES) frames.push(frame)
    let from = start
    if (this.state === 'resync') {
      if (!looksLikeHttpStart(buf, from, end)) return
      this.framer.reset()
      this.state = 'http'
    }
    if (this.state === 'http') {
      if (this.framer.betweenMessages && !this.mayStart(buf, from, end)) {
        this.state = 'resync'
        return
      }
      let used: number
      const offset = this.framer.position
      // A body being captured sees every byte pushed while it is read (it keeps its own); the
      // streaming pass captures none, and makes no list per segment.
      const targets = this.conn.capture === null ? null : this.target ? [this.target] : []
      this.pushing = targets
      try {
        used = this.framer.push(buf, from, end)
      } catch {
        if (targets) for (const t of targets) t.stream(buf.subarray(from, end), offset, frame)
        this.pushing = null
        // Malformed beyond what tolerant reading accepts: show what was read, then look for the
        // next message start.
        this.lose()
        return
      }
      this.pushing = null
      if (targets) for (const t of targets) t.stream(buf.subarray(from, from + used), offset, frame)
      if (from + used === end) return
      from += used
    }
    if (this.state === 'tunnel' && from < end) this.tunnelData?.(buf, from, end, frame)
  }

  /** Could buf[from, end) begin a head? (A head may arrive a few bytes at a time; CR/LF between
   * messages are skipped.) */
  private mayStart(b: Uint8Array, from: number, end: number): boolean {
    let i = from
    while (i < end && (b[i] === 0x0d || b[i] === 0x0a)) i += 1
    if (i === end) return true
    if (looksLikeHttpStart(b, i, end)) return true
    if (end - i >= 12) return false
    for (let k = i; k < end; k++) {
      const c = b[k]!
      if (!((c >= 0x41 && c <= 0x5a) || c === 0x2f || c === 0x2e || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false
    }
    return true
  }

  /** Targets that see the bytes of the push under way (one chosen during it joins). */
  private pushing: BodyTarget[] | null = null

  /** FramerSink: a head is complete. */
  head(head: Http1Head, _framing: BodyFraming, start: number): void {
    const interim = !this.isClient && head.status >= 100 && head.status < 200 && head.status !== 101
    if (!interim) {
      this.target = this.conn.capture?.wants(this.isClient ? 'request' : 'response', this.finals) ?? null
      this.finals += 1
      if (this.target) {
        this.target.begin(start + head.headLength)
        this.pushing?.push(this.target)
      }
    }
    const msg = this.msg!
    msg.head = httpHead(head)
    msg.headText = head.text
    msg.headFrame = this.frame
    // Most heads have no Content-Encoding (every request): the head's known fields say so, with no
    // list, joined text or parse made for it.
    const encodings = head.fields.all('content-encoding')
    const codings = encodings === null ? NO_CODINGS : parseCodings(encodings.join(', ') || null)
    this.decoder = codings.length > 0 ? this.conn.decoder(codings) : null
    if (this.isClient) this.conn.emitRequestHead(msg)
  }

  /** FramerSink: a message is complete. */
  complete(message: CompletedMessage): void {
    const msg = this.msg
    this.msg = null
    if (msg === null || msg.head === null) return
    msg.endFrame = this.frame
    msg.bodyWire = message.end - message.headEnd
    msg.gapped = message.gapped || undefined
    if (message.problems.length > 0) msg.problems = message.problems
    msg.complete = !message.gapped
    msg.bodyDecoded = this.decoder ? this.decoder.finish() : this.payloadBytes
    this.decoder = null
    this.target?.end(message.end, !message.gapped)
    this.target = null
    if (this.isClient) this.conn.emitRequest(msg)
    else this.conn.emitResponse(msg, message.interim)
    if (message.upgrade) this.conn.startTunnel()
  }

  /** The message being read ends here, incomplete (a gap or malformed bytes); reading resumes at
   * the next segment that starts a message. */
  private lose(): void {
    const msg = this.msg
    this.msg = null
    if (msg !== null && msg.head === null) {
      // A head cut short (often by the snap length): what arrived of it is still a message start
      // worth showing, as tshark does.
      const partial = this.framer.partialHead()
      if (partial !== null) {
        msg.head = httpHead(partial)
        msg.headText = partial.text
        msg.headFrame = this.frame
        if (this.isClient) this.conn.emitRequestHead(msg)
      }
    }
    if (msg !== null && msg.head !== null) {
      const current = this.framer.current
      msg.gapped = msg.gapped || current?.gapped || undefined
      msg.bodyWire = current ? Math.max(0, this.framer.position - current.headEnd) : msg.bodyWire
      msg.endFrame = this.frame
      msg.complete = false
      if (this.decoder) this.decoder.lost()
      msg.bodyDecoded = this.decoder ? this.decoder.finish() : this.payloadBytes
      this.decoder = null
      if (this.isClient) this.conn.emitRequest(msg)
      else this.conn.emitResponse(msg, msg.head.status >= 100 && msg.head.status < 200)
    }
    this.target?.end(this.framer.position, false)
    this.target = null
    this.framer.reset()
    this.state = 'resync'
  }

  gap(length: number, frame: number): void {
    this.frame = frame
    switch (this.state) {
      case 'tunnel':
        this.tunnelGap?.(length, frame)
        return
      case 'resync':
        return
      case 'http':
        if (this.framer.betweenMessages) {
          this.state = 'resync'
          return
        }
        if (this.msg) this.msg.gapped = true
        if (this.framer.gap(length)) {
          this.decoder?.lost()
          return
        }
        this.lose()
    }
  }

  end(frame: number): void {
    this.frame = frame
    if (this.state !== 'http') return
    let whole = false
    try {
      whole = this.framer.endQuietly()
    } catch {
      // As a message cut short.
    }
    if (!whole) this.lose()
  }
}

/** The decoder's view of a head (decode/http.ts), from the framer's. */
function httpHead(head: Http1Head): HttpHead {
  return { kind: head.kind, method: head.method, uri: head.target, version: head.version, status: head.status, reason: head.reason, headers: head.fields, headLength: head.headLength }
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
    /** Set only to view a body (analyzer/http-body.ts). */
    readonly capture: BodyCapture | null = null,
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
