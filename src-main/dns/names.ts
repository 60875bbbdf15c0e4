// Domain names as the engine compares them: lower case, absolute (final dot), "." for the root.
// dns-packet decodes names without the final dot and with the case the server sent; everything
// that keys a cache or checks a bailiwick goes through `canonicalName` first (RFC 4343: DNS names
// compare case-insensitively).
import { WiretrailError } from '../shared/errors.ts'
import type { DnsCode } from './errors.ts'

/** RFC 1035 §2.3.4: labels are at most 63 octets, names at most 255 octets on the wire. */
export const MAX_LABEL_OCTETS = 63
export const MAX_NAME_OCTETS = 255

/** "WWW.Lab.cyber.co.kr" → "www.lab.cyber.co.kr."; "" and "." → ".". */
export function canonicalName(name: string): string {
  if (name === '' || name === '.') return '.'
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

/** Labels of a canonical name, leftmost first; [] for the root. */
export function labelsOf(name: string): string[] {
  const canonical = canonicalName(name)
  return canonical === '.' ? [] : canonical.slice(0, -1).split('.')
}

/** True when `name` equals `zone` or lies below it ("in bailiwick" of a server for `zone`). */
export function isAtOrBelow(name: string, zone: string): boolean {
  const n = canonicalName(name)
  const z = canonicalName(zone)
  if (z === '.') return true
  return n === z || n.endsWith(`.${z}`)
}

/** True when `name` lies strictly below `zone` (a child zone of it, or deeper). */
export function isStrictlyBelow(name: string, zone: string): boolean {
  return isAtOrBelow(name, zone) && canonicalName(name) !== canonicalName(zone)
}

/** The name itself, then each parent up to the root: "a.b." → ["a.b.", "b.", "."]. */
export function selfAndAncestors(name: string): string[] {
  const labels = labelsOf(name)
  const out: string[] = []
  for (let i = 0; i < labels.length; i++) out.push(`${labels.slice(i).join('.')}.`)
  out.push('.')
  return out
}

/**
 * Checks a name typed by a user or a caller before it is encoded: dns-packet writes a label's
 * length into one byte without checking, so a 64-octet label would turn into a compression pointer.
 * Returns the canonical name or throws DNS_BAD_NAME naming the bad part.
 */
export function validateQueryName(name: string): string {
  const canonical = canonicalName(name.trim())
  if (canonical === '.') return canonical
  const labels = labelsOf(canonical)
  let wireLength = 1
  for (const label of labels) {
    const octets = Buffer.byteLength(label)
    if (octets === 0) throw badName(`"${name}" has an empty label (two dots in a row)`)
    if (octets > MAX_LABEL_OCTETS) {
      throw badName(`label "${label.slice(0, 20)}…" of "${name}" is ${octets} octets; at most ${MAX_LABEL_OCTETS} are allowed`)
    }
    if (/[\s\\]/.test(label)) throw badName(`label "${label}" of "${name}" contains whitespace or a backslash`)
    wireLength += octets + 1
  }
  if (wireLength > MAX_NAME_OCTETS) {
    throw badName(`"${name.slice(0, 30)}…" is ${wireLength} octets on the wire; at most ${MAX_NAME_OCTETS} are allowed`)
  }
  return canonical
}

function badName(message: string): WiretrailError<DnsCode> {
  return new WiretrailError<DnsCode>('DNS_BAD_NAME', message)
}

/** The parent of a canonical name ("." for a top-level name); undefined for the root. */
export function parentName(name: string): string | undefined {
  const canonical = canonicalName(name)
  if (canonical === '.') return undefined
  const dot = canonical.indexOf('.')
  return dot === canonical.length - 1 ? '.' : canonical.slice(dot + 1)
}

/** The names from just below `ancestor` down to `name` itself, top first:
 * namesBelow("www.lab.cyber.co.kr.", "cyber.co.kr.") → ["lab.cyber.co.kr.", "www.lab.cyber.co.kr."]. */
export function namesBelow(name: string, ancestor: string): string[] {
  if (!isStrictlyBelow(name, ancestor)) return []
  const depth = labelsOf(ancestor).length
  const labels = labelsOf(name)
  const out: string[] = []
  for (let keep = depth + 1; keep <= labels.length; keep += 1) out.push(`${labels.slice(labels.length - keep).join('.')}.`)
  return out
}

/** `relative` ("www", "@" already resolved by the caller) joined to `origin` ("lab.cyber.co.kr."). */
export function joinName(relative: string, origin: string): string {
  const o = canonicalName(origin)
  return canonicalName(o === '.' ? `${relative}.` : `${relative}.${o}`)
}
