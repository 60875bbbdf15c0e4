// The analyzer's worker-thread entry: runs runAnalysis() off the caller's thread and then serves
// detail(frame), frames(start, count), httpBody(exchange, part), the packet list's views (view,
// rows, position), Find, Follow TCP stream, the statistics and the lesson (windows of steps,
// entities, step search, the step a click goes to, the walkthrough's arrays page by page, its text
// and HTML handout) until closed. A view with a display filter may take a while (frames dissected
// from the file): it reports progress ('view-progress' with the call's id) and stops when a newer
// one starts or on 'cancel-view'. Messages: see protocol in index.ts.
// Bundled as its own entry (out/main/analyzer-worker.js) by electron.config.ts; run from source
// through tsx otherwise (index.ts decides which).
import { getHeapStatistics } from 'node:v8'
import { parentPort, resourceLimits, workerData } from 'node:worker_threads'
import { toErrorJson } from '../shared/errors.ts'
import { LESSON_WINDOW, OVERVIEW_FRAMES, type EntityRefs, type StepQuery, type StepTarget } from '../shared/lesson.ts'
import type { ConversationKind, FindRequest, FrameQuery } from '../shared/walkthrough.ts'
import { AnalyzerError } from './errors.ts'
import { followTcpStream } from './follow.ts'
import { walkthroughHandout } from './handout.ts'
import type { WalkthroughArray } from './lesson.ts'
import type { QuestionAnswer, QuestionKind, QuestionSet } from '../shared/questions.ts'
import { checkAnswer, deriveQuestions } from './questions.ts'
import { runAnalysis, type RunResult } from './run.ts'
import { conversations, protocolHierarchy } from './statistics.ts'
import { formatWalkthroughText } from './text.ts'
import type { FilterOptions } from './views.ts'

interface Start {
  path: string
  journalPath?: string
  frameListLimit?: number
  previewAfterFrames?: number
}

export type WorkerRequest =
  | { id: number; op: 'detail'; frame: number }
  | { id: number; op: 'frames'; start: number; count: number }
  | { id: number; op: 'view'; query: FrameQuery }
  | { id: number; op: 'rows'; view: number; start: number; count: number }
  | { id: number; op: 'position'; view: number; frame: number }
  | { id: number; op: 'httpBody'; exchange: number; part: 'request' | 'response' }
  | { id: number; op: 'cancel-view' }
  | { id: number; op: 'find'; request: FindRequest }
  | { id: number; op: 'follow'; connection: number }
  | { id: number; op: 'conversations'; kind: ConversationKind }
  | { id: number; op: 'hierarchy' }
  | { id: number; op: 'lesson'; start: number; count: number }
  | { id: number; op: 'entities'; refs: EntityRefs }
  | { id: number; op: 'findSteps'; query: StepQuery }
  | { id: number; op: 'stepFor'; target: StepTarget }
  | { id: number; op: 'items'; array: WalkthroughArray; start: number; count: number }
  | { id: number; op: 'text'; lang: 'en' | 'ko' }
  | { id: number; op: 'html'; lang: 'en' | 'ko' }
  | { id: number; op: 'questions' }
  | { id: number; op: 'check-answer'; question: QuestionKind; answer: QuestionAnswer }
  | { id: number; op: 'abort' }
  | { id: number; op: 'close' }

const port = parentPort!
const start = workerData as Start
// The heap limit this worker runs with (its old generation, MiB: the whole heap's limit less the
// young generation), first of all: V8's --max-old-space-size, being process-wide, overrides the
// one index.ts asked for, and an ANALYZER_OUT_OF_MEMORY names the limit that was reached.
port.postMessage({ type: 'memory', heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576 - (resourceLimits.maxYoungGenerationSizeMb ?? 0)) })
const abort = new AbortController()
let analysed: RunResult | null = null
/** The display filter being run, if any: a newer view or 'cancel-view' stops it. */
let filtering: AbortController | null = null
/** The capture's question set, derived once (it reads a few frames back from the file). */
let questionSet: Promise<QuestionSet> | null = null

function questions(analysed: RunResult): Promise<QuestionSet> {
  questionSet ??= deriveQuestions(analysed.walkthrough, (frame) => analysed.reader.detail(frame), analysed.handedOutQuestions)
  return questionSet
}

/** Runs a display filter (a filtered view or a Find): the one before it stops. */
async function filter<T>(id: number, run: (options: FilterOptions) => Promise<T>): Promise<T> {
  filtering?.abort()
  const mine = new AbortController()
  filtering = mine
  try {
    return await run({ signal: mine.signal, onProgress: (progress) => port.postMessage({ type: 'view-progress', id, progress }) })
  } finally {
    if (filtering === mine) filtering = null
  }
}

