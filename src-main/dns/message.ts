// DNS messages on the wire: building queries, decoding responses without ever throwing, and the
// 2-byte length prefix of DNS over TCP (RFC 1035 §4.2.2). Encoding/decoding is dns-packet's;
// what is hand-written here reads header fields at their literal offsets, because a response that
// dns-packet cannot decode (a compression loop, a name over 255 octets, cut-off bytes) must still
// be matched against the query by id and classified with a reason.
import dnsPacket from 'dns-packet'
import type { Answer, Question, RecordType } from 'dns-packet'
import { canonicalName } from './names.ts'

/** Header field offsets (RFC 1035 §4.1.1). */
export const DNS_ID = 0
export const DNS_FLAGS = 2
export const DNS_QDCOUNT = 4
export const DNS_HEADER_LENGTH = 12
const FLAG_QR = 0x8000
const FLAG_TC = 0x0200

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

/** A decoded message (dns-packet's shape) with canonical question names (lower case, final dot). */
export interface DnsMessage {
  id: number
  type: 'query' | 'response'
  opcode: string
  rcode: string
  flag_qr: boolean
  flag_aa: boolean
  flag_tc: boolean
  flag_rd: boolean
  flag_ra: boolean
  questions: Question[]
  answers: Answer[]
  authorities: Answer[]
  additionals: Answer[]
}

/** dns-packet's per-section codecs, which @types/dns-packet does not declare. */
export const dnsPacketCodecs = dnsPacket as unknown as {
  question: { decode(buf: Buffer, offset?: number): { name: string; type: string; class: string } }
  record(type: string): { encode(data: unknown): Buffer }
}

export function encodeQuery(spec: QuerySpec): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: spec.id,
    flags: spec.recursionDesired ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ name: spec.qname === '.' ? '.' : spec.qname.replace(/\.$/, ''), type: spec.qtype as RecordType, class: 'IN' }],
    additionals: spec.edns === false ? [] : [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_SIZE, flags: 0, options: [] } as never],
  })
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
      question: { name: string; type: string; class: string } | null
    }

/** Decodes `bytes`; never throws. */
export function decodeMessage(bytes: Uint8Array): DecodeResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buf.length < DNS_HEADER_LENGTH) {
    return { ok: false, reason: `header: ${buf.length} bytes, need ${DNS_HEADER_LENGTH}`, id: buf.length >= 2 ? buf.readUInt16BE(DNS_ID) : null, isResponse: false, truncated: false, question: null }
  }
  try {
    const message = dnsPacket.decode(buf) as unknown as DnsMessage
    // dns-packet's rdata decoders slice without bounds checks (Buffer slices clamp), so a message
    // cut short can "decode"; the bytes it consumed then exceed what arrived.
    if (dnsPacket.decode.bytes > buf.length) {
      throw new Error(`records claim ${dnsPacket.decode.bytes} bytes but the message has ${buf.length}`)
    }
    for (const q of message.questions) q.name = canonicalName(q.name)
    return { ok: true, message }
  } catch (error) {
    const flags = buf.readUInt16BE(DNS_FLAGS)
    return {
      ok: false,
      reason: `undecodable: ${(error as Error).message}`,
      id: buf.readUInt16BE(DNS_ID),
      isResponse: (flags & FLAG_QR) !== 0,
      truncated: (flags & FLAG_TC) !== 0,
      question: decodeFirstQuestion(buf),
    }
  }
}

function decodeFirstQuestion(buf: Buffer): { name: string; type: string; class: string } | null {
  if (buf.readUInt16BE(DNS_QDCOUNT) < 1) return null
  try {
    const q = dnsPacketCodecs.question.decode(buf, DNS_HEADER_LENGTH)
    return { name: canonicalName(q.name), type: q.type, class: q.class }
  } catch {
    return null
  }
}

/** DNS over TCP: the message preceded by its length as 2 bytes, big-endian (RFC 1035 §4.2.2). */
export function frameForTcp(message: Uint8Array): Buffer {
  const framed = Buffer.alloc(2 + message.length)
  framed.writeUInt16BE(message.length, 0)
  framed.set(message, 2)
  return framed
}

/** Collects TCP reads and hands out complete length-prefixed messages. */
export class TcpMessageReader {
  private pending: Buffer = Buffer.alloc(0)

  /** Adds bytes read from the stream; returns the messages completed by them (without prefixes). */
  push(chunk: Uint8Array): Buffer[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk])
    const messages: Buffer[] = []
    while (this.pending.length >= 2) {
      const length = this.pending.readUInt16BE(0)
      if (this.pending.length < 2 + length) break
      messages.push(this.pending.subarray(2, 2 + length))
      this.pending = this.pending.subarray(2 + length)
    }
    return messages
  }

  /** Bytes of an incomplete message still waiting for the rest. */
  get bufferedBytes(): number {
    return this.pending.length
  }
}
