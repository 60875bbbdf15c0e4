// An incremental HTTP/1.x response parser: bytes go in as they arrive in the receive buffer, the
// message comes out once complete. Hand-written (node:http's parser cannot be fed bytes we read
// ourselves, and llhttp's errors name no offsets) as a small state machine, so every rejection of a
// malformed or hostile response names the byte offset and what was expected there, and every size
// is bounded (head, header count, body, chunk line, informational responses).
import type { HttpMethod } from './request.ts'
import { HttpError } from './errors.ts'
import { DEFAULT_RESPONSE_LIMITS, headerValue, headerValues, type BodyFraming, type ParsedResponse, type ResponseHead, type ResponseLimits } from './response-types.ts'

type State = 'head' | 'body-length' | 'chunk-size' | 'chunk-data' | 'chunk-data-end' | 'trailers' | 'body-close' | 'done'

const STATUS_LINE = /^HTTP\/(\d)\.(\d) (\d{3})(?: (.*))?$/
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const HEX = /^[0-9A-Fa-f]+$/

export class ResponseParser {
  private readonly method: HttpMethod
  private readonly limits: ResponseLimits
  private state: State = 'head'
  private pending: Buffer = Buffer.alloc(0)
  /** Offset in the response stream of pending[0], for error messages. */
  private pendingOffset = 0
  private readonly informational: ResponseHead[] = []
  private head: ResponseHead | null = null
  private framing: BodyFraming = 'no-body'
  private transferCodings: string[] = []
  private bodyParts: Buffer[] = []
  private bodyLength = 0
  private remaining = 0
  private readonly chunkSizes: number[] = []
  private trailers: [string, string][] = []
  private reusable = true
  private messageLength = 0
  /** Bytes that came after the complete message (a misbehaving server): never part of it. */
  extra: Uint8Array = new Uint8Array(0)

  constructor(options: { method: HttpMethod; limits?: Partial<ResponseLimits> }) {
    this.method = options.method
    this.limits = { ...DEFAULT_RESPONSE_LIMITS, ...options.limits }
  }

  get complete(): boolean {
    return this.state === 'done'
  }

  /** The final (non-1xx) status line and headers, once read. */
  get responseHead(): ResponseHead | null {
    return this.head
  }

  /** Bytes received so far (what the receive buffer handed over). */
  get received(): number {
    return this.pendingOffset + this.pending.length
  }

