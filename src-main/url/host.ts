// The host part: a name (internationalised names become punycode), an IPv4 dotted quad, or an IPv6
// literal in brackets. Errors name the host and the offending character's offset.
import { isIPv6 } from 'node:net'
import { domainToASCII } from 'node:url'
import { urlError } from './errors.ts'
import type { HostKind } from './types.ts'

export interface ParsedHost {
  /** As typed, lower-cased for names, brackets removed for IPv6. */
  host: string
  hostAscii: string
  kind: HostKind
}

// Characters that can never appear in a host (WHATWG's forbidden host code points, minus the ones
// the authority splitter already consumed).
const FORBIDDEN_IN_HOST = new Set([...' <>^|%/\\?#@[]:"`{}', '\t', '\n', '\r'])

const MAX_NAME_LENGTH = 253 // RFC 1035 §2.3.4: 255 octets on the wire, 253 in text without the root dot
const MAX_LABEL_LENGTH = 63

/** `text` is the host as typed; `start` its offset in the URL (for error positions). */
export function parseHost(text: string, start: number): ParsedHost {
  const end = start + text.length
  if (text === '') throw urlError('URL_EMPTY_HOST', `the URL has no web server name after "//" (at character ${start})`, 'host', start, end)

  if (text.startsWith('[')) return parseIpv6Literal(text, start)

  if (/^[0-9.]+$/.test(text)) return parseIpv4(text, start)

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string
    if (FORBIDDEN_IN_HOST.has(ch) || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) {
      const shown = ch.charCodeAt(0) < 0x21 ? `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : `"${ch}"`
      throw urlError('URL_BAD_HOST', `the host "${text}" contains ${shown} at character ${start + i}, which a server name cannot contain`, 'host', start + i, start + i + 1)
    }
  }
  const lower = text.toLowerCase()
  const ascii = domainToASCII(lower)
  if (ascii === '') {
    throw urlError('URL_BAD_HOST', `the host "${text}" (characters ${start}–${end}) is not a valid internationalised domain name`, 'host', start, end)
  }
  checkLabels(ascii, text, start, end)
  return { host: lower, hostAscii: ascii, kind: 'name' }
}

function parseIpv6Literal(text: string, start: number): ParsedHost {
  const end = start + text.length
  if (!text.endsWith(']')) throw urlError('URL_BAD_IPV6', `the IPv6 address "${text}" (at character ${start}) has no closing "]"`, 'host', start, end)
  const inner = text.slice(1, -1)
  if (inner.includes('%')) throw urlError('URL_BAD_IPV6', `the IPv6 address "${text}" carries a zone id ("%…"), which URLs cannot use`, 'host', start, end)
  if (!isIPv6(inner)) throw urlError('URL_BAD_IPV6', `"${inner}" (characters ${start + 1}–${end - 1}) is not a valid IPv6 address`, 'host', start, end)
  const lower = inner.toLowerCase()
  return { host: lower, hostAscii: lower, kind: 'ipv6' }
}

function parseIpv4(text: string, start: number): ParsedHost {
  const end = start + text.length
  const octets = text.split('.')
  if (octets.length !== 4) {
    throw urlError('URL_BAD_IPV4', `the IPv4 address "${text}" (characters ${start}–${end}) has ${octets.length} parts; a dotted address has 4`, 'host', start, end)
  }
  let offset = start
  for (const octet of octets) {
    const bad = octet === '' || Number(octet) > 255 || (octet.length > 1 && octet.startsWith('0'))
    if (bad) {
      const why = octet === '' ? 'is empty' : Number(octet) > 255 ? 'is above 255' : 'has a leading zero (some software reads it as octal)'
      throw urlError('URL_BAD_IPV4', `in the IPv4 address "${text}", the part "${octet}" at character ${offset} ${why}`, 'host', offset, offset + octet.length)
    }
    offset += octet.length + 1
  }
  return { host: text, hostAscii: text, kind: 'ipv4' }
}

function checkLabels(ascii: string, typed: string, start: number, end: number): void {
  const name = ascii.endsWith('.') ? ascii.slice(0, -1) : ascii
  if (name.length > MAX_NAME_LENGTH) {
    throw urlError('URL_BAD_HOST', `the host name "${typed}" is ${name.length} characters long; DNS allows at most ${MAX_NAME_LENGTH}`, 'host', start, end)
  }
  const labels = name.split('.')
  for (const label of labels) {
    if (label === '') throw urlError('URL_BAD_HOST', `the host name "${typed}" (characters ${start}–${end}) has an empty label (two dots in a row, or a leading dot)`, 'host', start, end)
    if (label.length > MAX_LABEL_LENGTH) {
      throw urlError('URL_BAD_HOST', `the label "${label}" in the host "${typed}" is ${label.length} characters long; DNS allows at most ${MAX_LABEL_LENGTH}`, 'host', start, end)
    }
  }
  // A name whose last label is a number would be read as an address (WHATWG "ends in a number").
  if (/^[0-9]+$/.test(labels[labels.length - 1] as string)) {
    throw urlError('URL_BAD_HOST', `the host "${typed}" ends in a number but is not a dotted IPv4 address`, 'host', start, end)
  }
}
