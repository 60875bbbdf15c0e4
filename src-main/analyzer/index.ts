// The analyzer's entry point (what the desktop app, the CLI and the recorder call):
//
//   analyzeCapture(path, { journalPath?, onProgress?, signal?, heapLimitMb? }): Promise<AnalyzedCapture>
//   formatWalkthroughText(walkthrough, lang): string
//   walkthroughHandout(analyzed, lang): Promise<string> (the self-contained HTML handout)
//
// The analysis runs in a worker thread, so the caller's thread (Electron's main process) stays
// responsive; the worker stays alive afterwards, holding the walkthrough and the frame index, and
// serves detail(frame), the packet list's rows and views, and the lesson (windows of steps with
// their entities, step search, the step a click goes to, the walkthrough's arrays page by page,
// its text) until close(). Only the overview and the first window of steps cross at the start.
// The worker's JavaScript heap has a limit of its own (heapLimitMb, analyzerHeapLimitMb() by
// default): a capture that needs more ends the worker, not the caller, and the open rejects with
// ANALYZER_OUT_OF_MEMORY (worker-memory.ts).
//
// Where the worker comes from (first that exists):
//   1. options.workerPath or $WIRETRAIL_ANALYZER_WORKER (an absolute path to a built worker);
//   2. the bundled worker `analyzer-worker.js` next to this module's bundle (or one folder up,
//      when the bundler put this module in a chunk folder): electron.config.ts builds it as the
//      main process's second entry, `analyzer-worker: src-main/analyzer/worker.ts`;
//   3. the source `worker.ts` beside this file, started through tsx's loader (the CLI, tests).
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { basename, dirname, join } from 'node:path'
import type { Worker } from 'node:worker_threads'
import { WiretrailError, type WiretrailErrorJson } from '../shared/errors.ts'
import type { EntityRefs, LessonEntities, LessonWindow, StepList, StepQuery, StepTarget, WalkthroughOverview } from '../shared/lesson.ts'
import type { Conversation, ConversationKind, FindRequest, FollowedStream, FoundFrame, FrameQuery, FrameSummary, FrameView, HttpBody, PacketDetail, ProtocolNode } from '../shared/walkthrough.ts'
import { AnalyzerError } from './errors.ts'
import type { WalkthroughArray } from './lesson.ts'
import type { AnalyzeProgress } from './run.ts'
import type { QuestionAnswer, QuestionKind, QuestionSet, Verdict } from '../shared/questions.ts'
import type { FilterProgress } from './views.ts'
import type { WorkerRequest } from './worker.ts'
import { analyzerHeapLimitMb, checkHeapLimit, outOfMemoryError } from './worker-memory.ts'
import { findWorkerEntry, startWorkerThread } from './worker-start.ts'

export { formatWalkthroughText } from './text.ts'
export { formatWalkthroughHtml, walkthroughHandout } from './handout.ts'
export type { AnalyzeProgress } from './run.ts'
export type { FilterProgress } from './views.ts'
export type { WalkthroughArray } from './lesson.ts'
export { analyzerHeapLimitMb, HEAP_LIMIT_ENV } from './worker-memory.ts'

export interface AnalyzeOptions {
  /** Default: `path + '.wiretrail.jsonl'` when that file exists. */
  journalPath?: string
  onProgress?: (p: AnalyzeProgress) => void
  signal?: AbortSignal
  /** Frames summarised inline in the overview's frames (default 1000); page the rest with frames(). */
  frameListLimit?: number
  /** Send one preview walkthrough with the progress after this many frames (default 5000; 0 = none). */
  previewAfterFrames?: number
  workerPath?: string
  /** The worker's JavaScript heap limit in MiB (its old generation): a capture that needs more
   * fails with ANALYZER_OUT_OF_MEMORY. Default: analyzerHeapLimitMb(), from this machine's memory
   * (worker-memory.ts). V8's --max-old-space-size, being process-wide, overrides it. */
  heapLimitMb?: number
}

