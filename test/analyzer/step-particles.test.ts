// Every Korean step template, rendered with numbers, Latin names and Hangul names in its slots:
// the particle after each value is the one its reading takes ("디스크립터 63을", "127.53.0.1:10053이",
// "포트 34980은", "FIN으로", "sample.htm을", "서버가"), and no both-ways form (을(를)) is left. The
// scenario below reaches every kind of step and every branch of its wording.
import { describe, expect, it } from 'vitest'
import type { PlannedResolutions } from '../../src-main/analyzer/resolution-store.ts'
import { buildSteps, type PlanContext, type PlannedConnections, type PlannedExchanges, type PlannedTransactions } from '../../src-main/analyzer/steps.ts'
import { withWords } from '../../src-main/shared/lesson.ts'
import type { Journal } from '../../src-main/analyzer/journal.ts'
import type { Connection, DnsTransaction, HttpExchange, ResolutionChain, Step, StepKind, TlsSession } from '../../src-main/shared/walkthrough.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'
import { particleProblems, type TestValue } from '../support/particles.ts'

/** The values one rendering puts in the templates' slots. */
interface Slots {
  /** DNS servers as "ip:port" (or any text: the steps print them as given). */
  servers: [string, string, string]
  qname: string
  referredTo: string
  ns: string
  fd: number
  clientPort: number
  /** The web server as "ip:port" (parsed for its port). */
  web: string
  page: string
  image: string
  moved: string
  other: string
  host: string
  sni: string
  cipher: string
  subject: string
  iface: string
  method: string
  /** What the check looks for in the text, with how each ends when read. */
  values: TestValue[]
}

const NUMBERS: Slots = {
  servers: ['127.53.0.1:10053', '127.53.1.1:10082', '127.53.2.1:10057'],
  qname: 'host.10.',
  referredTo: '10.',
  ns: 'ns.63.',
  fd: 63,
  clientPort: 34980,
  web: '127.53.4.80:8082',
  page: '/63',
  image: '/img/7',
  moved: '/dir/10',
  other: '/page/2',
  host: '10.0.0.3:8083',
  sni: '10.0.0.9',
  cipher: 'TLS_AES_128_GCM_SHA256',
  subject: 'CN=10.0.0.5',
  iface: 'eth0',
  method: 'GET',
  values: [
    { text: '127.53.0.1:10053', ending: 'consonant' }, // 만오십삼
    { text: '127.53.1.1:10082', ending: 'vowel' }, // 만팔십이
    { text: '127.53.2.1:10057', ending: 'rieul' }, // 만오십칠
    { text: 'host.10.', ending: 'consonant' }, // 십
    { text: '10.', ending: 'consonant' },
    { text: '63', ending: 'consonant' }, // 육십삼
    { text: '34980', ending: 'consonant' }, // 삼만사천구백팔십
    { text: '127.53.4.80:8082', ending: 'vowel' }, // 팔천팔십이
    { text: '8082', ending: 'vowel' },
    { text: '/63', ending: 'consonant' },
    { text: '/img/7', ending: 'rieul' }, // 칠
    { text: '/dir/10', ending: 'consonant' },
    { text: '/page/2', ending: 'vowel' }, // 이
    { text: '10.0.0.3:8083', ending: 'consonant' }, // 팔천팔십삼
    { text: '10.0.0.9', ending: 'vowel' }, // 구
    { text: 'SHA256', ending: 'consonant' }, // 이백오십육
    { text: 'CN=10.0.0.5', ending: 'vowel' }, // 오
    { text: '8080', ending: 'consonant' }, // 팔천팔십
  ],
}

