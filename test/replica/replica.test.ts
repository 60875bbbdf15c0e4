// The internet target against the internet replica (replica.mts: BIND 9, nginx, unbound and two
// small fault servers in a private network namespace): `wiretrail record` of the main site in
// iterative and stub mode, `wiretrail resolve` of every DNS shape, and every network fault, with
// nothing but the hints file (and the replica CA, given the standard way) different from a user's
// run against the real roots. unbound, iterating from the same hints, is the ground truth for every
// answer. Needs root (namespaces, port 53) and the Debian peers; a missing one fails, never skips.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { requirePeer } from '../resolver/helpers/peers.ts'
import { requireNamespaces } from '../support/netns.ts'
import { cacheAnswersBeforeFirstAnswer } from '../support/cache-steps.ts'
import { ERROR_MEANINGS } from '../../src-main/shared/error-meanings.ts'

interface Rec {
  name: string
  type: string
  data: string
}
interface Hop {
  zone: string
  server: string
  outcome: string
  transport: string | null
  depth: number
}
interface ResolveJson {
  rcode: string
  nodata: boolean
  answers: Rec[]
  hops: Hop[]
}
interface Walkthrough {
  resolutions: { qname: string; qtype: string; rcode: string; answers: Rec[]; hops: { server: string }[]; mode?: string }[]
  steps: { kind: string; concept: string; title: { en: string; ko: string }; detail: { en: string; ko: string } }[]
  http: { host: string; uri: string; status: number | null; contentEncoding: string | null; transferEncoding: string | null }[]
}
interface Recorded {
  code: number
  stderr: string
  frames: number | null
  walkthrough: Walkthrough | null
}
interface Out {
  middlebox: { plain: string; edns: string }
  unbound: Record<string, { rcode: string; answers: string[] }>
  resolve: Record<string, { code: number; stderr: string; json: ResolveJson; unbound: { rcode: string; answers: string[] } }>
  record: Record<'iterative' | 'stub', Recorded>
  faults: Record<string, Recorded>
  app: { results: Record<string, { opened: boolean; frames?: number; failed?: string[]; http?: string[]; code?: string; message?: string }>; uncaught: string[] }
}

const HERE = import.meta.dirname
let out: Out

function runScenario(): Promise<Out> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'run.mts'), '--', process.execPath, '--import', 'tsx', join(HERE, 'scenario.mts')], { cwd: join(HERE, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(stdout) as Out)
      } catch {
        reject(new Error(`the replica scenario failed (status ${code}):\n${stderr.slice(-4000)}\n${stdout.slice(-2000)}`))
      }
    })
  })
}

