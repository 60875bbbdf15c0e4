// One analysis, in whatever thread calls it: read the capture (and its journal), run the
// streaming pass, build the walkthrough, and keep what detail(frame) needs. The worker thread
// (worker.ts) runs this; tests and the benchmark may call it directly.
import { access, stat } from 'node:fs/promises'
import { readCapture, type ReadResult } from '../capture/index.ts'
import { JOURNAL_SUFFIX, type JournalRecord } from '../shared/journal.ts'
import { LESSON_WINDOW, lessonWindow, overviewOf, type LessonPreview, type LessonWalkthrough } from '../shared/lesson.ts'
import type { FrameSummary } from '../shared/walkthrough.ts'
import { StreamingPass } from './pass.ts'
import { CountingThread } from './count-thread.ts'
import { FrameViews } from './views.ts'
import { LessonServer } from './lesson.ts'
import { buildWalkthrough } from './build.ts'
import { DetailReader } from './detail.ts'
import { collectGarbageSince, heapUsed } from './heap.ts'
import { AnalyzerError } from './errors.ts'
import { MAX_JOURNAL_BYTES, parseJournal, readJournal, type Journal } from './journal.ts'

/** Frames whose summaries go inline in walkthrough.frames by default; the rest are paged. */
export const DEFAULT_FRAME_LIST_LIMIT = 20000
/** Frames listed in the preview walkthrough sent while a large capture is read. */
const PREVIEW_FRAMES = 1000

export interface AnalyzeProgress {
  bytesRead: number
  totalBytes: number
  frames: number
  /** Once, early: the lesson of the first part of the file (its overview and first window of
   * steps), so the UI can show it before the end. */
  preview?: LessonPreview
}

export interface RunOptions {
  journalPath?: string
  onProgress?: (p: AnalyzeProgress) => void
  signal?: AbortSignal
  /** Frames whose summaries go inline in walkthrough.frames (default 20000); the rest via frames(). */
  frameListLimit?: number
  /** Frames after which a preview walkthrough is sent with a progress event (0: never); it is
   * sent sooner, with the frames read so far, when PREVIEW_AFTER_MS have passed. */
  previewAfterFrames?: number
}

/** The first screen comes this long after the start at the latest (issue 11: ≤ 1 s, whatever the
 * size): a cold worker reads its first 5000 frames in 0.3–1.4 s here, so frames alone are no bound. */
export const PREVIEW_AFTER_MS = 400

