// DNS messages for the engine (the resolver and the lab's servers): encoding with dns-packet, and
// decoding — never throwing — with the one reader (wire.ts), which also gives the header fields
// of a message it cannot read whole (so a broken response is still matched to its query by id
// and thrown away with a reason).
//
// dns-packet is the encoder: it builds headers, questions, records and the OPT record from plain
// objects, and our record views become its objects through records.ts (`toPacketAnswer`).
import dnsPacket from 'dns-packet'
import type { Answer, Packet, RecordType } from 'dns-packet'
import { canonicalName } from './names.ts'
import { toPacketAnswer } from './records.ts'
import { packetTypeName } from './types.ts'
import { readMessage, DNS_ID, DNS_HEADER_LENGTH, FLAG, type DnsMessage, type DnsQuestion } from './wire.ts'

export { DNS_FLAGS, DNS_HEADER_LENGTH, DNS_ID, DNS_QDCOUNT, type DnsMessage, type DnsQuestion } from './wire.ts'

/** EDNS0 UDP payload size we advertise: the DNS Flag Day 2020 value, safe against fragmentation. */
export const EDNS_UDP_SIZE = 1232

export interface QuerySpec {
  id: number
  qname: string
  qtype: string
  recursionDesired: boolean
  /** Adds an OPT record advertising `EDNS_UDP_SIZE` (RFC 6891). Default true. */
  edns?: boolean
}

export function encodeQuery(spec: QuerySpec): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: spec.id,
    flags: spec.recursionDesired ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ name: spec.qname === '.' ? '.' : spec.qname.replace(/\.$/, ''), type: packetTypeName(spec.qtype) as RecordType, class: 'IN' }],
    additionals: spec.edns === false ? [] : [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, flags: 0, options: [] } as never],
  })
}

/** A decoded message as dns-packet encodes it back (the round trip: encode → decode → encode). */
export function encodeMessage(message: DnsMessage): Buffer {
  return dnsPacket.encode(toPacket(message))
}

/** Our message model as dns-packet's packet object. */
export function toPacket(message: DnsMessage): Packet {
  const opt: Answer[] =
    message.edns === null
      ? []
      : [
          {
            type: 'OPT',
            name: '.',
            udpPayloadSize: message.edns.udpSize,
            extendedRcode: message.edns.extendedRcode >> 4,
            ednsVersion: message.edns.version,
            flags: message.edns.dnssecOk ? 0x8000 : 0,
            options: message.edns.options.map((o) => ({ code: o.code, data: Buffer.from(o.data) })),
          } as unknown as Answer,
        ]
  return {
    id: message.id,
    type: message.response ? 'response' : 'query',
    flags: message.flags & ~FLAG.QR,
    questions: message.questions.map((q) => ({ name: q.name, type: packetTypeName(q.type) as RecordType, class: q.class as 'IN' })),
    answers: message.answers.map(toPacketAnswer),
    authorities: message.authority.map(toPacketAnswer),
    additionals: [...message.additional.map(toPacketAnswer), ...opt],
  }
}

export type DecodeResult =
  | { ok: true; message: DnsMessage }
  | {
      ok: false
      /** Why it could not be decoded, naming the part ("header: 7 bytes, need 12", "bad pointer"). */
      reason: string
      /** Header fields that could be read (id, QR, TC) even though the rest could not. */
      id: number | null
      isResponse: boolean
      truncated: boolean
      /** The question, when it decoded before the problem (so TC=1 answers cut mid-record still match). */
      question: DnsQuestion | null
    }

/**
 * Decodes one whole message (a datagram, or a TCP message without its prefix); never throws.
 * Question names come back canonical (lower case, final dot), as the engine compares them; record
 * names keep the case the server sent. Any problem — a bad pointer, a name over 255 octets,
 * records cut short, an unreadable name inside record data — makes the message unusable.
 */
export function decodeMessage(bytes: Uint8Array): DecodeResult {
  const message = readMessage(bytes, 0, bytes.length)
  if (message === null) {
    return { ok: false, reason: `header: ${bytes.length} bytes, need ${DNS_HEADER_LENGTH}`, id: bytes.length >= 2 ? (bytes[DNS_ID]! << 8) | bytes[DNS_ID + 1]! : null, isResponse: false, truncated: false, question: null }
  }
  for (const q of message.questions) q.name = canonicalName(q.name)
  const problem = message.problems.find((p) => p.severity !== 'note') ?? message.problems[0]
  if (problem === undefined) return { ok: true, message }
  return {
    ok: false,
    reason: `undecodable: ${problem.message}`,
    id: message.id,
    isResponse: message.response,
    truncated: message.tc,
    question: message.questions[0] ?? null,
  }
}
