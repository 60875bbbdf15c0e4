// URL anatomy (STORY 01 §1–3). See parse.ts for the parser and types.ts for the shapes.
import { parseLoadableUrl } from './parse.ts'
import type { WebUrl } from './types.ts'

export { parseUrl, parseLoadableUrl, otherAccessError } from './parse.ts'
export { UrlError, type UrlErrorCode } from './errors.ts'
export { isDnsUri, parseDnsUri, type DnsLookupUri } from './dns-uri.ts'
export type { HostKind, OtherAccessUrl, ParsedUrl, PathTarget, UrlPart, UrlPartKind, WebUrl } from './types.ts'

/** Resolves a link (img src, Location header) against the page's URL, as a browser does (WHATWG
 * URL resolution), then takes the result apart like a typed URL. Throws UrlError. */
export function resolveReference(base: WebUrl, reference: string): WebUrl {
  let absolute: string
  try {
    absolute = new URL(reference.trim(), base.href).href
  } catch {
    return parseLoadableUrl(reference) // gives the precise error
  }
  return parseLoadableUrl(absolute)
}

/** The same URL on another port (lab mode maps a URL typed without a port to the lab's web port). */
export function withPort(url: WebUrl, port: number): WebUrl {
  const scheme = `${url.scheme}://`
  const user = url.user === null ? '' : `${encodeURIComponent(url.user)}${url.password === null ? '' : `:${encodeURIComponent(url.password)}`}@`
  const host = url.hostKind === 'ipv6' ? `[${url.hostAscii}]` : url.hostAscii
  const fragment = url.fragment === null ? '' : `#${url.fragment}`
  return parseLoadableUrl(`${scheme}${user}${host}:${port}${url.requestTarget}${fragment}`)
}
