// Reads RFC 1035 §5 master files (zone files) into records dns-packet can encode.
//
// Hand-written on purpose. The npm parsers were evaluated: `dns-zonefile` (0.3.2) and its fork
// `zone-file` (1.0.0) join parentheses only for SOA records (a regex), take one $ORIGIN for the whole
// file without resolving relative names against later ones, read "TTL/class" by guessing from
// `isNaN`, and silently drop record types they do not know — a typo would serve a zone without the
// record. The lab needs the exact rules BIND applies (its named-checkzone checks these same files),
// with an error naming file and line. The supported subset is what the lab zones use:
// $ORIGIN, $TTL, relative names, "@", a blank owner (the previous one), parentheses across lines,
// ";" comments, quoted strings with \" \\ \DDD escapes, TTLs in seconds or with units (1h30m), class
// IN, and the types A, AAAA, NS, CNAME, PTR, MX, TXT, SOA. Anything else is an error, never skipped.
import { isIPv4, isIPv6 } from 'node:net'
import type { MxAnswer, SoaAnswer, StringAnswer, TxtAnswer } from 'dns-packet'
import { LabError } from '../errors.ts'
import { canonicalName, isAtOrBelow, joinName } from '../../dns/names.ts'

/** One record as dns-packet encodes it; `name` and names inside `data` are canonical (lower-case,
 * with the final dot, "." for the root: src-main/dns/names.ts). */
export type ZoneRecord = (StringAnswer | MxAnswer | SoaAnswer | TxtAnswer) & { ttl: number; class: 'IN' }

export interface ParsedZone {
  /** Canonical origin ("." for the root zone). */
  origin: string
  records: ZoneRecord[]
}

const SUPPORTED_TYPES = new Set(['A', 'AAAA', 'NS', 'CNAME', 'PTR', 'MX', 'TXT', 'SOA'])
const MAX_TTL = 2 ** 31 - 1 // RFC 2181 §8

interface Token {
  text: string
  quoted: boolean
}

interface Entry {
  /** 1-based line where the entry starts. */
  line: number
  /** The entry's line starts with a space or tab: the owner is the previous one. */
  blankOwner: boolean
  tokens: Token[]
}

export function parseMasterFile(text: string, options: { origin: string; file: string }): ParsedZone {
  const fail = (line: number, message: string): never => {
    throw new LabError('LAB_ZONE_SYNTAX', `${options.file}:${line}: ${message}`, { file: options.file, line })
  }
  const origin = canonicalName(options.origin)
  let currentOrigin = origin
  let defaultTtl: number | undefined
  let lastTtl: number | undefined
  let lastOwner: string | undefined
  const records: ZoneRecord[] = []

  for (const entry of tokenize(text, fail)) {
    const tokens = entry.tokens.slice()
    const first = tokens[0]
    if (first === undefined) continue
    if (!first.quoted && first.text.startsWith('$')) {
      const directive = first.text.toUpperCase()
      const argument = tokens[1]
      if (directive === '$ORIGIN' && argument !== undefined && tokens.length === 2) {
        currentOrigin = readName(argument, currentOrigin, entry.line, fail)
      } else if (directive === '$TTL' && argument !== undefined && tokens.length === 2) {
        defaultTtl = readTtl(argument.text) ?? fail(entry.line, `$TTL "${argument.text}" is not a TTL`)
      } else if (directive === '$ORIGIN' || directive === '$TTL') {
        fail(entry.line, `${directive} takes exactly one argument`)
      } else {
        fail(entry.line, `directive ${first.text} is not supported by the lab's zone reader`)
      }
      continue
    }

    let owner: string
    if (entry.blankOwner) {
      owner = lastOwner ?? fail(entry.line, 'the first record has no owner name')
    } else {
      owner = readName(tokens.shift() as Token, currentOrigin, entry.line, fail)
    }
    let ttl: number | undefined
    let sawClass = false
    let type: string | undefined
    while (type === undefined) {
      const token = tokens.shift() ?? fail(entry.line, `record for ${owner} has no type`)
      const word = token.text.toUpperCase()
      const asTtl = token.quoted ? undefined : readTtl(token.text)
      if (asTtl !== undefined && ttl === undefined) ttl = asTtl
      else if (word === 'IN' && !sawClass) sawClass = true
      else if (word === 'CH' || word === 'HS' || word === 'CS') fail(entry.line, `class ${word} is not supported (only IN)`)
      else if (SUPPORTED_TYPES.has(word)) type = word
      else fail(entry.line, `unknown or unsupported record type "${token.text}" (supported: ${[...SUPPORTED_TYPES].join(', ')})`)
    }
    if (ttl === undefined) ttl = defaultTtl ?? lastTtl
    if (ttl === undefined) fail(entry.line, 'no TTL: give one on the record or with $TTL')
    lastTtl = ttl
    lastOwner = owner
    const data = readRdata(type, tokens, currentOrigin, entry.line, fail)
    records.push({ name: owner, type, ttl, class: 'IN', data } as ZoneRecord)
  }
  return { origin, records }
}

