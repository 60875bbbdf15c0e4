import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import WtPacketList from '../../src-renderer/components/WtPacketList.vue'
import WtPlayer from '../../src-renderer/components/WtPlayer.vue'
import WtStepExplainer from '../../src-renderer/components/WtStepExplainer.vue'
import { usePlayerKeyboard } from '../../src-renderer/composables/usePlayerKeyboard.ts'
import { STEP_MS_AT_SPEED_1, usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useSelectionStore } from '../../src-renderer/stores/selection.ts'
import { labWalkthrough } from './fixtures/lab-walkthrough.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

/** The player as the app wires it: controls, explanation, packet list and the window's keys. */
const PlayerWithKeys = defineComponent(() => {
  usePlayerKeyboard()
  return () => h('div', [h(WtPlayer), h(WtStepExplainer), h(WtPacketList, { initialHeight: 900 })])
})

function press(key: string, target: EventTarget = window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }))
}

describe('step-through player', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    vi.useRealTimers()
    document.body.innerHTML = ''
  })

  it('→ and ← move between steps and stop at both ends', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(PlayerWithKeys, context)
    await flush()
    const index = (): string | undefined => wrapper.get('[data-testid="player"]').attributes('data-step-index')
    const last = labWalkthrough.steps.length - 1
    expect(index()).toBe('0')
    press('ArrowLeft')
    await flush()
    expect(index()).toBe('0')
    for (let i = 0; i < last + 3; i++) press('ArrowRight')
    await flush()
    expect(index()).toBe(String(last))
    expect(wrapper.get('[data-action="next"]').attributes('disabled')).toBeDefined()
    press('ArrowLeft')
    await flush()
    expect(index()).toBe(String(last - 1))
    expect(wrapper.text()).toContain(`Step ${last} of ${last + 1}`)
  })

  it('each step explains itself with its concept and highlights its packets', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(PlayerWithKeys, context)
    await flush()
    usePlayerStore().go(4) // kr. refers to co.kr.: frames 3–4
    await flush()
    const explainer = wrapper.get('[data-testid="step-explainer"]')
    expect(explainer.attributes('data-concept')).toBe('dns.referral')
    expect(explainer.text()).toContain('The kr. server refers the resolver to the co.kr. servers')
    expect(explainer.text()).toContain('A referral to the next level down')
    expect(explainer.text()).toContain('STORY 03 §3')
    // The other language is there too (the notes are Korean).
    expect(explainer.text()).toContain('하위 도메인의 DNS 서버 소개')
    const selected = wrapper.findAll('[data-frame][aria-selected="true"]').map((row) => Number(row.attributes('data-frame')))
    expect(selected).toEqual([3, 4])
    expect(useSelectionStore().tab).toBe('dns')
  })

  it('a step without packets says so (socket creation happens inside the computer)', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(PlayerWithKeys, context)
    usePlayerStore().go(8)
    await flush()
    expect(wrapper.get('[data-testid="step-explainer"]').attributes('data-kind')).toBe('socket-create')
    expect(wrapper.text()).toContain('No packets: this happens inside the computer.')
    expect(wrapper.findAll('[data-frame][aria-selected="true"]')).toHaveLength(0)
    expect(useSelectionStore().context.connection).toBe(0)
  })

  it('space plays (one step per interval at the chosen speed) and pauses; play stops at the last step', async () => {
    vi.useFakeTimers()
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(PlayerWithKeys, context)
    const player = usePlayerStore()
    press(' ')
    expect(player.playing).toBe(true)
    vi.advanceTimersByTime(STEP_MS_AT_SPEED_1)
    expect(player.index).toBe(1)
    player.setSpeed(4)
    vi.advanceTimersByTime(STEP_MS_AT_SPEED_1 / 4)
    expect(player.index).toBe(2)
    press(' ')
    expect(player.playing).toBe(false)
    vi.advanceTimersByTime(STEP_MS_AT_SPEED_1 * 10)
    expect(player.index).toBe(2)
    press(' ')
    vi.advanceTimersByTime(STEP_MS_AT_SPEED_1 * 40)
    expect(player.index).toBe(labWalkthrough.steps.length - 1)
    expect(player.playing).toBe(false)
    wrapper.unmount()
  })

  it('keys typed into a text field do not move the player', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(defineComponent(() => {
      usePlayerKeyboard()
      return () => h('input', { type: 'text' })
    }), context)
    const input = wrapper.get('input').element
    press('ArrowRight', input)
    press(' ', input)
    expect(usePlayerStore().index).toBe(0)
    expect(usePlayerStore().playing).toBe(false)
  })

  it('the buttons step too, and keyboard listeners go away on unmount', async () => {
    await openWalkthrough(context, labWalkthrough)
    const wrapper = mountWith(PlayerWithKeys, context)
    await wrapper.get('[data-action="last"]').trigger('click')
    expect(usePlayerStore().index).toBe(labWalkthrough.steps.length - 1)
    await wrapper.get('[data-action="first"]').trigger('click')
    expect(usePlayerStore().index).toBe(0)
    wrapper.unmount()
    press('ArrowRight')
    expect(usePlayerStore().index).toBe(0)
  })
})
