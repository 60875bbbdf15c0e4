// The engine's progress reports (the recorder's stages and lines, the analyzer's bytes and frames)
// as the API's Progress events.
import type { Progress } from '../shared/api.ts'
import type { AnalyzeProgressLike, RecordProgressLike } from './engine.ts'

const RECORD_STAGES: ReadonlySet<string> = new Set(['starting-lab', 'resolving', 'connecting', 'transferring', 'writing'])

export function recordProgress(p: RecordProgressLike): Progress {
  const stage = (p.stage !== undefined && RECORD_STAGES.has(p.stage) ? p.stage : 'transferring') as Progress['stage']
  const progress: Progress = { operation: 'record', stage }
  // The recorder's lines name hosts, URLs and methods ("GET http://…/gazou.jpg"): the same in both languages.
  if (p.message !== undefined) progress.message = { en: p.message, ko: p.message }
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
