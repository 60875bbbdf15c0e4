// What the steps say, read against the bytes of real captures as a student would read them beside
// the highlighted packets (tshark's dissection of the same frames): each case is a sentence that once
// said something the capture does not show.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { Step, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { withAllWords } from '../support/lesson.ts'
import { tsharkFields } from './tshark.ts'

const CAPTURES = '../shared/captures'

async function walkthroughOf(file: string): Promise<Walkthrough> {
  const analysed = await runAnalysis(join(CAPTURES, file), {})
  await analysed.reader.close()
  return withAllWords(analysed.walkthrough)
}

/** The frames a step's detail names, in English and in Korean, as numbers: every "(frames …)" it
 * has together ("(frame 4) … (frame 6) … (frames 9–10)" → [4, 6, 9, 10]; "frames 21, 26–27" →
 * [21, 26, 27]); or its closing "14 frames between 6 and 38" → the span's ends and the count. */
function framesNamed(detail: string, lang: 'en' | 'ko'): { listed: number[] } | { first: number; last: number; count: number } | null {
  if (lang === 'en') {
    const counted = /\((\d+) frames between (\d+) and (\d+)\)\.?[^()]*$/.exec(detail)
    if (counted) return { count: Number(counted[1]), first: Number(counted[2]), last: Number(counted[3]) }
    return listedIn(detail, /\(frames? ([\d–, ]+)\)/g)
  }
  const counted = /\(프레임 (\d+)–(\d+) 사이의 (\d+)개\)\.?[^()]*$/.exec(detail)
  if (counted) return { first: Number(counted[1]), last: Number(counted[2]), count: Number(counted[3]) }
  return listedIn(detail, /\(프레임 ([\d–, ]+)\)/g)
}

function listedIn(detail: string, lists: RegExp): { listed: number[] } | null {
  const all = [...detail.matchAll(lists)].flatMap((m) => expand(m[1]!))
  return all.length ? { listed: [...new Set(all)].sort((a, b) => a - b) } : null
}

function expand(runs: string): number[] {
  return runs.split(', ').flatMap((run) => {
    const [a, b] = run.split('–').map(Number)
    return b === undefined ? [a!] : Array.from({ length: b - a! + 1 }, (_, i) => a! + i)
  })
}

describe('the frames a step names are the frames it highlights', () => {
  // Parallel connections (the POSTs of 100-continue), a page load with a second connection opened
  // while the first closes (Wireshark's sample), and TLS with an ACK between its hellos.
  for (const file of ['http-chunked-gzip-100-continue.pcap', 'http-wireshark-sample-keepalive.cap', 'tls12-ecdhe.pcap', 'dns-iterative-lab-a-aaaa-referrals.pcap']) {
    it(file, async () => {
      const w = await walkthroughOf(file)
      let checked = 0
      for (const step of w.steps) {
        for (const lang of ['en', 'ko'] as const) {
          const named = framesNamed(step.detail[lang], lang)
          if (named === null) continue
          checked++
          const frames = [...step.frames].sort((a, b) => a - b)
          if ('listed' in named) expect(named.listed, `step ${step.index + 1} (${lang}): ${step.detail[lang]}`).toEqual(frames)
          else expect(named, `step ${step.index + 1} (${lang})`).toEqual({ first: frames[0], last: frames.at(-1), count: frames.length })
        }
      }
      expect(checked).toBeGreaterThan(4)
    })
  }

  it('a handshake among other connections\' frames lists its own three (frames 1, 11, 19), not the span 1–19', async () => {
    const w = await walkthroughOf('http-chunked-gzip-100-continue.pcap')
    const connect = w.steps.find((s) => s.kind === 'connect')!
    expect(connect.frames).toEqual([1, 11, 19])
    expect(connect.detail.en).toContain('(frames 1, 11, 19)')
    expect(connect.detail.ko).toContain('(프레임 1, 11, 19)')
  })
})

