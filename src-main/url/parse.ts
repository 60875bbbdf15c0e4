// Takes a URL apart the way the notes do (STORY 01 §1–2):
//   http: + // + user:password@ + host + :port + /dir/file + ?query + #fragment
//
// One reading of a URL: the values (canonical host, port, request target, user info) are the
// platform's WHATWG URL parser's — Node's and the browser's `URL`, which implement the very standard
// browsers are tested against — so Wiretrail requests exactly what a browser requests and refuses
// exactly what a browser refuses. Wiretrail's own code adds what that parser does not give: where
// each part lies in the typed text (split.ts), what the browser repaired on the way (repairs.ts) and,
// when the parser refuses, which part is wrong and why (host.ts; the parser only says "Invalid URL").
// Pure (no node:*), so the renderer shows the same anatomy.
import { urlError, UrlError } from './errors.ts'
import { diagnoseHost, hostKindOf } from './host.ts'
import { cleanInput, inputRange, type CleanedInput } from './input.ts'
import { describeOtherScheme, isOtherScheme } from './other-schemes.ts'
import { pathTargetFor } from './path.ts'
import { findRepairs } from './repairs.ts'
import { splitSpecialUrl, type UrlSpans } from './split.ts'
import { visible } from './visible.ts'
import type { OtherAccessUrl, ParsedUrl, UrlPart, WebUrl } from './types.ts'

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/
const DEFAULT_PORTS = { http: 80, https: 443 } as const

