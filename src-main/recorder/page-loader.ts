// Loads a page as a browser does (STORY 01 §6, STORY 04): the document, following redirects (at
// most 10), then every subresource the HTML names (img, stylesheet/icon links, scripts, iframes and
// theirs), with Referer, over at most 6 kept-alive connections per server. Each host name is looked
// up through the caller's resolver before connecting (the second lookup of a name is answered from
// the resolver's cache). Failures of single files are kept per file; the load goes on. A page that
// names more files than a load fetches (MAX_SUBRESOURCES) gets the first ones, in document order,
// and a note saying how many were not fetched.
import { buildRequest, exchange, headerValue, type HttpExchange, type HttpMethod, type RequestDestination, type ResponseLimits } from '../http/index.ts'
import { HttpError } from '../http/errors.ts'
import type { ClientConnection, TlsOptions } from '../sockets/client-connection.ts'
import { parseLoadableUrl, resolveReference, type WebUrl } from '../url/index.ts'
import { toErrorJson, type NetworkPhase, type WiretrailErrorJson } from '../shared/errors.ts'
import { isIPv6 } from 'node:net'
import { endpointText } from '../sockets/socket-handle.ts'
import { tapNow } from '../sockets/tap.ts'
import type { ConnectionPool, PoolKey } from './connection-pool.ts'
import { findSubresources } from './subresources.ts'

export const MAX_REDIRECTS = 10
const MAX_IFRAME_DEPTH = 2
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** Files one page load fetches at most: the document's and its frames' together, in document order.
 * A browser fetches every file a page names, but a recording of thousands of requests teaches no
 * more than one of a few hundred (a page with 5,000 <img> tags took 40 s and 5,001 requests), and
 * each request holds a connection slot and memory while it waits. The rest are named in a note. */
export const MAX_SUBRESOURCES = 300
/** Characters of a page searched for the files it names: HTML parsing builds a tree of the whole
 * text (64 MiB of tags, the largest body accepted, takes about a gigabyte); pages are far smaller. */
export const MAX_HTML_SEARCHED = 4 * 1024 * 1024
/** URLs a note lists by name (the count says how many more). */
const NOTE_EXAMPLES = 5

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
  /** Something the load left out, and why (told once per page, as it happens). */
  onNote?: (note: LoadNote) => void
  onStage?: (stage: 'connecting' | 'transferring', detail: string) => void
  /** An http:// URL made https:// before any request, because its host said so (HSTS). */
  onHsts?: (upgrade: HstsUpgrade) => void
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
  /** When it failed (tap clock, epoch ms), for the walkthrough's step. */
  failedAt?: number
}

/** What a page load left out, and why. */
export interface LoadNote {
  /** RECORD_SUBRESOURCE_LIMIT: more files than a load fetches; RECORD_HTML_SEARCH_LIMIT: a page
   * longer than the part searched for files. */
  code: 'RECORD_SUBRESOURCE_LIMIT' | 'RECORD_HTML_SEARCH_LIMIT'
  message: string
  /** The page (document or frame) it is about. */
  page: string
  /** Files the page names that were not fetched (0 for the search limit: unknown). */
  notFetched: number
}

/** RFC 6797 §8.3: a known HSTS host's http:// URL becomes https:// in the browser, with no request. */
export interface HstsUpgrade {
  from: string
  to: string
  host: string
  /** Where the browser learnt it: the https:// response that sent Strict-Transport-Security. */
  learntFrom: string
  at: number
}

/** The load's HSTS hosts (one recording is one fresh browser: it starts empty, as without the
 * browser's preload list): host → whether subdomains are covered, and where it was learnt. */
type HstsStore = Map<string, { includeSubDomains: boolean; learntFrom: string }>
const hstsStores = new WeakMap<PageLoaderHooks, HstsStore>()

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
  /** What the load left out (files past MAX_SUBRESOURCES, a page past MAX_HTML_SEARCHED). */
  notes: LoadNote[]
}

