// Shared machinery of the dissectors (TypeScript for Node: `latin1` reads bytes with Node's Buffer,
// as dns/wire.ts does; the renderer imports none of decode/).
//
// Every dissector has one shape, after gopacket's DecodeFromBytes and Wireshark's
// proto_tree_add_item(tvb, offset, length): `decodeX(ctx, bytes, offset, end)` reads its header at
// literal offsets inside `bytes` (absolute: offsets are from the first byte of the frame, or of the
// reassembled buffer named by `ctx.source`), returns the values the analyzer needs, and — only
// when `ctx.detail` is set — adds a DecodedLayer whose fields carry (offset, length). The analyzer's
// streaming pass runs with `detail: false`, so a 5-million-packet file builds no field objects;
// `detail(frame)` re-decodes one frame with `detail: true`. Problems never throw: they become
// DecodeIssues (Wireshark's expert info) and decoding goes on with what is there.

import { issueEnglish, type DecodeIssueCode, type DecodeIssueParams } from '../shared/decode-issues.ts'
import type { DecodedField, DecodedLayer, DecodeIssue } from '../shared/walkthrough.ts'

export interface DecodeContext {
  /** Build field trees (the detail pane) or only return values (the analyzer's pass). */
  detail: boolean
  layers: DecodedLayer[]
  issues: DecodeIssue[]
}

export function newContext(detail: boolean): DecodeContext {
  return { detail, layers: [], issues: [] }
}

/** Notes a problem with the bytes at [offset, offset + length): its code and the parameters its
 * words need (shared/decode-issues.ts); the English message is written from them. */
export function issue<C extends DecodeIssueCode>(
  ctx: DecodeContext,
  layer: string,
  severity: DecodeIssue['severity'],
  code: C,
  params: DecodeIssueParams[C],
  offset: number,
  length: number,
): void {
  ctx.issues.push(codedIssue(layer, severity, code, params, offset, length))
}

/** An issue object (for the analyzer's own, which it adds beside the dissectors'). */
export function codedIssue<C extends DecodeIssueCode>(layer: string, severity: DecodeIssue['severity'], code: C, params: DecodeIssueParams[C], offset: number, length: number): DecodeIssue {
  // The code and its parameters are correlated by C, which the union type cannot see.
  return { severity, message: issueEnglish(code, params), offset, length, layer, code, params } as DecodeIssue
}

/** Starts a layer in the detail tree; returns null (and costs nothing) in the fast pass. A caller
 * whose name is a template checks ctx.detail first: the pass would otherwise write that text for
 * every packet only to drop it. */
export function addLayer(ctx: DecodeContext, name: string, offset: number, length: number): DecodedLayer | null {
  if (!ctx.detail) return null
  const layer: DecodedLayer = { name, offset, length, fields: [] }
  ctx.layers.push(layer)
  return layer
}

export function field(
  key: string,
  label: string,
  offset: number,
  length: number,
  value: string | number | boolean | undefined,
  display?: string,
): DecodedField {
  const f: DecodedField = { key, label, offset, length, display: display ?? `${label}: ${String(value)}` }
  if (value !== undefined) f.value = value
  return f
}

/** A flag child: shares the bytes of its parent field and says which bits with `mask`. */
export function flag(key: string, label: string, offset: number, length: number, mask: number, raw: number): DecodedField {
  const set = (raw & mask) !== 0
  const bits = length * 8
  const pattern = Array.from({ length: bits }, (_, i) => {
    const bit = 1 << (bits - 1 - i)
    if ((mask & bit) === 0) return '.'
    return (raw & bit) !== 0 ? '1' : '0'
  })
    .join('')
    .replace(/(.{4})(?=.)/g, '$1 ')
  return { key, label, offset, length, mask, value: set, display: `${pattern} = ${label}: ${set ? 'Set' : 'Not set'}` }
}

/** A multi-bit field inside shared bytes (e.g. DNS opcode, IPv4 IHL). */
export function bits(key: string, label: string, offset: number, length: number, mask: number, raw: number, text?: string): DecodedField {
  let shift = 0
  while (shift < 32 && ((mask >>> shift) & 1) === 0) shift++
  const value = (raw & mask) >>> shift
  const total = length * 8
  const pattern = Array.from({ length: total }, (_, i) => {
    const bit = 1 << (total - 1 - i)
    if ((mask & bit) === 0) return '.'
    return (raw & bit) !== 0 ? '1' : '0'
  })
    .join('')
    .replace(/(.{4})(?=.)/g, '$1 ')
  return { key, label, offset, length, mask, value, display: `${pattern} = ${label}: ${text ?? String(value)}` }
}