describe('TLS', () => {
  it('a ClientHello without SNI is not said to name the server (tls12-ecdhe.pcap, frame 4: no server_name extension)', async () => {
    const w = await walkthroughOf('tls12-ecdhe.pcap')
    const step = w.steps.find((s) => s.kind === 'tls-handshake')!
    expect(w.tls[0]!.sni).toBeNull()
    expect(step.detail.en).toMatch(/^ClientHello \(frame 4\) names no server \(it carries no SNI extension\); the server picks TLS 1\.2/)
    expect(step.detail.ko).toMatch(/^ClientHello\(프레임 4\)에는 서버 이름이 없다\(SNI 확장 없음\)\. 서버가 TLS 1\.2와 /)
  })

  it('the handshake step highlights the frame of each message it names: the certificate is in frame 9, not in the hellos\' frames 4 and 6 (tls12-ecdhe.pcap)', async () => {
    const capture = join(CORPUS_DIR, 'tls12-ecdhe.pcap')
    // tshark: ClientHello (1) in frame 4, ServerHello (2) in 6, Certificate (11) in 9.
    const theirs = await tsharkFields(capture, ['frame.number', 'tls.handshake.type'], ['-Y', 'tls.handshake.type == 1 || tls.handshake.type == 2 || tls.handshake.type == 11'])
    expect(theirs).toEqual([['4', '1'], ['6', '2'], ['9', '11']])
    const w = await walkthroughOf('tls12-ecdhe.pcap')
    const step = w.steps.find((s) => s.kind === 'tls-handshake')!
    expect(w.tls[0]).toMatchObject({ clientHelloFrame: 4, serverHelloFrame: 6, certificateFrame: 9 })
    expect(step.frames).toEqual([4, 6, 9])
    expect(step.detail.en).toBe(
      'ClientHello (frame 4) names no server (it carries no SNI extension); the server picks TLS 1.2 with TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA (frame 6); certificate for C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com, issued by C=US, O=Google Inc, CN=Google Internet Authority G2 (frame 9).',
    )
    expect(step.detail.ko).toBe(
      'ClientHello(프레임 4)에는 서버 이름이 없다(SNI 확장 없음). 서버가 TLS 1.2와 TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA를 선택했다 (프레임 6). 인증서: C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com, 발급자 C=US, O=Google Inc, CN=Google Internet Authority G2 (프레임 9).',
    )
  })

  it('a ClientHello with SNI names it', async () => {
    const w = await walkthroughOf('null-loopback-ipv6-http-connect-tls.pcap')
    const step = w.steps.find((s) => s.kind === 'tls-handshake')!
    expect(step.detail.en).toMatch(/^ClientHello \(frame 9\) names the server \(SNI secure\.newegg\.com\)/)
    expect(step.detail.ko).toMatch(/^ClientHello\(프레임 9\)에는 서버 이름\(SNI secure\.newegg\.com\)이 있다\./)
  })
})

describe('a referral', () => {
  it('says in Korean that it comes instead of an answer *to* the question, not "the name\'s answer" (dns-iterative-lab-a-aaaa-referrals.pcap, frame 4)', async () => {
    const w = await walkthroughOf('dns-iterative-lab-a-aaaa-referrals.pcap')
    const step = w.steps.find((s) => s.kind === 'dns-referral' && s.frames.includes(4))!
    expect(step.detail.en).toBe('No answer for fi. after 0.084 ms: 1 NS record(s) for fi. (dnsfi.fi.) with 1 glue address(es) (frame 4).')
    expect(step.detail.ko).toBe('fi.에 대한 회답 대신 (0.084 ms 후) fi.의 NS 레코드 1개(dnsfi.fi.)와 글루 주소 1개 (프레임 4).')
  })
})

