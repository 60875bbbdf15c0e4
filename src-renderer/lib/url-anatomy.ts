// Takes a URL apart into the pieces the notes name (STORY 01 §1–3), keeping each piece's exact
// characters and position. Hand-written rather than WHATWG `URL`: that parser normalises (drops a
// default port, lower-cases, adds a "/" path) and gives no positions, and the point here is to
// colour what the user typed, character for character.

export type UrlPartKind =
  | 'scheme'
  | 'slashes'
  | 'user'
  | 'password'
  | 'at'
  | 'host'
  | 'port'
  | 'path'
  | 'query'
  | 'fragment'
  | 'separator'
  /** A dns: URI (RFC 4501): the name looked up, and the record type asked for. */
  | 'name'
  | 'type'

export interface UrlPart {
  kind: UrlPartKind
  text: string
  start: number
}

export type PathMeaning =
  | { kind: 'root' }
  | { kind: 'directory'; directory: string }
  | { kind: 'file'; directory: string; file: string }
  /** A last segment without an extension: a file, or a directory if one of that name exists. */
  | { kind: 'ambiguous'; directory: string; name: string }

export interface UrlAnatomy {
  text: string
  parts: UrlPart[]
  scheme: string
  hasAuthority: boolean
  host: string | null
  user: string | null
  password: string | null
  /** The port written in the URL, or null when it was left out. */
  port: number | null
  /** The scheme's well-known port (http 80, https 443, ftp 21), when there is one. */
  defaultPort: number | null
  path: string
  pathMeaning: PathMeaning
}

export const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ftp: 21, ws: 80, wss: 443 }

export class UrlAnatomyError extends Error {}

export function parseUrlAnatomy(text: string): UrlAnatomy {
  const parts: UrlPart[] = []
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)
  if (!schemeMatch) throw new UrlAnatomyError('it does not start with a scheme such as "http:"')
  const scheme = (schemeMatch[1] ?? '').toLowerCase()
  parts.push({ kind: 'scheme', text: schemeMatch[0], start: 0 })
  let at = schemeMatch[0].length
  if (scheme === 'dns' && !text.startsWith('//', at)) return dnsAnatomy(text, parts, at)

  let host: string | null = null
  let user: string | null = null
  let password: string | null = null
  let port: number | null = null
  const hasAuthority = text.startsWith('//', at)
  if (hasAuthority) {
    parts.push({ kind: 'slashes', text: '//', start: at })
    at += 2
    const authorityEnd = firstOf(text, '/?#', at)
    const authority = text.slice(at, authorityEnd)
    const atSign = authority.lastIndexOf('@')
    if (atSign !== -1) {
      const userinfo = authority.slice(0, atSign)
      const colon = userinfo.indexOf(':')
      user = colon === -1 ? userinfo : userinfo.slice(0, colon)
      parts.push({ kind: 'user', text: user, start: at })
      if (colon !== -1) {
        password = userinfo.slice(colon + 1)
        parts.push({ kind: 'separator', text: ':', start: at + colon })
        parts.push({ kind: 'password', text: password, start: at + colon + 1 })
      }
      parts.push({ kind: 'at', text: '@', start: at + atSign })
    }
    const hostStart = at + atSign + 1
    const hostport = authority.slice(atSign + 1)
    // "[::1]:8080": the port colon is the one after the closing bracket.
    const portColon = hostport.startsWith('[') ? hostport.indexOf(':', hostport.indexOf(']')) : hostport.lastIndexOf(':')
    host = portColon === -1 ? hostport : hostport.slice(0, portColon)
    if (host === '') throw new UrlAnatomyError('the server name after "//" is missing')
    parts.push({ kind: 'host', text: host, start: hostStart })
    if (portColon !== -1) {
      const portText = hostport.slice(portColon + 1)
      if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
        throw new UrlAnatomyError(`the port "${portText}" is not a number from 0 to 65535`)
      }
      port = Number(portText)
      parts.push({ kind: 'separator', text: ':', start: hostStart + portColon })
      parts.push({ kind: 'port', text: portText, start: hostStart + portColon + 1 })
    }
    at = authorityEnd
  }

  const pathEnd = firstOf(text, '?#', at)
  const path = text.slice(at, pathEnd)
  if (path !== '') parts.push({ kind: 'path', text: path, start: at })
  at = pathEnd
  if (text[at] === '?') {
    const queryEnd = firstOf(text, '#', at)
    parts.push({ kind: 'query', text: text.slice(at, queryEnd), start: at })
    at = queryEnd
  }
  if (text[at] === '#') parts.push({ kind: 'fragment', text: text.slice(at), start: at })

  return {
    text,
    parts,
    scheme,
    hasAuthority,
    host,
    user,
    password,
    port,
    defaultPort: DEFAULT_PORTS[scheme] ?? null,
    path,
    pathMeaning: meaningOfPath(path),
  }
}

/** STORY 01 §3: directory or file, and what the server does when the file name is left out. */
export function meaningOfPath(path: string): PathMeaning {
  if (path === '' || path === '/') return { kind: 'root' }
  if (path.endsWith('/')) return { kind: 'directory', directory: path }
  const slash = path.lastIndexOf('/')
  const directory = path.slice(0, slash + 1) || '/'
  const name = path.slice(slash + 1)
  return name.includes('.') ? { kind: 'file', directory, file: name } : { kind: 'ambiguous', directory, name }
}

function firstOf(text: string, characters: string, from: number): number {
  for (let i = from; i < text.length; i++) if (characters.includes(text[i] ?? '')) return i
  return text.length
}

/** "dns:cyber.co.kr?type=MX" (RFC 4501): the scheme, the name looked up, and the parameters
 * (type=MX; class=IN) — a lookup names no server, port or path. */
function dnsAnatomy(text: string, parts: UrlPart[], at: number): UrlAnatomy {
  const queryAt = text.indexOf('?', at)
  const name = queryAt === -1 ? text.slice(at) : text.slice(at, queryAt)
  if (name === '') throw new UrlAnatomyError('the dns: URI names no domain name')
  parts.push({ kind: 'name', text: name, start: at })
  if (queryAt !== -1) {
    parts.push({ kind: 'separator', text: '?', start: queryAt })
    let start = queryAt + 1
    for (const [index, element] of text.slice(queryAt + 1).split(';').entries()) {
      if (index > 0) parts.push({ kind: 'separator', text: ';', start: start - 1 })
      parts.push({ kind: element.trim().toLowerCase().startsWith('type=') ? 'type' : 'query', text: element, start })
      start += element.length + 1
    }
  }
  return { text, parts, scheme: 'dns', hasAuthority: false, host: null, user: null, password: null, port: null, defaultPort: null, path: '', pathMeaning: { kind: 'root' } }
}
