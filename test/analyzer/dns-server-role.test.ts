// What a DNS server is called when a capture is opened, from what its bytes say and nothing more.
// RD=1 is what the client asked for, not what the server is: RA says whether it recurses, and a
// zone transfer (AXFR) is sent only by a server holding the zone. Each case reads the header bits
// with tshark first, so the words checked are tied to the bytes they explain.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { classifyResponse } from '../../src-main/dns/classify.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { withAllWords } from '../support/lesson.ts'
import { tsharkFields } from './tshark.ts'

async function walkthroughOf(name: string): Promise<Walkthrough> {
  const { walkthrough, reader } = await runAnalysis(join(CORPUS_DIR, name))
  await reader.close()
  return withAllWords(walkthrough)
}

const stepsOfKind = (w: Walkthrough, kind: string) => w.steps.filter((s) => s.kind === kind)
const everyWord = (w: Walkthrough) => w.steps.flatMap((s) => [s.title.en, s.title.ko, s.detail.en, s.detail.ko]).join('\n')

describe('dns-axfr-over-tcp.pcapng: a zone transfer from the zone\'s own server', () => {
  it('names the server as contoso.local.\'s, never as a recursive server, though the query has RD=1 and the response RA=1', async () => {
    const capture = join(CORPUS_DIR, 'dns-axfr-over-tcp.pcapng')
    const bits = await tsharkFields(capture, ['frame.number', 'dns.qry.type', 'dns.flags.recdesired', 'dns.flags.recavail', 'dns.flags.authoritative', 'dns.count.answers'], ['-Y', 'dns'])
    // Query: AXFR (252) with RD=1; response: RD=1, RA=1, AA=0 (a Windows DNS server), 21 records.
    expect(bits).toEqual([
      ['6', '252', '1', '', '', '0'],
      ['7', '252', '1', '1', '0', '21'],
    ])
    const w = await walkthroughOf('dns-axfr-over-tcp.pcapng')
    expect(w.resolutions[0]!.hops.map((h) => [h.zone, h.outcome])).toEqual([['contoso.local.', 'answer']])
    const [query] = stepsOfKind(w, 'dns-query')
    expect(query!.concept).toBe('dns.query')
    expect(query!.title).toEqual({ en: 'Ask 172.16.16.139 (contoso.local. zone server) for contoso.local. AXFR', ko: '172.16.16.139(contoso.local. 도메인의 DNS 서버)에 contoso.local. AXFR 조회' })
    expect(query!.detail.en).toContain('type AXFR, recursion desired (frame 6). Type AXFR asks for a zone transfer: every record of the zone contoso.local., which only a server holding the zone (its primary or a secondary) sends. The recursion-desired bit is set, but no server recurses for a transfer.')
    expect(query!.detail.ko).toContain('타입 AXFR, 재귀 요청 (프레임 6). 타입 AXFR은 존 전송 요청이다. contoso.local. 존의 모든 레코드를 달라는 것으로, 이 존을 가진 서버(주 서버나 보조 서버)만 보낼 수 있다. 재귀 요청 비트가 켜져 있지만 존 전송을 재귀로 처리하는 서버는 없다.')
  })

  it('tells the answer as the whole zone between two SOA records, not as "no AXFR record"', async () => {
    const w = await walkthroughOf('dns-axfr-over-tcp.pcapng')
    expect(stepsOfKind(w, 'dns-nodata')).toEqual([])
    const [answer] = stepsOfKind(w, 'dns-answer')
    expect(answer!.frames).toEqual([7])
    expect(answer!.title).toEqual({ en: '172.16.16.139 (contoso.local. zone server) sends the zone contoso.local.: 21 record(s)', ko: '172.16.16.139(contoso.local. 도메인의 DNS 서버)가 contoso.local. 존을 보낸다: 레코드 21개' })
    expect(answer!.detail).toEqual({
      en: 'Zone transfer (AXFR) after 21.769 ms: the server sends every record of the zone, 21 record(s) in this message, from its SOA record (serial 71) to the same SOA again, which ends the transfer (frame 7).',
      ko: '존 전송(AXFR) (21.769 ms 후): 서버가 존의 모든 레코드를 보내며, 이 메시지에 레코드 21개가 있다. 존의 SOA 레코드(일련번호 71)로 시작해 같은 SOA로 끝나며, 두 번째 SOA가 전송의 끝을 알린다 (프레임 7).',
    })
    expect(everyWord(w)).not.toMatch(/recursive DNS server|재귀 조회를 하는|no AXFR record/)
  })
})