type Fail = (line: number, message: string) => never

function readRdata(type: string, tokens: Token[], origin: string, line: number, fail: Fail): ZoneRecord['data'] {
  const expect = (count: number): void => {
    if (tokens.length !== count) fail(line, `${type} takes ${count} field${count === 1 ? '' : 's'}, found ${tokens.length}`)
  }
  const first = tokens[0] as Token
  switch (type) {
    case 'A':
      expect(1)
      if (!isIPv4(first.text)) fail(line, `"${first.text}" is not an IPv4 address`)
      return first.text
    case 'AAAA':
      expect(1)
      if (!isIPv6(first.text)) fail(line, `"${first.text}" is not an IPv6 address`)
      return first.text
    case 'NS':
    case 'CNAME':
    case 'PTR':
      expect(1)
      return readName(first, origin, line, fail)
    case 'MX': {
      expect(2)
      const preference = Number(first.text)
      if (!/^\d+$/.test(first.text) || preference > 65535) fail(line, `MX preference "${first.text}" is not 0–65535`)
      return { preference, exchange: readName(tokens[1] as Token, origin, line, fail) }
    }
    case 'TXT':
      if (tokens.length === 0) fail(line, 'TXT needs at least one string')
      return tokens.map((token) => {
        const bytes = Buffer.from(token.text, 'latin1')
        if (bytes.length > 255) fail(line, `TXT string of ${bytes.length} bytes is longer than 255`)
        return bytes
      })
    case 'SOA': {
      expect(7)
      const numbers = tokens.slice(2).map((token, index) => {
        const value = index === 0 ? readSerial(token.text) : readTtl(token.text)
        return value ?? fail(line, `SOA field "${token.text}" is not a number`)
      })
      const [serial, refresh, retry, expire, minimum] = numbers as [number, number, number, number, number]
      return {
        mname: readName(first, origin, line, fail),
        rname: readName(tokens[1] as Token, origin, line, fail),
        serial,
        refresh,
        retry,
        expire,
        minimum,
      }
    }
    default:
      return fail(line, `unsupported type ${type}`)
  }
}

/** "@", relative and absolute names; labels of letters, digits, "-" and "_" (what the lab uses). */
function readName(token: Token, origin: string, line: number, fail: Fail): string {
  const text = token.text
  if (token.quoted) fail(line, `a name cannot be quoted: "${text}"`)
  if (text === '@') return origin
  if (text.includes('\\')) fail(line, `escapes in names are not supported: ${text}`)
  const absolute = text.endsWith('.')
  const relativePart = absolute ? text.slice(0, -1) : text
  if (relativePart !== '') {
    for (const label of relativePart.split('.')) {
      if (label === '') fail(line, `empty label in "${text}"`)
      if (label === '*') fail(line, `wildcard names are not supported by the lab server: ${text}`)
      if (label.length > 63) fail(line, `label "${label}" is longer than 63 characters`)
      if (!/^[A-Za-z0-9_-]+$/.test(label)) fail(line, `label "${label}" has characters other than letters, digits, "-" and "_"`)
    }
  }
  const name = absolute ? canonicalName(text) : joinName(relativePart, origin)
  // The presentation form (final dot) is one octet shorter than the wire form.
  if (name.length > 254) fail(line, `name ${name} is longer than 255 bytes on the wire`)
  return name
}

/** Seconds, or BIND's units: 1w2d3h4m5s. Undefined when the token is not a TTL. */
function readTtl(text: string): number | undefined {
  let seconds: number
  if (/^\d+$/.test(text)) {
    seconds = Number(text)
  } else if (/^(\d+[wdhms])+$/i.test(text)) {
    const unit: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 }
    seconds = 0
    for (const [, count, letter] of text.toLowerCase().matchAll(/(\d+)([wdhms])/g)) {
      seconds += Number(count) * (unit[letter as string] as number)
    }
  } else {
    return undefined
  }
  return seconds <= MAX_TTL ? seconds : undefined
}

