// The lesson a window at a time, from the analyzer's worker, on a capture too large for one window
// (real corpus traffic replicated: thousands of steps): what crosses at the start is the overview
// and the first window; later windows, entities, step searches and "which step does this click go
// to" are answered by the worker, and each answer must equal what the whole walkthrough (built in
// this thread by the same analysis) says.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, type AnalyzedCapture } from '../../src-main/analyzer/index.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { createStepFinder, findSteps, LESSON_WINDOW, OUTLINE_ROWS_PER_CONCEPT, FOLD_AT, outlineOf, STEP_PHASE, wordsOf, type StepOutline } from '../../src-main/shared/lesson.ts'
import type { PhaseName, Step, StepKind, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import type { ConceptId } from '../../src-main/shared/concepts.ts'
import { scratchDir } from '../support/scratch.ts'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'
import { withAllWords } from '../support/lesson.ts'

describe('the lesson, a window at a time (a capture of 30 000 packets)', () => {
  let analyzed: AnalyzedCapture
  let whole: Walkthrough
  /** The walkthrough as the worker keeps it (its steps a step store). */
  let kept: Awaited<ReturnType<typeof runAnalysis>>['walkthrough']

  beforeAll(async () => {
    const path = join(scratchDir('lesson'), 'replicated.pcap')
    await writeSyntheticCapture(path, 30_000)
    analyzed = await analyzeCapture(path)
    const local = await runAnalysis(path, { frameListLimit: 30_000 })
    await local.reader.close()
    kept = local.walkthrough
    whole = withAllWords(local.walkthrough)
  }, 120_000)
  afterAll(async () => {
    await analyzed?.close()
  })

  it('sends the overview and the first window only', () => {
    const w = analyzed.walkthrough
    expect(w.counts).toEqual({ dns: whole.dns.length, resolutions: whole.resolutions.length, connections: whole.connections.length, http: whole.http.length, tls: whole.tls.length, steps: whole.steps.length })
    expect(w.counts.steps).toBeGreaterThan(3 * LESSON_WINDOW)
    expect('steps' in w || 'connections' in w).toBe(false)
    expect(w.frames).toHaveLength(1000)
    expect(w.framesTruncated).toBe(true)
    expect(analyzed.lesson.start).toBe(0)
    expect(analyzed.lesson.steps).toEqual(whole.steps.slice(0, LESSON_WINDOW))
    // The outline counts every step of each concept, in rows of steps and folded runs.
    for (const entry of w.outline.concepts) {
      expect(entry.count).toBe(whole.steps.filter((step) => step.concept === entry.concept).length)
      expect(entry.rows.length).toBeLessThanOrEqual(OUTLINE_ROWS_PER_CONCEPT)
      const inRows = entry.rows.reduce((n, row) => n + (row.type === 'step' ? 1 : row.count), 0)
      expect(inRows + entry.more).toBe(entry.count)
      for (const row of entry.rows) if (row.type === 'run') expect(row.count).toBeGreaterThanOrEqual(FOLD_AT)
    }
  })

  it('serves any later window with every entity its steps name', async () => {
    const start = 2 * LESSON_WINDOW
    const window = await analyzed.steps(start, LESSON_WINDOW)
    expect(window.start).toBe(start)
    expect(window.steps).toEqual(whole.steps.slice(start, start + LESSON_WINDOW))
    for (const step of window.steps) {
      if (step.refs.connection !== undefined) expect(window.connections[step.refs.connection]).toEqual(whole.connections[step.refs.connection])
      if (step.refs.dns !== undefined) expect(window.dns[step.refs.dns]).toEqual(whole.dns[step.refs.dns])
      if (step.refs.http !== undefined) expect(window.http[step.refs.http]).toEqual(whole.http[step.refs.http])
      if (step.refs.resolution !== undefined) expect(window.resolutions[step.refs.resolution]).toEqual(whole.resolutions[step.refs.resolution])
    }
    // The last window is short; past the end there is nothing.
    const last = Math.floor((whole.steps.length - 1) / LESSON_WINDOW) * LESSON_WINDOW
    expect((await analyzed.steps(last, LESSON_WINDOW)).steps.at(-1)).toEqual(whole.steps.at(-1))
    expect((await analyzed.steps(whole.steps.length, LESSON_WINDOW)).steps).toEqual([])
  })

  it('fetches entities by index with what they name (a connection brings its exchanges)', async () => {
    const connection = whole.connections.findIndex((c) => c.http.length > 1)
    expect(connection).toBeGreaterThanOrEqual(0)
    const got = await analyzed.entities({ connections: [connection] })
    expect(got.connections[connection]).toEqual(whole.connections[connection])
    for (const h of whole.connections[connection]!.http) expect(got.http[h]).toEqual(whole.http[h])
    // A transaction brings the first resolution with a hop on it (the worker's link is a column of
    // the resolution store), for transactions spread over the capture.
    for (const dns of [0, Math.floor(whole.dns.length / 2), whole.dns.length - 1]) {
      const resolution = whole.resolutions.findIndex((chain) => chain.hops.some((hop) => hop.dns === dns))
      expect(resolution).toBeGreaterThanOrEqual(0)
      const linked = await analyzed.entities({ dns: [dns] })
      expect(linked.dns[dns]).toEqual(whole.dns[dns])
      expect(Object.keys(linked.resolutions)).toEqual([String(resolution)])
      expect(linked.resolutions[resolution]).toEqual(whole.resolutions[resolution])
    }
  })

  it('finds steps by words and by a folded run, with the total', async () => {
    // A name the capture looked up (its steps name it), in another case than written.
    const word = whole.dns.find((tx) => tx.qname.length > 4)!.qname.replace(/\.$/, '').toUpperCase()
    const expected = whole.steps.filter((step) => `${step.title.en} ${step.detail.en} ${step.title.ko} ${step.detail.ko}`.toLowerCase().includes(word.toLowerCase()))
    expect(expected.length).toBeGreaterThan(10)
    const found = await analyzed.findSteps({ text: word, limit: 10 })
    expect(found.total).toBe(expected.length)
    expect(found.steps.map((step) => step.index)).toEqual(expected.slice(0, 10).map((step) => step.index))
    const run = analyzed.walkthrough.outline.concepts.flatMap((entry) => entry.rows.filter((row) => row.type === 'run').map((row) => ({ concept: entry.concept, row }))).at(-1)!
    expect(run).toBeDefined()
    if (run.row.type !== 'run') throw new Error('not a run')
    const members = await analyzed.findSteps({ concept: run.concept, kind: run.row.kind, from: run.row.first, to: run.row.last })
    expect(members.total).toBe(run.row.count)
    expect(members.steps.every((step) => step.kind === (run.row as { kind: string }).kind && step.concept === run.concept)).toBe(true)
  })

  it('folds the outline as the rule says, from the step store as from the steps themselves', () => {
    expect(outlineOf(kept.steps, wordsOf(kept))).toEqual(referenceOutline(whole.steps))
    expect(outlineOf(whole.steps)).toEqual(referenceOutline(whole.steps))
    // Sequences that reach the row limit with runs, with short runs, with a short run cut at the
    // limit, and runs after it (a fixed pseudo-random walk over three kinds and two concepts).
    const kinds: StepKind[] = ['dns-query', 'dns-answer', 'connect']
    const concepts: ConceptId[] = ['dns.query', 'socket.connect']
    let seed = 7
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed % n
    }
    let limited = 0
    for (let round = 0; round < 50; round++) {
      const steps: Step[] = []
      while (steps.length < 300) {
        const kind = kinds[random(3)]!
        const concept = concepts[random(2)]!
        for (let k = random(5) + 1; k > 0; k--) steps.push({ index: steps.length, t: steps.length, kind, concept, title: { en: `step ${steps.length}`, ko: `단계 ${steps.length}` }, detail: { en: '', ko: '' }, frames: [], refs: {} })
      }
      const outline = outlineOf(steps)
      expect(outline, `round ${round}`).toEqual(referenceOutline(steps))
      for (const concept of outline.concepts) if (concept.more > 0) limited++
    }
    expect(limited).toBeGreaterThan(20)
  })

  it('finds the steps of a concept and kind from the step store as from the steps', () => {
    for (const query of [{ concept: 'dns.query' as const }, { kind: 'connect' as const }, { concept: 'socket.send' as const, kind: 'send' as const, from: 1.5, to: 9000.5 }, { kind: 'close' as const, text: 'fin' }]) {
      expect(findSteps(kept.steps, query, wordsOf(kept))).toEqual(findSteps(whole.steps, query))
    }
  })

  it('finds the first step of every phase of every connection and of every hop of every resolution', () => {
    // What the finder must answer, from the steps in order (the first one wins).
    const phaseFirst = new Map<string, number>()
    const hopFirst = new Map<string, number>()
    for (const step of whole.steps) {
      const phase = STEP_PHASE[step.kind]
      if (phase !== null && step.refs.connection !== undefined && !phaseFirst.has(`${step.refs.connection}|${phase}`)) phaseFirst.set(`${step.refs.connection}|${phase}`, step.index)
      if (step.refs.resolution !== undefined && step.refs.hop !== undefined && !hopFirst.has(`${step.refs.resolution}|${step.refs.hop}`)) hopFirst.set(`${step.refs.resolution}|${step.refs.hop}`, step.index)
    }
    expect(phaseFirst.size).toBeGreaterThan(1000)
    expect(hopFirst.size).toBeGreaterThan(1000)
    const phases: PhaseName[] = ['socket', 'connect', 'transfer', 'close']
    // The plain steps (the renderer's) and the step store's columns (the worker's).
    for (const steps of [whole.steps, kept.steps]) {
      const finder = createStepFinder(steps, (frame) => whole.frames[frame - 1], whole.frames.length)
      for (let c = -1; c <= whole.connections.length; c++) {
        for (const phase of phases) expect(finder.find({ connection: c, phase }), `connection ${c} ${phase}`).toBe(phaseFirst.get(`${c}|${phase}`) ?? null)
      }
      whole.resolutions.forEach((chain, r) => {
        for (let h = -1; h <= chain.hops.length; h++) expect(finder.find({ resolution: r, hop: h }), `resolution ${r} hop ${h}`).toBe(hopFirst.get(`${r}|${h}`) ?? null)
      })
      // Targets no step has (from a click on something stale, or a bad message): none.
      expect(finder.find({ resolution: whole.resolutions.length, hop: 0 })).toBeNull()
      expect(finder.find({ resolution: 0.5, hop: 0 })).toBeNull()
      expect(finder.find({ resolution: 0, hop: 0.5 })).toBeNull()
      expect(finder.find({ connection: 0.5, phase: 'connect' })).toBeNull()
      expect(finder.find({ connection: 0, phase: 'toString' as PhaseName })).toBeNull()
    }
  })

  it('says which step a packet, a phase bar or a hop bar goes to, as the whole lesson would', async () => {
    const finder = createStepFinder(whole.steps, (frame) => whole.frames[frame - 1])
    // Frames past the overview's thousand, spread over the capture.
    for (const frame of [1500, 7777, 15_001, 29_999]) expect(await analyzed.stepFor({ frame })).toBe(finder.find({ frame }))
    const far = whole.connections.length - 1
    for (const phase of ['connect', 'close'] as const) expect(await analyzed.stepFor({ connection: far, phase })).toBe(finder.find({ connection: far, phase }))
    const hop = whole.resolutions.length - 1
    expect(await analyzed.stepFor({ resolution: hop, hop: 0 })).toBe(finder.find({ resolution: hop, hop: 0 }))
  })
})

