import { describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { decodeMessage, EDNS_UDP_SIZE, encodeQuery, frameForTcp, TcpMessageReader } from '../../src-main/dns/message.ts'

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
})

describe('decodeMessage', () => {
  it('reports a short header with its length', () => {
    const result = decodeMessage(Buffer.from([0x12, 0x34, 0x81]))
    expect(result).toMatchObject({ ok: false, reason: 'header: 3 bytes, need 12', id: 0x1234 })
  })
  it('rejects a compression pointer loop without hanging, keeping the header', () => {
    // header (id 7, QR+TC, 1 question) then a name that is a pointer to itself at offset 12
    const bytes = Buffer.from([0, 7, 0x82, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xc0, 12, 0, 1, 0, 1])
    const result = decodeMessage(bytes)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.reason).toMatch(/bad pointer/)
      expect(result).toMatchObject({ id: 7, isResponse: true, truncated: true, question: null })
    }
  })
  it('rejects a name longer than 255 octets', () => {
    const labels = Array.from({ length: 5 }, () => [60, ...Buffer.from('z'.repeat(60))]).flat()
    const bytes = Buffer.from([0, 9, 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, ...labels, 0, 0, 1, 0, 1])
    const result = decodeMessage(bytes)
    expect(result).toMatchObject({ ok: false, id: 9 })
    if (!result.ok) expect(result.reason).toMatch(/name too long/)
  })
  it('keeps the question of a TC=1 response cut in the middle of a record', () => {
    const full = dnsPacket.encode({ type: 'response', id: 3, flags: dnsPacket.TRUNCATED_RESPONSE, questions: [{ type: 'TXT', name: 'big.lab' }], answers: [{ type: 'TXT', name: 'big.lab', data: 'x'.repeat(100) }] })
    const result = decodeMessage(full.subarray(0, full.length - 40))
    expect(result).toMatchObject({ ok: false, truncated: true, question: { name: 'big.lab.', type: 'TXT', class: 'IN' } })
  })
})

describe('DNS over TCP framing', () => {
  it('prefixes the length and reassembles messages split across reads', () => {
    const a = Buffer.from('first message')
    const b = Buffer.from('second')
    const stream = Buffer.concat([frameForTcp(a), frameForTcp(b)])
    expect(stream.readUInt16BE(0)).toBe(a.length)
    const reader = new TcpMessageReader()
    expect(reader.push(stream.subarray(0, 1))).toEqual([])
    expect(reader.push(stream.subarray(1, 10))).toEqual([])
    const rest = reader.push(stream.subarray(10))
    expect(rest.map((m) => m.toString())).toEqual(['first message', 'second'])
    expect(reader.bufferedBytes).toBe(0)
  })
})
