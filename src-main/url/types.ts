// The URL's anatomy as the notes take it apart (STORY 01 §1–3): scheme, "//", user, password, host,
// port, path. Every part carries its character offsets in the text as typed, so the UI can colour
// each one and an error can underline the bad one. Pure: the renderer shows the same model.
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

/** What the browser did to the typed text on its way to the request (repairs.ts has the texts). */
export type UrlRepairKind =
  | 'outer-controls' // control characters before or after the URL dropped
  | 'tab-newline' // tabs and line breaks inside dropped
  | 'backslash' // "\" read as "/"
  | 'slashes' // not exactly "//" after http: (any number of slashes is read as "//")
  | 'empty-userinfo' // "@" with no user name or password before it: dropped
  | 'host-idna' // an internationalised or mapped name turned into its ASCII (punycode) form
  | 'ipv4-form' // 127.1, 0x7f.0.0.1, 2130706433 … read as a dotted-quad address
  | 'ipv6-form' // an IPv6 address written in its shortest form
  | 'empty-port' // ":" with no port after it: the default port
  | 'default-port' // the scheme's default port typed: left out of the Host header
  | 'port-form' // leading zeros in the port
  | 'port-zero' // port 0: a valid URL, but no server listens on port 0
  | 'dot-segments' // "." and ".." segments removed from the path
  | 'percent-encoded' // characters a request line cannot carry as they are, percent-encoded

export interface UrlRepair {
  kind: UrlRepairKind
  /** Where in `input` it applies ([start, end) offsets), one range per place. */
  ranges: { start: number; end: number }[]
  text: LocalizedText
}

/** An http: or https: URL, ready to load. */
export interface WebUrl {
  kind: 'web'
  /** The text as typed, without the C0 controls and spaces around it; offsets refer to it. */
  input: string
  scheme: 'http' | 'https'
  /** Percent-decoded user name and password from "user:password@", or null when there are none. */
  user: string | null
  password: string | null
  /** The host as typed (names lower-cased; IPv6 without brackets). */
  host: string
  /** The host as it goes into DNS and the Host header: punycode for internationalised names. */
  hostAscii: string
  hostKind: HostKind
  /** The port as typed, or null when left out (or left empty, "host:/"). */
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
  /** The whole URL as the browser writes it (user info and fragment included). */
  serialization: string
  pathTarget: PathTarget
  parts: UrlPart[]
  /** What the browser changed on the way from the typed text to the request, in order of position. */
  repairs: UrlRepair[]
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
