// IPv6 jumbograms (RFC 2675): a Payload Length of 0 and a Hop-by-Hop header whose Jumbo Payload
// option gives the length (Linux's BIG TCP). The real capture is tcpdump's test file of one 80 KB
// BIG TCP segment; the broken cases are frames written by our own pcap writer (frames.ts), each
// breaking one rule of RFC 2675 §3 (a Payload Length beside the option, a length that fits 16 bits,
// a 0 without the option, a Fragment header), and checked against what tshark says of them.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import type { DecodeIssue, PacketDetail } from '../../src-main/shared/walkthrough.ts'
import { ACK, ipv6, PSH, tcp, writePcap } from '../analyzer/frames.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { find, tsharkPositions } from './helpers.ts'

async function open(path: string) {
  const { walkthrough, reader } = await runAnalysis(path)
  const details: PacketDetail[] = []
  try {
    for (let f = 1; f <= walkthrough.packets; f++) details.push(await reader.detail(f))
    return { walkthrough, details, list: await reader.frames(1, walkthrough.packets) }
  } finally {
    await reader.close()
  }
}

const problems = (d: PacketDetail) => d.issues.filter((x) => x.severity !== 'note')

describe('a BIG TCP jumbogram (tcp-bigtcp-ipv6-jumbo-hop-by-hop-80kb.pcap)', () => {
  it('reads its length from the Jumbo Payload option, says what it is, and decodes the 80 000-byte segment', async () => {
    const { walkthrough, details, list } = await open(join(CORPUS_DIR, 'more/tcp-bigtcp-ipv6-jumbo-hop-by-hop-80kb.pcap'))
    const [d] = details
    expect(find(d!.layers, 'ipv6.plen')).toMatchObject({ offset: 18, length: 2, value: 0, display: 'Payload Length: 0 (Jumbogram)' })
    const jumbo = find(d!.layers, 'ipv6.opt.jumbo')
    expect(jumbo).toMatchObject({ value: 80040 })
    // Where tshark puts the option and its length field.
    const theirs = await tsharkPositions(d!.bytes)
    expect(theirs.get('ipv6.opt.jumbo')).toEqual([[jumbo.offset, jumbo.length]])
    expect(theirs.get('ipv6.opt')).toEqual([[find(d!.layers, 'ipv6.opt').offset, 6]])
    // The TCP segment after it, as tshark reads it.
    const tcpLayer = d!.layers.find((l) => l.name.startsWith('Transmission Control Protocol'))!
    expect(tcpLayer.name).toContain('Len: 80000')
    expect(find(tcpLayer, 'tcp.len').value).toBe(80000)
    expect(theirs.get('tcp.len')).toBeDefined()
    // Not a problem: a note in both languages, on the Payload Length field.
    expect(problems(d!)).toEqual([])
    const [note] = d!.issues.filter((x) => x.code === 'IPV6_JUMBOGRAM')
    expect(note).toMatchObject({ severity: 'note', offset: 18, length: 2, params: { jumboLength: 80040 } })
    expect(issueText(note!, 'en')).toBe(
      "a jumbogram (RFC 2675): its Payload Length field is 0 by design, and the Jumbo Payload option in the Hop-by-Hop header gives its length, 80040 bytes after the IPv6 header (more than the 16-bit field can say); not an error: a capture on the host sees such packets when Linux's BIG TCP hands the network card one large packet to split",
    )
    expect(issueText(note!, 'ko')).toBe(
      '점보그램입니다(RFC 2675). 16비트인 페이로드 길이 필드는 65,535바이트까지만 나타낼 수 있으므로 일부러 0으로 두고, 홉별 옵션(Hop-by-Hop) 헤더의 점보 페이로드 옵션에 IPv6 헤더 뒤의 실제 길이 80040바이트를 적었습니다. 오류가 아닙니다. 리눅스의 BIG TCP처럼 큰 패킷 하나를 네트워크 카드에 넘겨 나누게 하는 컴퓨터에서 캡처하면 이런 패킷이 보입니다.',
    )
    // The list does not mark it, and the walkthrough has its TCP connection.
    expect(list[0]).toMatchObject({ protocol: 'TCP' })
    expect(list[0]!.flagged).toBeUndefined()
    expect(walkthrough.connections).toHaveLength(1)
  })
})

