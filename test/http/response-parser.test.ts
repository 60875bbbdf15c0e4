import { gzipSync, deflateSync, deflateRawSync, brotliCompressSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ResponseParser } from '../../src-main/http/response-parser.ts'
import { decodeContent, parseCodings } from '../../src-main/http/content-coding.ts'
import type { HttpMethod } from '../../src-main/http/request.ts'

function parse(text: string | Buffer, options: { method?: HttpMethod; split?: number; end?: boolean; limits?: object } = {}) {
  const parser = new ResponseParser({ method: options.method ?? 'GET', limits: options.limits })
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1')
  const step = options.split ?? bytes.length
  for (let i = 0; i < bytes.length; i += step) parser.push(bytes.subarray(i, i + step))
  if (options.end) parser.end()
  return parser
}

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn()
  } catch (error) {
    return error as { code: string; message: string }
  }
  throw new Error('expected a failure')
}

describe('response framing', () => {
  it('reads a Content-Length body fed one byte at a time', () => {
    const parser = parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello', { split: 1 })
    expect(parser.complete).toBe(true)
    const r = parser.result()
    expect(r).toMatchObject({ status: 200, reason: 'OK', version: 'HTTP/1.1', framing: 'content-length', keepAlive: true, wireLength: 69 })
    expect(Buffer.from(r.body).toString()).toBe('hello')
    expect(r.headers).toEqual([['Content-Length', '5'], ['Content-Type', 'text/plain']])
  })

  it('joins chunked data, records chunk sizes and trailers', () => {
    const r = parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Check: 1\r\n\r\n', { split: 3 }).result()
    expect(Buffer.from(r.body).toString()).toBe('hello world')
    expect(r.chunkSizes).toEqual([5, 6, 0])
    expect(r.trailers).toEqual([['X-Check', '1']])
    expect(r.framing).toBe('chunked')
  })

  it('reads a close-delimited body until the server closes', () => {
    const parser = parse('HTTP/1.0 200 OK\r\n\r\nuntil the end')
    expect(parser.complete).toBe(false)
    parser.end()
    expect(parser.result()).toMatchObject({ framing: 'close-delimited', keepAlive: false })
    expect(Buffer.from(parser.result().body).toString()).toBe('until the end')
  })

  it('skips 1xx responses and keeps them as informational', () => {
    const r = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n').result()
    expect(r.status).toBe(201)
    expect(r.informational.map((h) => h.status)).toEqual([100, 103])
  })

  it('expects no body after HEAD, 204 and 304, and honours Connection: close', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 6419\r\n\r\n', { method: 'HEAD' }).complete).toBe(true)
    expect(parse('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n').complete).toBe(true)
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n').result().keepAlive).toBe(false)
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').result().keepAlive).toBe(false)
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n').result().keepAlive).toBe(true)
  })

  it('never reuses a connection whose response had both Transfer-Encoding and Content-Length, or extra bytes', () => {
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n0\r\n\r\n').result().keepAlive).toBe(false)
    const parser = parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\naEXTRA')
    expect(parser.result().keepAlive).toBe(false)
    expect(Buffer.from(parser.extra).toString()).toBe('EXTRA')
  })
})

