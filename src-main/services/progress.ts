// Progress events are throttled: an analyzer can report thousands of times a second, and each
// report crosses IPC or an HTTP stream. Stage changes, 'done' and a preview walkthrough always go
// through.
import type { Progress } from '../shared/api.ts'

export const PROGRESS_INTERVAL_MS = 100

export function throttleProgress(send: (progress: Progress) => void, now: () => number = Date.now): (progress: Progress) => void {
  let lastAt = -Infinity
  let lastStage: Progress['stage'] | null = null
  let lastOperation: Progress['operation'] | null = null
  return (progress) => {
    const t = now()
    const changed = progress.stage !== lastStage || progress.operation !== lastOperation
    if (!changed && progress.stage !== 'done' && progress.preview === undefined && t - lastAt < PROGRESS_INTERVAL_MS) return
    lastAt = t
    lastStage = progress.stage
    lastOperation = progress.operation
    send(progress)
  }
}
