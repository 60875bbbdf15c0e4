// DNS over TCP across segments in the packet pane: a segment's own bytes cannot say whether they
// begin with a message's 2-byte length or carry on a message begun in an earlier segment; the
// analyzer's reassembly knows (analyzer/dns-tcp.ts), and the pane says it — it never reads a
// continuation's first bytes as a new message's length and header. Checked on a real capture
// against tshark with TCP reassembly on (the figures it shows for the reassembled message), and on
// streams written by our own pcap writer (frames.ts) that cut messages everywhere they can be cut.
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { DnsTcpDirection, DnsTcpSegments } from '../../src-main/analyzer/dns-tcp.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import type { DecodedField, DecodeIssue, PacketDetail } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { ACK, FIN, ipv4, PSH, SYN, tcp, writePcap } from './frames.ts'
import { tsharkFields } from './tshark.ts'

async function details(path: string, frames: number[]): Promise<PacketDetail[]> {
  const { reader } = await runAnalysis(path)
  try {
    const out: PacketDetail[] = []
    for (const f of frames) out.push(await reader.detail(f))
    return out
  } finally {
    await reader.close()
  }
}

function fields(d: PacketDetail): DecodedField[] {
  const out: DecodedField[] = []
  const walk = (list: DecodedField[]) => {
    for (const f of list) {
      out.push(f)
      if (f.children) walk(f.children)
    }
  }
  for (const l of d.layers) walk(l.fields)
  return out
}

const fieldsKeyed = (d: PacketDetail, key: string) => fields(d).filter((f) => f.key === key)
const issuesCoded = (d: PacketDetail, code: DecodeIssue['code']) => d.issues.filter((x) => x.code === code)
const u16At = (d: PacketDetail, at: number) => (d.bytes[at]! << 8) | d.bytes[at + 1]!

describe('dns-axfr-over-tcp.pcapng: the query\'s length in frame 4, the query in frame 6', () => {
  const capture = join(CORPUS_DIR, 'dns-axfr-over-tcp.pcapng')

  it('frame 6 shows the query tshark reassembles, at frame 6\'s own offsets, and says whose bytes they are', async () => {
    const [d4, d6] = await details(capture, [4, 6])
    // tshark with TCP reassembly (two passes, for "reassembled in"): frame 4's two bytes are
    // reassembled in frame 6, which shows the query.
    const theirs = await tsharkFields(capture, ['frame.number', 'tcp.reassembled_in', 'dns.length', 'dns.id', 'dns.qry.name', 'dns.qry.type', 'dns.count.queries'], ['-2', '-o', 'tcp.desegment_tcp_streams:TRUE'])
    const row = (n: number) => theirs.find((r) => r[0] === String(n))!
    expect(row(4)[1]).toBe('6')
    const [, , length, id, qname, qtype, qdcount] = row(6)
    // Not read as a new message: no header cut short, no lengths made of the query's bytes.
    expect(issuesCoded(d6!, 'DNS_HEADER_SHORT')).toEqual([])
    expect(fieldsKeyed(d6!, 'dns.length').map((f) => f.value)).toEqual([Number(length)])
    expect(fieldsKeyed(d6!, 'dns.length')[0]).toMatchObject({ generated: true, display: '[Length: 33 (its 2 bytes are in frame 4)]' })
    const idField = fieldsKeyed(d6!, 'dns.id')[0]!
    expect(idField.value).toBe(parseInt(id!, 16))
    // The offsets are frame 6's: the bytes there are the transaction ID.
    expect(idField.offset).toBe(54)
    expect(u16At(d6!, idField.offset)).toBe(parseInt(id!, 16))
    expect(fieldsKeyed(d6!, 'dns.qry.name')[0]!.value).toBe(`${qname}.`)
    expect(fieldsKeyed(d6!, 'dns.qry.type')[0]!.value).toBe(qtype === '252' ? 'AXFR' : qtype)
    expect(fieldsKeyed(d6!, 'dns.count.queries')[0]!.value).toBe(Number(qdcount))
    const [continued] = issuesCoded(d6!, 'DNS_TCP_MESSAGE_CONTINUED')
    expect(continued).toMatchObject({ severity: 'note', offset: 54, length: 33 })
    expect(issueText(continued!, 'en')).toBe("the first 33 bytes carry on the DNS message begun in frame 4 (35 bytes with its 2-byte length; 2 of them came in earlier segments): they complete it; they are not a new message's length and header")
    expect(issueText(continued!, 'ko')).toBe(
      '이 세그먼트의 처음 33바이트는 프레임 4에서 시작된 DNS 메시지의 뒷부분입니다(2바이트 길이 필드를 포함해 모두 35바이트. 그 가운데 2바이트는 앞 세그먼트에 있었습니다). 이 바이트로 메시지가 완성됩니다. 새 메시지의 길이 필드나 헤더가 아니므로 그렇게 읽지 않습니다. 오류가 아닙니다. TCP로 보낸 DNS 메시지가 세그먼트 여러 개에 나뉘어 실렸습니다.',
    )
    // Frame 4: the length, and the frame that completes its message (tshark's "reassembled in").
    const [continues] = issuesCoded(d4!, 'DNS_TCP_MESSAGE_CONTINUES')
    expect(continues).toMatchObject({ offset: 54, length: 2, params: { length: 33, here: 0, endFrame: Number(row(4)[1]) } })
    expect(issueText(continues!, 'en')).toBe('DNS message of 33 bytes continues in later segments (0 bytes here); completed in frame 6')
  })
})

