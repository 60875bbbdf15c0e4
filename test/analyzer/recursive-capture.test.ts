// A capture taken at a recursive resolver nobody here wrote tells the notes' story (issue 8 §2): in
// a network namespace, BIND 9 serves the lab's zones, Debian's unbound iterates from the lab root,
// dig asks unbound twice (helpers/unbound-capture.mts) and tcpdump captures it all. The analyzer,
// with no journal, must nest unbound's walk under dig's question — root → kr. → co.kr. →
// cyber.co.kr. → lab.cyber.co.kr. → answer, with qname-minimisation off and on (RFC 9156) — exactly
// as unbound's own log says it sent each query (verbosity 3: "sending query:", "sending to
// target: <zone> address"), and say the second answer came from unbound's cache.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { requirePeer, requireRoot } from '../resolver/helpers/peers.ts'
import { withAllWords } from '../support/lesson.ts'

const BLOCK = 234
const UNBOUND = `127.${BLOCK}.254.1`
const NAME = 'www.lab.cyber.co.kr.'
const PTR = `80.4.${BLOCK}.127.in-addr.arpa.`

interface Run {
  qnameMinimisation: boolean
  pcap: string
  log: string
  dig: string[]
}
let runs: Run[] = []
const walkthroughs = new Map<boolean, Walkthrough>()
const dir = mkdtempSync('/var/tmp/recursive-capture-')

beforeAll(async () => {
  for (const [binary, pkg] of [['named', 'bind9'], ['unbound', 'unbound'], ['dig', 'bind9-dnsutils'], ['tcpdump', 'tcpdump'], ['unshare', 'util-linux'], ['ip', 'iproute2']] as const) requirePeer(binary, pkg)
  requireRoot('BIND and unbound in a network namespace')
  const script = join(import.meta.dirname, 'helpers', 'unbound-capture.mts')
  const run = spawnSync('unshare', ['--net', '--fork', '--', process.execPath, '--import', 'tsx', script, String(BLOCK), dir], { encoding: 'utf8', timeout: 90_000 })
  if (run.status !== 0) throw new Error(`the unbound capture failed (status ${run.status}):\n${run.stderr}\n${run.stdout}`)
  runs = (JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { runs: Run[] }).runs
  for (const r of runs) {
    const analysed = await runAnalysis(r.pcap, {})
    await analysed.reader.close()
    walkthroughs.set(r.qnameMinimisation, withAllWords(analysed.walkthrough))
  }
}, 120_000)
afterAll(() => {
  if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true })
})

/** unbound's log of what it sent: "sending query: kr. A IN" then "sending to target: <.> 127.234.0.1#53".
 * unbound sends a query that is already on its way to the same server once (its outside network
 * merges them) but logs each: the distinct entries, in the order first logged. */
function unboundSent(log: string): string[] {
  const sent: string[] = []
  let query: string | null = null
  for (const line of log.split('\n')) {
    const q = /info: sending query: (\S+) (\S+) IN$/.exec(line)
    if (q) query = `${q[1]} ${q[2]}`
    const target = /sending to target: <([^>]+)> ([\d.]+)#53$/.exec(line)
    if (target && query !== null) {
      const entry = `${query} ${target[1]} ${target[2]}`
      if (!sent.includes(entry)) sent.push(entry)
      query = null
    }
  }
  return sent
}

