// The web-platform-tests URL suite (what browsers are tested with) against Wiretrail's URL anatomy:
// for every typed absolute http:/https: case, Wiretrail requests what a browser requests (host,
// port, request target, user info) or refuses with a coded error exactly where a browser refuses.
import { describe, expect, it } from 'vitest'
import { parseLoadableUrl, UrlError } from '../../src-main/url/index.ts'
import { runSuite, typedHttpCases } from './wpt-suite.ts'

describe('web-platform-tests urltestdata.json, typed http:/https: cases', () => {
  const suite = runSuite()

  it('covers the suite: 371 cases, 168 valid and 203 that browsers refuse', () => {
    expect(suite.results.length).toBe(371)
    expect(suite.valid).toBe(168)
    expect(suite.failures).toBe(203)
  })

  it('agrees on every case: 0 refused, 0 different, 0 accepted that browsers refuse', () => {
    const disagreements = suite.results.filter((r) => r.outcome !== 'agree').map((r) => `${r.outcome} ${JSON.stringify(r.input)} ${r.detail}`)
    expect(disagreements).toEqual([])
    expect(suite.counts).toEqual({ agree: 371, refused: 0, different: 0, 'wrongly-accepted': 0, 'uncoded-error': 0 })
  })

  it('keeps every part of every valid case at its place in the typed text, in order', () => {
    for (const c of typedHttpCases().filter((x) => !x.failure)) {
      const url = parseLoadableUrl(c.input)
      let previous = 0
      for (const part of url.parts) {
        expect(url.input.slice(part.start, part.end), `${JSON.stringify(c.input)} ${part.kind}`).toBe(part.text)
        expect(part.start).toBeGreaterThanOrEqual(previous)
        previous = part.end
      }
      for (const repair of url.repairs) {
        for (const range of repair.ranges) expect(range.end).toBeLessThanOrEqual(url.input.length)
        expect(repair.text.en).not.toBe('')
        expect(repair.text.ko).not.toBe('')
      }
    }
  })

  it('names the part and position of every refusal', () => {
    for (const c of typedHttpCases().filter((x) => x.failure)) {
      try {
        parseLoadableUrl(c.input)
      } catch (error) {
        expect(error).toBeInstanceOf(UrlError)
        const { part, start, end } = (error as UrlError).details as { part: string; start: number; end: number }
        expect(['host', 'port', 'url']).toContain(part)
        expect(start).toBeLessThanOrEqual(end)
        // Every refusal of this suite is explained by a specific code, never the catch-all.
        expect((error as UrlError).code, JSON.stringify(c.input)).not.toBe('URL_INVALID')
      }
    }
  })
})
