// Loads a page as a browser does (STORY 01 §6, STORY 04): the document, following redirects (at
// most 10), then every subresource the HTML names (img, stylesheet/icon links, scripts, iframes and
// theirs), with Referer, over at most 6 kept-alive connections per server. Each host name is looked
// up through the caller's resolver before connecting (the second lookup of a name is answered from
// the resolver's cache). Failures of single files are kept per file; the load goes on.
import { buildRequest, exchange, headerValue, type HttpExchange, type HttpMethod, type RequestDestination, type ResponseLimits } from '../http/index.ts'
import { HttpError } from '../http/errors.ts'
import type { ClientConnection, TlsOptions } from '../sockets/client-connection.ts'
import { resolveReference, type WebUrl } from '../url/index.ts'
import { toErrorJson, type WiretrailErrorJson } from '../shared/errors.ts'
import type { ConnectionPool, PoolKey } from './connection-pool.ts'
import { findSubresources } from './subresources.ts'

export const MAX_REDIRECTS = 10
const MAX_IFRAME_DEPTH = 2
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** Failures after which the server may still be sending: the connection is reset, not closed. */
const STILL_SENDING = new Set(['HTTP_BODY_TOO_LARGE', 'HTTP_HEADERS_TOO_LARGE', 'HTTP_TOO_MANY_HEADERS', 'HTTP_RESPONSE_TIMEOUT', 'HTTP_ABORTED'])

export interface Destination {
  /** Where to connect (after name resolution and lab address mapping). */
  address: string
  /** TLS settings for https: SNI name and the CAs to trust. */
  tls?: TlsOptions
}

export interface PageLoaderHooks {
  pool: ConnectionPool
  /** Resolves the URL's host and says where to connect. */
  destinationFor(url: WebUrl): Promise<Destination>
  /** Lab mode: a URL to a lab host typed without a port goes to the lab's port. */
  mapUrl(url: WebUrl): WebUrl
  onFetch?: (fetch: FetchRecord) => void
  onStage?: (stage: 'connecting' | 'transferring', detail: string) => void
  limits?: Partial<ResponseLimits>
  idleTimeoutMs?: number
  totalTimeoutMs?: number
  signal?: AbortSignal
}

/** One request/response as the load saw it. */
export interface FetchRecord {
  url: string
  method: HttpMethod
  destination: RequestDestination
  referer: string | null
  /** The element that asked for it ("img src"), for subresources. */
  from: string | null
  status: number | null
  reason: string | null
  contentType: string | null
  /** Bytes of the body after content decoding. */
  bytes: number
  socketId: string | null
  reusedConnection: boolean
  /** The request message exactly as sent. */
  requestHead: string | null
  error?: WiretrailErrorJson
}

export interface DocumentLoad {
  /** Every hop of the document's redirect chain, the final one last. */
  chain: FetchRecord[]
  final: FetchRecord
  html: string | null
  url: WebUrl
}

export interface PageLoad {
  document: DocumentLoad
  subresources: FetchRecord[]
  /** Documents of iframes (their own subresources are in `subresources`). */
  frames: DocumentLoad[]
}

export async function loadPage(start: WebUrl, hooks: PageLoaderHooks, request: { method?: HttpMethod; form?: [string, string][] } = {}): Promise<PageLoad> {
  const document = await loadDocument(start, hooks, { method: request.method ?? 'GET', form: request.form, referer: null, destination: 'document', from: null })
  const subresources: FetchRecord[] = []
  const frames: DocumentLoad[] = []
  if (document.html !== null) await loadSubresources(document, hooks, subresources, frames, 0)
  return { document, subresources, frames }
}

interface FetchSpec {
  method: HttpMethod
  form?: [string, string][]
  referer: string | null
  destination: RequestDestination
  from: string | null
}

/** Fetches a document (page or iframe) and follows its redirects. */
async function loadDocument(start: WebUrl, hooks: PageLoaderHooks, spec: FetchSpec): Promise<DocumentLoad> {
  const chain: FetchRecord[] = []
  let url = hooks.mapUrl(start)
  let current = spec
  for (let hop = 0; ; hop += 1) {
    const { record, result } = await fetchOne(url, hooks, current)
    chain.push(record)
    if (result === null) return { chain, final: record, html: null, url }
    const status = result.response.status
    if (!REDIRECT_STATUSES.has(status)) {
      const isHtml = /html/i.test(record.contentType ?? 'text/html') && current.method !== 'HEAD'
      return { chain, final: record, html: isHtml ? Buffer.from(result.content).toString('utf8') : null, url }
    }
    const location = headerValue(result.response.headers, 'location')
    const failWith = (error: WiretrailErrorJson): DocumentLoad => {
      record.error = error
      return { chain, final: record, html: null, url }
    }
    if (location === null) return failWith(new HttpError('HTTP_BAD_REDIRECT', `${status} from ${url.href} has no Location header`).toJSON())
    if (hop + 1 > MAX_REDIRECTS) {
      return failWith(new HttpError('HTTP_TOO_MANY_REDIRECTS', `more than ${MAX_REDIRECTS} redirects starting at ${start.href} (last: ${url.href} → ${location})`).toJSON())
    }
    try {
      url = hooks.mapUrl(resolveReference(url, location))
    } catch (error) {
      return failWith(toErrorJson(error))
    }
    // 303, and 301/302 after POST, continue with GET (RFC 9110 §15.4); 307/308 keep the method.
    const toGet = status === 303 || ((status === 301 || status === 302) && current.method === 'POST')
    current = { ...current, ...(toGet ? { method: 'GET' as HttpMethod, form: undefined } : {}) }
  }
}

