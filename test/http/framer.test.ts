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

/** What the framer reports for `input` pushed as pushInPieces does. */
function read(input: string, size: number): Read {
  const out: Read = { heads: [], bodies: '', ends: [] }
  const framer = new Http1Framer(
    {
      head: (h: Http1Head) => out.heads.push({ start: h.startLine, text: h.text, fields: [...h.fields].map((f) => [f.name, f.value, f.offset, f.length]) }),
      body: (b, start, end) => (out.bodies += Buffer.from(b.subarray(start, end)).toString('latin1')),
      complete: (m) => void out.ends.push(m.end),
    },
    { kind: 'request', mode: 'tolerant' },
  )
  pushInPieces(framer, input, size)
  return out
}

/** Pushes `input` in pieces of `size` bytes, each piece a Buffer overwritten right after its push:
 * every other piece given as its place in a larger buffer (as the analyzer hands a segment in its
 * frame), with line ends and a head around it that the framer must not read. */
function pushInPieces(framer: Http1Framer, input: string, size: number): void {
  const bytes = Buffer.from(input, 'latin1')
  const before = Buffer.from('\r\n\r\nHTTP/1.1 200 OK\r\n', 'latin1')
  const after = Buffer.from('\r\nX-After: 1\r\n\r\n', 'latin1')
  for (let i = 0, k = 0; i < bytes.length; i += size, k++) {
    const piece = bytes.subarray(i, i + size)
    const buf = k % 2 === 0 ? Buffer.from(piece) : Buffer.concat([before, piece, after])
    const start = k % 2 === 0 ? 0 : before.length
    expect(framer.push(buf, start, start + piece.length)).toBe(piece.length)
    buf.fill(0x5a)
  }
}

/** What each framer reports for its input when the framers read at once: their pushes of `size`
 * bytes taken in turn, so each one's heads are cut across pushes with the others' in between. */
function readTogether(inputs: string[], size: number): Read[] {
  const outs = inputs.map((): Read => ({ heads: [], bodies: '', ends: [] }))
  const framers = outs.map(
    (out) =>
      new Http1Framer(
        {
          head: (h: Http1Head) => out.heads.push({ start: h.startLine, text: h.text, fields: [...h.fields].map((f) => [f.name, f.value, f.offset, f.length]) }),
          body: (b, start, end) => (out.bodies += Buffer.from(b.subarray(start, end)).toString('latin1')),
          complete: (m) => void out.ends.push(m.end),
        },
        { kind: 'request', mode: 'tolerant' },
      ),
  )
  const bytes = inputs.map((input) => Buffer.from(input, 'latin1'))
  for (let at = 0; bytes.some((b) => at < b.length); at += size) {
    framers.forEach((framer, k) => {
      const piece = Buffer.from(bytes[k]!.subarray(at, at + size))
      if (piece.length === 0) return
      expect(framer.push(piece)).toBe(piece.length)
      piece.fill(0x5a)
    })
  }
  return outs
}

