// A TCP connection's parsers go once it has closed both ways (trackers/tcp.ts): every byte up to
// each side's FIN delivered, or a RST. What comes after must read as it did while they were kept —
// a retransmission stays a retransmission, a half-closed connection keeps reading — and new bytes
// after the close, which no parser reads any more, are said so on their frame in both languages.
// The captures are crafted here, frame by frame (frames.ts builds the headers), and written with
// the recorder's own pcap writer.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { createCaptureWriter } from '../../src-main/recorder/capture-file/index.ts'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { ACK, FIN, ipv4, PSH, RST, SYN, tcp } from './frames.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const C = '127.144.6.1'
const S = '127.144.6.80'
const CP = 40001
const CI = 1000 // the client's ISN
const SI = 5000 // the server's

const client = (seq: number, ack: number, flags: number, payload?: string) => ipv4(C, S, 6, tcp(CP, 80, seq, ack, flags, payload === undefined ? undefined : Buffer.from(payload, 'latin1')))
const server = (seq: number, ack: number, flags: number, payload?: string) => ipv4(S, C, 6, tcp(80, CP, seq, ack, flags, payload === undefined ? undefined : Buffer.from(payload, 'latin1')))

const REQUEST = 'GET /a HTTP/1.1\r\nHost: lab.test\r\n\r\n'
const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'
/** Where each side's bytes end: its FIN's sequence number. */
const CLIENT_FIN = CI + 1 + REQUEST.length
const SERVER_FIN = SI + 1 + RESPONSE.length

/** The handshake, one request and its response (frames 1–6). */
const EXCHANGE = [
  client(CI, 0, SYN),
  server(SI, CI + 1, SYN | ACK),
  client(CI + 1, SI + 1, ACK),
  client(CI + 1, SI + 1, PSH | ACK, REQUEST),
  server(SI + 1, CLIENT_FIN, PSH | ACK, RESPONSE),
  client(CLIENT_FIN, SERVER_FIN, ACK),
]
/** Both sides close (frames 7–9). */
const BOTH_CLOSE = [client(CLIENT_FIN, SERVER_FIN, FIN | ACK), server(SERVER_FIN, CLIENT_FIN + 1, FIN | ACK), client(CLIENT_FIN + 1, SERVER_FIN + 1, ACK)]

async function analyse(name: string, frames: Uint8Array[]) {
  const path = join(scratchDir('after-close'), name)
  const writer = createCaptureWriter(path, { format: 'pcap' })
  frames.forEach((data, i) => writer.writePacket({ timestampMs: 1_700_000_000_000 + i, data }))
  writer.close()
  const analysed = await runAnalysis(path)
  const w: Walkthrough = withAllWords(analysed.walkthrough)
  const { reader } = analysed
  const summaries = await reader.frames(1, frames.length)
  const details = await Promise.all(frames.map((_, i) => reader.detail(i + 1)))
  await reader.close()
  return { w, summaries, details }
}

/** The one exchange of EXCHANGE as the walkthrough shows it. */
const THE_EXCHANGE = expect.objectContaining({ method: 'GET', uri: '/a', status: 200, request_frame: 4, response_frame: 5, bodyBytes: { wire: 5, decoded: 5 } })