export async function loadPage(start: WebUrl, hooks: PageLoaderHooks, request: { method?: HttpMethod; form?: [string, string][]; body?: string } = {}): Promise<PageLoad> {
  hstsStores.set(hooks, new Map())
  const document = await loadDocument(start, hooks, { method: request.method ?? 'GET', form: request.form, body: request.body, referer: null, destination: 'document', from: null })
  const subresources: FetchRecord[] = []
  const frames: DocumentLoad[] = []
  const notes: LoadNote[] = []
  const budget: Budget = { left: MAX_SUBRESOURCES, note: (note) => (notes.push(note), hooks.onNote?.(note)) }
  if (document.html !== null) await loadSubresources(document, hooks, subresources, frames, 0, budget)
  return { document, subresources, frames, notes }
}

/** The files a load may still fetch, shared by the document and its frames. */
interface Budget {
  left: number
  note: (note: LoadNote) => void
}

interface FetchSpec {
  method: HttpMethod
  form?: [string, string][]
  /** PUT's body, sent as text/plain; charset=utf-8. */
  body?: string | undefined
  referer: string | null
  destination: RequestDestination
  from: string | null
}

/** Fetches a document (page or iframe) and follows its redirects. */
async function loadDocument(start: WebUrl, hooks: PageLoaderHooks, spec: FetchSpec): Promise<DocumentLoad> {
  const chain: FetchRecord[] = []
  let url = hooks.mapUrl(upgradeIfHsts(start, hooks))
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
      url = hooks.mapUrl(upgradeIfHsts(resolveReference(url, location), hooks))
    } catch (error) {
      return failWith(toErrorJson(error))
    }
    // 303, and 301/302 after POST, continue with GET (RFC 9110 §15.4); 307/308 keep the method.
    const toGet = status === 303 || ((status === 301 || status === 302) && current.method === 'POST')
    current = { ...current, ...(toGet ? { method: 'GET' as HttpMethod, form: undefined, body: undefined } : {}) }
  }
}

async function loadSubresources(document: DocumentLoad, hooks: PageLoaderHooks, out: FetchRecord[], frames: DocumentLoad[], depth: number, budget: Budget): Promise<void> {
  const referer = document.url.href
  const html = document.html as string
  if (html.length > MAX_HTML_SEARCHED) {
    budget.note({
      code: 'RECORD_HTML_SEARCH_LIMIT',
      message: `${referer} is ${html.length} characters long: only its first ${MAX_HTML_SEARCHED} were searched for files to fetch`,
      page: referer,
      notFetched: 0,
    })
  }
  const named = findSubresources(html.length > MAX_HTML_SEARCHED ? html.slice(0, MAX_HTML_SEARCHED) : html, document.url)
  // A bad URL is recorded, not requested; a frame too deep is not loaded: neither uses the budget.
  const requested = (sub: (typeof named)[number]): boolean => sub.url !== null && !(sub.destination === 'iframe' && depth >= MAX_IFRAME_DEPTH)
  const found: typeof named = []
  const left: typeof named = []
  for (const sub of named) {
    if (!requested(sub)) found.push(sub)
    else if (budget.left > 0) {
      budget.left -= 1
      found.push(sub)
    } else left.push(sub)
  }
  if (left.length > 0) {
    const names = left.slice(0, NOTE_EXAMPLES).map((sub) => sub.url?.href ?? sub.reference)
    const requests = named.filter(requested).length
    budget.note({
      code: 'RECORD_SUBRESOURCE_LIMIT',
      message: `${referer} names ${requests} files to fetch; a page load fetches at most ${MAX_SUBRESOURCES} (its frames' included), so ${left.length} were not fetched: ${names.join(', ')}${left.length > names.length ? `, and ${left.length - names.length} more` : ''}`,
      page: referer,
      notFetched: left.length,
    })
  }
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
        if (frame.html !== null) await loadSubresources(frame, hooks, out, frames, depth + 1, budget)
        return
      }
      const { record } = await fetchOne(hooks.mapUrl(upgradeIfHsts(sub.url, hooks)), hooks, { method: 'GET', referer, destination: sub.destination, from: sub.from })
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
  // Where the fetch is, in the notes' order, so a failure says at which step and with which server
  // it stopped: the address, connect() (and the TLS handshake), write(), read().
  let phase: NetworkPhase | null = null
  let server = url.hostAscii
  try {
    const message = buildRequest({ url, method: spec.method, destination: spec.destination, referer: spec.referer, ...(spec.form ? { form: spec.form } : {}), ...(spec.body !== undefined ? { body: spec.body } : {}) })
    record.requestHead = message.head
    phase = 'resolve'
    const destination = await hooks.destinationFor(url)
    key = { address: destination.address, port: url.effectivePort, tls: destination.tls }
    server = `${url.hostAscii} (${endpointText({ address: destination.address, port: url.effectivePort, family: isIPv6(destination.address) ? 6 : 4 })})`
    phase = 'connect'
    hooks.onStage?.('connecting', `${destination.address}:${url.effectivePort}`)
    const lease = await hooks.pool.acquire(key)
    connection = lease.connection
    record.socketId = connection.socketId
    record.reusedConnection = lease.reused
    phase = 'send'
    hooks.onStage?.('transferring', url.href)
    const result = await exchange(connection, message, {
      ...(hooks.limits ? { limits: hooks.limits } : {}),
      ...(hooks.idleTimeoutMs ? { idleTimeoutMs: hooks.idleTimeoutMs } : {}),
      ...(hooks.totalTimeoutMs ? { totalTimeoutMs: hooks.totalTimeoutMs } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onPhase: (step) => {
        if (step === 'request:sent') phase = 'receive'
      },
    })
    hooks.pool.release(key, connection, result.reusable)
    if (url.scheme === 'https') learnHsts(url, headerValue(result.response.headers, 'strict-transport-security'), hooks)
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
    record.error = withFault(toErrorJson(error), phase, server)
    record.failedAt = tapNow()
    hooks.onFetch?.(record)
    return { record, result: null }
  }
}