describe('dns-udp-truncated-retry-tcp.pcapng: a response whose 2-byte length is cut after its first byte', () => {
  const capture = join(CORPUS_DIR, 'dns-udp-truncated-retry-tcp.pcapng')

  it('frame 8 holds the length\'s first byte; frame 10 its second and the whole response, read as tshark reads it', async () => {
    const [d8, d10] = await details(capture, [8, 10])
    const theirs = await tsharkFields(capture, ['frame.number', 'tcp.reassembled_in', 'dns.length', 'dns.id', 'dns.count.answers', 'dns.qry.name'], ['-2', '-o', 'tcp.desegment_tcp_streams:TRUE'])
    const row = (n: number) => theirs.find((r) => r[0] === String(n))!
    const [, , length, id, answers, qname] = row(10)
    expect(issuesCoded(d8!, 'DNS_TCP_MESSAGE_CONTINUES')).toMatchObject([{ offset: 66, length: 1, params: { length: -1, endFrame: Number(row(8)[1]) } }])
    expect(issueText(issuesCoded(d8!, 'DNS_TCP_MESSAGE_CONTINUES')[0]!, 'en')).toBe('DNS message continues in the next segment: only the first byte of its 2-byte length is here; completed in frame 10')
    // Frame 10's first byte is the length's second: the response's header comes after it. (It was
    // read as a length of 35252, 0x89 0xb4 — the second length byte and the ID's first.)
    expect(fieldsKeyed(d10!, 'dns.length')).toMatchObject([{ offset: 66, length: 1, value: Number(length) }])
    const idField = fieldsKeyed(d10!, 'dns.id')[0]!
    expect(idField).toMatchObject({ offset: 67, value: parseInt(id!, 16) })
    expect(u16At(d10!, 67)).toBe(parseInt(id!, 16))
    expect(fieldsKeyed(d10!, 'dns.count.answers')[0]!.value).toBe(Number(answers))
    expect(fieldsKeyed(d10!, 'dns.qry.name')[0]!.value).toBe(`${qname}.`)
    expect(d10!.issues.filter((x) => x.code.startsWith('DNS') && x.code !== 'DNS_TCP_MESSAGE_CONTINUED')).toEqual([])
    expect(issuesCoded(d10!, 'DNS_TCP_MESSAGE_CONTINUED')).toMatchObject([{ offset: 66, length: 1418, params: { startFrame: 8, before: 1, here: 1418, length: 1417, endFrame: 10 } }])
  })
})

// A client's DNS-over-TCP stream to port 53, written segment by segment.
const C = '10.0.0.1'
const S = '10.0.0.53'
const query = (id: number, name: string) => dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] })
const framed = (m: Buffer) => Buffer.concat([Buffer.from([m.length >> 8, m.length & 255]), m])

/** Frames: SYN, SYN-ACK, ACK, then the client's segments carrying `stream`'s bytes cut at `cuts`
 * (each segment's first stream byte), then FIN; the segment starting at `repeat` is sent twice
 * (a retransmission right after it). Returns the pcap and each segment's frame number. */
function writeStream(name: string, stream: Buffer, cuts: number[], skip: [number, number] | null = null, repeat: number | null = null): { path: string; frames: number[] } {
  const frames: Buffer[] = [ipv4(C, S, 6, tcp(40000, 53, 100, 0, SYN)), ipv4(S, C, 6, tcp(53, 40000, 900, 101, SYN | ACK)), ipv4(C, S, 6, tcp(40000, 53, 101, 901, ACK))]
  const numbers: number[] = []
  const bounds = [...cuts, stream.length]
  for (let k = 0; k + 1 < bounds.length; k++) {
    // A segment left out of the capture (a hole the reassembly never sees filled).
    if (skip && bounds[k] === skip[0]) continue
    for (let copy = 0; copy < (bounds[k] === repeat ? 2 : 1); copy++) {
      numbers.push(frames.length + 1)
      frames.push(ipv4(C, S, 6, tcp(40000, 53, 101 + bounds[k]!, 901, PSH | ACK, stream.subarray(bounds[k]!, bounds[k + 1]!))))
    }
  }
  frames.push(ipv4(C, S, 6, tcp(40000, 53, 101 + stream.length, 901, FIN | ACK)))
  const path = join(scratchDir('dns-tcp-segments'), `${name}.pcap`)
  writePcap(path, frames)
  return { path, frames: numbers }
}

