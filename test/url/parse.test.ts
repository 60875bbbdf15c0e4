import { describe, expect, it } from 'vitest'
import { parseLoadableUrl, parseUrl, resolveReference, withPort, type WebUrl } from '../../src-main/url/index.ts'
import { UrlError } from '../../src-main/url/errors.ts'

function web(text: string): WebUrl {
  const parsed = parseUrl(text)
  if (parsed.kind !== 'web') throw new Error(`expected a web URL for ${text}`)
  return parsed
}

function errorOf(text: string): UrlError {
  try {
    parseUrl(text)
  } catch (error) {
    if (error instanceof UrlError) return error
    throw error
  }
  throw new Error(`expected ${text} to fail`)
}

describe('URL anatomy as the notes take it apart', () => {
  it('splits the notes\' example into scheme, user, password, host, port and path with offsets', () => {
    const text = 'http://user:password@www.cyber.co.kr:80/dir/file1.html'
    const url = web(text)
    expect(url).toMatchObject({ scheme: 'http', user: 'user', password: 'password', host: 'www.cyber.co.kr', port: 80, effectivePort: 80, path: '/dir/file1.html' })
    expect(url.parts.map((p) => [p.kind, p.text])).toEqual([
      ['scheme', 'http:'],
      ['slashes', '//'],
      ['user', 'user'],
      ['delimiter', ':'],
      ['password', 'password'],
      ['delimiter', '@'],
      ['host', 'www.cyber.co.kr'],
      ['delimiter', ':'],
      ['port', '80'],
      ['path', '/dir/file1.html'],
    ])
    for (const part of url.parts) expect(text.slice(part.start, part.end)).toBe(part.text)
    expect(url.hostHeader).toBe('www.cyber.co.kr') // default port left out of Host
    expect(url.href).toBe('http://www.cyber.co.kr/dir/file1.html') // no user info in a Referer
    expect(url.pathTarget).toEqual({ kind: 'file', directory: '/dir/', file: 'file1.html' })
  })

  it('tells the four file-name cases of STORY 01 §3 apart', () => {
    expect(web('http://www.lab.cyber.co.kr/dir/').pathTarget).toEqual({ kind: 'directory', directory: '/dir/' })
    expect(web('http://www.lab.cyber.co.kr/').pathTarget).toEqual({ kind: 'directory', directory: '/' })
    const bare = web('http://www.lab.cyber.co.kr')
    expect(bare.pathTarget).toEqual({ kind: 'root-default', directory: '/' })
    expect(bare.requestTarget).toBe('/')
    expect(web('http://www.lab.cyber.co.kr/whatisthis').pathTarget).toEqual({ kind: 'file-or-directory', directory: '/', name: 'whatisthis' })
  })

  it('keeps a non-default port in the Host header and the origin', () => {
    const url = web('HTTP://WWW.Lab.Cyber.co.kr:10080/sample.htm?a=1 2#top')
    expect(url.scheme).toBe('http')
    expect(url.hostHeader).toBe('www.lab.cyber.co.kr:10080')
    expect(url.origin).toBe('http://www.lab.cyber.co.kr:10080')
    expect(url.requestTarget).toBe('/sample.htm?a=1%202')
    expect(url.fragment).toBe('top')
  })

  it('encodes non-ASCII paths as UTF-8 and removes dot segments', () => {
    expect(web('http://a.example/dir/../탐험/./x y.html').requestTarget).toBe('/%ED%83%90%ED%97%98/x%20y.html')
  })

  it('turns an internationalised name into punycode for DNS and the Host header', () => {
    const url = web('https://한국.example/')
    expect(url.host).toBe('한국.example')
    expect(url.hostAscii).toBe('xn--3e0b707e.example')
    expect(url.hostHeader).toBe('xn--3e0b707e.example')
    expect(url.effectivePort).toBe(443)
  })

  it('reads IPv4 and IPv6 literals', () => {
    const v4 = web('http://127.0.0.1:8080/')
    expect(v4).toMatchObject({ hostKind: 'ipv4', hostAscii: '127.0.0.1', effectivePort: 8080 })
    const v6 = web('http://[::1]:8080/x')
    expect(v6).toMatchObject({ hostKind: 'ipv6', host: '::1', hostHeader: '[::1]:8080', origin: 'http://[::1]:8080' })
    expect(v6.parts.find((p) => p.kind === 'host')?.text).toBe('[::1]')
  })

  it('explains ftp:, file: and mailto: as other access methods instead of failing', () => {
    const ftp = parseUrl('ftp://ftp.example.com/pub/readme.txt')
    expect(ftp).toMatchObject({ kind: 'other', scheme: 'ftp', accessMethod: 'FTP client', target: 'FTP server ftp.example.com, file /pub/readme.txt' })
    expect(parseUrl('file:///home/me/a.html')).toMatchObject({ kind: 'other', scheme: 'file', accessMethod: 'local file' })
    const mail = parseUrl('mailto:someone@cyber.co.kr')
    expect(mail).toMatchObject({ kind: 'other', scheme: 'mailto', target: 'mail address someone@cyber.co.kr' })
    if (mail.kind === 'other') expect(mail.explanation.ko).toContain('메일')
    expect(() => parseLoadableUrl('mailto:someone@cyber.co.kr')).toThrow(expect.objectContaining({ code: 'URL_OTHER_ACCESS_METHOD' }))
  })
})