  push(chunk: Uint8Array): void {
    if (this.state === 'done') {
      this.extra = Buffer.concat([this.extra, chunk])
      return
    }
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk])
    this.run()
  }

  /** The peer closed its side (FIN): a close-delimited body ends here; anything else is cut short. */
  end(): void {
    if (this.state === 'done') return
    if (this.state === 'body-close') {
      this.finish()
      return
    }
    const at = this.received
    if (this.state === 'head' && at === 0) {
      throw new HttpError('HTTP_TRUNCATED', 'the server closed the connection without sending any response')
    }
    if (this.state === 'head') {
      throw new HttpError('HTTP_TRUNCATED', `the server closed the connection after ${at} bytes, before the end of the response headers (no blank line)`, { offset: at })
    }
    if (this.state === 'body-length') {
      const expected = this.bodyLength + this.remaining
      throw new HttpError('HTTP_TRUNCATED', `the server closed the connection after ${this.bodyLength} of ${expected} body bytes (Content-Length: ${expected})`, { offset: at, received: this.bodyLength, expected })
    }
    throw new HttpError('HTTP_TRUNCATED', `the server closed the connection at byte ${at}, in the middle of a chunked body (no last chunk "0")`, { offset: at })
  }

  result(): ParsedResponse {
    if (this.state !== 'done' || this.head === null) throw new Error('response is not complete')
    return {
      ...this.head,
      informational: this.informational,
      framing: this.framing,
      transferCodings: this.transferCodings,
      body: Buffer.concat(this.bodyParts),
      chunkSizes: this.chunkSizes,
      trailers: this.trailers,
      wireLength: this.messageLength,
      keepAlive: this.reusable && this.extra.length === 0,
    }
  }

  private run(): void {
    while (this.state !== 'done' && this.step()) {
      // each step consumed bytes or changed state
    }
    if (this.state === 'done' && this.pending.length > 0) {
      this.extra = Buffer.from(this.pending)
      this.pending = Buffer.alloc(0)
    }
  }

  /** One step of the state machine; false when it needs more bytes. */
  private step(): boolean {
    switch (this.state) {
      case 'head':
        return this.readHead()
      case 'body-length':
        return this.readLengthBody()
      case 'chunk-size':
        return this.readChunkSize()
      case 'chunk-data':
        return this.readChunkData()
      case 'chunk-data-end':
        return this.readChunkDataEnd()
      case 'trailers':
        return this.readTrailers()
      case 'body-close':
        return this.readCloseDelimited()
      case 'done':
        return false
    }
  }

  private consume(length: number): Buffer {
    const taken = this.pending.subarray(0, length)
    this.pending = this.pending.subarray(length)
    this.pendingOffset += length
    return taken
  }

  private readHead(): boolean {
    if (this.pending.length >= 5 && this.pending.subarray(0, 5).toString('latin1') !== 'HTTP/') {
      throw new HttpError('HTTP_BAD_STATUS_LINE', `the response does not start with "HTTP/" but with ${quoteBytes(this.pending.subarray(0, 24))} (at byte ${this.pendingOffset})`, { offset: this.pendingOffset })
    }
    const end = findHeadEnd(this.pending)
    if (end === null) {
      if (this.pending.length > this.limits.maxHeadBytes) {
        throw new HttpError('HTTP_HEADERS_TOO_LARGE', `the status line and headers exceed ${this.limits.maxHeadBytes} bytes without a blank line (at byte ${this.pendingOffset + this.limits.maxHeadBytes})`, { offset: this.pendingOffset, limit: this.limits.maxHeadBytes })
      }
      return false
    }
    if (end.length > this.limits.maxHeadBytes) {
      throw new HttpError('HTTP_HEADERS_TOO_LARGE', `the response head is ${end.length} bytes, more than the limit of ${this.limits.maxHeadBytes}`, { offset: this.pendingOffset, limit: this.limits.maxHeadBytes })
    }
    const start = this.pendingOffset
    const headText = this.consume(end.length).toString('latin1')
    const lines = headText.slice(0, headText.length - end.terminatorLength).split(/\r?\n/)
    const head = this.parseHead(lines, start, end.length)
    if (head.status >= 100 && head.status < 200) {
      if (head.status === 101) {
        throw new HttpError('HTTP_UNSUPPORTED_UPGRADE', `the server switched protocols (101 ${head.reason}); Wiretrail only speaks HTTP/1.1 here`)
      }
      this.informational.push(head)
      if (this.informational.length > this.limits.maxInformational) {
        throw new HttpError('HTTP_TOO_MANY_INFORMATIONAL', `the server sent more than ${this.limits.maxInformational} informational (1xx) responses`)
      }
      return true
    }
    this.head = head
    this.chooseFraming(head)
    return true
  }

  private parseHead(lines: string[], start: number, length: number): ResponseHead {
    const statusLine = lines[0] as string
    const match = STATUS_LINE.exec(statusLine)
    if (match === null) {
      throw new HttpError('HTTP_BAD_STATUS_LINE', `the status line ${JSON.stringify(statusLine.slice(0, 80))} (at byte ${start}) is not "HTTP/1.x <3-digit code> <reason>"`, { offset: start })
    }
    if (match[1] !== '1') {
      throw new HttpError('HTTP_BAD_STATUS_LINE', `the status line says HTTP/${match[1]}.${match[2]}; Wiretrail speaks HTTP/1.x`, { offset: start })
    }
    const headers = this.parseFields(lines.slice(1), start + statusLine.length + 2, 'header')
    return { version: `HTTP/${match[1]}.${match[2]}`, status: Number(match[3]), reason: match[4] ?? '', statusLine, headers, headLength: length }
  }

  private parseFields(lines: string[], firstOffset: number, what: 'header' | 'trailer'): [string, string][] {
    const fields: [string, string][] = []
    let offset = firstOffset
    for (const line of lines) {
      if (line.startsWith(' ') || line.startsWith('\t')) {
        throw new HttpError('HTTP_BAD_HEADER', `the ${what} line at byte ${offset} starts with white space (obsolete line folding, RFC 9112 §5.2): ${JSON.stringify(line.slice(0, 60))}`, { offset })
      }
      const colon = line.indexOf(':')
      const name = colon < 0 ? '' : line.slice(0, colon)
      if (colon <= 0 || !TOKEN.test(name)) {
        throw new HttpError('HTTP_BAD_HEADER', `the ${what} line at byte ${offset} is not "Name: value": ${JSON.stringify(line.slice(0, 60))}`, { offset })
      }
      fields.push([name, line.slice(colon + 1).trim()])
      if (fields.length + this.trailers.length > this.limits.maxHeaders) {
        throw new HttpError('HTTP_TOO_MANY_HEADERS', `the response has more than ${this.limits.maxHeaders} ${what} fields (at byte ${offset})`, { offset, limit: this.limits.maxHeaders })
      }
      offset += line.length + 2
    }
    return fields
  }

  /** RFC 9112 §6.3: how the end of the body is found. */
  private chooseFraming(head: ResponseHead): void {
    const noBody = this.method === 'HEAD' || head.status === 204 || head.status === 304
    const connection = (headerValue(head.headers, 'connection') ?? '').toLowerCase()
    const closes = connection.split(',').some((t) => t.trim() === 'close')
    const keepAlive = connection.split(',').some((t) => t.trim() === 'keep-alive')
    this.reusable = head.version === 'HTTP/1.1' ? !closes : keepAlive && !closes
    if (noBody) return this.finishHeadOnly()

    const transferEncoding = headerValue(head.headers, 'transfer-encoding')
    const contentLengths = headerValues(head.headers, 'content-length')
    if (transferEncoding !== null) {
      const codings = transferEncoding.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
      // With both, Transfer-Encoding wins and the connection must not be reused (RFC 9112 §6.3 (3)).
      if (contentLengths.length > 0) this.reusable = false
      if (codings[codings.length - 1] === 'chunked') {
        this.framing = 'chunked'
        this.transferCodings = codings.slice(0, -1)
        this.state = 'chunk-size'
        return
      }
      this.framing = 'close-delimited'
      this.transferCodings = codings
      this.reusable = false
      this.state = 'body-close'
      return
    }
    if (contentLengths.length > 0) {
      const length = parseContentLength(contentLengths, this.limits.maxBodyBytes)
      this.framing = 'content-length'
      this.remaining = length
      this.state = 'body-length'
      if (length === 0) this.finish()
      return
    }
    this.framing = 'close-delimited'
    this.reusable = false
    this.state = 'body-close'
  }

  private finishHeadOnly(): void {
    this.framing = 'no-body'
    this.finish()
  }

  private finish(): void {
    this.state = 'done'
    this.messageLength = this.pendingOffset
  }

  private addBody(bytes: Buffer): void {
    this.bodyLength += bytes.length
    if (this.bodyLength > this.limits.maxBodyBytes) {
      throw new HttpError('HTTP_BODY_TOO_LARGE', `the response body passed the limit of ${this.limits.maxBodyBytes} bytes (at byte ${this.pendingOffset})`, { limit: this.limits.maxBodyBytes })
    }
    this.bodyParts.push(Buffer.from(bytes))
  }

  private readLengthBody(): boolean {
    if (this.pending.length === 0) return false
    const take = Math.min(this.remaining, this.pending.length)
    this.addBody(this.consume(take))
    this.remaining -= take
    if (this.remaining === 0) this.finish()
    return true
  }

  private readCloseDelimited(): boolean {
    if (this.pending.length === 0) return false
    this.addBody(this.consume(this.pending.length))
    return true
  }

  private readChunkSize(): boolean {
    const lineEnd = this.pending.indexOf('\n')
    if (lineEnd < 0) {
      if (this.pending.length > this.limits.maxChunkLineBytes) {
        throw new HttpError('HTTP_BAD_CHUNK', `the chunk-size line at byte ${this.pendingOffset} is longer than ${this.limits.maxChunkLineBytes} bytes`, { offset: this.pendingOffset })
      }
      return false
    }
    const at = this.pendingOffset
    const line = this.consume(lineEnd + 1).toString('latin1').replace(/\r?\n$/, '')
    const sizeText = (line.split(';')[0] as string).trim()
    if (!HEX.test(sizeText)) {
      throw new HttpError('HTTP_BAD_CHUNK', `the chunk size ${JSON.stringify(line.slice(0, 40))} at byte ${at} is not a hexadecimal number`, { offset: at })
    }
    if (sizeText.replace(/^0+(?=.)/, '').length > 12) {
      throw new HttpError('HTTP_BAD_CHUNK', `the chunk size "${sizeText.slice(0, 40)}" at byte ${at} is absurdly large`, { offset: at })
    }
    const size = Number.parseInt(sizeText, 16)
    this.chunkSizes.push(size)
    if (this.bodyLength + size > this.limits.maxBodyBytes) {
      throw new HttpError('HTTP_BODY_TOO_LARGE', `a chunk of ${size} bytes at byte ${at} would take the body past the limit of ${this.limits.maxBodyBytes} bytes`, { offset: at, limit: this.limits.maxBodyBytes })
    }
    if (size === 0) {
      this.state = 'trailers'
      return true
    }
    this.remaining = size
    this.state = 'chunk-data'
    return true
  }

  private readChunkData(): boolean {
    if (this.pending.length === 0) return false
    const take = Math.min(this.remaining, this.pending.length)
    this.addBody(this.consume(take))
    this.remaining -= take
    if (this.remaining === 0) this.state = 'chunk-data-end'
    return true
  }

  private readChunkDataEnd(): boolean {
    if (this.pending.length < 2) {
      if (this.pending.length === 1 && this.pending[0] === 0x0a) {
        this.consume(1)
        this.state = 'chunk-size'
        return true
      }
      if (this.pending.length === 1 && this.pending[0] !== 0x0d) this.badChunkEnd()
      return false
    }
    if (this.pending[0] === 0x0d && this.pending[1] === 0x0a) this.consume(2)
    else if (this.pending[0] === 0x0a) this.consume(1)
    else this.badChunkEnd()
    this.state = 'chunk-size'
    return true
  }

  private badChunkEnd(): never {
    const size = this.chunkSizes[this.chunkSizes.length - 1] ?? 0
    throw new HttpError('HTTP_BAD_CHUNK', `a chunk of ${size} bytes is not followed by CRLF: found ${quoteBytes(this.pending.subarray(0, 8))} at byte ${this.pendingOffset} (the chunk size does not match its data)`, { offset: this.pendingOffset })
  }

  private readTrailers(): boolean {
    // Trailer fields end with an empty line; the common case is just CRLF right after "0\r\n".
    const end = this.pending[0] === 0x0d || this.pending[0] === 0x0a ? startsWithLineEnd(this.pending) : findHeadEnd(this.pending)
    if (end === null) {
      if (this.pending.length > this.limits.maxHeadBytes) {
        throw new HttpError('HTTP_HEADERS_TOO_LARGE', `the trailer section at byte ${this.pendingOffset} exceeds ${this.limits.maxHeadBytes} bytes`, { offset: this.pendingOffset })
      }
      return false
    }
    const at = this.pendingOffset
    const text = this.consume(end.length).toString('latin1')
    const lines = text.slice(0, text.length - end.terminatorLength).split(/\r?\n/).filter((l) => l !== '')
    this.trailers = this.parseFields(lines, at, 'trailer')
    this.finish()
    return true
  }
}

