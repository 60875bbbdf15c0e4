// URL anatomy (STORY 01 §1–3). See parse.ts for the parser and types.ts for the shapes. Pure: the
// renderer imports it too.
import { parseLoadableUrl } from './parse.ts'
import type { WebUrl } from './types.ts'

export { parseUrl, parseLoadableUrl, otherAccessError } from './parse.ts'
export { pathTargetFor } from './path.ts'
export { UrlError, type UrlErrorCode } from './errors.ts'
export { isDnsUri, parseDnsUri, type DnsLookupUri } from './dns-uri.ts'
export type { HostKind, OtherAccessUrl, ParsedUrl, PathTarget, UrlPart, UrlPartKind, UrlRepair, UrlRepairKind, WebUrl } from './types.ts'

/** HTML's "strip leading and trailing ASCII whitespace" (attribute values), not String.trim(),
 * which also strips Unicode spaces a browser keeps (and percent-encodes). */
function stripAsciiWhitespace(text: string): string {
  return text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '')
}

/** Resolves a link (img src, Location header) against the page's URL, as a browser does (WHATWG
 * URL resolution), then takes the result apart like a typed URL. Throws UrlError. */
export function resolveReference(base: WebUrl, reference: string): WebUrl {
  let absolute: string
  try {
    absolute = new URL(stripAsciiWhitespace(reference), base.href).href
  } catch {
    return parseLoadableUrl(reference) // gives the precise error
  }
  return parseLoadableUrl(absolute)
}

/** The same URL on another port (lab mode maps a URL typed without a port to the lab's web port). */
export function withPort(url: WebUrl, port: number): WebUrl {
  const moved = new URL(url.serialization)
  moved.port = String(port)
  return parseLoadableUrl(moved.href)
}