const LATIN: Slots = {
  servers: ['a.root-servers.net', 'ns.example.com', 'ns1.cyber.co.kr'],
  qname: 'www.lab.glasscom.com.',
  referredTo: 'co.kr.',
  ns: 'ns1.lab.cyber.co.kr.',
  fd: 62,
  clientPort: 45662,
  web: '127.53.4.80:8080',
  page: '/sample.htm',
  image: '/gazou.jpg',
  moved: '/whatisthis',
  other: '/index.html',
  host: 'www.lab.cyber.co.kr',
  sni: 'example.org',
  cipher: 'TLS_CHACHA20_POLY1305_SHA256',
  subject: 'CN=www.lab.glasscom.com',
  iface: 'wlan',
  method: 'POST',
  values: [
    { text: 'a.root-servers.net', ending: 'vowel' }, // 티
    { text: 'ns.example.com', ending: 'consonant' }, // 엠
    { text: 'ns1.cyber.co.kr', ending: 'rieul' }, // 알
    { text: 'www.lab.glasscom.com.', ending: 'consonant' },
    { text: 'co.kr.', ending: 'rieul' },
    { text: '62', ending: 'vowel' }, // 육십이
    { text: '45662', ending: 'vowel' },
    { text: '/sample.htm', ending: 'consonant' }, // 엠
    { text: '/gazou.jpg', ending: 'vowel' }, // 지
    { text: '/whatisthis', ending: 'vowel' }, // 에스
    { text: '/index.html', ending: 'rieul' }, // 엘
    { text: 'www.lab.cyber.co.kr', ending: 'rieul' },
    { text: 'example.org', ending: 'vowel' }, // 지
    { text: 'CN=www.lab.glasscom.com', ending: 'consonant' },
    { text: 'wlan', ending: 'consonant' }, // 엔
    { text: 'POST', ending: 'vowel' }, // 티
    { text: 'FIN', ending: 'consonant' }, // 엔
    { text: 'RST', ending: 'vowel' }, // 티
    { text: 'GET', ending: 'vowel' },
    { text: 'TLS_CHACHA20_POLY1305_SHA256', ending: 'consonant' }, // 육
  ],
}

const HANGUL: Slots = {
  servers: ['루트 서버', '국가 서버', '가까운 서버'],
  qname: '웹.예제.한국.',
  referredTo: '예제.한국.',
  ns: '이름서버.예제.한국.',
  fd: 3,
  clientPort: 50000,
  web: '127.53.4.80:8080',
  page: '/사진첩',
  image: '/사진',
  moved: '/자료실',
  other: '/소개',
  host: '웹서버',
  sni: '인증.한국',
  cipher: '암호',
  subject: 'CN=실습',
  iface: '유선',
  method: 'GET',
  values: [
    { text: '루트 서버', ending: 'vowel' },
    { text: '국가 서버', ending: 'vowel' },
    { text: '가까운 서버', ending: 'vowel' },
    { text: '웹.예제.한국.', ending: 'consonant' },
    { text: '예제.한국.', ending: 'consonant' },
    { text: '3', ending: 'consonant' }, // 삼
    { text: '50000', ending: 'consonant' }, // 오만
    { text: '/사진첩', ending: 'consonant' },
    { text: '/사진', ending: 'consonant' },
    { text: '/자료실', ending: 'rieul' },
    { text: '/소개', ending: 'vowel' },
    { text: '웹서버', ending: 'vowel' },
    { text: '인증.한국', ending: 'consonant' },
    { text: '암호', ending: 'vowel' },
    { text: 'CN=실습', ending: 'consonant' },
    { text: '유선', ending: 'consonant' },
  ],
}

const rr = (name: string, type: string, data: string, ttl = 300): DnsRecordView => ({ name, type, class: 'IN', ttl, data } as DnsRecordView)

function tx(i: number, server: string, s: Slots, over: Partial<DnsTransaction>): DnsTransaction {
  return { id: 0x1000 + i, qname: s.qname, qtype: 'A', rcode: 'NOERROR', aa: false, tc: false, rd: false, ra: false, transport: 'udp', client: `127.0.0.1:${s.clientPort}`, server, query_frame: 2 * i + 1, response_frame: 2 * i + 2, rtt_ms: 1.5, answers: [], authority: [], additional: [], outcome: null, ...over }
}

function exchange(s: Slots, uri: string, over: Partial<HttpExchange>): HttpExchange {
  const requestHead = `${s.method} ${uri} HTTP/1.1\r\nHost: ${s.host}\r\nAccept: */*\r\n\r\n`
  return { method: s.method, uri, host: s.host, status: 200, reason: 'OK', connection: 0, request_frame: 40, response_frame: 41, requestHead, responseHead: 'HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n\r\n', contentType: 'image/jpeg', contentEncoding: null, transferEncoding: null, bodyBytes: { wire: 6409, decoded: 6409 }, ...over }
}

