// The HTTP tracker: each HTTP/1.x connection's two streams go through http-stream.ts, and the
// messages it reports become exchanges — a request and the response that answers it (pipelined
// responses answer the oldest open request; 1xx responses are interim). A CONNECT tunnel hands its
// bytes to the TLS tracker. Compressed bodies are measured by zlib off the pass's thread; the pass
// waits for them (and pauses when they hold too much) through `settled` / `wait`.
import { header, httpInfo } from '../../decode/http.ts'
import { ContentDecoder } from '../../http/content-coding.ts'
import type { HttpExchange } from '../../shared/walkthrough.ts'
import type { AppInfo, ConnectionEnds, TcpHandoff } from '../handoff.ts'
import { HttpConnectionParser, type BodyCapture, type DecodeBudget, type HttpMessage } from '../http-stream.ts'
import type { StreamConsumer } from '../tcp-reassembly.ts'

/** Compressed bytes handed to zlib and not yet inflated, across all bodies, before the pass waits. */
const MAX_PENDING_DECODE_BYTES = 16 * 1024 * 1024
/** Bodies being decompressed at once before the pass waits (each holds zlib's window). */
const MAX_OPEN_DECODERS = 64

/** Where a tunnelled connection's bytes go (the TLS tracker). */
export interface TunnelHandoff {
  /** The connection carries TLS from here on: its consumers for the two directions. */
  tunnel(c: ConnectionEnds): [StreamConsumer, StreamConsumer]
}

export class HttpTracker implements TcpHandoff, DecodeBudget {
  readonly exchanges: HttpExchange[] = []
  /** Responses whose request is not in the capture (it started mid-connection). */
  readonly unmatchedResponses: { connection: number; status: number; reason: string; response_frame: number }[] = []
  /** Per connection: its exchanges still waiting for a response, oldest first. */
  private readonly open = new Map<number, number[]>()
  private readonly requestIndex = new WeakMap<HttpMessage, number>()
  private readonly decoders = new Set<ContentDecoder>()
  private readonly decoding: Promise<void>[] = []
  /** Set by the pass: the TLS tracker, for CONNECT tunnels. */
  tunnels: TunnelHandoff | null = null
  /** Told of every frame that carries HTTP as tshark's `http` filter sees it: a frame completing a
   * request or a whole response (the pass marks them; a CONNECT tunnel's are the TLS tracker's). */
  carries: (frame: number) => void = () => {}

  constructor(
    private readonly appInfo: AppInfo,
    /** Set only when a body is to be viewed (analyzer/http-body.ts). */
    private readonly capture: BodyCapture | null = null,
  ) {}

  /** Plain HTTP on a connection: its two directions. */
  attach(c: ConnectionEnds): [StreamConsumer, StreamConsumer] {
    const parser = this.parser(c, false)
    return [parser.client, parser.server]
  }

  /** HTTP decrypted from a TLS session on connection `c`. */
  decrypted(c: ConnectionEnds): HttpConnectionParser {
    return this.parser(c, true)
  }

  private parser(c: ConnectionEnds, decrypted: boolean): HttpConnectionParser {
    const parser: HttpConnectionParser = new HttpConnectionParser(
      {
        requestHead: (m) => this.request(c, m, decrypted),
        request: (m) => this.requestDone(m),
        response: (m, interim) => this.response(c, m, interim),
        tunnel: () => {
          // CONNECT succeeded: what follows is usually TLS end to end.
          const pair = this.tunnels?.tunnel(c)
          if (!pair) return
          parser.client.tunnelData = (b, f) => pair[0].data(b, f)
          parser.server.tunnelData = (b, f) => pair[1].data(b, f)
          parser.client.tunnelGap = (n, f) => pair[0].gap(n, f)
          parser.server.tunnelGap = (n, f) => pair[1].gap(n, f)
        },
      },
      this,
      this.capture,
    )
    return parser
  }

  /** DecodeBudget: a decoder for a body's content codings, counted until its size is in. */
  decoder(codings: string[]): ContentDecoder {
    const decoder = new ContentDecoder(codings)
    this.decoders.add(decoder)
    void decoder.done.then(() => this.decoders.delete(decoder))
    return decoder
  }