describe('a connection closed both ways', () => {
  it('a retransmission after both FINs is still a retransmission, and nothing else changes', async () => {
    // The server sends its response again after both FINs (its ACK of the client's FIN lost, say).
    const { w, summaries, details } = await analyse('retransmission.pcap', [...EXCHANGE, ...BOTH_CLOSE, server(SI + 1, CLIENT_FIN + 1, PSH | ACK, RESPONSE)])
    expect(w.http).toEqual([THE_EXCHANGE])
    expect(w.connections).toHaveLength(1)
    const c = w.connections[0]!
    expect(c.notes).toEqual(['retransmission'])
    expect(c.bytes).toEqual({ toServer: REQUEST.length, toClient: RESPONSE.length })
    expect(c.phases.transfer?.frames).toEqual([4, 5, 10])
    expect(c.phases.close).toMatchObject({ by: 'client', kind: 'fin', frames: [7, 8, 9, 10] })
    // Frame 10 is a plain retransmission: no problem flagged, the segment's Info as TCP's.
    expect(summaries[9]).toMatchObject({ protocol: 'TCP', connection: 0 })
    expect(summaries[9]!.flagged).toBeUndefined()
    expect(details[9]!.issues).toEqual([])
  })

  it('new data after both FINs is counted and noted on its frame, not read as a new request', async () => {
    const more = 'GET /b HTTP/1.1\r\nHost: lab.test\r\n\r\n'
    const { w, summaries, details } = await analyse('new-data.pcap', [
      ...EXCHANGE,
      ...BOTH_CLOSE,
      // Bytes at the FIN's own sequence number: next in the client's stream (a broken sender).
      client(CLIENT_FIN, SERVER_FIN + 1, PSH | ACK, more),
      // And bytes past the FIN's sequence number, as a sender that counted its FIN would send:
      // out of order (the FIN's number is a hole no byte fills), read by nobody now as before.
      client(CLIENT_FIN + 1 + more.length, SERVER_FIN + 1, PSH | ACK, 'xyz'),
    ])
    // The walkthrough read every exchange up to the close; GET /b is no exchange.
    expect(w.http).toEqual([THE_EXCHANGE])
    const c = w.connections[0]!
    expect(c.notes).toEqual(['out-of-order'])
    // Bytes sent in sequence are counted as before; the held ones never were.
    expect(c.bytes).toEqual({ toServer: REQUEST.length + more.length, toClient: RESPONSE.length })
    expect(c.phases.transfer?.frames).toEqual([4, 5, 10, 11])
    expect(summaries[9]).toMatchObject({ protocol: 'TCP', flagged: true })
    expect(details[9]!.issues).toEqual([
      {
        severity: 'warning',
        code: 'TCP_DATA_AFTER_CLOSE',
        message: `data after the connection had closed both ways (a FIN from each side, or a RST): these ${more.length} bytes were not read as HTTP`,
        params: { bytes: more.length, readAs: 'HTTP' },
        // The whole payload: Ethernet 14 + IPv4 20 + TCP 20 bytes before it.
        offset: 54,
        length: more.length,
        layer: 'TCP',
      },
    ])
    expect(issueText(details[9]!.issues[0]!, 'ko')).toBe(`연결이 양쪽 모두 닫힌 뒤(양쪽의 FIN 또는 RST)에 온 데이터입니다. 이 ${more.length}바이트는 HTTP로 읽지 않았습니다.`)
    // The out-of-order segment was never read, today as before: no note of this kind on it.
    expect(summaries[10]!.flagged).toBeUndefined()
    expect(details[10]!.issues).toEqual([])
  })

  it('after a RST the parsers have ended: a late segment of the response is counted and noted, the exchange stays incomplete', async () => {
    const response = 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'
    const { w, summaries, details } = await analyse('rst.pcap', [
      ...EXCHANGE.slice(0, 4),
      server(SI + 1, CLIENT_FIN, ACK, `${response}hello`),
      client(CLIENT_FIN, SI + 1 + response.length + 5, RST | ACK),
      // The rest of the body was in flight when the client reset the connection.
      server(SI + 1 + response.length + 5, CLIENT_FIN, PSH | ACK, 'world'),
      // And a retransmission of the first part.
      server(SI + 1, CLIENT_FIN, ACK, `${response}hello`),
    ])
    expect(w.http).toEqual([expect.objectContaining({ method: 'GET', uri: '/a', status: 200, request_frame: 4, response_frame: 6, responseIncomplete: true })])
    const c = w.connections[0]!
    expect(c.phases.close).toMatchObject({ by: 'client', kind: 'rst', frames: [6, 7, 8] })
    expect(c.notes).toEqual(['retransmission'])
    expect(c.bytes).toEqual({ toServer: REQUEST.length, toClient: response.length + 10 })
    expect(details[6]!.issues).toEqual([expect.objectContaining({ code: 'TCP_DATA_AFTER_CLOSE', offset: 54, length: 5, layer: 'TCP' })])
    expect(summaries[6]!.flagged).toBe(true)
    expect(details[7]!.issues).toEqual([])
  })

  it('a half close releases nothing: the response after the client’s FIN is read whole', async () => {
    const { w, summaries, details } = await analyse('half-close.pcap', [
      ...EXCHANGE.slice(0, 4),
      // The client has said all it will: FIN. The server still answers, then closes too.
      client(CLIENT_FIN, SI + 1, FIN | ACK),
      server(SI + 1, CLIENT_FIN + 1, ACK, RESPONSE.slice(0, 30)),
      server(SI + 31, CLIENT_FIN + 1, PSH | ACK, RESPONSE.slice(30)),
      server(SERVER_FIN, CLIENT_FIN + 1, FIN | ACK),
      client(CLIENT_FIN + 1, SERVER_FIN + 1, ACK),
    ])
    expect(w.http).toEqual([expect.objectContaining({ method: 'GET', uri: '/a', status: 200, request_frame: 4, response_frame: 7, bodyBytes: { wire: 5, decoded: 5 } })])
    expect(w.http[0]!.responseIncomplete).toBeUndefined()
    const c = w.connections[0]!
    expect(c.notes).toEqual([])
    expect(c.bytes).toEqual({ toServer: REQUEST.length, toClient: RESPONSE.length })
    expect(c.phases.close).toMatchObject({ by: 'client', kind: 'fin', frames: [5, 6, 7, 8, 9] })
    expect(summaries[6]).toMatchObject({ protocol: 'HTTP', info: 'HTTP/1.1 200 OK' })
    expect(details.flatMap((d) => d.issues)).toEqual([])
  })
})
