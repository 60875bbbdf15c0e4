// The whole walkthrough of a small capture from what the app gets when it opens one: the overview
// and the lesson's first window, which holds every step and entity of a page load. Fails loudly
// when the window does not hold them all (a capture too large for this helper). And the whole
// walkthrough runAnalysis built, with its steps' words written in (withAllWords).
import { withWords, wordsOf, type LessonArrays, type LessonWalkthrough, type LessonWindow, type WalkthroughOverview } from '../../src-main/shared/lesson.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'

function whole<T>(byIndex: Record<number, T>, count: number, what: string): T[] {
  const list: T[] = []
  for (let i = 0; i < count; i++) {
    const item = byIndex[i]
    if (item === undefined) throw new Error(`the lesson's first window lacks ${what} ${i} of ${count}`)
    list.push(item)
  }
  return list
}

export function wholeLesson(opened: { walkthrough: WalkthroughOverview; lesson: LessonWindow }): Omit<Walkthrough, 'httpUnmatchedResponses'> {
  const { counts, outline: _outline, ...overview } = opened.walkthrough
  const { lesson } = opened
  if (lesson.start !== 0 || lesson.steps.length !== counts.steps) throw new Error(`the lesson's first window holds steps ${lesson.start}–${lesson.start + lesson.steps.length - 1} of ${counts.steps}`)
  return {
    ...overview,
    steps: lesson.steps,
    dns: whole(lesson.dns, counts.dns, 'DNS transaction'),
    resolutions: whole(lesson.resolutions, counts.resolutions, 'resolution'),
    connections: whole(lesson.connections, counts.connections, 'connection'),
    http: whole(lesson.http, counts.http, 'HTTP exchange'),
    tls: whole(lesson.tls, counts.tls, 'TLS session'),
  }
}

const ENTITY_KEYS: ReadonlySet<string> = new Set(['dns', 'resolutions', 'connections', 'http', 'tls'] satisfies (keyof LessonArrays)[])

/** The walkthrough runAnalysis built, with every step's words written in (as inspect --json and the
 * lesson's windows give them): the analyzer writes a step's words only when asked. */
export function withAllWords(w: LessonWalkthrough): Walkthrough {
  const words = wordsOf(w)
  // The fields in the walkthrough's order (inspect --json's), steps with their words.
  const whole: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(w)) {
    if (key === 'words') continue
    // The entity collections may be stores that make each entity when read (analyzer/entity-rows.ts).
    whole[key] = key === 'steps' ? Array.from(w.steps, (step) => withWords(step, words(step))) : ENTITY_KEYS.has(key) ? Array.from(value as Iterable<unknown>) : value
  }
  return whole as unknown as Walkthrough
}
