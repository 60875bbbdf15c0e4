// The framer reads a head in place and decodes it once (http/framer.ts): what it reports must not
// depend on how the bytes were cut into pushes, nor on the caller reusing its buffer after a push
// (a socket's or a reassembly's), since the head's bytes are only decoded when the head is complete.
import { describe, expect, it } from 'vitest'
import { Http1Framer, type Http1Head } from '../../src-main/http/framer.ts'

const REQUEST =
  'GET /a?b=1 HTTP/1.1\r\nHost: www.lab.cyber.co.kr:8080\r\nAccept:  text/html \t\r\nX-Folded: one\r\n  two\r\n\tthree\r\nContent-Length: 3\r\n\r\nabc' +
  'POST /form HTTP/1.1\nhost : b\nContent-Length: 2\n\nhi'

interface Read {
  heads: { start: string; text: string; fields: [string, string, number, number][] }[]
  bodies: string
  ends: number[]
}

/** Pushes `input` in pieces of `size` bytes, each piece a Buffer overwritten right after its push. */
function read(input: string, size: number): Read {
  const out: Read = { heads: [], bodies: '', ends: [] }
  const framer = new Http1Framer(
    {
      head: (h: Http1Head) => out.heads.push({ start: h.startLine, text: h.text, fields: h.fields.map((f) => [f.name, f.value, f.offset, f.length]) }),
      body: (b) => (out.bodies += Buffer.from(b).toString('latin1')),
      complete: (m) => void out.ends.push(m.end),
    },
    { kind: 'request', mode: 'tolerant' },
  )
  const bytes = Buffer.from(input, 'latin1')
  for (let i = 0; i < bytes.length; i += size) {
    const piece = Buffer.from(bytes.subarray(i, i + size))
    framer.push(piece)
    piece.fill(0x5a)
  }
  return out
}

describe('HTTP framer heads', () => {
  it('gives each head its text as sent and its fields trimmed, folded and placed, however the bytes were cut and reused', () => {
    const whole = read(REQUEST, REQUEST.length)
    expect(whole.heads.map((h) => h.start)).toEqual(['GET /a?b=1 HTTP/1.1', 'POST /form HTTP/1.1'])
    expect(whole.heads[0]!.text).toBe(REQUEST.slice(0, REQUEST.indexOf('\r\n\r\n') + 4))
    expect(whole.heads[0]!.fields).toEqual([
      ['Host', 'www.lab.cyber.co.kr:8080', 21, 32],
      ['Accept', 'text/html', 53, 22],
      ['X-Folded', 'one  two three', 75, 30],
      ['Content-Length', '3', 105, 19],
    ])
    expect(whole.heads[1]!.text).toBe('POST /form HTTP/1.1\nhost : b\nContent-Length: 2\n\n')
    expect(whole.heads[1]!.fields).toEqual([
      ['host', 'b', 20, 9],
      ['Content-Length', '2', 29, 18],
    ])
    expect(whole.bodies).toBe('abchi')
    for (const size of [1, 2, 3, 5, 8, 13, 29, 64]) expect(read(REQUEST, size), `pieces of ${size} bytes`).toEqual(whole)
  })

  it('shows the part of a head read before an error, from buffers reused after each push', () => {
    const framer = new Http1Framer({ complete: () => {} }, { kind: 'request', mode: 'strict' })
    const bytes = Buffer.from('GET / HTTP/1.1\r\nHost: a\r\nBad\x01: x\r\n\r\n', 'latin1')
    let error: unknown
    for (let i = 0; i < bytes.length && error === undefined; i += 4) {
      const piece = Buffer.from(bytes.subarray(i, i + 4))
      try {
        framer.push(piece)
      } catch (e) {
        error = e
      }
      piece.fill(0x5a)
    }
    expect(error).toMatchObject({ code: 'HTTP_BAD_HEADER' })
    const partial = framer.partialHead()!
    expect(partial.startLine).toBe('GET / HTTP/1.1')
    expect(partial.fields.map((f) => [f.name, f.value])).toEqual([['Host', 'a']])
    // Everything read before the line that failed, that line's bytes too.
    expect(partial.text).toBe('GET / HTTP/1.1\r\nHost: a\r\nBad\x01: x')
    expect(partial.headLength).toBe(32)
  })
})