describe('what RFC 2675 §3 calls an error', () => {
  const C6 = 'fd00::1'
  const S6 = 'fd00::2'
  const segment = tcp(40000, 80, 1, 1, PSH | ACK, Buffer.from('data'))
  const bigSegment = tcp(40000, 80, 1, 1, PSH | ACK, Buffer.alloc(65_600, 0x61))
  const hopByHop = (options: number[]) => Buffer.from([6, 0, ...options])
  const jumboOption = (n: number) => [0xc2, 4, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]
  const payloadLength = (frame: Buffer, value: number) => {
    const b = Buffer.from(frame)
    b.writeUInt16BE(value, 14 + 4)
    return b
  }
  const frames: [string, Buffer][] = [
    // Payload Length 0, a Hop-by-Hop header holding only padding (PadN of 4 bytes).
    ['zero, no Jumbo option', payloadLength(ipv6(C6, S6, 0, Buffer.concat([hopByHop([1, 4, 0, 0, 0, 0]), segment])), 0)],
    // A Jumbo Payload option, and a Payload Length that is not 0 (the bytes' real 32).
    ['Jumbo option with a Payload Length', ipv6(C6, S6, 0, Buffer.concat([hopByHop(jumboOption(80040)), segment]))],
    // Payload Length 0 and a Jumbo Payload length of 32 (≤ 65 535).
    ['Jumbo length too small', payloadLength(ipv6(C6, S6, 0, Buffer.concat([hopByHop(jumboOption(8 + segment.length)), segment])), 0)],
    // Payload Length 0 and no Hop-by-Hop header: TCP follows.
    ['zero, TCP next', payloadLength(ipv6(C6, S6, 6, segment), 0)],
    // A true jumbogram (65 636 bytes after the header) that also carries a Fragment header.
    // (The header is written with no payload, Payload Length 0, then the rest is put after it.)
    ['Jumbo option with a Fragment header', Buffer.concat([ipv6(C6, S6, 0, Buffer.alloc(0)), Buffer.from([44, 0, ...jumboOption(8 + 8 + bigSegment.length)]), Buffer.from([6, 0, 0, 0, 0, 0, 0, 1]), bigSegment])],
  ]

  it('flags each, says why in both languages, and agrees with tshark where it says the same', async () => {
    const path = join(scratchDir('ipv6-jumbo'), 'rfc2675-errors.pcap')
    writePcap(path, frames.map(([, f]) => f))
    const { details, list } = await open(path)
    const expert = new Map((await tsharkFields(path, ['frame.number', '_ws.expert.message'])).map(([n, m = '']) => [Number(n), m]))
    const issue = (frame: number, code: DecodeIssue['code']) => details[frame - 1]!.issues.find((x) => x.code === code)
    for (const row of list) expect(row.flagged, `frame ${row.frame}`).toBe(true)

    const zero = issue(1, 'IPV6_PAYLOAD_LENGTH_ZERO')!
    expect(zero).toMatchObject({ severity: 'error', offset: 18, length: 2, params: { following: 32, hopByHop: true } })
    expect(expert.get(1)).toContain('IPv6 payload length equals 0 and Hop-By-Hop present and Jumbo Payload option missing')
    expect(issueText(zero, 'ko')).toBe('페이로드 길이 필드가 0이고 다음 헤더는 홉별 옵션 헤더인데, 그 안에 점보 페이로드 옵션이 없습니다. 페이로드 길이 0은 점보그램에만 쓸 수 있으므로(RFC 2675 3절) 헤더 뒤의 32바이트 가운데 어디까지가 이 패킷인지 알 수 없습니다. 그 뒤는 해독하지 않습니다.')
    // Not what it was: a header "cut short" it is not.
    expect(issue(1, 'IPV6_EXTENSION_SHORT')).toBeUndefined()

    const withLength = issue(2, 'IPV6_JUMBO_WITH_PAYLOAD_LENGTH')!
    expect(withLength).toMatchObject({ severity: 'warning', offset: 56, length: 1, params: { payloadLength: 32, jumboLength: 80040 } })
    expect(expert.get(2)).toContain('When IPv6 payload length does not equal 0 a Jumbo Payload option must not be present')
    expect(issueText(withLength, 'en')).toBe("Jumbo Payload option (80040 bytes) with a Payload Length of 32: a jumbogram's Payload Length must be 0 (RFC 2675 §3); the Payload Length field is followed")
    // The Payload Length field is followed: the 4 data bytes, not 80 040.
    expect(details[1]!.layers.find((l) => l.name.startsWith('Transmission Control Protocol'))!.name).toContain('Len: 4')

    const small = issue(3, 'IPV6_JUMBO_LENGTH_TOO_SMALL')!
    expect(small).toMatchObject({ severity: 'error', offset: 58, length: 4, params: { jumboLength: 32 } })
    expect(issueText(small, 'ko')).toBe('점보 페이로드 옵션의 길이가 32바이트입니다. 65,535바이트 이하인 패킷은 길이를 페이로드 길이 필드에 적어야 하므로 점보 페이로드 옵션의 길이는 65,535보다 커야 합니다(RFC 2675 3절). 받는 쪽은 이 패킷을 버립니다.')

    const tcpNext = issue(4, 'IPV6_PAYLOAD_LENGTH_ZERO')!
    expect(tcpNext).toMatchObject({ severity: 'error', params: { following: 24, nextHeader: 'TCP', hopByHop: false } })
    expect(expert.get(4)).toContain('IPv6 payload length equals 0')
    expect(issueText(tcpNext, 'en')).toBe('Payload Length 0 with a next header (TCP) to follow: only a jumbogram\'s Payload Length may be 0 (RFC 2675 §3); the rest of the frame (24 bytes) is read as the payload')
    // No "TCP header … only 0 captured": the frame's 24 bytes after the header are read.
    expect(issue(4, 'TCP_HEADER_SHORT')).toBeUndefined()

    // The Fragment header is the error (RFC 2675 §3: a Parameter Problem points at its first byte).
    const fragmented = issue(5, 'IPV6_JUMBO_WITH_FRAGMENT')!
    expect(fragmented).toMatchObject({ severity: 'error', offset: 62, length: 8, params: { jumboLength: 65636 } })
    expect(details[4]!.bytes[62]).toBe(6) // the Fragment header's own next header: TCP
    expect(problems(details[4]!).map((x) => x.code)).toEqual(['IPV6_JUMBO_WITH_FRAGMENT'])
    expect(expert.get(5)).toContain('Jumbo Payload option cannot be used with a fragment header')
    expect(issueText(fragmented, 'en')).toBe('Jumbo Payload option (65636 bytes) in a packet with a Fragment header: a jumbogram cannot be fragmented (RFC 2675 §3), and a receiver discards it')
    expect(issueText(fragmented, 'ko')).toBe('점보 페이로드 옵션(65636바이트)이 있는 패킷에 프래그먼트 헤더가 있습니다. 점보그램은 조각으로 나눌 수 없으므로(RFC 2675 3절) 받는 쪽은 이 패킷을 버립니다.')
  })
})