  /** When the bodies being decompressed hold too much: a promise to wait on before reading on
   * (between read chunks), resolved once they hold little enough. */
  backlog(): Promise<void> | undefined {
    if (!this.overBudget()) return undefined
    return (async () => {
      while (this.overBudget()) await Promise.race([...this.decoders].map((d) => d.done))
    })()
  }

  private overBudget(): boolean {
    return this.decoders.size > MAX_OPEN_DECODERS || this.pendingBytes() > MAX_PENDING_DECODE_BYTES
  }

  /** Every body's size is known. */
  async settled(): Promise<void> {
    await Promise.all(this.decoding)
  }

  private pendingBytes(): number {
    let n = 0
    for (const d of this.decoders) n += d.pendingBytes
    return n
  }

  private request(c: ConnectionEnds, m: HttpMessage, decrypted: boolean): void {
    const ex: HttpExchange = {
      method: m.head.method,
      uri: m.head.uri,
      host: header(m.head, 'host'),
      status: null,
      reason: null,
      connection: c.index,
      request_frame: m.endFrame + 1,
      response_frame: null,
      requestHead: m.headText,
      responseHead: null,
      contentType: null,
      contentEncoding: null,
      transferEncoding: null,
      bodyBytes: null,
      referer: header(m.head, 'referer'),
    }
    if (decrypted) ex.decrypted = true
    const idx = this.exchanges.push(ex) - 1
    const list = this.open.get(c.index)
    if (list) list.push(idx)
    else this.open.set(c.index, [idx])
    this.requestIndex.set(m, idx)
    this.appInfo.set(m.headFrame, { protocol: 'HTTP', info: httpInfo(m.head) })
  }

  /** The request's body is complete: Wireshark shows the request on that frame. */
  private requestDone(m: HttpMessage): void {
    const idx = this.requestIndex.get(m)
    if (idx === undefined) return
    this.exchanges[idx]!.request_frame = m.endFrame + 1
    this.exchanges[idx]!.requestFrames = m.frames.map((i) => i + 1)
    if (m.endFrame !== m.headFrame) {
      const info = this.appInfo.get(m.headFrame)
      this.appInfo.delete(m.headFrame)
      if (info) this.appInfo.set(m.endFrame, info)
    }
    if (!m.complete) this.exchanges[idx]!.incomplete = true
    this.carries(m.endFrame)
  }

  private response(c: ConnectionEnds, m: HttpMessage, interim: boolean): void {
    this.appInfo.set(m.endFrame, { protocol: 'HTTP', info: httpInfo(m.head) })
    if (m.complete) this.carries(m.endFrame)
    const pending = this.open.get(c.index) ?? []
    const idx = interim ? pending[0] : pending.shift()
    if (idx === undefined) {
      this.unmatchedResponses.push({ connection: c.index, status: m.head.status, reason: m.head.reason, response_frame: m.endFrame + 1 })
      return
    }
    const ex = this.exchanges[idx]!
    if (interim) {
      ;(ex.interim ??= []).push({ status: m.head.status, frame: m.endFrame + 1 })
      return
    }
    ex.status = m.head.status
    ex.reason = m.head.reason
    ex.response_frame = m.endFrame + 1
    ex.responseFrames = m.frames.map((i) => i + 1)
    ex.responseHead = m.headText
    ex.contentType = header(m.head, 'content-type')
    ex.contentEncoding = header(m.head, 'content-encoding')
    ex.transferEncoding = header(m.head, 'transfer-encoding')
    const bodyBytes = { wire: m.bodyWire, decoded: m.bodyWire }
    ex.bodyBytes = bodyBytes
    if (typeof m.bodyDecoded === 'number') bodyBytes.decoded = m.bodyDecoded
    else {
      this.decoding.push(
        m.bodyDecoded.then((r) => {
          if (r.decodedBytes !== null) bodyBytes.decoded = r.decodedBytes
          if (r.error) {
            ex.note = r.error.message
            ex.noteCode = r.error.code
          }
        }),
      )
    }
    if (!m.complete) ex.responseIncomplete = true
  }
}
