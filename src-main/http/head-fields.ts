// A message head's header fields as places in the head's text: each field is where its line, its
// name and its value lie, and a name or a value becomes a string only when something reads it. The
// analyzer reads a million heads of a large capture and looks at a handful of their fields (the
// framing ones, Host, Content-Type…); a string and an object for every field of every head were most
// of what reading a head cost and left behind. The framer (framer.ts) and the detail view's head
// parser (decode/http.ts) both keep a head's fields this way, and every reader asks through it.

/** One header field, made when read (iteration, the detail view's tree). */
export interface HttpField {
  name: string
  value: string
  /** Where the field's line starts (the framer: from the message's first byte; the detail view:
   * in the frame), and the line's length with its end (and any continuation lines). */
  offset: number
  length: number
}

/** Numbers kept per field: the line's offset and length, then the name's and the value's
 * [start, end) in the head's text. */
const SLOTS = 6

/** The fields asked of nearly every head: the three that frame a message (framer.ts), the content
 * coding (the analyzer's body counting) and the exchange's columns (analyzer/trackers/http.ts).
 * Asking for each by name walked every field once per name, five or six walks a head; the first
 * such question finds all of them in one walk (`known`). Their lengths differ, so a field's name
 * length alone says which one it could be. */
export const KNOWN_FIELDS = ['host', 'referer', 'connection', 'content-type', 'content-length', 'content-encoding', 'transfer-encoding'] as const
export type KnownField = (typeof KNOWN_FIELDS)[number]
const LONGEST_KNOWN = 17
/** A known field's slot by its name's length (-1: no known name is that long). */
const KNOWN_BY_LENGTH = new Int8Array(LONGEST_KNOWN + 1).fill(-1)
for (let slot = 0; slot < KNOWN_FIELDS.length; slot++) KNOWN_BY_LENGTH[KNOWN_FIELDS[slot]!.length] = slot
const NONE_KNOWN: readonly number[] = KNOWN_FIELDS.map(() => -1)

export class HeadFields implements Iterable<HttpField> {
  constructor(
    /** The head's text (one character per byte) that the ranges point into. */
    private readonly text: string,
    /** SLOTS numbers a field, in order. */
    private readonly ranges: readonly number[],
    /** Values that are not one range of the text (obs-fold joined continuation lines): rare. */
    private readonly joined: ReadonlyMap<number, string> | null = null,
  ) {}

  get length(): number {
    return this.ranges.length / SLOTS
  }

  name(k: number): string {
    return this.text.slice(this.ranges[k * SLOTS + 2], this.ranges[k * SLOTS + 3])
  }

  value(k: number): string {
    const joined = this.joined?.get(k)
    return joined ?? this.text.slice(this.ranges[k * SLOTS + 4], this.ranges[k * SLOTS + 5])
  }

  offset(k: number): number {
    return this.ranges[k * SLOTS]!
  }

  lineLength(k: number): number {
    return this.ranges[k * SLOTS + 1]!
  }

  /** Whether field k's name is `lower` (lower case), ignoring case, read in place. */
  nameIs(k: number, lower: string): boolean {
    return lowerCaseIs(this.text, this.ranges[k * SLOTS + 2]!, this.ranges[k * SLOTS + 3]!, lower)
  }

  /** The first value of the field named `name` (any case), or null. */
  get(name: string): string | null {
    const lower = name.toLowerCase()
    for (let k = 0, n = this.length; k < n; k++) if (this.nameIs(k, lower)) return this.value(k)
    return null
  }

  /** The first value of the known field `name` (any case), or null: what get(name) gives. */
  first(name: KnownField): string | null {
    const at = this.known()[KNOWN_BY_LENGTH[name.length]!]!
    return at < 0 ? null : this.value(at)
  }

