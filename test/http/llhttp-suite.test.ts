// llhttp's response test suite (Node's HTTP parser, ../shared/peer-suites/llhttp-response) run
// through Wiretrail's one HTTP/1.x framer: the same status, header fields, body bytes and message
// ends where llhttp accepts, a coded error where llhttp refuses. Strict mode answers llhttp's
// default cases, tolerant mode its lenient-flag cases; each case is also fed one byte at a time.
import { describe, expect, it } from 'vitest'
import { HttpError } from '../../src-main/http/errors.ts'
import { compare, DOCUMENTED_DISAGREEMENTS, modeFor, readLlhttpSuite, runFramer } from './llhttp-suite.ts'

const cases = readLlhttpSuite()

describe('llhttp response suite', () => {
  it('reads all 85 cases of the 9 files', () => {
    expect(cases.length).toBe(85)
    expect(new Set(cases.map((c) => c.file)).size).toBe(9)
    expect(cases.filter((c) => modeFor(c) === 'tolerant').length).toBe(8)
  })

  it('agrees on every case but the documented one, fed whole and one byte at a time', () => {
    const outcomes = cases.map((c) => compare(c, runFramer(c)))
    const byteByByte = cases.map((c) => compare(c, runFramer(c, 1)))
    const disagreements = [...outcomes, ...byteByByte].filter((o) => o.agreement === 'disagree').map((o) => `${o.key}: ${o.detail}`)
    expect(disagreements).toEqual([])
    expect(outcomes.filter((o) => o.agreement === 'agree').length).toBe(84)
    expect(outcomes.filter((o) => o.agreement === 'documented').map((o) => o.key)).toEqual(Object.keys(DOCUMENTED_DISAGREEMENTS))
  })

  it('refuses exactly where llhttp does, with a stable code and the byte named', () => {
    const refused = cases.filter((c) => c.error !== null && c.error.reason !== 'Pause on CONNECT/Upgrade')
    expect(refused.length).toBe(24)
    const codes = new Map<string, number>()
    for (const c of refused) {
      const { error } = runFramer(c)
      expect(error, c.name).toBeInstanceOf(HttpError)
      expect(typeof (error!.details as { offset?: unknown }).offset).toBe('number')
      expect(error!.message).toMatch(/byte \d+/)
      codes.set(error!.code, (codes.get(error!.code) ?? 0) + 1)
    }
    expect(Object.fromEntries([...codes].sort())).toEqual({
      HTTP_BAD_CHUNK: 4,
      HTTP_BAD_HEADER: 2,
      HTTP_BAD_LINE_ENDING: 6,
      HTTP_BAD_STATUS_LINE: 4,
      HTTP_BAD_VERSION: 6,
      HTTP_DATA_AFTER_CLOSE: 2,
    })
  })
})
