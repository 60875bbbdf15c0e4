// The step outline, on real walkthroughs: every concept of the notes under its STORY, each with the
// steps that show it; runs of one kind folded ("22 × answered from the cache" on the gallery's 98
// steps); a search in either language; a concept the recording lacks names the lab page that shows
// it, and one click fills the address bar with that page; the current step is always shown.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONCEPT_IDS } from '../../src-main/shared/concepts.ts'
import { LAB_PAGES, LAB_PAGE_FOR_CONCEPT } from '../../src-main/shared/lab-pages.ts'
import WtOutline from '../../src-renderer/components/WtOutline.vue'
import { findSteps, outlineOf as foldSteps } from '../../src-main/shared/lesson.ts'
import type { Step } from '../../src-main/shared/walkthrough.ts'
import { buildOutline, countSteps, FOLD_AT, STEP_KIND_LABELS, STORIES, type OutlineRow } from '../../src-renderer/lib/outline-model.ts'
import { usePlayerStore } from '../../src-renderer/stores/player.ts'
import { useRecordFormStore } from '../../src-renderer/stores/record-form.ts'
import { ko } from '../../src-renderer/i18n/ko.ts'
import { galleryWalkthrough } from './fixtures/lab-gallery.ts'
import { recordedWalkthrough } from './fixtures/lab-recording.ts'
import { flush, mountWith, openWalkthrough, setupTest, type TestContext } from './helpers.ts'

/** The outline of a whole walkthrough's steps, as the worker folds it (and, with a query, as the
 * worker's step search answers it). */
const outlineOf = (steps: readonly Step[], query = '') => buildOutline(foldSteps(steps), query === '' ? null : { query, found: findSteps(steps, { text: query }) })

/** The steps a row stands for: the step, or a folded run's members (its concept's steps of its kind
 * from its first to its last). */
const membersOf = (row: OutlineRow, concept: string, steps: readonly Step[]): number[] =>
  row.type === 'step' ? [row.step.index] : row.type === 'run' ? steps.filter((step) => step.concept === concept && step.kind === row.kind && step.index >= row.first && step.index <= row.last).map((step) => step.index) : []

