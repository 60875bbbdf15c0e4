// Characters nobody can see in a message or a note (controls, format characters such as U+200B or
// U+202E, unusual spaces) are written as "[U+XXXX]", so the text shown is the text meant.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Z}]/u
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu')

export function codePointName(ch: string): string {
  return `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`
}

export function isInvisible(ch: string): boolean {
  return ch !== ' ' && INVISIBLE.test(ch)
}

export function visible(text: string): string {
  return text.replace(INVISIBLE_ALL, (ch) => (ch === ' ' ? ch : `[${codePointName(ch)}]`))
}
