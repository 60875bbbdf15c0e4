// The one DNS codec: dns-packet encodes, the one reader (src-main/dns/wire.ts) decodes with the
// offset of every part. Messages go encode → decode → encode (byte for byte), also when the message
// sits at a non-zero offset of a larger buffer (compression pointers count from the message's first
// byte), and the reader never throws on broken bytes.
import { describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { decodeMessage, EDNS_UDP_SIZE, encodeMessage, encodeQuery } from '../../src-main/dns/message.ts'
import { frameTcpMessage, splitTcpMessages, TcpMessageFramer } from '../../src-main/dns/tcp-framing.ts'
import { readMessage } from '../../src-main/dns/wire.ts'

describe('queries', () => {
  it('encodes id, RD, the question and an EDNS0 OPT of 1232 bytes', () => {
    const bytes = encodeQuery({ id: 0xbeef, qname: 'www.lab.cyber.co.kr.', qtype: 'AAAA', recursionDesired: true })
    expect(bytes.readUInt16BE(0)).toBe(0xbeef)
    expect(bytes.readUInt16BE(2)).toBe(0x0100) // RD only
    const decoded = dnsPacket.decode(bytes)
    expect(decoded.questions).toEqual([{ name: 'www.lab.cyber.co.kr', type: 'AAAA', class: 'IN' }])
    expect(decoded.additionals).toEqual([expect.objectContaining({ type: 'OPT', udpPayloadSize: EDNS_UDP_SIZE })])
    expect(EDNS_UDP_SIZE).toBe(1232)
  })
  it('leaves RD clear for iterative queries', () => {
    expect(encodeQuery({ id: 1, qname: 'kr.', qtype: 'NS', recursionDesired: false }).readUInt16BE(2)).toBe(0)
  })
  it('writes a type without a mnemonic as its number (RFC 3597)', () => {
    const bytes = encodeQuery({ id: 2, qname: 'x.lab.', qtype: 'TYPE65280', recursionDesired: false })
    expect(readMessage(bytes, 0, bytes.length)?.questions).toEqual([{ name: 'x.lab.', type: 'TYPE65280', class: 'IN' }])
  })
})

/** A referral with glue and EDNS, compressed by hand as BIND writes it: the reader's offsets and
 * pointer handling are checked against bytes whose layout is known exactly. */
function referralFromKr(): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: 0x1a2b,
    flags: 0,
    questions: [{ type: 'A', name: 'www.lab.cyber.co.kr' }],
    authorities: [{ type: 'NS', name: 'co.kr', ttl: 86400, data: 'ns1.co.kr' }],
    additionals: [
      { type: 'A', name: 'ns1.co.kr', ttl: 86400, data: '127.53.2.1' },
      { type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0, options: [{ code: 10, data: Buffer.from('0123456789abcdef', 'hex') }] } as never,
    ],
  })
}

