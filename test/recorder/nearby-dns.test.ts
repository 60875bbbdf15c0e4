// The notes' DNS story, recorded (issue 8 §1): by default, in the lab, this computer's resolver asks
// the nearby DNS server (the lab's local DNS server, running in this process), which walks down
// from the root; the recording holds both legs as frames — this computer ↔ nearby server (RD=1) and
// nearby server ↔ root, TLD, … (RD=0), from the nearby server's own address — each frame's comment
// naming its leg, byte for byte what tcpdump sees. A second load in the same lab run is answered from
// the nearby server's cache (no upstream packets, AA=0, the TTL counted down), and a name that does
// not exist comes from its negative cache the second time (the SOA minimum's TTL, RFC 2308). The
// journal says whose cache answered, with the entry's TTL left and age.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad, type RecordResult } from '../../src-main/recorder/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { readFlows, type Flows } from './flows.ts'
import { scratchDir, startTcpdump, tshark } from './peers.ts'
import { withAllWords } from '../support/lesson.ts'

const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
/** `wiretrail inspect --json` of a recording (its journal beside it), as a user runs it. */
async function inspectJson(file: string): Promise<Walkthrough> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'inspect', '--json', file], { timeout: 90_000, maxBuffer: 32 * 1024 * 1024 })
  return JSON.parse(stdout) as Walkthrough
}

const BLOCK = 243 // 127.243.0.0/16: this file only (tcpdump captures the whole block)
const NEARBY = `127.${BLOCK}.53.53`
const DNS_PORT = 10053 // the lab's own DNS port: the analyzer dissects it as DNS, tshark when told (dnsRows)

interface DnsRow {
  frame: number
  src: string
  dst: string
  response: boolean
  rd: boolean
  ra: boolean
  aa: boolean
  rcode: number
  name: string
  id: number
  /** The first record's TTL (answer, or the SOA of a negative answer). */
  ttl: number | null
  comment: string
}

async function dnsRows(file: string): Promise<DnsRow[]> {
  const fields = ['frame.number', 'ip.src', 'udp.srcport', 'ip.dst', 'udp.dstport', 'dns.flags.response', 'dns.flags.recdesired', 'dns.flags.recavail', 'dns.flags.authoritative', 'dns.flags.rcode', 'dns.qry.name', 'dns.id', 'dns.resp.ttl', 'frame.comment']
  // Decode As for the lab's DNS port: left to its heuristics, tshark reads a message whose random
  // id happens to look like RTCP as RTCP (a query with id 0x96c8 did), and the row goes missing.
  const out = await tshark(['-r', file, '-d', `udp.port==${DNS_PORT},dns`, '-Y', 'dns', '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=f', ...fields.flatMap((f) => ['-e', f])])
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const [frame, src, sport, dst, dport, response, rd, ra, aa, rcode, name, id, ttl, comment] = line.split('|')
      const yes = (v: string | undefined): boolean => v === 'True' || v === '1'
      return {
        frame: Number(frame),
        src: `${src}:${sport}`,
        dst: `${dst}:${dport}`,
        response: yes(response),
        rd: yes(rd),
        ra: yes(ra),
        aa: yes(aa),
        rcode: Number(rcode || 0),
        name: name ?? '',
        id: Number(id),
        ttl: ttl ? Number(ttl) : null,
        comment: comment ?? '',
      }
    })
}

const fromNearby = (r: DnsRow): boolean => r.src.startsWith(`${NEARBY}:`)
const toNearby = (r: DnsRow): boolean => r.dst.startsWith(`${NEARBY}:`)
/** The stub leg: this computer ↔ the nearby server's listening port. */
const stubLeg = (r: DnsRow): boolean => r.dst === `${NEARBY}:${DNS_PORT}` || r.src === `${NEARBY}:${DNS_PORT}`
/** The upstream leg: the nearby server (from its own address, another port) ↔ the hierarchy. */
const upstreamLeg = (r: DnsRow): boolean => (fromNearby(r) || toNearby(r)) && !stubLeg(r)

/** Every resolver event the journal holds (and the walkthrough of the capture with it). */
async function journalEvents(result: RecordResult): Promise<ResolverEvent[]> {
  const analysed = await runAnalysis(result.output, { journalPath: result.journal })
  await analysed.reader.close()
  walkthroughs.set(result.output, withAllWords(analysed.walkthrough))
  return (await readJournal(result.journal)).resolverEvents
}
const walkthroughs = new Map<string, Walkthrough>()

