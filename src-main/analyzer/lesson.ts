// The lesson served from the analyzer's worker (shared/lesson.ts says what and why): the whole
// walkthrough stays here, beside the frame index; the app's window gets its overview and asks for
// windows of steps, entities, outline runs, search results and the step a click goes to.
import { createStepFinder, entitiesOf, findSteps, lessonIndex, lessonWindow, overviewOf, withWords, wordsOf, type EntityRefs, type LessonEntities, type LessonIndex, type EntityList, type LessonWalkthrough, type LessonWindow, type StepFinder, type StepList, type StepQuery, type StepTarget, type WalkthroughOverview } from '../shared/lesson.ts'
import type { Step } from '../shared/walkthrough.ts'
import type { FrameTable } from './frame-table.ts'
import { ResolutionStore } from './resolution-store.ts'

/** The arrays inspect --json pages through (same names as the walkthrough's). */
export type WalkthroughArray = 'dns' | 'resolutions' | 'connections' | 'http' | 'tls' | 'steps' | 'httpUnmatchedResponses'

/** Items of one array per call at most. */
export const ITEMS_PAGE_LIMIT = 5000

export class LessonServer {
  private index: LessonIndex | null = null
  private finder: StepFinder | null = null

  constructor(
    readonly walkthrough: LessonWalkthrough,
    private readonly table: FrameTable,
  ) {}

  overview(inlineFrames?: number): WalkthroughOverview {
    return overviewOf(this.walkthrough, inlineFrames)
  }

  window(start: number, count: number): LessonWindow {
    return lessonWindow(this.walkthrough, start, count, this.links())
  }

  entities(refs: EntityRefs): LessonEntities {
    return entitiesOf(this.walkthrough, refs, this.links())
  }

  findSteps(query: StepQuery): StepList {
    return findSteps(this.walkthrough.steps, query, wordsOf(this.walkthrough))
  }

  stepFor(target: StepTarget): number | null {
    return this.stepFinder().find(target)
  }

  /** Builds what clicks and windows need ahead of the first click (the worker calls it once the
   * capture is open, so the first click does not wait for the frame → step map and the links:
   * ≈ 0.1 s on a million frames). */
  prepare(): void {
    this.stepFinder()
    this.links()
  }

  private stepFinder(): StepFinder {
    // Which connection or DNS transaction a frame belongs to comes from the frame index, so a
    // packet past the inline frames is found as well as the first one.
    this.finder ??= createStepFinder(this.walkthrough.steps, (frame) => {
      const i = frame - 1
      if (i < 0 || i >= this.table.length) return undefined
      const connection = this.table.connection[i]!
      const dns = this.table.dns[i]!
      return { ...(connection >= 0 ? { connection } : {}), ...(dns >= 0 ? { dns } : {}) }
    }, this.table.length)
    return this.finder
  }

  /** Items `start`…`start + count − 1` of one of the walkthrough's arrays (inspect --json): steps
   * with their words, written for this page. */
  items(array: WalkthroughArray, start: number, count: number): unknown[] {
    const from = Math.max(0, start)
    const to = from + Math.max(0, Math.min(count, ITEMS_PAGE_LIMIT))
    if (array === 'steps') {
      const { steps } = this.walkthrough
      const words = wordsOf(this.walkthrough)
      const page: Step[] = []
      for (let i = from; i < Math.min(to, steps.length); i++) {
        const step = steps.at(i)!
        page.push(withWords(step, words(step)))
      }
      return page
    }
    const list: EntityList<unknown> = array === 'httpUnmatchedResponses' ? (this.walkthrough.httpUnmatchedResponses ?? []) : this.walkthrough[array]
    const out: unknown[] = []
    for (let i = from; i < Math.min(to, list.length); i++) out.push(list.at(i))
    return out
  }

  private links(): LessonIndex {
    const w = this.walkthrough
    // The chains' store gives the transaction → resolution link from its columns (no chain made).
    this.index ??= lessonIndex(w, w.resolutions instanceof ResolutionStore ? w.resolutions.resolutionOfDns(w.dns.length) : undefined)
    return this.index
  }
}
