// A lesson longer than one window (a large capture's): the app holds the overview and one window of
// steps; the player moves into other windows by fetching them (capture.steps), the last step is
// reached, the outline folds runs and counts what it does not list, a folded run's steps are
// fetched when it opens (capture.findSteps), and a click on a packet outside the window asks the worker
// which step it belongs to (capture.stepFor). The fake engine answers with the worker's functions
// (src-main/shared/lesson.ts) over a walkthrough of ~1 300 steps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { LESSON_WINDOW, OUTLINE_ROWS_PER_CONCEPT } from '../../src-main/shared/lesson.ts'
import type { Step, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import WtOutline from '../../src-renderer/components/WtOutline.vue'
import WtPlayer from '../../src-renderer/components/WtPlayer.vue'
import WtStepExplainer from '../../src-renderer/components/WtStepExplainer.vue'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { galleryWalkthrough } from './fixtures/lab-gallery.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

/** The gallery's 98 steps again and again (same packets and conversations), numbered on. */
function repeated(times: number): Walkthrough {
  const steps: Step[] = []
  for (let copy = 0; copy < times; copy++) for (const step of galleryWalkthrough.steps) steps.push({ ...step, index: steps.length })
  return { ...galleryWalkthrough, steps }
}

const big = repeated(13)
const calls = (context: TestContext, name: string) => context.client.calls.filter((call) => call.name === name)

describe('a lesson longer than one window', () => {
  let context: TestContext
  beforeEach(() => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('arrives as the overview and the first window; the player fetches the others as it moves', async () => {
    expect(big.steps.length).toBeGreaterThan(2 * LESSON_WINDOW)
    await openWalkthrough(context, big)
    const wrapper = mountWith(defineComponent(() => () => h('div', [h(WtPlayer), h(WtStepExplainer)])), context)
    await flush()
    const capture = useCaptureStore()
    const player = usePlayerStore()
    expect(capture.lesson.steps).toHaveLength(LESSON_WINDOW)
    expect(player.stepCount).toBe(big.steps.length)
    expect(wrapper.text()).toContain(`Step 1 of ${big.steps.length}`)
    // Into the third window: fetched, then shown.
    const target = 2 * LESSON_WINDOW + 7
    await player.go(target)
    await flush()
    expect(calls(context, 'capture.steps').map((call) => call.args.slice(1))).toEqual([[2 * LESSON_WINDOW, LESSON_WINDOW]])
    expect(capture.lesson.start).toBe(2 * LESSON_WINDOW)
    const explainer = wrapper.get('[data-testid="step-explainer"]')
    expect(explainer.attributes('data-step-index')).toBe(String(target))
    expect(explainer.text()).toContain(big.steps[target]!.title.en)
    // ← at a window's first step goes back into the one before.
    await player.go(2 * LESSON_WINDOW)
    player.prev()
    await flush()
    expect(wrapper.get('[data-testid="step-explainer"]').attributes('data-step-index')).toBe(String(2 * LESSON_WINDOW - 1))
    // The last step, from the last button.
    await wrapper.get('[data-action="last"]').trigger('click')
    await flush()
    expect(wrapper.get('[data-testid="step-explainer"]').text()).toContain(big.steps.at(-1)!.title.en)
    expect(wrapper.text()).toContain(`Step ${big.steps.length} of ${big.steps.length}`)
  })

  it('the outline folds a run of the whole lesson, opens it by fetching its steps, and goes to one of them', async () => {
    await openWalkthrough(context, big)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    expect(wrapper.get('[data-testid="outline-count"]').text()).toBe(`${big.steps.length} steps`)
    const hits = big.steps.filter((step) => step.kind === 'dns-cache-hit')
    expect(hits.length).toBe(13 * 22)
    const cache = wrapper.get('[data-concept-group="dns.cache"]')
    expect(cache.attributes('data-steps')).toBe(String(hits.length))
    // A lesson larger than a window starts with its concepts closed (only their headings are
    // mounted); a click opens one.
    expect(wrapper.findAll('[data-concept][aria-expanded="true"]')).toEqual([])
    expect(wrapper.findAll('[data-step], [data-run]')).toEqual([])
    await cache.get('[data-concept="dns.cache"]').trigger('click')
    await flush()
    expect(cache.get('[data-concept="dns.cache"]').attributes('aria-expanded')).toBe('true')
    // Every copy's cache hits follow one another in the concept: one row.
    const run = cache.get('[data-run-kind="dns-cache-hit"]')
    expect(run.attributes('data-run-size')).toBe(String(hits.length))
    expect(run.text()).toContain(`${hits.length} × answered from the cache`)
    expect(run.text()).toContain(`${hits[0]!.index + 1}–${hits.at(-1)!.index + 1}`)
    await run.trigger('click')
    await flush()
    expect(calls(context, 'capture.findSteps').map((call) => call.args[1])).toEqual([{ concept: 'dns.cache', kind: 'dns-cache-hit', from: hits[0]!.index, to: hits.at(-1)!.index, limit: 1000 }])
    const rows = cache.findAll('[data-step]')
    expect(rows.map((row) => Number(row.attributes('data-step')))).toEqual(hits.map((step) => step.index))
    // A step of the run far down: clicking it moves the player into its window.
    const far = hits[250]!
    await cache.get(`[data-step="${far.index}"]`).trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(far.index)
    expect(useCaptureStore().lesson.start).toBe(Math.floor(far.index / LESSON_WINDOW) * LESSON_WINDOW)
    expect(cache.get(`[data-step="${far.index}"]`).attributes('aria-current')).toBe('step')
  })

  it('the player in a run far into the lesson opens it on its step: forty of its steps from there on', async () => {
    await openWalkthrough(context, big)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    const hits = big.steps.filter((step) => step.kind === 'dns-cache-hit')
    const target = hits[100]!
    await usePlayerStore().go(target.index)
    await flush()
    const cache = wrapper.get('[data-concept-group="dns.cache"]')
    expect(cache.get('[data-concept="dns.cache"]').attributes('aria-expanded')).toBe('true')
    expect(cache.get('[data-run-kind="dns-cache-hit"]').attributes('aria-expanded')).toBe('true')
    expect(cache.findAll('[data-step]').map((row) => Number(row.attributes('data-step')))).toEqual(hits.slice(100, 100 + OUTLINE_ROWS_PER_CONCEPT).map((step) => step.index))
    expect(cache.get(`[data-step="${target.index}"]`).attributes('aria-current')).toBe('step')
    expect(cache.get('[data-run-part]').text()).toBe(`${OUTLINE_ROWS_PER_CONCEPT} of ${hits.length}, from step ${target.index + 1} on`)
    // Only the concepts the player went through are open.
    expect(wrapper.findAll('[data-concept][aria-expanded="true"]').map((row) => row.attributes('data-concept'))).toEqual(['dns.cache'])
  })

  it("the outline lists a concept's first rows and counts the rest", async () => {
    // The cache hits alternate between two kinds: no run folds, one row per step.
    let n = 0
    const alternating: Walkthrough = { ...big, steps: big.steps.map((step) => (step.kind === 'dns-cache-hit' && n++ % 2 === 1 ? { ...step, kind: 'dns-answer' } : step)) }
    await openWalkthrough(context, alternating)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    const cache = wrapper.get('[data-concept-group="dns.cache"]')
    await cache.get('[data-concept="dns.cache"]').trigger('click')
    await flush()
    expect(cache.findAll('[data-step]')).toHaveLength(OUTLINE_ROWS_PER_CONCEPT)
    const more = cache.get('[data-more]')
    expect(more.attributes('data-more')).toBe(String(13 * 22 - OUTLINE_ROWS_PER_CONCEPT))
    expect(more.text()).toContain(String(13 * 22 - OUTLINE_ROWS_PER_CONCEPT))
  })

  it('a packet clicked outside the window goes to the step the worker names', async () => {
    await openWalkthrough(context, big)
    const player = usePlayerStore()
    await player.go(3 * LESSON_WINDOW)
    await flush()
    // The same packet is shown by a step in every copy: the worker names the first, in the first window.
    const frame = big.steps.find((step) => step.kind === 'dns-query')!.frames[0]!
    await player.goToFrame(frame, 'list')
    await flush()
    expect(calls(context, 'capture.stepFor').map((call) => call.args[1])).toEqual([{ frame }])
    expect(player.index).toBe(big.steps.find((step) => step.frames.includes(frame))!.index)
    expect(useCaptureStore().lesson.start).toBe(0)
  })
})
