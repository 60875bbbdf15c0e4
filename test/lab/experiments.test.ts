// Experiments on the running lab (issue 14 §1): each changes the lab in memory, a recording made
// under it shows the effect in its walkthrough (the journal's resolver events, which `inspect --json`
// is built from), and when it is undone the lab answers as its zone files say again. The lab runs
// in this process on its own address block; recordings are dns: lookups (the DNS part is what the
// experiments change) and, for the command line, a real child process.
import { execFile } from 'node:child_process'
import dgram from 'node:dgram'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { EXPERIMENT_IDS, EXPERIMENTS, experimentNamed, startExperiment, type ExperimentId } from '../../src-main/lab/experiments/index.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { scratchDir } from '../recorder/peers.ts'
import { withAllWords } from '../support/lesson.ts'

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
  return { events: (await readJournal(result.journal)).resolverEvents, walkthrough: withAllWords(analysed.walkthrough) }
}

/** Asks one lab server directly (RD=0, over UDP), as dig +norecurse would, and decodes its reply. */
interface Reply {
  rcode: string
  answers: { name: string; type: string; data: string }[]
  authorities: { name: string; type: string; data: string }[]
  additionals: { name: string; type: string; data: string }[]
}
function ask(server: { address: string; port: number }, name: string, type: 'A' | 'NS'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4')
    const timer = setTimeout(() => {
      socket.close()
      reject(new Error(`no answer from ${server.address}:${server.port} for ${name} ${type}`))
    }, 5000)
    socket.on('message', (bytes) => {
      clearTimeout(timer)
      socket.close()
      const reply = dnsPacket.decode(bytes) as dnsPacket.Packet & { rcode?: string }
      const records = (list: dnsPacket.Answer[] | undefined) => (list ?? []).flatMap((r) => (r.type === 'OPT' ? [] : [{ name: r.name, type: r.type, data: String(r.data) }]))
      resolve({ rcode: reply.rcode ?? '?', answers: records(reply.answers), authorities: records(reply.authorities), additionals: records(reply.additionals) })
    })
    socket.send(dnsPacket.encode({ type: 'query', id: 7, flags: 0, questions: [{ type, name, class: 'IN' }] }), server.port, server.address)
  })
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

  it('lame: lab.cyber.co.kr. gets a second server in memory; the nearby server is refused by ns1, retries ns2 and gets the answer; the refusal, the retry and its cost are steps; undone, one server and no REFUSED', async () => {
    const cyber = lab.dnsServers.find((server) => server.name === 'ns1.cyber.co.kr.')!
    const ns1 = lab.dnsServers.find((server) => server.name === 'ns1.lab.cyber.co.kr.')!
    const ns2 = lab.dnsServers.find((server) => server.name === 'ns2.lab.cyber.co.kr.')!
    const delegation = async () => (await ask(cyber, 'www.lab.cyber.co.kr', 'A')).authorities.filter((rec) => rec.type === 'NS').map((rec) => rec.data)
    expect(await delegation()).toEqual(['ns1.lab.cyber.co.kr'])
    const undo = startExperiment(lab, 'lame')
    let r: Recorded
    try {
      // In memory: cyber.co.kr.'s delegation lists ns1 then ns2, with both glue addresses; the zone's own NS RRset too.
      const referral = await ask(cyber, 'www.lab.cyber.co.kr', 'A')
      expect(referral.authorities.filter((rec) => rec.type === 'NS').map((rec) => rec.data)).toEqual(['ns1.lab.cyber.co.kr', 'ns2.lab.cyber.co.kr'])
      expect(referral.additionals.filter((rec) => rec.type === 'A').map((rec) => `${rec.name} ${rec.data}`)).toEqual([`ns1.lab.cyber.co.kr ${ns1.zoneAddress}`, `ns2.lab.cyber.co.kr ${ns2.zoneAddress}`])
      expect((await ask(ns2, 'lab.cyber.co.kr', 'NS')).answers.map((rec) => rec.data)).toEqual(['ns1.lab.cyber.co.kr', 'ns2.lab.cyber.co.kr'])
      expect((await ask(ns1, 'www.lab.cyber.co.kr', 'A')).rcode).toBe('REFUSED')
      r = await record('dns:www.lab.cyber.co.kr', 'lame')
    } finally {
      undo()
    }
    const atZone = r.events.filter((e) => (e.kind === 'response' || e.kind === 'retry') && e.zone === 'lab.cyber.co.kr.')
    // ns1 refuses (a lame delegation), the nearby server retries with ns2, whose answer is authoritative.
    expect(atZone.map((e) => `${e.kind} ${e.kind === 'response' || e.kind === 'retry' ? e.server.name : ''}${e.kind === 'response' ? ` ${e.rcode}` : ''}`)).toEqual(['response ns1.lab.cyber.co.kr. REFUSED', 'retry ns2.lab.cyber.co.kr.', 'response ns2.lab.cyber.co.kr. NOERROR'])
    expect(atZone[0]).toMatchObject({ outcome: 'throwaway', reason: 'REFUSED: the server does not serve lab.cyber.co.kr. (a lame delegation)' })
    expect(atZone[2]).toMatchObject({ outcome: 'answer', authoritative: true })
    expect(r.events.some((e) => e.kind === 'response' && e.server.role === 'nearby' && e.rcode === 'NOERROR')).toBe(true)
    // The walkthrough: the nested walk's last two hops, the refused one and the retry's answer.
    const [refused, answered] = r.walkthrough.resolutions[0]!.hops.slice(-2)
    expect(refused).toMatchObject({ zone: 'lab.cyber.co.kr.', server: `${ns1.address}:${ns1.port}`, outcome: 'throwaway' })
    expect(answered).toMatchObject({ zone: 'lab.cyber.co.kr.', server: `${ns2.address}:${ns2.port}`, outcome: 'answer' })
    const steps = r.walkthrough.steps
    const refusedStep = steps.find((s) => s.kind === 'dns-lame')!
    expect(refusedStep.title.en).toBe(`${ns1.address}:${ns1.port} (lab.cyber.co.kr. zone server) refuses to answer the nearby DNS server (local DNS server) (REFUSED)`)
    expect(refusedStep.detail.en).toContain('this server will not answer questions for the zone lab.cyber.co.kr. — which does not say that www.lab.cyber.co.kr. does not exist (that would be NXDOMAIN)')
    expect(refusedStep.detail.en).toContain(`asks another server of lab.cyber.co.kr. instead: ${ns2.address}:${ns2.port} (the retry).`)
    expect(refusedStep.detail.ko).toContain('lab.cyber.co.kr. 존에 관한 질문에는 답하지 않겠다고 한다. www.lab.cyber.co.kr.이 존재하지 않는다는 뜻이 아니다')
    expect(refusedStep.concept).toBe('dns.hierarchy')
    const retry = steps[steps.indexOf(refusedStep) + 1]!
    expect(retry.kind).toBe('dns-query')
    expect(retry.title.en).toBe(`Retry: the nearby DNS server (local DNS server) asks another server of lab.cyber.co.kr., ${ns2.address}:${ns2.port} for www.lab.cyber.co.kr. A`)
    expect(retry.title.ko).toBe(`재시도: 가까운 DNS 서버(로컬 DNS 서버)가 lab.cyber.co.kr.의 다른 서버 ${ns2.address}:${ns2.port}에 다시 www.lab.cyber.co.kr. A 조회`)
    // The detour: from the question to ns1 to the question to ns2, as the capture's times say.
    const cost = Math.round((answered!.t - refused!.t) * 1e6) / 1000
    expect(retry.detail.en).toContain(`${ns1.address}:${ns1.port} refused (REFUSED: it will not answer for lab.cyber.co.kr.).`)
    expect(retry.detail.en).toContain(`The detour cost ${cost} ms: from the first question to ${ns1.address}:${ns1.port} (frame ${refused!.frames[0]}) to this one.`)
    expect(retry.detail.ko).toContain(`돌아가느라 ${cost} ms가 더 걸렸다.`)
    for (const step of [refusedStep, retry]) expect(step.detail.ko).not.toMatch(/\((이|가|은|는|을|를)\)/)
    // Undone: one server again, ns1 answers, ns2 (still serving the zone) is named by nobody.
    expect(lab.tweaks!.inForce()).toEqual([])
    expect(await delegation()).toEqual(['ns1.lab.cyber.co.kr'])
    expect((await ask(ns1, 'lab.cyber.co.kr', 'NS')).answers.map((rec) => rec.data)).toEqual(['ns1.lab.cyber.co.kr'])
    lab.tweaks!.apply({ kind: 'flush-cache' })
    const after = await record('dns:www.lab.cyber.co.kr')
    expect(responses(after).filter((e) => e.zone === 'lab.cyber.co.kr.').map((e) => `${e.server.name} ${e.rcode}`)).toEqual(['ns1.lab.cyber.co.kr. NOERROR'])
    expect(after.walkthrough.steps.some((s) => s.kind === 'dns-lame' || s.title.en.startsWith('Retry'))).toBe(false)
  }, 30_000)

  it('add-server refuses a server that does not serve the zone, one already named, and one the lab does not have', () => {
    expect(() => lab.tweaks!.apply({ kind: 'add-server', zone: 'lab.cyber.co.kr.', server: 'ns1.store.co.kr.' })).toThrow(expect.objectContaining({ code: 'LAB_BAD_OPTION', message: 'ns1.store.co.kr. does not serve lab.cyber.co.kr.: made one of its servers, it would be lame' }))
    expect(() => lab.tweaks!.apply({ kind: 'add-server', zone: 'lab.cyber.co.kr.', server: 'ns1.lab.cyber.co.kr.' })).toThrow(expect.objectContaining({ code: 'LAB_BAD_OPTION', message: 'ns1.lab.cyber.co.kr. is already a server of lab.cyber.co.kr.' }))
    expect(() => lab.tweaks!.apply({ kind: 'add-server', zone: 'lab.cyber.co.kr.', server: 'ns9.lab.cyber.co.kr.' })).toThrow(expect.objectContaining({ code: 'LAB_BAD_OPTION', message: 'no lab DNS server is named ns9.lab.cyber.co.kr.' }))
    expect(lab.tweaks!.inForce()).toEqual([])
  })

  it('silent-root: the nearby server asks the silent root first, waits its timeout, retries the other root; the unanswered query, the retry and its cost are steps', async () => {
    const undo = startExperiment(lab, 'silent-root')
    const r = await record('dns:www.lab.cyber.co.kr', 'silent-root')
    undo()
    // Its root hints in their order: a. first (the priming question), silent; then b.
    const toRoot = r.events.flatMap((e) => (e.kind === 'query-sent' && e.zone === '.' && e.server.role !== 'nearby' ? [`${e.server.name} ${e.qname} ${e.qtype}`] : []))
    expect(toRoot).toEqual(['a.root-servers.lab. . NS', 'b.root-servers.lab. . NS', 'b.root-servers.lab. www.lab.cyber.co.kr. A'])
    expect(r.events.some((e) => e.kind === 'timeout' && e.zone === '.' && e.server.name === 'a.root-servers.lab.' && e.timeoutMs === 400)).toBe(true)
    expect(zonesAsked(r).filter((z) => z !== '.')).toEqual(WALK.slice(1))
    // The walkthrough: the unanswered query is a hop with its frame, then the retry.
    const [a, b] = lab.roots
    const silent = r.walkthrough.resolutions[0]!.hops.find((h) => h.outcome === 'timeout')!
    expect(silent).toMatchObject({ server: `${a!.address}:${a!.port}`, zone: '.' })
    expect(silent.frames).toHaveLength(1)
    const steps = r.walkthrough.steps
    const noAnswer = steps.find((s) => s.kind === 'dns-timeout')!
    const retry = steps[steps.indexOf(noAnswer) + 1]!
    expect(noAnswer.detail.en).toMatch(/: after [\d.]+ ms the nearby DNS server \(local DNS server\) stops waiting and asks another server of \. \(root\), [\d.]+:\d+ \(the retry\)\.$/)
    expect(noAnswer.detail.en).toContain(`${b!.address}:${b!.port} (the retry).`)
    expect(retry.title.en).toBe(`Retry: the nearby DNS server (local DNS server) asks another server of . (root), ${b!.address}:${b!.port} for . (root) NS`)
    expect(retry.detail.en).toContain(`${a!.address}:${a!.port} did not answer.`)
    expect(retry.detail.ko).toContain(`${a!.address}:${a!.port}은 답하지 않았다.`)
    // The detour is at least the resolver's timeout (400 ms here): its timer fires no earlier.
    const cost = Number(/The detour cost ([\d.]+) ms/.exec(retry.detail.en)?.[1])
    expect(cost).toBeGreaterThanOrEqual(395)
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