function readSerial(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined
  const value = Number(text)
  return value <= 0xffffffff ? value : undefined
}

/** Splits the text into entries (one per record or directive, parentheses joining lines). */
function tokenize(text: string, fail: Fail): Entry[] {
  const entries: Entry[] = []
  let line = 1
  let index = 0
  let depth = 0
  let entry: Entry | undefined
  let atLineStart = true

  const startEntryIfNeeded = (blankOwner: boolean): Entry => {
    if (entry === undefined) {
      entry = { line, blankOwner, tokens: [] }
      entries.push(entry)
    }
    return entry
  }

  while (index < text.length) {
    const char = text[index] as string
    if (char === '\n') {
      line += 1
      index += 1
      if (depth === 0) entry = undefined
      atLineStart = true
      continue
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      // A line that starts with blanks continues the previous owner (only at the start of an entry).
      if (atLineStart && depth === 0 && entry === undefined && char !== '\r') {
        const rest = text.slice(index).match(/^[ \t]*([^\s;])/)
        if (rest !== null) startEntryIfNeeded(true)
      }
      atLineStart = false
      index += 1
      continue
    }
    atLineStart = false
    if (char === ';') {
      while (index < text.length && text[index] !== '\n') index += 1
      continue
    }
    if (char === '(') {
      startEntryIfNeeded(false)
      depth += 1
      index += 1
      continue
    }
    if (char === ')') {
      if (depth === 0) fail(line, 'unbalanced ")"')
      depth -= 1
      index += 1
      continue
    }
    const current = startEntryIfNeeded(false)
    if (char === '"') {
      const start = line
      let value = ''
      index += 1
      while (true) {
        if (index >= text.length) fail(start, 'unterminated quoted string')
        const c = text[index] as string
        if (c === '"') {
          index += 1
          break
        }
        if (c === '\n') line += 1
        if (c === '\\') {
          const digits = text.slice(index + 1, index + 4)
          if (/^\d{3}$/.test(digits)) {
            const code = Number(digits)
            if (code > 255) fail(line, `escape \\${digits} is not a byte`)
            value += String.fromCharCode(code)
            index += 4
          } else {
            if (index + 1 >= text.length) fail(line, 'unterminated escape')
            value += text[index + 1]
            index += 2
          }
          continue
        }
        // TXT bytes: keep UTF-8 as its bytes (latin1 string, one char per byte), a whole code
        // point at a time so characters outside the BMP keep both halves.
        const character = String.fromCodePoint(text.codePointAt(index) as number)
        value += Buffer.from(character, 'utf8').toString('latin1')
        index += character.length
      }
      current.tokens.push({ text: value, quoted: true })
      continue
    }
    let end = index
    while (end < text.length && !/[\s;()"]/.test(text[end] as string)) end += 1
    current.tokens.push({ text: text.slice(index, end), quoted: false })
    index = end
  }
  if (depth !== 0) fail(line, 'unbalanced "(": the file ends inside parentheses')
  return entries
}

/** Checks what a server needs: one SOA at the apex, NS at the apex, nothing outside the zone, and a
 * CNAME alone at its name (RFC 1034 §3.6.2). */
export function checkZone(zone: ParsedZone, file: string): void {
  const invalid = (message: string): never => {
    throw new LabError('LAB_ZONE_INVALID', `${file}: ${message}`, { file })
  }
  const soas = zone.records.filter((r) => r.type === 'SOA')
  if (soas.length !== 1 || soas[0]?.name !== zone.origin) {
    invalid(`zone ${zone.origin} needs exactly one SOA record at its apex (found ${soas.length})`)
  }
  if (!zone.records.some((r) => r.type === 'NS' && r.name === zone.origin)) {
    invalid(`zone ${zone.origin} has no NS record at its apex`)
  }
  const typesByName = new Map<string, Set<string>>()
  for (const record of zone.records) {
    if (!isAtOrBelow(record.name, zone.origin)) {
      invalid(`${record.name} ${record.type} is outside zone ${zone.origin}`)
    }
    const types = typesByName.get(record.name) ?? new Set<string>()
    types.add(record.type)
    typesByName.set(record.name, types)
  }
  for (const [name, types] of typesByName) {
    if (types.has('CNAME') && types.size > 1) invalid(`${name} has a CNAME and other data`)
  }
}