/** A page load that reaches every kind of step and every wording branch. */
function scenario(s: Slots, directory: boolean): PlanContext {
  const [root, tld, zone] = s.servers
  const dns = [
    tx(0, root, s, { authority: [rr(s.referredTo, 'NS', s.ns)], additional: [rr(s.ns, 'A', '127.53.2.1')], outcome: 'referral' }),
    tx(1, tld, s, { aa: true, answers: [rr(s.qname, 'A', '127.53.4.80')], outcome: 'answer' }),
    tx(2, zone, s, { tc: true, answers: [rr(s.qname, 'A', '127.53.4.80')], outcome: 'answer' }),
    tx(3, zone, s, { answers: [rr(s.qname, 'CNAME', s.referredTo)], outcome: 'cname' }),
    tx(4, zone, s, { rcode: 'NXDOMAIN', outcome: 'nxdomain' }),
    tx(5, zone, s, { outcome: 'nodata' }),
    tx(6, zone, s, { rcode: 'REFUSED', outcome: 'lame' }),
    tx(7, zone, s, { rcode: null, response_frame: null, rtt_ms: null }),
    // The retry after the refusal and the silence: the same question to another server of the zone.
    tx(8, root, s, { aa: true, answers: [rr(s.qname, 'A', '127.53.4.80')], outcome: 'answer' }),
    // A silence nobody retried, and a recursive server's REFUSED.
    tx(9, tld, s, { rcode: null, response_frame: null, rtt_ms: null }),
    tx(10, tld, s, { rcode: 'REFUSED', rd: true, outcome: 'throwaway' }),
  ]
  const hop = (i: number, outcome: ResolutionChain['hops'][number]['outcome'], zoneName: string, referredTo?: string) => ({ server: dns[i]!.server, zone: zoneName, outcome, dns: i, frames: [2 * i + 1, 2 * i + 2], t: i * 0.01, rtt_ms: 1.5, ...(referredTo ? { referredTo } : {}) })
  const resolutions: ResolutionChain[] = [
    { qname: s.qname, qtype: 'A', hops: [hop(0, 'referral', '.', s.referredTo), hop(1, 'answer', s.referredTo), hop(2, 'answer', s.referredTo)], rcode: 'NOERROR', answers: [], connections: [0] },
    { qname: s.qname, qtype: 'A', hops: [hop(3, 'cname', s.referredTo), hop(4, 'nxdomain', s.referredTo), hop(5, 'nodata', s.referredTo), hop(6, 'lame', s.referredTo), hop(7, 'timeout', s.referredTo), hop(8, 'answer', s.referredTo)], rcode: 'NXDOMAIN', answers: [], connections: [] },
    { qname: s.qname, qtype: 'A', hops: [hop(9, 'timeout', s.referredTo)], rcode: null, answers: [], connections: [] },
    { qname: s.qname, qtype: 'A', hops: [hop(10, 'throwaway', '(recursive)')], rcode: 'REFUSED', answers: [], connections: [] },
    { qname: s.qname, qtype: 'A', hops: [{ server: '(cache)', zone: '(cache)', outcome: 'cache', frames: [], t: 0.3, rtt_ms: null, ttlLeft: 299 }], rcode: 'NOERROR', answers: [], connections: [] },
  ]
  const phase = (start: number, frames: number[]) => ({ start, end: start + 0.01, frames })
  const connections: Connection[] = [
    {
      protocol: 'tcp', stream: 0, client: `127.0.0.1:${s.clientPort}`, server: s.web, purpose: 'http',
      phases: { socket: { ...phase(0.2, []), visible: true, fd: s.fd }, connect: phase(0.2, [30, 31, 32]), transfer: phase(0.21, [40, 41]), close: { ...phase(0.5, [60, 61, 62, 63]), by: 'server', kind: 'fin' } },
      bytes: { toServer: 300, toClient: 7000 }, http: [0, 1, 2, 3, 4], notes: [],
    },
    {
      protocol: 'tcp', stream: 1, client: `127.0.0.1:${s.clientPort + 1}`, server: s.web, purpose: 'http',
      phases: { socket: { ...phase(0.6, []), visible: false, fd: null }, connect: phase(0.6, [70, 71]), transfer: null, close: { ...phase(0.61, [71]), by: 'server', kind: 'rst' } },
      bytes: { toServer: 0, toClient: 0 }, http: [], notes: [],
    },
    {
      protocol: 'tcp', stream: 2, client: `127.0.0.1:${s.clientPort + 2}`, server: s.web, purpose: 'https',
      phases: { socket: { ...phase(0.7, []), visible: true, fd: s.fd }, connect: phase(0.7, [80, 81, 82]), transfer: phase(0.71, [83, 84, 85]), close: { ...phase(0.8, [86]), by: 'client', kind: 'rst' } },
      bytes: { toServer: 500, toClient: 4000 }, http: [], notes: [],
    },
  ]
  const http: HttpExchange[] = [
    exchange(s, s.page, { request_frame: 40, response_frame: 41, responseHead: `HTTP/1.1 301 Moved Permanently\r\nLocation: ${s.moved}\r\n\r\n`, status: 301, reason: 'Moved Permanently', contentType: 'text/html', requestFrames: [40], responseFrames: [41] }),
    exchange(s, s.moved, { request_frame: 42, response_frame: 43, causedBy: 0, cause: 'redirect', referer: null, contentType: 'text/html; charset=utf-8', transferEncoding: 'chunked', requestFrames: [42], responseFrames: [43, 44] }),
    exchange(s, s.other, { request_frame: 45, response_frame: 46, contentType: 'text/html', contentEncoding: 'gzip', bodyBytes: { wire: 120, decoded: 300 } }),
    exchange(s, s.image, { request_frame: 47, response_frame: 48, causedBy: 1, cause: 'referer', referer: `http://${s.host}${s.moved}` }),
    exchange(s, s.other, { request_frame: 49, response_frame: 50, status: 404, reason: 'Not Found', responseHead: 'HTTP/1.1 404 Not Found\r\n\r\n', decrypted: true }),
  ]
  const tls: TlsSession[] = [{ connection: 2, sni: s.sni, version: 'TLS 1.3', cipher: s.cipher, clientHelloFrame: 83, serverHelloFrame: 84, certificateFrame: null, certificates: [{ subject: s.subject, issuer: s.subject }], decrypted: true }]
  const typed = `http://${s.host}${directory ? '/' : s.page}`
  const journal: Journal = {
    path: 'scenario.jsonl',
    recording: { type: 'recording', version: 1, app: { name: 'wiretrail', version: '0' }, startedAt: new Date(1_000_000_000_000).toISOString(), typedUrl: typed, url: `${typed}#loaded`, target: 'lab', resolverMode: 'iterative', capture: { file: 'x.pcapng', format: 'pcapng' }, packets: 'synthesized' },
    sockets: new Map(),
    resolverEvents: [],
    frameNotes: new Map(),
    keyLogLines: [],
    http: [],
    // A later http:// link to the page's host, made https:// by the HSTS header of its https:// page.
    hsts: [{ type: 'hsts', at: 1_000_000_000_900, from: `http://${s.host}${s.image}`, to: `https://${s.host}${s.image}`, host: s.host, learntFrom: `https://${s.host}${s.page}` }],
    end: null,
    hosts: [
      { name: 'lo', address: '127.0.0.1', cidr: '127.0.0.1/8', family: 4, internal: true },
      { name: s.iface, address: '192.168.5.77', cidr: '192.168.5.77/20', family: 4, internal: false },
    ],
    notes: [],
    problems: [],
  }
  return { dns: plannedTransactions(dns), resolutions: plannedResolutions(resolutions), connections: planned(connections), http: plannedExchanges(http), tls, journal, firstEpoch: 1_000_000_000, frameTime: (f) => f / 100 }
}

