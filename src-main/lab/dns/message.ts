// Reading queries and writing replies for the lab's DNS servers. Queries are read with the one DNS
// reader (src-main/dns/wire.ts); replies are encoded with dns-packet.
//
// Hostile bytes never reach the answer logic: anything the reader cannot read whole gets FORMERR
// (or is dropped when not even a header is there), and the reply is built only from what read
// cleanly. dns-packet encodes names without compression (valid DNS, just larger than BIND's
// replies), which matters for where truncation starts; sizes below are always measured, never
// estimated.
import dnsPacket, { type Answer, type OptAnswer, type Packet, type Question, type RecordType } from 'dns-packet'
import { FLAG, readMessage } from '../../dns/wire.ts'
import { dnsRcodeNumber, packetTypeName } from '../../dns/types.ts'
import { canonicalName } from '../../dns/names.ts'
import { MAX_TCP_MESSAGE } from '../../dns/tcp-framing.ts'

export { MAX_TCP_MESSAGE } from '../../dns/tcp-framing.ts'

export type RcodeName = 'NOERROR' | 'FORMERR' | 'SERVFAIL' | 'NXDOMAIN' | 'NOTIMP' | 'REFUSED'

/** DNS over UDP without EDNS0 (RFC 1035 §4.2.1). */
export const CLASSIC_UDP_LIMIT = 512
/** The most we send over UDP even when a client offers more. */
export const MAX_UDP_PAYLOAD = 4096
/** What our OPT record advertises we accept (the DNS Flag Day 2020 size). */
export const ADVERTISED_UDP_PAYLOAD = 1232

const OPCODE_SHIFT = 11
/** Question classes dns-packet can echo, by number. */
const PACKET_CLASSES: Record<number, 'IN' | 'CS' | 'CH' | 'HS' | 'ANY'> = { 1: 'IN', 2: 'CS', 3: 'CH', 4: 'HS', 255: 'ANY' }

export interface QueryInfo {
  id: number
  opcode: number
  recursionDesired: boolean
  /** The question as received (name case preserved, as resolvers using 0x20 expect it echoed),
   * in dns-packet's form for the reply. */
  question: Question
  /** The question's name (canonical: lower case, final dot) and type as the engine names them
   * ("TYPE65280" where dns-packet says "UNKNOWN_65280"). */
  qname: string
  qtype: string
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
  const message = readMessage(bytes, 0, bytes.length)
  if (message === null) return { kind: 'drop', reason: `${bytes.length} bytes is shorter than the 12-byte DNS header` }
  const { id, opcode } = message
  if (message.response) return { kind: 'drop', reason: 'QR=1: the message is a response, not a query' }
  const recursionDesired = message.rd
  const errorReply = (rcode: number, reason: string): ReadQueryResult => ({
    kind: 'error-reply',
    reply: { id, type: 'response', flags: (opcode << OPCODE_SHIFT) | (recursionDesired ? FLAG.RD : 0) | rcode },
    reason,
  })
  if (opcode !== 0) return errorReply(dnsRcodeNumber('NOTIMP')!, `opcode ${opcode} is not QUERY (0)`)
  const formerr = dnsRcodeNumber('FORMERR')!
  const problem = message.problems[0]
  if (problem !== undefined) return errorReply(formerr, `undecodable query: ${problem.message}`)
  if (message.length !== bytes.length) return errorReply(formerr, `${bytes.length - message.length} bytes after the last record`)
  const question = message.questions[0]
  const layout = message.layout.questions[0]
  if (message.questions.length !== 1 || question === undefined || layout === undefined) {
    return errorReply(formerr, `QDCOUNT is ${message.questions.length}, a query has exactly one question`)
  }
  // dns-packet splits names on dots when encoding and knows only the common classes: a name with
  // escaped bytes (a dot or a byte outside printable ASCII inside a label) or another class would
  // be echoed as a different question, so it is answered as malformed.
  const questionClass = PACKET_CLASSES[layout.classCode]
  if (question.name.includes('\\') || questionClass === undefined) {
    return errorReply(formerr, questionClass === undefined ? `class ${layout.classCode} is not a class this server can answer for` : 'the question name has bytes that cannot be represented as a name')
  }
  if (message.opt !== null && message.opt.count > 1) return errorReply(formerr, `${message.opt.count} OPT records (RFC 6891 allows one)`)
  if (message.opt !== null && message.opt.owner !== '.') return errorReply(formerr, 'the OPT record must be owned by the root name')
  const edns = message.edns
  return {
    kind: 'query',
    query: {
      id,
      opcode,
      recursionDesired,
      question: { name: question.name === '.' ? '.' : question.name.slice(0, -1), type: packetTypeName(question.type) as RecordType, class: questionClass },
      qname: canonicalName(question.name),
      qtype: question.type,
      edns: edns === null ? null : { udpPayloadSize: edns.udpSize, version: edns.version, dnssecOk: edns.dnssecOk },
    },
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
  const rcode = dnsRcodeNumber(content.rcode)!
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