/** Strict-Transport-Security from an https:// response (RFC 6797 §8.1): max-age=0 forgets the host. */
function learnHsts(url: WebUrl, value: string | null, hooks: PageLoaderHooks): void {
  const store = hstsStores.get(hooks)
  if (store === undefined || value === null || url.hostKind !== 'name') return
  const directives = value.split(';').map((d) => d.trim().toLowerCase())
  const maxAge = directives.map((d) => /^max-age\s*=\s*"?(\d+)"?$/.exec(d)?.[1]).find((v) => v !== undefined)
  if (maxAge === undefined) return // no max-age: the header is ignored (§6.1.1)
  if (Number(maxAge) === 0) store.delete(url.hostAscii)
  else store.set(url.hostAscii, { includeSubDomains: directives.includes('includesubdomains'), learntFrom: url.href })
}

/** An http:// URL of a known HSTS host (or of a subdomain of one with includeSubDomains) as https://,
 * port 80 becoming 443 (RFC 6797 §8.3); other URLs as they are. */
function upgradeIfHsts(url: WebUrl, hooks: PageLoaderHooks): WebUrl {
  const store = hstsStores.get(hooks)
  if (store === undefined || url.scheme !== 'http' || url.hostKind !== 'name') return url
  const labels = url.hostAscii.split('.')
  const known = labels
    .map((_, i) => labels.slice(i).join('.'))
    .map((host, i) => ({ entry: store.get(host), exact: i === 0 }))
    .find(({ entry, exact }) => entry !== undefined && (exact || entry.includeSubDomains))
  if (known === undefined) return url
  const secure = new URL(url.serialization)
  secure.protocol = 'https:'
  if (secure.port === '80') secure.port = ''
  const upgraded = parseLoadableUrl(secure.href)
  hooks.onHsts?.({ from: url.href, to: upgraded.href, host: url.hostAscii, learntFrom: known.entry!.learntFrom, at: tapNow() })
  return upgraded
}

/** The error with the phase it happened in and the server it happened with, unless it says so
 * already (a TLS error knows it is the handshake; a request that could not be built has no phase). */
function withFault(error: WiretrailErrorJson, phase: NetworkPhase | null, server: string): WiretrailErrorJson {
  if (phase === null) return error
  const known = error.details?.phase
  const actual = typeof known === 'string' ? known : error.code.startsWith('TLS_') ? 'tls' : phase
  return { ...error, details: { ...error.details, phase: actual, server } }
}

function emptyRecord(url: string, method: HttpMethod, destination: RequestDestination, referer: string | null, from: string | null): FetchRecord {
  return { url, method, destination, referer, from, status: null, reason: null, contentType: null, bytes: 0, socketId: null, reusedConnection: false, requestHead: null }
}
