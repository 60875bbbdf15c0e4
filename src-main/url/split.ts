// Where each part of an http: or https: URL lies in the cleaned text, found the way the WHATWG
// parser's states for special schemes find them (scheme → special authority slashes → authority →
// host → port → path → query → fragment), with no base URL (a typed URL has none). Only the
// boundaries are found here; the values (canonical host, percent-encoding, dot segments) come from
// the platform's URL parser (see parse.ts), so there is one reading of a URL, not two.

/** [start, end) offsets in the cleaned text. */
export interface Span {
  start: number
  end: number
}

export interface UrlSpans {
  /** "http:" including the colon. */
  scheme: Span
  /** The run of "/" and "\" after the scheme (any number, even none, for special schemes). */
  slashes: Span
  /** Present when the authority holds an "@": everything before the last one. */
  userinfo: { user: Span; password: Span | null; at: number } | null
  host: Span
  /** The ":" before the port and the port's digits (possibly empty). */
  port: { colon: number; digits: Span } | null
  path: Span
  /** From the "?" on (included), up to "#" or the end. */
  query: Span | null
  /** From the "#" on (included). */
  fragment: Span | null
}

const isSlash = (ch: string | undefined): boolean => ch === '/' || ch === '\\'

/** `schemeEnd` is the offset just past "http:" / "https:". */
export function splitSpecialUrl(text: string, schemeEnd: number): UrlSpans {
  let i = schemeEnd
  while (isSlash(text[i])) i += 1
  const slashes = { start: schemeEnd, end: i }

  // The authority ends at the first "/", "\", "?" or "#" (special authority state).
  let authorityEnd = i
  while (authorityEnd < text.length && !'/\\?#'.includes(text[authorityEnd] as string)) authorityEnd += 1

  // The last "@" ends the user info: earlier ones belong to the password (they get percent-encoded).
  const at = text.lastIndexOf('@', authorityEnd - 1)
  let userinfo: UrlSpans['userinfo'] = null
  let hostStart = i
  if (at >= i) {
    const colon = text.indexOf(':', i)
    const hasPassword = colon >= 0 && colon < at
    userinfo = {
      user: { start: i, end: hasPassword ? colon : at },
      password: hasPassword ? { start: colon + 1, end: at } : null,
      at,
    }
    hostStart = at + 1
  }

  // Host state: a ":" outside "[…]" starts the port.
  let inBrackets = false
  let hostEnd = hostStart
  for (; hostEnd < authorityEnd; hostEnd += 1) {
    const ch = text[hostEnd]
    if (ch === '[') inBrackets = true
    else if (ch === ']') inBrackets = false
    else if (ch === ':' && !inBrackets) break
  }
  const port = hostEnd < authorityEnd ? { colon: hostEnd, digits: { start: hostEnd + 1, end: authorityEnd } } : null

  const hash = text.indexOf('#', authorityEnd)
  const beforeHash = hash < 0 ? text.length : hash
  const questionMark = text.indexOf('?', authorityEnd)
  const pathEnd = questionMark >= 0 && questionMark < beforeHash ? questionMark : beforeHash
  return {
    scheme: { start: 0, end: schemeEnd },
    slashes,
    userinfo,
    host: { start: hostStart, end: hostEnd },
    port,
    path: { start: authorityEnd, end: pathEnd },
    query: pathEnd === questionMark ? { start: questionMark, end: beforeHash } : null,
    fragment: hash >= 0 ? { start: hash, end: text.length } : null,
  }
}
