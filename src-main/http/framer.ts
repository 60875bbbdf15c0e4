// The one HTTP/1.x message framer (RFC 9112): bytes of one direction of a connection go in as they
// arrive; out come message heads, body bytes (chunked framing removed) and message ends, through a
// sink, with every offset in the stream. The recorder reads a server's response through it
// (response-parser.ts) and the analyzer both directions of every captured connection
// (analyzer/http-stream.ts), so a message ends at the same byte for both.
//
// Hand-written rather than llhttp (Node's parser) because a byte stream read from a capture cannot
// be handed to node:http, because the analyzer needs stream offsets, gaps and resynchronisation,
// and because every rejection must name its byte and what was expected there. llhttp's own response
// test suite checks it (test/http/llhttp-suite.test.ts): `strict` reads as llhttp does by default;
// `tolerant` reads as llhttp with its lenient flags, noting each deviation instead of refusing it.
//
// Bounded: one head (status/request line and fields) at most `maxHeadBytes`, at most `maxHeaders`
// fields, a chunk-size line at most `maxChunkLineBytes`; body bytes are passed on, never kept.
import { latin1 } from '../decode/core.ts'
import { HttpError, type HttpErrorCode } from './errors.ts'
import { HeadFieldRanges, HeadFields, isTrimmed, joinFolded, lowerCaseIs, type HttpField } from './head-fields.ts'

export { HeadFields, type HttpField } from './head-fields.ts'

export type MessageKind = 'request' | 'response'

/** strict: llhttp's defaults (CRLF only, no spaces in chunk sizes, nothing after a closing
 * response). tolerant: bare LF or CR ends a line, spaces around chunk sizes, a header line without
 * a colon skipped, other versions, data after a closing response read as the next message — each
 * noted in `problems`; what would make the framing ambiguous is refused in both. */
export type FramerMode = 'strict' | 'tolerant'

export interface Http1Head {
  kind: MessageKind
  /** "HTTP" (responses may also say RTSP or ICE, as llhttp accepts). */
  protocol: string
  /** "HTTP/1.1" */
  version: string
  method: string
  /** The request target, as sent. */
  target: string
  status: number
  reason: string
  startLine: string
  /** The header fields, as places in `text` (head-fields.ts): each field's line offset is from the
   * start of the message. */
  fields: HeadFields
  /** Bytes from the first byte of the start line to the end of the blank line. */
  headLength: number
  /** Those bytes, as received, read as latin1 (one character per byte): the start line and the
   * fields' names and values are read from it. */
  text: string
}

/** How the end of the body is found (RFC 9112 §6.3). */
export type BodyFraming =
  | { kind: 'none' }
  | { kind: 'content-length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close-delimited' }

export interface FramerProblem {
  code: HttpErrorCode
  message: string
  /** Offset in the stream. */
  offset: number
}

export interface CompletedMessage {
  head: Http1Head
  framing: BodyFraming
  /** Stream offsets: first byte of the start line, end of the head, end of the message. */
  start: number
  headEnd: number
  end: number
  /** Body bytes after chunked framing was removed. */
  bodyBytes: number
  chunkSizes: readonly number[]
  /** Trailer fields (after a chunked body; rare), each made as it is read. */
  trailers: readonly HttpField[]
  /** A 1xx response other than 101: a final response follows on the same request. */
  interim: boolean
  /** 101 Switching Protocols, or a 2xx answer to CONNECT: the bytes after it are another protocol. */
  upgrade: boolean
  /** The connection may carry another message after this one (RFC 9112 §9.3). */
  keepAlive: boolean
  /** Part of the message was never seen (a gap in a capture). */
  gapped: boolean
  problems: readonly FramerProblem[]
}

export interface FramerSink {
  /** The first byte of a message (after any CR/LF between messages) is at stream offset `start`. */
  begin?(start: number): void
  head?(head: Http1Head, framing: BodyFraming, start: number): void
  /** Body bytes (chunked framing removed): buf[start, end), the first at stream offset `offset`
   * (the bytes where the push has them, no view made: take one to keep them past the call). */
  body?(buf: Uint8Array, start: number, end: number, offset: number): void
  /** Return 'stop' to stop reading after this message (push then returns what it consumed). */
  complete(message: CompletedMessage): void | 'stop'
}

export interface FramerLimits {
  maxHeadBytes: number
  maxHeaders: number
  maxChunkLineBytes: number
}

export const DEFAULT_FRAMER_LIMITS: FramerLimits = { maxHeadBytes: 64 * 1024, maxHeaders: 100, maxChunkLineBytes: 4096 }

export interface FramerOptions {
  kind: MessageKind
  mode?: FramerMode
  limits?: Partial<FramerLimits>
  /** Responses: the method of the request this response answers (HEAD and CONNECT change the
   * framing), asked when each response head is complete. */
  requestMethod?: () => string | undefined
}

type State =
  | 'start' // between messages: leading CR/LF skipped
  | 'head' // start line and fields, line by line
  | 'length' // Content-Length body
  | 'chunk-size'
  | 'chunk-data'
  | 'chunk-data-end' // the CRLF after chunk data
  | 'trailers'
  | 'close' // close-delimited body
  | 'upgraded' // after 101 / CONNECT: not HTTP any more
  | 'closed' // after a message that closes the connection

const CR = 0x0d
const LF = 0x0a
const SP = 0x20
const HT = 0x09

/** RFC 9110 §5.6.2 token characters. */
const TOKEN = new Uint8Array(128)
for (const ch of "!#$%&'*+-.^_`|~") TOKEN[ch.charCodeAt(0)] = 1
for (let c = 0x30; c <= 0x39; c += 1) TOKEN[c] = 1
for (let c = 0x41; c <= 0x5a; c += 1) TOKEN[c] = 1
for (let c = 0x61; c <= 0x7a; c += 1) TOKEN[c] = 1
const isToken = (c: number): boolean => c < 128 && TOKEN[c] === 1
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
/** The value of a hexadecimal digit (isHex). */
const hexValue = (c: number): number => (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57)

const RESPONSE_PROTOCOLS = ['HTTP', 'RTSP', 'ICE']
/** Versions llhttp accepts without its lenient-version flag. */
const KNOWN_VERSIONS = new Set(['0.9', '1.0', '1.1'])
/** Content-Length above this cannot be counted exactly (llhttp: "Content-Length overflow"). */
const MAX_LENGTH = Number.MAX_SAFE_INTEGER
/** A Content-Length that is one number below MAX_LENGTH as it stands: 1 to 15 digits (read by
 * character, not by an expression: one on every message). */
