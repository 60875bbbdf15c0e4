// Experiments on the running lab (issue 14 §1): each changes the lab in memory, a recording made
// under it shows the effect in its walkthrough (the journal's resolver events, which `inspect --json`
// is built from), and when it is undone the lab answers as its zone files say again. The lab runs
// in this process on its own address block; recordings are dns: lookups (the DNS part is what the
// experiments change) and, for the command line, a real child process.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { EXPERIMENT_IDS, EXPERIMENTS, experimentNamed, startExperiment, type ExperimentId } from '../../src-main/lab/experiments/index.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { scratchDir } from '../recorder/peers.ts'

const BLOCK = 219 // 127.219.0.0/16: this file only
const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const dir = scratchDir('experiments')
let lab: RunningLab
let count = 0

interface Recorded {
  events: ResolverEvent[]
  walkthrough: Walkthrough
}

/** Records a lookup of `uri` in the running lab under `experiment` and reads it back as inspect does. */
async function record(uri: string, experiment?: ExperimentId): Promise<Recorded> {
  count += 1
  const output = join(dir, `lookup-${count}.pcapng`)
  const result = await recordPageLoad({
    url: uri,
    output,
    format: 'pcapng',
    lab,
    ...(experiment ? { experiment: { id: experiment, changes: EXPERIMENTS[experiment].changes.en } } : {}),
  })
  expect(result.ok).toBe(true)
  const analysed = await runAnalysis(result.output, { journalPath: result.journal })
  await analysed.reader.close()
  return { events: (await readJournal(result.journal)).resolverEvents, walkthrough: analysed.walkthrough }
}

/** The zones the nearby DNS server asked, in order ([] when its cache answered). */
const zonesAsked = (r: Recorded): string[] => r.events.flatMap((e) => (e.kind === 'query-sent' && e.server.role !== 'nearby' && !e.recursionDesired ? [e.zone] : []))
const responses = (r: Recorded) => r.events.flatMap((e) => (e.kind === 'response' && e.server.role !== 'nearby' ? [e] : []))
/** The A record's TTL the nearby server answered with (from the authoritative answer or its cache). */
function answeredTtl(r: Recorded): number | undefined {
  const last = responses(r).at(-1)
  return last?.answers.find((rec) => rec.type === 'A')?.ttl
}
const WALK = ['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']
/** A walk with an empty (flushed) cache: the nearby server primes first (". NS" to a root from its
 * hints, RFC 8109), then walks from the root. */
const COLD_WALK = ['.', ...WALK]
/** The priming question, when the nearby server asked it. */
const primed = (r: Recorded): boolean => r.events.some((e) => e.kind === 'query-sent' && e.qname === '.' && e.qtype === 'NS' && !e.recursionDesired)

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 10053, web: false, resolverTimeoutMs: 400 })
})
afterAll(async () => {
  await lab?.close()
})

describe('the experiments table', () => {
  it('has every experiment with what it changes and what to look for in English and Korean', () => {
    expect(EXPERIMENT_IDS).toEqual(['ttl', 'cold-warm', 'slow-root', 'slow-tld', 'lame', 'silent-root', 'does-not-exist', 'mail-route', 'methods'])
    for (const id of EXPERIMENT_IDS) {
      const e = EXPERIMENTS[id]
      for (const text of [e.title, e.changes, e.lookFor, e.undo]) {
        expect(text.en).toMatch(/[a-z]/)
        expect(text.ko).toMatch(/[가-힣]/)
      }
    }
    expect(EXPERIMENTS.ttl.lookFor.ko).toContain('캐시')
  })

  it('an unknown name is LAB_UNKNOWN_EXPERIMENT, listing every experiment', () => {
    expect(() => experimentNamed('ttl2')).toThrow(expect.objectContaining({ code: 'LAB_UNKNOWN_EXPERIMENT', message: `no experiment is named "ttl2"; the experiments are: ${EXPERIMENT_IDS.join(', ')}` }))
  })
})

