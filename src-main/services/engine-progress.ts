// The engine's progress reports (the recorder's stages and lines, the analyzer's bytes and frames)
// as the API's Progress events.
import type { Progress } from '../shared/api.ts'
import type { AnalyzeProgressLike, RecordProgressLike } from './engine.ts'

const RECORD_STAGES: ReadonlySet<string> = new Set(['starting-lab', 'resolving', 'connecting', 'transferring', 'writing'])

export function recordProgress(p: RecordProgressLike): Progress {
  const stage = (p.stage !== undefined && RECORD_STAGES.has(p.stage) ? p.stage : 'transferring') as Progress['stage']
  const progress: Progress = { operation: 'record', stage }
  // The recorder's lines are English ("resolving www.lab.cyber.co.kr", "connecting to
  // 127.53.4.80:8080"). The progress bar says the stage in the UI's words before the line, so the
  // Korean line is what it is about alone (the host, the address, the URL), the same in both
  // languages; a line about nothing in particular ("starting the embedded lab network") has no
  // Korean line beyond the stage's own words.
  if (p.message !== undefined) progress.message = { en: p.message, ko: p.subject ?? '' }
  if (p.frames !== undefined) progress.frames = p.frames
  return progress
}

export function openProgress(p: AnalyzeProgressLike, size: number): Progress {
  const totalBytes = p.totalBytes ?? size
  const done = p.bytesRead !== undefined && p.bytesRead >= totalBytes
  const progress: Progress = { operation: 'open', stage: done ? 'analyzing' : 'reading', totalBytes }
  if (p.bytesRead !== undefined) progress.bytesRead = p.bytesRead
  if (p.frames !== undefined) progress.frames = p.frames
  if (p.preview !== undefined) progress.preview = p.preview
  return progress
}
