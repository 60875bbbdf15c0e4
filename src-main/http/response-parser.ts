// The recorder's response reader: the bytes of the receive buffer go in as they arrive, the
// response comes out once complete. The framing is the one HTTP/1.x framer's (framer.ts, in strict
// mode: as Node's own llhttp reads a response); this adds what a client needs on top: the body kept
// (bounded), 1xx responses kept aside, a switch of protocols refused, and the bytes after the
// response set apart, never read as part of it.
import { HttpError } from './errors.ts'
import { Http1Framer, type BodyFraming as FramerBodyFraming, type CompletedMessage, type Http1Head } from './framer.ts'
import type { HttpMethod } from './request.ts'
import { DEFAULT_RESPONSE_LIMITS, type BodyFraming, type ParsedResponse, type ResponseHead, type ResponseLimits } from './response-types.ts'

export class ResponseParser {
  private readonly limits: ResponseLimits
  private readonly framer: Http1Framer
  private readonly informational: ResponseHead[] = []
  private final: CompletedMessage | null = null
  private finalHead: ResponseHead | null = null
  private bodyParts: Uint8Array[] = []
  private bodyLength = 0
  /** Bytes that came after the complete response (a misbehaving server): never part of it. */
  extra: Uint8Array = new Uint8Array(0)

  constructor(options: { method: HttpMethod; limits?: Partial<ResponseLimits> }) {
    this.limits = { ...DEFAULT_RESPONSE_LIMITS, ...options.limits }
    const method = options.method
    this.framer = new Http1Framer(
      {
        head: (head, framing) => this.onHead(head, framing),
        body: (buf, start, end) => this.onBody(buf.subarray(start, end)),
        complete: (message) => this.onComplete(message),
      },
      { kind: 'response', mode: 'strict', limits: this.limits, requestMethod: () => method },
    )
  }

  get complete(): boolean {
    return this.final !== null
  }

  /** The final (non-1xx) status line and headers, once read. */
  get responseHead(): ResponseHead | null {
    return this.finalHead
  }

  /** Bytes received so far (what the receive buffer handed over). */
  get received(): number {
    return this.framer.position + this.extra.length
  }

  push(chunk: Uint8Array): void {
    if (this.final !== null) {
      this.extra = concat(this.extra, chunk)
      return
    }
    const used = this.framer.push(chunk)
    if (used < chunk.length) this.extra = chunk.slice(used)
  }

  /** The peer closed its side (FIN): a close-delimited body ends here; anything else is cut short. */
  end(): void {
    if (this.final !== null) return
    this.framer.end()
  }

  result(): ParsedResponse {
    const m = this.final
    if (m === null || this.finalHead === null) throw new Error('response is not complete')
    const transferEncoding = m.head.fields.values('transfer-encoding').flatMap((v) => v.split(','))
    const codings = transferEncoding.map((c) => c.trim().toLowerCase()).filter((c) => c !== '')
    return {
      ...this.finalHead,
      informational: this.informational,
      framing: FRAMING_NAME[m.framing.kind],
      transferCodings: m.framing.kind === 'chunked' ? codings.slice(0, -1) : codings,
      body: concatAll(this.bodyParts, this.bodyLength),
      chunkSizes: [...m.chunkSizes],
      trailers: m.trailers.map((f) => [f.name, f.value]),
      wireLength: m.end,
      keepAlive: m.keepAlive && this.extra.length === 0,
    }
  }

  private onHead(head: Http1Head, framing: FramerBodyFraming): void {
    if (head.status === 101) {
      throw new HttpError('HTTP_UNSUPPORTED_UPGRADE', `the server switched protocols (101 ${head.reason}); Wiretrail only speaks HTTP/1.1 here`)
    }
    if (framing.kind === 'content-length' && framing.length > this.limits.maxBodyBytes) {
      const text = String(framing.length)
      throw new HttpError('HTTP_BODY_TOO_LARGE', `Content-Length ${text.length > 20 ? `${text.slice(0, 20)}…` : text} is more than the limit of ${this.limits.maxBodyBytes} bytes`, { limit: this.limits.maxBodyBytes })
    }
  }

  private onBody(bytes: Uint8Array): void {
    this.bodyLength += bytes.length
    if (this.bodyLength > this.limits.maxBodyBytes) {
      throw new HttpError('HTTP_BODY_TOO_LARGE', `the response body passed the limit of ${this.limits.maxBodyBytes} bytes (at byte ${this.framer.position})`, { limit: this.limits.maxBodyBytes })
    }
    this.bodyParts.push(bytes.slice())
  }

  private onComplete(message: CompletedMessage): 'stop' | undefined {
    const head = responseHead(message.head)
    if (message.interim) {
      this.informational.push(head)
      if (this.informational.length > this.limits.maxInformational) {
        throw new HttpError('HTTP_TOO_MANY_INFORMATIONAL', `the server sent more than ${this.limits.maxInformational} informational (1xx) responses`)
      }
      return undefined
    }
    this.final = message
    this.finalHead = head
    return 'stop'
  }
}

const FRAMING_NAME: { readonly [K in FramerBodyFraming['kind']]: BodyFraming } = {
  none: 'no-body',
  'content-length': 'content-length',
  chunked: 'chunked',
  'close-delimited': 'close-delimited',
}

function responseHead(head: Http1Head): ResponseHead {
  return { version: head.version, status: head.status, reason: head.reason, statusLine: head.startLine, headers: Array.from(head.fields, (f): [string, string] => [f.name, f.value]), headLength: head.headLength }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

function concatAll(parts: Uint8Array[], total: number): Uint8Array {
  const out = Buffer.alloc(total)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