  /** Every value of the known field `name` (any case), in order, or null when there is none. */
  all(name: KnownField): string[] | null {
    const slot = KNOWN_BY_LENGTH[name.length]!
    const at = this.known()[slot]!
    if (at < 0) return null
    // Nearly always there once: its list without a second walk.
    return this.repeated & (1 << slot) ? this.values(name) : [this.value(at)]
  }

  /** Where each known field is first (-1: absent), found in one walk when first asked. */
  private firstKnown: number[] | null = null
  /** Bit `slot`: the known field is there more than once. */
  private repeated = 0

  private known(): number[] {
    if (this.firstKnown !== null) return this.firstKnown
    const first = NONE_KNOWN.slice()
    const r = this.ranges
    for (let k = 0, n = this.length; k < n; k++) {
      const start = r[k * SLOTS + 2]!
      const end = r[k * SLOTS + 3]!
      if (end - start > LONGEST_KNOWN) continue
      const slot = KNOWN_BY_LENGTH[end - start]!
      if (slot < 0 || !lowerCaseIs(this.text, start, end, KNOWN_FIELDS[slot]!)) continue
      if (first[slot]! < 0) first[slot] = k
      else this.repeated |= 1 << slot
    }
    this.firstKnown = first
    return first
  }

  /** Every value of the field named `name` (any case), in order. */
  values(name: string): string[] {
    const lower = name.toLowerCase()
    const out: string[] = []
    for (let k = 0, n = this.length; k < n; k++) if (this.nameIs(k, lower)) out.push(this.value(k))
    return out
  }

  *[Symbol.iterator](): Iterator<HttpField> {
    for (let k = 0, n = this.length; k < n; k++) yield { name: this.name(k), value: this.value(k), offset: this.offset(k), length: this.lineLength(k) }
  }
}

/** Collects the ranges of a head's fields as its lines are read (the framer reads the lines' bytes
 * before the head's text exists); `take(text)` gives them over the head's text once it is known. */
export class HeadFieldRanges {
  /** SLOTS numbers a field, in ranges[0, used): an array reused head after head (the heads take
   * copies of exactly their length, not an array grown field by field), held only while a head is
   * being read: between heads it goes back to SPARE_RANGES. Each framer kept its own at the size of
   * its largest head: on a million packets ≈ 27 000 framers of connections that never close held
   * 18 MB of them to the pass's end, where a few arrays serve every head read at once. */
  private ranges: number[] | null = null
  private used = 0
  /** obs-fold continuation lines, [start, end) in the text, by field: rare. */
  private folds: Map<number, number[]> | null = null

  get length(): number {
    return this.used / SLOTS
  }

  /** A field line: its offset and length, its name in [nameStart, nameEnd) and its value in
   * [valueStart, valueEnd) of the head's text. */
  add(offset: number, length: number, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number): void {
    const r = (this.ranges ??= SPARE_RANGES.pop() ?? [])
    const at = this.used
    r[at] = offset
    r[at + 1] = length
    r[at + 2] = nameStart
    r[at + 3] = nameEnd
    r[at + 4] = valueStart
    r[at + 5] = valueEnd
    this.used = at + SLOTS
  }

  /** A continuation line, [start, end) in the head's text, joins the last field (obs-fold); its
   * line now ends `length` after the field's start. */
  fold(start: number, end: number, length: number): void {
    const k = this.length - 1
    this.ranges![k * SLOTS + 1] = length
    const folds = (this.folds ??= new Map())
    const list = folds.get(k)
    if (list) list.push(start, end)
    else folds.set(k, [start, end])
  }

  /** The fields read, over the head's `text`; collecting starts anew. */
  take(text: string): HeadFields {
    const fields = this.snapshot(text)
    this.clear()
    return fields
  }

