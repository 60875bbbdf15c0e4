// Parses a display filter and checks it against the fields (fields.ts): which words are fields and
// which are values, each value read as the type of the field it meets (127.53.0.0/16 as an IPv4
// network beside ip.addr, aa:bb:cc as bytes beside eth.src, AAAA as 28 beside dns.qry.type). Every
// error names the token that is wrong, by its column, as Wireshark's filter bar does. Pure TS: the
// renderer runs it as the filter is typed; the analyzer's worker compiles the result (compile.ts).
import { dnsClassNumber, dnsRcodeNumber, dnsTypeNumber } from '../dns/types.ts'
import { WiretrailError } from '../shared/errors.ts'
import type { FilterExpr, Literal, Operand, RawExpr, RawOperand, RawSetItem, SetItem, TextRange } from './ast.ts'
import { FIELDS, NOT_CARRIED, TYPE_WORDS, type FieldDef, type FieldType } from './fields.ts'
import { parse as parseGrammar, type SyntaxError as PeggySyntaxError } from './grammar.generated.js'

export type FilterErrorCode =
  | 'FILTER_SYNTAX' // the text does not follow the grammar
  | 'FILTER_UNKNOWN_FIELD' // a word that must be a field is none
  | 'FILTER_BAD_VALUE' // a value that is not of the field's type
  | 'FILTER_BAD_OPERATOR' // an operator the operands' types do not allow
  | 'FILTER_BAD_REGEX' // a matches pattern that is not a regular expression RE2 accepts
  | 'FILTER_TOO_LONG' // over MAX_FILTER_LENGTH characters

/** A filter's error: the message says what is wrong and where; details.start/end (0-based, end
 * exclusive) are the offending token's characters, details.column its 1-based column. */
export class FilterError extends WiretrailError<FilterErrorCode> {
  constructor(code: FilterErrorCode, message: string, at: TextRange) {
    super(code, `column ${at.start + 1}: ${message}`, { start: at.start, end: Math.max(at.end, at.start + 1), column: at.start + 1 })
  }
}

/** Longer filters are refused before parsing (they are typed by people). */
export const MAX_FILTER_LENGTH = 4096

/** Parses and checks `text`; throws a FilterError naming the offending token. An empty filter (only
 * white space) is null: every frame. */
export function parseFilter(text: string): FilterExpr | null {
  if (text.length > MAX_FILTER_LENGTH) throw new FilterError('FILTER_TOO_LONG', `a filter has at most ${MAX_FILTER_LENGTH} characters (this one has ${text.length})`, { start: MAX_FILTER_LENGTH, end: text.length })
  if (text.trim() === '') return null
  let raw: RawExpr
  try {
    raw = parseGrammar(text)
  } catch (e) {
    throw syntaxError(text, e as PeggySyntaxError)
  }
  return checkExpr(raw)
}

function syntaxError(text: string, e: PeggySyntaxError): FilterError {
  const open = unclosedQuote(text)
  if (open !== null) return new FilterError('FILTER_SYNTAX', 'this string is never closed (a " is missing)', { start: open, end: text.length })
  const start = e.location?.start.offset ?? 0
  const found = e.found
  if (found === null || found === undefined) {
    return new FilterError('FILTER_SYNTAX', `the filter ends too early: ${expected(e)} must follow`, { start: text.length, end: text.length + 1 })
  }
  const at = { start, end: start + tokenLength(text, start) }
  if (found === '=' && text[start + 1] !== '=') return new FilterError('FILTER_SYNTAX', '"=" alone is not an operator: write "==" (or eq)', at)
  if (found === '&' || found === '|') return new FilterError('FILTER_SYNTAX', `"${found}" alone is not an operator: write "${found}${found}" (or ${found === '&' ? 'and' : 'or'})`, at)
  return new FilterError('FILTER_SYNTAX', `"${text.slice(at.start, at.end)}" is not expected here: expected ${expected(e)}`, at)
}

