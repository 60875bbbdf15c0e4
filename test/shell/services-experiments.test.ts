// The app's experiments with the real engine (issue 14 §1): experiments.start changes the lab the
// recordings use (started on demand), a recording of the lab target made under it names it in its
// journal and walkthrough and shows its effect (the TTL of 5 s), experiments.end and quitting undo
// every change, and a name not in the table is refused with its stable code before anything starts.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPERIMENT_IDS, EXPERIMENTS } from '../../src-main/lab/experiments/index.ts'
import type { RunningLab } from '../../src-main/lab/index.ts'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import type { ShellHost } from '../../src-main/services/shell-host.ts'
import type { OpenedCapture } from '../../src-main/shared/api.ts'

// This file's own lab address block (127.223.x.y), so it runs beside other tests' labs.
const LAB_BLOCK = 223

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

  it('starting another ends the one in force first; quitting undoes the one in force', async () => {
    await api['experiments.start']('slow-root')
    const lab = (await services.captures.runningLab()) as RunningLab
    expect(lab.tweaks?.inForce().filter((t) => t.kind === 'delay')).toHaveLength(2)
    expect(await api['experiments.start']('lame')).toMatchObject({ active: 'lame' })
    expect(lab.tweaks?.inForce()).toEqual([{ kind: 'answer', server: 'ns1.lab.cyber.co.kr.', answer: 'refused' }])
    shutDown = true
    await services.shutdown()
    expect(lab.tweaks?.inForce()).toEqual([])
    expect(services.experiments.state().active).toBeNull()
  }, 60_000)
})
