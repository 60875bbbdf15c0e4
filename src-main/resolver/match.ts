// Is this datagram the answer to our query? RFC 5452 §4.3 (and §9.1 for the source): a response is
// accepted only when it comes from the address and port the query went to, carries the query's
// 16-bit id, has QR=1, and repeats the question (name, type, class). Anything else is "thrown
// away" with a reason, and the query keeps waiting for the real answer until its timeout: a
// spoofed or broken datagram must not end the query early either.
import { decodeMessage, type DnsMessage } from '../dns/message.ts'
import { dnsOpcodeName } from '../dns/types.ts'

export interface ExpectedResponse {
  id: number
  /** Canonical question name (lower case, final dot). */
  qname: string
  qtype: string
  address: string
  port: number
}

export type MatchResult =
  | { accepted: true; message: DnsMessage }
  /** A TC=1 response that matches but did not decode completely (some servers cut mid-record). */
  | { accepted: true; message: null; truncated: true }
  | { accepted: false; reason: string }

export function matchResponse(bytes: Uint8Array, from: { address: string; port: number }, expected: ExpectedResponse): MatchResult {
  if (from.address !== expected.address || from.port !== expected.port) {
    return { accepted: false, reason: `from ${from.address}:${from.port}, but the query went to ${expected.address}:${expected.port}` }
  }
  const decoded = decodeMessage(bytes)
  if (!decoded.ok) {
    if (decoded.id !== expected.id) return { accepted: false, reason: `id ${decoded.id ?? 'missing'} ≠ query id ${expected.id} (and ${decoded.reason})` }
    const q = decoded.question
    if (decoded.isResponse && decoded.truncated && q !== null && q.name === expected.qname && q.type === expected.qtype && q.class === 'IN') {
      return { accepted: true, message: null, truncated: true }
    }
    return { accepted: false, reason: `malformed response (${decoded.reason})` }
  }
  const message = decoded.message
  if (message.id !== expected.id) return { accepted: false, reason: `id ${message.id} ≠ query id ${expected.id}` }
  if (!message.response) return { accepted: false, reason: 'QR=0: a query, not a response' }
  if (message.opcode !== 0) return { accepted: false, reason: `opcode ${dnsOpcodeName(message.opcode)}, expected QUERY` }
  if (message.questions.length !== 1) {
    return { accepted: false, reason: `${message.questions.length} questions in the response, expected exactly the one asked` }
  }
  const q = message.questions[0]!
  if (q.name !== expected.qname || q.type !== expected.qtype || q.class !== 'IN') {
    return { accepted: false, reason: `question ${q.name} ${q.class} ${q.type} ≠ asked ${expected.qname} IN ${expected.qtype}` }
  }
  return { accepted: true, message }
}