export interface AnalyzedCapture {
  /** The walkthrough without its per-conversation arrays (shared/lesson.ts); the rest is asked for. */
  walkthrough: WalkthroughOverview
  /** The lesson's first window of steps with their entities (the whole lesson of a page load). */
  lesson: LessonWindow
  /** The recording's journal as found inside the pcapng (its Custom Blocks), or null when it came
   * from the file beside the capture or there is none: Save As carries it on. */
  embeddedJournal: string | null
  /** One frame's field tree (1-based frame number), re-read from the file. */
  detail(frame: number): Promise<PacketDetail>
  /** Summaries of frames start…start+count−1, for paging past the inline list. */
  frames(start: number, count: number): Promise<FrameSummary[]>
  /** One HTTP exchange's request or response body: reassembled, de-chunked and decompressed, with
   * the bytes as sent beside it (up to 1 MiB of each), read again from the file on demand. */
  httpBody(exchange: number, part: 'request' | 'response'): Promise<HttpBody>
  /** A view of the packet list (filter, sort) made over the frame index in the worker. With a
   * display filter (query.filter) it reports progress while frames are dissected, and rejects with
   * CANCELLED when cancelView() is called or a newer filtered view starts. */
  view(query: FrameQuery, options?: { onProgress?: (p: FilterProgress) => void }): Promise<FrameView>
  /** Stops the display filter being run, if any. */
  cancelView(): Promise<void>
  /** Rows start…start+count−1 (0-based positions) of a view. */
  rows(view: number, start: number, count: number): Promise<FrameSummary[]>
  /** Where a frame (1-based) is in a view (0-based), or null. */
  position(view: number, frame: number): Promise<number | null>
  /** Find: the next frame of a view that a display filter keeps (progress and cancellation as view's). */
  find(request: FindRequest, options?: { onProgress?: (p: FilterProgress) => void }): Promise<FoundFrame | null>
  /** Follow TCP stream: the bytes each side of connection (tcp.stream) `connection` sent. */
  follow(connection: number): Promise<FollowedStream>
  /** Statistics → Conversations of one kind. */
  conversations(kind: ConversationKind): Promise<Conversation[]>
  /** Statistics → Protocol Hierarchy. */
  protocolHierarchy(): Promise<ProtocolNode[]>
  /** Steps start…start+count−1 with the entities they name. */
  steps(start: number, count: number): Promise<LessonWindow>
  /** Entities by index, with what they name. */
  entities(refs: EntityRefs): Promise<LessonEntities>
  /** Steps by words, concept, kind and index range (a folded outline run, a search). */
  findSteps(query: StepQuery): Promise<StepList>
  /** The step a clicked packet, phase bar or hop bar goes to. */
  stepFor(target: StepTarget): Promise<number | null>
  /** Items start…start+count−1 (at most 5000) of one of the walkthrough's arrays. */
  items(array: WalkthroughArray, start: number, count: number): Promise<unknown[]>
  /** The walkthrough as text (formatWalkthroughText), made in the worker. */
  text(lang?: 'en' | 'ko'): Promise<string>
  /** The walkthrough as the self-contained HTML handout (walkthroughHandout), made in the worker. */
  html(lang: 'en' | 'ko'): Promise<string>
  /** The questions this capture answers (analyzer/questions.ts), each with its expected answer and
   * the fields that prove it, and the capture's identity (its scores' key). */
  questions(): Promise<QuestionSet>
  /** Checks an answer to one of them against the capture's bytes. */
  checkAnswer(question: QuestionKind, answer: QuestionAnswer): Promise<Verdict>
  close(): Promise<void>
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

function fromJson(e: WiretrailErrorJson): WiretrailError {
  return new WiretrailError(e.code, e.message, e.details)
}

/** Finds the worker and how to start it (see the header comment). `here`: the folder this module
 * runs from (its bundle's folder once built); a parameter so the lookup can be tested. */
export function locateWorker(explicit?: string, here = dirname(fileURLToPath(import.meta.url))): { url: URL; viaTsx: boolean } {
  const given = explicit ?? process.env.WIRETRAIL_ANALYZER_WORKER
  if (given) {
    if (!existsSync(given)) throw new AnalyzerError('ANALYZER_WORKER_NOT_FOUND', `the analyzer worker ${given} (from ${explicit ? 'workerPath' : 'WIRETRAIL_ANALYZER_WORKER'}) does not exist`)
    return { url: pathToFileURL(given), viaTsx: given.endsWith('.ts') }
  }
  const found = findWorkerEntry([join(here, 'analyzer-worker.js'), join(here, 'analyzer-worker.mjs'), join(here, '..', 'analyzer-worker.js'), join(here, '..', 'analyzer-worker.mjs')], join(here, 'worker.ts'))
  if (found) return found
  throw new AnalyzerError('ANALYZER_WORKER_NOT_FOUND', `the analyzer worker was not found next to ${here} (analyzer-worker.js) nor as source (worker.ts); set WIRETRAIL_ANALYZER_WORKER`)
}

/** Starts the worker with a heap limit of its own (`heapLimitMb`, its old generation): reaching it
 * ends the worker (Node's ERR_WORKER_OUT_OF_MEMORY), never the caller's process; under Electron the
 * limit keeps the worker inside V8's 4 GiB cage with room to spare for the main process's heap
 * (worker-memory.ts says how it is chosen). The young generation stays V8's own, chosen by
 * measurement: on the benchmark's 1 M-packet capture (503 MB) in the bundled worker, a young
 * generation of 96 or 192 MB instead of V8's 48 MB cut the scavenges from ≈ 228 to ≈ 130 or ≈ 85
 * but the CPU time by only 0–5 % (the spread between identical runs), for 40–100 MB more peak RSS
 * (+35 MB on 100 000 packets). docs/walkthrough-schema.md, Performance. */
function startWorker(data: unknown, heapLimitMb: number, explicit?: string): Worker {
  const { url, viaTsx } = locateWorker(explicit)
  return startWorkerThread(url, viaTsx, { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } })
}