describe('a truncated UDP answer', () => {
  it('is told as the TCP retry, not as an answer (dns-udp-truncated-retry-tcp.pcapng, frame 2: TC set, 2 answer records)', async () => {
    const theirs = await tsharkFields(join(CORPUS_DIR, 'dns-udp-truncated-retry-tcp.pcapng'), ['dns.flags.truncated', 'dns.count.answers'], ['-Y', 'frame.number == 2'])
    expect(theirs).toEqual([['1', '2']])
    const w = await walkthroughOf('dns-udp-truncated-retry-tcp.pcapng')
    expect(w.steps.filter((s) => s.frames.includes(2)).map((s) => s.kind)).toEqual(['dns-tcp-fallback'])
    const step = w.steps.find((s) => s.kind === 'dns-tcp-fallback')!
    expect(step.detail.en).toBe('The response has the TC (truncated) flag set: the whole answer did not fit in the UDP message, so its 2 record(s) are only the part that fit and it is not used; a resolver asks the same question again over TCP, where a message may be up to 65,535 bytes (frame 2).')
    expect(step.detail.ko).toBe('응답에 TC(잘림) 플래그가 켜져 있다. 회답 전체가 UDP 메시지에 다 들어가지 않았으므로 레코드 2개는 들어간 일부일 뿐이며 이 응답은 쓰지 않는다. 리졸버는 메시지를 65,535바이트까지 보낼 수 있는 TCP로 같은 질문을 다시 보낸다 (프레임 2).')
    // The answer over TCP (frame 10) is told as the answer.
    expect(w.steps.find((s) => s.kind === 'dns-answer')!.frames).toEqual([10])
  })
})

describe('a truncated referral and its retry over TCP', () => {
  it('the retry is asked of the same zone\'s server (com.), not of the zone the cut referral named, and is a referral, not "lame" (dns-edns-dnssec-referrals-ipv6-frags.pcap, frames 17–18)', async () => {
    // Frame 17: 192.54.112.30 over UDP, TC set, 7 authority and 1 additional record; frame 18: the
    // same server over TCP, whole: 8 and 3.
    const theirs = await tsharkFields(join(CORPUS_DIR, 'dns-edns-dnssec-referrals-ipv6-frags.pcap'), ['frame.number', 'ip.src', 'dns.flags.truncated', 'dns.count.auth_rr', 'dns.count.add_rr'], ['-Y', 'frame.number == 17 || frame.number == 18'])
    expect(theirs).toEqual([
      ['17', '192.54.112.30', '1', '7', '1'],
      ['18', '192.54.112.30', '0', '8', '3'],
    ])
    const w = await walkthroughOf('dns-edns-dnssec-referrals-ipv6-frags.pcap')
    const chain = w.resolutions.find((r) => r.hops.some((h) => h.frames.includes(18)))!
    expect(chain.hops.map((h) => [h.zone, h.server, h.outcome, h.frames])).toEqual([
      ['com.', '192.54.112.30', 'referral', [17]],
      ['com.', '192.54.112.30', 'referral', [18]],
      ['netflix.com.', '205.251.192.81', 'cname', [19]],
    ])
    // The cut referral is told as the retry it causes (its missing glue is not called glueless);
    // its records: the 7 of the authority section (the additional one is EDNS's OPT, no record).
    expect(w.steps.filter((s) => s.frames.includes(17)).map((s) => s.kind)).toEqual(['dns-tcp-fallback'])
    expect(w.steps.find((s) => s.kind === 'dns-tcp-fallback' && s.frames.includes(17))!.detail.en).toContain('so its 7 record(s) are only the part that fit and it is not used')
    const retry = w.steps.filter((s) => s.frames.includes(18) && s.kind.startsWith('dns-'))
    expect(retry.map((s) => s.kind)).toEqual(['dns-referral'])
    expect(retry[0]!.detail.en).toBe('No answer for www.netflix.com.: 4 NS record(s) for netflix.com. (ns-81.awsdns-10.com., ns-659.awsdns-18.net., ns-1984.awsdns-56.co.uk., …) with 2 glue address(es) (frame 18).')
  })
})