function parseContentLength(values: string[], maxBody: number): number {
  // "Content-Length: 5, 5" or repeated identical fields are allowed; differing ones are not.
  const all = values.flatMap((v) => v.split(',')).map((v) => v.trim())
  for (const value of all) {
    if (value.startsWith('-')) throw new HttpError('HTTP_BAD_CONTENT_LENGTH', `Content-Length is negative ("${value}")`)
    if (!/^[0-9]+$/.test(value)) throw new HttpError('HTTP_BAD_CONTENT_LENGTH', `Content-Length "${value.slice(0, 40)}" is not a number of bytes`)
  }
  const distinct = [...new Set(all.map((v) => v.replace(/^0+(?=.)/, '')))]
  if (distinct.length !== 1) throw new HttpError('HTTP_BAD_CONTENT_LENGTH', `the response has conflicting Content-Length values (${all.join(', ')})`)
  const text = distinct[0] as string
  const length = text.length > 15 ? Number.POSITIVE_INFINITY : Number(text)
  if (length > maxBody) {
    throw new HttpError('HTTP_BODY_TOO_LARGE', `Content-Length ${text.length > 20 ? `${text.slice(0, 20)}…` : text} is more than the limit of ${maxBody} bytes`, { limit: maxBody })
  }
  return length
}

/** Where the head ends: after CRLFCRLF (or a bare LFLF, which RFC 9112 §2.2 lets recipients accept). */
function findHeadEnd(buffer: Buffer): { length: number; terminatorLength: number } | null {
  const crlf = buffer.indexOf('\r\n\r\n')
  const lf = buffer.indexOf('\n\n')
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { length: crlf + 4, terminatorLength: 4 }
  if (lf >= 0) return { length: lf + 2, terminatorLength: 2 }
  return null
}

function startsWithLineEnd(buffer: Buffer): { length: number; terminatorLength: number } | null {
  if (buffer[0] === 0x0a) return { length: 1, terminatorLength: 1 }
  if (buffer.length < 2) return null
  if (buffer[1] === 0x0a) return { length: 2, terminatorLength: 2 }
  throw new HttpError('HTTP_BAD_CHUNK', `after the last chunk expected CRLF, found ${quoteBytes(buffer.subarray(0, 8))}`)
}

function quoteBytes(bytes: Uint8Array): string {
  return JSON.stringify(Buffer.from(bytes).toString('latin1'))
}
