// The host part. Its value (lower-cased, IDNA/punycode for internationalised names, IPv4 in every
// form a browser accepts — 127.1, 0x7f.0.0.1, 2130706433 — written as a dotted quad, IPv6 in its
// shortest form) comes from the platform's URL parser (parse.ts). This file says what kind of host
// that is and, when the parser refuses a host, why: the parser itself says only "Invalid URL", and
// the user needs to know which character or which part of an address is wrong.
import { urlError, type UrlError } from './errors.ts'
import { visible } from './visible.ts'
import type { HostKind } from './types.ts'

/** WHATWG "forbidden domain code points" (forbidden host code points, C0 controls, "%", DEL). */
const FORBIDDEN_IN_DOMAIN = new Set([...'\0\t\n\r #/:<>?@[\\]^|%', '\x7f'])

export interface ParsedHost {
  /** As given, lower-cased for names; addresses as the browser writes them (IPv6 without brackets). */
  host: string
  /** As it goes into DNS and the Host header: punycode for internationalised names. */
  hostAscii: string
  kind: HostKind
}

/** A host on its own (a dns: URI's name, say), read as the browser reads a URL's host; throws
 * UrlError naming the bad character or part. `start`: its offset in the typed text. */
export function parseHost(text: string, start: number): ParsedHost {
  const at = (offset: number): number => start + offset
  // Characters that would end a host inside a URL are refused before the parser sees them.
  const bad = /[/\\?#@]|:(?![^[]*\])/.exec(text)
  if (bad !== null) {
    throw urlError('URL_BAD_HOST', `the host "${visible(text)}" contains "${bad[0]}" at character ${at(bad.index)}, which a server name cannot contain`, 'host', at(bad.index), at(bad.index) + 1)
  }
  const hostname = parsedHostname(text)
  if (hostname === null) throw diagnoseHost(text, at) ?? urlError('URL_BAD_HOST', `the host "${visible(text)}" is not one a browser accepts`, 'host', start, start + text.length)
  const kind = hostKindOf(hostname)
  const hostAscii = kind === 'ipv6' ? hostname.slice(1, -1) : hostname
  return { host: kind === 'name' ? text.toLowerCase() : hostAscii, hostAscii, kind }
}

export function hostKindOf(hostname: string): HostKind {
  if (hostname.startsWith('[')) return 'ipv6'
  // A domain can never look like this: a host ending in a number is parsed as IPv4 or refused.
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) return 'ipv4'
  return 'name'
}

/**
 * Why the browser's parser refuses the host `text` (found at `start` in the typed text; `at` maps
 * an offset in `text` to one in the typed text). Called only after the parser has refused the URL.
 * Returns null when the host alone is acceptable (the problem is elsewhere).
 */
export function diagnoseHost(text: string, at: (offset: number) => number): UrlError | null {
  const start = at(0)
  const end = text.length === 0 ? start : at(text.length - 1) + 1
  if (text === '') return urlError('URL_EMPTY_HOST', `the URL has no server name after "//" (at character ${start})`, 'host', start, end)
  if (hostAccepted(text)) return null
  if (text.startsWith('[')) return diagnoseIpv6(text, start, end)

  // A forbidden character, typed as is or percent-encoded (the parser decodes "%20" before it looks).
  for (let i = 0; i < text.length; ) {
    const decoded = percentByte(text, i)
    const ch = decoded === null ? (text[i] as string) : String.fromCharCode(decoded)
    const width = decoded === null ? 1 : 3
    if (FORBIDDEN_IN_DOMAIN.has(ch) || ch.charCodeAt(0) < 0x20) {
      const shown = ch.charCodeAt(0) <= 0x20 || ch === '\x7f' ? `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`
      const how = decoded === null ? (ch === '%' ? ' (a "%" not followed by two hex digits)' : '') : ` (written "${text.slice(i, i + 3)}")`
      return urlError('URL_BAD_HOST', `the host "${visible(text)}" contains ${shown}${how} at character ${at(i)}, which a server name cannot contain`, 'host', at(i), at(i + width - 1) + 1)
    }
    i += width
  }

  // A host whose last label is a number is read as an IPv4 address. Appending a letter label turns
  // it back into a name: if that is accepted, the name part was fine and the address is not.
  const asName = parsedHostname(`${text}.a`)
  const mapped = asName === null ? null : asName.slice(0, -2)
  if (mapped !== null && endsInNumber(mapped)) {
    return urlError('URL_BAD_IPV4', `the host "${visible(text)}" ends in a number, so the browser reads it as an IPv4 address, but ${ipv4Problem(mapped)}`, 'host', start, end)
  }
  if (mapped === '') {
    return urlError('URL_BAD_HOST', `the host "${visible(text)}" (characters ${start}–${end}) is empty once the browser drops the characters IDNA ignores`, 'host', start, end)
  }
  return urlError('URL_BAD_HOST', `the host "${visible(text)}" (characters ${start}–${end}) is not a valid internationalised domain name (IDNA refuses it)`, 'host', start, end)
}

