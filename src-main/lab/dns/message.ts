// Reading queries and writing replies for the lab's DNS servers, on top of dns-packet.
//
// Hostile bytes never reach the answer logic: anything dns-packet cannot decode gets FORMERR (or is
// dropped when not even a header is there), and the reply is built only from what decoded cleanly.
// dns-packet encodes names without compression (valid DNS, just larger than BIND's replies), which
// matters for where truncation starts; sizes below are always measured, never estimated.
import dnsPacket, { type Answer, type DecodedPacket, type OptAnswer, type Packet, type Question } from 'dns-packet'

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const
export type RcodeName = keyof typeof RCODE
/** EDNS0 BADVERS is rcode 16: upper 8 bits in the OPT record, lower 4 in the header (RFC 6891 §6.1.3). */
const BADVERS = 16

/** DNS over UDP without EDNS0 (RFC 1035 §4.2.1). */
export const CLASSIC_UDP_LIMIT = 512
/** The most we send over UDP even when a client offers more. */
export const MAX_UDP_PAYLOAD = 4096
/** What our OPT record advertises we accept (the DNS Flag Day 2020 size). */
export const ADVERTISED_UDP_PAYLOAD = 1232
/** A DNS message over TCP has a 16-bit length prefix (RFC 1035 §4.2.2). */
export const MAX_TCP_MESSAGE = 65535

const HEADER_LENGTH = 12
const QR_BIT = 0x8000
const OPCODE_SHIFT = 11
const RD_BIT = 0x0100

export interface QueryInfo {
  id: number
  opcode: number
  recursionDesired: boolean
  /** The question as received (name case preserved, as resolvers using 0x20 expect it echoed). */
  question: Question
  /** The client's EDNS0 OPT record, or null without EDNS. */
  edns: { udpPayloadSize: number; version: number; dnssecOk: boolean } | null
}

export type ReadQueryResult =
  | { kind: 'query'; query: QueryInfo }
  /** Answer with this (FORMERR, NOTIMP): the problem is in `reason`. */
  | { kind: 'error-reply'; reply: Packet; reason: string }
  /** Say nothing: too short for a header, or a response (answering responses invites loops). */
  | { kind: 'drop'; reason: string }

export function readQuery(bytes: Buffer): ReadQueryResult {
  if (bytes.length < HEADER_LENGTH) {
    return { kind: 'drop', reason: `${bytes.length} bytes is shorter than the 12-byte DNS header` }
  }
  // The two header words are read directly so that even an undecodable query gets its id back.
  const id = bytes.readUInt16BE(0)
  const flags = bytes.readUInt16BE(2)
  if ((flags & QR_BIT) !== 0) return { kind: 'drop', reason: 'QR=1: the message is a response, not a query' }
  const opcode = (flags >> OPCODE_SHIFT) & 0xf
  const recursionDesired = (flags & RD_BIT) !== 0
  const errorReply = (rcode: number, reason: string): ReadQueryResult => ({
    kind: 'error-reply',
    reply: { id, type: 'response', flags: (opcode << OPCODE_SHIFT) | (recursionDesired ? RD_BIT : 0) | rcode },
    reason,
  })
  if (opcode !== 0) return errorReply(RCODE.NOTIMP, `opcode ${opcode} is not QUERY (0)`)

  let packet: DecodedPacket
  try {
    packet = dnsPacket.decode(bytes)
  } catch (error) {
    return errorReply(RCODE.FORMERR, `undecodable query: ${(error as Error).message}`)
  }
  if (dnsPacket.decode.bytes !== bytes.length) {
    return errorReply(RCODE.FORMERR, `${bytes.length - dnsPacket.decode.bytes} bytes after the last record`)
  }
  const questions = packet.questions ?? []
  const question = questions[0]
  if (questions.length !== 1 || question === undefined) {
    return errorReply(RCODE.FORMERR, `QDCOUNT is ${questions.length}, a query has exactly one question`)
  }
  if (!questionRoundTrips(question)) {
    return errorReply(RCODE.FORMERR, 'the question name has bytes that cannot be represented as a name')
  }
  const opts = (packet.additionals ?? []).filter((record): record is OptAnswer => record.type === 'OPT')
  if (opts.length > 1) return errorReply(RCODE.FORMERR, `${opts.length} OPT records (RFC 6891 allows one)`)
  const opt = opts[0]
  if (opt !== undefined && opt.name !== '.') return errorReply(RCODE.FORMERR, 'the OPT record must be owned by the root name')
  return {
    kind: 'query',
    query: {
      id,
      opcode,
      recursionDesired,
      question,
      edns:
        opt === undefined
          ? null
          : { udpPayloadSize: opt.udpPayloadSize, version: opt.ednsVersion, dnssecOk: opt.flag_do === true },
    },
  }
}

