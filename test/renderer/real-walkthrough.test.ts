// The components on the analyzer's real output (not the hand-made fixture): whatever the analyzer
// really emits must draw the chain, the phases and the sequence, and every step must explain itself.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONCEPTS } from '../../src-main/shared/concepts.ts'
import App from '../../src-renderer/App.vue'
import { buildSequence } from '../../src-renderer/lib/sequence-model.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { recordedWalkthrough } from './fixtures/lab-recording.ts'
import { flush, lessonMaps, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

describe('a real recording of the lab page', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('draws the referral chain and both sockets\' four phases', async () => {
    await openWalkthrough(context, recordedWalkthrough, true)
    const wrapper = mountWith(App, context)
    await flush()
    const zones = wrapper.findAll('.timeline [data-zone]').map((hop) => hop.attributes('data-zone'))
    expect(zones.slice(0, 5)).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])
    const phases = wrapper.findAll('.timeline [data-phase]').map((bar) => bar.attributes('data-phase'))
    expect(phases).toEqual(recordedWalkthrough.connections.flatMap(() => ['socket', 'connect', 'transfer', 'close']))
  })

  it('puts every DNS packet between the client and the server of its zone', () => {
    const model = buildSequence(lessonMaps(recordedWalkthrough), recordedWalkthrough.frames)
    const zoneOf = (index: number): string | undefined => model.participants[index]?.zone
    const dnsFrames = recordedWalkthrough.frames.filter((frame) => frame.protocol === 'DNS')
    expect(dnsFrames.length).toBe(10)
    for (const frame of dnsFrames) {
      const arrow = model.arrows[frame.frame - 1]!
      const ends = [model.participants[arrow.from]!.role, model.participants[arrow.to]!.role].sort()
      expect(ends).toEqual(['client', 'dns'])
    }
    // First query to the root, last answer from lab.cyber.co.kr.
    expect(zoneOf(model.arrows[dnsFrames[0]!.frame - 1]!.to)).toBe('.')
    expect(zoneOf(model.arrows[dnsFrames[9]!.frame - 1]!.from)).toBe('lab.cyber.co.kr.')
    expect(model.participants.filter((p) => p.role === 'other')).toEqual([])
  })

  it('every step names a concept of the notes and the explainer shows it', async () => {
    await openWalkthrough(context, recordedWalkthrough, true)
    const wrapper = mountWith(App, context)
    await flush()
    const player = usePlayerStore()
    for (const step of recordedWalkthrough.steps) {
      player.go(step.index)
      await flush()
      const explainer = wrapper.get('[data-testid="step-explainer"]')
      expect(explainer.attributes('data-step-index')).toBe(String(step.index))
      expect(explainer.text()).toContain(CONCEPTS[step.concept].title.en)
      expect(explainer.text()).toContain(step.title.en)
    }
  })
})