/** The outline's rule, written plainly: each concept's steps in order; a run of FOLD_AT or more of
 * one kind is one row, a shorter run's steps a row each, OUTLINE_ROWS_PER_CONCEPT rows at most,
 * the rest counted in `more`. */
function referenceOutline(steps: readonly Step[]): StepOutline {
  const byConcept = new Map<ConceptId, Step[]>()
  for (const step of steps) byConcept.set(step.concept, [...(byConcept.get(step.concept) ?? []), step])
  return {
    concepts: [...byConcept].map(([concept, list]) => {
      const rows: StepOutline['concepts'][number]['rows'] = []
      let start = 0
      while (start < list.length && rows.length < OUTLINE_ROWS_PER_CONCEPT) {
        let end = start + 1
        while (end < list.length && list[end]!.kind === list[start]!.kind) end++
        if (end - start >= FOLD_AT) rows.push({ type: 'run', kind: list[start]!.kind, first: list[start]!.index, last: list[end - 1]!.index, count: end - start })
        else {
          end = Math.min(end, start + OUTLINE_ROWS_PER_CONCEPT - rows.length)
          for (const step of list.slice(start, end)) rows.push({ type: 'step', step: { index: step.index, kind: step.kind, concept: step.concept, t: step.t, title: step.title } })
        }
        start = end
      }
      return { concept, count: list.length, rows, more: list.length - start }
    }),
  }
}
