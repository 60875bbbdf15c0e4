// One fuzz-found input opened in a process of its own, as the app opens a saved capture:
// `node --import tsx fuzz-open.ts <capture> <analyzer worker>` prints, as JSON, how long
// analyzeCapture took until the walkthrough (or its coded error) was here, the error's code if any,
// and the process's peak RSS (the worker thread's heap is in it). analyzer-fuzz-found.bench.ts runs
// it once per input, so each peak is that input's own.
import { analyzeCapture } from '../../src-main/analyzer/index.ts'

const [path, workerPath] = process.argv.slice(2)
if (!path || !workerPath) {
  console.error('usage: node --import tsx fuzz-open.ts <capture> <analyzer worker>')
  process.exit(2)
}
const t0 = performance.now()
let code: string | null = null
try {
  const opened = await analyzeCapture(path, { workerPath })
  await opened.close()
} catch (error) {
  code = (error as { code?: string }).code ?? `uncoded: ${String(error)}`
}
const ms = performance.now() - t0
process.stdout.write(`${JSON.stringify({ ms, code, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`)
process.exit(0)