/** Peggy's expectations in words, grouped as a user thinks of them (a value, a comparison, a
 * logical operator) rather than as the grammar's literals. */
function expected(e: PeggySyntaxError): string {
  const literals = new Set<string>()
  const others = new Set<string>()
  let end = false
  for (const x of e.expected ?? []) {
    if (x.type === 'literal') literals.add(x.text.toLowerCase())
    else if (x.type === 'other' && x.description !== 'white space') others.add(x.description)
    else if (x.type === 'end') end = true
  }
  const words: string[] = []
  if (others.has('a field or a value') || others.has('a string') || literals.has('(')) words.push(literals.has('(') ? 'a field, a value or "("' : 'a field or a value')
  if (others.has('a comparison operator') || literals.has('contains') || literals.has('in')) words.push('a comparison (==, !=, >, <, in, contains, matches)')
  if (literals.has('&&') || literals.has('||')) words.push('a logical operator (&&, ||, ^^)')
  if (literals.has('{')) words.push('a set in braces ({80 443})')
  if (literals.has(')')) words.push('")"')
  if (literals.has('}')) words.push('"}"')
  if (literals.has(']') && words.length === 0) words.push('"]"')
  if (literals.has('..')) words.push('".."')
  if (end) words.push('the end of the filter')
  if (words.length === 0) return 'something else'
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`
}

function tokenLength(text: string, start: number): number {
  const m = /^[A-Za-z0-9_.:/\-]+/.exec(text.slice(start)) ?? /^[=!<>&|^~]+/.exec(text.slice(start))
  return m ? m[0].length : 1
}

function unclosedQuote(text: string): number | null {
  let open: number | null = null
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && open !== null) i++
    else if (text[i] === '"') open = open === null ? i : null
  }
  return open
}

function checkExpr(e: RawExpr): FilterExpr {
  switch (e.kind) {
    case 'or':
    case 'and':
    case 'xor':
      return { kind: e.kind, left: checkExpr(e.left), right: checkExpr(e.right) }
    case 'not':
      return { kind: 'not', expr: checkExpr(e.expr) }
    case 'test': {
      const operand = checkValueSide(e.operand)
      if (operand === null) throw unknownField(e.operand)
      return { kind: 'test', operand }
    }
    case 'compare': {
      const [left, right] = checkPair(e.left, e.right)
      const type = operandType(left)
      if (type === 'protocol') throw new FilterError('FILTER_BAD_OPERATOR', `${describe(left)} is a protocol: it can be tested alone, or with contains / matches, not compared`, e.at)
      if ((left.kind === 'network' || right.kind === 'network') && e.op !== 'eq' && e.op !== 'ne' && e.op !== 'all_eq' && e.op !== 'any_ne') {
        throw new FilterError('FILTER_BAD_OPERATOR', 'a network (address/prefix) can only be compared with == or !=', (right.kind === 'network' ? right : left).at)
      }
      return { kind: 'compare', op: e.op, left, right }
    }
    case 'in': {
      const left = checkValueSide(e.left)
      if (left === null) throw unknownField(e.left)
      const type = operandType(left)
      if (type === 'protocol') throw new FilterError('FILTER_BAD_OPERATOR', `${describe(left)} is a protocol: it has no value to look up in a set`, e.at)
      return { kind: 'in', left, set: e.set.map((item) => checkSetItem(item, left)), negated: e.negated }
    }
    case 'contains': {
      const left = checkValueSide(e.left)
      if (left === null) throw unknownField(e.left)
      const type = operandType(left)
      if (type !== 'string' && type !== 'bytes' && type !== 'protocol' && type !== 'ether' && type !== 'ipv6') throw new FilterError('FILTER_BAD_OPERATOR', `${describe(left)} is ${TYPE_WORDS[type]}: contains needs a string, bytes or a protocol`, e.at)
      const right = checkValueSide(e.right) ?? literal(e.right, type === 'string' ? 'string' : 'bytes', left)
      return { kind: 'contains', left, right }
    }
    case 'matches': {
      const left = checkValueSide(e.left)
      if (left === null) throw unknownField(e.left)
      const type = operandType(left)
      if (type !== 'string' && type !== 'bytes' && type !== 'protocol') throw new FilterError('FILTER_BAD_OPERATOR', `${describe(left)} is ${TYPE_WORDS[type]}: matches needs a string, bytes or a protocol`, e.at)
      if (e.right.kind !== 'string') throw new FilterError('FILTER_BAD_VALUE', 'matches takes a regular expression in quotes ("…")', e.right.at)
      return { kind: 'matches', left, pattern: e.right.value, at: e.right.at }
    }
  }
}

function unknownField(o: RawOperand): FilterError {
  if (o.kind !== 'word') return new FilterError('FILTER_BAD_OPERATOR', 'a value alone is not a test: compare it with a field', o.at)
  const hint = NOT_CARRIED[o.text] ?? (o.text.startsWith('_ws.') ? NOT_CARRIED._ws : undefined)
  return new FilterError('FILTER_UNKNOWN_FIELD', `"${o.text}" is neither a field nor a protocol name${hint ? ` (${hint})` : ''}`, o.at)
}

/** A field, a function call or a slice (what has values in the frame); null for a literal. */
function checkValueSide(o: RawOperand): Operand | null {
  switch (o.kind) {
    case 'word': {
      const def: FieldDef | undefined = FIELDS[o.text]
      return def ? { kind: 'field', key: o.text, type: def.type, at: o.at } : null
    }
    case 'string':
      return null
    case 'call':
      return checkCall(o)
    case 'slice': {
      const inner = checkValueSide(o.operand)
      if (inner === null) throw unknownField(o.operand)
      return { kind: 'slice', operand: inner, ranges: o.ranges, type: 'bytes', at: o.at }
    }
  }
}

function checkCall(o: Extract<RawOperand, { kind: 'call' }>): Operand {
  const name = o.name as 'len' | 'count' | 'lower' | 'upper' | 'string'
  if (o.args.length !== 1) throw new FilterError('FILTER_SYNTAX', `${name}() takes one field`, o.at)
  const arg = checkValueSide(o.args[0]!)
  if (arg === null) throw unknownField(o.args[0]!)
  const type = operandType(arg)
  if ((name === 'lower' || name === 'upper') && type !== 'string') throw new FilterError('FILTER_BAD_OPERATOR', `${name}() needs a string field; ${describe(arg)} is ${TYPE_WORDS[type]}`, o.at)
  if (name === 'len' && type !== 'string' && type !== 'bytes' && type !== 'protocol' && type !== 'ether' && type !== 'ipv6') throw new FilterError('FILTER_BAD_OPERATOR', `len() needs a string or bytes; ${describe(arg)} is ${TYPE_WORDS[type]}`, o.at)
  return { kind: 'call', name, args: [arg], type: name === 'len' || name === 'count' ? 'uint' : 'string', at: o.at }
}

/** Two sides of a comparison: at least one has values in the frame; a literal takes its type. */
function checkPair(a: RawOperand, b: RawOperand): [Operand, Operand] {
  const left = checkValueSide(a)
  const right = checkValueSide(b)
  if (left !== null && right !== null) {
    const lt = operandType(left)
    const rt = operandType(right)
    if (lt !== rt && !(numeric(lt) && numeric(rt))) throw new FilterError('FILTER_BAD_OPERATOR', `${describe(left)} (${TYPE_WORDS[lt]}) and ${describe(right)} (${TYPE_WORDS[rt]}) cannot be compared`, b.at)
    return [left, right]
  }
  if (left !== null) return [left, literal(b, operandType(left), left)]
  if (right !== null) return [literal(a, operandType(right), right), right]
  // Neither side is a field: the left word is taken as the unknown field, as Wireshark does.
  throw unknownField(a)
}

function numeric(t: FieldType): boolean {
  return t === 'uint' || t === 'bool' || t === 'time'
}

function checkSetItem(item: RawSetItem, left: Operand): SetItem {
  const type = operandType(left)
  if (item.kind === 'range') {
    if (!numeric(type) && type !== 'ipv4') throw new FilterError('FILTER_BAD_OPERATOR', `ranges (a..b) need numbers; ${describe(left)} is ${TYPE_WORDS[type]}`, item.from.at)
    const from = literal(item.from, type, left)
    const to = literal(item.to, type, left)
    if (from.kind !== 'scalar' || to.kind !== 'scalar') throw new FilterError('FILTER_BAD_VALUE', 'a range is between two values, not networks', from.at)
    return { kind: 'range', from, to }
  }
  const field = checkValueSide(item.value)
  if (field !== null) return { kind: 'value', value: field }
  return { kind: 'value', value: literal(item.value, type, left) }
}

export function operandType(o: Operand): FieldType {
  return o.kind === 'network' ? o.type : o.type
}

function describe(o: Operand): string {
  switch (o.kind) {
    case 'field':
      return o.key
    case 'call':
      return `${o.name}(…)`
    case 'slice':
      return 'the slice'
    default:
      return 'the value'
  }
}

/** A literal (a word or a quoted string) read as `type`, the type of `beside`. */
function literal(o: RawOperand, type: FieldType, beside: Operand): Literal {
  if (o.kind === 'call' || o.kind === 'slice') throw new FilterError('FILTER_BAD_VALUE', 'a function or a slice needs a field inside', o.at)
  const text = o.kind === 'word' ? o.text : o.value
  const quoted = o.kind === 'string'
  const bad = (example: string): FilterError => new FilterError('FILTER_BAD_VALUE', `${JSON.stringify(text)} is not ${TYPE_WORDS[type]}${beside.kind === 'field' ? ` (${beside.key} is one)` : ''}${example ? `; e.g. ${example}` : ''}`, o.at)
  const scalar = (value: number | string | Uint8Array): Literal => ({ kind: 'scalar', type, value, at: o.at })
  switch (type) {
    case 'uint': {
      const n = integer(text)
      if (n !== null) return scalar(n)
      const named = beside.kind === 'field' ? valueByName(FIELDS[beside.key]!, text) : undefined
      if (named !== undefined) return scalar(named)
      throw bad(beside.kind === 'field' && FIELDS[beside.key]!.valueNames === 'dns-type' ? '28 or AAAA' : '80 or 0x50')
    }
    case 'bool': {
      const lower = text.toLowerCase()
      if (lower === 'true') return scalar(1)
      if (lower === 'false') return scalar(0)
      const n = integer(text)
      if (n !== null) return scalar(n === 0 ? 0 : 1)
      throw bad('1, 0, True or False')
    }
    case 'time': {
      if (!quoted && /^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) return scalar(Number(text))
      throw bad('0.25 (seconds)')
    }
    case 'string':
      return scalar(text)
    case 'ipv4': {
      const m = /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?:\/(\d{1,2}))?$/.exec(text)
      const bytes = m ? ipv4Bytes(m[1]!) : null
      if (!m || bytes === null || (m[2] !== undefined && Number(m[2]) > 32)) throw bad('127.53.0.1 or 127.53.0.0/16')
      if (m[2] !== undefined) return { kind: 'network', type: 'ipv4', bytes, prefix: Number(m[2]), at: o.at }
      return scalar(((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!)
    }
    case 'ipv6': {
      const slash = text.lastIndexOf('/')
      const address = slash < 0 ? text : text.slice(0, slash)
      const prefix = slash < 0 ? null : Number(text.slice(slash + 1))
      const bytes = ipv6Bytes(address)
      if (bytes === null || (prefix !== null && (!Number.isInteger(prefix) || prefix < 0 || prefix > 128))) throw bad('::1 or fe80::/10')
      if (prefix !== null) return { kind: 'network', type: 'ipv6', bytes, prefix, at: o.at }
      return scalar(bytes)
    }
    case 'ether': {
      const bytes = byteString(text)
      if (bytes === null || bytes.length !== 6) throw bad('00:1c:42:00:00:10')
      return scalar(bytes)
    }
    case 'bytes':
    case 'protocol': {
      // A quoted string is its UTF-8 bytes (frame contains "GET"); unquoted, hex bytes (aa:bb:cc).
      if (quoted) return { kind: 'scalar', type: 'bytes', value: new TextEncoder().encode(text), at: o.at }
      const bytes = byteString(text)
      if (bytes === null) throw new FilterError('FILTER_BAD_VALUE', `${JSON.stringify(text)} is not a byte string; e.g. aa:bb:cc or "text" in quotes`, o.at)
      return { kind: 'scalar', type: 'bytes', value: bytes, at: o.at }
    }
  }
}

function integer(text: string): number | null {
  if (/^-?\d+$/.test(text)) return text.length > 1 && text.startsWith('0') ? parseInt(text, 8) : Number(text)
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16)
  return null
}

function valueByName(def: FieldDef, text: string): number | undefined {
  const upper = text.toUpperCase()
  switch (def.valueNames) {
    case 'dns-type':
      return dnsTypeNumber(upper)
    case 'dns-class':
      return dnsClassNumber(upper)
    case 'dns-rcode':
      return dnsRcodeNumber(upper)
    default:
      return undefined
  }
}

export function ipv4Bytes(text: string): Uint8Array | null {
  const parts = text.split('.')
  if (parts.length !== 4 || parts.some((x) => !/^\d{1,3}$/.test(x) || Number(x) > 255)) return null
  return Uint8Array.from(parts.map(Number))
}

/** An IPv6 address's 16 bytes (with "::" and a dotted IPv4 tail), or null. */
export function ipv6Bytes(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null
  let tail: number[] = []
  let head = text
  const lastColon = text.lastIndexOf(':')
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = ipv4Bytes(text.slice(lastColon + 1))
    if (v4 === null) return null
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!]
    head = text.slice(0, lastColon + 1) + '0'
  }
  const halves = head.split('::')
  if (halves.length > 2) return null
  const group = (s: string): number[] | null => {
    if (s === '') return []
    const g = s.split(':')
    if (g.some((x) => !/^[0-9a-fA-F]{1,4}$/.test(x))) return null
    return g.map((x) => parseInt(x, 16))
  }
  let groups: number[]
  if (halves.length === 2) {
    const a = group(halves[0]!)
    const b = group(halves[1]!)
    if (a === null || b === null) return null
    if (tail.length) b.pop()
    const fill = 8 - a.length - b.length - tail.length
    if (fill < 1) return null
    groups = [...a, ...new Array<number>(fill).fill(0), ...b, ...tail]
  } else {
    const a = group(head)
    if (a === null) return null
    if (tail.length) a.pop()
    groups = [...a, ...tail]
  }
  if (groups.length !== 8) return null
  const out = new Uint8Array(16)
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8
    out[i * 2 + 1] = g & 0xff
  })
  return out
}

/** Hex bytes as Wireshark writes them: aa:bb:cc, aa-bb-cc, aabb.ccdd, or one byte "aa". */
export function byteString(text: string): Uint8Array | null {
  let hex: string
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2})*$/i.test(text)) hex = text.split(/[:-]/).map((x) => x.padStart(2, '0')).join('')
  else if (/^[0-9a-f]{4}(\.[0-9a-f]{4})+$/i.test(text)) hex = text.replaceAll('.', '')
  else return null
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