export interface RunResult {
  /** The whole walkthrough (it stays in the thread that ran the analysis; see lesson), its steps'
   * words written on demand (LessonWalkthrough). */
  walkthrough: LessonWalkthrough
  /** Its overview, windows of steps and entities, for the app's window (shared/lesson.ts). */
  lesson: LessonServer
  reader: DetailReader
  /** Filtered and sorted views of the packet list, over the frame index. */
  views: FrameViews
  /** The journal text found inside the pcapng (null when it came from a file beside it, or there
   * is none): Save As writes it into or beside the copy. */
  embeddedJournal: string | null
  /** The question set handed out with the capture (its journal's questions record), or null. */
  handedOutQuestions: Extract<JournalRecord, { type: 'questions' }> | null
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
  const heapBefore = heapUsed()
  // Compressed bodies are counted on a thread of their own (count-thread.ts), ended once every
  // body's size is in.
  const counter = new CountingThread()
  const analysis = new StreamingPass(journal, null, counter)
  // TLS key log text as the pass got it, so a body can be decrypted again on demand.
  const secrets: string[] = journal?.keyLogLines.length ? [journal.keyLogLines.join('\n')] : []
  const reader = new DetailReader({ path, pass: analysis, notes: new Map([...(journal?.frameNotes ?? new Map<number, { note: string }>())].map(([k, v]) => [k, v.note])), secrets })
  // The progress bar's whole is the file's size, known before the first read: the reader's first
  // progress event counts only its first chunk (taking that as the total showed 100 % and "analysing"
  // while most of a large file was still unread). A file that cannot be read fails in readCapture.
  let total = await stat(path).then((s) => s.size, () => 0)
  // The frame table sizes its columns from it (frame-table.ts grow()).
  analysis.table.fileBytes = total
  let bytesSoFar = 0
  let lastReport = 0
  const started = performance.now()
  const previewAt = options.previewAfterFrames ?? 5000
  let previewSent = false
  // The journal carried inside a pcapng (its Custom Blocks, at the end of a Wiretrail recording).
  const inside = new EmbeddedJournal()
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
        onJournal: (part, parts, bytes) => inside.add(part, parts, bytes),
        onSecrets: (_kind, text) => {
          analysis.secrets(text)
          secrets.push(text)
        },
        // Between reads: wait for zlib when compressed bodies hold too much, and once the first
        // frames are in, send the preview (its packet list is read back from the file), the
        // bodies sent to the counting thread counted first.
        beforeRead: () => {
          const backlog = analysis.http.backlog()
          const due = analysis.table.length >= previewAt || (analysis.table.length > 0 && performance.now() - started >= PREVIEW_AFTER_MS)
          if (previewSent || previewAt <= 0 || !due || !options.onProgress) return backlog
          return (backlog ?? Promise.resolve()).then(() => analysis.http.counted()).then(preview)
        },
        onProgress: (bytesRead, frames) => {
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
  } finally {
    counter.close()
  }
  // The journal file beside the capture wins (it is what was named, or what a crash left); else
  // the one inside it.
  let embedded: string | null = null
  if (journal === null && inside.present) {
    const text = inside.text()
    if (typeof text === 'string') {
      embedded = text
      journal = parseJournal(text, `${path} (journal inside the pcapng)`)
      reader.setNotes(new Map([...journal.frameNotes].map(([k, v]) => [k, v.note])))
    } else result.problems.push(text)
  }
  // What the pass no longer needs goes before the build adds to the heap (heap.ts says why).
  collectGarbageSince(heapBefore)
  const heapBeforeBuild = heapUsed()
  const inline = await reader.frames(1, Math.min(analysis.table.length, options.frameListLimit ?? DEFAULT_FRAME_LIST_LIMIT))
  const walkthrough = buildWalkthrough(analysis, result, journal, path, inline)
  // And what the build made on the way (its lookups and lists).
  collectGarbageSince(heapBeforeBuild)
  options.onProgress?.({ bytesRead: total, totalBytes: total, frames: analysis.table.length })
  return { walkthrough, lesson: new LessonServer(walkthrough, analysis.table), reader, views: new FrameViews(analysis.table, reader), embeddedJournal: embedded, handedOutQuestions: journal?.questions ?? null }
}

/** Parts of the journal from a pcapng's Custom Blocks, joined once all are in. */
class EmbeddedJournal {
  private parts = new Map<number, Uint8Array>()
  private expected = 0
  private bytes = 0

  get present(): boolean {
    return this.expected > 0
  }

  add(part: number, parts: number, bytes: Uint8Array): void {
    // Bounded as a journal file is: past MAX_JOURNAL_BYTES the rest is not kept.
    if (this.bytes + bytes.length > MAX_JOURNAL_BYTES) return
    this.expected = Math.max(this.expected, parts)
    if (!this.parts.has(part)) {
      this.parts.set(part, bytes)
      this.bytes += bytes.length
    }
  }

  /** The journal's text, or the problem that stops it being read. */
  text(): string | { code: string; message: string; offset: number } {
    // A block may claim up to 999999 parts: the loop runs over the parts held, and the message
    // names the first few missing.
    const missingCount = this.expected - this.parts.size
    if (missingCount > 0) {
      const missing: number[] = []
      for (let i = 1; i <= this.expected && missing.length < 5; i++) if (!this.parts.has(i)) missing.push(i)
      return { code: 'JOURNAL_INCOMPLETE', message: `the journal inside this pcapng is missing part(s) ${missing.join(', ')}${missingCount > missing.length ? ` and ${missingCount - missing.length} more` : ''} of ${this.expected}; the walkthrough is built from the packets alone`, offset: 0 }
    }
    const all = new Uint8Array(this.bytes)
    let at = 0
    for (let i = 1; i <= this.expected; i++) {
      all.set(this.parts.get(i)!, at)
      at += this.parts.get(i)!.length
    }
    return new TextDecoder().decode(all)
  }
}

/** The lesson of what has been read so far (state is not consumed: the pass continues). */
function previewWalkthrough(a: StreamingPass, path: string, total: number, frames: FrameSummary[]): LessonPreview {
  const info = { format: 'pcap' as const, byteOrder: 'little-endian' as const, timestampResolution: 'usec' as const, linkTypes: [], snapLength: 0, sizeBytes: total, comments: [], names: new Map<string, string[]>() }
  const w = buildWalkthrough(a, { info, frames: a.table.length, problems: [] }, null, path, frames)
  return { walkthrough: overviewOf(w), lesson: lessonWindow(w, 0, LESSON_WINDOW) }
}
