// The HTTP tracker: each HTTP/1.x connection's two streams go through http-stream.ts, and the
// messages it reports become exchanges — a request and the response that answers it (pipelined
// responses answer the oldest open request; 1xx responses are interim). A CONNECT tunnel hands its
// bytes to the TLS tracker. Compressed bodies are measured by zlib: a small one on the counting
// thread (count-thread.ts) when the pass has one, a large one piece by piece as it arrives
// (http/content-coding.ts); the pass waits for the counting thread through `settled` / `backlog`.
// The exchanges are
// rows of columns (http-exchanges.ts), not objects, and a connection costs its parser and one small
// sink (no closures per connection).
import { httpInfo } from '../../decode/http.ts'
import { COUNT_IN_THIS_THREAD, ContentDecoder, WindowBudget } from '../../http/content-coding.ts'
import type { CountingThread } from '../count-thread.ts'
import type { HttpExchange } from '../../shared/walkthrough.ts'
import type { AppInfo, ConnectionEnds, TcpHandoff } from '../handoff.ts'
import { HttpExchangeStore } from '../http-exchanges.ts'
import { HttpConnectionParser, type BodyCapture, type DecodeBudget, type HttpMessage, type HttpSink } from '../http-stream.ts'
import type { StreamConsumer } from '../tcp-reassembly.ts'

/** Where a tunnelled connection's bytes go (the TLS tracker). */
export interface TunnelHandoff {
  /** The connection carries TLS from here on: its consumers for the two directions. */
  tunnel(c: ConnectionEnds): [StreamConsumer, StreamConsumer]
}

/** One connection's messages, handed to the tracker with the connection they came on. */
class ConnectionSink implements HttpSink {
  parser: HttpConnectionParser | null = null
  constructor(
    private readonly tracker: HttpTracker,
    private readonly c: ConnectionEnds,
    private readonly decrypted: boolean,
  ) {}

  requestHead(m: HttpMessage): void {
    this.tracker.request(this.c, m, this.decrypted)
  }

  request(m: HttpMessage): void {
    this.tracker.requestDone(m)
  }

  response(m: HttpMessage, interim: boolean): void {
    this.tracker.response(this.c, m, interim)
  }

  tunnel(): void {
    // CONNECT succeeded: what follows is usually TLS end to end.
    const pair = this.tracker.tunnels?.tunnel(this.c)
    const parser = this.parser
    if (!pair || !parser) return
    parser.client.tunnelData = (b, start, end, f) => pair[0].data(b, start, end, f)
    parser.server.tunnelData = (b, start, end, f) => pair[1].data(b, start, end, f)
    parser.client.tunnelGap = (n, f) => pair[0].gap(n, f)
    parser.server.tunnelGap = (n, f) => pair[1].gap(n, f)
  }
}

export class HttpTracker implements TcpHandoff, DecodeBudget {
  /** The exchanges, the walkthrough's `http` (an EntityList: each made from its row when read). */
  readonly store = new HttpExchangeStore()
  /** Responses whose request is not in the capture (it started mid-connection). */
  readonly unmatchedResponses: { connection: number; status: number; reason: string; response_frame: number }[] = []
  /** Per connection: its exchanges still waiting for a response, oldest first (none: no entry). */
  private readonly open = new Map<number, number[]>()
  private readonly decoding: Promise<void>[] = []
  /** What this capture's bodies inflated piece by piece may hold at once. */
  private readonly windows = new WindowBudget()
  /** Set by the pass: the TLS tracker, for CONNECT tunnels. */
  tunnels: TunnelHandoff | null = null
  /** Told of every frame that carries HTTP as tshark's `http` filter sees it: a frame completing a
   * request or a whole response (the pass marks them; a CONNECT tunnel's are the TLS tracker's). */
  carries: (frame: number) => void = () => {}