function isPlainLength(value: string): boolean {
  const n = value.length
  if (n === 0 || n > 15) return false
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

const EMPTY = new Uint8Array(0)
/** A head's fields before its field lines are read. */
const NO_FIELDS = new HeadFields('', [])
/** The framings that carry no number: one object each, not one per message. */
const NO_BODY: BodyFraming = Object.freeze({ kind: 'none' })
const CHUNKED: BodyFraming = Object.freeze({ kind: 'chunked' })
const CLOSE_DELIMITED: BodyFraming = Object.freeze({ kind: 'close-delimited' })
/** What a message has none of until it has one (chunk sizes, trailers, problems are rare but on
 * every message): replaced by an array of its own at the first (pushTo). */
const NONE: readonly never[] = Object.freeze([])

/** What a completed line is (readLine hands it on by this, not by a callback made per line). */
const enum LineKind {
  Head,
  ChunkSize,
  Trailer,
}

export class Http1Framer {
  readonly kind: MessageKind
  readonly mode: FramerMode
  private readonly limits: FramerLimits
  private readonly sink: FramerSink
  private readonly requestMethod: () => string | undefined
  private state: State = 'start'
  /** Bytes consumed so far: the stream offset of the next byte. */
  private offset = 0
  /** A line not yet complete (head lines, chunk-size lines, trailer lines). */
  private line: Uint8Array = EMPTY
  private message: CompletedMessage | null = null
  private remaining = 0

  constructor(sink: FramerSink, options: FramerOptions) {
    this.sink = sink
    this.kind = options.kind
    this.mode = options.mode ?? 'strict'
    this.limits = options.limits ? { ...DEFAULT_FRAMER_LIMITS, ...options.limits } : DEFAULT_FRAMER_LIMITS
    this.requestMethod = options.requestMethod ?? (() => undefined)
  }

  /** Bytes read so far. */
  get position(): number {
    return this.offset
  }

  /** The message being read, if any. */
  get current(): CompletedMessage | null {
    return this.message
  }

  /** At a message boundary, before any byte of the next message. */
  get betweenMessages(): boolean {
    return this.state === 'start'
  }

  /** The head read so far of a message whose head is not complete: its start line (if read) and
   * the fields before the point reached; null before the start line. */
  partialHead(): Http1Head | null {
    const m = this.message
    if (this.state !== 'head' || m === null || !this.startLineSeen) return null
    const parts = [...this.headParts]
    if (this.rawBuf !== null) parts.push(this.rawBuf.subarray(this.rawFrom, this.rawFrom + (this.rawEnd - this.rawFromOffset)))
    const text = latin1(joinAll(parts))
    return { ...m.head, fields: this.fieldRanges.snapshot(text), headLength: this.offset - m.start, text }
  }

  /**
   * Reads `bytes[start, end)` (the whole of `bytes` by default). Returns how many were consumed:
   * all of them, except after a message that switched protocols (the rest belongs to the new protocol) or after a message whose sink said
   * 'stop' (the caller reads no further). Throws HttpError on a malformed
   * message; the framer is then unusable until `reset()`.
   */
  push(bytes: Uint8Array, start = 0, end = bytes.length): number {
    let i = start
    this.stopped = false
    // Every step reads up to this.pushEnd, not bytes.length: a caller hands a segment as the place it
    // is in a larger buffer (no view made per segment).
    this.pushEnd = end
    // A head read on from an earlier push continues at this push's first byte.
    if (this.state === 'head') this.headBytesFrom(bytes, start)
    try {
      while (i < end) {
        const used = this.step(bytes, i)
        if (used < 0) return i - start
        i += used
        this.offset += used
        if (this.stopped) return i - start
      }
      return end - start
    } finally {
      // The caller may reuse `bytes`: what this push held of a head not yet complete is kept.
      if (this.rawBuf === bytes) {
        this.headParts.push(copyOf(bytes.subarray(this.rawFrom, this.rawFrom + (this.rawEnd - this.rawFromOffset))))
        this.rawBuf = null
      }
    }
  }

  /** The sink asked to stop after the message that just ended. */
  private stopped = false
  /** Where the bytes of the push under way end in its buffer. */
  private pushEnd = 0

  /** The stream ended (FIN): a close-delimited body ends here; a message cut short throws HTTP_TRUNCATED. */
  end(): void {
    if (!this.endQuietly()) throw this.truncated()
  }

  /** end() for a reader that needs to know only whether a message was cut short (false), not
   * how: the analyzer's stream ends every connection it reads, and made and dropped an error (its
   * message and stack) for each one cut short (≈ 0.5 % of its thread on the bench's 5 M-packet capture). */
  endQuietly(): boolean {
    switch (this.state) {
      case 'close':
        this.finish(this.offset)
        return true
      case 'start':
      case 'closed':
      case 'upgraded':
        return this.offset !== 0
      default:
        return false
    }
  }

  /** What cut the message short, for end(). */
  private truncated(): HttpError {
    const at = this.offset
    const peer = this.kind === 'response' ? 'the server' : 'the client'
    switch (this.state) {
      case 'start':
      case 'closed':
      case 'upgraded':
        return new HttpError('HTTP_TRUNCATED', `${peer} closed the connection without sending any ${this.kind}`, { offset: 0 })
      case 'head':
        return new HttpError('HTTP_TRUNCATED', `${peer} closed the connection after ${at} bytes, before the end of the ${this.kind} headers (no blank line)`, { offset: at })
      case 'length': {
        const got = this.message!.bodyBytes
        const expected = got + this.remaining
        return new HttpError('HTTP_TRUNCATED', `${peer} closed the connection after ${got} of ${expected} body bytes (Content-Length: ${expected})`, { offset: at, received: got, expected })
      }
      default:
        return new HttpError('HTTP_TRUNCATED', `${peer} closed the connection at byte ${at}, in the middle of a chunked body (no last chunk "0")`, { offset: at })
    }
  }

  /**
   * Bytes `length` long were never seen (a hole in a capture). Inside a counted body they are
   * counted as body and the message is marked gapped: returns true. Anywhere else the framing is
   * lost: returns false, and the caller resynchronises (`reset()` at the next message start).
   */
  gap(length: number): boolean {
    const m = this.message
    if (m !== null) m.gapped = true
    if (this.state === 'close') {
      if (m !== null) m.bodyBytes += length
      this.offset += length
      return true
    }
    if ((this.state === 'length' || this.state === 'chunk-data') && length <= this.remaining && m !== null) {
      m.bodyBytes += length
      this.remaining -= length
      this.offset += length
      if (this.remaining === 0) {
        if (this.state === 'length') this.finish(this.offset)
        else this.state = 'chunk-data-end'
      }
      return true
    }
    return false
  }

  /** Starts over at a message boundary (after an error or a lost gap), at stream offset `offset`. */
  reset(offset = this.offset): void {
    this.state = 'start'
    this.offset = offset
    this.line = EMPTY
    this.lineCr = false
    this.dataCr = false
    this.message = null
    this.fieldRanges.clear()
    this.headParts = []
    this.rawBuf = null
    this.remaining = 0
    this.ignoring = false
  }

  // ── the state machine ─────────────────────────────────────────────────────────────────────────

  /** Consumes bytes from b[i…] for the current state; returns how many, or -1 to stop reading. */
  private step(b: Uint8Array, i: number): number {
    switch (this.state) {
      case 'start':
        return this.skipLineEnds(b, i)
      case 'head':
        return this.readHead(b, i)
      case 'length':
      case 'chunk-data':
        return this.readCounted(b, i)
      case 'chunk-size':
        return this.readLine(b, i, this.limits.maxChunkLineBytes, LineKind.ChunkSize)
      case 'chunk-data-end':
        return this.chunkDataEnd(b, i)
      case 'trailers':
        return this.readLine(b, i, this.limits.maxHeadBytes, LineKind.Trailer)
      case 'close':
        this.body(b, i, this.pushEnd)
        return this.pushEnd - i
      case 'upgraded':
        return -1
      case 'closed':
        return this.afterClose(b, i)
    }
  }

  private skipLineEnds(b: Uint8Array, i: number): number {
    let j = i
    // llhttp skips CR and LF before a message ("Response starting with CRLF").
    while (j < this.pushEnd && (b[j] === CR || b[j] === LF)) j += 1
    if (j > i) return j - i
    this.state = 'head'
    this.message = {
      head: { kind: this.kind, protocol: '', version: '', method: '', target: '', status: 0, reason: '', startLine: '', fields: NO_FIELDS, headLength: 0, text: '' },
      framing: NO_BODY,
      start: this.offset,
      headEnd: this.offset,
      end: this.offset,
      bodyBytes: 0,
      chunkSizes: NONE,
      trailers: NONE,
      interim: false,
      upgrade: false,
      keepAlive: true,
      gapped: false,
      problems: NONE,
    }
    this.fieldRanges.clear()
    this.startLineSeen = false
    // Nearly every head arrives in one push and leaves no parts: no new empty list per message.
    if (this.headParts.length > 0) this.headParts = []
    this.headBytesFrom(b, i)
    this.sink.begin?.(this.offset)
    return 0
  }

  private afterClose(b: Uint8Array, i: number): number {
    // RFC 9112 §9.6: after "Connection: close" nothing more belongs to this connection. Strict
    // mode refuses more bytes; tolerant mode reads another message if one starts here (a server
    // that kept going) and otherwise passes over the bytes, noting them.
    if (this.mode === 'tolerant') {
      if (this.ignoring) return this.pushEnd - i
      let j = i
      while (j < this.pushEnd && (b[j] === CR || b[j] === LF)) j += 1
      if (j === this.pushEnd) return j - i
      if (this.couldStartMessage(b, j)) {
        this.state = 'start'
        return j - i
      }
      // Not a message: everything from here on is passed over (there is no message to note it on).
      this.ignoring = true
      return this.pushEnd - i
    }
    throw this.error('HTTP_DATA_AFTER_CLOSE', `${this.pushEnd - i} more bytes arrived at byte ${this.offset} after a ${this.kind} that closes the connection ("Connection: close")`, this.offset)
  }

  /** Tolerant mode, after a closing message: bytes that are not HTTP are passed over. */
  private ignoring = false

  /** Could a message start at b[j]? (A response: a protocol name and "/"; a request: a method token
   * and a space.) Judged on the bytes at hand: a prefix of a start counts. */
  private couldStartMessage(b: Uint8Array, j: number): boolean {
    const text = latin1(b, j, Math.min(this.pushEnd, j + 16))
    if (this.kind === 'response') return RESPONSE_PROTOCOLS.some((p) => `${p}/`.startsWith(text.slice(0, p.length + 1)) || text.startsWith(`${p}/`))
    return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+( |$)/.test(text)
  }

  /**
   * Collects one line and hands it (without its end), its stream offset and the stream offset just
   * after its end to what reads lines of its `kind`. Strict mode: lines end with CRLF. Tolerant: a
   * bare LF or a bare CR ends a line too (noted). A CR that ends a push waits for the next push's
   * first byte.
   */
  private readLine(b: Uint8Array, i: number, limit: number, kind: LineKind): number {
    if (this.line.length === 0 && !this.lineCr) this.lineAt = this.offset
    if (this.lineCr) {
      this.lineCr = false
      const content = this.takeLine()
      if (b[i] === LF) {
        this.lineDone(kind, content, 0, content.length, this.lineAt, this.offset + 1)
        return 1
      }
      this.bareCr(this.offset - 1)
      this.lineDone(kind, content, 0, content.length, this.lineAt, this.offset)
      return 0
    }
    let j = i
    const n = this.pushEnd
    for (; j < n; j += 1) {
      const c = b[j]!
      if (c <= CR && (c === LF || c === CR)) break
    }
    if (this.line.length + (j - i) > limit) this.tooLong(limit, this.lineAt)
    if (j === this.pushEnd) {
      this.line = concat(this.line, b.subarray(i, j))
      return j - i
    }
    // The line is b[i…j) when it began in this push (no copy, no view made per line), else the
    // bytes held from earlier pushes joined with these.
    let line = b
    let from = i
    let to = j
    if (this.line.length > 0) {
      line = concat(this.line, b.subarray(i, j))
      from = 0
      to = line.length
    }
    const at = this.offset + (j - i)
    if (b[j] === CR) {
      if (j + 1 === this.pushEnd) {
        this.line = line === b ? copyOf(b.subarray(i, j)) : line
        this.lineCr = true
        return j - i + 1
      }
      this.line = EMPTY
      if (b[j + 1] === LF) {
        this.lineDone(kind, line, from, to, this.lineAt, at + 2)
        return j - i + 2
      }
      this.bareCr(at)
      this.lineDone(kind, line, from, to, this.lineAt, at + 1)
      return j - i + 1
    }
    if (this.mode === 'strict') throw this.error('HTTP_BAD_LINE_ENDING', `the line at byte ${this.lineAt} ends with a bare LF at byte ${at} (lines end with CRLF)`, at)
    this.note('HTTP_BAD_LINE_ENDING', `the line at byte ${this.lineAt} ends with a bare LF`, at)
    this.line = EMPTY
    this.lineDone(kind, line, from, to, this.lineAt, at + 1)
    return j - i + 1
  }

  private takeLine(): Uint8Array {
    const line = this.line
    this.line = EMPTY
    return line
  }

  /** A line is buf[from…to), without its end; it begins at stream offset `at`, and the next
   * line at `end`. */
  private lineDone(kind: LineKind, buf: Uint8Array, from: number, to: number, at: number, end: number): void {
    if (kind === LineKind.Head) this.headLine(buf, from, to, at, end)
    else if (kind === LineKind.ChunkSize) this.chunkSize(buf, from, to, at)
    else this.trailerLine(buf, from, to, at, end)
  }

  private bareCr(at: number): void {
    if (this.mode === 'strict') throw this.error('HTTP_BAD_LINE_ENDING', `a CR at byte ${at} is not followed by LF (lines end with CRLF)`, at)
    this.note('HTTP_BAD_LINE_ENDING', `a bare CR ends the line at byte ${at}`, at)
  }

  // The head's bytes are read in place: no copy per line. Those of earlier pushes are copied once,
  // when the push ends (headParts); those of the push under way are rawBuf[rawFrom…], the first of
  // them at stream offset rawFromOffset; rawEnd is the stream offset after the last head byte
  // received. The head is decoded once, when complete (or when partialHead asks).
  private headParts: Uint8Array[] = []
  private rawBuf: Uint8Array | null = null
  private rawFrom = 0
  private rawFromOffset = 0
  private rawEnd = 0
  /** Where each header field's line, name and value are in the head (from the message's first
   * byte; the value without the SP/HT around it): the fields are made over the head's text once
   * it is complete (no text per field line). */
  private readonly fieldRanges = new HeadFieldRanges()
  /** Offset of the line being read; a CR that ended the last push (its LF may be next). */
  private lineAt = 0
  private lineCr = false
  private dataCr = false
  private startLineSeen = false

  private readHead(b: Uint8Array, i: number): number {
    // A response must be able to start "HTTP/": anything else is refused at once, not after 64 KiB.
    if (!this.startLineSeen && this.kind === 'response' && this.line.length < 5) this.checkProtocolPrefix(b, i)
    // White space right after the start line continues nothing: refused at once (as llhttp does).
    if (this.startLineSeen && this.fieldRanges.length === 0 && this.line.length === 0 && !this.lineCr && (b[i] === SP || b[i] === HT) && this.mode === 'strict') {
      throw this.error('HTTP_BAD_HEADER', `white space at byte ${this.offset} right after the start line (a continuation line with nothing to continue)`, this.offset)
    }
    if (this.startLineSeen && this.line.length === 0 && !this.lineCr) {
      const read = this.wholeFieldLines(b, i)
      if (read > 0) {
        this.rawEnd = this.offset + read
        return read
      }
    }
    const start = this.message!.start
    const used = this.readLine(b, i, this.limits.maxHeadBytes, LineKind.Head)
    // The head's bytes as received (bounded by the head limit), for whoever shows them.
    if (this.state === 'head') this.rawEnd = this.offset + used
    if (this.state === 'head' && this.offset + used - start > this.limits.maxHeadBytes) {
      throw this.error('HTTP_HEADERS_TOO_LARGE', `the ${this.kind} head exceeds ${this.limits.maxHeadBytes} bytes without a blank line (at byte ${start + this.limits.maxHeadBytes})`, start, { limit: this.limits.maxHeadBytes })
    }
    return used
  }

  /**
   * Header field lines that this push holds whole, from b[i] (a line start; the start line read):
   * nearly every line of nearly every head. Each is read in one walk over its bytes (the name's
   * token characters up to the colon, then the value up to CRLF) and its field added as fieldLine
   * adds it, in one loop over the lines, without the calls each line otherwise takes (step,
   * readHead, readLine, lineDone, headLine, fieldLine): on a capture's heads, most of what reading
   * a head cost. The first line that is anything else is left to readLine and fieldLine, which read
   * it as they always have: the blank line, a continuation line, a line end other than CRLF, a line
   * the push does not hold whole, a name with a byte that is not a token character or no colon, a
   * control character in a strict value, a line or head over its limit, one field too many. So
   * this loop notes and refuses nothing itself. Returns the bytes read (the whole lines).
   */
  private wholeFieldLines(b: Uint8Array, i: number): number {
    const m = this.message!
    const n = this.pushEnd
    const maxHeadBytes = this.limits.maxHeadBytes
    const maxHeaders = this.limits.maxHeaders - m.trailers.length
    const strict = this.mode === 'strict'
    const ranges = this.fieldRanges
    let k = i
    while (k < n) {
      // The name: token characters, then the colon (a line starting with SP/HT, CR or LF stops here).
      let colon = k
      while (colon < n && isToken(b[colon]!)) colon += 1
      if (colon === k || colon === n || b[colon] !== 0x3a) break
      let j = colon + 1
      for (; j < n; j += 1) {
        const c = b[j]!
        if (c <= CR && (c === LF || c === CR)) break
      }
      if (j + 1 >= n || b[j] !== CR || b[j + 1] !== LF) break
      const at = this.offset + (k - i)
      const end = at + (j - k) + 2
      if (j - k > maxHeadBytes || end - m.start > maxHeadBytes || ranges.length + 1 > maxHeaders) break
      if (strict && hasControl(b, colon + 1, j)) break
      // The value without the SP/HT around it; a name of token characters has nothing to trim.
      let valueStart = colon + 1
      let valueEnd = j
      while (valueStart < valueEnd && (b[valueStart] === SP || b[valueStart] === HT)) valueStart += 1
      while (valueEnd > valueStart && (b[valueEnd - 1] === SP || b[valueEnd - 1] === HT)) valueEnd -= 1
      const o = at - m.start
      ranges.add(o, end - at, o, o + (colon - k), o + (valueStart - k), o + (valueEnd - k))
      this.lastFieldOffset = o
      k = j + 2
    }
    return k - i
  }

  /** The head's bytes continue at b[i], stream offset this.offset. */
  private headBytesFrom(b: Uint8Array, i: number): void {
    this.rawBuf = b
    this.rawFrom = i
    this.rawFromOffset = this.offset
    this.rawEnd = this.offset
  }

  /** The whole head's text, its last byte just before stream offset `end`; decoded once. */
  private headText(end: number): string {
    const buf = this.rawBuf!
    const here = buf.subarray(this.rawFrom, this.rawFrom + (end - this.rawFromOffset))
    this.rawBuf = null
    if (this.headParts.length === 0) return latin1(here)
    const bytes = joinAll([...this.headParts, here])
    this.headParts = []
    return latin1(bytes)
  }

  private checkProtocolPrefix(b: Uint8Array, i: number): void {
    // Nearly every response starts "HTTP/" in one piece: nothing to decode or copy then.
    if (this.line.length === 0 && this.pushEnd - i >= 5 && b[i] === 0x48 && b[i + 1] === 0x54 && b[i + 2] === 0x54 && b[i + 3] === 0x50 && b[i + 4] === 0x2f) return
    const seen = concat(this.line, b.subarray(i, Math.min(this.pushEnd, i + 24)))
    const text = latin1(seen, 0, Math.min(seen.length, 5))
    const fits = (n: number): boolean => RESPONSE_PROTOCOLS.some((p) => `${p}/`.startsWith(text.slice(0, n)) || text.slice(0, n).startsWith(`${p}/`))
    if (fits(text.length)) return
    let good = 0
    while (good < text.length && fits(good + 1)) good += 1
    const at = this.message!.start + good
    throw this.error('HTTP_BAD_STATUS_LINE', `the response does not start with "HTTP/" but with ${quote(seen.subarray(0, 24))} (at byte ${at})`, at)
  }

  private headLine(buf: Uint8Array, from: number, to: number, at: number, end: number): void {
    const m = this.message!
    if (!this.startLineSeen) {
      this.startLineSeen = true
      this.startLine(buf.subarray(from, to), at)
      return
    }
    if (to === from) {
      m.head.text = this.headText(end)
      m.head.fields = this.fieldRanges.take(m.head.text)
      m.head.headLength = end - m.start
      m.headEnd = end
      this.headComplete(end)
      return
    }
    this.fieldLine(buf, from, to, at, end, 'header')
  }

  private fieldLine(buf: Uint8Array, from: number, to: number, at: number, end: number, what: 'header' | 'trailer'): void {
    const m = this.message!
    const length = to - from
    const trailers = m.trailers
    if (buf[from] === SP || buf[from] === HT) {
      if ((what === 'header' ? this.fieldRanges.length : trailers.length) === 0) {
        if (this.mode === 'strict') throw this.error('HTTP_BAD_HEADER', `the ${what} section starts with white space at byte ${at} (a continuation line with nothing to continue)`, at)
        this.note('HTTP_BAD_HEADER', `white space at byte ${at} before the first ${what} line: line ignored`, at)
        return
      }
      // obs-fold (RFC 9112 §5.2): the line joins the field before it (joinFolded). A header
      // field's value is joined when the head's text is made.
      if (what === 'header') this.fieldRanges.fold(at - m.start, at - m.start + length, end - m.start - this.lastFieldOffset)
      else {
        const previous = trailers[trailers.length - 1]!
        previous.value = joinFolded(previous.value, latin1(buf, from, to))
        previous.length = end - m.start - previous.offset
      }
      return
    }
    // The colon, and the first byte before it that is not a token character, in one scan.
    let colon = -1
    let firstBad = -1
    for (let k = from; k < to; k += 1) {
      const c = buf[k]!
      if (c === 0x3a) {
        colon = k - from
        break
      }
      if (firstBad < 0 && !isToken(c)) firstBad = k - from
    }
    const badAt = colon <= 0 ? 0 : firstBad
    if (badAt >= 0) {
      const text = latin1(buf, from, Math.min(to, from + 60))
      const why = colon < 0 ? 'has no ":"' : colon === 0 ? 'has no name before ":"' : `has ${JSON.stringify(String.fromCharCode(buf[from + badAt]!))} in the field name at byte ${at + badAt}`
      if (this.mode === 'strict') throw this.error('HTTP_BAD_HEADER', `the ${what} line at byte ${at} is not "Name: value": it ${why}: ${JSON.stringify(text)}`, at + badAt)
      this.note('HTTP_BAD_HEADER', `the ${what} line at byte ${at} ${why}: ${JSON.stringify(text)}${colon <= 0 ? ' (skipped)' : ''}`, at + badAt)
      if (colon <= 0) return
    }
    if (this.mode === 'strict') {
      for (let k = colon + 1; k < length; k += 1) {
        const c = buf[from + k]!
        if ((c < 0x20 && c !== HT) || c === 0x7f) {
          throw this.error('HTTP_BAD_HEADER', `the value of the ${what} ${fieldName(buf, from, colon)} holds the control character 0x${c.toString(16).padStart(2, '0')} at byte ${at + k}`, at + k)
        }
      }
    }
    // The value without the SP/HT around it (OWS), the name without what trim() takes: on the bytes.
    let valueStart = colon + 1
    let valueEnd = length
    while (valueStart < valueEnd && (buf[from + valueStart] === SP || buf[from + valueStart] === HT)) valueStart += 1
    while (valueEnd > valueStart && (buf[from + valueEnd - 1] === SP || buf[from + valueEnd - 1] === HT)) valueEnd -= 1
    const o = at - m.start
    if (what === 'header') {
      let nameStart = 0
      let nameEnd = colon
      while (nameStart < nameEnd && isTrimmed(buf[from + nameStart]!)) nameStart += 1
      while (nameEnd > nameStart && isTrimmed(buf[from + nameEnd - 1]!)) nameEnd -= 1
      // Texts come from the head's text once the head is complete: no decoding per line.
      this.fieldRanges.add(o, end - at, o + nameStart, o + nameEnd, o + valueStart, o + valueEnd)
      this.lastFieldOffset = o
    } else m.trailers = pushTo(trailers, { name: fieldName(buf, from, colon), value: latin1(buf, from + valueStart, from + valueEnd), offset: o, length: end - at })
    const heads = what === 'header' ? this.fieldRanges.length : m.head.fields.length
    if (heads + m.trailers.length > this.limits.maxHeaders) {
      throw this.error('HTTP_TOO_MANY_HEADERS', `the ${this.kind} has more than ${this.limits.maxHeaders} ${what} fields (at byte ${at})`, at, { limit: this.limits.maxHeaders })
    }
  }

  /** The offset of the last header field's line from the message's start (a continuation line
   * lengthens that line). */
  private lastFieldOffset = 0

  private startLine(line: Uint8Array, at: number): void {
    const head = this.message!.head
    head.startLine = latin1(line)
    if (this.kind === 'response') this.statusLine(line, at, head)
    else this.requestLine(line, at, head)
  }

  private statusLine(line: Uint8Array, at: number, head: Http1Head): void {
    const text = head.startLine
    if (isPlainStatusLine(line)) {
      // "HTTP/1.1 200 OK", as nearly every response starts: read on its bytes, with no expression
      // or slice but the reason; the rules below read such a line the same.
      head.protocol = 'HTTP'
      head.version = line[7] === 0x31 ? 'HTTP/1.1' : 'HTTP/1.0'
      head.status = (line[9]! - 0x30) * 100 + (line[10]! - 0x30) * 10 + (line[11]! - 0x30)
      head.reason = text.slice(13)
      return
    }
    const slash = text.indexOf('/')
    const protocol = slash < 0 ? text : text.slice(0, slash)
    if (!RESPONSE_PROTOCOLS.includes(protocol)) {
      throw this.error('HTTP_BAD_STATUS_LINE', `the status line ${JSON.stringify(text.slice(0, 80))} (at byte ${at}) does not start with "HTTP/"`, at)
    }
    const v = /^(\d)\.(\d)/.exec(text.slice(slash + 1))
    const versionAt = at + slash + 1
    if (v === null) throw this.error('HTTP_BAD_VERSION', `the version in ${JSON.stringify(text.slice(0, 80))} at byte ${versionAt} is not "<digit>.<digit>"`, versionAt)
    const afterVersion = slash + 4
    if (text[afterVersion] !== ' ') {
      throw this.error('HTTP_BAD_VERSION', `the version in ${JSON.stringify(text.slice(0, 80))} is not followed by one space (at byte ${at + afterVersion})`, at + afterVersion)
    }
    const version = `${v[1]}.${v[2]}`
    if (!KNOWN_VERSIONS.has(version)) {
      if (this.mode === 'strict') throw this.error('HTTP_BAD_VERSION', `the status line says ${protocol}/${version} (at byte ${versionAt}); an HTTP/1.x response says 1.0 or 1.1`, versionAt)
      this.note('HTTP_BAD_VERSION', `the status line says ${protocol}/${version}`, versionAt)
    }
    const status = /^(\d{3})(?= |$)/.exec(text.slice(afterVersion + 1))
    if (status === null) {
      throw this.error('HTTP_BAD_STATUS_LINE', `the status code in ${JSON.stringify(text.slice(0, 80))} at byte ${at + afterVersion + 1} is not 3 digits followed by a space or the line end`, at + afterVersion + 1)
    }
    head.protocol = protocol
    head.version = `${protocol}/${version}`
    head.status = Number(status[1])
    head.reason = text.slice(afterVersion + 5)
  }

  private requestLine(line: Uint8Array, at: number, head: Http1Head): void {
    const text = head.startLine
    const methodEnd = plainRequestLineMethodEnd(line)
    if (methodEnd > 0) {
      // "GET /path HTTP/1.1", as nearly every request starts: read on its bytes, with no
      // expression; the rules below read such a line the same.
      head.protocol = 'HTTP'
      head.method = text.slice(0, methodEnd)
      head.target = text.slice(methodEnd + 1, text.length - 9)
      head.version = line[line.length - 1] === 0x31 ? 'HTTP/1.1' : 'HTTP/1.0'
      return
    }
    const m = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) ([A-Z]+)\/(\d)\.(\d)$/.exec(text)
    if (m === null) {
      throw this.error('HTTP_BAD_REQUEST_LINE', `the request line ${JSON.stringify(text.slice(0, 80))} (at byte ${at}) is not "METHOD target HTTP/x.y"`, at)
    }
    const version = `${m[4]}.${m[5]}`
    if (m[3] !== 'HTTP' || !KNOWN_VERSIONS.has(version)) {
      if (this.mode === 'strict') throw this.error('HTTP_BAD_VERSION', `the request line says ${m[3]}/${version} (at byte ${at})`, at)
      this.note('HTTP_BAD_VERSION', `the request line says ${m[3]}/${version}`, at)
    }
    head.protocol = m[3] as string
    head.method = m[1] as string
    head.target = m[2] as string
    head.version = `${m[3]}/${version}`
    void line
  }

  /** RFC 9112 §6.3: how the body's end is found. */
  private headComplete(end: number): void {
    const m = this.message!
    const head = m.head
    const version = head.version.slice(-3)
    // The three fields that frame the message (head-fields.ts finds the known fields in one walk).
    const fields = head.fields
    const connectionValues = fields.all('connection')
    const transferEncoding = fields.all('transfer-encoding')
    const contentLengths = fields.all('content-length')
    if (connectionValues === null) m.keepAlive = version === '1.1'
    else {
      // Nearly always one value holding one token ("keep-alive", "close"): read without a list.
      const one = connectionValues.length === 1 && !connectionValues[0]!.includes(',') ? connectionValues[0]!.trim() : null
      const close = one !== null ? lowerCaseIs(one, 0, one.length, 'close') : tokens(connectionValues).includes('close')
      const keepAlive = one !== null ? lowerCaseIs(one, 0, one.length, 'keep-alive') : tokens(connectionValues).includes('keep-alive')
      m.keepAlive = version === '1.1' ? !close : keepAlive && !close
    }
    let framing: BodyFraming
    if (this.kind === 'response') {
      const method = this.requestMethod()
      const s = head.status
      if (s === 101 || (method === 'CONNECT' && s >= 200 && s < 300)) {
        m.upgrade = true
        framing = NO_BODY
      } else if ((s >= 100 && s < 200) || s === 204 || s === 304 || method === 'HEAD') {
        m.interim = s >= 100 && s < 200
        framing = NO_BODY
      } else framing = this.bodyFraming(transferEncoding, contentLengths, m, end)
    } else framing = this.bodyFraming(transferEncoding, contentLengths, m, end)
    m.framing = framing
    this.sink.head?.(head, framing, m.start)
    switch (framing.kind) {
      case 'none':
        this.finish(end)
        return
      case 'content-length':
        if (framing.length === 0) {
          this.finish(end)
          return
        }
        this.remaining = framing.length
        this.state = 'length'
        return
      case 'chunked':
        this.state = 'chunk-size'
        return
      case 'close-delimited':
        this.state = 'close'
    }
  }

  private bodyFraming(transferEncoding: string[] | null, contentLengths: string[] | null, m: CompletedMessage, end: number): BodyFraming {
    if (transferEncoding !== null) {
      // Nearly always one value holding one coding ("chunked"): read without the lists.
      const only = transferEncoding.length === 1 && !transferEncoding[0]!.includes(',') ? transferEncoding[0]!.trim().toLowerCase() : null
      const codings = only !== null ? (only === '' ? [] : [only]) : transferEncoding.flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
      // With both, Transfer-Encoding wins and the connection must not be reused (RFC 9112 §6.3 (3)).
      if (contentLengths !== null) m.keepAlive = false
      if (codings[codings.length - 1] === 'chunked') return CHUNKED
      if (this.kind === 'request') {
        throw this.error('HTTP_BAD_TRANSFER_ENCODING', `the request's Transfer-Encoding "${transferEncoding.join(', ').slice(0, 60)}" does not end in chunked, so its body has no end (RFC 9112 §6.3)`, end)
      }
      m.keepAlive = false
      return CLOSE_DELIMITED
    }
    if (contentLengths !== null) return { kind: 'content-length', length: this.contentLength(contentLengths, end) }
    if (this.kind === 'request') return NO_BODY
    m.keepAlive = false
    return CLOSE_DELIMITED
  }

  private contentLength(values: string[], at: number): number {
    // One plain number, as nearly every message sends it: the rules below read it the same.
    if (values.length === 1 && isPlainLength(values[0]!)) return Number(values[0])
    // "Content-Length: 5, 5" or repeated identical fields are allowed (RFC 9110 §8.6); others are not.
    const all = values.flatMap((v) => v.split(',')).map((v) => v.trim())
    for (const value of all) {
      if (value.startsWith('-')) throw this.error('HTTP_BAD_CONTENT_LENGTH', `Content-Length is negative ("${value.slice(0, 40)}")`, at)
      if (!/^[0-9]+$/.test(value)) throw this.error('HTTP_BAD_CONTENT_LENGTH', `Content-Length "${value.slice(0, 40)}" is not a number of bytes`, at)
    }
    const distinct = [...new Set(all.map((v) => v.replace(/^0+(?=.)/, '')))]
    if (distinct.length !== 1) throw this.error('HTTP_BAD_CONTENT_LENGTH', `the ${this.kind} has conflicting Content-Length values (${all.join(', ').slice(0, 80)})`, at)
    const text = distinct[0] as string
    const length = text.length > 16 ? Number.POSITIVE_INFINITY : Number(text)
    if (length > MAX_LENGTH) throw this.error('HTTP_BAD_CONTENT_LENGTH', `Content-Length ${text.slice(0, 24)}${text.length > 24 ? '…' : ''} is too large to count`, at)
    return length
  }

  /** Body bytes counted by Content-Length (state 'length') or by a chunk's size ('chunk-data'). */
  private readCounted(b: Uint8Array, i: number): number {
    const take = Math.min(this.remaining, this.pushEnd - i)
    this.body(b, i, i + take)
    this.remaining -= take
    if (this.remaining === 0) {
      if (this.state === 'length') this.finish(this.offset + take)
      else this.state = 'chunk-data-end'
    }
    return take
  }

  private body(buf: Uint8Array, start: number, end: number): void {
    if (end === start) return
    this.message!.bodyBytes += end - start
    this.sink.body?.(buf, start, end, this.offset)
  }

  /** A chunk-size line, read on its bytes (no text per chunk): its text is made only for an
   * error message or when chunk extensions follow the size. */
  private chunkSize(buf: Uint8Array, from: number, to: number, at: number): void {
    let k = from
    if (this.mode === 'tolerant') while (buf[k] === SP || buf[k] === HT) k += 1
    const digitsStart = k
    while (k < to && isHex(buf[k]!)) k += 1
    if (k === digitsStart) throw this.error('HTTP_BAD_CHUNK', `the chunk size ${JSON.stringify(latin1(buf, from, Math.min(to, from + 40)))} at byte ${at} is not a hexadecimal number`, at)
    // The digits without leading zeros (one is kept for "0").
    let first = digitsStart
    while (first < k - 1 && buf[first] === 0x30) first += 1
    if (k - first > 12) throw this.error('HTTP_BAD_CHUNK', `the chunk size "${latin1(buf, first, Math.min(k, first + 40))}" at byte ${at} is absurdly large`, at)
    if (k < to) this.chunkExtensions(latin1(buf, from, to), k - from, at)
    let size = 0
    for (let q = first; q < k; q += 1) size = size * 16 + hexValue(buf[q]!)
    const m = this.message!
    m.chunkSizes = pushTo(m.chunkSizes, size)
    if (size === 0) {
      this.state = 'trailers'
      return
    }
    this.remaining = size
    this.state = 'chunk-data'
  }

  /** RFC 9112 §7.1.1: *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ). Strict mode,
   * as llhttp, allows no white space; tolerant mode allows it. */
  private chunkExtensions(text: string, from: number, at: number): void {
    const bws = (k: number): number => {
      if (this.mode === 'strict') return k
      while (text[k] === ' ' || text[k] === '\t') k += 1
      return k
    }
    const fail = (k: number, what: string): never => {
      throw this.error('HTTP_BAD_CHUNK', `the chunk-size line ${JSON.stringify(text.slice(0, 60))} at byte ${at} has ${what} at byte ${at + k}`, at + k)
    }
    let k = bws(from)
    while (k < text.length) {
      if (text[k] !== ';') fail(k, `${JSON.stringify(text[k])} where ";" or the line end belongs`)
      k = bws(k + 1)
      const nameStart = k
      while (k < text.length && isToken(text.charCodeAt(k))) k += 1
      if (k === nameStart) fail(k, 'an empty chunk extension name')
      k = bws(k)
      if (text[k] === '=') {
        k = bws(k + 1)
        if (text[k] === '"') {
          k += 1
          while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1
          if (k >= text.length) fail(k, 'a quoted chunk extension value with no closing quote')
          k += 1
        } else {
          const valueStart = k
          while (k < text.length && isToken(text.charCodeAt(k))) k += 1
          if (k === valueStart) fail(k, 'an empty chunk extension value')
        }
        k = bws(k)
      }
    }
  }

  /** The CRLF after a chunk's data; it may arrive one byte at a time. */
  private chunkDataEnd(b: Uint8Array, i: number): number {
    const c = b[i]
    if (c === CR && !this.dataCr) {
      this.dataCr = true
      return 1
    }
    if (c === LF) {
      if (!this.dataCr) {
        if (this.mode === 'strict') throw this.error('HTTP_BAD_CHUNK', `a chunk of ${this.lastChunk()} bytes is followed by a bare LF at byte ${this.offset} (expected CRLF)`, this.offset)
        this.note('HTTP_BAD_CHUNK', `a chunk is followed by a bare LF at byte ${this.offset}`, this.offset)
      }
      this.dataCr = false
      this.state = 'chunk-size'
      return 1
    }
    if (this.mode === 'strict' || this.dataCr) {
      throw this.error('HTTP_BAD_CHUNK', `a chunk of ${this.lastChunk()} bytes is not followed by CRLF: found ${quote(b.subarray(i, Math.min(i + 8, this.pushEnd)))} at byte ${this.offset} (the chunk size does not match its data)`, this.offset)
    }
    this.note('HTTP_BAD_CHUNK', `a chunk is not followed by CRLF at byte ${this.offset}`, this.offset)
    this.state = 'chunk-size'
    return 0
  }

  private lastChunk(): number {
    const sizes = this.message!.chunkSizes
    return sizes[sizes.length - 1] ?? 0
  }

  private trailerLine(buf: Uint8Array, from: number, to: number, at: number, end: number): void {
    if (to === from) {
      this.finish(end)
      return
    }
    this.fieldLine(buf, from, to, at, end, 'trailer')
  }

  private finish(end: number): void {
    const m = this.message!
    m.end = end
    this.message = null
    this.line = EMPTY
    this.lineCr = false
    this.dataCr = false
    if (m.upgrade) this.state = 'upgraded'
    else if (!m.keepAlive && !m.interim) this.state = 'closed'
    else this.state = 'start'
    if (this.sink.complete(m) === 'stop') this.stopped = true
  }

  private note(code: HttpErrorCode, message: string, offset: number): void {
    const m = this.message
    if (m) m.problems = pushTo(m.problems, { code, message, offset })
  }

  private tooLong(limit: number, at: number): never {
    if (this.state === 'chunk-size') throw this.error('HTTP_BAD_CHUNK', `the chunk-size line at byte ${at} is longer than ${limit} bytes`, at)
    throw this.error('HTTP_HEADERS_TOO_LARGE', `the ${this.kind} head exceeds ${limit} bytes without a blank line (at byte ${at})`, at, { limit })
  }

  private error(code: HttpErrorCode, message: string, offset: number, extra?: Record<string, unknown>): HttpError {
    return new HttpError(code, message, { offset, ...extra })
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return copyOf(b)
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

/** A copy of the bytes (a Buffer's slice() would be a view of memory its owner may reuse). */
function copyOf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length)
  out.set(bytes)
  return out
}

