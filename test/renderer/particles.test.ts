// Every Korean message with a placeholder, rendered through the app's i18n with numbers, Latin names
// and Hangul names in every placeholder: the particle after each value is the one its reading takes
// and no both-ways form (을(를)) is left on screen.
import { describe, expect, it } from 'vitest'
import { createWiretrailI18n } from '../../src-renderer/i18n/index.ts'
import { ko } from '../../src-renderer/i18n/ko.ts'
import { particleProblems, type TestValue } from '../support/particles.ts'

type Tree = { [key: string]: string | Tree }
function leaves(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`)))
}

const VALUES: TestValue[] = [
  { text: '63', ending: 'consonant' }, // 육십삼
  { text: '8082', ending: 'vowel' }, // 팔천팔십이
  { text: '127.53.0.1:10053', ending: 'consonant' },
  { text: '7', ending: 'rieul' }, // 칠
  { text: 'sample.htm', ending: 'consonant' }, // 엠
  { text: 'gazou.jpg', ending: 'vowel' }, // 지
  { text: 'FIN', ending: 'consonant' }, // 엔
  { text: 'www.lab.cyber.co.kr', ending: 'rieul' }, // 알
  { text: '서버', ending: 'vowel' },
  { text: '사진첩', ending: 'consonant' },
  { text: '자료실', ending: 'rieul' },
]

describe('Korean particles in every message with a placeholder', () => {
  const templates = leaves(ko as unknown as Tree).filter(([, text]) => /\{[a-zA-Z]+\}/.test(text))

  it('finds the templates', () => {
    expect(templates.length).toBeGreaterThan(30)
  })

  for (const value of VALUES) {
    it(`after "${value.text}" (${value.ending} ending)`, () => {
      const i18n = createWiretrailI18n('ko')
      const problems: string[] = []
      for (const [key, template] of templates) {
        const params = Object.fromEntries([...template.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => [m[1]!, value.text]))
        const shown = i18n.global.t(key, params)
        problems.push(...particleProblems(shown, [value]).map((p) => `${key}: ${p}`))
      }
      expect(problems).toEqual([])
    })
  }
})
