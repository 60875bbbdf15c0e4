// The URL pane's view of a URL (STORY 01 §1–3): the pieces the notes name, each with its exact
// characters and position, and what the browser repaired on the way to the request. The reading
// itself is the engine's one URL model (src-main/url, pure: the WHATWG parser underneath, offsets
// and repair notes on top), so the pane shows exactly what a recording requested; this file only
// shapes it for the pane.
import { parseUrl, pathTargetFor, UrlError, type PathTarget, type UrlErrorCode, type UrlRepair } from '../../src-main/url/index.ts'

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
  /** What the browser changed between the typed text and the request (empty when nothing). */
  repairs: UrlRepair[]
  /** The URL as the browser reads it, when that differs from the typed text. */
  browserReads: string | null
}

export const DEFAULT_PORTS: Readonly<Record<string, number>> = { http: 80, https: 443, ftp: 21 }

/** A URL the pane cannot take apart: the engine's URL error code (the UI says what it means) and message. */
export class UrlAnatomyError extends Error {
  constructor(
    readonly code: UrlErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export function parseUrlAnatomy(text: string): UrlAnatomy {
  const dns = /^\s*dns:(?!\/\/)/i.exec(text)
  if (dns !== null) return dnsAnatomy(text, [{ kind: 'scheme', text: text.slice(0, dns[0].length), start: 0 }], dns[0].length)
  let parsed
  try {
    parsed = parseUrl(text)
  } catch (error) {
    if (error instanceof UrlError) throw new UrlAnatomyError(error.code, error.message)
    throw error
  }
  const parts: UrlPart[] = parsed.parts.map((part) => ({
    kind: part.kind === 'delimiter' ? (part.text === '@' ? 'at' : 'separator') : part.kind,
    text: part.text,
    start: part.start,
  }))
  const textOf = (kind: UrlPartKind): string | null => parts.find((part) => part.kind === kind)?.text ?? null
  if (parsed.kind === 'other') {
    const path = textOf('path') ?? ''
    return {
      text: parsed.input,
      parts,
      scheme: parsed.scheme,
      hasAuthority: textOf('slashes') !== null,
      host: textOf('host'),
      user: null,
      password: null,
      port: null,
      defaultPort: DEFAULT_PORTS[parsed.scheme] ?? null,
      path,
      pathMeaning: meaningOfPath(path),
      repairs: [],
      browserReads: null,
    }
  }
  return {
    text: parsed.input,
    parts,
    scheme: parsed.scheme,
    hasAuthority: true,
    host: textOf('host'),
    user: parsed.user,
    password: parsed.password,
    port: parsed.port,
    defaultPort: parsed.defaultPort,
    path: parsed.path,
    pathMeaning: meaningOf(parsed.pathTarget),
    repairs: parsed.repairs,
    browserReads: parsed.repairs.length > 0 ? parsed.serialization : null,
  }
}

/** STORY 01 §3: directory or file, and what the server does when the file name is left out. */
export function meaningOfPath(path: string): PathMeaning {
  return meaningOf(pathTargetFor(path !== '', path === '' ? '/' : path))
}

function meaningOf(target: PathTarget): PathMeaning {
  switch (target.kind) {
    case 'root-default':
      return { kind: 'root' }
    case 'directory':
      return target.directory === '/' ? { kind: 'root' } : { kind: 'directory', directory: target.directory }
    case 'file':
      return { kind: 'file', directory: target.directory, file: target.file }
    case 'file-or-directory':
      return { kind: 'ambiguous', directory: target.directory, name: target.name }
  }
}

/** "dns:cyber.co.kr?type=MX" (RFC 4501): the scheme, the name looked up, and the parameters
 * (type=MX; class=IN) — a lookup names no server, port or path. */
function dnsAnatomy(text: string, parts: UrlPart[], at: number): UrlAnatomy {
  const queryAt = text.indexOf('?', at)
  const name = queryAt === -1 ? text.slice(at) : text.slice(at, queryAt)
  if (name === '') throw new UrlAnatomyError('URL_BAD_DNS_URI', 'the dns: URI names no domain name')
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
  return { text, parts, scheme: 'dns', hasAuthority: false, host: null, user: null, password: null, port: null, defaultPort: null, path: '', pathMeaning: { kind: 'root' }, repairs: [], browserReads: null }
}
