// Takes a URL apart the way the notes do (STORY 01 §1–2):
//   http: + // + user:password@ + host + :port + /dir/file + ?query + #fragment
// Hand-written rather than `new URL()` because the UI needs each part's character offsets in the
// text as typed, and because errors must name the offending part (WHATWG's parser quietly repairs
// or rejects with a bare "Invalid URL"). `node:url`'s domainToASCII does the punycode.
import { urlError } from './errors.ts'
import { parseHost } from './host.ts'
import { describeOtherScheme, isOtherScheme } from './other-schemes.ts'
import { checkPathText, pathTargetFor, requestTargetFor } from './path.ts'
import type { OtherAccessUrl, ParsedUrl, UrlPart, WebUrl } from './types.ts'
import { UrlError } from './errors.ts'

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/
const DEFAULT_PORTS = { http: 80, https: 443 } as const

/** Parses http(s) URLs into their anatomy and ftp:/file:/mailto: into an explanation. Throws UrlError. */
export function parseUrl(typed: string): ParsedUrl {
  const input = typed.trim()
  if (input === '') throw urlError('URL_EMPTY', 'the URL is empty', 'url', 0, 0)

  const schemeMatch = SCHEME.exec(input)
  if (schemeMatch === null || /^[0-9]/.test(input.slice((schemeMatch[1] as string).length + 1))) {
    // "www.example.com/x" or "localhost:8080/x": a host without "http://" in front.
    const hostLike = input.split(/[/?#]/)[0] as string
    throw urlError('URL_NO_SCHEME', `the URL "${input}" does not start with an access method such as "http:"; did you mean "http://${input}"?`, 'scheme', 0, hostLike.length, {
      suggestion: `http://${input}`,
    })
  }
  const schemeText = schemeMatch[1] as string
  const scheme = schemeText.toLowerCase()
  const restStart = schemeText.length + 1

  if (isOtherScheme(scheme)) return describeOtherScheme(input, scheme, restStart)
  if (scheme !== 'http' && scheme !== 'https') {
    throw urlError('URL_UNSUPPORTED_SCHEME', `the access method "${schemeText}:" (characters 0–${restStart}) is not one Wiretrail knows; it loads http: and https:, records dns: lookups (dns:NAME?type=TYPE) and explains ftp:, file: and mailto:`, 'scheme', 0, restStart, { scheme })
  }
  return parseWebUrl(input, scheme, restStart)
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

function parseWebUrl(input: string, scheme: 'http' | 'https', restStart: number): WebUrl {
  const parts: UrlPart[] = [{ kind: 'scheme', text: input.slice(0, restStart), start: 0, end: restStart }]
  if (input.slice(restStart, restStart + 2) !== '//') {
    const shown = input.slice(restStart, restStart + 2)
    throw urlError('URL_BAD_SLASHES', `after "${scheme}:" the URL needs "//" to say a server name follows, but has "${shown}" at character ${restStart}`, 'slashes', restStart, restStart + Math.max(1, shown.length))
  }
  parts.push({ kind: 'slashes', text: '//', start: restStart, end: restStart + 2 })
  const authorityStart = restStart + 2
  const authorityEnd = firstIndexOf(input, '/?#\\', authorityStart)
  if (input[authorityEnd] === '\\') {
    throw urlError('URL_BAD_PATH', `the URL has a backslash at character ${authorityEnd}; URLs separate directories with "/"`, 'path', authorityEnd, authorityEnd + 1)
  }

  // user:password@ — the last "@" ends the user info (an earlier one belongs to the password).
  const at = input.lastIndexOf('@', authorityEnd - 1)
  let user: string | null = null
  let password: string | null = null
  let hostStart = authorityStart
  if (at >= authorityStart) {
    const userInfo = input.slice(authorityStart, at)
    const colon = userInfo.indexOf(':')
    const userText = colon < 0 ? userInfo : userInfo.slice(0, colon)
    user = decodeUserInfo(userText, 'user', authorityStart)
    parts.push({ kind: 'user', text: userText, start: authorityStart, end: authorityStart + userText.length })
    if (colon >= 0) {
      const passwordStart = authorityStart + colon + 1
      parts.push({ kind: 'delimiter', text: ':', start: passwordStart - 1, end: passwordStart })
      password = decodeUserInfo(userInfo.slice(colon + 1), 'password', passwordStart)
      parts.push({ kind: 'password', text: userInfo.slice(colon + 1), start: passwordStart, end: at })
    }
    parts.push({ kind: 'delimiter', text: '@', start: at, end: at + 1 })
    hostStart = at + 1
  }

  // host[:port] — an IPv6 literal's colons are inside its brackets.
  const hostPort = input.slice(hostStart, authorityEnd)
  const closeBracket = hostPort.startsWith('[') ? hostPort.indexOf(']') : -1
  const portColon = hostPort.indexOf(':', closeBracket + 1)
  const hostText = portColon < 0 ? hostPort : hostPort.slice(0, portColon)
  const host = parseHost(hostText, hostStart)
  parts.push({ kind: 'host', text: hostText, start: hostStart, end: hostStart + hostText.length })

  let port: number | null = null
  if (portColon >= 0) {
    const portStart = hostStart + portColon + 1
    const portText = hostPort.slice(portColon + 1)
    parts.push({ kind: 'delimiter', text: ':', start: portStart - 1, end: portStart })
    port = parsePort(portText, portStart)
    if (portText !== '') parts.push({ kind: 'port', text: portText, start: portStart, end: portStart + portText.length })
  }

  // path, ?query, #fragment
  const hashAt = input.indexOf('#', authorityEnd)
  const beforeHash = hashAt < 0 ? input.length : hashAt
  const queryAt = input.indexOf('?', authorityEnd)
  const pathEnd = queryAt >= 0 && queryAt < beforeHash ? queryAt : beforeHash
  const path = input.slice(authorityEnd, pathEnd)
  checkPathText(path, authorityEnd, 'path')
  if (path !== '') parts.push({ kind: 'path', text: path, start: authorityEnd, end: pathEnd })
  let query: string | null = null
  if (pathEnd === queryAt) {
    query = input.slice(queryAt + 1, beforeHash)
    checkPathText(query, queryAt + 1, 'query')
    parts.push({ kind: 'query', text: input.slice(queryAt, beforeHash), start: queryAt, end: beforeHash })
  }
  let fragment: string | null = null
  if (hashAt >= 0) {
    fragment = input.slice(hashAt + 1)
    parts.push({ kind: 'fragment', text: input.slice(hashAt), start: hashAt, end: input.length })
  }

  const defaultPort = DEFAULT_PORTS[scheme]
  const effectivePort = port ?? defaultPort
  const bracketed = host.kind === 'ipv6' ? `[${host.hostAscii}]` : host.hostAscii
  const hostHeader = effectivePort === defaultPort ? bracketed : `${bracketed}:${effectivePort}`
  const origin = `${scheme}://${hostHeader}`
  const requestTarget = requestTargetFor(path, query)
  const requestPath = requestTarget.split('?')[0] as string
  return {
    kind: 'web',
    input,
    scheme,
    user,
    password,
    host: host.host,
    hostAscii: host.hostAscii,
    hostKind: host.kind,
    port,
    defaultPort,
    effectivePort,
    path,
    query,
    fragment,
    requestTarget,
    hostHeader,
    origin,
    href: `${origin}${requestTarget}`,
    pathTarget: pathTargetFor(path, requestPath),
    parts,
  }
}

function parsePort(text: string, start: number): number | null {
  // "http://host:/" has an empty port: the default applies (as in WHATWG URL).
  if (text === '') return null
  const end = start + text.length
  if (!/^[0-9]+$/.test(text)) {
    throw urlError('URL_BAD_PORT', `the port "${text}" (characters ${start}–${end}) is not a number`, 'port', start, end)
  }
  const port = Number(text)
  if (port < 1 || port > 65535) {
    throw urlError('URL_BAD_PORT', `the port ${text} (characters ${start}–${end}) is out of range: a port number is 1–65535`, 'port', start, end)
  }
  return port
}

function decodeUserInfo(text: string, part: 'user' | 'password', start: number): string {
  const bad = /[\s/\\?#[\]]/.exec(text)
  if (bad !== null) {
    throw urlError('URL_BAD_USERINFO', `the ${part} contains "${bad[0]}" at character ${start + bad.index}; percent-encode it`, part, start + bad.index, start + bad.index + 1)
  }
  try {
    return decodeURIComponent(text)
  } catch {
    throw urlError('URL_BAD_USERINFO', `the ${part} "${text}" (at character ${start}) has a "%" not followed by two hex digits`, part, start, start + text.length)
  }
}

function firstIndexOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i += 1) if (chars.includes(text[i] as string)) return i
  return text.length
}