async function view(m: Extract<WorkerRequest, { op: 'view' }>, views: RunResult['views']): Promise<unknown> {
  if (m.query.filter === undefined) return views.create(m.query)
  return filter(m.id, (options) => views.filtered(m.query, options))
}

/** The ops that read the analysis once it is done. */
async function answer(m: Exclude<WorkerRequest, { op: 'abort' | 'close' | 'cancel-view' }>, analysed: RunResult): Promise<unknown> {
  const { reader, views, lesson } = analysed
  switch (m.op) {
    case 'detail':
      return reader.detail(m.frame)
    case 'frames':
      return reader.frames(m.start, m.count)
    case 'httpBody':
      return reader.httpBody(m.exchange, m.part)
    case 'view':
      return view(m, views)
    case 'rows':
      return views.rows(m.view, m.start, m.count)
    case 'position':
      return views.position(m.view, m.frame)
    case 'find':
      return filter(m.id, (options) => views.find(m.request, options))
    case 'follow': {
      const c = reader.pass.tcp.ends(m.connection)
      if (!c) throw new AnalyzerError('ANALYZER_BAD_CONNECTION', `TCP stream ${m.connection} does not exist: the capture has ${reader.pass.tcp.count} (0–${reader.pass.tcp.count - 1})`)
      return followTcpStream(reader.pass.table, reader, c)
    }
    case 'conversations':
      return conversations(reader.pass.table, m.kind)
    case 'hierarchy':
      return protocolHierarchy(reader.pass.table)
    case 'lesson':
      return lesson.window(m.start, m.count)
    case 'entities':
      return lesson.entities(m.refs)
    case 'findSteps':
      return lesson.findSteps(m.query)
    case 'stepFor':
      return lesson.stepFor(m.target)
    case 'items':
      return lesson.items(m.array, m.start, m.count)
    case 'text':
      return formatWalkthroughText(lesson.walkthrough, m.lang)
    case 'html':
      return walkthroughHandout({ walkthrough: lesson.walkthrough, detail: (frame) => reader.detail(frame), frames: (first, count) => reader.frames(first, count) }, m.lang)
    case 'questions':
      return questions(analysed)
    case 'check-answer': {
      const q = (await questions(analysed)).questions.find((x) => x.id === m.question)
      if (!q) throw new AnalyzerError('ANALYZER_BAD_QUESTION', `this capture has no question "${m.question}": it cannot answer it`)
      return checkAnswer(q, m.answer, (frame) => reader.detail(frame))
    }
  }
}

port.on('message', async (m: WorkerRequest) => {
  if (m.op === 'abort') {
    abort.abort()
    return
  }
  if (m.op === 'cancel-view') {
    filtering?.abort()
    port.postMessage({ id: m.id, ok: true })
    return
  }
  if (m.op === 'close') {
    await analysed?.reader.close()
    port.postMessage({ id: m.id, ok: true })
    port.close()
    return
  }
  try {
    if (!analysed) throw new Error('the analysis is still running')
    const value = await answer(m, analysed)
    port.postMessage({ id: m.id, ok: true, value })
  } catch (e) {
    port.postMessage({ id: m.id, ok: false, error: toErrorJson(e) })
  }
})

try {
  const opts: Parameters<typeof runAnalysis>[1] = {
    signal: abort.signal,
    onProgress: (p) => port.postMessage({ type: 'progress', progress: p }),
  }
  if (start.journalPath !== undefined) opts.journalPath = start.journalPath
  opts.frameListLimit = start.frameListLimit ?? OVERVIEW_FRAMES
  if (start.previewAfterFrames !== undefined) opts.previewAfterFrames = start.previewAfterFrames
  analysed = await runAnalysis(start.path, opts)
  // Only the overview and the first window cross to the caller: the walkthrough stays here.
  // Only the overview and the first window cross to the caller: the walkthrough stays here.
  port.postMessage({ type: 'done', walkthrough: analysed.lesson.overview(), lesson: analysed.lesson.window(0, LESSON_WINDOW), embeddedJournal: analysed.embeddedJournal })
  // While the app's window shows the capture: what the first click would otherwise wait for.
  const ready = analysed
  setImmediate(() => ready.lesson.prepare())
} catch (e) {
  port.postMessage({ type: 'failed', error: toErrorJson(e) })
}
