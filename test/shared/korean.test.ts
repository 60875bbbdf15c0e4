// The particle helper around es-hangul: how the end of a filled-in word is read (digits as a Korean
// numeral, Latin letters by their names, Hangul as written; brackets and punctuation skipped) and
// which particle that reading takes.
import { describe, expect, it } from 'vitest'
import { hasUnresolvedParticle, particleFor, readingOfEnd, withParticle, withParticles } from '../../src-main/shared/korean.ts'

describe('readingOfEnd', () => {
  it('reads the trailing number as a Korean numeral', () => {
    expect(readingOfEnd('63')).toBe('육십삼')
    expect(readingOfEnd('127.53.0.1:10053')).toMatch(/오십삼$/)
    expect(readingOfEnd('포트 34980')).toMatch(/팔십$/)
    expect(readingOfEnd('0')).toBe('영')
    expect(readingOfEnd('HTTP/1.1')).toBe('일')
    // More digits than a JavaScript number holds exactly: the end is still read.
    expect(readingOfEnd('123456789012345678903')).toMatch(/삼$/)
  })

  it('reads Latin letters by their Korean names, and skips punctuation and a bracketed aside', () => {
    expect(readingOfEnd('FIN')).toBe('엔')
    expect(readingOfEnd('sample.htm')).toBe('엠')
    expect(readingOfEnd('www.lab.cyber.co.kr.')).toBe('알')
    expect(readingOfEnd('"GET / HTTP/1.1"')).toBe('일')
    expect(readingOfEnd('루트(.)')).toBe('트')
    expect(readingOfEnd('서버(127.53.0.1)')).toBe('버')
    expect(readingOfEnd('...')).toBeNull()
  })
})

describe('particles', () => {
  it('picks the particle the reading takes (the issue\'s examples)', () => {
    expect(withParticle('127.53.0.1:10053', '이/가')).toBe('127.53.0.1:10053이')
    expect(withParticle('디스크립터 63', '을/를')).toBe('디스크립터 63을')
    expect(withParticle('포트 34980', '은/는')).toBe('포트 34980은')
    expect(withParticle('FIN', '으로/로')).toBe('FIN으로')
    // HTTP methods said as words: GET (겟) and PUT (풋) end in a consonant; POST (포스트) and HEAD (헤드) do not.
    expect(withParticle('GET', '은/는')).toBe('GET은')
    expect(withParticle('PUT', '을/를')).toBe('PUT을')
    expect(withParticle('POST', '은/는')).toBe('POST는')
    expect(withParticle('HEAD', '은/는')).toBe('HEAD는')
    expect(withParticle('sample.htm', '을/를')).toBe('sample.htm을')
    expect(withParticle('RST', '으로/로')).toBe('RST로')
    expect(withParticle('서울', '으로/로')).toBe('서울로')
    expect(withParticle('7', '으로/로')).toBe('7로')
    expect(withParticle('8082', '와/과')).toBe('8082와')
    expect(particleFor('서버', '이/가')).toBe('가')
  })

  it('resolves every both-ways form in a sentence by the word before it', () => {
    expect(withParticles('127.53.0.1:10053이(가) kr.을(를) 소개하고 RST(으)로 끊는다')).toBe('127.53.0.1:10053이 kr.을 소개하고 RST로 끊는다')
    expect(withParticles('서버는(은) 포트 8080과(와) 소켓와(과)')).toBe('서버는 포트 8080과 소켓과')
    expect(hasUnresolvedParticle('파일을(를)')).toBe(true)
    expect(hasUnresolvedParticle(withParticles('파일을(를)'))).toBe(false)
    // Text without a both-ways form is returned as it is.
    expect(withParticles('그대로 (괄호) 둔다')).toBe('그대로 (괄호) 둔다')
  })
})
