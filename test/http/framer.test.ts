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

describe('HTTP framer: field lines a push holds whole', () => {
  /** Everything the framer reports for `input` pushed in pieces of `size` bytes (1: every line
   * arrives across pushes and is read line by line; the whole input: the lines a push holds whole
   * are read in one loop), with the head's known fields as the analyzer asks for them, each note,
   * the error it stops with, and the part of the head read before it. */
  const report = (kind: 'request' | 'response', mode: 'strict' | 'tolerant', input: string, size: number, limits?: { maxHeadBytes?: number; maxHeaders?: number }) => {
    const out: Record<string, unknown>[] = []
    const framer = new Http1Framer(
      {
        head: (h) =>
          out.push({
            text: h.text,
            fields: [...h.fields].map((f) => [f.name, f.value, f.offset, f.length]),
            known: (['host', 'referer', 'connection', 'content-type', 'content-length', 'content-encoding', 'transfer-encoding'] as const).map((name) => [h.fields.first(name), h.fields.all(name), h.fields.get(name)]),
          }),
        complete: (m) => void out.push({ end: m.end, framing: m.framing, keepAlive: m.keepAlive, problems: m.problems.map((p) => [p.code, p.message, p.offset]) }),
      },
      { kind, mode, limits },
    )
    const bytes = Buffer.from(input, 'latin1')
    try {
      for (let i = 0; i < bytes.length; i += size) {
        const piece = Buffer.from(bytes.subarray(i, i + size))
        framer.push(piece)
        piece.fill(0x5a)
      }
      framer.end()
    } catch (e) {
      // Which byte an error names and where the framer stands after it can depend on where the
      // pushes were cut (a head's size is checked per push, a line's when it ends): the table
      // compares the codes, and the last checks spell the rest out for a whole push.
      const partial = framer.partialHead()
      out.push({ error: (e as { code: string }).code, ...(size === input.length ? { message: (e as Error).message, position: framer.position, partial: partial && { text: partial.text, fields: [...partial.fields].map((f) => [f.name, f.value, f.offset, f.length]), headLength: partial.headLength } } : {}) })
    }
    return out
  }

  it('reads them as line by line: the same fields, known fields, notes and refusals on obs-fold, repeated fields, bare LF and CR, non-ASCII and control bytes, and every limit', () => {
    const heads: ['request' | 'response', string, { maxHeadBytes?: number; maxHeaders?: number }?][] = [
      ['request', 'GET / HTTP/1.1\r\nHost: a.example\r\nReferer: http://b/\r\nAccept: */*\r\n\r\n'],
      // Repeated fields, in any case: the first value, and every value.
      ['response', 'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\ncontent-type: text/html\r\nCONTENT-ENCODING:  br \r\nContent-Length: 3\r\ncontent-length: 3\r\n\r\nabc'],
      ['response', 'HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n'],
      // obs-fold, of a known field too.
      ['response', 'HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=utf-8\r\nX-A: 1\r\n\t2\r\nContent-Length: 0\r\n\r\n'],
      // Bare LF, bare CR, a line end split from its line.
      ['request', 'GET / HTTP/1.1\r\nHost: a\nX-B: 2\r\nX-C: 3\rX-D: 4\r\n\r\n'],
      // Non-ASCII bytes in a name and in values (a name byte beyond ASCII is no token character).
      ['request', 'GET / HTTP/1.1\r\nHost: caf\xe9.example\r\nX-\xc4: \xff\xa0\r\nReferer: \x80\x9f\r\n\r\n'],
      // Control bytes in values (refused when strict), a name with white space before its colon, no colon, no name.
      ['request', 'GET / HTTP/1.1\r\nX-A: a\x01b\x7f\r\nHost : spaced\r\nNo colon here\r\n: empty name\r\nX-T:\ttab\t\r\n\r\n'],
      ['request', 'GET / HTTP/1.1\r\nX-Ok: 1\r\nX\x00: 2\r\n\r\n'],
      // White space before the first field (a continuation of nothing).
      ['request', 'GET / HTTP/1.1\r\n X-A: 1\r\nHost: a\r\n\r\n'],
      // The limits: too many fields, a head over its size, a line over it.
      ['request', 'GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n', { maxHeaders: 3 }],
      ['request', 'GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n', { maxHeaders: 3 }],
      ['request', 'GET / HTTP/1.1\r\nHost: a\r\nX-Long: 0123456789012345678901234567890123456789\r\n\r\n', { maxHeadBytes: 60 }],
      ['request', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(40)}\r\n\r\n`, { maxHeadBytes: 66 }],
      ['request', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(40)}\r\n\r\n`, { maxHeadBytes: 72 }],
      ['request', `GET / HTTP/1.1\r\nHost: a\r\nX: ${'v'.repeat(70)}\r\n\r\n`, { maxHeadBytes: 64 }],
      // A head cut short.
      ['response', 'HTTP/1.1 200 OK\r\nServer: x\r\nContent-Le'],
    ]
    for (const [kind, input, limits] of heads) {
      for (const mode of ['strict', 'tolerant'] as const) {
        const lineByLine = report(kind, mode, input, 1, limits)
        const whole = report(kind, mode, input, input.length, limits).map(({ message, position, partial, ...rest }) => rest)
        expect(whole, `${JSON.stringify(input)} (${mode})`).toEqual(lineByLine)
        expect(report(kind, mode, input, 5, limits), `${JSON.stringify(input)} (${mode}, 5 bytes a push)`).toEqual(lineByLine)
      }
    }
    // What the table reads, spelled out for a few: the known fields' first and every value.
    const [repeated] = report('response', 'tolerant', heads[1]![1], heads[1]![1].length) as { known: [string | null, string[] | null, string | null][] }[]
    expect(repeated!.known[5]).toEqual(['gzip', ['gzip', 'br'], 'gzip'])
    expect(repeated!.known[3]).toEqual(['text/html', ['text/html'], 'text/html'])
    expect(repeated!.known[0]).toEqual([null, null, null])
    const [folded] = report('response', 'tolerant', heads[3]![1], heads[3]![1].length) as { known: [string | null][] }[]
    expect(folded!.known[3]![0]).toBe('text/html; charset=utf-8')
    const strictControl = report('request', 'strict', heads[6]![1], heads[6]![1].length)
    expect(strictControl.at(-1)).toMatchObject({ error: 'HTTP_BAD_HEADER', message: 'the value of the header X-A holds the control character 0x01 at byte 22', position: 16 })
    // The framer stands at the line of the field too many, the lines before it read.
    const tooMany = report('request', 'tolerant', heads[9]![1], heads[9]![1].length, { maxHeaders: 3 })
    expect(tooMany.at(-1)).toMatchObject({ error: 'HTTP_TOO_MANY_HEADERS', message: 'the request has more than 3 header fields (at byte 34)', position: 34, partial: { text: 'GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n', headLength: 34 } })
  })
})