function diagnoseIpv6(text: string, start: number, end: number): UrlError {
  if (!text.endsWith(']')) return urlError('URL_BAD_IPV6', `the IPv6 address "${visible(text)}" (at character ${start}) has no closing "]" before the port or path`, 'host', start, end)
  const inner = text.slice(1, -1)
  if (inner.includes('%')) return urlError('URL_BAD_IPV6', `the IPv6 address "${visible(text)}" carries a zone id ("%…"), which URLs cannot use`, 'host', start, end)
  return urlError('URL_BAD_IPV6', `"${visible(inner)}" (characters ${start + 1}–${end - 1}) is not a valid IPv6 address`, 'host', start, end)
}

/** WHATWG "ends in a number": the last label (after one trailing dot) is digits or a 0x number. */
function endsInNumber(host: string): boolean {
  const labels = host.split('.')
  if (labels[labels.length - 1] === '') {
    if (labels.length === 1) return false
    labels.pop()
  }
  const last = labels[labels.length - 1] as string
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/i.test(last)
}

/** What is wrong with a host the browser reads as IPv4 (WHATWG IPv4 parser). */
function ipv4Problem(host: string): string {
  const parts = host.split('.')
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  if (parts.length > 4) return `it has ${parts.length} parts and an address has at most 4`
  const numbers: number[] = []
  for (const part of parts) {
    const value = ipv4Number(part)
    if (typeof value === 'string') return `the part "${part}" ${value}`
    numbers.push(value)
  }
  const last = numbers.length - 1
  const early = numbers.findIndex((n, i) => i < last && n > 255)
  if (early >= 0) return `the part "${parts[early]}" is above 255`
  if (last === 3) return `the part "${parts[last]}" is above 255`
  if (last === 0) return `the number "${parts[0]}" is above 4294967295, the largest 32-bit address`
  return `the last part "${parts[last]}" is too large: after ${last} part(s) it can be at most ${256 ** (4 - last) - 1}`
}

/** A part's value, or why it is not a number (0x… is hexadecimal, a leading 0 octal). */
function ipv4Number(part: string): number | string {
  if (part === '') return 'is empty (two dots in a row)'
  let digits = part
  let radix = 10
  if (/^0x/i.test(part)) {
    digits = part.slice(2)
    radix = 16
  } else if (part.length > 1 && part.startsWith('0')) {
    digits = part.slice(1)
    radix = 8
  }
  if (digits === '') return 0
  const valid = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/
  if (!valid.test(digits)) {
    return radix === 8 ? 'starts with 0, which makes it octal, but has a digit 8 or 9' : radix === 16 ? 'starts with 0x (hexadecimal) but has other characters' : 'is not a number'
  }
  return Number.parseInt(digits, radix)
}

function percentByte(text: string, i: number): number | null {
  if (text[i] !== '%' || !/^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) return null
  return Number.parseInt(text.slice(i + 1, i + 3), 16)
}

function hostAccepted(text: string): boolean {
  return parsedHostname(text) !== null
}

/** The platform parser's hostname for `host`, or null when it refuses it. */
function parsedHostname(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname
  } catch {
    return null
  }
}