  constructor(
    private readonly appInfo: AppInfo,
    /** Set only when a body is to be viewed (analyzer/http-body.ts). */
    private readonly capture: BodyCapture | null = null,
    /** Where small bodies are counted when they end: the pass's counting thread, or this thread. */
    private readonly counter: CountingThread | null = null,
  ) {
    appInfo.exchanges = this.store
  }

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
    const sink = new ConnectionSink(this, c, decrypted)
    sink.parser = new HttpConnectionParser(sink, this, this.capture)
    return sink.parser
  }

  /** DecodeBudget: a decoder for a body's content codings, counted until its size is in. */
  decoder(codings: string[]): ContentDecoder {
    return new ContentDecoder(codings, undefined, this.counter ?? COUNT_IN_THIS_THREAD, this.windows)
  }

  /** When the counting thread holds too many bodies: a promise to wait on before reading on
   * (between read chunks). A large body is inflated as it arrives, on this thread, so it never
   * waits to be. */
  backlog(): Promise<void> | undefined {
    return this.counter?.backlog()
  }

  /** The bodies handed to the counting thread so far have their sizes (a preview shows them, as
   * it did when they were counted on this thread). */
  counted(): Promise<void> {
    return this.counter?.drained() ?? Promise.resolve()
  }

  /** Every body's size is known. */
  async settled(): Promise<void> {
    await this.counter?.drained()
    await Promise.all(this.decoding)
  }

  /** A request's head is complete: its exchange begins. */
  request(c: ConnectionEnds, m: HttpMessage, decrypted: boolean): void {
    const idx = this.store.request({
      connection: c.index,
      requestFrame: m.endFrame + 1,
      method: m.head.method,
      uri: m.head.uri,
      version: m.head.version,
      host: m.head.headers.first('host'),
      referer: m.head.headers.first('referer'),
      head: m.headText,
      decrypted,
    })
    const list = this.open.get(c.index)
    if (list) list.push(idx)
    else this.open.set(c.index, [idx])
    m.exchange = idx
    this.appInfo.setHttp(m.headFrame, idx, 'request')
  }

  /** The request's body is complete: Wireshark shows the request on that frame. */
  requestDone(m: HttpMessage): void {
    const idx = m.exchange
    if (idx === undefined) return
    this.store.requestDone(idx, m.endFrame + 1, m.frames, m.complete)
    if (m.endFrame !== m.headFrame) this.appInfo.move(m.headFrame, m.endFrame)
    this.carries(m.endFrame)
  }

  response(c: ConnectionEnds, m: HttpMessage, interim: boolean): void {
    if (m.complete) this.carries(m.endFrame)
    const pending = this.open.get(c.index)
    const idx = pending === undefined ? undefined : interim ? pending[0] : pending.shift()
    // A connection with nothing waiting keeps no list (most connections, most of the time).
    if (pending !== undefined && pending.length === 0) this.open.delete(c.index)
    if (idx === undefined || interim) {
      this.appInfo.set(m.endFrame, { protocol: 'HTTP', info: httpInfo(m.head) })
      if (idx === undefined) this.unmatchedResponses.push({ connection: c.index, status: m.head.status, reason: m.head.reason, response_frame: m.endFrame + 1 })
      else this.store.interimResponse(idx, m.head.status, m.endFrame + 1)
      return
    }
    this.store.response(idx, {
      status: m.head.status,
      reason: m.head.reason,
      version: m.head.version,
      responseFrame: m.endFrame + 1,
      frames: m.frames,
      head: m.headText,
      contentType: m.head.headers.first('content-type'),
      contentEncoding: m.head.headers.first('content-encoding'),
      transferEncoding: m.head.headers.first('transfer-encoding'),
      wire: m.bodyWire,
      decoded: typeof m.bodyDecoded === 'number' ? m.bodyDecoded : m.bodyWire,
    })
    this.appInfo.setHttp(m.endFrame, idx, 'response')
    if (typeof m.bodyDecoded !== 'number') {
      this.decoding.push(
        m.bodyDecoded.then((r) => {
          if (r.decodedBytes !== null) this.store.decodedSize(idx, r.decodedBytes)
          if (r.error) this.store.note(idx, r.error.message, r.error.code)
        }),
      )
    }
    if (!m.complete) this.store.responseIncomplete(idx)
  }
}