/** Parses http(s) URLs into their anatomy and ftp:/file:/mailto: into an explanation. Throws UrlError. */
export function parseUrl(typed: string): ParsedUrl {
  const clean = cleanInput(typed)
  const text = clean.cleaned
  if (text === '') throw urlError('URL_EMPTY', 'the URL is empty', 'url', 0, 0)

  const schemeMatch = SCHEME.exec(text)
  if (schemeMatch === null || /^[0-9]/.test(text.slice((schemeMatch[1] as string).length + 1))) {
    // "www.example.com/x" or "localhost:8080/x": a host without "http://" in front.
    const hostLike = clean.input.split(/[/?#]/)[0] as string
    throw urlError('URL_NO_SCHEME', `the URL "${clean.input}" does not start with an access method such as "http:"; did you mean "http://${clean.input}"?`, 'scheme', 0, hostLike.length, {
      suggestion: `http://${clean.input}`,
    })
  }
  const schemeText = schemeMatch[1] as string
  const scheme = schemeText.toLowerCase()
  const schemeEnd = schemeText.length + 1
  const schemeInInput = inputRange(clean, 0, schemeEnd).end

  if (isOtherScheme(scheme)) return describeOtherScheme(clean.input, scheme, schemeInInput)
  if (scheme !== 'http' && scheme !== 'https') {
    throw urlError('URL_UNSUPPORTED_SCHEME', `the access method "${schemeText}:" (characters 0–${schemeInInput}) is not one Wiretrail knows; it loads http: and https:, records dns: lookups (dns:NAME?type=TYPE) and explains ftp:, file: and mailto:`, 'scheme', 0, schemeInInput, { scheme })
  }
  return parseWebUrl(clean, scheme, splitSpecialUrl(text, schemeEnd))
}

/** Like parseUrl, but only http(s) URLs: other access methods throw URL_OTHER_ACCESS_METHOD with
 * their explanation in `details.explanation`. */
export function parseLoadableUrl(typed: string): WebUrl {
  const parsed = parseUrl(typed)
  if (parsed.kind === 'web') return parsed
  throw otherAccessError(parsed)
}

export function otherAccessError(parsed: OtherAccessUrl): UrlError {
  return urlError('URL_OTHER_ACCESS_METHOD', `"${parsed.scheme}:" is another access method (${parsed.accessMethod}), not a web page: ${parsed.explanation.en}`, 'scheme', 0, parsed.scheme.length + 1, {
    scheme: parsed.scheme,
    explanation: parsed.explanation,
  })
}

function parseWebUrl(clean: CleanedInput, scheme: 'http' | 'https', spans: UrlSpans): WebUrl {
  let url: URL
  try {
    url = new URL(clean.cleaned)
  } catch {
    throw diagnose(clean, spans)
  }
  const defaultPort = DEFAULT_PORTS[scheme]
  const text = clean.cleaned
  const typedPort = spans.port === null ? '' : text.slice(spans.port.digits.start, spans.port.digits.end)
  const port = typedPort === '' ? null : Number(typedPort)
  const effectivePort = port ?? defaultPort
  const hostKind = hostKindOf(url.hostname)
  const hostAscii = hostKind === 'ipv6' ? url.hostname.slice(1, -1) : url.hostname
  const typedHost = text.slice(spans.host.start, spans.host.end)
  const requestTarget = `${url.pathname}${url.search}`
  const hasUser = url.username !== '' || url.password !== ''
  const origin = `${scheme}://${url.host}`
  return {
    kind: 'web',
    input: clean.input,
    scheme,
    user: hasUser ? percentDecode(url.username) : null,
    password: url.password !== '' ? percentDecode(url.password) : null,
    // For display: a name as typed (lower-cased), an address as the browser writes it.
    host: hostKind === 'name' ? typedHost.toLowerCase() : hostAscii,
    hostAscii,
    hostKind,
    port,
    defaultPort,
    effectivePort,
    path: text.slice(spans.path.start, spans.path.end),
    query: spans.query === null ? null : text.slice(spans.query.start + 1, spans.query.end),
    fragment: spans.fragment === null ? null : text.slice(spans.fragment.start + 1, spans.fragment.end),
    requestTarget,
    hostHeader: url.host,
    origin,
    href: `${origin}${requestTarget}`,
    serialization: url.href,
    pathTarget: pathTargetFor(spans.path.end > spans.path.start, url.pathname),
    parts: partsOf(clean, spans),
    repairs: findRepairs(clean, spans, { scheme, defaultPort, hostname: url.hostname, hostKind, pathname: url.pathname, username: url.username, password: url.password }),
  }
}

/** The parser refused the URL: say which part is wrong, in the parser's own order (host, then port). */
function diagnose(clean: CleanedInput, spans: UrlSpans): UrlError {
  const text = clean.cleaned
  const at = (offset: number): number => clean.offsets[offset] as number
  const hostText = text.slice(spans.host.start, spans.host.end)
  const hostProblem = diagnoseHost(hostText, (i) => at(spans.host.start + i))
  if (hostProblem !== null) return hostProblem
  if (spans.port !== null) {
    const { start, end } = inputRange(clean, spans.port.digits.start, spans.port.digits.end)
    const digits = text.slice(spans.port.digits.start, spans.port.digits.end)
    if (!/^[0-9]*$/.test(digits)) {
      // "http://2001::1": an IPv6 address without brackets reads as a host "2001" and a port ":1".
      const hint = digits.includes(':') ? ' (an IPv6 address must be written in brackets, "[2001:db8::1]")' : ''
      return urlError('URL_BAD_PORT', `the port "${visible(clean.input.slice(start, end))}" (characters ${start}–${end}) is not a number${hint}`, 'port', start, end)
    }
    if (Number(digits) > 65535) {
      return urlError('URL_BAD_PORT', `the port ${digits.replace(/^0+(?=.)/, '')} (characters ${start}–${end}) is out of range: a port number is 0–65535`, 'port', start, end)
    }
  }
  return urlError('URL_INVALID', `the browser's URL parser refuses "${visible(clean.input)}"`, 'url', 0, clean.input.length)
}

function partsOf(clean: CleanedInput, spans: UrlSpans): UrlPart[] {
  const parts: UrlPart[] = []
  const add = (kind: UrlPart['kind'], start: number, end: number): void => {
    const range = inputRange(clean, start, end)
    parts.push({ kind, text: clean.input.slice(range.start, range.end), start: range.start, end: range.end })
  }
  add('scheme', spans.scheme.start, spans.scheme.end)
  if (spans.slashes.end > spans.slashes.start) add('slashes', spans.slashes.start, spans.slashes.end)
  if (spans.userinfo !== null) {
    const { user, password, at } = spans.userinfo
    add('user', user.start, user.end)
    if (password !== null) {
      add('delimiter', password.start - 1, password.start)
      add('password', password.start, password.end)
    }
    add('delimiter', at, at + 1)
  }
  add('host', spans.host.start, spans.host.end)
  if (spans.port !== null) {
    add('delimiter', spans.port.colon, spans.port.colon + 1)
    if (spans.port.digits.end > spans.port.digits.start) add('port', spans.port.digits.start, spans.port.digits.end)
  }
  if (spans.path.end > spans.path.start) add('path', spans.path.start, spans.path.end)
  if (spans.query !== null) add('query', spans.query.start, spans.query.end)
  if (spans.fragment !== null) add('fragment', spans.fragment.start, spans.fragment.end)
  return parts
}

/** WHATWG percent-decode (invalid escapes stay as they are), then UTF-8. */
function percentDecode(text: string): string {
  const bytes: number[] = []
  const utf8 = new TextEncoder()
  for (let i = 0; i < text.length; ) {
    if (text[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16))
      i += 3
    } else {
      const cp = text.codePointAt(i) as number
      const ch = String.fromCodePoint(cp)
      bytes.push(...utf8.encode(ch))
      i += ch.length
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes))
}
