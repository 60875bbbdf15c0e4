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
    expect(error.message).toBe('the port 99999 (characters 27–32) is out of range: a port number is 0–65535')
    expect(error.details).toMatchObject({ part: 'port', start: 27, end: 32 })
  })

  it('rejects a port that is not a number, and hints at brackets for an IPv6 address', () => {
    expect(errorOf('http://host.example:8o/').message).toContain('the port "8o"')
    expect(errorOf('http://2001::1/').message).toContain('an IPv6 address must be written in brackets')
  })

  it('asks for a scheme when there is none, also for host:port', () => {
    expect(errorOf('www.lab.cyber.co.kr/sample.htm').code).toBe('URL_NO_SCHEME')
    const error = errorOf('localhost:8080/x')
    expect(error.code).toBe('URL_NO_SCHEME')
    expect(error.details?.suggestion).toBe('http://localhost:8080/x')
    expect(errorOf('gopher://x.example/').code).toBe('URL_UNSUPPORTED_SCHEME')
  })

  it('points at a forbidden character in the host, also when percent-encoded', () => {
    const error = errorOf('http://www.ex ample.com/')
    expect(error.code).toBe('URL_BAD_HOST')
    expect(error.details).toMatchObject({ start: 13, end: 14 })
    const encoded = errorOf('http://ho%2Fst/')
    expect(encoded.message).toBe('the host "ho%2Fst" contains "/" (written "%2F") at character 9, which a server name cannot contain')
    expect(encoded.details).toMatchObject({ start: 9, end: 12 })
    expect(errorOf('http://?q').code).toBe('URL_EMPTY_HOST')
    expect(web('http:///path').hostAscii).toBe('path') // slashes are skipped: "path" is the host
    expect(errorOf('http://user@/x').code).toBe('URL_EMPTY_HOST')
    expect(errorOf('http://xn--/').message).toContain('not a valid internationalised domain name')
  })

  it('says why a host that ends in a number is not an IPv4 address', () => {
    expect(errorOf('http://127.0.0.256/').message).toBe('the host "127.0.0.256" ends in a number, so the browser reads it as an IPv4 address, but the part "256" is above 255')
    expect(errorOf('http://1.2.3.09/').message).toContain('the part "09" starts with 0, which makes it octal, but has a digit 8 or 9')
    expect(errorOf('http://foo.09/').message).toContain('the part "foo" is not a number')
    expect(errorOf('http://1.2.3.4.5/').message).toContain('it has 5 parts and an address has at most 4')
    expect(errorOf('http://[::1/').code).toBe('URL_BAD_IPV6')
    expect(errorOf('http://[1::2::3]/').code).toBe('URL_BAD_IPV6')
  })

  it('refuses only empty text, not paths a browser accepts', () => {
    expect(errorOf('   ').code).toBe('URL_EMPTY')
    expect(web('http://a.example/100%').requestTarget).toBe('/100%')
    expect(web('http://a.example/x\u0001y').requestTarget).toBe('/x%01y')
  })
})

describe('what the browser repairs, shown in the anatomy', () => {
  it('drops tabs and newlines, keeping the parts at their typed places', () => {
    const typed = 'http://www.lab.\tcyber.co.kr/sam\nple.htm'
    const url = web(typed)
    expect(url.hostAscii).toBe('www.lab.cyber.co.kr')
    expect(url.requestTarget).toBe('/sample.htm')
    expect(url.parts.find((p) => p.kind === 'host')).toMatchObject({ text: 'www.lab.\tcyber.co.kr', start: 7, end: 27 })
    const note = url.repairs.find((r) => r.kind === 'tab-newline')!
    expect(note.ranges).toEqual([{ start: 15, end: 16 }, { start: 31, end: 32 }])
    expect(note.text.en).toBe('The browser drops tabs and line breaks inside a URL (2 here).')
    expect(note.text.ko).toBe('브라우저는 URL 안의 탭과 줄바꿈을 지운다(여기서는 2개).')
  })

  it('reads "\\" as "/" and any number of slashes as "//"', () => {
    const url = web('http:\\\\www.lab.cyber.co.kr\\dir\\file.htm')
    expect(url.requestTarget).toBe('/dir/file.htm')
    const backslash = url.repairs.find((r) => r.kind === 'backslash')!
    expect(backslash.ranges.map((r) => url.input.slice(r.start, r.end))).toEqual(['\\', '\\', '\\', '\\'])
    expect(backslash.text.en).toBe('"\\" is read as "/": in http: and https: URLs the browser treats a backslash as a slash.')
    const one = web('https:/example.com/')
    expect(one.hostHeader).toBe('example.com')
    expect(one.repairs.map((r) => r.kind)).toEqual(['slashes'])
    expect(one.repairs[0]!.text.en).toBe('After "https:" the browser expects "//", but reads any number of slashes (here 1) as "//".')
  })

  it('accepts port 0 as browsers do, and says why connecting will fail', () => {
    const url = web('http://f:0/c')
    expect(url).toMatchObject({ port: 0, effectivePort: 0, hostHeader: 'f:0' })
    expect(url.repairs.map((r) => r.kind)).toEqual(['port-zero'])
    expect(url.repairs[0]!.text.ko).toContain('포트 0은')
  })

  it('percent-encodes what a request line cannot carry, and says which characters', () => {
    const url = web('http://u:p]@a.example/x y?q=\'1\'')
    expect(url.password).toBe('p]')
    expect(url.requestTarget).toBe('/x%20y?q=%271%27')
    expect(url.repairs.map((r) => [r.kind, r.text.en])).toEqual([
      ['percent-encoded', 'The browser percent-encodes characters that may not appear as they are in the password (their UTF-8 bytes as %XX): "]" → %5D.'],
      ['percent-encoded', 'The browser percent-encodes characters that may not appear as they are in the path (their UTF-8 bytes as %XX): U+0020 → %20.'],
      ['percent-encoded', 'The browser percent-encodes characters that may not appear as they are in the query (their UTF-8 bytes as %XX): "\'" → %27.'],
    ])
  })

  it('reads short and hexadecimal IPv4 forms as a browser does', () => {
    const url = web('http://127.1:8080/')
    expect(url).toMatchObject({ hostKind: 'ipv4', hostAscii: '127.0.0.1', hostHeader: '127.0.0.1:8080' })
    expect(url.repairs[0]!.text.en).toContain('127.1 → 127.0.0.1')
    expect(web('http://0x7f.0.0.1/').hostAscii).toBe('127.0.0.1')
  })

  it('drops the default port from the Host header and removes dot segments, saying so', () => {
    const url = web('http://www.lab.cyber.co.kr:80/a/../b/./c.htm')
    expect(url).toMatchObject({ port: 80, hostHeader: 'www.lab.cyber.co.kr', requestTarget: '/b/c.htm' })
    expect(url.repairs.map((r) => r.kind)).toEqual(['default-port', 'dot-segments'])
    expect(url.repairs[1]!.text.en).toBe('The browser removes the "." and ".." segments of the path (RFC 3986 §5.2.4): /a/../b/./c.htm → /b/c.htm.')
  })

  it('has no repair notes for a URL typed as the notes write it', () => {
    expect(web('http://user:password@www.cyber.co.kr:8080/dir/file1.html').repairs).toEqual([])
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