export function analyzeCapture(path: string, options: AnalyzeOptions = {}): Promise<AnalyzedCapture> {
  return new Promise<AnalyzedCapture>((resolve, reject) => {
    const data: Record<string, unknown> = { path }
    if (options.journalPath !== undefined) data.journalPath = options.journalPath
    if (options.frameListLimit !== undefined) data.frameListLimit = options.frameListLimit
    if (options.previewAfterFrames !== undefined) data.previewAfterFrames = options.previewAfterFrames
    let worker: Worker
    const heapLimitMb = options.heapLimitMb ?? analyzerHeapLimitMb()
    try {
      checkHeapLimit(heapLimitMb)
      worker = startWorker(data, heapLimitMb, options.workerPath)
    } catch (e) {
      reject(e)
      return
    }
    let settled = false
    let closed = false
    /** close() was called: the worker's exit that follows is no failure. */
    let closing = false
    /** Why the worker is gone (later calls reject with it). */
    let dead: Error | null = null
    let failure: Promise<Error> | null = null
    /** The heap limit the worker runs with (its first message): V8's --max-old-space-size overrides
     * the one asked for. */
    let heapLimitSeen = heapLimitMb
    let lastProgress: AnalyzeProgress | null = null
    /** The capture's frames, once the analysis ended. */
    let packets: number | undefined
    let nextId = 1
    const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: FilterProgress) => void }>()
    const onAbort = () => worker.postMessage({ id: 0, op: 'abort' })
    options.signal?.addEventListener('abort', onAbort)
    if (options.signal?.aborted) onAbort()
    const call = <T>(msg: DistributiveOmit<WorkerRequest, 'id'>, onProgress?: (p: FilterProgress) => void): Promise<T> => {
      if (dead !== null) return Promise.reject(dead)
      if (closed) return Promise.reject(new AnalyzerError('ANALYZER_CLOSED', 'this capture was closed'))
      const id = nextId++
      return new Promise<T>((res, rej) => {
        calls.set(id, { resolve: res as (v: unknown) => void, reject: rej, ...(onProgress ? { onProgress } : {}) })
        worker.postMessage({ ...msg, id })
      })
    }
    worker.on('message', (m: { type?: string; id?: number; ok?: boolean; value?: unknown; error?: WiretrailErrorJson; progress?: AnalyzeProgress | FilterProgress; walkthrough?: WalkthroughOverview; lesson?: LessonWindow; embeddedJournal?: string | null; heapLimitMb?: number }) => {
      if (m.type === 'view-progress') {
        calls.get(m.id!)?.onProgress?.(m.progress as FilterProgress)
      } else if (m.type === 'memory') {
        heapLimitSeen = m.heapLimitMb!
      } else if (m.type === 'progress') {
        lastProgress = m.progress as AnalyzeProgress
        options.onProgress?.(lastProgress)
      } else if (m.type === 'done') {
        settled = true
        packets = m.walkthrough!.packets
        options.signal?.removeEventListener('abort', onAbort)
        resolve({
          walkthrough: m.walkthrough!,
          lesson: m.lesson!,
          embeddedJournal: m.embeddedJournal ?? null,
          detail: (frame) => call<PacketDetail>({ op: 'detail', frame }),
          frames: (start, count) => call<FrameSummary[]>({ op: 'frames', start, count }),
          httpBody: (exchange, part) => call<HttpBody>({ op: 'httpBody', exchange, part }),
          view: (query, viewOptions) => call<FrameView>({ op: 'view', query }, viewOptions?.onProgress),
          cancelView: () => call<void>({ op: 'cancel-view' }),
          rows: (view, start, count) => call<FrameSummary[]>({ op: 'rows', view, start, count }),
          position: (view, frame) => call<number | null>({ op: 'position', view, frame }),
          find: (request, findOptions) => call<FoundFrame | null>({ op: 'find', request }, findOptions?.onProgress),
          follow: (connection) => call<FollowedStream>({ op: 'follow', connection }),
          conversations: (kind) => call<Conversation[]>({ op: 'conversations', kind }),
          protocolHierarchy: () => call<ProtocolNode[]>({ op: 'hierarchy' }),
          steps: (start, count) => call<LessonWindow>({ op: 'lesson', start, count }),
          entities: (refs) => call<LessonEntities>({ op: 'entities', refs }),
          findSteps: (query) => call<StepList>({ op: 'findSteps', query }),
          stepFor: (target) => call<number | null>({ op: 'stepFor', target }),
          items: (array, start, count) => call<unknown[]>({ op: 'items', array, start, count }),
          text: (lang = 'en') => call<string>({ op: 'text', lang }),
          html: (lang) => call<string>({ op: 'html', lang }),
          questions: () => call<QuestionSet>({ op: 'questions' }),
          checkAnswer: (question, answer) => call<Verdict>({ op: 'check-answer', question, answer }),
          close: async () => {
            if (closed) return
            closing = true
            await call({ op: 'close' }).catch(() => {})
            closed = true
            await worker.terminate()
          },
        })
      } else if (m.type === 'failed') {
        settled = true
        options.signal?.removeEventListener('abort', onAbort)
        void worker.terminate()
        reject(fromJson(m.error!))
      } else if (m.id !== undefined) {
        const c = calls.get(m.id)
        calls.delete(m.id)
        if (!c) return
        if (m.ok) c.resolve(m.value)
        else c.reject(fromJson(m.error!))
      }
    })
    // The worker is gone: the open (if it was still running) and every call waiting reject with
    // why, and so does every later call.
    const failAll = (err: Error) => {
      dead = err
      for (const c of calls.values()) c.reject(err)
      calls.clear()
      if (!settled) {
        settled = true
        options.signal?.removeEventListener('abort', onAbort)
        reject(err)
      }
    }
    // Its heap reached the limit: Node ended the worker (this process goes on). How far it came is
    // taken now; the file's size is the progress's, or the file's own when no progress came yet.
    const outOfMemory = async (): Promise<Error> => {
      const read = settled ? null : { frames: lastProgress?.frames ?? 0, bytes: lastProgress?.bytesRead ?? 0 }
      const sizeBytes = lastProgress?.totalBytes ?? (await stat(path).then((s) => s.size, () => 0))
      return outOfMemoryError({ fileName: basename(path), sizeBytes, heapLimitMb: heapLimitSeen, read, ...(packets !== undefined ? { packets } : {}) })
    }
    worker.on('error', (e: Error & { code?: string }) => {
      failure ??= e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? outOfMemory() : Promise.resolve(new AnalyzerError('ANALYZER_WORKER_FAILED', `the analyzer worker failed: ${e.message}`))
      void failure.then(failAll)
    })
    worker.on('exit', (code) => {
      if ((closing || closed) && failure === null) {
        // close() ended it: what still waited was asked of a capture being closed.
        closed = true
        const err = new AnalyzerError('ANALYZER_CLOSED', 'this capture was closed')
        for (const c of calls.values()) c.reject(err)
        calls.clear()
        return
      }
      closed = true
      failure ??= Promise.resolve(new AnalyzerError('ANALYZER_WORKER_FAILED', `the analyzer worker exited (code ${code})`))
      void failure.then(failAll)
    })
  })
}