describe('encode → decode → encode', () => {
  const messages: [string, Buffer][] = [
    ['a query with EDNS', encodeQuery({ id: 7, qname: 'www.lab.cyber.co.kr.', qtype: 'A', recursionDesired: true })],
    ['a referral with glue and an EDNS cookie', referralFromKr()],
    [
      'an authoritative answer of every printable type',
      dnsPacket.encode({
        type: 'response',
        id: 0xffff,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED,
        questions: [{ type: 'ANY' as never, name: 'cyber.co.kr' }],
        answers: [
          { type: 'A', name: 'cyber.co.kr', ttl: 1, data: '127.53.3.80' },
          { type: 'AAAA', name: 'cyber.co.kr', ttl: 2, data: '2001:db8::e2' },
          { type: 'MX', name: 'cyber.co.kr', ttl: 3, data: { preference: 10, exchange: 'mail.cyber.co.kr' } },
          { type: 'TXT', name: 'cyber.co.kr', ttl: 4, data: ['v=spf1 -all', Buffer.from([0x22, 0x5c, 0x01, 0xff])] },
          { type: 'SOA', name: 'cyber.co.kr', ttl: 5, data: { mname: 'ns1.cyber.co.kr', rname: 'hostmaster.cyber.co.kr', serial: 2024010101, refresh: 7200, retry: 900, expire: 1209600, minimum: 300 } },
          { type: 'SRV', name: '_http._tcp.cyber.co.kr', ttl: 6, data: { priority: 0, weight: 5, port: 80, target: 'www.lab.cyber.co.kr' } },
          { type: 'CNAME', name: 'web.cyber.co.kr', ttl: 7, data: 'www.lab.cyber.co.kr' },
          { type: 'PTR', name: '80.3.53.127.in-addr.arpa', ttl: 8, data: 'cyber.co.kr' },
          { type: 'NS', name: 'cyber.co.kr', ttl: 9, data: 'ns1.cyber.co.kr' },
          { type: 'CAA', name: 'cyber.co.kr', ttl: 10, data: { flags: 128, tag: 'issue', value: 'ca.lab; x="1"' } },
          { type: 'UNKNOWN_65280', name: 'cyber.co.kr', ttl: 11, data: Buffer.from([0xab, 0xcd, 0xef]) } as never,
        ],
      }),
    ],
    ['NXDOMAIN with the SOA', dnsPacket.encode({ type: 'response', id: 3, flags: dnsPacket.AUTHORITATIVE_ANSWER | 3, questions: [{ type: 'A', name: 'nosuch.lab.cyber.co.kr' }], authorities: [{ type: 'SOA', name: 'lab.cyber.co.kr', ttl: 300, data: { mname: 'ns1.lab.cyber.co.kr', rname: 'hostmaster.lab.cyber.co.kr', serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 300 } }] })],
  ]
  for (const [what, bytes] of messages) {
    it(`${what}: the same bytes again, decoded at offset 0 and at offset 10`, () => {
      for (const at of [0, 10]) {
        const buffer = new Uint8Array(at + bytes.length + 3).fill(0xee)
        buffer.set(bytes, at)
        const message = readMessage(buffer, at, at + bytes.length)!
        expect(message.problems).toEqual([])
        expect(message.length).toBe(bytes.length)
        expect(message.layout.start).toBe(at)
        expect(encodeMessage(message)).toEqual(bytes)
      }
    })
  }

  it('keeps the offset of every part: header, question, each record, its rdata, and EDNS options', () => {
    const bytes = referralFromKr()
    const at = 10
    const buffer = new Uint8Array(at + bytes.length)
    buffer.set(bytes, at)
    const message = readMessage(buffer, at, buffer.length)!
    // 12: 03 www 03 lab 05 cyber 02 co 02 kr 00 (21 bytes) | 33: type, class | 37: authority NS …
    expect(message.layout.questions).toEqual([{ offset: at + 12, nameEnd: at + 33, end: at + 37, typeCode: 1, classCode: 1 }])
    const ns = message.layout.authority[0]!
    expect(ns).toMatchObject({ offset: at + 37, typeCode: 2, classCode: 1, ttl: 86400, view: 0 })
    expect(Buffer.from(buffer.subarray(ns.offset, ns.nameEnd)).toString('latin1')).toBe('\x02co\x02kr\x00')
    expect(Buffer.from(buffer.subarray(ns.rdata, ns.rdata + ns.rdlength)).toString('latin1')).toBe('\x03ns1\x02co\x02kr\x00')
    expect(message.authority).toEqual([{ name: 'co.kr.', type: 'NS', class: 'IN', ttl: 86400, data: 'ns1.co.kr.' }])
    const opt = message.layout.additional[1]!
    expect(opt).toMatchObject({ typeCode: 41, view: null, classCode: 1232, owner: '.' })
    expect(opt.options).toEqual([{ code: 10, length: 8, offset: opt.rdata }])
    expect(message.edns).toMatchObject({ udpSize: 1232, version: 0, dnssecOk: false, options: [{ code: 10, name: 'COOKIE', length: 8 }] })
    expect(message.additional).toEqual([{ name: 'ns1.co.kr.', type: 'A', class: 'IN', ttl: 86400, data: '127.53.2.1' }])
  })

  it('prints CAA values as quoted, escaped strings (RFC 8659 §4.1.1), as the zone files would', () => {
    const bytes = messages[2]![1]
    const caa = readMessage(bytes, 0, bytes.length)!.answers.find((r) => r.type === 'CAA')!
    expect(caa.data).toBe('128 issue "ca.lab; x=\\"1\\""')
    const txt = readMessage(bytes, 0, bytes.length)!.answers.find((r) => r.type === 'TXT')!
    expect(txt.data).toBe('"v=spf1 -all" "\\"\\\\\\001\\255"')
  })
})

