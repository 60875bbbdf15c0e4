import { describe, expect, it } from 'vitest'
import { buildRequest, DEFAULT_USER_AGENT, requestText } from '../../src-main/http/request.ts'
import { parseLoadableUrl } from '../../src-main/url/index.ts'

const page = parseLoadableUrl('http://www.lab.cyber.co.kr:10080/sample.htm')

describe('the request message, built as text', () => {
  it('builds the notes\' GET with the request line, the headers in order and a blank line', () => {
    const request = buildRequest({ url: page })
    expect(request.head).toBe(
      'GET /sample.htm HTTP/1.1\r\n' +
        'Host: www.lab.cyber.co.kr:10080\r\n' +
        `User-Agent: ${DEFAULT_USER_AGENT}\r\n` +
        'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n' +
        'Accept-Language: ko, en;q=0.8\r\n' +
        'Accept-Encoding: gzip, deflate\r\n' +
        'Connection: keep-alive\r\n' +
        '\r\n',
    )
    expect(Buffer.from(request.bytes).toString('latin1')).toBe(request.head)
    expect(request.requestLine).toBe('GET /sample.htm HTTP/1.1')
  })

  it('adds Referer for a subresource and an image Accept', () => {
    const image = parseLoadableUrl('http://www.lab.cyber.co.kr:10080/gazou.jpg')
    const request = buildRequest({ url: image, destination: 'image', referer: page.href })
    expect(request.headers).toContainEqual(['Referer', 'http://www.lab.cyber.co.kr:10080/sample.htm'])
    expect(request.headers.find(([n]) => n === 'Accept')?.[1]).toMatch(/^image\//)
  })

  it('turns user:password@ into Authorization: Basic', () => {
    const request = buildRequest({ url: parseLoadableUrl('http://user:pass%20word@www.lab.cyber.co.kr/') })
    expect(request.headers).toContainEqual(['Authorization', `Basic ${Buffer.from('user:pass word').toString('base64')}`])
  })

  it('sends a POST form as an urlencoded body with its length', () => {
    const request = buildRequest({ url: page, method: 'POST', form: { name: '탐험', q: 'a&b' } })
    const text = requestText(request)
    expect(text.endsWith('\r\n\r\nname=%ED%83%90%ED%97%98&q=a%26b')).toBe(true)
    expect(request.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded'])
    expect(request.headers).toContainEqual(['Content-Length', String(request.body.length)])
    expect(request.bytes.length).toBe(Buffer.byteLength(request.head) + request.body.length)
  })

  it('builds every method of STORY 01 §4, with PUT carrying a body and an empty POST a zero length', () => {
    for (const method of ['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE'] as const) {
      expect(buildRequest({ url: page, method }).requestLine).toBe(`${method} /sample.htm HTTP/1.1`)
    }
    const put = buildRequest({ url: page, method: 'PUT', body: '<p>new</p>', contentType: 'text/html' })
    expect(requestText(put)).toMatch(/Content-Type: text\/html\r\nContent-Length: 10\r\n\r\n<p>new<\/p>$/)
    expect(buildRequest({ url: page, method: 'POST' }).headers).toContainEqual(['Content-Length', '0'])
  })

  it('refuses a body on GET/HEAD/TRACE, unknown methods and header injection', () => {
    expect(() => buildRequest({ url: page, method: 'TRACE', body: 'x' })).toThrow(expect.objectContaining({ code: 'HTTP_BODY_NOT_ALLOWED' }))
    expect(() => buildRequest({ url: page, method: 'CONNECT' as 'GET' })).toThrow(expect.objectContaining({ code: 'HTTP_BAD_METHOD' }))
    expect(() => buildRequest({ url: page, referer: 'http://a/\r\nX-Evil: 1' })).toThrow(expect.objectContaining({ code: 'HTTP_BAD_HEADER_VALUE', message: expect.stringContaining('"Referer"') }))
    expect(() => buildRequest({ url: page, extraHeaders: [['Bad Name', 'x']] })).toThrow(expect.objectContaining({ code: 'HTTP_BAD_HEADER_VALUE' }))
  })

  it('brackets an IPv6 host and says "Connection: close" on request', () => {
    const request = buildRequest({ url: parseLoadableUrl('http://[::1]:8080/'), close: true })
    expect(request.head).toContain('Host: [::1]:8080\r\n')
    expect(request.head).toContain('Connection: close\r\n')
  })
})