describe('the outline model', () => {
  it('lists every concept of the notes once, under its STORY, with all the steps', () => {
    const steps = recordedWalkthrough.steps
    const outline = outlineOf(steps)
    expect(outline.map((group) => group.story)).toEqual([...STORIES])
    const concepts = outline.flatMap((group) => group.concepts.map((concept) => concept.id))
    expect([...concepts].sort()).toEqual([...CONCEPT_IDS].sort())
    expect(countSteps(outline)).toBe(steps.length)
    // Each concept holds exactly the steps that name it, in order; a run counts its members.
    for (const group of outline) {
      for (const concept of group.concepts) {
        const indexes = concept.rows.flatMap((row) => membersOf(row, concept.id, steps))
        expect(indexes).toEqual(steps.filter((step) => step.concept === concept.id).map((step) => step.index))
        for (const row of concept.rows) if (row.type === 'run') expect(membersOf(row, concept.id, steps)).toHaveLength(row.count)
      }
    }
  })

  it('folds the gallery\'s runs: 22 cache hits in one row, 98 steps in far fewer rows', () => {
    const steps = galleryWalkthrough.steps
    expect(steps).toHaveLength(98)
    const outline = outlineOf(steps)
    const cache = outline.flatMap((group) => group.concepts).find((concept) => concept.id === 'dns.cache')!
    expect(cache.rows).toHaveLength(1)
    expect(cache.rows[0]).toMatchObject({ type: 'run', kind: 'dns-cache-hit', count: 22 })
    expect(membersOf(cache.rows[0]!, 'dns.cache', steps)).toHaveLength(22)
    const rows = outline.flatMap((group) => group.concepts.flatMap((concept) => concept.rows))
    expect(rows.length).toBeLessThan(25)
    // Short runs stay as steps.
    for (const row of rows) if (row.type === 'run') expect(row.count).toBeGreaterThanOrEqual(FOLD_AT)
  })

  it('calls a lame server by the lame experiment\'s Korean name, not by the AA flag\'s 권한', () => {
    // 권한 있는 응답 is what the AA flag means (an answer from the zone's own server, not the cache);
    // calling a lame server 권한 없는 서버 would teach that a lame server is one answering from a cache.
    expect(ko.dns.aa).toContain('권한 있는 응답')
    for (const label of [STEP_KIND_LABELS['dns-lame'].ko, ko.outcome.lame]) {
      expect(label).toContain('레임 서버')
      expect(label).toContain('위임')
      expect(label).not.toContain('권한')
    }
    expect(STEP_KIND_LABELS['dns-lame'].en).toBe('lame server')
  })

  it('searches titles in both languages and unfolds what matches', () => {
    const english = outlineOf(galleryWalkthrough.steps, 'photo-07')
    expect(countSteps(english)).toBeGreaterThanOrEqual(1)
    const rows = english.flatMap((group) => group.concepts.flatMap((concept) => concept.rows))
    expect(rows.every((row) => row.type === 'step' && /photo-07/.test(galleryWalkthrough.steps[row.step.index]!.title.en + galleryWalkthrough.steps[row.step.index]!.detail.en))).toBe(true)
    // A Korean word finds the same kind of step as its English one.
    expect(countSteps(outlineOf(galleryWalkthrough.steps, '캐시에서'))).toBe(countSteps(outlineOf(galleryWalkthrough.steps, 'from the cache')))
    // A concept's title finds all its steps.
    const concept = outlineOf(recordedWalkthrough.steps, 'Disconnecting')
    expect(concept.flatMap((group) => group.concepts.map((entry) => entry.id))).toEqual(['socket.close'])
    expect(countSteps(outlineOf(recordedWalkthrough.steps, 'no such words anywhere'))).toBe(0)
  })

  it('names, for each concept the recording lacks, the lab page that shows it', () => {
    const outline = outlineOf(recordedWalkthrough.steps)
    const shown = new Set(recordedWalkthrough.steps.map((step) => step.concept))
    for (const concept of outline.flatMap((group) => group.concepts)) {
      if (shown.has(concept.id)) expect(concept.labPage).toBeNull()
      else expect(concept.labPage).toBe(LAB_PAGE_FOR_CONCEPT[concept.id])
    }
    expect(outline.flatMap((group) => group.concepts).find((c) => c.id === 'dns.negative-cache')?.labPage).toBe('noSuchHost')
  })
})