/** A computed value (Wireshark's PROTO_ITEM_SET_GENERATED): length 0. */
export function generated(key: string, label: string, offset: number, value: string | number | boolean, display?: string): DecodedField {
  return { key, label, offset, length: 0, value, generated: true, display: `[${display ?? `${label}: ${String(value)}`}]` }
}

export function u16(b: Uint8Array, o: number): number {
  return (b[o]! << 8) | b[o + 1]!
}

export function u32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!)
}

export function u16le(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8)
}

export function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + ((b[o + 3]! << 24) >>> 0)
}

export function hex(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width, '0')}`
}

export function hexBytes(b: Uint8Array, o: number, n: number, sep = ''): string {
  let s = ''
  for (let i = 0; i < n; i++) s += (i && sep ? sep : '') + b[o + i]!.toString(16).padStart(2, '0')
  return s
}

export function ipv4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
}

/** RFC 5952 text form: lower case, longest run of zero groups (≥ 2) compressed to "::". */
export function ipv6(b: Uint8Array, o: number): string {
  const g: number[] = []
  for (let i = 0; i < 8; i++) g.push(u16(b, o + i * 2))
  // IPv4-mapped ::ffff:a.b.c.d keeps the dotted tail, as inet_ntop does.
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) return `::ffff:${ipv4(b, o + 12)}`
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && g[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const part = (from: number, to: number): string => g.slice(from, to).map((x) => x.toString(16)).join(':')
  if (bestStart < 0) return part(0, 8)
  return `${part(0, bestStart)}::${part(bestStart + bestLen, 8)}`
}

export function mac(b: Uint8Array, o: number): string {
  return hexBytes(b, o, 6, ':')
}

/** "ip:port", "[v6]:port" — the walkthrough's endpoint form. */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}

/** Bytes b[start, end) as text, one character per byte, each byte the code point of its value
 * (ISO-8859-1: 0x80 is U+0080): a head's bytes as they are, in every Node version. Not a
 * TextDecoder for the label 'latin1': the Encoding Standard maps that label to windows-1252 (0x80 → €,
 * 0x92 → ’), and Node has followed it in some releases and not in others (windows-1252 up to
 * 20.18.2 and 22.12; ISO-8859-1 from 20.18.3 and 22.13, nodejs/node#60888, as on this project's
 * Node 20.20; windows-1252 again once nodejs/node#60893 landed), so a header byte 0x80–0x9F could
 * read differently in the app's Electron (Node 22) than in every test here. Buffer's 'latin1' is
 * ISO-8859-1, as its documentation says, on every version. The view shares `b`'s memory: nothing
 * is copied before the text is made. */
export function latin1(b: Uint8Array, start = 0, end = b.length): string {
  if (end > b.length) end = b.length
  const n = end - start
  // A few characters (a method's name, a field's name, a protocol prefix) are made from their codes
  // in one call: a Buffer view made for each of those costs more than the text (looksLikeHttpStart
  // reads a method at every segment's start), and adding characters one by one makes strings that
  // are joined again later.
  if (n <= SHORT_TEXT) {
    if (n <= 0) return ''
    const codes = SHORT_CODES[n]!
    for (let i = 0; i < n; i++) codes[i] = b[start + i]!
    return String.fromCharCode.apply(null, codes)
  }
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1', start, end)
}

/** Up to this many bytes, latin1 makes its text from the bytes' codes, in an array of each length
 * (filled in place: no array made, none resized, per text). */
const SHORT_TEXT = 16
const SHORT_CODES: number[][] = Array.from({ length: SHORT_TEXT + 1 }, (_, n) => new Array<number>(n).fill(0))

export function ascii(b: Uint8Array, o: number, n: number): string {
  return latin1(b, o, o + n)
}

/** Bytes that fit: how many of `want` bytes from `offset` are really there before `end`. */
export function available(offset: number, want: number, end: number): number {
  return Math.max(0, Math.min(want, end - offset))
}