describe('bad URLs name the offending part', () => {
  it('rejects an out-of-range port, naming it and its position', () => {
    const error = errorOf('http://www.lab.cyber.co.kr:99999/sample.htm')
    expect(error.code).toBe('URL_BAD_PORT')
    expect(error.message).toBe('the port 99999 (characters 27–32) is out of range: a port number is 1–65535')
    expect(error.details).toMatchObject({ part: 'port', start: 27, end: 32 })
  })

  it('rejects a port that is not a number', () => {
    expect(errorOf('http://host.example:8o/').message).toContain('the port "8o"')
  })

  it('asks for a scheme when there is none, also for host:port', () => {
    expect(errorOf('www.lab.cyber.co.kr/sample.htm').code).toBe('URL_NO_SCHEME')
    const error = errorOf('localhost:8080/x')
    expect(error.code).toBe('URL_NO_SCHEME')
    expect(error.details?.suggestion).toBe('http://localhost:8080/x')
  })

  it('rejects unknown schemes and missing slashes', () => {
    expect(errorOf('gopher://x.example/').code).toBe('URL_UNSUPPORTED_SCHEME')
    const slashes = errorOf('http:/www.example.com/')
    expect(slashes.code).toBe('URL_BAD_SLASHES')
    expect(slashes.details).toMatchObject({ start: 5 })
  })

  it('points at a forbidden character in the host', () => {
    const error = errorOf('http://www.ex ample.com/')
    expect(error.code).toBe('URL_BAD_HOST')
    expect(error.details).toMatchObject({ start: 13, end: 14 })
    expect(errorOf('http:///path').code).toBe('URL_EMPTY_HOST')
    expect(errorOf('http://a..b/').code).toBe('URL_BAD_HOST')
    expect(errorOf(`http://${'a'.repeat(64)}.com/`).message).toContain('at most 63')
  })

  it('rejects malformed addresses', () => {
    expect(errorOf('http://127.0.0.256/').message).toContain('"256" at character 15 is above 255')
    expect(errorOf('http://127.1/').code).toBe('URL_BAD_IPV4')
    expect(errorOf('http://[::1/').code).toBe('URL_BAD_IPV6')
    expect(errorOf('http://[1::2::3]/').code).toBe('URL_BAD_IPV6')
  })

  it('rejects control characters and stray percent signs in the path', () => {
    expect(errorOf('http://a.example/x\u0001y').code).toBe('URL_BAD_PATH')
    expect(errorOf('http://a.example/100%').message).toContain('"%" at character 20')
    expect(errorOf('   ').code).toBe('URL_EMPTY')
  })
})

describe('resolving links and lab ports', () => {
  const page = web('http://www.lab.cyber.co.kr:10080/dir/sample.htm')

  it('resolves relative, root-relative and absolute references', () => {
    expect(resolveReference(page, 'gazou.jpg').href).toBe('http://www.lab.cyber.co.kr:10080/dir/gazou.jpg')
    expect(resolveReference(page, '/img/a.png').requestTarget).toBe('/img/a.png')
    expect(resolveReference(page, '//www.lab.glasscom.com:10080/x.css').host).toBe('www.lab.glasscom.com')
    expect(() => resolveReference(page, 'http://bad host/')).toThrow(UrlError)
  })

  it('moves a URL to another port, keeping user info, path and query', () => {
    const url = withPort(web('http://u:p@www.lab.cyber.co.kr/sample.htm?q=1'), 10080)
    expect(url).toMatchObject({ port: 10080, user: 'u', password: 'p', requestTarget: '/sample.htm?q=1', hostHeader: 'www.lab.cyber.co.kr:10080' })
  })
})
