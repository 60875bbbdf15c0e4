// The app's experiments with the real engine (issue 14 §1): experiments.start changes the lab the
// recordings use (started on demand), a recording of the lab target made under it names it in its
// journal and walkthrough and shows its effect (the TTL of 5 s), experiments.end and quitting undo
// every change, and a name not in the table is refused with its stable code before anything starts;
// two recordings of the page under cold-warm are compared step against step (what disappeared, the
// time saved), checked against the two walkthroughs themselves.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPERIMENT_IDS, EXPERIMENTS } from '../../src-main/lab/experiments/index.ts'
import type { RunningLab } from '../../src-main/lab/index.ts'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import type { ShellHost } from '../../src-main/services/shell-host.ts'
import type { OpenedCapture } from '../../src-main/shared/api.ts'

// This file's own lab address block (127.223.x.y), so it runs beside other tests' labs.
const LAB_BLOCK = 223
const CHAIN = ['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']
/** A cold walk (the nearby server's cache flushed): its priming asks a root for ". NS" first
 * (RFC 8109), then the walk asks the root again for the name. */
const COLD_CHAIN = ['.', ...CHAIN]

let work: string
let services: AppServices
let api: ApiHandlers
let shutDown = false
let engineLabs = 0

const host: ShellHost = {
  shell: 'browser',
  menuPlatform: 'linux',
  chooseCaptureToOpen: async () => null,
  chooseSavePath: async () => null,
  stateChanged: () => undefined,
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-experiments-'))
  const engine = createNodeEngine({ lab: { addressBlock: LAB_BLOCK } })
  const startLab = engine.startLab.bind(engine)
  engine.startLab = async () => {
    engineLabs++
    return startLab()
  }
  services = new AppServices({ root: join(work, 'state'), engine, version: 't', locale: 'en' })
  api = services.handlers(host)
}, 60_000)
afterAll(async () => {
  if (!shutDown) await services?.shutdown()
  await rm(work, { recursive: true, force: true })
}, 60_000)

/** The A record's TTL the nearby DNS server gave this computer (the stub leg's answer), from the
 * resolutions the lesson's first window names (a lookup's lesson is one window). */
const answeredTtl = (opened: OpenedCapture): number | undefined => Object.values(opened.lesson.resolutions).find((chain) => chain.qname === 'www.lab.cyber.co.kr.')?.answers.find((record) => record.type === 'A')?.ttl
const lookup = (): Promise<OpenedCapture> => api['capture.record']({ url: 'dns:www.lab.cyber.co.kr', target: 'lab', resolverMode: 'nearby', format: 'pcapng' })