const line = (r: Rec): string => `${r.name} ${r.type} ${r.data}`
/** No stack trace, no uncaught exception: what one would leave on stderr. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m)
  expect(stderr).not.toMatch(/RangeError|TypeError|Unhandled|uncaught/i)
}

describe('the internet target on the internet replica', () => {
  beforeAll(async () => {
    requireNamespaces()
    for (const [binary, pkg] of [['named', 'bind9'], ['nginx', 'nginx'], ['unbound', 'unbound'], ['dig', 'bind9-dnsutils'], ['tshark', 'tshark'], ['openssl', 'openssl']]) requirePeer(binary!, pkg!)
    out = await runScenario()
  }, 600_000)

  it('records the main site iteratively: every chain is unbound\'s, each host has its own, the redirect and the NXDOMAIN image host are steps, the page loads', () => {
    const { code, stderr, frames, walkthrough } = out.record.iterative
    expect(code, stderr).toBe(0)
    expect(frames).toBeGreaterThan(40)
    const w = walkthrough!
    // Priming first: the root hints step.
    expect(w.steps.find((s) => s.kind === 'dns-root-hints')?.title.en).toMatch(/^Root hints: 127\.100\.0\.[12] lists the 2 root servers$/)
    // Every resolution's answer is the one unbound gives with the same hints.
    const questions = w.resolutions.filter((r) => r.qname !== '.')
    expect(new Set(questions.map((r) => `${r.qname} ${r.qtype}`))).toEqual(new Set(['www.shop.com. A', 'static.cdnedge.net. A', 'img.v6.kr. A', 'img.v6.kr. AAAA', 'cdn.nosuch.io. A']))
    for (const r of questions) {
      const truth = out.unbound[`${r.qname} ${r.qtype}`]!
      expect(r.rcode, r.qname).toBe(truth.rcode)
      expect(r.answers.map(line), r.qname).toEqual(truth.answers)
    }
    // The CDN chain: three names across com. and net., into the CDN's zone.
    expect(out.unbound['www.shop.com. A']!.answers).toEqual(['www.shop.com. CNAME www.shop.com.edgekey.net.', 'www.shop.com.edgekey.net. CNAME e42.a.cdnedge.net.', 'e42.a.cdnedge.net. A 127.100.9.1'])
    const titles = w.steps.map((s) => `${s.kind} ${s.title.en}`)
    expect(titles).toContain('dns-cname www.shop.com. is an alias of www.shop.com.edgekey.net.')
    expect(titles).toContain('dns-cname www.shop.com.edgekey.net. is an alias of e42.a.cdnedge.net.')
    // The walks start at servers the cache holds (the root's after priming, net.'s for the CDN's
    // name): cache steps that answer nothing. No name is "answered from this computer's cache"
    // before it was answered; the redirect's second look-up takes the whole chain from the cache.
    expect(titles).toContain('dns-cache-hit The resolver starts at the root servers, known from its cache')
    expect(titles).toContain('dns-cache-hit The resolver starts at the net. servers, known from its cache')
    expect(cacheAnswersBeforeFirstAnswer(w.steps)).toEqual([])
    expect(titles).toContain("dns-cache-hit www.shop.com. is an alias of www.shop.com.edgekey.net.: from this computer's cache")
    expect(titles).toContain("dns-cache-hit e42.a.cdnedge.net. A is answered from this computer's cache")
    // http:// → 301 → https://, gzip and chunked, then the three other hosts.
    expect(w.http.map((h) => `${h.host} ${h.uri} ${h.status}`)).toEqual(expect.arrayContaining(['www.shop.com / 301', 'www.shop.com / 200', 'static.cdnedge.net /logo.png 200', 'img.v6.kr /style.css 200']))
    const page = w.http.find((h) => h.host === 'www.shop.com' && h.status === 200)!
    expect(page.contentEncoding).toBe('gzip')
    expect(page.transferEncoding).toBe('chunked')
    expect(titles).toContain('http-response read(): 301 Moved Permanently for /')
    expect(titles).toContain('tls-handshake TLS handshake for www.shop.com')
    // HSTS: the page's http:// link to its own host is made https:// with no request (no port 80).
    const hsts = w.steps.find((s) => s.kind === 'hsts-upgrade')!
    expect(hsts.title.en).toBe('HSTS: http://www.shop.com/banner.png becomes https://www.shop.com/banner.png with no request')
    expect(hsts.concept).toBe('http.hsts')
    expect(hsts.detail.en).toContain('www.shop.com sent Strict-Transport-Security in its HTTPS response to https://www.shop.com/, so the browser reaches it over HTTPS only')
    expect(hsts.title.ko).toBe('HSTS: http://www.shop.com/banner.png를 요청 없이 https://www.shop.com/banner.png로 바꾼다')
    expect(w.http.map((h) => `${h.host} ${h.uri} ${h.status}`)).toContain('www.shop.com /banner.png 200')
    expect(w.http.filter((h) => h.uri === '/banner.png')).toHaveLength(1)
    // The image host does not exist: its NXDOMAIN and its failed request are steps; the page goes on.
    expect(titles).toContain('dns-nxdomain cdn.nosuch.io. does not exist (NXDOMAIN)')
    const failed = w.steps.find((s) => s.kind === 'fetch-failed')!
    expect(failed.title.en).toBe('The address of cdn.nosuch.io could not be found')
    expect(failed.detail.en).toContain('GET https://cdn.nosuch.io/app.js: DNS_NXDOMAIN')
    expect(failed.detail.en).toContain('The page goes on without it.')
    // In Korean the error is said with the words the app's error bar uses, then the code and the engine's message.
    expect(failed.detail.ko).toContain(`GET https://cdn.nosuch.io/app.js: "${ERROR_MEANINGS.DNS_NXDOMAIN.ko}" (DNS_NXDOMAIN: `)
    expect(failed.detail.ko).toContain('이 파일 없이 페이지를 계속 불러온다.')
    // The IPv6-only host: no A (NODATA), then AAAA ::1, and the stylesheet over IPv6.
    expect(titles).toContain('dns-nodata img.v6.kr. has no A record')
    expect(titles).toContain('connect Connect to [::1]:443 (port 443)')
  })

  it('records it in stub mode through the OS\'s DNS server (its /etc/resolv.conf names unbound), with the same answers', () => {
    const { code, stderr, walkthrough } = out.record.stub
    expect(code, stderr).toBe(0)
    const questions = walkthrough!.resolutions.filter((r) => r.qname !== '.')
    expect(new Set(questions.map((r) => `${r.qname} ${r.qtype}`))).toEqual(new Set(['www.shop.com. A', 'static.cdnedge.net. A', 'img.v6.kr. A', 'img.v6.kr. AAAA', 'cdn.nosuch.io. A']))
    expect(questions.filter((r) => r.hops.some((h) => h.server === '127.100.53.53')).length).toBe(5)
    for (const r of questions) {
      expect(r.mode).toBe('stub')
      // Asked of unbound (the OS's server), or answered from this computer's cache (the redirect's
      // second look-up of www.shop.com).
      expect(r.hops.every((h) => h.server === '127.100.53.53' || h.server === '(cache)'), r.qname).toBe(true)
      const truth = out.unbound[`${r.qname} ${r.qtype}`]!
      expect(r.rcode, r.qname).toBe(truth.rcode)
      expect(r.answers.map(line), r.qname).toEqual(truth.answers)
    }
    expect(walkthrough!.steps.some((s) => s.kind === 'dns-root-hints')).toBe(false)
    // A stub resolver walks nothing: its cache steps are the redirect's second look-up, after
    // unbound's answer (whose CNAME chain they follow), never a walk's starting point.
    const steps = walkthrough!.steps
    const cached = steps.filter((s) => s.kind === 'dns-cache-hit').map((s) => s.title.en)
    expect(cached.length).toBeGreaterThan(0)
    expect(cached.some((t) => t.includes('starts at'))).toBe(false)
    expect(steps.findIndex((s) => s.kind === 'dns-cache-hit')).toBeGreaterThan(steps.findIndex((s) => s.kind === 'dns-answer' && s.title.en.includes('answers this computer www.shop.com.: CNAME')))
  })

  it('resolves every DNS shape as unbound does: glueless, IPv6-only, TC=1 then TCP, lame, REFUSED, NXDOMAIN, NODATA', () => {
    for (const [name, r] of Object.entries(out.resolve)) {
      expect(r.code, `${name}: ${r.stderr}`).toBe(0)
      expect(r.json.rcode, name).toBe(r.unbound.rcode)
      expect(r.json.answers.map(line).sort(), name).toEqual(r.unbound.answers.sort())
    }
    const hops = (name: string): string[] => out.resolve[name]!.json.hops.map((h) => `${h.depth} ${h.zone} ${h.server} ${h.outcome} ${h.transport ?? '-'}`)
    // Glueless: news.org's servers are under io.; their address is a nested resolution (depth 1).
    expect(hops('glueless')).toEqual(expect.arrayContaining(['1 io. 127.100.1.5 referral udp', '1 dnshost.io. 127.100.4.1 answer udp', '0 news.org. 127.100.4.1 answer udp']))
    expect(hops('v6only')).toContain('0 v6.kr. ::1 answer udp')
    expect(hops('big').at(-1)).toBe('0 shop.com. 127.100.2.1 answer tcp')
    expect(out.resolve.big!.json.answers).toHaveLength(24)
    expect(hops('lame')).toEqual(expect.arrayContaining(['0 lame.com. 127.100.5.1 lame udp', '0 lame.com. 127.100.5.2 answer udp']))
    expect(hops('refused')).toEqual(expect.arrayContaining(['0 refused.org. 127.100.5.3 throwaway udp', '0 refused.org. 127.100.5.4 answer udp']))
    // The middlebox before ns1.oldbox.com really drops EDNS queries and lets plain ones through
    // (dig, both ways). A query with EDNS gets no answer from it, so the resolver asks the zone's
    // other server — as resolvers do since DNS Flag Day 2019, which ended the retry without EDNS
    // after a timeout (that retry follows a FORMERR: test/resolver/edns.test.ts).
    expect(out.middlebox.plain).toBe('status: NOERROR')
    expect(out.middlebox.edns).toMatch(/no servers could be reached|timed out/)
    expect(hops('ednsDrop').filter((h) => h.includes(' oldbox.com. '))).toEqual(['0 oldbox.com. 127.100.5.5 timeout udp', '0 oldbox.com. 127.100.5.6 answer udp'])
    expect(hops('nxdomain').at(-1)).toBe('0 io. 127.100.1.5 nxdomain udp')
    expect(out.resolve.nodata!.json.nodata).toBe(true)
    expect(hops('nodata').at(-1)).toBe('0 cdnedge.net. 127.100.3.2 nodata udp')
  })

  it('the app\'s main process (the services, target Internet, the hints as its setting) survives every case and opens what was recorded', () => {
    expect(out.app.uncaught).toEqual([])
    const r = out.app.results
    expect(r.main).toMatchObject({ opened: true, failed: ['The address of cdn.nosuch.io could not be found'] })
    expect(r.main!.http).toEqual(expect.arrayContaining(['www.shop.com / 301', 'www.shop.com / 200', 'static.cdnedge.net /logo.png 200', 'img.v6.kr /style.css 200']))
    const expected: Record<string, string> = {
      icmpUnreachable: 'The address of www.closed.com could not be found',
      refused: 'connect() to refused.shop.com (127.100.9.10:443) failed',
      noRoute: 'connect() to v6far.shop.com ([2001:db8::80]:443) failed',
      expired: 'The TLS handshake with expired.shop.com (127.100.9.11:443) failed',
      unknownCa: 'The TLS handshake with untrusted.shop.com (127.100.9.11:443) failed',
      h2only: 'The TLS handshake with h2only.shop.com (127.100.9.12:443) failed',
      reset: 'read() from reset.shop.com (127.100.9.13:443) failed',
    }
    for (const [name, title] of Object.entries(expected)) {
      expect(r[name], name).toMatchObject({ opened: true, failed: [title] })
      expect(r[name]!.frames, name).toBeGreaterThan(0)
    }
  })

  // Every fault: a coded error naming the phase and the server, exit 1, no stack trace, a capture
  // tshark reads, and the walkthrough's step where it stopped.
  const faults: [string, string, string, string][] = [
    ['icmpUnreachable', 'DNS_SERVFAIL', 'resolve: www.closed.com', 'port unreachable (ICMP)'],
    ['silent', 'DNS_TIMEOUT', 'resolve: www.silent.com', 'ns1.silent.com. 10.255.0.53:53: timeout'],
    ['refused', 'SOCKET_CONNECT_REFUSED', 'connect: refused.shop.com (127.100.9.10:443)', 'was refused'],
    ['timeout', 'SOCKET_CONNECT_TIMEOUT', 'connect: blackhole.shop.com (10.255.0.80:443)', 'got no answer within'],
    ['noRoute', 'SOCKET_UNREACHABLE', 'connect: v6far.shop.com ([2001:db8::80]:443)', 'no route to it (ENETUNREACH)'],
    ['expired', 'TLS_CERT_REJECTED', 'tls: expired.shop.com (127.100.9.11:443)', 'it has expired [CERT_HAS_EXPIRED]'],
    ['wrongName', 'TLS_CERT_REJECTED', 'tls: wrongname.shop.com (127.100.9.11:443)', 'it is not for wrongname.shop.com'],
    ['unknownCa', 'TLS_CERT_REJECTED', 'tls: untrusted.shop.com (127.100.9.11:443)', 'not signed by a certificate authority this computer trusts'],
    ['h2only', 'TLS_NO_HTTP1', 'tls: h2only.shop.com (127.100.9.12:443)', 'refused HTTP/1.1'],
    ['reset', 'SOCKET_RESET', 'receive: reset.shop.com (127.100.9.13:443)', 'reset the connection (RST)'],
  ]
  const STEP_TITLE: Record<string, string> = { resolve: 'The address of', connect: 'connect() to', tls: 'The TLS handshake with', receive: 'read() from' }
  for (const [name, code, where, why] of faults) {
    it(`fault ${name}: ${code} (${where}), the recording kept`, () => {
      const r = out.faults[name]!
      expectNoCrash(r.stderr)
      expect(r.code, r.stderr).toBe(1)
      const last = r.stderr.trim().split('\n').at(-1)!
      expect(last).toContain(`wiretrail record: the page did not load (${where}): `)
      expect(last).toContain(why)
      expect(last).toContain(`[${code}]; kept what was recorded up to then: `)
      expect(r.frames, 'tshark reads the capture').not.toBeNull()
      expect(r.frames).toBeGreaterThan(0)
      const step = r.walkthrough!.steps.find((s) => s.kind === 'fetch-failed')!
      expect(step.title.en.startsWith(STEP_TITLE[where.split(':')[0]!]!)).toBe(true)
      expect(step.detail.en).toContain(code)
      expect(step.detail.en).toContain('The page did not load; the capture keeps everything up to here.')
      expect(step.detail.ko).toContain(`: "${ERROR_MEANINGS[code as keyof typeof ERROR_MEANINGS].ko}" (${code}: `)
      expect(step.detail.ko).toContain('페이지를 불러오지 못했다. 여기까지의 통신은 캡처에 남아 있다.')
    })
  }
})
