// The walkthrough as text (`wiretrail inspect --lang ko`, the app's "Export the walkthrough as text"):
// in Korean, the entity tables' words are Korean too, not only the headings and the steps; the
// figures, addresses, frame numbers and protocol words are the same in both languages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, type AnalyzedCapture } from '../../src-main/analyzer/index.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

/** English words of the entity tables that were left in the Korean text. */
const ENGLISH = [
  'bytes sent',
  ' received',
  'address from resolution',
  'not visible on the wire',
  'no handshake in the capture',
  ' segments',
  ' by client at',
  ' by server at',
  'still open at the end of the capture',
  'no response',
  'unanswered',
  'sub-resolution of',
  'used by connection',
  'TTL left',
  '[frames ',
  ', body ',
  'decoded)',
  'caused by #',
  'connection 0:',
  '(no SNI)',
  'certificate ',
]

/** The lines after a heading, up to the next blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.startsWith(heading))
  expect(at, heading).toBeGreaterThanOrEqual(0)
  const end = lines.indexOf('', at)
  return lines.slice(at + 1, end < 0 ? undefined : end)
}

describe('the walkthrough as text, in Korean', () => {
  const opened: AnalyzedCapture[] = []
  let espn = { en: '', ko: '' }
  let tls = { en: '', ko: '' }
  beforeAll(async () => {
    for (const file of ['http-espn-pageload-images-gzip.pcapng', 'tls12-ecdhe.pcap']) opened.push(await analyzeCapture(`${CORPUS_DIR}/${file}`))
    espn = { en: await opened[0]!.text('en'), ko: await opened[0]!.text('ko') }
    tls = { en: await opened[1]!.text('en'), ko: await opened[1]!.text('ko') }
  }, 60_000)
  afterAll(async () => {
    for (const a of opened) await a.close()
  })

  it('writes the tables of DNS, resolutions, connections, HTTP and TLS in Korean words', () => {
    const tables = (t: string, headings: string[]) => headings.flatMap((h) => section(t, h)).join('\n')
    const ko = tables(espn.ko, ['DNS 트랜잭션', '이름 조회', 'TCP 커넥션', 'HTTP 교환']) + tables(tls.ko, ['TCP 커넥션', 'TLS 세션'])
    for (const words of ENGLISH) expect(ko, words).not.toContain(words)
    expect(ko).toMatch(/보낸 바이트 \d+, 받은 바이트 \d+/)
    expect(ko).toContain('패킷에 보이지 않음(운영체제 안에서 일어남)')
    expect(ko).toMatch(/세그먼트 \d+개/)
    expect(ko).toMatch(/(클라이언트|서버)의 (FIN|RST), \d+\.\d{6}s/)
    expect(ko).toMatch(/본문 \d+바이트\(디코딩하면 \d+바이트\)/)
    expect(ko).toMatch(/ms 만에 \[프레임 \d+\/\d+\]/)
    expect(ko).toMatch(/#0 커넥션 \d+: \(SNI 없음\)/)
    expect(hasUnresolvedParticle(espn.ko)).toBe(false)
  })

  it('keeps the figures: each Korean table line carries the English line’s numbers and addresses', () => {
    for (const [t, headings] of [
      [espn, ['DNS transactions', 'TCP connections', 'HTTP exchanges']],
      [tls, ['TLS sessions']],
    ] as const) {
      const ko = { 'DNS transactions': 'DNS 트랜잭션', 'TCP connections': 'TCP 커넥션', 'HTTP exchanges': 'HTTP 교환', 'TLS sessions': 'TLS 세션' }
      for (const h of headings) {
        const en = section(t.en, h)
        const kr = section(t.ko, ko[h])
        expect(kr.length, h).toBe(en.length)
        expect(en.length).toBeGreaterThan(0)
        const figures = (line: string) => line.match(/\d+(\.\d+)*(:\d+)?/g) ?? []
        // The same numbers in the same order, except where Korean writes a count before its noun.
        for (let i = 0; i < en.length; i++) expect(new Set(figures(kr[i]!)), `${h} line ${i}`).toEqual(new Set(figures(en[i]!)))
      }
    }
    // English is as it was.
    expect(section(espn.en, 'TCP connections').join('\n')).toMatch(/bytes sent, \d+ received/)
    expect(espn.en).toContain('not visible on the wire')
  })
})