/** The scenario's transactions as the plan reads them (the analyzer's DnsStore gives the same from
 * its columns). */
function plannedTransactions(dns: DnsTransaction[]): PlannedTransactions {
  return Object.assign([...dns], {
    planned: (i: number) => {
      const { qname, qtype, rd, aa, tc, rcode, query_frame, response_frame } = dns[i]!
      return { qname, qtype, rd, aa, tc, rcode, query_frame, response_frame }
    },
  })
}

/** The scenario's chains as the plan reads them (the analyzer's ResolutionStore gives the same from
 * its columns). */
function plannedResolutions(chains: ResolutionChain[]): PlannedResolutions {
  return Object.assign([...chains], {
    hopCount: (i: number) => chains[i]!.hops.length,
    plannedHop: (i: number, hi: number) => {
      const { outcome, zone, dns, t, atMs, negative, leg } = chains[i]!.hops[hi]!
      return { outcome, zone, dns, t, atMs, negative, leg }
    },
  })
}

/** The scenario's exchanges as the plan reads them (the analyzer's HttpExchangeStore gives the same
 * from its columns). */
function plannedExchanges(http: HttpExchange[]): PlannedExchanges {
  return Object.assign([...http], {
    planned: (i: number) => {
      const { request_frame, requestFrames, cause, causedBy, status, response_frame, responseFrames } = http[i]!
      return { request_frame, requestFrames, cause, causedBy, status, response_frame, responseFrames }
    },
  })
}