describe('negative answers: how long they may be cached, from their own SOA', () => {
  const nx = (w: Walkthrough, frame: number): Step => w.steps.find((s) => (s.kind === 'dns-nxdomain' || s.kind === 'dns-nodata') && s.frames.includes(frame))!

  it('with an SOA: the smaller of its TTL and MINIMUM (dns-a-ptr-cname-nxdomain.pcapng, frame 18: chrissanders.org. SOA, TTL 14400, minimum 14400)', async () => {
    const step = nx(await walkthroughOf('dns-a-ptr-cname-nxdomain.pcapng'), 18)
    expect(step.detail.en).toContain('the SOA record of chrissanders.org. in the authority section says how long this may be cached: 14400 s (the smaller of its TTL, 14400, and its MINIMUM field, 14400; RFC 2308)')
    expect(step.detail.ko).toContain('권한 섹션에 있는 chrissanders.org.의 SOA 레코드가 이 사실을 캐시할 기간을 정한다: 14400초(SOA의 TTL 14400과 MINIMUM 필드 14400 중 작은 값, RFC 2308)')
  })

  it('without an SOA: no time is claimed (dns-wireshark-sample-many-rrtypes.pcap, frame 22: NXDOMAIN, 0 authority records)', async () => {
    const step = nx(await walkthroughOf('dns-wireshark-sample-many-rrtypes.pcap'), 22)
    expect(step.detail.en).not.toContain('the SOA in the authority section says')
    expect(step.detail.en).toContain('its authority section has no SOA record, so it gives no time for keeping this in a cache')
    expect(step.detail.ko).toContain('권한 섹션에 SOA 레코드가 없어')
  })
})

describe('a nearby DNS server seen answering (dns-iterative-lab-a-aaaa-referrals.pcap: 192.168.0.110 walks for 192.168.0.111)', () => {
  it('an answer with AA set is not told as one from its cache (frame 26: NXDOMAIN for 133.0.168.192.in-addr.arpa with AA, a zone it serves itself)', async () => {
    const w = await walkthroughOf('dns-iterative-lab-a-aaaa-referrals.pcap')
    const ptr = w.resolutions.filter((c) => c.qname === '133.0.168.192.in-addr.arpa.')
    expect(ptr.length).toBe(4)
    for (const chain of ptr) expect(chain.hops.map((h) => h.outcome)).toEqual(['nxdomain'])
    for (const step of w.steps) expect(step.title.en).not.toMatch(/133\.0\.168\.192\.in-addr\.arpa\. PTR "does not exist" from its cache/)
    expect(w.steps.some((s) => s.kind === 'dns-cache-hit')).toBe(false)
  })

  it('its A query belongs to the A question, its AAAA query to the AAAA question (frames 15/19 and 16/18), though both ask pc3.oru.fi. at once', async () => {
    const w = await walkthroughOf('dns-iterative-lab-a-aaaa-referrals.pcap')
    const chain = (qtype: string) => w.resolutions.find((c) => c.qname === 'pc3.oru.fi.' && c.qtype === qtype)!
    expect(chain('A').hops.map((h) => `${h.leg} ${h.outcome} ${h.frames.join('/')}`)).toEqual(['stub answer 1/21', 'walk answer 15/19'])
    expect(chain('AAAA').hops.map((h) => h.frames.join('/'))).toContain('16/18')
    expect(chain('AAAA').hops.map((h) => h.frames.join('/'))).not.toContain('15/19')
  })

  it("the resolver's one question is not counted with the nearby server's walk", async () => {
    const w = await walkthroughOf('dns-iterative-lab-a-aaaa-referrals.pcap')
    const step = w.steps.find((s) => s.kind === 'name-lookup')!
    expect(step.detail.en).toBe(
      'The OS sends messages to IP addresses, not names: gethostbyname("pc3.oru.fi") hands the name to the resolver, which sends 1 query to 192.168.0.110 (nearby DNS server (local DNS server)); that server sends 1 query of its own, walking down the hierarchy, to find the A record.',
    )
    expect(step.detail.ko).toBe(
      'OS에 송신을 의뢰할 때는 이름이 아니라 IP 주소로 상대를 지정해야 한다. gethostbyname("pc3.oru.fi") 함수가 이름을 리졸버에 넘긴다. 리졸버는 192.168.0.110(가까운 DNS 서버(로컬 DNS 서버))에 1번 조회하고, 그 서버가 계층을 따라 내려가며 1번 더 조회해 A 레코드를 찾는다.',
    )
  })
})