function joinAll(parts: Uint8Array[]): Uint8Array {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

/** Whether a status line is "HTTP/1.1" or "HTTP/1.0", a space, three digits, and the line's end or
 * a space (the reason follows): what statusLine's rules accept without a note, read on the bytes. */
function isPlainStatusLine(b: Uint8Array): boolean {
  return (
    b.length >= 12 &&
    b[0] === 0x48 &&
    b[1] === 0x54 &&
    b[2] === 0x54 &&
    b[3] === 0x50 &&
    b[4] === 0x2f &&
    b[5] === 0x31 &&
    b[6] === 0x2e &&
    (b[7] === 0x31 || b[7] === 0x30) &&
    b[8] === SP &&
    isDigit(b[9]) &&
    isDigit(b[10]) &&
    isDigit(b[11]) &&
    (b.length === 12 || b[12] === SP)
  )
}

/** A request line that is a method (token characters), a space, a target of visible ASCII, a space
 * and "HTTP/1.1" or "HTTP/1.0": where its method ends; -1 for any other line (requestLine's
 * expression reads it). Such a line matches the expression with these parts. */
function plainRequestLineMethodEnd(b: Uint8Array): number {
  const n = b.length
  // " HTTP/1.x" at the end, and at least "M t" before it.
  if (n < 12 || b[n - 9] !== SP || b[n - 8] !== 0x48 || b[n - 7] !== 0x54 || b[n - 6] !== 0x54 || b[n - 5] !== 0x50 || b[n - 4] !== 0x2f || b[n - 3] !== 0x31 || b[n - 2] !== 0x2e || (b[n - 1] !== 0x31 && b[n - 1] !== 0x30)) return -1
  let k = 0
  while (k < n && isToken(b[k]!)) k += 1
  if (k === 0 || b[k] !== SP || k + 1 >= n - 9) return -1
  for (let q = k + 1; q < n - 9; q += 1) if (b[q]! <= SP || b[q]! >= 0x7f) return -1
  return k
}

/** Whether b[from, to) holds a control character that a strict field value refuses (fieldLine). */
function hasControl(b: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k += 1) {
    const c = b[k]!
    if ((c < 0x20 && c !== HT) || c === 0x7f) return true
  }
  return false
}

/** A field line's name: what is before its colon, without white space around it. */
function fieldName(buf: Uint8Array, from: number, colon: number): string {
  return latin1(buf, from, from + colon).trim()
}

/** `list` with `item` at its end: `list` itself, or a new array when it was NONE. */
function pushTo<T>(list: readonly T[], item: T): readonly T[] {
  if (list === NONE) return [item]
  ;(list as T[]).push(item)
  return list
}

function quote(bytes: Uint8Array): string {
  return JSON.stringify(latin1(bytes))
}

function tokens(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((t) => t.trim().toLowerCase())
}
