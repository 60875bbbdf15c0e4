// Each frame's step, in words (the pcapng comment and the journal's frame note): which socket call
// produced it and what its payload is (an HTTP request line, a TLS message, a DNS question).
import { splitTcpMessages } from '../dns/tcp-framing.ts'
import { readMessage } from '../dns/wire.ts'
import type { SocketPurpose } from '../sockets/tap.ts'

const TLS_CONTENT: Record<number, string> = { 20: 'ChangeCipherSpec', 21: 'alert', 22: 'handshake', 23: 'application data' }
const TLS_HANDSHAKE: Record<number, string> = { 1: 'ClientHello', 2: 'ServerHello', 4: 'NewSessionTicket', 11: 'Certificate', 12: 'ServerKeyExchange', 14: 'ServerHelloDone', 16: 'ClientKeyExchange', 20: 'Finished' }
const HTTP_METHOD = /^(GET|HEAD|POST|PUT|DELETE|OPTIONS|TRACE|CONNECT|PATCH) (\S+) HTTP\/1\.[01]\r?\n/

/** `given` is the socket owner's own description of the bytes (the tap event's note). */
export function tcpPayloadNote(purpose: SocketPurpose, direction: 'out' | 'in', bytes: Uint8Array, segment: { index: number; count: number }, given?: string): string {
  const call = direction === 'out' ? 'write()' : 'read()'
  const where = direction === 'out' ? '' : ' into the receive buffer'
  const part = segment.count > 1 ? ` (segment ${segment.index + 1}/${segment.count})` : ''
  if (segment.index > 0) return `${call}: ${direction === 'out' ? 'request' : 'response'} data continued${where}${part}`
  const what = given ?? describePayload(purpose, direction, bytes)
  return `${call}: ${what}${where}${part}`
}

function describePayload(purpose: SocketPurpose, direction: 'out' | 'in', bytes: Uint8Array): string {
  if (purpose === 'dns') return dnsOverTcp(bytes) ?? `${bytes.length} bytes of DNS over TCP`
  if (purpose === 'https' || (bytes[0] !== undefined && bytes[0] >= 20 && bytes[0] <= 23 && bytes[1] === 3)) {
    const tls = tlsRecords(bytes)
    if (tls !== null) return tls
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1') // a view, not a copy
  const request = HTTP_METHOD.exec(head)
  if (request !== null) return `HTTP request ${request[1]} ${request[2]}`
  const status = /^HTTP\/1\.[01] (\d{3})([^\r\n]*)/.exec(head)
  if (status !== null) return `HTTP response ${status[1]}${status[2]}`
  return `${bytes.length} bytes of ${direction === 'out' ? 'request' : 'response'} data`
}

/** "TLS ServerHello, ChangeCipherSpec, application data ×3" — record types only: the rest is encrypted. */
function tlsRecords(bytes: Uint8Array): string | null {
  const names: string[] = []
  let offset = 0
  while (offset + 5 <= bytes.length && names.length < 8) {
    const type = bytes[offset] as number
    const length = ((bytes[offset + 3] as number) << 8) | (bytes[offset + 4] as number)
    const content = TLS_CONTENT[type]
    if (content === undefined || bytes[offset + 1] !== 3) break
    const handshake = type === 22 && offset + 5 < bytes.length ? TLS_HANDSHAKE[bytes[offset + 5] as number] : undefined
    names.push(handshake ?? (type === 22 ? 'encrypted handshake' : content))
    offset += 5 + length
  }
  if (names.length === 0) return null
  const grouped: string[] = []
  for (const name of names) {
    const last = grouped[grouped.length - 1]
    if (last !== undefined && (last === name || last.startsWith(`${name} ×`))) {
      const n = last === name ? 2 : Number(last.split('×')[1]) + 1
      grouped[grouped.length - 1] = `${name} ×${n}`
    } else grouped.push(name)
  }
  return `TLS ${grouped.join(', ')}${offset < bytes.length ? ' …' : ''}`
}

/** The DNS messages of one TCP write or read, through the one framer (src-main/dns/tcp-framing.ts):
 * one note per whole message, "…" for one that continues in later segments. */
function dnsOverTcp(bytes: Uint8Array): string | null {
  const notes: string[] = []
  for (const piece of splitTcpMessages(bytes, 0, bytes.length)) {
    if (!piece.complete) {
      notes.push(`part of a ${piece.length}-byte DNS message`)
      break
    }
    const note = dnsMessageNote(bytes.subarray(piece.offset + 2, piece.offset + 2 + piece.length))
    if (note === null) return null
    notes.push(note)
  }
  return notes.length > 0 ? notes.join('; ') : null
}

/** "DNS query 0x1a2b www.lab.cyber.co.kr. A" / "DNS response 0x1a2b www.lab.cyber.co.kr. A: referral or no data, 2 authority records" */
export function dnsMessageNote(bytes: Uint8Array): string | null {
  const message = readMessage(bytes, 0, bytes.length)
  if (message === null || message.malformed) return null
  const question = message.questions[0]
  const id = `0x${message.id.toString(16).padStart(4, '0')}`
  const asked = question ? `${question.name} ${question.type}` : '(no question)'
  if (!message.response) return `DNS query ${id}: ${asked}`
  const answers = message.answers.length
  const authorities = message.authority.length
  const kind = message.rcode !== 0 ? message.rcodeName : answers > 0 ? `${answers} answer${answers > 1 ? 's' : ''}${message.aa ? ' (authoritative)' : ''}` : authorities > 0 ? `referral or no data, ${authorities} authority record${authorities > 1 ? 's' : ''}` : 'empty'
  return `DNS response ${id}: ${asked}: ${kind}`
}
