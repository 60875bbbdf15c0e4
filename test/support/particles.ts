// Checks the Korean particles after values filled into a template. The expected ending of each test
// value is written by hand here (how a Korean reader says its last syllable), not computed by the
// helper under test: 63 육십삼 (consonant), 8082 팔천팔십이 (vowel), FIN …엔 (consonant), kr …알
// (ㄹ: 로 but 은/이/을/과), 서버 (vowel), 사진 (consonant).
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'

export type Ending = 'consonant' | 'vowel' | 'rieul'

export interface TestValue {
  text: string
  ending: Ending
}

/** Particle → its pair and the ending it belongs after ('rieul' counts as a consonant except
 * before 로). Longest first. */
const PARTICLES: readonly { form: string; after: (e: Ending) => boolean; pair: string }[] = [
  { form: '으로', after: (e) => e === 'consonant', pair: '으로/로' },
  { form: '로', after: (e) => e !== 'consonant', pair: '으로/로' },
  { form: '은', after: (e) => e !== 'vowel', pair: '은/는' },
  { form: '는', after: (e) => e === 'vowel', pair: '은/는' },
  { form: '이', after: (e) => e !== 'vowel', pair: '이/가' },
  { form: '가', after: (e) => e === 'vowel', pair: '이/가' },
  { form: '을', after: (e) => e !== 'vowel', pair: '을/를' },
  { form: '를', after: (e) => e === 'vowel', pair: '을/를' },
  { form: '과', after: (e) => e !== 'vowel', pair: '와/과' },
  { form: '와', after: (e) => e === 'vowel', pair: '와/과' },
]

const isHangul = (c: string | undefined) => c !== undefined && c >= '가' && c <= '힣'
const isWordChar = (c: string | undefined) => c !== undefined && /[0-9A-Za-z_-]/.test(c)

/** Every wrong or undecided particle in `text`, after any of `values`, as readable messages. */
export function particleProblems(text: string, values: readonly TestValue[]): string[] {
  const problems: string[] = []
  if (hasUnresolvedParticle(text)) problems.push(`both-ways particle left in: ${text}`)
  for (const value of values) {
    let from = 0
    for (;;) {
      const at = text.indexOf(value.text, from)
      if (at < 0) break
      from = at + 1
      let end = at + value.text.length
      // Not this value but a longer word that starts with it.
      if (isWordChar(text[end]) && isWordChar(value.text[value.text.length - 1])) continue
      // A parenthesised aside between the value and its particle belongs to the value.
      if (text[end] === '(') {
        const close = text.indexOf(')', end)
        if (close > 0 && !hasUnresolvedParticle(text.slice(end, close + 1))) end = close + 1
      }
      const particle = PARTICLES.find((p) => text.startsWith(p.form, end) && !isHangul(text[end + p.form.length]))
      if (!particle) continue
      if (!particle.after(value.ending)) problems.push(`"${value.text}${particle.form}" (${value.ending} ending needs the other form of ${particle.pair}) in: ${text}`)
    }
  }
  return problems
}