  /** The fields read so far, over `text` (what comes later does not change them). */
  snapshot(text: string): HeadFields {
    let joined: Map<number, string> | null = null
    if (this.folds !== null) {
      joined = new Map()
      for (const [k, list] of this.folds) {
        let value = text.slice(this.ranges![k * SLOTS + 4], this.ranges![k * SLOTS + 5])
        for (let q = 0; q < list.length; q += 2) value = joinFolded(value, text.slice(list[q], list[q + 1]))
        joined.set(k, value)
      }
    }
    return new HeadFields(text, this.used === 0 || this.ranges === null ? NO_RANGES : this.ranges.slice(0, this.used), joined)
  }

  clear(): void {
    this.used = 0
    this.folds = null
    if (this.ranges !== null) {
      if (SPARE_RANGES.length < MAX_SPARE_RANGES) SPARE_RANGES.push(this.ranges)
      this.ranges = null
    }
  }
}

const NO_RANGES: readonly number[] = []
/** Range arrays no head is using (HeadFieldRanges takes one at a head's first field and gives it
 * back when the head is taken or cleared): as many as heads were read at once, in interleaved
 * pushes, and never more than MAX_SPARE_RANGES kept (each at most maxHeaders × SLOTS numbers). */
const SPARE_RANGES: number[][] = []
const MAX_SPARE_RANGES = 64

/** The fields of a head kept as text (one character per byte; the exchanges keep their heads so):
 * a line ends at each LF (a CR just before it is not the line's; the last line may have none, in a
 * head cut short), the first line (the request or status line) and lines without a colon after
 * their first character are not fields, and a name or a value is without what trim() takes. No
 * obs-fold joining: a continuation line with a colon reads as a field, as the display filter has
 * always read it. */
export function fieldsOfHeadText(text: string): HeadFields {
  const ranges = new HeadFieldRanges()
  let at = text.indexOf('\n')
  while (at >= 0 && at < text.length) {
    const start = at + 1
    const lf = text.indexOf('\n', start)
    const next = lf < 0 ? text.length : lf + 1
    const end = lf < 0 ? text.length : lf > start && text.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf
    const colon = text.indexOf(':', start)
    if (colon > start && colon < end) {
      let nameStart = start
      let nameEnd = colon
      while (nameStart < nameEnd && isTrimmed(text.charCodeAt(nameStart))) nameStart++
      while (nameEnd > nameStart && isTrimmed(text.charCodeAt(nameEnd - 1))) nameEnd--
      let valueStart = colon + 1
      let valueEnd = end
      while (valueStart < valueEnd && isTrimmed(text.charCodeAt(valueStart))) valueStart++
      while (valueEnd > valueStart && isTrimmed(text.charCodeAt(valueEnd - 1))) valueEnd--
      ranges.add(start, next - start, nameStart, nameEnd, valueStart, valueEnd)
    }
    at = lf
  }
  return ranges.take(text)
}

/** A field's value with an obs-fold continuation line joined (RFC 9112 §5.2): a recipient replaces
 * the line break with spaces, one per white-space byte that started the line (as llhttp keeps
 * them), and the value is trimmed of SP/HT again. */
export function joinFolded(value: string, line: string): string {
  return trimOws(`${value}${line.replace(/^[ \t]+/, (ws) => ' '.repeat(ws.length))}`)
}

function trimOws(text: string): string {
  return text.replace(/^[ \t]+|[ \t]+$/g, '')
}

/** Whether text[start, end) lower-cased is `lower`, without making the lower-case copy (every
 * head's fields are looked up several times). */
export function lowerCaseIs(text: string, start: number, end: number, lower: string): boolean {
  if (end - start !== lower.length) return false
  for (let i = 0; i < lower.length; i++) {
    let c = text.charCodeAt(start + i)
    // Beyond ASCII, as String.prototype.toLowerCase says.
    if (c >= 0x80) return text.slice(start, end).toLowerCase() === lower
    if (c >= 0x41 && c <= 0x5a) c += 0x20
    if (c !== lower.charCodeAt(i)) return false
  }
  return true
}

/** What String.prototype.trim removes, among the characters one byte decodes to (latin1: the
 * ASCII white space and line ends, and U+00A0). */
export function isTrimmed(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0
}
