// Every experiment through the command line, as a student runs it (issue 14 §3): `wiretrail record
// --experiment NAME` (the lab in its process, the experiment's own URL and recordings, undone at the
// end), then `wiretrail inspect FILE --json` on each capture, and the effect read from that JSON: the
// cache hit, then the walk after the TTL; the delay in the slow hop's time; the lame server's refusal
// and the retry; the silent root's timeout and the retry; the negative-cache hit; the mail route. Then
// the lab is as its zone files say: the files on disk are unchanged, a plain recording afterwards
// walks as always, and `wiretrail lab --experiment` undoes its change when it stops. (`methods` has
// its own test; test/lab/experiments.test.ts checks the undo on one running lab in process.)
//
// The runs start together (each its own address block and folder) and each test waits for its own:
// the only fixed wait is the TTL experiment's own pause. Times are checked as lower bounds only (a
// delay cannot make an answer come sooner; a busy machine can make any answer later).
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPERIMENT_IDS, EXPERIMENTS, type ExperimentId } from '../../src-main/lab/experiments/index.ts'
import { labAssetsDir } from '../../src-main/lab/network.ts'
import type { ResolutionChain, ResolutionHop, Step, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { dig } from '../lab/peers.ts'
import { scratchDir } from '../support/scratch.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
/** Every experiment but `methods` (its own test), each on its own address block. */
const TESTED = ['ttl', 'cold-warm', 'slow-root', 'slow-tld', 'lame', 'silent-root', 'does-not-exist', 'mail-route'] as const satisfies readonly ExperimentId[]
type Tested = (typeof TESTED)[number]
const BLOCK: Record<Tested, number> = { ttl: 121, 'cold-warm': 122, 'slow-root': 123, 'slow-tld': 124, lame: 125, 'silent-root': 126, 'does-not-exist': 127, 'mail-route': 128 }
const PLAIN_BLOCK = 129
const LAB_BLOCK = 130
const RUN_TIMEOUT_MS = 240_000

interface Run {
  code: number
  stdout: string
  stderr: string
}

function wiretrail(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WIRETRAIL, ...args], { cwd, timeout: RUN_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

interface Recorded {
  run: Run
  /** `inspect --json` of each recording, in order (FILE, FILE-2, …). */
  walkthroughs: Walkthrough[]
}

/** Records under `experiment` (its own URL and number of recordings), then inspects every capture. */
async function recordUnder(experiment: Tested | null, block: number): Promise<Recorded> {
  const cwd = scratchDir(`cli-experiment-${experiment ?? 'none'}`)
  const args = experiment === null ? ['record', EXPERIMENTS.lame.record.url] : ['record', '--experiment', experiment]
  const run = await wiretrail([...args, '-o', 'run.pcapng', '--format', 'pcapng', '--address-block', String(block)], cwd)
  const count = experiment === null ? 1 : EXPERIMENTS[experiment].record.pausesMs.length + 1
  const files = Array.from({ length: count }, (_, i) => (i === 0 ? 'run.pcapng' : `run-${i + 1}.pcapng`))
  const walkthroughs = await Promise.all(
    files.map(async (file) => {
      const inspected = await wiretrail(['inspect', file, '--json'], cwd)
      if (inspected.code !== 0) throw new Error(`wiretrail inspect ${file} --json exited ${inspected.code}: ${inspected.stderr}`)
      return JSON.parse(inspected.stdout) as Walkthrough
    }),
  )
  return { run, walkthroughs }
}

function zoneFilesDigest(): string {
  const dir = join(labAssetsDir(), 'zones')
  const hash = createHash('sha256')
  for (const file of readdirSync(dir).sort()) hash.update(file).update(readFileSync(join(dir, file)))
  return hash.update(readFileSync(join(labAssetsDir(), 'topology.json'))).digest('hex')
}

const runs = new Map<Tested | 'plain', Promise<Recorded>>()
let digestBefore = ''
beforeAll(() => {
  digestBefore = zoneFilesDigest()
  for (const id of TESTED) runs.set(id, recordUnder(id, BLOCK[id]))
})

/** The experiment's recordings, checked to have run under it: exit 0, each journal naming it. */
async function recorded(id: Tested): Promise<Walkthrough[]> {
  const { run, walkthroughs } = await runs.get(id)!
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).toContain(`wiretrail record: experiment ${id}: ${EXPERIMENTS[id].changes.en}`)
  for (const w of walkthroughs) expect(w.recording?.experiment).toEqual({ id, changes: EXPERIMENTS[id].changes.en })
  return walkthroughs
}

/** The first top-level resolution of `qname` `qtype` (the browser's lookup, the walk nested in it). */
function lookup(w: Walkthrough, qname = 'www.lab.cyber.co.kr.', qtype = 'A'): ResolutionChain {
  const chain = w.resolutions.find((r) => r.parent === undefined && r.qname === qname && r.qtype === qtype)
  if (chain === undefined) throw new Error(`no resolution of ${qname} ${qtype} in ${w.resolutions.map((r) => `${r.qname} ${r.qtype}`).join(', ')}`)
  return chain
}
/** The nearby DNS server's questions up the hierarchy (its walk), in order. */
const walk = (chain: ResolutionChain): ResolutionHop[] => chain.hops.filter((h) => h.leg === 'walk' && h.outcome !== 'cache')
const zones = (chain: ResolutionChain): string[] => walk(chain).map((h) => h.zone)
const nearbyAnswerFromCache = (chain: ResolutionChain): ResolutionHop | undefined => chain.hops.find((h) => h.outcome === 'cache' && h.cache === 'nearby' && h.cached?.use === 'answer')
const serverOf = (block: number, zone: number, server: number): string => `127.${block}.${zone}.${server}:10053`
const stepsOfKind = (w: Walkthrough, kind: Step['kind']): Step[] => w.steps.filter((s) => s.kind === kind)
const ROOTS_AND_WALK = ['.', '.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']

describe('wiretrail record --experiment NAME, then wiretrail inspect --json', () => {
  it('tests every experiment but methods', () => {
    expect([...TESTED].sort()).toEqual(EXPERIMENT_IDS.filter((id) => (id as string) !== 'methods').sort())
  })

  it('ttl: the reload is the nearby server\'s cache hit (stored with TTL 5); after the 6 s pause the expired answer is asked of lab.cyber.co.kr.\'s server again', async () => {
    const [first, second, third] = await recorded('ttl')
    expect(zones(lookup(first!))).toEqual(ROOTS_AND_WALK)
    expect(lookup(first!).answers.find((r) => r.type === 'A')?.ttl).toBe(5)
    expect(walk(lookup(second!))).toEqual([])
    expect(nearbyAnswerFromCache(lookup(second!))).toMatchObject({ storedTtl: 5, cached: { name: 'www.lab.cyber.co.kr.', type: 'A' } })
    expect(nearbyAnswerFromCache(lookup(second!))!.ttlLeft).toBeLessThanOrEqual(5)
    // Expired: asked again, of lab.cyber.co.kr.'s server only (the referrals above are still cached).
    expect(zones(lookup(third!))).toEqual(['lab.cyber.co.kr.'])
    expect(walk(lookup(third!))[0]).toMatchObject({ server: serverOf(BLOCK.ttl, 4, 1), outcome: 'answer' })
    expect(nearbyAnswerFromCache(lookup(third!))).toBeUndefined()
    expect(third!.http[0]?.status).toBe(200)
  }, RUN_TIMEOUT_MS)

  it('cold-warm: the cold load primes and walks from the root; the warm one is a nearby cache hit with no referral', async () => {
    const [cold, warm] = await recorded('cold-warm')
    expect(zones(lookup(cold!))).toEqual(ROOTS_AND_WALK)
    expect(walk(lookup(cold!)).filter((h) => h.outcome === 'referral').map((h) => h.referredTo)).toEqual(['kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    expect(walk(lookup(warm!))).toEqual([])
    expect(nearbyAnswerFromCache(lookup(warm!))).toBeDefined()
    expect(stepsOfKind(warm!, 'dns-referral')).toEqual([])
  }, RUN_TIMEOUT_MS)

  it('slow-root and slow-tld: the delayed server\'s hops take at least its 150 ms', async () => {
    const [root] = await recorded('slow-root')
    const rootHops = walk(lookup(root!)).filter((h) => h.zone === '.')
    expect(rootHops.map((h) => h.server)).toEqual([serverOf(BLOCK['slow-root'], 0, 1), serverOf(BLOCK['slow-root'], 0, 1)]) // priming, then the walk
    // 150 ms less the timer's own tolerance: a server that waits 150 ms cannot be answered sooner.
    for (const hop of rootHops) expect(hop.rtt_ms).toBeGreaterThanOrEqual(145)
    const [tld] = await recorded('slow-tld')
    const krHop = walk(lookup(tld!)).find((h) => h.zone === 'kr.')!
    expect(krHop).toMatchObject({ server: serverOf(BLOCK['slow-tld'], 1, 1), outcome: 'referral' })
    expect(krHop.rtt_ms).toBeGreaterThanOrEqual(145)
    // The step that shows the kr. referral says how long it took (the capture's own time).
    expect(stepsOfKind(tld!, 'dns-referral').find((s) => s.refs.dns === krHop.dns)?.detail.en).toContain(`after ${krHop.rtt_ms} ms`)
  }, RUN_TIMEOUT_MS)

  it('lame: ns1.lab.cyber.co.kr. refuses, the nearby server retries the zone\'s second server ns2 and the page loads; the refusal and the retry with its cost are steps', async () => {
    const [w] = await recorded('lame')
    const ns1 = serverOf(BLOCK.lame, 4, 1)
    const ns2 = serverOf(BLOCK.lame, 4, 2)
    const chain = lookup(w!)
    const referral = walk(chain).find((h) => h.referredTo === 'lab.cyber.co.kr.')!
    // cyber.co.kr.'s delegation names both servers, with glue (in memory: the zone files name one).
    expect(w!.dns[referral.dns!]!.authority.filter((r) => r.type === 'NS').map((r) => r.data)).toEqual(['ns1.lab.cyber.co.kr.', 'ns2.lab.cyber.co.kr.'])
    const atZone = walk(chain).filter((h) => h.zone === 'lab.cyber.co.kr.')
    expect(atZone.map((h) => [h.server, h.outcome, w!.dns[h.dns!]!.rcode])).toEqual([[ns1, 'throwaway', 'REFUSED'], [ns2, 'answer', 'NOERROR']])
    expect(w!.dns[atZone[1]!.dns!]!.aa).toBe(true)
    expect(chain.rcode).toBe('NOERROR')
    expect(w!.http[0]).toMatchObject({ uri: '/sample.htm', status: 200 })
    const [refused] = stepsOfKind(w!, 'dns-lame')
    expect(refused!.title.en).toBe(`${ns1} (lab.cyber.co.kr. zone server) refuses to answer the nearby DNS server (local DNS server) (REFUSED)`)
    expect(refused!.detail.en).toContain('will not answer questions for the zone lab.cyber.co.kr. — which does not say that www.lab.cyber.co.kr. does not exist (that would be NXDOMAIN)')
    expect(refused!.detail.ko).toContain('www.lab.cyber.co.kr.이 존재하지 않는다는 뜻이 아니다(그것은 NXDOMAIN이다)')
    const retry = w!.steps[w!.steps.indexOf(refused!) + 1]!
    expect(retry.title.en).toBe(`Retry: the nearby DNS server (local DNS server) asks another server of lab.cyber.co.kr., ${ns2} for www.lab.cyber.co.kr. A`)
    const cost = Math.round((atZone[1]!.t - atZone[0]!.t) * 1e6) / 1000
    expect(retry.detail.en).toContain(`The detour cost ${cost} ms: from the first question to ${ns1}`)
    expect(retry.detail.ko).toContain(`돌아가느라 ${cost} ms가 더 걸렸다.`)
  }, RUN_TIMEOUT_MS)

  it('silent-root: the silent root is asked first, the nearby server gives up after its 1 s timeout and retries the other root; the page loads', async () => {
    const [w] = await recorded('silent-root')
    const a = serverOf(BLOCK['silent-root'], 0, 1)
    const b = serverOf(BLOCK['silent-root'], 0, 2)
    const chain = lookup(w!)
    const rootHops = walk(chain).filter((h) => h.zone === '.')
    expect(rootHops.map((h) => [h.server, h.outcome])).toEqual([[a, 'timeout'], [b, 'answer'], [b, 'referral']])
    expect(rootHops[0]!.frames).toHaveLength(1) // the query, no response
    // This computer's resolver (its wait 2 s) is answered: the nearby server's 1 s wait fits in it.
    // On a loaded machine the walk after the retry can outlast the stub's first wait; the stub then
    // asks again, and that timeout is in the chain too (what a user's machine would record).
    const stub = chain.hops.filter((h) => h.leg === 'stub').map((h) => h.outcome)
    expect(stub.at(-1)).toBe('answer')
    expect(stub.slice(0, -1).every((o) => o === 'timeout')).toBe(true)
    expect(w!.http[0]?.status).toBe(200)
    const [noAnswer] = stepsOfKind(w!, 'dns-timeout')
    expect(noAnswer!.title.en).toBe(`No answer from ${a}`)
    const retry = w!.steps[w!.steps.indexOf(noAnswer!) + 1]!
    expect(retry.title.en).toBe(`Retry: the nearby DNS server (local DNS server) asks another server of . (root), ${b} for . (root) NS`)
    // The detour is at least the nearby server's timeout (NEARBY_TIMEOUT_MS): its timer fires no sooner.
    expect(Number(/The detour cost ([\d.]+) ms/.exec(retry.detail.en)?.[1])).toBeGreaterThanOrEqual(995)
  }, RUN_TIMEOUT_MS)

  it('does-not-exist: NXDOMAIN from lab.cyber.co.kr.\'s server, then the nearby server\'s negative cache', async () => {
    const [first, second] = await recorded('does-not-exist')
    const miss = lookup(first!, 'no-such-host.lab.cyber.co.kr.')
    expect(miss.rcode).toBe('NXDOMAIN')
    expect(walk(miss).at(-1)).toMatchObject({ zone: 'lab.cyber.co.kr.', outcome: 'nxdomain', server: serverOf(BLOCK['does-not-exist'], 4, 1) })
    const again = lookup(second!, 'no-such-host.lab.cyber.co.kr.')
    expect(again.rcode).toBe('NXDOMAIN')
    expect(walk(again)).toEqual([])
    expect(nearbyAnswerFromCache(again)).toMatchObject({ negative: 'nxdomain', cache: 'nearby' })
    expect(stepsOfKind(second!, 'dns-cache-hit').map((s) => s.concept)).toContain('dns.negative-cache')
  }, RUN_TIMEOUT_MS)

  it('mail-route: cyber.co.kr MX names mail.cyber.co.kr., then its A record gives the address', async () => {
    const [w] = await recorded('mail-route')
    const mx = lookup(w!, 'cyber.co.kr.', 'MX')
    const a = lookup(w!, 'mail.cyber.co.kr.', 'A')
    expect(mx.answers.map((r) => r.data)).toEqual(['10 mail.cyber.co.kr.'])
    expect(a.answers.map((r) => r.data)).toEqual([`127.${BLOCK['mail-route']}.3.25`])
    expect(w!.resolutions.indexOf(mx)).toBeLessThan(w!.resolutions.indexOf(a))
  }, RUN_TIMEOUT_MS)
})

describe('afterwards the lab is as its zone files say', () => {
  it('the zone files and the topology on disk are unchanged, and a plain recording walks as always (TTL 300, one server for lab.cyber.co.kr., the first root answering)', async () => {
    await Promise.all([...runs.values()].map((run) => run.catch(() => undefined)))
    expect(zoneFilesDigest()).toBe(digestBefore)
    const { run, walkthroughs } = await recordUnder(null, PLAIN_BLOCK)
    expect(run.code, run.stderr).toBe(0)
    const [w] = walkthroughs
    expect(w!.recording?.experiment).toBeUndefined()
    const chain = lookup(w!)
    expect(zones(chain)).toEqual(ROOTS_AND_WALK)
    expect(walk(chain).map((h) => h.outcome)).toEqual(['answer', 'referral', 'referral', 'referral', 'referral', 'answer'])
    expect(walk(chain).filter((h) => h.zone === '.').map((h) => h.server)).toEqual([serverOf(PLAIN_BLOCK, 0, 1), serverOf(PLAIN_BLOCK, 0, 1)])
    expect(walk(chain).at(-1)!.server).toBe(serverOf(PLAIN_BLOCK, 4, 1))
    const referral = walk(chain).find((h) => h.referredTo === 'lab.cyber.co.kr.')!
    expect(w!.dns[referral.dns!]!.authority.filter((r) => r.type === 'NS').map((r) => r.data)).toEqual(['ns1.lab.cyber.co.kr.'])
    expect(chain.answers.find((r) => r.type === 'A')?.ttl).toBe(300)
    expect(stepsOfKind(w!, 'dns-lame')).toEqual([])
    expect(stepsOfKind(w!, 'dns-timeout')).toEqual([])
  }, RUN_TIMEOUT_MS)

  it('wiretrail lab --experiment lame: dig sees the second server and the refusal while it runs; Ctrl+C undoes the experiment and stops the lab', async () => {
    const child: ChildProcess = spawn(process.execPath, [WIRETRAIL, 'lab', '--experiment', 'lame', '--address-block', String(LAB_BLOCK), '--http-port', '0', '--https-port', '0'], { cwd: scratchDir('cli-lab-experiment'), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      for (let waited = 0; !output.includes('Press Ctrl+C to stop it.'); waited += 100) {
        if (child.exitCode !== null || waited > 60_000) throw new Error(`wiretrail lab did not start:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(output).toContain(`Experiment lame (${EXPERIMENTS.lame.title.en}): ${EXPERIMENTS.lame.changes.en}`)
      const referral = await dig(`127.${LAB_BLOCK}.3.1`, 10053, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
      expect(referral.authority.map((r) => r.data)).toEqual(['ns1.lab.cyber.co.kr.', 'ns2.lab.cyber.co.kr.'])
      expect(referral.additional.filter((r) => r.type === 'A').map((r) => `${r.name} ${r.data}`)).toEqual([`ns1.lab.cyber.co.kr. 127.${LAB_BLOCK}.4.1`, `ns2.lab.cyber.co.kr. 127.${LAB_BLOCK}.4.2`])
      expect((await dig(`127.${LAB_BLOCK}.4.1`, 10053, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])).status).toBe('REFUSED')
      const fromNs2 = await dig(`127.${LAB_BLOCK}.4.2`, 10053, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
      expect([fromNs2.status, fromNs2.flags.includes('aa'), fromNs2.answer.map((r) => r.data)]).toEqual(['NOERROR', true, [`127.${LAB_BLOCK}.4.80`]])
      // The nearby server, asked as this computer asks it, is refused by ns1 and answered by ns2.
      const nearby = await dig(`127.${LAB_BLOCK}.53.53`, 10053, 'www.lab.cyber.co.kr', 'A')
      expect([nearby.status, nearby.answer.map((r) => r.data)]).toEqual(['NOERROR', [`127.${LAB_BLOCK}.4.80`]])
      child.kill('SIGINT')
      expect(await exited).toBe(0)
      expect(output).toContain('Experiment lame ended: its changes are undone, the lab answers as its zone files say.')
      expect(output).toContain('SIGINT: the lab stopped; every port is closed.')
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, RUN_TIMEOUT_MS)
})

afterAll(async () => {
  await Promise.all([...runs.values()].map((run) => run.catch(() => undefined)))
})
