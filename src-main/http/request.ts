// The HTTP request message, built as text exactly as it goes on the wire (STORY 01 §5):
//   <method> <URI> HTTP/1.1 CRLF, one "Name: value" header per line, a blank line, the body.
// Like undici's client-h1 the head is plain text; unlike a library client nothing is added later:
// `bytes` is what the socket writes, byte for byte.
import type { WebUrl } from '../url/types.ts'
import { HttpError } from './errors.ts'
import pkg from '../../package.json' with { type: 'json' }

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

/** What a request fetches, which decides the Accept header as in a browser. */
export type RequestDestination = 'document' | 'image' | 'style' | 'script' | 'iframe' | 'other'

export const DEFAULT_USER_AGENT = `Mozilla/5.0 (compatible; Wiretrail/${pkg.version}; +chapter 1)`
export const DEFAULT_ACCEPT_LANGUAGE = 'ko, en;q=0.8'
/** The notes' request carries exactly this; the response decoder also understands br. */
export const ACCEPT_ENCODING = 'gzip, deflate'

const ACCEPT_BY_DESTINATION: Record<RequestDestination, string> = {
  document: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  iframe: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  image: 'image/avif,image/webp,image/png,image/jpeg,image/*,*/*;q=0.8',
  style: 'text/css,*/*;q=0.1',
  script: '*/*',
  other: '*/*',
}

const METHODS_WITHOUT_BODY: readonly HttpMethod[] = ['GET', 'HEAD', 'TRACE']

export interface RequestOptions {
  url: WebUrl
  method?: HttpMethod
  destination?: RequestDestination
  /** The page that linked to this resource (subresources), sent as Referer. */
  referer?: string | null
  /** Form fields for POST/PUT, sent as application/x-www-form-urlencoded. */
  form?: Record<string, string> | [string, string][]
  /** A raw body (with `contentType`); ignored when `form` is given. */
  body?: Uint8Array | string
  contentType?: string
  userAgent?: string
  acceptLanguage?: string
  /** Sent as "Connection: close" instead of keep-alive (the last request on a connection). */
  close?: boolean
  /** More header fields, appended after the standard ones. */
  extraHeaders?: [string, string][]
}

export interface HttpRequestMessage {
  method: HttpMethod
  /** The URI on the request line ("/sample.htm"). */
  target: string
  requestLine: string
  headers: [string, string][]
  /** Request line + header lines + the blank line, as sent. */
  head: string
  body: Uint8Array
  /** Exactly the bytes the socket writes. */
  bytes: Uint8Array
  url: WebUrl
  destination: RequestDestination
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function buildRequest(options: RequestOptions): HttpRequestMessage {
  const method = options.method ?? 'GET'
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new HttpError('HTTP_BAD_METHOD', `"${String(method)}" is not a method Wiretrail sends; it sends ${HTTP_METHODS.join(', ')}`)
  }
  const { url } = options
  const destination = options.destination ?? 'document'
  const body = bodyOf(options)
  if (body !== null && METHODS_WITHOUT_BODY.includes(method)) {
    throw new HttpError('HTTP_BODY_NOT_ALLOWED', `a ${method} request carries no message body, but one was given (${body.bytes.length} bytes)`)
  }

  const headers: [string, string][] = [
    ['Host', url.hostHeader],
    ['User-Agent', options.userAgent ?? DEFAULT_USER_AGENT],
    ['Accept', ACCEPT_BY_DESTINATION[destination]],
    ['Accept-Language', options.acceptLanguage ?? DEFAULT_ACCEPT_LANGUAGE],
    ['Accept-Encoding', ACCEPT_ENCODING],
    ['Connection', options.close === true ? 'close' : 'keep-alive'],
  ]
  if (options.referer) headers.push(['Referer', options.referer])
  if (url.user !== null) {
    // RFC 7617: Basic base64(user ":" password), the user-pass in UTF-8.
    const credentials = Buffer.from(`${url.user}:${url.password ?? ''}`, 'utf8').toString('base64')
    headers.push(['Authorization', `Basic ${credentials}`])
  }
  if (body !== null) {
    if (body.contentType !== null) headers.push(['Content-Type', body.contentType])
    headers.push(['Content-Length', String(body.bytes.length)])
  } else if (method === 'POST' || method === 'PUT') {
    headers.push(['Content-Length', '0'])
  }
  for (const [name, value] of options.extraHeaders ?? []) headers.push([name, value])
  for (const [name, value] of headers) checkHeader(name, value)

  const requestLine = `${method} ${url.requestTarget} HTTP/1.1`
  const head = `${requestLine}\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`
  const headBytes = Buffer.from(head, 'latin1')
  const bodyBytes = body?.bytes ?? new Uint8Array(0)
  return {
    method,
    target: url.requestTarget,
    requestLine,
    headers,
    head,
    body: bodyBytes,
    bytes: Buffer.concat([headBytes, bodyBytes]),
    url,
    destination,
  }
}

/** The message as the UI shows it: the head as sent, then the body as UTF-8 text when it is text. */
export function requestText(request: HttpRequestMessage): string {
  if (request.body.length === 0) return request.head
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(request.body)
  return request.head + (decoded.includes('\uFFFD') ? `[${request.body.length} bytes of binary data]` : decoded)
}

function bodyOf(options: RequestOptions): { bytes: Uint8Array; contentType: string | null } | null {
  if (options.form !== undefined) {
    const entries = Array.isArray(options.form) ? options.form : Object.entries(options.form)
    return { bytes: Buffer.from(new URLSearchParams(entries).toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded' }
  }
  if (options.body === undefined) return null
  const bytes = typeof options.body === 'string' ? Buffer.from(options.body, 'utf8') : options.body
  return { bytes, contentType: options.contentType ?? (typeof options.body === 'string' ? 'text/plain; charset=utf-8' : 'application/octet-stream') }
}

function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) throw new HttpError('HTTP_BAD_HEADER_VALUE', `"${name}" is not a valid header field name`)
  // A CR or LF in a value would end the header early and smuggle in another line.
  const bad = /[\r\n\0]/.exec(value)
  if (bad !== null) {
    throw new HttpError('HTTP_BAD_HEADER_VALUE', `the value of header "${name}" contains ${JSON.stringify(bad[0])} at character ${bad.index}, which would split the request message`)
  }
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new HttpError('HTTP_BAD_HEADER_VALUE', `the value of header "${name}" has characters outside Latin-1; percent-encode it`)
  }
}