describe('experiments on the running lab', () => {
  it('ttl: the reload comes from the nearby cache, the one after 5 s asks lab.cyber.co.kr.\'s server again; the first step says the experiment; then the TTL is 300 again', async () => {
    lab.tweaks!.apply({ kind: 'flush-cache' })
    const undo = startExperiment(lab, 'ttl')
    try {
    expect(lab.tweaks!.inForce()).toEqual([{ kind: 'ttl', name: 'www.lab.cyber.co.kr.', ttl: 5 }])
    const first = await record('dns:www.lab.cyber.co.kr', 'ttl')
    expect(zonesAsked(first)).toEqual(COLD_WALK)
    expect(primed(first)).toBe(true)
    expect(answeredTtl(first)).toBe(5)
    expect(first.walkthrough.recording?.experiment).toEqual({ id: 'ttl', changes: EXPERIMENTS.ttl.changes.en })
    // The steps say it too: the first (the address) names the experiment and what it changed, in both languages.
    const [urlStep] = first.walkthrough.steps
    expect(urlStep?.kind).toBe('url')
    expect(urlStep?.detail.en).toBe(
      `The scheme dns: names another access method: no web server and no HTTP request, only the resolver, which asks for the name www.lab.cyber.co.kr, class IN, type A. Recorded under the lab experiment "A short TTL" (ttl): ${EXPERIMENTS.ttl.changes.en}`,
    )
    expect(urlStep?.detail.ko).toContain(`레코드를 조회한다. 실습 네트워크 실험 "짧은 TTL"(ttl) 중에 녹화했다. www.lab.cyber.co.kr의 A 레코드를 TTL 5초로 내보냅니다(존 파일에는 300초).`)
    const second = await record('dns:www.lab.cyber.co.kr', 'ttl')
    expect(zonesAsked(second)).toEqual([])
    expect(second.walkthrough.recording?.resolverEvents.some((e) => e.kind === 'cache-hit' && e.cache === 'nearby' && e.storedTtl === 5)).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 5500))
    const third = await record('dns:www.lab.cyber.co.kr', 'ttl')
    // Expired: the nearby server asks again. Its referrals (TTL 172800 and such) are still cached,
    // so it goes straight to lab.cyber.co.kr.'s server.
    expect(zonesAsked(third)).toEqual(['lab.cyber.co.kr.'])
    expect(answeredTtl(third)).toBe(5)
    } finally {
      undo()
    }
    expect(lab.tweaks!.inForce()).toEqual([])
    lab.tweaks!.apply({ kind: 'flush-cache' })
    const after = await record('dns:www.lab.cyber.co.kr')
    expect(zonesAsked(after)).toEqual(COLD_WALK)
    expect(answeredTtl(after)).toBe(300)
    expect(after.walkthrough.recording?.experiment).toBeUndefined()
    expect(after.walkthrough.steps[0]?.detail.en).not.toContain('experiment')
    expect(after.walkthrough.steps[0]?.detail.ko).not.toContain('실험')
  }, 30_000)

  it('cold-warm: the cold run walks the referral chain, the warm one has none', async () => {
    const undo = startExperiment(lab, 'cold-warm')
    const cold = await record('dns:www.lab.cyber.co.kr', 'cold-warm')
    const warm = await record('dns:www.lab.cyber.co.kr', 'cold-warm')
    undo()
    expect(zonesAsked(cold)).toEqual(COLD_WALK)
    expect(primed(cold)).toBe(true)
    expect(responses(cold).filter((r) => r.referral !== undefined).map((r) => r.referral!.zone)).toEqual(['kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    expect(zonesAsked(warm)).toEqual([])
    expect(warm.events.some((e) => e.kind === 'cache-hit' && e.cache === 'nearby')).toBe(true)
  })

  it('slow-root and slow-tld: the delayed server\'s hop takes 150 ms more, the others do not', async () => {
    for (const [id, slowZone] of [['slow-root', '.'], ['slow-tld', 'kr.']] as const) {
      const undo = startExperiment(lab, id)
      const slow = await record('dns:www.lab.cyber.co.kr', id)
      undo()
      const rtt = new Map(responses(slow).map((r) => [r.zone, r.rttMs]))
      expect([...rtt.keys()]).toEqual(WALK)
      expect(rtt.get(slowZone)).toBeGreaterThanOrEqual(145) // the timer's own tolerance
      // Every other hop stays far below the delay (loopback answers take a few ms).
      for (const [zone, ms] of rtt) if (zone !== slowZone) expect(ms, zone).toBeLessThan(140)
      lab.tweaks!.apply({ kind: 'flush-cache' })
      const normal = await record('dns:www.lab.cyber.co.kr')
      expect(responses(normal).find((r) => r.zone === slowZone)!.rttMs).toBeLessThan(140)
    }
  }, 30_000)

  it('lame: lab.cyber.co.kr.\'s server answers REFUSED, the nearby server judges it lame and answers SERVFAIL; undone, it answers again', async () => {
    const undo = startExperiment(lab, 'lame')
    count += 1
    const output = join(dir, `lookup-${count}.pcapng`)
    const result = await recordPageLoad({ url: 'dns:www.lab.cyber.co.kr', output, format: 'pcapng', lab, experiment: { id: 'lame', changes: EXPERIMENTS.lame.changes.en } })
    undo()
    const events = (await readJournal(result.journal)).resolverEvents
    const refused = events.filter((e) => e.kind === 'response' && e.zone === 'lab.cyber.co.kr.')
    // Its only server refuses: the nearby server judges the delegation lame and has no other to ask.
    expect(refused).toEqual([expect.objectContaining({ rcode: 'REFUSED', outcome: 'throwaway', reason: 'REFUSED: the server does not serve lab.cyber.co.kr. (a lame delegation)' })])
    // This computer's question to the nearby server is answered SERVFAIL.
    expect(events.some((e) => e.kind === 'response' && e.server.role === 'nearby' && e.rcode === 'SERVFAIL')).toBe(true)
    lab.tweaks!.apply({ kind: 'flush-cache' })
    const after = await record('dns:www.lab.cyber.co.kr')
    expect(responses(after).at(-1)).toMatchObject({ zone: 'lab.cyber.co.kr.', rcode: 'NOERROR', authoritative: true })
  }, 30_000)

  it('silent-root: the silent root server times out and the other root answers', async () => {
    const undo = startExperiment(lab, 'silent-root')
    const r = await record('dns:www.lab.cyber.co.kr', 'silent-root')
    undo()
    const toRoot = r.events.filter((e) => e.kind === 'query-sent' && e.zone === '.')
    const rootAnswer = responses(r).find((e) => e.zone === '.')
    // The resolver may pick either root first: when it picks the silent one, a timeout and a retry
    // are steps; the answer comes from b.root-servers.lab. either way.
    expect(rootAnswer?.server.name).toBe('b.root-servers.lab.')
    if (toRoot.length > 1) {
      expect(r.events.some((e) => e.kind === 'timeout' && e.zone === '.' && e.server.name === 'a.root-servers.lab.')).toBe(true)
      expect(r.walkthrough.recording?.resolverEvents.some((e) => e.kind === 'timeout')).toBe(true)
    }
    expect(zonesAsked(r).filter((z) => z !== '.')).toEqual(WALK.slice(1))
  }, 30_000)

  it('does-not-exist: NXDOMAIN with the SOA, then the nearby server\'s negative cache', async () => {
    const first = await record('dns:no-such-host.lab.cyber.co.kr', 'does-not-exist')
    expect(responses(first).at(-1)).toMatchObject({ rcode: 'NXDOMAIN', zone: 'lab.cyber.co.kr.' })
    const second = await record('dns:no-such-host.lab.cyber.co.kr', 'does-not-exist')
    expect(zonesAsked(second)).toEqual([])
    expect(second.events.some((e) => e.kind === 'cache-hit' && e.negative && e.negativeKind === 'nxdomain' && e.cache === 'nearby')).toBe(true)
  })

  it('mail-route: cyber.co.kr MX, then the mail host\'s A', async () => {
    const r = await record(EXPERIMENTS['mail-route'].record.url, 'mail-route')
    const done = r.events.filter((e) => e.kind === 'done' && e.qtype !== 'NS')
    const summary = done.flatMap((e) => (e.kind === 'done' ? [`${e.qname} ${e.qtype}`] : []))
    expect(summary).toContain('cyber.co.kr. MX')
    expect(summary).toContain('mail.cyber.co.kr. A')
    expect(summary.indexOf('cyber.co.kr. MX')).toBeLessThan(summary.indexOf('mail.cyber.co.kr. A'))
  })

  it('leaves the lab as its zone files say', () => {
    expect(lab.tweaks!.inForce()).toEqual([])
    for (const server of lab.dnsServers) expect(lab.tweaks!.behaviourOf(server.name)).toEqual({ delayMs: 0, answer: 'normal' })
  })
})

