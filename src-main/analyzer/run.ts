// One analysis, in whatever thread calls it: read the capture (and its journal), run the
// streaming pass, build the walkthrough, and keep what detail(frame) needs. The worker thread
// (worker.ts) runs this; tests and the benchmark may call it directly.
import { access } from 'node:fs/promises'
import { readCapture, type ReadResult } from '../capture/index.ts'
import { JOURNAL_SUFFIX } from '../shared/journal.ts'
import type { FrameSummary, Walkthrough } from '../shared/walkthrough.ts'
import { StreamingPass } from './pass.ts'
import { FrameViews } from './views.ts'
import { buildWalkthrough } from './build.ts'
import { DetailReader } from './detail.ts'
import { AnalyzerError } from './errors.ts'
import { readJournal, type Journal } from './journal.ts'

/** Frames whose summaries go inline in walkthrough.frames by default; the rest are paged. */
export const DEFAULT_FRAME_LIST_LIMIT = 20000
/** Frames listed in the preview walkthrough sent while a large capture is read. */
const PREVIEW_FRAMES = 1000

export interface AnalyzeProgress {
  bytesRead: number
  totalBytes: number
  frames: number
  /** Once, early: a walkthrough of the first part of the file, so the UI can show it before the end. */
  preview?: Walkthrough
}

export interface RunOptions {
  journalPath?: string
  onProgress?: (p: AnalyzeProgress) => void
  signal?: AbortSignal
  /** Frames whose summaries go inline in walkthrough.frames (default 20000); the rest via frames(). */
  frameListLimit?: number
  /** Frames after which a preview walkthrough is sent with a progress event (0: never). */
  previewAfterFrames?: number
}

export interface RunResult {
  walkthrough: Walkthrough
  reader: DetailReader
  /** Filtered and sorted views of the packet list, over the frame index. */
  views: FrameViews
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p)
    return true
  } catch {
    return false
  }
}

export async function runAnalysis(path: string, options: RunOptions = {}): Promise<RunResult> {
  let journal: Journal | null = null
  const journalPath = options.journalPath ?? path + JOURNAL_SUFFIX
  if (options.journalPath !== undefined || (await exists(journalPath))) {
    try {
      journal = await readJournal(journalPath)
    } catch (e) {
      if (options.journalPath !== undefined) throw new AnalyzerError('JOURNAL_UNREADABLE', `cannot read the journal ${journalPath}: ${(e as Error).message}`)
    }
  }
  const analysis = new StreamingPass(journal)
  // TLS key log text as the pass got it, so a body can be decrypted again on demand.
  const secrets: string[] = journal?.keyLogLines.length ? [journal.keyLogLines.join('\n')] : []
  const reader = new DetailReader({ path, pass: analysis, notes: new Map([...(journal?.frameNotes ?? new Map<number, { note: string }>())].map(([k, v]) => [k, v.note])), secrets })
  let total = 0
  let bytesSoFar = 0
  let lastReport = 0
  const previewAt = options.previewAfterFrames ?? 5000
  let previewSent = false
  const preview = async (): Promise<void> => {
    previewSent = true
    const frames = await reader.frames(1, PREVIEW_FRAMES)
    options.onProgress?.({ bytesRead: bytesSoFar, totalBytes: total, frames: analysis.table.length, preview: previewWalkthrough(analysis, path, total, frames) })
  }
  let result: ReadResult
  try {
    result = await readCapture(
      path,
      {
        onFrame: (f) => analysis.onFrame(f),
        onSecrets: (_kind, text) => {
          analysis.secrets(text)
          secrets.push(text)
        },
        // Between reads: wait for zlib when compressed bodies hold too much, and once the first
        // frames are in, send the preview (its packet list is read back from the file).
        beforeRead: () => {
          const backlog = analysis.http.backlog()
          if (previewSent || previewAt <= 0 || analysis.table.length < previewAt || !options.onProgress) return backlog
          return backlog ? backlog.then(preview) : preview()
        },
        onProgress: (bytesRead, frames) => {
          if (!total) total = bytesRead
          bytesSoFar = bytesRead
          const now = Date.now()
          if (options.onProgress && (now - lastReport > 100 || frames === 0)) {
            lastReport = now
            options.onProgress({ bytesRead, totalBytes: Math.max(total, bytesRead), frames: analysis.table.length })
          }
        },
      },
      options.signal ? { signal: options.signal } : {},
    )
    total = result.info.sizeBytes
    analysis.flush()
    await analysis.settled()
  } catch (error) {
    await reader.close()
    throw error
  }
  const inline = await reader.frames(1, Math.min(analysis.table.length, options.frameListLimit ?? DEFAULT_FRAME_LIST_LIMIT))
  const walkthrough = buildWalkthrough(analysis, result, journal, path, inline)
  options.onProgress?.({ bytesRead: total, totalBytes: total, frames: analysis.table.length })
  return { walkthrough, reader, views: new FrameViews(analysis.table, reader) }
}

/** A walkthrough of what has been read so far (state is not consumed: the pass continues). */
function previewWalkthrough(a: StreamingPass, path: string, total: number, frames: FrameSummary[]): Walkthrough {
  const info = { format: 'pcap' as const, byteOrder: 'little-endian' as const, timestampResolution: 'usec' as const, linkTypes: [], snapLength: 0, sizeBytes: total, comments: [], names: new Map<string, string[]>() }
  return buildWalkthrough(a, { info, frames: a.table.length, problems: [] }, null, path, frames)
}
