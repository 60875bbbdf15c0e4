// The analyzer's worker-thread entry: runs runAnalysis() off the caller's thread and then serves
// detail(frame) / frames(start, count) until closed. Messages: see protocol in index.ts.
// Bundled as its own entry (out/main/analyzer-worker.js) by electron.config.ts; run from source
// through tsx otherwise (index.ts decides which).
import { parentPort, workerData } from 'node:worker_threads'
import { toErrorJson } from '../shared/errors.ts'
import type { DetailReader } from './detail.ts'
import { runAnalysis } from './run.ts'

interface Start {
  path: string
  journalPath?: string
  frameListLimit?: number
  previewAfterFrames?: number
}

type Request = { id: number; op: 'detail'; frame: number } | { id: number; op: 'frames'; start: number; count: number } | { id: number; op: 'abort' } | { id: number; op: 'close' }

const port = parentPort!
const start = workerData as Start
const abort = new AbortController()
let reader: DetailReader | null = null

port.on('message', async (m: Request) => {
  if (m.op === 'abort') {
    abort.abort()
    return
  }
  if (m.op === 'close') {
    await reader?.close()
    port.postMessage({ id: m.id, ok: true })
    port.close()
    return
  }
  try {
    if (!reader) throw new Error('the analysis is still running')
    const value = m.op === 'detail' ? await reader.detail(m.frame) : await reader.frames(m.start, m.count)
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
  const result = await runAnalysis(start.path, opts)
  reader = result.reader
  port.postMessage({ type: 'done', walkthrough: result.walkthrough })
} catch (e) {
  port.postMessage({ type: 'failed', error: toErrorJson(e) })
}
