// The URL's anatomy as the notes take it apart (STORY 01 §1–3): scheme, "//", user, password, host,
// port, path. Every part carries its character offsets in the text as typed, so the UI can colour
// each one and an error can underline the bad one.
import type { LocalizedText } from '../shared/walkthrough.ts'

export type UrlPartKind =
  | 'scheme' // "http:"
  | 'slashes' // "//": a server name follows
  | 'user'
  | 'password'
  | 'host'
  | 'port'
  | 'path'
  | 'query'
  | 'fragment'
  | 'delimiter' // ":" between user and password or host and port, "@" after the user info

export interface UrlPart {
  kind: UrlPartKind
  text: string
  /** [start, end) offsets into `input`. */
  start: number
  end: number
}

/** What the path asks for, in the notes' terms (STORY 01 §3 (a)–(d)). */
export type PathTarget =
  /** (c) no path at all: the root directory's default file. */
  | { kind: 'root-default'; directory: '/' }
  /** (a)/(b) a path ending in "/": a directory, answered with the server's default file (index.html …). */
  | { kind: 'directory'; directory: string }
  /** A last part with an extension: a file in a directory. */
  | { kind: 'file'; directory: string; file: string }
  /** (d) a last part without a slash or extension: a file, or a directory if one of that name exists. */
  | { kind: 'file-or-directory'; directory: string; name: string }

export type HostKind = 'name' | 'ipv4' | 'ipv6'

/** An http: or https: URL, ready to load. */
export interface WebUrl {
  kind: 'web'
  /** The text as typed (surrounding white space removed); offsets refer to it. */
  input: string
  scheme: 'http' | 'https'
  /** Percent-decoded user name and password from "user:password@", or null. */
  user: string | null
  password: string | null
  /** The host as typed (names lower-cased; IPv6 without brackets). */
  host: string
  /** The host as it goes into DNS and the Host header: punycode for internationalised names. */
  hostAscii: string
  hostKind: HostKind
  /** The port as typed, or null when left out. */
  port: number | null
  defaultPort: 80 | 443
  /** The port to connect to: the typed one or the scheme's default. */
  effectivePort: number
  /** The path as typed ("" when left out). */
  path: string
  query: string | null
  fragment: string | null
  /** What goes on the request line: dot segments removed, percent-encoded, "/" for an empty path. */
  requestTarget: string
  /** The Host header value: hostAscii, bracketed for IPv6, with the port when not the default. */
  hostHeader: string
  /** "http://www.lab.cyber.co.kr:10080" */
  origin: string
  /** The normalised URL without user info and fragment (what a Referer header carries). */
  href: string
  pathTarget: PathTarget
  parts: UrlPart[]
}

/** ftp:, file: and mailto: URLs: recognised and explained, not loaded (STORY 01 §1). */
export interface OtherAccessUrl {
  kind: 'other'
  input: string
  scheme: 'ftp' | 'file' | 'mailto'
  /** The function of the browser this access method calls for. */
  accessMethod: 'FTP client' | 'local file' | 'mail client'
  /** What the rest of the URL names: "FTP server ftp.example.com, file /pub/a.txt". */
  target: string
  explanation: LocalizedText
  parts: UrlPart[]
}

export type ParsedUrl = WebUrl | OtherAccessUrl
