// The whole walkthrough of a small capture from what the app gets when it opens one: the overview
// and the lesson's first window, which holds every step and entity of a page load. Fails loudly
// when the window does not hold them all (a capture too large for this helper).
import type { LessonWindow, WalkthroughOverview } from '../../src-main/shared/lesson.ts'
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