describe('recording in the lab, as in the notes (the default)', () => {
  let lab: RunningLab
  let first: RecordResult
  let second: RecordResult
  let missing: RecordResult
  let missingAgain: RecordResult
  let kernelFile: string
  const dir = scratchDir('nearby')

  beforeAll(async () => {
    lab = await startLab({ addressBlock: BLOCK, dnsPort: DNS_PORT, httpPort: 0, httpsPort: 0 })
    kernelFile = join(dir, 'tcpdump.pcap')
    const tcpdump = await startTcpdump(kernelFile, `net 127.${BLOCK}.0.0/16`, `127.${BLOCK}.255.254`)
    try {
      first = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: join(dir, 'first.pcapng'), format: 'pcapng', lab })
    } finally {
      await tcpdump.stop()
    }
    // More than a second later, so the TTL the nearby server's cache gives has counted down.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    second = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: join(dir, 'second.pcapng'), format: 'pcapng', lab })
    missing = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/no-such-host.html', output: join(dir, 'missing.pcapng'), format: 'pcapng', lab })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    missingAgain = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/no-such-host.html', output: join(dir, 'missing-again.pcapng'), format: 'pcapng', lab })
  }, 60_000)
  afterAll(async () => {
    await lab?.close()
  })

  it('asks the nearby DNS server by default, and says so in the result and the journal', async () => {
    for (const r of [first, second, missing, missingAgain]) expect(r).toMatchObject({ ok: true, resolverMode: 'nearby' })
    await journalEvents(first)
    expect(walkthroughs.get(first.output)!.recording!.resolverMode).toBe('nearby')
  })

  it('holds both legs: this computer ↔ nearby server with RD=1, nearby server ↔ root … with RD=0 from its own address', async () => {
    const rows = await dnsRows(first.output)
    const stub = rows.filter(stubLeg)
    const upstream = rows.filter(upstreamLeg)
    expect(rows.length).toBe(stub.length + upstream.length)
    // The stub leg: one question and its answer.
    expect(stub.map((r) => `${r.response ? 'response' : 'query'} ${r.name} RD=${+r.rd} RA=${+r.ra} AA=${+r.aa} ttl=${r.ttl}`)).toEqual([
      'query www.lab.cyber.co.kr RD=1 RA=0 AA=0 ttl=null',
      'response www.lab.cyber.co.kr RD=1 RA=1 AA=0 ttl=300',
    ])
    expect(stub[0]!.src).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(stub[1]!.dst).toBe(stub[0]!.src)
    // The upstream leg: the nearby server first primes (RFC 8109: ". NS" to a root from its hints,
    // answered authoritatively), then walks down from the root, each question RD=0, from its address.
    const asked = upstream.filter((r) => !r.response)
    expect(asked.every((r) => !r.rd && r.src.startsWith(`${NEARBY}:`) && r.src !== `${NEARBY}:${DNS_PORT}`)).toBe(true)
    expect(asked.map((r) => `${r.name} → ${r.dst}`)).toEqual([
      `<Root> → 127.${BLOCK}.0.1:${DNS_PORT}`,
      ...[0, 1, 2, 3, 4].map((zone) => `www.lab.cyber.co.kr → 127.${BLOCK}.${zone}.1:${DNS_PORT}`),
    ])
    expect(upstream.filter((r) => r.response).map((r) => r.aa)).toEqual([true, false, false, false, false, true])
    // …all of it between this computer's question and the answer it gets.
    expect(upstream.every((r) => r.frame > stub[0]!.frame && r.frame < stub[1]!.frame)).toBe(true)
  })

  it('names the leg in every DNS frame\'s comment', async () => {
    const rows = await dnsRows(first.output)
    for (const r of rows.filter(stubLeg)) expect(r.comment).toContain(`(this computer ↔ nearby DNS server (local DNS server) ${NEARBY}:${DNS_PORT}, RD=1)`)
    const upstream = rows.filter(upstreamLeg).filter((r) => !r.response)
    expect(upstream.map((r) => r.comment.replace(/^.*\(nearby DNS server ↔ /, '').replace(/ 127\.\d+\.\d+\.\d+:\d+, RD=0\)$/, ''))).toEqual([
      'root (.)',
      'root (.)',
      'kr. (TLD)',
      'co.kr. zone server',
      'cyber.co.kr. zone server',
      'lab.cyber.co.kr. zone server',
    ])
    expect(upstream[0]!.comment).toMatch(/^sendto\(\): DNS query 0x[0-9a-f]{4}: \. NS \(nearby DNS server ↔ root \(\.\) 127\.243\.0\.1:10053, RD=0\)$/)
    expect(upstream[1]!.comment).toMatch(/^sendto\(\): DNS query 0x[0-9a-f]{4}: www\.lab\.cyber\.co\.kr\. A \(nearby DNS server ↔ root \(\.\) 127\.243\.0\.1:10053, RD=0\)$/)
  })

  it('matches what the kernel carried, datagram for datagram (tcpdump on the same load)', async () => {
    const ours: Flows = await readFlows(first.output)
    const kernel: Flows = await readFlows(kernelFile)
    expect(ours.udp.length).toBe(14) // 1 + 6 questions (priming, then 5 down the tree), 6 + 1 answers
    expect(ours.udp).toEqual(kernel.udp)
  })

  it('journals whose resolution is whose: this computer\'s stub query, and the nearby server\'s walk for it', async () => {
    const events = await journalEvents(first)
    const starts = events.filter((e): e is Extract<ResolverEvent, { kind: 'start' }> => e.kind === 'start' && e.qname === 'www.lab.cyber.co.kr.')
    expect(starts.map((e) => e.resolver)).toEqual(['stub', 'nearby', 'stub'])
    const rows = await dnsRows(first.output)
    const question = rows.filter(stubLeg)[0]!
    expect(starts[1]!.forQuery).toEqual({ client: { address: '127.0.0.1', port: Number(question.src.split(':')[1]) }, server: { address: NEARBY, port: DNS_PORT }, id: question.id, transport: 'udp' })
    const sent = events.filter((e): e is Extract<ResolverEvent, { kind: 'query-sent' }> => e.kind === 'query-sent')
    expect(sent.map((e) => `${e.server.role} ${e.zone} ${e.qname} ${e.qtype} RD=${+e.recursionDesired}`)).toEqual([
      'nearby . www.lab.cyber.co.kr. A RD=1',
      'root . . NS RD=0',
      'root . www.lab.cyber.co.kr. A RD=0',
      'tld kr. www.lab.cyber.co.kr. A RD=0',
      'zone co.kr. www.lab.cyber.co.kr. A RD=0',
      'zone cyber.co.kr. www.lab.cyber.co.kr. A RD=0',
      'zone lab.cyber.co.kr. www.lab.cyber.co.kr. A RD=0',
    ])
    // The priming is the nearby server's, nested in its resolution for this computer's question
    // (RFC 8109: the first time it walks); the walk then starts at the root servers it listed, now
    // in its cache: a cache hit used as a delegation, not an answer.
    const priming = events.find((e): e is Extract<ResolverEvent, { kind: 'start' }> => e.kind === 'start' && e.qname === '.')!
    expect(priming).toMatchObject({ qtype: 'NS', resolver: 'nearby', parentResolutionId: starts[1]!.resolutionId })
    expect(priming.purpose).toBe("priming (RFC 8109): the current list of root servers, asked of a root server from the lab's root hints")
    expect(events.filter((e) => e.kind === 'cache-hit' && e.qname === '.')).toMatchObject([{ qtype: 'NS', use: 'delegation', cache: 'nearby', resolutionId: starts[1]!.resolutionId }])
    // The image's lookup of the same name is this computer's own cache (the browser's host cache).
    expect(events.find((e) => e.kind === 'cache-hit' && e.use === 'answer')).toMatchObject({ cache: 'stub', qname: 'www.lab.cyber.co.kr.', ttlLeft: 300 })
  })

  it('labels the stub hop as the nearby DNS server, never as the root', async () => {
    await journalEvents(first)
    const w = walkthroughs.get(first.output)!
    const stubHop = w.resolutions.flatMap((c) => c.hops).find((h) => h.server === `${NEARBY}:${DNS_PORT}`)
    expect(stubHop).toMatchObject({ role: 'nearby', zone: '(recursive)', outcome: 'answer' })
    const root = w.resolutions.flatMap((c) => c.hops).filter((h) => h.server === `127.${BLOCK}.0.1:${DNS_PORT}`)
    expect(root).toMatchObject([
      { role: 'root', zone: '.', outcome: 'answer' }, // priming: ". NS"
      { role: 'root', zone: '.', outcome: 'referral', referredTo: 'kr.' },
    ])
    // The image's lookup, answered by this computer's cache, sits at its moment on the timeline:
    // after the page's answer arrived, not at 0.
    const cache = w.resolutions.flatMap((c) => c.hops).find((h) => h.outcome === 'cache' && h.cached?.use === 'answer')!
    expect(cache).toMatchObject({ cache: 'stub', zone: '(cache)', ttlLeft: 300, storedTtl: 300 })
    expect(cache.t).toBeGreaterThan(w.dns.find((d) => d.server === `${NEARBY}:${DNS_PORT}`)!.rtt_ms! / 1000)
  })

  it('inspect --json tells it as one resolution: stub → (priming) → . → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr. → answer (issue 8 §2)', async () => {
    const w = await inspectJson(first.output)
    const www = w.resolutions.filter((c) => c.qname === 'www.lab.cyber.co.kr.' && c.hops.some((h) => h.dns !== undefined))
    expect(www).toHaveLength(1)
    const chain = www[0]!
    expect(chain.walkedBy).toBe(`${NEARBY}:${DNS_PORT}`)
    expect(chain.hops.map((h) => (h.outcome === 'cache' ? `${h.leg} cache ${h.cached?.name} ${h.cached?.type} ${h.cached?.use}` : `${h.leg} ${h.zone} ${h.role} ${h.outcome} ${w.dns[h.dns!]!.qname} ${w.dns[h.dns!]!.qtype}`))).toEqual([
      'stub (recursive) nearby answer www.lab.cyber.co.kr. A',
      'walk . root answer . NS', // priming (RFC 8109)
      'walk cache . NS delegation', // the walk starts at the root servers just primed
      'walk . root referral www.lab.cyber.co.kr. A',
      'walk kr. tld referral www.lab.cyber.co.kr. A',
      'walk co.kr. zone referral www.lab.cyber.co.kr. A',
      'walk cyber.co.kr. zone referral www.lab.cyber.co.kr. A',
      'walk lab.cyber.co.kr. zone answer www.lab.cyber.co.kr. A',
    ])
    // The priming is in the walk, not a resolution of its own (as in a capture taken at unbound).
    expect(w.resolutions.filter((c) => c.qname === '.')).toEqual([])
    // The stub hop's frames are this computer's question and the nearby server's answer; the walk
    // lies between them, each query from the nearby server's own address.
    const [question, answer] = chain.hops[0]!.frames
    for (const hop of chain.hops.slice(1).filter((h) => h.dns !== undefined)) {
      expect(hop.frames.every((f) => f > question! && f < answer!)).toBe(true)
      expect(w.dns[hop.dns!]!.client.startsWith(`${NEARBY}:`)).toBe(true)
    }
    expect(chain.answers.map((a) => `${a.type} ${a.data} ${a.ttl}`)).toEqual([`A 127.${BLOCK}.4.80 300`])
    // No resolution stands alone for the nearby server's walk, and none names it the root.
    expect(w.resolutions.filter((c) => c.hops.some((h) => h.zone === '.' && h.leg !== 'walk'))).toEqual([])
    expect(w.steps.filter((s) => s.kind === 'dns-query').map((s) => s.title.en)).toEqual([
      `This computer's resolver asks ${NEARBY}:${DNS_PORT} (nearby DNS server (local DNS server)) for www.lab.cyber.co.kr. A`,
      `The nearby DNS server (local DNS server) asks 127.${BLOCK}.0.1:${DNS_PORT} (root (.)) for the list of root servers (. NS)`,
      ...['root (.)', 'kr. (TLD)', 'co.kr. zone server', 'cyber.co.kr. zone server', 'lab.cyber.co.kr. zone server'].map((role, zone) => `The nearby DNS server (local DNS server) asks 127.${BLOCK}.${zone}.1:${DNS_PORT} (${role}) for www.lab.cyber.co.kr. A`),
    ])
  })

  it('shows the priming as the step where the nearby server learns the root servers from its hints (EN, KO)', async () => {
    const w = await inspectJson(first.output)
    const hints = w.steps.filter((s) => s.kind === 'dns-root-hints')
    expect(hints).toHaveLength(1)
    const step = hints[0]!
    expect(step.concept).toBe('dns.root-hints')
    const root = `127.${BLOCK}.0.1:${DNS_PORT}`
    expect(step.title).toEqual({
      en: `Root hints: ${root} (root (.)) gives the nearby DNS server (local DNS server) the list of the 2 root servers`,
      ko: `루트 힌트: 가까운 DNS 서버(로컬 DNS 서버)가 ${root}(루트(.))에서 루트 서버 2개의 목록을 받는다`,
    })
    expect(step.detail.en).toMatch(
      /^Every DNS server has the root servers' addresses registered in it in advance \(its root hints\)\. Before its first walk the nearby DNS server \(local DNS server\) asks one of them for the current list \("\. NS", without recursion: RFC 8109 priming\) after [\d.]+ ms: 2 root server\(s\) \(a\.root-servers\.lab\., b\.root-servers\.lab\.\) with 2 address\(es\) in the additional section\. It keeps them in its cache for at most their TTL \(518400 s in this answer; a server may keep them for less: many keep nothing longer than a day\) and starts every walk down the hierarchy at one of them, without asking for the list again until then \(frame 3\)\.$/,
    )
    expect(step.detail.ko).toMatch(/^모든 DNS 서버에는 루트 서버의 IP 주소가 미리 등록되어 있다\(루트 힌트\)\. 가까운 DNS 서버\(로컬 DNS 서버\)는 처음 조회하기 전에 그중 한 서버에 현재 목록을 묻는다/)
    expect(step.detail.ko).toContain('이 목록을 캐시에 두고(길어야 TTL 동안, 이 회답에서는 518400초. 서버가 더 짧게 둘 수도 있다: 하루보다 오래 두지 않는 서버가 많다)')
    expect(step.frames).toEqual([3])
    // In order: this computer's question, the priming (query, answer), then the walk from the root,
    // whose first question is the step that shows the hierarchy (not the priming's).
    const kinds = w.steps.filter((s) => s.kind.startsWith('dns-')).map((s) => `${s.kind} ${s.concept}`)
    expect(kinds.slice(0, 5)).toEqual(['dns-query dns.resolver', 'dns-query dns.query', 'dns-root-hints dns.root-hints', 'dns-cache-hit dns.cache', 'dns-query dns.hierarchy'])
  })

  it('inspect --json of the second load: a cache hit of the nearby server, no upstream frames, a smaller TTL', async () => {
    const w = await inspectJson(second.output)
    const chain = w.resolutions.find((c) => c.qname === 'www.lab.cyber.co.kr.' && c.walkedBy !== undefined)!
    expect(chain.hops.map((h) => `${h.leg} ${h.outcome} ${h.cache ?? h.role} frames ${h.frames.length}`)).toEqual(['stub answer nearby frames 2', 'walk cache nearby frames 0'])
    const cache = chain.hops[1]!
    expect(cache.ttlLeft).toBeLessThan(300)
    expect(cache.storedTtl).toBe(300)
    expect(cache.ageMs).toBeGreaterThanOrEqual(1000)
    expect(chain.answers[0]!.ttl).toBe(cache.ttlLeft)
    // No frame of this recording comes from the nearby server's own (upstream) ports.
    expect(w.dns.filter((d) => d.client.startsWith(`${NEARBY}:`))).toEqual([])
    // The step sits at its moment, between the question and the answer, not at 0.
    const step = w.steps.find((s) => s.kind === 'dns-cache-hit' && s.refs.resolution === w.resolutions.indexOf(chain))!
    expect(step.refs.hop).toBe(1)
    const tx = w.dns[chain.hops[0]!.dns!]!
    expect(step.t).toBeGreaterThan(0)
    expect(tx.query_frame).toBeLessThan(tx.response_frame!)
  })

  it('answers the second load from the nearby server\'s cache: no upstream packets, AA=0, the TTL counted down', async () => {
    const rows = await dnsRows(second.output)
    expect(rows.filter(upstreamLeg)).toEqual([])
    const answer = rows.find((r) => r.response)!
    expect(answer).toMatchObject({ name: 'www.lab.cyber.co.kr', aa: false, ra: true, rcode: 0 })
    expect(answer.ttl).toBeLessThan(300)
    expect(answer.ttl).toBeGreaterThan(250)
    const events = await journalEvents(second)
    const hit = events.find((e): e is Extract<ResolverEvent, { kind: 'cache-hit' }> => e.kind === 'cache-hit' && e.cache === 'nearby')!
    expect(hit).toMatchObject({ qname: 'www.lab.cyber.co.kr.', qtype: 'A', negative: false, ttlLeft: answer.ttl, storedTtl: 300, records: [{ name: 'www.lab.cyber.co.kr.', type: 'A', ttl: answer.ttl, data: `127.${BLOCK}.4.80` }] })
    expect(hit.ageMs).toBeGreaterThanOrEqual(1000)
    const step = walkthroughs.get(second.output)!.steps.find((s) => s.kind === 'dns-cache-hit' && s.title.en.startsWith('The nearby DNS server'))!
    expect(step.title).toEqual({ en: 'The nearby DNS server answers www.lab.cyber.co.kr. A from its cache', ko: '가까운 DNS 서버가 캐시에서 www.lab.cyber.co.kr. A를 회답' })
    expect(step.detail.en).toContain(`no AA flag`)
    expect(step.detail.en).toContain(`${answer.ttl} s of its TTL are left, so the answer carries TTL ${answer.ttl}.`)
  })

  it('walks for a name that does not exist, and gets NXDOMAIN with the SOA minimum as its TTL (RFC 2308)', async () => {
    const rows = await dnsRows(missing.output)
    const nosuch = rows.filter((r) => r.name === 'nosuch.cyber.co.kr')
    // www is already in the nearby server's cache, and so is the cyber.co.kr. delegation: one hop.
    expect(nosuch.map((r) => `${stubLeg(r) ? 'stub' : 'upstream'} ${r.response ? `rcode ${r.rcode} AA=${+r.aa} ttl ${r.ttl}` : 'query'} ${r.response ? r.src : r.dst}`)).toEqual([
      `stub query ${NEARBY}:${DNS_PORT}`,
      `upstream query 127.${BLOCK}.3.1:${DNS_PORT}`,
      `upstream rcode 3 AA=1 ttl 300 127.${BLOCK}.3.1:${DNS_PORT}`,
      `stub rcode 3 AA=0 ttl 300 ${NEARBY}:${DNS_PORT}`,
    ])
    // 300 is the SOA's minimum: the SOA record itself lives an hour.
    const soa = await tshark(['-r', missing.output, '-Y', 'dns.soa.minimum_ttl', '-T', 'fields', '-e', 'dns.resp.ttl', '-e', 'dns.soa.minimum_ttl'])
    expect(soa.trim().split('\n').map((line) => line.split('\t'))).toEqual([
      ['300', '300'],
      ['300', '300'],
    ])
    const zoneSoa = lab.network.zones.find((z) => z.origin === 'cyber.co.kr.')!.text
    expect(zoneSoa).toMatch(/^\$TTL 3600$/m)
    expect(missing.subresources.find((s) => s.url.startsWith('http://nosuch.cyber.co.kr/'))?.error?.code).toBe('DNS_NXDOMAIN')
    // No second priming: the root servers primed by the first load are still cached (RFC 8109).
    expect(rows.filter((r) => r.name === '<Root>')).toEqual([])
    // The cached cyber.co.kr. delegation is told as where the walk starts, not as an answer.
    const events = await journalEvents(missing)
    expect(events.find((e) => e.kind === 'cache-hit' && e.qname === 'cyber.co.kr.')).toMatchObject({ cache: 'nearby', qtype: 'NS', use: 'delegation' })
    const w = walkthroughs.get(missing.output)!
    const chain = w.resolutions.find((c) => c.qname === 'nosuch.cyber.co.kr.' && c.walkedBy !== undefined)!
    expect(chain.hops.map((h) => `${h.leg} ${h.outcome} ${h.cached?.name ?? h.zone}`)).toEqual(['stub nxdomain (recursive)', 'walk cache cyber.co.kr.', 'walk nxdomain cyber.co.kr.'])
    const step = w.steps.find((s) => s.kind === 'dns-cache-hit' && s.refs.resolution === w.resolutions.indexOf(chain))!
    expect(step.title.en).toBe('The nearby DNS server starts at the cyber.co.kr. servers, known from its cache')
    expect(step.detail.en).toContain('so the walk for nosuch.cyber.co.kr. A starts there instead of at the root. The answer is not cached: the queries that follow are sent.')
  })

  it('answers it the second time from the nearby server\'s negative cache', async () => {
    const rows = await dnsRows(missingAgain.output)
    expect(rows.filter(upstreamLeg)).toEqual([])
    const nx = rows.find((r) => r.response && r.name === 'nosuch.cyber.co.kr')!
    expect(nx).toMatchObject({ rcode: 3, aa: false })
    expect(nx.ttl).toBeLessThan(300)
    expect(nx.ttl).toBeGreaterThan(250)
    const events = await journalEvents(missingAgain)
    expect(events.find((e) => e.kind === 'cache-hit' && e.qname === 'nosuch.cyber.co.kr.')).toMatchObject({ cache: 'nearby', negative: true, negativeKind: 'nxdomain', ttlLeft: nx.ttl, storedTtl: 300 })
    const step = walkthroughs.get(missingAgain.output)!.steps.find((s) => s.kind === 'dns-cache-hit' && s.title.en.includes('nosuch'))!
    expect(step).toMatchObject({ concept: 'dns.negative-cache', title: { en: 'The nearby DNS server answers nosuch.cyber.co.kr. A "does not exist" from its cache' } })
  })
})

