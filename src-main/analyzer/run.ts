// One analysis, in whatever thread calls it: read the capture (and its journal), run the
// streaming pass, build the walkthrough, and keep what detail(frame) needs. The worker thread
// (worker.ts) runs this; tests and the benchmark may call it directly.
import { access } from 'node:fs/promises'
import { readCapture } from '../capture/index.ts'
import { JOURNAL_SUFFIX } from '../shared/journal.ts'
import type { Walkthrough } from '../shared/walkthrough.ts'
import { DEFAULT_FRAME_LIST_LIMIT, StreamingPass } from './pass.ts'
import { buildWalkthrough } from './build.ts'
import { DetailReader } from './detail.ts'
import { AnalyzerError } from './errors.ts'
import { readJournal, type Journal } from './journal.ts'

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
  const analysis = new StreamingPass(journal, options.frameListLimit ?? DEFAULT_FRAME_LIST_LIMIT)
  let total = 0
  let lastReport = 0
  const previewAt = options.previewAfterFrames ?? 5000
  let previewSent = false
  const result = await readCapture(
    path,
    {
      onFrame: (f) => {
        analysis.onFrame(f)
        if (!previewSent && previewAt > 0 && analysis.table.length === previewAt && options.onProgress) {
          previewSent = true
          options.onProgress({ bytesRead: f.dataOffset, totalBytes: total, frames: analysis.table.length, preview: previewWalkthrough(analysis, path, total) })
        }
      },
      onSecrets: (_kind, text) => analysis.secrets(text),
      beforeRead: () => analysis.http.backlog(),
      onProgress: (bytesRead, frames) => {
        if (!total) total = bytesRead
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
  const walkthrough = buildWalkthrough(analysis, result, journal, path)
  options.onProgress?.({ bytesRead: total, totalBytes: total, frames: analysis.table.length })
  const reader = new DetailReader({
    path,
    table: analysis.table,
    connApp: analysis.tcp.connections.map((c) => c.app),
    connTls13: analysis.tcp.connections.map((c) => analysis.tls.sessionOf(c.index)?.version === 'TLS 1.3'),
    frameInfo: analysis.appInfo,
    comments: analysis.comments,
    notes: new Map([...(journal?.frameNotes ?? new Map<number, { note: string }>())].map(([k, v]) => [k, v.note])),
    firstEpoch: walkthrough.source.firstFrameEpoch,
  })
  return { walkthrough, reader }
}

/** A walkthrough of what has been read so far (state is not consumed: the pass continues). */
function previewWalkthrough(a: StreamingPass, path: string, total: number): Walkthrough {
  const info = { format: 'pcap' as const, byteOrder: 'little-endian' as const, timestampResolution: 'usec' as const, linkTypes: [], snapLength: 0, sizeBytes: total, comments: [], names: new Map<string, string[]>() }
  const w = buildWalkthrough(a, { info, frames: a.table.length, problems: [] }, null, path)
  return { ...w, frames: w.frames.slice(0, 1000) }
}
