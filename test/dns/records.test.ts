// Record views: presentation format → dns-packet records → wire bytes → the one reader's printer,
// for every type the engine shows by name.
import { describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { canonicalRecord, parseCharacterStrings, parseRecordType, quoteCharacterString, toPacketAnswer } from '../../src-main/dns/records.ts'
import { readMessage } from '../../src-main/dns/wire.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'

/** Encodes a view as a wire response, decodes it, and returns the decoded record's view. */
function throughTheWire(view: DnsRecordView): DnsRecordView {
  const bytes = dnsPacket.encode({ type: 'response', id: 1, answers: [toPacketAnswer(view)] })
  const decoded = readMessage(bytes, 0, bytes.length)!
  expect(decoded.problems).toEqual([])
  return decoded.answers[0]!
}

describe('record views', () => {
  const views: DnsRecordView[] = [
    { name: 'www.lab.cyber.co.kr.', type: 'A', class: 'IN', ttl: 3600, data: '192.0.2.226' },
    { name: 'www.lab.cyber.co.kr.', type: 'AAAA', class: 'IN', ttl: 3600, data: '2001:db8::e2' },
    { name: 'cyber.co.kr.', type: 'NS', class: 'IN', ttl: 86400, data: 'ns1.cyber.co.kr.' },
    { name: 'web.lab.cyber.co.kr.', type: 'CNAME', class: 'IN', ttl: 600, data: 'www.lab.cyber.co.kr.' },
    { name: 'cyber.co.kr.', type: 'MX', class: 'IN', ttl: 3600, data: '10 mail.cyber.co.kr.' },
    { name: 'cyber.co.kr.', type: 'TXT', class: 'IN', ttl: 300, data: '"v=spf1 -all" "say \\"hi\\"" "tab\\009"' },
    { name: 'cyber.co.kr.', type: 'SOA', class: 'IN', ttl: 3600, data: 'ns1.cyber.co.kr. hostmaster.cyber.co.kr. 2024010101 7200 900 1209600 300' },
    { name: '226.2.0.192.in-addr.arpa.', type: 'PTR', class: 'IN', ttl: 3600, data: 'www.lab.cyber.co.kr.' },
    { name: '_http._tcp.cyber.co.kr.', type: 'SRV', class: 'IN', ttl: 60, data: '0 5 80 www.lab.cyber.co.kr.' },
    { name: 'cyber.co.kr.', type: 'CAA', class: 'IN', ttl: 60, data: '0 issue "ca.lab"' },
    { name: 'cyber.co.kr.', type: 'TYPE65280', class: 'IN', ttl: 60, data: '\\# 3 ABCDEF' },
  ]
  for (const view of views) {
    it(`${view.type} survives presentation → wire → presentation`, () => {
      expect(throughTheWire(view)).toEqual(view)
    })
  }

  it('canonical views lower-case the owner and the names inside the data, nothing else', () => {
    expect(canonicalRecord({ name: 'Cyber.CO.kr.', type: 'MX', class: 'IN', ttl: 5, data: '10 Mail.Cyber.co.kr.' })).toEqual({ name: 'cyber.co.kr.', type: 'MX', class: 'IN', ttl: 5, data: '10 mail.cyber.co.kr.' })
    expect(canonicalRecord({ name: 'X.', type: 'TXT', class: 'IN', ttl: 5, data: '"Keep Case"' }).data).toBe('"Keep Case"')
    expect(canonicalRecord({ name: 'X.', type: 'SOA', class: 'IN', ttl: 5, data: 'NS1.X. Host.X. 1 2 3 4 5' }).data).toBe('ns1.x. host.x. 1 2 3 4 5')
  })

  it('prints types without a printer in RFC 3597 generic form', () => {
    const bytes = dnsPacket.encode({ type: 'response', id: 1, answers: [{ type: 'SSHFP', name: 'h.example', ttl: 1, data: { algorithm: 1, hash: 1, fingerprint: 'ab'.repeat(20) } } as never] })
    expect(readMessage(bytes, 0, bytes.length)!.answers[0]!.data).toBe(`\\# 22 0101${'AB'.repeat(20)}`)
    const unknown = dnsPacket.encode({ type: 'response', id: 1, answers: [{ type: 'UNKNOWN_65280', name: 'h.example', ttl: 1, data: Buffer.from([1, 2, 0xfe]) } as never] })
    expect(readMessage(unknown, 0, unknown.length)!.answers[0]).toMatchObject({ type: 'TYPE65280', data: '\\# 3 0102FE' })
  })
})

describe('character strings', () => {
  it('quotes and escapes " \\ and non-printable bytes as \\DDD', () => {
    expect(quoteCharacterString(Buffer.from('a"b\\c\x01'))).toBe('"a\\"b\\\\c\\001"')
  })
  it('parses quoted and bare strings back into bytes', () => {
    expect(parseCharacterStrings('"a b" c "\\"x\\065"').map((b) => b.toString('latin1'))).toEqual(['a b', 'c', '"xA'])
  })
  it('rejects an unterminated quote', () => {
    expect(() => parseCharacterStrings('"open')).toThrowError(/unterminated/)
  })
})

describe('record types', () => {
  it('accepts names in any case and numeric TYPEnnn', () => {
    expect(parseRecordType('aaaa')).toBe('AAAA')
    expect(parseRecordType('mx')).toBe('MX')
    expect(parseRecordType('TYPE1')).toBe('A')
    expect(parseRecordType('65280')).toBe('TYPE65280')
    expect(parseRecordType('type65')).toBe('HTTPS')
  })
  it('rejects unknown names and meta-types (OPT, ANY, AXFR) with DNS_BAD_TYPE', () => {
    expect(() => parseRecordType('AAA')).toThrowError(expect.objectContaining({ code: 'DNS_BAD_TYPE' }))
    expect(() => parseRecordType('OPT')).toThrowError(expect.objectContaining({ code: 'DNS_BAD_TYPE' }))
    expect(() => parseRecordType('TYPE70000')).toThrowError(expect.objectContaining({ code: 'DNS_BAD_TYPE' }))
    expect(() => parseRecordType('any')).toThrowError(/meta-type/)
    expect(() => parseRecordType('TYPE252')).toThrowError(/AXFR is a meta-type/)
  })
})
