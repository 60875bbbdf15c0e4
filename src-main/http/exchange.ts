// One HTTP exchange on an open connection: write() the request message, read() the response into
// the parser until it is complete, undo the content coding. Phases are named and timestamped like
// undici's diagnostics (request:sent, response:firstByte, response:headers, response:end).
// Limits: no byte for `idleTimeoutMs`, or no complete response within `totalTimeoutMs`, is an
// HTTP_RESPONSE_TIMEOUT; sizes are bounded by the parser's limits.
import { tapNow } from '../sockets/tap.ts'
import { decodeContent, parseCodings } from './content-coding.ts'
import { HttpError } from './errors.ts'
import type { HttpRequestMessage } from './request.ts'
import { ResponseParser } from './response-parser.ts'
import { DEFAULT_RESPONSE_LIMITS, headerValue, type ParsedResponse, type ResponseLimits } from './response-types.ts'

export type HttpPhase = 'request:sent' | 'response:firstByte' | 'response:headers' | 'response:end'

/** The connection an exchange runs on (sockets/ClientConnection is one). */
export interface ByteConnection {
  write(bytes: Uint8Array, note?: string): Promise<void>
  setReceiver(receiver: { data(bytes: Uint8Array): void; end(): void; error(error: Error): void } | null): void
}

export interface ExchangeOptions {
  limits?: Partial<ResponseLimits>
  idleTimeoutMs?: number
  totalTimeoutMs?: number
  signal?: AbortSignal
  onPhase?: (phase: HttpPhase, at: number) => void
}

export interface HttpExchange {
  request: HttpRequestMessage
  response: ParsedResponse
  /** The body after undoing Content-Encoding (and non-chunked transfer codings). */
  content: Uint8Array
  contentCodings: string[]
  /** Tap-clock times (epoch ms) of each phase. */
  timing: { sentAt: number; firstByteAt: number; headersAt: number; doneAt: number }
  /** Whether the connection may carry another request. */
  reusable: boolean
}

export const DEFAULT_IDLE_TIMEOUT_MS = 15_000
export const DEFAULT_TOTAL_TIMEOUT_MS = 60_000

export function exchange(connection: ByteConnection, request: HttpRequestMessage, options: ExchangeOptions = {}): Promise<HttpExchange> {
  const limits = { ...DEFAULT_RESPONSE_LIMITS, ...options.limits }
  const parser = new ResponseParser({ method: request.method, limits })
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS
  const totalMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_TIMEOUT_MS
  const timing = { sentAt: 0, firstByteAt: 0, headersAt: 0, doneAt: 0 }
  const phase = (name: HttpPhase, at: number): void => options.onPhase?.(name, at)
  const what = `${request.method} ${request.url.href}`

  return new Promise<HttpExchange>((resolve, reject) => {
    let done = false
    let idleTimer: NodeJS.Timeout | undefined
    const totalTimer = setTimeout(() => fail(new HttpError('HTTP_RESPONSE_TIMEOUT', `the response to ${what} did not complete within ${totalMs} ms (${parser.received} bytes received)`, { received: parser.received })), totalMs)
    const armIdle = (): void => {
      if (idleTimer !== undefined) clearTimeout(idleTimer)
      idleTimer = setTimeout(() => fail(new HttpError('HTTP_RESPONSE_TIMEOUT', `no byte of the response to ${what} for ${idleMs} ms (${parser.received} bytes received)`, { received: parser.received })), idleMs)
    }
    const onAbort = (): void => fail(new HttpError('HTTP_ABORTED', `${what} was cancelled`))
    options.signal?.addEventListener('abort', onAbort, { once: true })

    function cleanup(): void {
      done = true
      clearTimeout(totalTimer)
      if (idleTimer !== undefined) clearTimeout(idleTimer)
      options.signal?.removeEventListener('abort', onAbort)
      connection.setReceiver(null)
    }
    function fail(error: Error): void {
      if (done) return
      cleanup()
      reject(error)
    }
    function succeed(): void {
      if (done) return
      try {
        const response = parser.result()
        const codings = [...response.transferCodings, ...parseCodings(headerValue(response.headers, 'content-encoding'))]
        const decoded = decodeContent(response.body, codings, limits.maxBodyBytes)
        timing.doneAt = tapNow()
        phase('response:end', timing.doneAt)
        cleanup()
        resolve({ request, response, content: decoded.bytes, contentCodings: decoded.codings, timing, reusable: response.keepAlive && request.headers.every(([n, v]) => n !== 'Connection' || v !== 'close') })
      } catch (error) {
        fail(error as Error)
      }
    }

    connection.setReceiver({
      data(bytes) {
        if (done) return
        if (timing.firstByteAt === 0) {
          timing.firstByteAt = tapNow()
          phase('response:firstByte', timing.firstByteAt)
        }
        armIdle()
        try {
          parser.push(bytes)
        } catch (error) {
          fail(error as Error)
          return
        }
        if (timing.headersAt === 0 && parser.responseHead !== null) {
          timing.headersAt = tapNow()
          phase('response:headers', timing.headersAt)
        }
        if (parser.complete) succeed()
      },
      end() {
        if (done) return
        try {
          parser.end()
          succeed()
        } catch (error) {
          fail(error as Error)
        }
      },
      error(error) {
        fail(error)
      },
    })
    if (options.signal?.aborted) {
      onAbort()
      return
    }
    armIdle()
    connection.write(request.bytes, `HTTP request ${request.method} ${request.target}`).then(
      () => {
        timing.sentAt = tapNow()
        phase('request:sent', timing.sentAt)
      },
      (error: Error) => fail(error),
    )
  })
}