/** dns-packet decodes label bytes as UTF-8, splits on dots when encoding and knows only the common
 * classes; a question that does not survive encode -> decode would be echoed as a different
 * question, so it is answered as malformed. */
function questionRoundTrips(question: Question): boolean {
  try {
    const encoded = dnsPacket.encode({ type: 'query', id: 0, questions: [question] })
    const again = dnsPacket.decode(encoded).questions?.[0]
    return again !== undefined && again.name === question.name && again.type === question.type && again.class === question.class
  } catch {
    return false
  }
}

/** The UDP size this client can take: 512 without EDNS0, else what it said (at least 512, RFC 6891
 * §6.2.5, and no more than we ever send). */
export function udpLimitFor(query: QueryInfo): number {
  if (query.edns === null) return CLASSIC_UDP_LIMIT
  return Math.min(Math.max(query.edns.udpPayloadSize, CLASSIC_UDP_LIMIT), MAX_UDP_PAYLOAD)
}

export interface ReplyContent {
  rcode: RcodeName | 'BADVERS'
  authoritative?: boolean
  recursionAvailable?: boolean
  answers?: Answer[]
  authorities?: Answer[]
  additionals?: Answer[]
}

/** A reply to `query`: its id, question and RD echoed, an OPT record when the query had one. */
export function replyTo(query: QueryInfo, content: ReplyContent): Packet {
  const rcode = content.rcode === 'BADVERS' ? BADVERS : RCODE[content.rcode]
  const flags =
    (query.opcode << OPCODE_SHIFT) |
    (content.authoritative === true ? dnsPacket.AUTHORITATIVE_ANSWER : 0) |
    (query.recursionDesired ? dnsPacket.RECURSION_DESIRED : 0) |
    (content.recursionAvailable === true ? dnsPacket.RECURSION_AVAILABLE : 0) |
    (rcode & 0xf)
  const additionals = [...(content.additionals ?? [])]
  if (query.edns !== null) {
    const opt: OptAnswer = {
      type: 'OPT',
      name: '.',
      udpPayloadSize: ADVERTISED_UDP_PAYLOAD,
      extendedRcode: rcode >> 4,
      ednsVersion: 0,
      flags: 0,
      flag_do: false,
      options: [],
    }
    additionals.push(opt)
  }
  return {
    id: query.id,
    type: 'response',
    flags,
    questions: [query.question],
    answers: content.answers ?? [],
    authorities: content.authorities ?? [],
    additionals,
  }
}

/** Encodes a reply to fit `limit` bytes (RFC 2181 §9): first whole; then without the additional
 * section (optional data: no TC); else only the question (and OPT) with TC=1, so the client asks
 * again over TCP. */
export function encodeWithin(reply: Packet, limit: number): Buffer {
  const whole = dnsPacket.encode(reply)
  if (whole.length <= limit) return whole
  const additionals = reply.additionals ?? []
  const optOnly = additionals.filter((record) => record.type === 'OPT')
  const withoutAdditional = dnsPacket.encode({ ...reply, additionals: optOnly })
  if (withoutAdditional.length <= limit && optOnly.length !== additionals.length && (reply.answers?.length ?? 0) > 0) {
    return withoutAdditional
  }
  return dnsPacket.encode({
    ...reply,
    flags: (reply.flags ?? 0) | dnsPacket.TRUNCATED_RESPONSE,
    answers: [],
    authorities: [],
    additionals: optOnly,
  })
}
