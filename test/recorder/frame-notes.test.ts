// Each frame's step in words (the pcapng comment and the journal's frame note), for DNS read with
// the one DNS reader and, over TCP, the one framer: a write of two length-prefixed messages names
// both; a read that ends inside a message says so; bytes that are not DNS get no DNS words.
import { describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { frameTcpMessage } from '../../src-main/dns/tcp-framing.ts'
import { dnsMessageNote, tcpPayloadNote } from '../../src-main/recorder/frame-notes.ts'

const query = dnsPacket.encode({ type: 'query', id: 0x1a2b, flags: 0, questions: [{ type: 'TXT', name: 'big.lab.cyber.co.kr' }] })
const answer = dnsPacket.encode({
  type: 'response',
  id: 0x1a2b,
  flags: dnsPacket.AUTHORITATIVE_ANSWER,
  questions: [{ type: 'TXT', name: 'big.lab.cyber.co.kr' }],
  answers: [1, 2].map((n) => ({ type: 'TXT', name: 'big.lab.cyber.co.kr', ttl: 300, data: `record ${n}` }) as dnsPacket.Answer),
})

describe('DNS frame notes', () => {
  it('name the message: query or response, id, question, and what the response holds', () => {
    expect(dnsMessageNote(query)).toBe('DNS query 0x1a2b: big.lab.cyber.co.kr. TXT')
    expect(dnsMessageNote(answer)).toBe('DNS response 0x1a2b: big.lab.cyber.co.kr. TXT: 2 answers (authoritative)')
    expect(dnsMessageNote(new Uint8Array([1, 2, 3]))).toBeNull()
  })

  it('over TCP: every length-prefixed message of a segment, and a message that continues later', () => {
    const two = new Uint8Array([...frameTcpMessage(query), ...frameTcpMessage(query)])
    expect(tcpPayloadNote('dns', 'out', two, { index: 0, count: 1 })).toBe('write(): DNS query 0x1a2b: big.lab.cyber.co.kr. TXT; DNS query 0x1a2b: big.lab.cyber.co.kr. TXT')
    const framed = frameTcpMessage(answer)
    expect(tcpPayloadNote('dns', 'in', framed.subarray(0, 20), { index: 0, count: 1 })).toBe(`read(): part of a ${answer.length}-byte DNS message into the receive buffer`)
    expect(tcpPayloadNote('dns', 'in', framed, { index: 0, count: 1 })).toBe('read(): DNS response 0x1a2b: big.lab.cyber.co.kr. TXT: 2 answers (authoritative) into the receive buffer')
  })
})
