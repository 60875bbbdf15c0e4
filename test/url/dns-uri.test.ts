// A DNS lookup typed as a URI (RFC 4501, "dns:cyber.co.kr?type=MX"): the name, the type, the
// normalised form; every refusal names the part that is wrong. And the recorder's check, which
// also asks the resolver's own parser whether the type is one it can ask for.
import { describe, expect, it } from 'vitest'
import { parseRecordTarget } from '../../src-main/recorder/record-target.ts'
import { isDnsUri, parseDnsUri, UrlError } from '../../src-main/url/index.ts'

function refusal(text: string): UrlError {
  try {
    parseDnsUri(text)
  } catch (error) {
    if (error instanceof UrlError) return error
    throw error
  }
  throw new Error(`expected ${text} to be refused`)
}

describe('dns: URIs', () => {
  it('name the lookup: name and type, with RFC 4501\'s ";" parameters and any case', () => {
    expect(parseDnsUri('dns:cyber.co.kr?type=MX')).toEqual({ input: 'dns:cyber.co.kr?type=MX', name: 'cyber.co.kr', qtype: 'MX', href: 'dns:cyber.co.kr?type=MX' })
    expect(parseDnsUri('  DNS:WWW.Lab.Cyber.co.kr.  ')).toMatchObject({ name: 'www.lab.cyber.co.kr', qtype: 'A', href: 'dns:www.lab.cyber.co.kr?type=A' })
    expect(parseDnsUri('dns:www.example.org.?clAsS=IN;tYpE=aaaa')).toMatchObject({ name: 'www.example.org', qtype: 'AAAA' })
    expect(parseDnsUri('dns:%ED%95%9C%EA%B8%80.kr?type=A').name).toBe('xn--bj0bj06e.kr')
    expect(isDnsUri('dns:x')).toBe(true)
    expect(isDnsUri('http://dns.example/')).toBe(false)
  })

  it('refuse what they cannot look up, naming the part', () => {
    expect(refusal('dns://127.0.0.1/cyber.co.kr?type=MX')).toMatchObject({ code: 'URL_BAD_DNS_URI', details: { part: 'host' }, message: expect.stringContaining('names a DNS server') })
    expect(refusal('dns:?type=MX')).toMatchObject({ code: 'URL_BAD_DNS_URI', message: expect.stringContaining('names no domain name') })
    expect(refusal('dns:127.53.3.1')).toMatchObject({ code: 'URL_BAD_DNS_URI', message: expect.stringContaining('is an address, not a name') })
    expect(refusal('dns:cyber.co.kr?class=CH;type=TXT')).toMatchObject({ code: 'URL_BAD_DNS_URI', details: { part: 'query', start: 16, end: 24 }, message: expect.stringContaining('only IN') })
    expect(refusal('dns:cyber.co.kr?type=MX;type=A')).toMatchObject({ message: expect.stringContaining('given twice') })
    expect(refusal('dns:cyber.co.kr?name=x')).toMatchObject({ message: expect.stringContaining('is not a dns: parameter') })
    expect(refusal('dns:bad host.kr')).toMatchObject({ code: 'URL_BAD_HOST' })
  })
})

describe('what a recording records', () => {
  it('a dns: URI is a lookup, its type checked by the resolver\'s parser', () => {
    expect(parseRecordTarget('dns:cyber.co.kr?type=mx')).toEqual({ kind: 'lookup', lookup: { input: 'dns:cyber.co.kr?type=mx', name: 'cyber.co.kr', qtype: 'MX', href: 'dns:cyber.co.kr?type=MX' } })
    expect(parseRecordTarget('dns:cyber.co.kr?type=15')).toMatchObject({ kind: 'lookup', lookup: { qtype: 'MX' } })
    expect(() => parseRecordTarget('dns:cyber.co.kr?type=BOGUS')).toThrow(/unknown record type "BOGUS"/)
    expect(() => parseRecordTarget('dns:cyber.co.kr?type=ANY')).toThrow(/meta-type/)
  })

  it('a lookup takes no method or form; a page is an http(s) URL; anything else is refused first', () => {
    expect(() => parseRecordTarget('dns:cyber.co.kr?type=MX', { method: 'POST', form: [] })).toThrow(expect.objectContaining({ code: 'RECORD_BAD_OPTION' }))
    expect(parseRecordTarget('http://www.lab.cyber.co.kr/sample.htm')).toMatchObject({ kind: 'page', url: { host: 'www.lab.cyber.co.kr', path: '/sample.htm' } })
    expect(() => parseRecordTarget('ftp://ftp.lab.cyber.co.kr/x')).toThrow(expect.objectContaining({ code: 'URL_OTHER_ACCESS_METHOD' }))
    expect(() => parseRecordTarget('gopher://x/')).toThrow(/records dns: lookups/)
  })
})
