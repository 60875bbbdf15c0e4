// Korean particles (조사) after words that are filled in at run time: "디스크립터 63을",
// "127.53.0.1:10053이", "FIN으로", "sample.htm을", "서버가". es-hangul's josa picks the particle
// for a Hangul word; this module decides how the *end of any word is read aloud* and hands that
// reading to es-hangul, because a particle follows the sound, not the spelling:
//
//   - Hangul: the last syllable itself.
//   - Digits: the trailing run of digits read as a Korean numeral (es-hangul's numberToHangul):
//     63 → 육십삼 → 을, 10053 → 만오십삼 → 이, 34980 → 삼만사천구백팔십 → 은, 8080 → 팔천팔십 → 은,
//     7 → 칠 → 로 (ㄹ takes 로, as es-hangul knows). An IP address or a port is read that way too
//     (127.53.4.80 → …팔십), and so is the last part of a version or decimal (1.1 → 일).
//   - Latin letters: the letter's Korean name (the way Korean speakers spell out abbreviations and
//     file extensions): FIN → …엔 → 으로, RST → …티 → 로, sample.htm → …엠 → 을, kr → …알 → 이,
//     URL → …엘 → 을. A Latin word pronounced as an English word may end differently ("lab" said
//     as 랩); spelling out the last letter is the rule readers of technical Korean expect for
//     names, addresses and abbreviations, and it is the one that is right for every protocol name
//     the app prints.
//     The exceptions are the HTTP methods said as English words whose last sound differs from the
//     last letter's name: GET (겟, not …티: "GET은") and PUT (풋: "PUT은"); the others end as
//     their last letter does (POST → 포스트/티, HEAD → 헤드/디, DELETE, OPTIONS, TRACE, CONNECT).
//   - Punctuation, quotes, spaces, a trailing "." (root of a DNS name) are skipped; a trailing
//     parenthesised group is skipped as a whole, because the particle belongs to the word before
//     the brackets ("루트(.)를", "서버(127.53.0.1)가").
//
// Templates write the particle in its usual both-ways form — 을(를), 이(가), 은(는), 와(과), (으)로 —
// and `withParticles` replaces each with the one the preceding word takes. The both-ways form is
// what Korean software prints when it cannot decide, so a template is readable as written, and a
// test (test/shared/korean.test.ts) checks that no rendered text keeps one.
import { josa, numberToHangul } from 'es-hangul'

/** The pairs es-hangul knows that templates use. */
export type ParticlePair = '이/가' | '을/를' | '은/는' | '와/과' | '으로/로' | '이나/나' | '이라/라' | '이란/란'

/** Korean names of the Latin letters: only their last syllable matters here. */
const LETTER_NAMES: Readonly<Record<string, string>> = {
  a: '에이', b: '비', c: '씨', d: '디', e: '이', f: '에프', g: '지', h: '에이치', i: '아이', j: '제이', k: '케이', l: '엘', m: '엠',
  n: '엔', o: '오', p: '피', q: '큐', r: '알', s: '에스', t: '티', u: '유', v: '브이', w: '더블유', x: '엑스', y: '와이', z: '제트',
}

/** Whole Latin words read as English words where that reading ends unlike the last letter's name. */
const WORDS_SAID_AS_WORDS: Readonly<Record<string, string>> = { get: '겟', put: '풋' }

const isHangulSyllable = (c: string) => c >= '가' && c <= '힣'
const isDigit = (c: string) => c >= '0' && c <= '9'
const isLatin = (c: string) => /^[A-Za-z]$/.test(c)
/** numberToHangul reads exactly up to 15 digits (JavaScript numbers are exact to 2^53). */
const MAX_NUMERAL_DIGITS = 15

/** How the end of `word` is read aloud, as Hangul (only its last syllable matters), or null when
 * nothing in it is read (no letter, digit or Hangul at all). */
export function readingOfEnd(word: string): string | null {
  let i = word.length - 1
  let depth = 0
  // A bounded backwards scan: each character is looked at once.
  for (; i >= 0; i--) {
    const c = word[i]!
    if (c === ')' || c === ']') {
      depth++
      continue
    }
    if ((c === '(' || c === '[') && depth > 0) {
      depth--
      continue
    }
    if (depth > 0) continue
    if (isHangulSyllable(c)) return c
    if (isLatin(c)) {
      let start = i
      while (start > 0 && isLatin(word[start - 1]!)) start--
      return WORDS_SAID_AS_WORDS[word.slice(start, i + 1).toLowerCase()] ?? LETTER_NAMES[c.toLowerCase()]!
    }
    if (isDigit(c)) {
      let start = i
      while (start > 0 && isDigit(word[start - 1]!)) start--
      let digits = word.slice(start, i + 1).replace(/^0+(?=\d)/, '')
      // Longer runs: the last 15 digits decide how the number ends unless all of them are 0, when
      // the reading ends in a unit word (조, 경, …); keep a leading 1 so numberToHangul says one.
      if (digits.length > MAX_NUMERAL_DIGITS) digits = `1${digits.slice(-(MAX_NUMERAL_DIGITS - 1))}`
      return numberToHangul(Number(digits))
    }
  }
  return null
}

/** `word` followed by the particle of `pair` its reading takes ("63" + 을/를 → "63을"). */
export function withParticle(word: string, pair: ParticlePair): string {
  return `${word}${particleFor(word, pair)}`
}

/** Just the particle ("을" or "를"). A word with nothing readable takes the first form after a
 * consonant-less reading, as es-hangul does for an empty word. */
export function particleFor(word: string, pair: ParticlePair): string {
  const reading = readingOfEnd(word)
  return reading === null ? pair.split('/')[0]! : josa.pick(reading, pair)
}

/** The both-ways forms a template may write, and the pair each stands for. Longest first, so
 * "(으)로" wins over nothing and "(이)라" over "(이)나". */
const MARKERS: readonly (readonly [string, ParticlePair])[] = [
  ['을(를)', '을/를'],
  ['를(을)', '을/를'],
  ['이(가)', '이/가'],
  ['가(이)', '이/가'],
  ['은(는)', '은/는'],
  ['는(은)', '은/는'],
  ['과(와)', '와/과'],
  ['와(과)', '와/과'],
  ['(으)로', '으로/로'],
  ['(이)나', '이나/나'],
  ['(이)라', '이라/라'],
  ['(이)란', '이란/란'],
]
const MARKER_PATTERN = new RegExp(MARKERS.map(([m]) => m.replace(/[()]/g, '\\$&')).join('|'), 'g')
const PAIR_OF = new Map(MARKERS)

/** Replaces every both-ways particle in `text` with the one the word just before it takes. */
export function withParticles(text: string): string {
  if (!text.includes('(')) return text
  return text.replace(MARKER_PATTERN, (marker, offset: number) => particleFor(text.slice(0, offset), PAIR_OF.get(marker)!))
}

/** True when `text` still holds a both-ways particle (what tests look for in rendered text). */
export function hasUnresolvedParticle(text: string): boolean {
  MARKER_PATTERN.lastIndex = 0
  return MARKER_PATTERN.test(text)
}