describe('the outline', () => {
  let context: TestContext
  beforeEach(async () => {
    context = setupTest()
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the concepts by STORY with their steps; a click goes to the step', async () => {
    await openWalkthrough(context, recordedWalkthrough)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    expect(wrapper.findAll('.story').map((story) => story.attributes('data-story'))).toEqual([...STORIES])
    expect(wrapper.get('[data-testid="outline-count"]').text()).toBe(`${recordedWalkthrough.steps.length} steps`)
    const referral = recordedWalkthrough.steps.filter((step) => step.concept === 'dns.referral')
    const group = wrapper.get('[data-concept-group="dns.referral"]')
    expect(group.attributes('data-steps')).toBe(String(referral.length))
    // Four referrals in a row: folded.
    const run = group.get('[data-run-kind="dns-referral"]')
    expect(run.text()).toContain(`${referral.length} × referred to the next level down`)
    expect(run.attributes('aria-expanded')).toBe('false')
    await run.trigger('click')
    const target = referral[2]!
    await group.get(`[data-step="${target.index}"]`).trigger('click')
    await flush()
    expect(usePlayerStore().index).toBe(target.index)
    expect(group.get(`[data-step="${target.index}"]`).attributes('aria-current')).toBe('step')
    expect(group.get(`[data-step="${target.index}"]`).text()).toContain(target.title.en)
  })

  it('opens the fold and the concept of the current step when the player moves', async () => {
    await openWalkthrough(context, galleryWalkthrough)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    const cacheHit = galleryWalkthrough.steps.filter((step) => step.kind === 'dns-cache-hit')[10]!
    expect(wrapper.find(`[data-step="${cacheHit.index}"]`).exists()).toBe(false)
    usePlayerStore().go(cacheHit.index)
    await flush()
    expect(wrapper.get('[data-run-kind="dns-cache-hit"]').text()).toContain('22 × answered from the cache')
    expect(wrapper.get(`[data-step="${cacheHit.index}"]`).attributes('aria-current')).toBe('step')
  })

  it('searches as you type, in Korean too', async () => {
    await openWalkthrough(context, galleryWalkthrough)
    const wrapper = mountWith(WtOutline, context, { language: 'ko' })
    await flush()
    await wrapper.get('input[name="outline-search"]').setValue('photo-12')
    await flush()
    const steps = wrapper.findAll('[data-step]')
    expect(steps.length).toBeGreaterThanOrEqual(1)
    for (const step of steps) expect(step.text()).toContain('photo-12')
    expect(wrapper.get('[data-testid="outline-count"]').text()).toBe(`${steps.length}개 찾음`)
    await wrapper.get('input[name="outline-search"]').setValue('zzzz')
    await flush()
    expect(wrapper.text()).toContain('이 낱말이 들어 있는 단계나 개념이 없습니다.')
  })

  it('a concept the recording lacks offers its lab page; a click fills the address bar with it', async () => {
    await openWalkthrough(context, recordedWalkthrough)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    const group = wrapper.get('[data-concept-group="http.method-uri"]')
    if (recordedWalkthrough.steps.some((step) => step.concept === 'http.method-uri')) expect(group.find('[data-page]').exists()).toBe(false)
    const missing = wrapper.get('[data-concept-group="url.default-file"]')
    expect(missing.get('[data-testid="outline-missing"]').text()).toBe(`Not in this recording. Record: ${LAB_PAGES.directory.title.en}`)
    await missing.get('[data-page="directory"]').trigger('click')
    expect(useRecordFormStore().url).toBe('http://www.lab.cyber.co.kr/dir/')
    expect(wrapper.emitted('choosePage')).toEqual([['directory']])
    // The POST form's page brings its method and fields.
    const tls = wrapper.get('[data-concept-group="tls.handshake"]')
    await tls.get('[data-page="https"]').trigger('click')
    expect(useRecordFormStore().request).toMatchObject({ url: 'https://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'nearby' })
  })

  it('is a tree for the keyboard: ↓ moves, → opens a fold, ← closes it, and the player does not move', async () => {
    await openWalkthrough(context, recordedWalkthrough)
    const wrapper = mountWith(WtOutline, context)
    await flush()
    const player = usePlayerStore()
    const start = player.index
    const run = wrapper.get('[data-run-kind="dns-referral"]')
    ;(run.element as HTMLElement).focus()
    await run.trigger('keydown', { key: 'ArrowRight' })
    await flush()
    expect(run.attributes('aria-expanded')).toBe('true')
    await run.trigger('keydown', { key: 'ArrowRight' })
    expect(document.activeElement?.getAttribute('data-step')).toBe(String(recordedWalkthrough.steps.find((s) => s.kind === 'dns-referral')!.index))
    await wrapper.get(`[data-step="${document.activeElement?.getAttribute('data-step')}"]`).trigger('keydown', { key: 'ArrowLeft' })
    expect(document.activeElement).toBe(run.element)
    await run.trigger('keydown', { key: 'ArrowLeft' })
    await flush()
    expect(run.attributes('aria-expanded')).toBe('false')
    await run.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).not.toBe(run.element)
    expect(player.index).toBe(start)
  })
})