describe('a glueless delegation in a recording as in the notes (issue 8 §2)', () => {
  // glasscom.com. delegates partner.glasscom.com. to dns.hosting.cyber.co.kr. without an address
  // (the name lies under kr., outside the zone that names it): the nearby DNS server must resolve
  // that NS name from the root before it can ask the partner zone's server. A lab of its own, so
  // its cache is cold and the sub-chain walks from the root.
  const block = BLOCK + 2
  const nearby = `127.${block}.53.53`
  let lab: RunningLab
  let w: Walkthrough
  const dir = scratchDir('nearby-glueless')
  beforeAll(async () => {
    lab = await startLab({ addressBlock: block, dnsPort: DNS_PORT, web: false })
    const result = await recordPageLoad({ url: 'dns:www.partner.glasscom.com', output: join(dir, 'glueless.pcapng'), format: 'pcapng', lab })
    expect(result.ok).toBe(true)
    w = await inspectJson(result.output)
  }, 60_000)
  afterAll(async () => {
    await lab?.close()
  })

  it('nests the NS name\'s resolution under the referral that named it without glue', () => {
    const hopText = (h: Walkthrough['resolutions'][number]['hops'][number]): string =>
      `${h.leg} ${h.outcome === 'cache' ? `cache ${h.cached?.name} ${h.cached?.use}` : `${h.zone} ${h.outcome}${h.referredTo ? ` → ${h.referredTo}` : ''} ${w.dns[h.dns!]!.qname} ${w.dns[h.dns!]!.qtype}`}`
    const main = w.resolutions.findIndex((c) => c.qname === 'www.partner.glasscom.com.' && c.walkedBy === `${nearby}:${DNS_PORT}`)
    expect(main).toBeGreaterThanOrEqual(0)
    const chain = w.resolutions[main]!
    expect(chain.hops.map(hopText)).toEqual([
      'stub (recursive) answer www.partner.glasscom.com. A',
      'walk . answer . NS',
      'walk cache . delegation',
      'walk . referral → com. www.partner.glasscom.com. A',
      'walk com. referral → glasscom.com. www.partner.glasscom.com. A',
      'walk glasscom.com. referral → partner.glasscom.com. www.partner.glasscom.com. A',
      'walk partner.glasscom.com. answer www.partner.glasscom.com. A',
    ])
    expect(chain.answers.map((a) => `${a.type} ${a.data}`)).toEqual([`A 127.${block}.9.80`])
    // The sub-chain: the address of dns.hosting.cyber.co.kr., from the root servers primed a moment
    // ago (a cached delegation, no second priming) down to cyber.co.kr.'s authoritative answer.
    const subs = w.resolutions.filter((c) => c.parent === main)
    expect(subs.map((c) => `${c.qname} ${c.qtype}`)).toEqual(['dns.hosting.cyber.co.kr. A'])
    const sub = subs[0]!
    expect(sub.parentHop).toBe(5)
    const referral = w.dns[chain.hops[5]!.dns!]!
    expect(referral.authority.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual(['partner.glasscom.com. NS dns.hosting.cyber.co.kr.'])
    expect(referral.additional.filter((r) => r.type === 'A' || r.type === 'AAAA')).toEqual([])
    expect(sub.hops.map(hopText)).toEqual([
      'walk cache . delegation',
      'walk . referral → kr. dns.hosting.cyber.co.kr. A',
      'walk kr. referral → co.kr. dns.hosting.cyber.co.kr. A',
      'walk co.kr. referral → cyber.co.kr. dns.hosting.cyber.co.kr. A',
      'walk cyber.co.kr. answer dns.hosting.cyber.co.kr. A',
    ])
    expect(sub.answers.map((a) => `${a.type} ${a.data}`)).toEqual([`A 127.${block}.9.1`])
    // On the wire, between the referral that needed it and the question to the server it found,
    // every query from the nearby server's own address; the next question goes to that address.
    const partner = w.dns[chain.hops[6]!.dns!]!
    for (const hop of sub.hops.slice(1)) {
      const tx = w.dns[hop.dns!]!
      expect(tx.client.startsWith(`${nearby}:`)).toBe(true)
      expect(tx.query_frame!).toBeGreaterThan(referral.response_frame!)
      expect(tx.response_frame!).toBeLessThan(partner.query_frame!)
    }
    expect(partner.server).toBe(`127.${block}.9.1:${DNS_PORT}`)
    expect(w.dns.filter((d) => d.qname === '.' && d.qtype === 'NS')).toHaveLength(1)
  })

  it('says why the nearby server looks the NS name up, and who asks on the sub-chain (EN, KO)', () => {
    const referral = w.steps.find((s) => s.kind === 'dns-referral' && s.title.en.includes('to the partner.glasscom.com. servers'))!
    expect(referral.title.en).toBe(`127.${block}.6.1:${DNS_PORT} (glasscom.com. zone server) refers the nearby DNS server (local DNS server) to the partner.glasscom.com. servers`)
    expect(referral.detail.en).toMatch(/with 0 glue address\(es\) \(frame \d+\)\. No glue: before it can ask them, the nearby DNS server \(local DNS server\) looks up the address of dns\.hosting\.cyber\.co\.kr\. on its own \(a glueless delegation\)\.$/)
    expect(referral.detail.ko).toMatch(/글루가 없으므로 가까운 DNS 서버\(로컬 DNS 서버\)는 먼저 dns\.hosting\.cyber\.co\.kr\.의 IP 주소를 따로 조회한다\(글루 없는 위임\)\.$/)
    const sub = w.resolutions.findIndex((c) => c.qname === 'dns.hosting.cyber.co.kr.')
    const steps = w.steps.filter((s) => s.refs.resolution === sub)
    expect(steps.map((s) => s.title.en)).toEqual([
      'The nearby DNS server starts at the root servers, known from its cache',
      `The nearby DNS server (local DNS server) asks 127.${block}.0.1:${DNS_PORT} (root (.)) for dns.hosting.cyber.co.kr. A`,
      `127.${block}.0.1:${DNS_PORT} (root (.)) refers the nearby DNS server (local DNS server) to the kr. servers`,
      `The nearby DNS server (local DNS server) asks 127.${block}.1.1:${DNS_PORT} (kr. (TLD)) for dns.hosting.cyber.co.kr. A`,
      `127.${block}.1.1:${DNS_PORT} (kr. (TLD)) refers the nearby DNS server (local DNS server) to the co.kr. servers`,
      `The nearby DNS server (local DNS server) asks 127.${block}.2.1:${DNS_PORT} (co.kr. zone server) for dns.hosting.cyber.co.kr. A`,
      `127.${block}.2.1:${DNS_PORT} (co.kr. zone server) refers the nearby DNS server (local DNS server) to the cyber.co.kr. servers`,
      `The nearby DNS server (local DNS server) asks 127.${block}.3.1:${DNS_PORT} (cyber.co.kr. zone server) for dns.hosting.cyber.co.kr. A`,
      `127.${block}.3.1:${DNS_PORT} (cyber.co.kr. zone server) answers the nearby DNS server (local DNS server) dns.hosting.cyber.co.kr.: A 127.${block}.9.1`,
    ])
    expect(steps[0]!.detail.en).toContain('so the walk for dns.hosting.cyber.co.kr. A starts there (the list priming fetched)')
    expect(steps[0]!.title.ko).toBe('가까운 DNS 서버가 캐시에 있는 루트 DNS 서버부터 묻는다')
  })
})

describe('the other resolver choices, named for what they are', () => {
  let lab: RunningLab
  const dir = scratchDir('nearby-other')
  beforeAll(async () => {
    lab = await startLab({ addressBlock: BLOCK + 1, dnsPort: DNS_PORT, httpPort: 0, httpsPort: 0 })
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('iterative: this computer walks from the root itself (the dig +trace view), no nearby server', async () => {
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: join(dir, 'iterative.pcapng'), format: 'pcapng', lab, resolverMode: 'iterative' })
    const rows = await dnsRows(result.output)
    expect(rows.some((r) => r.src.startsWith(`127.${BLOCK + 1}.53.53:`) || r.dst.startsWith(`127.${BLOCK + 1}.53.53:`))).toBe(false)
    expect(rows.filter((r) => !r.response).map((r) => `${r.src.split(':')[0]} RD=${+r.rd}`)).toEqual(Array(5).fill('127.0.0.1 RD=0'))
    expect(rows[0]!.comment).toContain(`(this computer ↔ root (.) 127.${BLOCK + 1}.0.1:${DNS_PORT}, RD=0)`)
  })

  it('stub: this computer asks the server and sees only its answer', async () => {
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: join(dir, 'stub.pcapng'), format: 'pcapng', lab, resolverMode: 'stub' })
    const rows = await dnsRows(result.output)
    expect(rows.map((r) => `${r.response ? r.src : r.dst} RD=${+r.rd}`)).toEqual([`127.${BLOCK + 1}.53.53:${DNS_PORT} RD=1`, `127.${BLOCK + 1}.53.53:${DNS_PORT} RD=1`])
  })

  it('refuses "nearby" for the internet target before recording anything', async () => {
    const output = join(dir, 'no.pcap')
    await expect(recordPageLoad({ url: 'http://www.example.com/', output, target: 'internet', resolverMode: 'nearby' })).rejects.toMatchObject({ code: 'RECORD_BAD_OPTION', message: expect.stringContaining('the lab\'s') })
    expect(existsSync(output)).toBe(false)
    expect(existsSync(`${output}.wiretrail.jsonl`)).toBe(false)
  })
})