async function loadSubresources(document: DocumentLoad, hooks: PageLoaderHooks, out: FetchRecord[], frames: DocumentLoad[], depth: number): Promise<void> {
  const referer = document.url.href
  const found = findSubresources(document.html as string, document.url)
  // Records land in document order, whatever order the responses complete in.
  const slots: (FetchRecord | null)[] = found.map(() => null)
  const start = out.length
  await Promise.all(
    found.map(async (sub, index) => {
      if (sub.url === null) {
        const record = emptyRecord(sub.reference, 'GET', sub.destination, referer, sub.from)
        record.error = { name: 'WiretrailError', code: sub.error?.code ?? 'URL_BAD', message: `${sub.from}="${sub.reference}": ${sub.error?.message ?? 'not a URL'}` }
        slots[index] = record
        hooks.onFetch?.(record)
        return
      }
      if (sub.destination === 'iframe') {
        if (depth >= MAX_IFRAME_DEPTH) return
        const frame = await loadDocument(sub.url, hooks, { method: 'GET', referer, destination: 'iframe', from: sub.from })
        frames.push(frame)
        if (frame.html !== null) await loadSubresources(frame, hooks, out, frames, depth + 1)
        return
      }
      const { record } = await fetchOne(hooks.mapUrl(sub.url), hooks, { method: 'GET', referer, destination: sub.destination, from: sub.from })
      slots[index] = record
    }),
  )
  out.splice(start, 0, ...slots.filter((r): r is FetchRecord => r !== null))
}

/** One request on a pooled connection. Never throws: failures are in the record. */
async function fetchOne(url: WebUrl, hooks: PageLoaderHooks, spec: FetchSpec): Promise<{ record: FetchRecord; result: HttpExchange | null }> {
  const record = emptyRecord(url.href, spec.method, spec.destination, spec.referer, spec.from)
  let key: PoolKey | null = null
  let connection: ClientConnection | null = null
  try {
    const message = buildRequest({ url, method: spec.method, destination: spec.destination, referer: spec.referer, ...(spec.form ? { form: spec.form } : {}) })
    record.requestHead = message.head
    const destination = await hooks.destinationFor(url)
    key = { address: destination.address, port: url.effectivePort, tls: destination.tls }
    hooks.onStage?.('connecting', `${destination.address}:${url.effectivePort}`)
    const lease = await hooks.pool.acquire(key)
    connection = lease.connection
    record.socketId = connection.socketId
    record.reusedConnection = lease.reused
    hooks.onStage?.('transferring', url.href)
    const result = await exchange(connection, message, {
      ...(hooks.limits ? { limits: hooks.limits } : {}),
      ...(hooks.idleTimeoutMs ? { idleTimeoutMs: hooks.idleTimeoutMs } : {}),
      ...(hooks.totalTimeoutMs ? { totalTimeoutMs: hooks.totalTimeoutMs } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    })
    hooks.pool.release(key, connection, result.reusable)
    record.status = result.response.status
    record.reason = result.response.reason
    record.contentType = headerValue(result.response.headers, 'content-type')
    record.bytes = result.content.length
    hooks.onFetch?.(record)
    return { record, result }
  } catch (error) {
    // A broken or hostile response: the connection is given up. A server still sending (a body
    // past the limit, a stalled response, a cancel) is cut off with RST, as closing a socket with
    // data still arriving does; otherwise the client closes normally (FIN).
    if (connection !== null && key !== null) {
      const code = (error as { code?: string }).code ?? ''
      if (STILL_SENDING.has(code)) connection.abort()
      else if (!connection.peerEnded) void connection.close()
    }
    record.error = toErrorJson(error)
    hooks.onFetch?.(record)
    return { record, result: null }
  }
}

function emptyRecord(url: string, method: HttpMethod, destination: RequestDestination, referer: string | null, from: string | null): FetchRecord {
  return { url, method, destination, referer, from, status: null, reason: null, contentType: null, bytes: 0, socketId: null, reusedConnection: false, requestHead: null }
}