describe('a server asked and never answering is not given a zone from the question (more/dns-queries-only-10-clients.pcap: 21 unanswered queries)', () => {
  it('95.211.92.14, asked for picslife.ru. and then for 73dom.com., is "a DNS server", not the ru. and then the com. TLD server', async () => {
    const w = await walkthroughOf('more/dns-queries-only-10-clients.pcap')
    const queries = w.steps.filter((s) => s.kind === 'dns-query')
    expect(queries.length).toBeGreaterThan(5)
    for (const step of queries) {
      expect(step.title.en).toMatch(/^Ask [\d.]+ \(DNS server\) for /)
      expect(step.title.ko).toMatch(/^[\d.]+\(DNS 서버\)에 /)
    }
    expect(queries.find((s) => s.title.en.includes('picslife.ru.'))!.title.en).toBe('Ask 95.211.92.14 (DNS server) for picslife.ru. A')
    for (const chain of w.resolutions) for (const hop of chain.hops) if (hop.outcome === 'timeout') expect(hop.zone).toBe('(unknown)')
  })
})

describe('closing: "a FIN each way" only when the capture holds both', () => {
  it('bigendian-nsec-http.pcap ends with the server\'s FIN (frame 10): one direction is seen closed', async () => {
    const w = await walkthroughOf('bigendian-nsec-http.pcap')
    const step = w.steps.find((s) => s.kind === 'close')!
    expect(step.frames).toEqual([10])
    expect(step.detail.en).toBe('close(): the server sends its FIN to end the connection 127.0.0.1:43030 ⇄ 127.0.0.1:8000; the capture holds no FIN from the client, so only this direction is seen closed (frame 10).')
    expect(step.detail.ko).toBe('close(): 서버가 FIN을 보내 127.0.0.1:43030 ⇄ 127.0.0.1:8000 연결을 끊기 시작한다. 클라이언트의 FIN은 캡처에 없어 한 방향만 닫힌 것이 보인다 (프레임 10).')
  })

  it('http-keepalive-gzip-57-requests.pcap: the client\'s FIN and the server\'s ACK (frames 39, 44) are no FIN each way; FIN, FIN-ACK, ACK are', async () => {
    const w = await walkthroughOf('http-keepalive-gzip-57-requests.pcap')
    const close = (frames: number[]) => w.steps.find((s) => s.kind === 'close' && s.frames.join() === frames.join())!
    expect(close([39, 44]).detail.en).toMatch(/^close\(\): the client sends its FIN .*; the capture holds no FIN from the server/)
    expect(close([3, 4, 5, 11]).detail.en).toMatch(/^close\(\): a FIN each way ends the connection 172\.16\.133\.132:44296 ⇄ 98\.138\.19\.88:80/)
  })

  it('http-stream-rst-close.pcap: the server\'s FIN (frame 7) answered by the client\'s RST (frame 10) is told so', async () => {
    const w = await walkthroughOf('http-stream-rst-close.pcap')
    const step = w.steps.find((s) => s.kind === 'close')!
    expect(step.detail.en).toBe('close(): the server sends its FIN to end the connection 10.3.65.35:5068 ⇄ 185.8.212.46:80; the client answers with RST instead of a FIN of its own, which aborts the connection (frames 7–10).')
    expect(step.detail.ko).toBe('close(): 서버가 FIN을 보내 10.3.65.35:5068 ⇄ 185.8.212.46:80 연결을 끊기 시작하지만, 클라이언트는 자신의 FIN 대신 RST로 응답해 연결을 강제 종료한다 (프레임 7–10).')
  })
})
