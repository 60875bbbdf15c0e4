// Load on the lab's nearby DNS server (issue 12 §3): 1,000 distinct questions sent at once, the
// worst case for a UDP server (here the client shares the server's event loop, so every datagram
// is queued before the server reads one). Before the lab's DNS sockets asked for a larger receive
// buffer, 990 of 1,000 were dropped by the kernel and their retries, due at the same moment, were
// dropped alike: a third of the clients timed out. Every question must now get its answer, and
// the number of walks the server works on at once stays bounded (MAX_ACTIVE_RESOLUTIONS). Time and
// memory figures are in `npm run bench load`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { MAX_ACTIVE_RESOLUTIONS } from '../../src-main/lab/dns/recursive-server.ts'
import { Resolver } from '../../src-main/resolver/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'

const BLOCK = 186 // 127.186.0.0/16: this file only
const QUESTIONS = 1000
const ZONES = ['lab.cyber.co.kr.', 'lab.glasscom.com.', 'cyber.co.kr.', 'glasscom.com.', 'store.co.kr.', 'co.kr.', 'com.']

describe('1,000 concurrent questions to the nearby DNS server', () => {
  let lab: RunningLab
  beforeAll(async () => {
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, web: false })
  })
  afterAll(() => lab.close())

  it('answers every one, as the zones say, with at most MAX_ACTIVE_RESOLUTIONS walks at a time', async () => {
    const questions = lab.network.cases.map((c) => ({ name: c.name, type: c.type, rcode: c.rcode }))
    for (let i = 0; questions.length < QUESTIONS; i += 1) questions.push({ name: `burst-${i}.${ZONES[i % ZONES.length]}`, type: 'A', rcode: 'NXDOMAIN' })
    // The nearby server's own walks, seen through the lab's observer: at most so many at once.
    let active = 0
    let mostActive = 0
    const stopObserving = lab.observeLocalDns({
      onEvent: (event: ResolverEvent) => {
        if (event.kind === 'start' && event.forQuery !== undefined && event.parentResolutionId === undefined) mostActive = Math.max(mostActive, (active += 1))
      },
      onResolution: () => void (active -= 1),
    })
    const client = new Resolver({ mode: 'stub', stub: lab.localDns, cache: false, timeoutMs: 20_000 })
    try {
      const answers = await Promise.allSettled(questions.map((q) => client.resolve(q.name, q.type)))
      const got = answers.map((a, i) => `${questions[i]!.name} ${questions[i]!.type} ${a.status === 'fulfilled' ? a.value.rcode : (a.reason as { code: string }).code}`)
      expect(got).toEqual(questions.map((q) => `${q.name} ${q.type} ${q.rcode}`))
    } finally {
      stopObserving()
    }
    expect(mostActive).toBeGreaterThan(1)
    expect(mostActive).toBeLessThanOrEqual(MAX_ACTIVE_RESOLUTIONS)
    expect(active).toBe(0)
  }, 120_000)
})