/** The scenario's connections as the plan reads them (the analyzer's ConnectionList gives the same
 * from its columns): each one's phases, its transfer frames cut to the first `transferFrames`. */
function planned(connections: Connection[]): PlannedConnections {
  return Object.assign([...connections], {
    phases: (i: number, transferFrames: number) => {
      const { phases } = connections[i]!
      return { ...phases, transfer: phases.transfer && { ...phases.transfer, frames: phases.transfer.frames.slice(0, transferFrames) } }
    },
    exchanges: (i: number) => connections[i]!.http,
  })
}

const ALL_KINDS: StepKind[] = ['url', 'http-request-built', 'ip-anatomy', 'name-lookup', 'dns-query', 'dns-referral', 'dns-answer', 'dns-cname', 'dns-nxdomain', 'dns-nodata', 'dns-cache-hit', 'dns-lame', 'dns-timeout', 'dns-tcp-fallback', 'socket-create', 'connect', 'tls-handshake', 'send', 'receive', 'http-response', 'http-redirect', 'close', 'hsts-upgrade']

describe('Korean particles in every step template', () => {
  const runs: [string, Slots][] = [['numbers', NUMBERS], ['Latin names', LATIN], ['Hangul names', HANGUL]]
  /** The scenario's steps with their words (the analyzer writes them when asked). */
  const stepsOf = (context: PlanContext): Step[] => {
    const planned = buildSteps(context)
    return Array.from(planned.steps, (step) => withWords(step, planned.words(step)))
  }

  it('the scenario reaches every kind of step', () => {
    const kinds = new Set<StepKind>()
    for (const directory of [false, true]) for (const step of stepsOf(scenario(LATIN, directory))) kinds.add(step.kind)
    expect([...kinds].sort()).toEqual([...ALL_KINDS].sort())
  })

  for (const [label, slots] of runs) {
    it(`takes the particle each value is read with: ${label}`, () => {
      const problems: string[] = []
      let checked = 0
      for (const directory of [false, true]) {
        const steps: Step[] = stepsOf(scenario(slots, directory))
        for (const step of steps) {
          for (const text of [step.title.ko, step.detail.ko]) {
            problems.push(...particleProblems(text, slots.values).map((p) => `${step.kind}: ${p}`))
            checked++
          }
        }
      }
      expect(checked).toBeGreaterThan(50)
      expect(problems).toEqual([])
    })
  }

  it('the issue\'s examples read right', () => {
    const latin = stepsOf(scenario(LATIN, false))
    const numbers = stepsOf(scenario(NUMBERS, false))
    const all = [...latin, ...numbers].flatMap((s) => [s.title.ko, s.detail.ko]).join('\n')
    expect(all).toContain('127.53.0.1:10053이 10. 도메인의 DNS 서버를 소개한다')
    expect(all).toContain('디스크립터 63을 돌려준')
    expect(all).toContain('클라이언트 측 포트 34980은')
    expect(all).toContain('서버가 FIN으로 연결을 끊는다')
    expect(all).toContain('클라이언트가 RST로 연결을 끊는다')
    expect(all).toContain('URL http://www.lab.cyber.co.kr/sample.htm을 해독한다')
    // The refusal and the retries (the lame experiment's and silent-root's words).
    expect(all).toContain('127.53.2.1:10057이 답하기를 거절한다(REFUSED)')
    expect(all).toContain('재시도: 리졸버가 127.53.2.1:10057에 다시 host.10. A 조회')
    expect(all).toContain('재시도: 리졸버가 10.의 다른 서버 127.53.0.1:10053에 다시 host.10. A 조회')
    expect(all).toContain('127.53.2.1:10057은 거절했다(REFUSED: 10.에 대해서는 답하지 않겠다는 뜻). 127.53.2.1:10057은 답하지 않았다. 리졸버는 같은 질문을 10.의 다른 서버 127.53.0.1:10053에 다시 보낸다.')
  })
})