describe('a stream cut inside messages, inside a length, and across a lost segment', () => {
  const m1 = query(0x1111, 'first.example.com')
  const m2 = query(0x2222, 'b.example')
  const m3 = query(0x3333, 'third.example.net')
  const stream = Buffer.concat([framed(m1), framed(m2), framed(m3)])
  const m2At = 2 + m1.length
  const m3At = m2At + 2 + m2.length
  // A: m1's length and 10 bytes; B: 10 more; C: m1's rest, m2 whole, m3's first length byte; D: the rest.
  const cuts = [0, 12, 22, m3At + 1]

  it('names the message each piece belongs to, reads whole messages where they are, and never a header made of a continuation', async () => {
    const { path, frames } = writeStream('cut', stream, cuts)
    const [a, b, c, d] = frames
    const [da, db, dc, dd] = await details(path, frames)
    const payload = 14 + 20 + 20
    // A: m1 begins; it is completed in C.
    expect(issuesCoded(da!, 'DNS_TCP_MESSAGE_CONTINUES')).toMatchObject([{ offset: payload, length: 2, params: { length: m1.length, here: 10, endFrame: c } }])
    expect(fieldsKeyed(da!, 'dns.id')).toEqual([])
    // B: all its bytes carry on m1 (bytes 13–22 of it); nothing is read as a DNS header.
    expect(issuesCoded(db!, 'DNS_TCP_MESSAGE_CONTINUED')).toMatchObject([{ offset: payload, length: 10, params: { startFrame: a, before: 12, here: 10, length: m1.length, endFrame: c, frame: b } }])
    expect(fieldsKeyed(db!, 'dns.continuation')[0]!.display).toBe(`Continuation of the DNS message begun in frame ${a}: its bytes 13–22 of ${m1.length + 2}`)
    expect(fieldsKeyed(db!, 'dns.id')).toEqual([])
    expect(fieldsKeyed(db!, 'dns.length')).toEqual([])
    expect(db!.issues.filter((x) => x.severity !== 'note')).toEqual([])
    // C: m1's last bytes (its header is in A: said, not decoded), then m2 whole at its own offsets,
    // then m3's first length byte, completed in D.
    const rest = m2At - 22
    expect(issuesCoded(dc!, 'DNS_TCP_MESSAGE_CONTINUED')).toMatchObject([{ offset: payload, length: rest, params: { startFrame: a, before: 22, here: rest, endFrame: c, frame: c } }])
    expect(issueText(issuesCoded(dc!, 'DNS_TCP_MESSAGE_CONTINUED')[0]!, 'en')).toContain(`the first ${rest} bytes carry on the DNS message begun in frame ${a} (${m1.length + 2} bytes with its 2-byte length; 22 of them came in earlier segments): they complete it`)
    const ids = fieldsKeyed(dc!, 'dns.id')
    expect(ids.map((f) => f.value)).toEqual([0x2222])
    expect(ids[0]!.offset).toBe(payload + rest + 2)
    expect(u16At(dc!, ids[0]!.offset)).toBe(0x2222)
    expect(issuesCoded(dc!, 'DNS_TCP_MESSAGE_CONTINUES')).toMatchObject([{ offset: payload + rest + 2 + m2.length, length: 1, params: { length: -1, endFrame: d } }])
    // D: the length's second byte here, then m3, read here.
    expect(issuesCoded(dd!, 'DNS_TCP_MESSAGE_CONTINUED')).toMatchObject([{ offset: payload, length: 1 + m3.length, params: { startFrame: c, before: 1, length: m3.length, endFrame: d } }])
    expect(fieldsKeyed(dd!, 'dns.length')[0]).toMatchObject({ offset: payload, length: 1, value: m3.length })
    expect(fieldsKeyed(dd!, 'dns.id')[0]).toMatchObject({ offset: payload + 1, value: 0x3333 })
    expect(fieldsKeyed(dd!, 'dns.qry.name')[0]!.value).toBe('third.example.net.')
    for (const detail of [da, db, dc, dd]) expect(issuesCoded(detail!, 'DNS_HEADER_SHORT')).toEqual([])
    // tshark, reassembling, completes the same messages in the same frames.
    const theirs = await tsharkFields(path, ['frame.number', 'dns.id'], ['-o', 'tcp.desegment_tcp_streams:TRUE', '-Y', 'dns'])
    expect(theirs.map(([n, id]) => [Number(n), id])).toEqual([
      [c, '0x1111\u001f0x2222'],
      [d, '0x3333'],
    ])
  })

  it('a retransmission of a segment that carries on a message is not read as a new message', async () => {
    // B (bytes 12–21 of m1, in its middle) is sent twice.
    const { path, frames } = writeStream('repeated', stream, cuts, null, 12)
    const [, b, again, c] = frames
    const [db, dagain, dc] = await details(path, [b!, again!, c!])
    // tshark, reassembling, calls the second copy a retransmission.
    const theirs = await tsharkFields(path, ['frame.number', 'tcp.analysis.retransmission'], ['-o', 'tcp.desegment_tcp_streams:TRUE', '-Y', `frame.number == ${again}`])
    expect(theirs).toEqual([[String(again), '1']])
    expect(dagain!.bytes.subarray(54)).toEqual(db!.bytes.subarray(54))
    // Its 10 bytes are said to be read where they first came, and no DNS field is made of them
    // (they were read from their first byte as a new message's length and header).
    expect(dagain!.layers.map((l) => l.name).slice(-1)).toEqual(['TCP payload already read from an earlier segment'])
    expect(dagain!.layers.at(-1)).toMatchObject({ offset: 54, length: 10 })
    expect(fieldsKeyed(dagain!, 'tcp.payload')[0]!.display).toBe('Retransmitted bytes: 10 (read where they first came)')
    for (const key of ['dns.length', 'dns.id', 'dns.continuation']) expect(fieldsKeyed(dagain!, key)).toEqual([])
    expect(dagain!.issues.filter((x) => x.code.startsWith('DNS'))).toEqual([])
    // The first copy and the rest read as before: C completes m1 and reads m2.
    expect(issuesCoded(db!, 'DNS_TCP_MESSAGE_CONTINUED')).toMatchObject([{ params: { before: 12, here: 10, endFrame: c } }])
    expect(fieldsKeyed(dc!, 'dns.id').map((f) => f.value)).toEqual([0x2222])
  })

  it('says a segment after a lost one cannot be read as messages', async () => {
    // B (bytes 12–21 of m1) is not in the capture: C onwards comes after a hole.
    const { path, frames } = writeStream('lost', stream, cuts, [12, 22])
    const [a, c, d] = frames
    const [da, dc, dd] = await details(path, [a!, c!, d!])
    // m1, begun in A, is never completed: its rest is lost with B.
    const [continues] = issuesCoded(da!, 'DNS_TCP_MESSAGE_CONTINUES')
    expect(continues).toMatchObject({ params: { length: m1.length, here: 10, endFrame: -1 } })
    expect(issueText(continues!, 'en')).toBe(`DNS message of ${m1.length} bytes continues in later segments (10 bytes here); the capture never completes it`)
    for (const detail of [dc, dd]) {
      const [lost] = issuesCoded(detail!, 'DNS_TCP_BOUNDARIES_LOST')
      expect(lost).toMatchObject({ severity: 'note', offset: 54, length: detail!.bytes.length - 54 })
      expect(fieldsKeyed(detail!, 'dns.id')).toEqual([])
      expect(fieldsKeyed(detail!, 'dns.length')).toEqual([])
    }
    const [lost] = issuesCoded(dc!, 'DNS_TCP_BOUNDARIES_LOST')
    expect(issueText(lost!, 'en')).toBe(`${lost!.length} bytes after a gap in the stream (bytes the capture does not have): where each DNS message begins is lost, so they are not read as messages`)
    expect(issueText(lost!, 'ko')).toBe(`스트림 중간에 캡처되지 않은 부분(빈틈)이 있어서, 그 뒤에 온 이 ${lost!.length}바이트는 DNS 메시지로 읽지 않습니다. TCP에서는 메시지마다 앞에 붙은 2바이트 길이 필드로만 DNS 메시지의 경계를 알 수 있는데, 빈틈 때문에 그 경계를 잃었습니다.`)
  })
})

describe('while the capture is still being read (a preview\'s detail)', () => {
  it('a message not completed yet is not said to be never completed; once its stream ends, it is', () => {
    const segments = new DnsTcpSegments()
    const direction = new DnsTcpDirection(() => {}, segments)
    const m = framed(query(0x4444, 'later.example'))
    // Frame index 7 holds the first 10 bytes; the rest has not been read.
    direction.data(m, 0, 10, 7)
    expect(segments.of(7)).toEqual({ read: 10, continued: null, completedIn: null, lost: false })
    // Frame index 8 carries on, still without the end.
    direction.data(m, 10, 20, 8)
    expect(segments.of(8)!.continued).toEqual({ startFrame: 8, before: 10, here: 10, length: m.length - 2, endFrame: null })
    direction.end()
    expect(segments.of(7)!.completedIn).toBe(-1)
    expect(segments.of(8)!.continued!.endFrame).toBe(-1)
  })
})
