// The analyzer's worker-thread entry: runs runAnalysis() off the caller's thread and then serves
// detail(frame), frames(start, count), httpBody(exchange, part), the packet list's views (view, rows,
// position), Find, Follow TCP stream and the statistics until closed. A view with a display filter may take a while (frames dissected from the file): it
// reports progress ('view-progress' with the call's id) and stops when a newer one starts or on
// 'cancel-view'. Messages: see protocol in index.ts.
// Bundled as its own entry (out/main/analyzer-worker.js) by electron.config.ts; run from source
// through tsx otherwise (index.ts decides which).
import { parentPort, workerData } from 'node:worker_threads'
import { toErrorJson } from '../shared/errors.ts'
import type { ConversationKind, FindRequest, FrameQuery } from '../shared/walkthrough.ts'
import { AnalyzerError } from './errors.ts'
import { followTcpStream } from './follow.ts'
import { runAnalysis, type RunResult } from './run.ts'
import { conversations, protocolHierarchy } from './statistics.ts'
import type { FilterOptions } from './views.ts'

interface Start {
  path: string
  journalPath?: string
  frameListLimit?: number
  previewAfterFrames?: number
}

type Request =
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
  | { id: number; op: 'abort' }
  | { id: number; op: 'close' }

const port = parentPort!
const start = workerData as Start
const abort = new AbortController()
let analysed: RunResult | null = null
/** The display filter being run, if any: a newer view or 'cancel-view' stops it. */
let filtering: AbortController | null = null

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

async function view(m: Extract<Request, { op: 'view' }>, views: RunResult['views']): Promise<unknown> {
  if (m.query.filter === undefined) return views.create(m.query)
  return filter(m.id, (options) => views.filtered(m.query, options))
}

/** The ops that read the analysis once it is done. */
async function answer(m: Exclude<Request, { op: 'abort' | 'close' | 'cancel-view' }>, analysed: RunResult): Promise<unknown> {
  const { reader, views } = analysed
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
      const c = reader.pass.tcp.connections[m.connection]
      if (!c) throw new AnalyzerError('ANALYZER_BAD_CONNECTION', `TCP stream ${m.connection} does not exist: the capture has ${reader.pass.tcp.connections.length} (0–${reader.pass.tcp.connections.length - 1})`)
      return followTcpStream(reader.pass.table, reader, c)
    }
    case 'conversations':
      return conversations(reader.pass.table, m.kind)
    case 'hierarchy':
      return protocolHierarchy(reader.pass.table)
  }
}

port.on('message', async (m: Request) => {
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
  if (start.frameListLimit !== undefined) opts.frameListLimit = start.frameListLimit
  if (start.previewAfterFrames !== undefined) opts.previewAfterFrames = start.previewAfterFrames
  analysed = await runAnalysis(start.path, opts)
  port.postMessage({ type: 'done', walkthrough: analysed.walkthrough, embeddedJournal: analysed.embeddedJournal })
} catch (e) {
  port.postMessage({ type: 'failed', error: toErrorJson(e) })
}