describe('decodeMessage (the engine: never throws, reads the header of what it cannot read whole)', () => {
  it('reports a short header with its length', () => {
    const result = decodeMessage(Buffer.from([0x12, 0x34, 0x81]))
    expect(result).toMatchObject({ ok: false, reason: 'header: 3 bytes, need 12', id: 0x1234 })
  })
  it('rejects a compression pointer to itself without hanging, keeping the header', () => {
    // header (id 7, QR+TC, 1 question) then a name that is a pointer to itself at offset 12
    const bytes = Buffer.from([0, 7, 0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1])
    const result = decodeMessage(bytes)
    expect(result).toMatchObject({ ok: false, id: 7, isResponse: true, truncated: true, question: null })
    if (!result.ok) expect(result.reason).toBe('undecodable: question 1: compression pointer at byte 12 points to itself to byte 12 (only prior data is allowed)')
  })
  it('rejects a name longer than 255 octets', () => {
    const labels = Array.from({ length: 5 }, () => [60, ...Buffer.from('z'.repeat(60))]).flat()
    const bytes = Buffer.from([0, 9, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1])
    const result = decodeMessage(bytes)
    expect(result).toMatchObject({ ok: false, id: 9 })
    if (!result.ok) expect(result.reason).toMatch(/question 1: name longer than 255 bytes/)
  })
  it('keeps the question of a TC=1 response cut in the middle of a record', () => {
    const full = dnsPacket.encode({ type: 'response', id: 3, flags: dnsPacket.TRUNCATED_RESPONSE, questions: [{ type: 'TXT', name: 'big.lab' }], answers: [{ type: 'TXT', name: 'big.lab', data: 'x'.repeat(100) }] })
    const result = decodeMessage(full.subarray(0, full.length - 40))
    expect(result).toMatchObject({ ok: false, truncated: true, question: { name: 'big.lab.', type: 'TXT', class: 'IN' } })
  })
  it('rejects a name inside record data that points forward (the rest of the message reads)', () => {
    // answer www.lab. NS, rdata = pointer to byte 60 (past itself)
    const bytes = dnsPacket.encode({ type: 'response', id: 4, questions: [{ type: 'NS', name: 'lab' }], answers: [{ type: 'NS', name: 'lab', ttl: 1, data: 'x.lab' }] })
    const rdata = bytes.length - 7 // 01 x 03 lab 00
    bytes[rdata] = 0xc0
    bytes[rdata + 1] = 60
    const result = decodeMessage(bytes)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(/^undecodable: lab\. NS rdata: compression pointer at byte \d+ points forward to byte 60/)
  })
  it('lower-cases the question name (RFC 4343), and keeps the records as sent', () => {
    const bytes = dnsPacket.encode({ type: 'response', id: 5, flags: dnsPacket.AUTHORITATIVE_ANSWER, questions: [{ type: 'A', name: 'WWW.Lab.Cyber.co.kr' }], answers: [{ type: 'A', name: 'WWW.Lab.Cyber.co.kr', ttl: 1, data: '127.0.0.1' }] })
    const result = decodeMessage(bytes)
    expect(result.ok && result.message.questions[0]!.name).toBe('www.lab.cyber.co.kr.')
    expect(result.ok && result.message.answers[0]!.name).toBe('WWW.Lab.Cyber.co.kr.')
  })
})

describe('DNS over TCP framing (one framer for the lab, the resolver, the analyzer and the detail pane)', () => {
  it('prefixes the length and reassembles messages split across reads', () => {
    const a = Buffer.from('first message')
    const b = Buffer.from('second')
    const stream = Buffer.concat([frameTcpMessage(a), frameTcpMessage(b)])
    expect(stream.readUInt16BE(0)).toBe(a.length)
    const framer = new TcpMessageFramer()
    expect(framer.push(stream.subarray(0, 1))).toEqual([])
    expect(framer.push(stream.subarray(1, 10))).toEqual([])
    expect(framer.bufferedBytes).toBe(10)
    const rest = framer.push(stream.subarray(10))
    expect(rest.map((m) => Buffer.from(m).toString())).toEqual(['first message', 'second'])
    expect(framer.bufferedBytes).toBe(0)
  })
  it('splits one segment into its messages and says which one continues later', () => {
    const segment = Buffer.concat([frameTcpMessage(Buffer.from('abc')), Buffer.from([0, 9, 1, 2])])
    expect(splitTcpMessages(segment, 0, segment.length)).toEqual([
      { offset: 0, length: 3, complete: true },
      { offset: 5, length: 9, complete: false },
    ])
  })
  it('refuses a message the 16-bit prefix cannot describe', () => {
    expect(() => frameTcpMessage(new Uint8Array(65536))).toThrow(/65536 bytes does not fit/)
  })
})
