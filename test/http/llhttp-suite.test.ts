// llhttp's response test suite (Node's HTTP parser, ../shared/peer-suites/llhttp-response) run
// through Wiretrail's one HTTP/1.x framer: the same status, header fields, body bytes and message
// ends where llhttp accepts, a coded error where llhttp refuses. Strict mode answers llhttp's
// default cases, tolerant mode its lenient-flag cases; each case is also fed one byte at a time.
import { describe, expect, it } from 'vitest'
import { HttpConnectionParser, type HttpMessage } from '../../src-main/analyzer/http-stream.ts'
import { ContentDecoder } from '../../src-main/http/content-coding.ts'
import { HttpError } from '../../src-main/http/errors.ts'
import { ResponseParser } from '../../src-main/http/response-parser.ts'
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

describe('the recorder and the analyzer read llhttp\'s responses through the one framer', () => {
  const accepted = cases.filter((c) => c.error === null && c.messages.some((m) => m.complete !== null))

  it('the recorder\'s response parser gives llhttp\'s first final response (status, fields, body)', () => {
    for (const c of cases.filter((x) => modeFor(x) === 'strict')) {
      const parser = new ResponseParser({ method: c.meta.skipBody ? 'HEAD' : 'GET' })
      const final = c.messages.find((m) => m.status !== null && (m.status < 100 || m.status >= 200) && m.complete !== null)
      const earlyError = c.error !== null && c.error.reason !== 'Pause on CONNECT/Upgrade' && (final === undefined || c.error.offset < final.complete!)
      let error: unknown = null
      try {
        parser.push(c.input)
      } catch (e) {
        error = e
      }
      if (earlyError) {
        expect(error, c.name).toBeInstanceOf(HttpError)
        continue
      }
      if (final === undefined || final.status === 101) continue
      expect(error, `${c.name}: ${String(error)}`).toBeNull()
      const r = parser.result()
      expect([r.status, r.headers.map(([n, v]) => [n, v.trim()]), Buffer.from(r.body).toString('latin1')], c.name).toEqual([final.status, final.headers.map(([n, v]) => [n, v.trim()]), final.body.toString('latin1')])
    }
  })

  it('the analyzer\'s HTTP stream gives every response llhttp completes, with its body size and end', () => {
    expect(accepted.length).toBeGreaterThan(30)
    for (const c of accepted) {
      const responses: HttpMessage[] = []
      const parser = new HttpConnectionParser(
        { requestHead: () => {}, request: () => {}, response: (m) => responses.push(m), tunnel: () => {} },
        { decoder: (codings) => new ContentDecoder(codings) },
      )
      // The request the responses answer (HEAD where llhttp was told to skip bodies).
      const requests = Buffer.from(`${c.meta.skipBody ? 'HEAD' : 'GET'} / HTTP/1.1\r\nHost: a\r\n\r\n`.repeat(c.messages.length))
      parser.client.data(requests, 0, requests.length, 1)
      parser.server.data(c.input, 0, c.input.length, 2)
      const complete = c.messages.filter((m) => m.complete !== null)
      const got = responses.filter((m) => m.complete).map((m) => [m.head.status, m.head.headers.length, typeof m.bodyDecoded === 'number' ? m.bodyDecoded : -1])
      expect(got, c.name).toEqual(complete.map((m) => [m.status, m.headers.length, m.body.length]))
    }
  })
})