describe('a server asked with RD=1 that answers with RA=0 does not recurse', () => {
  it('more/dns-over-tcp-port53-handshake-fin.pcap: tcpdump.org\'s server answering as the zone\'s (AA=1), named by the NS records beside its answer', async () => {
    const bits = await tsharkFields(join(CORPUS_DIR, 'more/dns-over-tcp-port53-handshake-fin.pcap'), ['dns.flags.recdesired', 'dns.flags.recavail', 'dns.flags.authoritative', 'dns.resp.name', 'dns.resp.type'], ['-Y', 'dns.flags.response == 1'])
    expect(bits[0]!.slice(0, 3)).toEqual(['1', '0', '1'])
    const w = await walkthroughOf('more/dns-over-tcp-port53-handshake-fin.pcap')
    expect(w.resolutions[0]!.hops.map((h) => h.zone)).toEqual(['tcpdump.org.'])
    expect(stepsOfKind(w, 'dns-query')[0]!.title).toEqual({ en: 'Ask 209.87.249.18 (tcpdump.org. zone server) for www.tcpdump.org. A', ko: '209.87.249.18(tcpdump.org. 도메인의 DNS 서버)에 www.tcpdump.org. A 조회' })
    expect(everyWord(w)).not.toMatch(/recursive DNS server|재귀 조회를 하는/)
  })

  it('dns-root-server-responses-referral.pcap: a root server\'s referral (RA=0, AA=0) names no zone, so the server is only "a DNS server"', async () => {
    const bits = await tsharkFields(join(CORPUS_DIR, 'dns-root-server-responses-referral.pcap'), ['frame.number', 'dns.flags.recdesired', 'dns.flags.recavail', 'dns.flags.authoritative'], ['-Y', 'frame.number == 2'])
    expect(bits).toEqual([['2', '1', '0', '0']])
    const w = await walkthroughOf('dns-root-server-responses-referral.pcap')
    const hop = w.resolutions.flatMap((r) => r.hops).find((h) => h.frames.includes(2))!
    expect(hop).toMatchObject({ server: '198.41.0.4', zone: '(unknown)' })
  })

  it('dns-a-ptr-cname-nxdomain.pcapng: a server answering with RA=1 is still called recursive', async () => {
    const bits = await tsharkFields(join(CORPUS_DIR, 'dns-a-ptr-cname-nxdomain.pcapng'), ['dns.flags.recavail'], ['-Y', 'frame.number == 2'])
    expect(bits).toEqual([['1']])
    const w = await walkthroughOf('dns-a-ptr-cname-nxdomain.pcapng')
    expect(w.resolutions[0]!.hops[0]).toMatchObject({ server: '4.2.2.1', zone: '(recursive)' })
    expect(stepsOfKind(w, 'dns-query')[0]!.title.en).toBe('Ask 4.2.2.1 (recursive DNS server) for microsoft.com. A')
  })
})

describe('the classifier on a zone transfer', () => {
  it('takes the zone\'s records as the answer, with or without AA, asked with or without RD', () => {
    const soa = { name: 'example.', type: 'SOA', class: 'IN', ttl: 3600, data: 'ns.example. hostmaster.example. 7 900 600 86400 3600' }
    const answers = [soa, { name: 'www.example.', type: 'A', class: 'IN', ttl: 3600, data: '192.0.2.1' }, soa]
    for (const aa of [false, true]) {
      for (const recursionDesired of [false, true]) {
        const c = classifyResponse({ rcode: 'NOERROR', aa, ra: false, answers, authority: [], additional: [] }, { qname: 'example.', qtype: 'AXFR', zone: 'example.', recursionDesired })
        expect(c).toMatchObject({ outcome: 'answer', rrset: answers })
      }
    }
  })
})