describe.each([false, true])('a capture at unbound, qname-minimisation %s', (qmin) => {
  const walkthrough = (): Walkthrough => walkthroughs.get(qmin)!
  const run = (): Run => runs.find((r) => r.qnameMinimisation === qmin)!
  const questions = () => walkthrough().resolutions.filter((c) => c.qname === NAME && c.parent === undefined)

  it('dig got its answer twice, and unbound logged the queries it sent', () => {
    expect(run().dig.map((out) => /status: (\w+)/.exec(out)?.[1])).toEqual(['NOERROR', 'NOERROR', 'NOERROR'])
    expect(unboundSent(run().log).length).toBeGreaterThanOrEqual(6)
  })

  it('nests unbound\'s walk under dig\'s question: stub → . → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr. → answer', () => {
    const [cold] = questions()
    expect(cold!.walkedBy).toBe(`${UNBOUND}:53`)
    const [stub, ...walk] = cold!.hops
    expect(stub).toMatchObject({ leg: 'stub', role: 'nearby', zone: '(recursive)', outcome: 'answer', server: UNBOUND })
    // unbound primes first (". NS" to a root server, RFC 8109), then walks down.
    const w = walkthrough()
    expect(walk.map((h) => `${h.leg} ${w.dns[h.dns!]!.qname} ${w.dns[h.dns!]!.qtype} ${h.zone} ${h.role} ${h.outcome}${h.referredTo ? ` ${h.referredTo}` : ''}`)).toEqual([
      'walk . NS . root answer',
      `walk ${qmin ? 'kr.' : NAME} A . root referral kr.`,
      `walk ${qmin ? 'co.kr.' : NAME} A kr. tld referral co.kr.`,
      `walk ${qmin ? 'cyber.co.kr.' : NAME} A co.kr. zone referral cyber.co.kr.`,
      `walk ${qmin ? 'lab.cyber.co.kr.' : NAME} A cyber.co.kr. zone referral lab.cyber.co.kr.`,
      `walk ${NAME} A lab.cyber.co.kr. zone answer`,
    ])
    expect(cold!.answers.map((a) => a.data)).toEqual([`127.${BLOCK}.4.80`])
    // Every walk query left from unbound's own address, between dig's question and its answer.
    const [question, answer] = stub!.frames
    for (const hop of walk) {
      expect(w.dns[hop.dns!]!.client.startsWith(`${UNBOUND}:`)).toBe(true)
      expect(hop.frames.every((f) => f > question! && f < answer!)).toBe(true)
    }
  })

  it('holds every query unbound says it sent, in order, each asked of the zone unbound asked it as', () => {
    const w = walkthrough()
    // The questions unbound walked for, and every sub-chain under them.
    const underAWalk = (c: Walkthrough['resolutions'][number]): boolean => c.walkedBy !== undefined || (c.parent !== undefined && underAWalk(w.resolutions[c.parent]!))
    const nested = w.resolutions.filter(underAWalk)
    const ours = nested
      .flatMap((c) => c.hops)
      .filter((h) => h.leg === 'walk' && h.dns !== undefined)
      .sort((a, b) => w.dns[a.dns!]!.query_frame! - w.dns[b.dns!]!.query_frame!)
      .map((h) => `${w.dns[h.dns!]!.qname} ${w.dns[h.dns!]!.qtype} ${h.zone} ${w.dns[h.dns!]!.server.replace(/:53$/, '')}`)
    expect(ours).toEqual(unboundSent(run().log))
    // Nothing unbound sent is left over as a resolution of its own.
    expect(w.resolutions.filter((c) => c.parent === undefined).map((c) => c.qname)).toEqual([NAME, NAME, PTR])
  })

  it('nests the address lookup of a glueless name server under the referral that needed it', () => {
    const w = walkthrough()
    const index = w.resolutions.findIndex((c) => c.qname === PTR && c.parent === undefined)
    const chain = w.resolutions[index]!
    expect(chain.walkedBy).toBe(`${UNBOUND}:53`)
    expect(chain.answers.map((a) => a.data)).toEqual([NAME])
    const referral = chain.hops.findIndex((h) => h.outcome === 'referral' && w.dns[h.dns!]!.authority.some((r) => r.type === 'NS' && r.data === 'ns.reverse.root-servers.lab.'))
    expect(referral).toBeGreaterThan(0)
    const sub = w.resolutions.find((c) => c.parent === index && c.qname === 'ns.reverse.root-servers.lab.')!
    expect(sub).toMatchObject({ parentHop: referral })
    expect(sub.hops.every((h) => h.leg === 'walk' && w.dns[h.dns!]!.client.startsWith(`${UNBOUND}:`))).toBe(true)
    // Asked after the referral that named it, before the question was answered.
    expect(sub.hops[0]!.t).toBeGreaterThanOrEqual(chain.hops[referral]!.t)
    expect(sub.hops.at(-1)!.frames.at(-1)!).toBeLessThan(chain.hops[0]!.frames[1]!)
  })

  it('says the second answer came from unbound\'s cache: no upstream packets, AA=0, the TTL counted down', () => {
    const [cold, warm] = questions()
    const w = walkthrough()
    expect(warm!.hops.map((h) => `${h.leg} ${h.outcome} ${h.cache ?? h.role}`)).toEqual(['stub answer nearby', 'walk cache nearby'])
    const tx = w.dns[warm!.hops[0]!.dns!]!
    expect(tx).toMatchObject({ aa: false, ra: true, rcode: 'NOERROR' })
    expect(tx.response_frame! - tx.query_frame!).toBe(1)
    expect(warm!.hops[1]!.ttlLeft).toBe(tx.answers[0]!.ttl)
    expect(warm!.hops[1]!.ttlLeft).toBeLessThan(cold!.answers[0]!.ttl)
    const step = w.steps.find((s) => s.kind === 'dns-cache-hit')!
    expect(step.title.en).toBe(`The nearby DNS server answers ${NAME} A from its cache`)
    expect(step.refs).toEqual({ resolution: w.resolutions.indexOf(warm!), hop: 1 })
  })

  it('names unbound the nearby DNS server in the steps, never the root', () => {
    const w = walkthrough()
    const titles = w.steps.filter((s) => s.kind.startsWith('dns')).map((s) => s.title.en)
    expect(titles[0]).toBe(`This computer's resolver asks ${UNBOUND} (nearby DNS server (local DNS server)) for ${NAME} A`)
    expect(titles).toContain(`The nearby DNS server (local DNS server) asks 127.${BLOCK}.1.1 (kr. (TLD)) for ${qmin ? 'co.kr.' : NAME} A`)
    expect(titles.filter((t) => t.includes(UNBOUND) && t.includes('root'))).toEqual([])
  })
})