function wiretrail(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WIRETRAIL, ...args], { cwd, timeout: 90_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe('wiretrail record --experiment / lab --experiment', () => {
  it('an unknown experiment fails before anything starts, listing the experiments; --help lists them', async () => {
    const cwd = scratchDir('experiments-cli')
    for (const command of ['record', 'lab']) {
      const run = await wiretrail([command, '--experiment', 'nope', '-o', 'never.pcap'].filter((a) => command === 'record' || (a !== '-o' && a !== 'never.pcap')), cwd)
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`no experiment is named "nope"; the experiments are: ${EXPERIMENT_IDS.join(', ')} [LAB_UNKNOWN_EXPERIMENT]`)
      expect(run.stdout).not.toContain('The lab is running')
      const help = await wiretrail([command, '--help'], cwd)
      for (const id of EXPERIMENT_IDS) expect(help.stdout).toMatch(new RegExp(`^ +${id} +${EXPERIMENTS[id].title.en.replace(/[()]/g, '\\$&')}$`, 'm'))
    }
    expect(existsSync(join(cwd, 'never.pcap'))).toBe(false)
  })

  it('record --experiment does-not-exist records twice in one lab run, each journal naming the experiment', async () => {
    const cwd = scratchDir('experiments-cli')
    const run = await wiretrail(['record', '--experiment', 'does-not-exist', '-o', 'nx.pcapng', '--format', 'pcapng', '--address-block', '220'], cwd)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain(`experiment does-not-exist: ${EXPERIMENTS['does-not-exist'].changes.en}`)
    // Each recording's walkthrough says it was made under the experiment.
    expect(run.stdout.split(`under the lab experiment: does-not-exist (${EXPERIMENTS['does-not-exist'].changes.en})`).length).toBe(3)
    for (const file of ['nx.pcapng', 'nx-2.pcapng']) {
      const recording = JSON.parse(readFileSync(join(cwd, `${file}.wiretrail.jsonl`), 'utf8').split('\n')[0]!)
      expect(recording).toMatchObject({ type: 'recording', typedUrl: 'dns:no-such-host.lab.cyber.co.kr', experiment: { id: 'does-not-exist' } })
    }
    const second = (await readJournal(join(cwd, 'nx-2.pcapng.wiretrail.jsonl'))).resolverEvents
    expect(second.some((e) => e.kind === 'cache-hit' && e.negative && e.cache === 'nearby')).toBe(true)
  }, 60_000)
})