describe('malformed and hostile responses get a clear error', () => {
  it('rejects a response that is not HTTP as soon as it can tell', () => {
    const e = failure(() => parse('SSH-2.0-OpenSSH_9.2\r\n'))
    expect(e.code).toBe('HTTP_BAD_STATUS_LINE')
    expect(e.message).toContain('"SSH-2.0-OpenSSH_9.2')
    expect(failure(() => parse('HTTP/1.1 2OO OK\r\n\r\n')).message).toContain('"HTTP/1.1 2OO OK"')
    expect(failure(() => parse('HTTP/2.0 200 OK\r\n\r\n'))).toMatchObject({ code: 'HTTP_BAD_VERSION', message: 'the status line says HTTP/2.0 (at byte 5); an HTTP/1.x response says 1.0 or 1.1' })
    // Lines end with CRLF, as Node's own parser (llhttp) insists.
    expect(failure(() => parse('HTTP/1.1 200 OK\nContent-Length: 0\n\n'))).toMatchObject({ code: 'HTTP_BAD_LINE_ENDING', message: 'the line at byte 0 ends with a bare LF at byte 15 (lines end with CRLF)' })
  })

  it('rejects negative, non-numeric, conflicting and huge Content-Length', () => {
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n'))).toMatchObject({ code: 'HTTP_BAD_CONTENT_LENGTH', message: 'Content-Length is negative ("-1")' })
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n')).code).toBe('HTTP_BAD_CONTENT_LENGTH')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n')).message).toContain('conflicting')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n'))).toMatchObject({ code: 'HTTP_BAD_CONTENT_LENGTH', message: 'Content-Length 99999999999999999999999 is too large to count' })
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 70000000\r\n\r\n')).code).toBe('HTTP_BODY_TOO_LARGE')
    expect(parse('HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok').complete).toBe(true)
  })

  it('rejects bad chunk sizes and chunks whose data does not match their size', () => {
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n')).message).toContain('"zz" at byte 47 is not a hexadecimal number')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n')).message).toContain('a chunk of 3 bytes is not followed by CRLF')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n')).code).toBe('HTTP_BAD_CHUNK')
    expect(failure(() => parse(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'1'.repeat(5000)}`)).code).toBe('HTTP_BAD_CHUNK')
  })

  it('bounds the head, the number of headers and the body', () => {
    const flood = `HTTP/1.1 200 OK\r\n${Array.from({ length: 150 }, (_, i) => `X-${i}: y\r\n`).join('')}\r\n`
    expect(failure(() => parse(flood)).code).toBe('HTTP_TOO_MANY_HEADERS')
    expect(failure(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`)).code).toBe('HTTP_HEADERS_TOO_LARGE')
    const endless = new ResponseParser({ method: 'GET', limits: { maxBodyBytes: 1000 } })
    endless.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))
    expect(failure(() => { for (let i = 0; i < 20; i += 1) endless.push(Buffer.alloc(100, 0x61)) }).code).toBe('HTTP_BODY_TOO_LARGE')
  })

  it('rejects malformed header lines, and joins folded ones as a user agent must (RFC 9112 §5.2)', () => {
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nno colon here\r\n\r\n')).message).toContain('at byte 17 is not "Name: value"')
    expect(parse('HTTP/1.1 200 OK\r\nA: b\r\n  folded\r\nContent-Length: 0\r\n\r\n').result().headers).toEqual([['A', 'b  folded'], ['Content-Length', '0']])
    expect(failure(() => parse('HTTP/1.1 200 OK\r\n folded\r\n\r\n')).message).toBe('white space at byte 17 right after the start line (a continuation line with nothing to continue)')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n')).code).toBe('HTTP_BAD_HEADER')
  })

  it('says how much was missing when the connection ends early', () => {
    expect(failure(() => parse('', { end: true })).message).toBe('the server closed the connection without sending any response')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 6419\r\n\r\nabc', { end: true })).message).toContain('after 3 of 6419 body bytes')
    expect(failure(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel', { end: true })).code).toBe('HTTP_TRUNCATED')
    expect(failure(() => parse('HTTP/1.1 101 Switching Protocols\r\n\r\n')).code).toBe('HTTP_UNSUPPORTED_UPGRADE')
  })
})

describe('content codings', () => {
  const page = Buffer.from('<html><body><img src="gazou.jpg"></body></html>'.repeat(20))

  it('undoes gzip, deflate (zlib and raw) and br', () => {
    expect(Buffer.from(decodeContent(gzipSync(page), ['gzip'], 1e6).bytes).equals(page)).toBe(true)
    expect(Buffer.from(decodeContent(deflateSync(page), ['deflate'], 1e6).bytes).equals(page)).toBe(true)
    expect(Buffer.from(decodeContent(deflateRawSync(page), ['deflate'], 1e6).bytes).equals(page)).toBe(true)
    expect(Buffer.from(decodeContent(brotliCompressSync(page), parseCodings('br'), 1e6).bytes).equals(page)).toBe(true)
    expect(decodeContent(gzipSync(deflateSync(page)), parseCodings('deflate, gzip'), 1e6).codings).toEqual(['gzip', 'deflate'])
  })

  it('names a corrupt or unknown coding and stops a decompression bomb', () => {
    expect(failure(() => decodeContent(Buffer.from('not gzip'), ['gzip'], 1e6)).code).toBe('HTTP_BAD_CONTENT_ENCODING')
    expect(failure(() => decodeContent(page, ['compress'], 1e6)).message).toContain('"compress"')
    expect(failure(() => decodeContent(gzipSync(Buffer.alloc(10_000_000)), ['gzip'], 1_000_000)).code).toBe('HTTP_BODY_TOO_LARGE')
  })
})