describe('experiments in the app', () => {
  it('lists the table with nothing in force, and refuses an unknown name with LAB_UNKNOWN_EXPERIMENT before starting anything', async () => {
    const state = await api['experiments.list']()
    expect(state.active).toBeNull()
    expect(state.experiments.map((e) => e.id)).toEqual(EXPERIMENT_IDS)
    expect(state.experiments.find((e) => e.id === 'ttl')).toEqual({
      id: 'ttl',
      title: EXPERIMENTS.ttl.title,
      changes: EXPERIMENTS.ttl.changes,
      lookFor: EXPERIMENTS.ttl.lookFor,
      undo: EXPERIMENTS.ttl.undo,
      url: 'http://www.lab.cyber.co.kr/sample.htm',
      recordings: 3,
      pausesMs: [0, 6000],
    })
    const refused = await services.dispatch(api, 'experiments.start', ['ttl2'])
    expect(refused).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'LAB_UNKNOWN_EXPERIMENT', message: `no experiment is named "ttl2"; the experiments are: ${EXPERIMENT_IDS.join(', ')}` }),
    })
    const wrongType = await services.dispatch(api, 'experiments.start', [5])
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(engineLabs).toBe(0)
    expect((await api['experiments.list']()).active).toBeNull()
  })

  it('a recording under the TTL experiment says so and is answered with TTL 5; after the end the lab is as its zone files say', async () => {
    const started = await services.dispatch(api, 'experiments.start', ['ttl'])
    expect(started).toMatchObject({ ok: true, value: { active: 'ttl' } })
    expect(engineLabs).toBe(1)
    const lab = (await services.captures.runningLab()) as RunningLab
    expect(lab.tweaks?.inForce()).toEqual(EXPERIMENTS.ttl.tweaks)

    const under = await lookup()
    expect(under.walkthrough.recording?.experiment).toEqual({ id: 'ttl', changes: EXPERIMENTS.ttl.changes.en })
    expect(answeredTtl(under)).toBe(5)

    expect(await api['experiments.end']()).toMatchObject({ active: null })
    expect(lab.tweaks?.inForce()).toEqual([])
    // A new experiment flushes the nearby server's cache (cold-warm), so the next answer is the zone file's.
    await api['experiments.start']('cold-warm')
    await api['experiments.end']()
    const after = await lookup()
    expect(after.walkthrough.recording?.experiment).toBeUndefined()
    expect(answeredTtl(after)).toBe(300)
  }, 60_000)

  it('cold vs warm: the first recording of the page against the second, step against step, from their walkthroughs', async () => {
    const page = (): Promise<OpenedCapture> => api['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby', format: 'pcapng' })
    await api['experiments.start']('cold-warm')
    const cold = await page()
    expect(await api['experiments.list']()).toMatchObject({ active: 'cold-warm', recordings: 1, comparison: null })
    const warm = await page()
    const state = await api['experiments.list']()
    expect(state.recordings).toBe(2)
    const comparison = state.comparison!
    // The two walkthroughs' arrays, as the app's window would fetch them from the analyzer's worker.
    const arrays = async (opened: OpenedCapture) => {
      const all = (count: number) => Array.from({ length: count }, (_, i) => i)
      const entities = await api['capture.entities'](opened.captureId, { resolutions: all(opened.walkthrough.counts.resolutions), connections: all(opened.walkthrough.counts.connections) })
      return { resolutions: all(opened.walkthrough.counts.resolutions).map((i) => entities.resolutions[i]!), connections: all(opened.walkthrough.counts.connections).map((i) => entities.connections[i]!) }
    }
    const [coldArrays, warmArrays] = [await arrays(cold), await arrays(warm)]
    expect(comparison.first).toMatchObject({ fileName: basename(cold.path), url: 'http://www.lab.cyber.co.kr:' + new URL(cold.walkthrough.recording!.url).port + '/sample.htm' })
    expect(comparison.second.fileName).toBe(basename(warm.path))

    // The page's lookup: the cold one walked the whole referral chain, the warm one was the nearby
    // server's cache hit; its time is the question to the nearby server and its answer.
    const stubHop = (walk: typeof coldArrays) => walk.resolutions.find((chain) => chain.qname === 'www.lab.cyber.co.kr.' && chain.parent === undefined)!.hops.find((hop) => hop.leg === 'stub')!
    const [www] = comparison.lookups
    expect(www).toMatchObject({ qname: 'www.lab.cyber.co.kr.', qtype: 'A', disappeared: COLD_CHAIN })
    expect(www!.first).toMatchObject({ answer: 'walk', zones: COLD_CHAIN })
    expect(www!.second).toMatchObject({ answer: 'cache-nearby', zones: [] })
    expect(www!.first!.ms).toBeCloseTo(stubHop(coldArrays).rtt_ms!, 2)
    expect(www!.second!.ms).toBeCloseTo(stubHop(warmArrays).rtt_ms!, 2)
    expect(www!.savedMs).toBeCloseTo(www!.first!.ms! - www!.second!.ms!, 2)
    // Every lookup of the cold load has its row, in order, against the same question in the warm one.
    const lookupsOf = (walk: typeof coldArrays) => walk.resolutions.filter((chain) => chain.parent === undefined).map((chain) => `${chain.qname} ${chain.qtype}`)
    expect(comparison.lookups.map((row) => `${row.qname} ${row.qtype}`)).toEqual(lookupsOf(coldArrays))
    expect(lookupsOf(warmArrays)).toEqual(lookupsOf(coldArrays))
    expect(comparison.disappeared.zones).toEqual(CHAIN)
    expect(comparison.savedMs.dns).toBeCloseTo(comparison.lookups.reduce((sum, row) => sum + (row.savedMs ?? 0), 0), 2)

    // A new page load opens new connections: each still makes its handshake, none disappeared.
    const servers = coldArrays.connections.filter((c) => c.purpose !== 'dns').map((c) => c.server)
    expect(servers.length).toBeGreaterThan(0)
    expect(comparison.connections.map((row) => [row.server, row.first?.handshake, row.second?.handshake])).toEqual(servers.map((server) => [server, true, true]))
    expect(comparison.disappeared.handshakes).toBe(0)
    expect(comparison.savedMs.total).toBeCloseTo((cold.walkthrough.source.duration - warm.walkthrough.source.duration) * 1000, 2)

    // Ended: nothing is counted or compared any more.
    await api['experiments.end']()
    expect(await api['experiments.list']()).toMatchObject({ active: null, recordings: 0, comparison: null })
  }, 60_000)

  it('methods through the app: a method or body the recorder refuses is refused first; PUT over the sample page is read back, and after the end the lab serves its own file again', async () => {
    const page = { url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby', format: 'pcapng' } as const
    const unsaved = (await api['recordings.unsaved']()).length
    expect(await services.dispatch(api, 'capture.record', [{ ...page, method: 'PATCH' }])).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'RECORD_UNSUPPORTED_METHOD', message: '"PATCH" is not a method Wiretrail records; it records GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE' }),
    })
    expect(await services.dispatch(api, 'capture.record', [{ ...page, method: 'TRACE', body: 'x' }])).toEqual({ ok: false, error: expect.objectContaining({ code: 'RECORD_BODY_NOT_ALLOWED' }) })
    expect(await services.dispatch(api, 'capture.record', [{ ...page, method: 'GET', body: 'x' }])).toEqual({ ok: false, error: expect.objectContaining({ code: 'RECORD_BODY_NOT_ALLOWED' }) })
    expect(await services.dispatch(api, 'capture.record', [{ ...page, method: 'PUT', body: 'x'.repeat(16 * 1024 + 1) }])).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) })
    expect(await api['recordings.unsaved']()).toHaveLength(unsaved)

    const exchangeOf = (opened: OpenedCapture) => Object.values(opened.lesson.http)[0]!
    const refused = exchangeOf(await api['capture.record']({ ...page, method: 'PUT', body: 'not yet' }))
    expect([refused.method, refused.status, refused.reason]).toEqual(['PUT', 405, 'Method Not Allowed'])
    const original = exchangeOf(await api['capture.record'](page)).bodyBytes

    expect(await api['experiments.start']('methods')).toMatchObject({ active: 'methods', recordings: 0 })
    const put = await api['capture.record']({ ...page, method: 'PUT', body: '<p>put over the sample</p>' })
    expect(put.walkthrough.recording?.experiment?.id).toBe('methods')
    expect([exchangeOf(put).status, exchangeOf(put).reason]).toEqual([204, 'No Content'])
    expect(put.lesson.steps.some((step) => step.detail.en.includes('204 No Content: the server replaced the file at /sample.htm with the request\'s body.'))).toBe(true)
    expect(exchangeOf(await api['capture.record'](page)).bodyBytes?.decoded).toBe(Buffer.byteLength('<p>put over the sample</p>'))
    // Different requests are not the same load twice: nothing is compared.
    expect(await api['experiments.list']()).toMatchObject({ active: 'methods', recordings: 2, comparison: null })

    await api['experiments.end']()
    const after = exchangeOf(await api['capture.record'](page))
    expect(after.status).toBe(200)
    expect(after.bodyBytes).toEqual(original)
  }, 60_000)

  it('starting another ends the one in force first; quitting undoes the one in force', async () => {
    await api['experiments.start']('slow-root')
    const lab = (await services.captures.runningLab()) as RunningLab
    expect(lab.tweaks?.inForce().filter((t) => t.kind === 'delay')).toHaveLength(2)
    expect(await api['experiments.start']('lame')).toMatchObject({ active: 'lame' })
    expect(lab.tweaks?.inForce()).toEqual([
      { kind: 'add-server', zone: 'lab.cyber.co.kr.', server: 'ns2.lab.cyber.co.kr.' },
      { kind: 'answer', server: 'ns1.lab.cyber.co.kr.', answer: 'refused' },
    ])
    shutDown = true
    await services.shutdown()
    expect(lab.tweaks?.inForce()).toEqual([])
    expect(services.experiments.state().active).toBeNull()
  }, 60_000)
})