describe('HTTP framer heads', () => {
  it('gives each framer its own fields when several read heads at once, each head cut across pushes', () => {
    // Heads of different numbers of fields (the framers' field ranges are arrays shared between
    // heads: one held by a head still being read must not be another's).
    const many = `GET /many HTTP/1.1\r\n${Array.from({ length: 30 }, (_, k) => `X-F${k}: v${k}\r\n`).join('')}\r\n`
    const inputs = [REQUEST, many + REQUEST, `GET /one HTTP/1.1\r\nHost: a\r\n\r\n${many}`, many + many]
    const alone = inputs.map((input) => read(input, input.length))
    expect(alone[1]!.heads[0]!.fields).toHaveLength(30)
    for (const size of [1, 3, 7, 20, 64]) expect(readTogether(inputs, size), `pieces of ${size} bytes`).toEqual(alone)
  })

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

  it('finds a field by name in any case, every value of a repeated one, a folded value joined, without the names and values being strings beforehand', () => {
    const heads: Http1Head[] = []
    const framer = new Http1Framer({ head: (h) => heads.push(h), complete: () => {} }, { kind: 'response', mode: 'tolerant' })
    const head = 'HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nCONTENT-TYPE:text/html \r\nset-cookie:  b=2\r\nX-Long: one\r\n\ttwo\r\nx-empty:\r\nSpaced \t: v\r\nContent-Length: 0\r\n\r\n'
    pushInPieces(framer, head, 7)
    const fields = heads[0]!.fields
    expect(fields.length).toBe(7)
    expect(fields.get('content-type')).toBe('text/html')
    expect(fields.get('Content-Type')).toBe('text/html')
    expect(fields.values('SET-COOKIE')).toEqual(['a=1', 'b=2'])
    expect(fields.get('x-long')).toBe('one two')
    expect(fields.get('x-empty')).toBe('')
    expect(fields.get('spaced')).toBe('v')
    expect(fields.get('x-missing')).toBeNull()
    expect(fields.values('x-missing')).toEqual([])
    expect([fields.name(5), fields.nameIs(5, 'spaced'), fields.nameIs(5, 'space'), fields.offset(5), fields.lineLength(5)]).toEqual(['Spaced', true, false, head.indexOf('Spaced'), 'Spaced \t: v\r\n'.length])
    // The folded field's line runs to the end of its continuation line.
    expect(fields.lineLength(3)).toBe('X-Long: one\r\n\ttwo\r\n'.length)
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
    expect([...partial.fields].map((f) => [f.name, f.value])).toEqual([['Host', 'a']])
    // Everything read before the line that failed, that line's bytes too.
    expect(partial.text).toBe('GET / HTTP/1.1\r\nHost: a\r\nBad\x01: x')
    expect(partial.headLength).toBe(32)
  })

  it('reads chunk sizes on their bytes: leading zeros, hex in either case, extensions (quoted too), spaces where tolerant, trailers; the same however cut, from reused buffers', () => {
    const body =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      '0000000000000000000A\r\n0123456789\r\n' +
      'f;name=value;q="a \\" b"\r\nfifteen bytes..\r\n' +
      ' 1 ; ext \r\nx\r\n' +
      '0\r\nTrailer-One: 1\r\nTrailer-Two:  two \r\n\r\n'
    const readChunks = (size: number) => {
      const out = { bodies: '', sizes: [] as number[], trailers: [] as [string, string][], problems: [] as string[], ends: [] as number[] }
      const framer = new Http1Framer(
        {
          body: (b, start, end) => (out.bodies += Buffer.from(b.subarray(start, end)).toString('latin1')),
          complete: (m) => {
            out.sizes.push(...m.chunkSizes)
            out.trailers.push(...m.trailers.map((t): [string, string] => [t.name, t.value]))
            out.problems.push(...m.problems.map((p) => p.code))
            out.ends.push(m.end)
          },
        },
        { kind: 'response', mode: 'tolerant' },
      )
      pushInPieces(framer, body, size)
      return out
    }
    const whole = readChunks(body.length)
    expect(whole).toEqual({ bodies: '0123456789fifteen bytes..x', sizes: [10, 15, 1, 0], trailers: [['Trailer-One', '1'], ['Trailer-Two', 'two']], problems: [], ends: [body.length] })
    for (const size of [1, 2, 3, 7, 16, 31]) expect(readChunks(size), `pieces of ${size} bytes`).toEqual(whole)

    // Refused with the size as sent: not hexadecimal, more than 12 digits after the leading zeros, a bad extension.
    const refused = (line: string, mode: 'strict' | 'tolerant') => {
      const framer = new Http1Framer({ complete: () => {} }, { kind: 'response', mode })
      try {
        framer.push(Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${line}\r\n`, 'latin1'))
      } catch (e) {
        return (e as Error).message
      }
      return 'read'
    }
    expect(refused('zz', 'tolerant')).toBe('the chunk size "zz" at byte 47 is not a hexadecimal number')
    expect(refused('0001234567890abc', 'tolerant')).toBe('the chunk size "1234567890abc" at byte 47 is absurdly large')
    expect(refused('001234567890ab', 'tolerant')).toBe('read')
    expect(refused(' 1', 'strict')).toBe('the chunk size " 1" at byte 47 is not a hexadecimal number')
    expect(refused('1 ', 'strict')).toBe('the chunk-size line "1 " at byte 47 has " " where ";" or the line end belongs at byte 48')
    expect(refused('1;=x', 'tolerant')).toBe('the chunk-size line "1;=x" at byte 47 has an empty chunk extension name at byte 49')
  })

  it('reads a start line the same whether it is the plain kind read on its bytes or one the expressions read', () => {
    /** The start line's parts as the framer reads them (with any note), or the code it refuses it with. */
    const startOf = (kind: 'request' | 'response', line: string, mode: 'strict' | 'tolerant'): string => {
      let head: Http1Head | null = null
      let notes: string[] = []
      const framer = new Http1Framer({ head: (h) => (head = h), complete: (m) => void (notes = m.problems.map((p) => p.code)) }, { kind, mode })
      try {
        framer.push(Buffer.from(`${line}\r\nContent-Length: 0\r\n\r\n`, 'latin1'))
      } catch (e) {
        return (e as { code: string }).code
      }
      const h = head as unknown as Http1Head
      return [h.protocol, h.version, h.method, h.target, h.status, JSON.stringify(h.reason), ...notes].join(' ')
    }
    const lines: ['request' | 'response', string, string, string][] = [
      ['response', 'HTTP/1.1 200 OK', 'HTTP HTTP/1.1   200 "OK"', 'HTTP HTTP/1.1   200 "OK"'],
      ['response', 'HTTP/1.0 404 Not  Found ', 'HTTP HTTP/1.0   404 "Not  Found "', 'HTTP HTTP/1.0   404 "Not  Found "'],
      // No reason, with and without the space before it.
      ['response', 'HTTP/1.1 204', 'HTTP HTTP/1.1   204 ""', 'HTTP HTTP/1.1   204 ""'],
      ['response', 'HTTP/1.1 204 ', 'HTTP HTTP/1.1   204 ""', 'HTTP HTTP/1.1   204 ""'],
      ['response', 'HTTP/1.1 2000 OK', 'HTTP_BAD_STATUS_LINE', 'HTTP_BAD_STATUS_LINE'],
      ['response', 'HTTP/1.1 20 OK', 'HTTP_BAD_STATUS_LINE', 'HTTP_BAD_STATUS_LINE'],
      ['response', 'HTTP/1.1 2x0 OK', 'HTTP_BAD_STATUS_LINE', 'HTTP_BAD_STATUS_LINE'],
      ['response', 'HTTP/1.1  200 OK', 'HTTP_BAD_STATUS_LINE', 'HTTP_BAD_STATUS_LINE'],
      ['response', 'HTTP/1.1\t200 OK', 'HTTP_BAD_VERSION', 'HTTP_BAD_VERSION'],
      ['response', 'HTTP/1.2 200 OK', 'HTTP_BAD_VERSION', 'HTTP HTTP/1.2   200 "OK" HTTP_BAD_VERSION'],
      ['response', 'HTTP/2.0 200 OK', 'HTTP_BAD_VERSION', 'HTTP HTTP/2.0   200 "OK" HTTP_BAD_VERSION'],
      ['response', 'ICE/1.0 200 OK', 'ICE ICE/1.0   200 "OK"', 'ICE ICE/1.0   200 "OK"'],
      ['request', 'GET / HTTP/1.1', 'HTTP HTTP/1.1 GET / 0 ""', 'HTTP HTTP/1.1 GET / 0 ""'],
      ['request', 'M-SEARCH * HTTP/1.0', 'HTTP HTTP/1.0 M-SEARCH * 0 ""', 'HTTP HTTP/1.0 M-SEARCH * 0 ""'],
      ['request', 'get /a?b=c#d HTTP/1.1', 'HTTP HTTP/1.1 get /a?b=c#d 0 ""', 'HTTP HTTP/1.1 get /a?b=c#d 0 ""'],
      // A target byte beyond ASCII: the expression's \S takes it (é), not U+00A0, which is white space to it.
      ['request', 'GET /caf\xe9 HTTP/1.1', 'HTTP HTTP/1.1 GET /caf\xe9 0 ""', 'HTTP HTTP/1.1 GET /caf\xe9 0 ""'],
      ['request', 'GET /a\xa0b HTTP/1.1', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', 'GET /a b HTTP/1.1', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', 'GET  / HTTP/1.1', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', 'GET / HTTP/1.1 ', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', 'G(T / HTTP/1.1', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', ' HTTP/1.1', 'HTTP_BAD_REQUEST_LINE', 'HTTP_BAD_REQUEST_LINE'],
      ['request', 'GET / HTTPS/1.1', 'HTTP_BAD_VERSION', 'HTTPS HTTPS/1.1 GET / 0 "" HTTP_BAD_VERSION'],
      ['request', 'GET / HTTP/1.2', 'HTTP_BAD_VERSION', 'HTTP HTTP/1.2 GET / 0 "" HTTP_BAD_VERSION'],
    ]
    for (const [kind, line, strict, tolerant] of lines) {
      expect(startOf(kind, line, 'strict'), `${line} (strict)`).toBe(strict)
      expect(startOf(kind, line, 'tolerant'), `${line} (tolerant)`).toBe(tolerant)
    }
  })
})
