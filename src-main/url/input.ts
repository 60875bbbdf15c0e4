// What a browser does to typed text before it parses it as a URL (WHATWG URL, "basic URL parser",
// first steps): it strips leading and trailing C0 controls and spaces (U+0000–U+0020, not other
// Unicode spaces) and removes every tab, line feed and carriage return inside. The parser then runs
// on the cleaned text; Wiretrail keeps a map back to the typed text so every part and every repair
// note can point at the characters the user actually typed.

export interface CleanedInput {
  /** The typed text without leading/trailing C0 controls and spaces: what offsets refer to. */
  input: string
  /** `input` without tabs and newlines: what the URL parser reads. */
  cleaned: string
  /** For each code unit of `cleaned` (and one past its end), its offset in `input`. */
  offsets: number[]
  /** Offsets in `input` of the tabs, line feeds and carriage returns removed. */
  removed: number[]
  /** Leading/trailing characters stripped that were not plain spaces (controls): [code, where]. */
  strippedControls: number
}

const isC0OrSpace = (code: number): boolean => code <= 0x20
const isTabOrNewline = (code: number): boolean => code === 0x09 || code === 0x0a || code === 0x0d

export function cleanInput(typed: string): CleanedInput {
  let start = 0
  let end = typed.length
  while (start < end && isC0OrSpace(typed.charCodeAt(start))) start += 1
  while (end > start && isC0OrSpace(typed.charCodeAt(end - 1))) end -= 1
  let strippedControls = 0
  for (let i = 0; i < typed.length; i += 1) {
    if ((i < start || i >= end) && typed.charCodeAt(i) !== 0x20) strippedControls += 1
  }
  const input = typed.slice(start, end)
  let cleaned = ''
  const offsets: number[] = []
  const removed: number[] = []
  for (let i = 0; i < input.length; i += 1) {
    if (isTabOrNewline(input.charCodeAt(i))) {
      removed.push(i)
      continue
    }
    cleaned += input[i]
    offsets.push(i)
  }
  offsets.push(input.length)
  return { input, cleaned, offsets, removed, strippedControls }
}

/** The [start, end) range in `input` that covers cleaned[start, end). */
export function inputRange(clean: CleanedInput, start: number, end: number): { start: number; end: number } {
  const from = clean.offsets[start] as number
  if (end <= start) return { start: from, end: from }
  return { start: from, end: (clean.offsets[end - 1] as number) + 1 }
}
