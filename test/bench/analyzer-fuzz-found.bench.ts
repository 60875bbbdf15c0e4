// Every input in ../shared/captures/fuzz-found/ (captures that once crashed the analyzer or took
// gigabytes: decompression bombs, malformed pcapng) opened as the app opens a saved capture
// (analyzeCapture, the bundled worker), each in a fresh process of its own (fuzz-open.ts), against
// issue 11's bounds: within 1 s and 200 MB. The time runs from analyzeCapture's call (the worker's
// start included) until the walkthrough or its coded error is here; the memory is that process's peak
// RSS. test/analyzer/fuzz-found.test.ts asserts the memory bound and what each input gives; how long
// each takes depends on the machine and its load, so it is a figure here, never a test's assertion.
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { BenchReport } from './run.ts'
import { appWorker } from './app-worker.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

const run = promisify(execFile)
const DIR = join(CORPUS_DIR, 'fuzz-found')
const MAX_MS = 1000
const MAX_RSS_BYTES = 200 * 1024 * 1024

interface Opened {
  name: string
  ms: number
  code: string | null
  maxRssBytes: number
}

export async function bench(): Promise<BenchReport> {
  const workerPath = await appWorker()
  const script = join(import.meta.dirname, 'fuzz-open.ts')
  const load0 = loadavg()[0]!
  const opened: Opened[] = []
  for (const name of readdirSync(DIR).filter((n) => /\.(pcap|pcapng|cap)$/.test(n)).sort()) {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, join(DIR, name), workerPath], { maxBuffer: 1 << 20, timeout: 60_000 })
    opened.push({ name, ...(JSON.parse(stdout.trimEnd().split('\n').at(-1)!) as Omit<Opened, 'name'>) })
  }
  if (opened.length === 0) throw new Error(`no captures in ${DIR}`)
  const uncoded = opened.filter((o) => o.code?.startsWith('uncoded'))
  if (uncoded.length) throw new Error(`an error without a code: ${uncoded.map((o) => `${o.name}: ${o.code}`).join('; ')}`)
  const slowest = opened.reduce((a, b) => (b.ms > a.ms ? b : a))
  const largest = opened.reduce((a, b) => (b.maxRssBytes > a.maxRssBytes ? b : a))
  const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`
  const each = opened.map((o) => `${o.name} ${o.ms.toFixed(0)} ms, ${mb(o.maxRssBytes)}${o.code ? `, ${o.code}` : ''}`).join('; ')
  const load = `load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`
  return {
    title: `Analyzer on the ${opened.length} inputs that once broke it (../shared/captures/fuzz-found), each opened in a fresh process`,
    rows: [
      {
        name: 'the slowest input, from opening until the walkthrough (or its coded error) is here, vs the issue’s bound',
        wiretrail: `${slowest.ms.toFixed(0)} ms (${slowest.name})`,
        peer: `bound ${MAX_MS} ms`,
        ratio: slowest.ms / MAX_MS,
        target: { max: 1, text: '≤ 1 s' },
        note: `${load}; every input: ${each}`,
      },
      {
        name: 'the largest peak memory (the opening process’s RSS, the worker’s heap in it) vs the issue’s bound',
        wiretrail: `${mb(largest.maxRssBytes)} (${largest.name})`,
        peer: `bound ${mb(MAX_RSS_BYTES)}`,
        ratio: largest.maxRssBytes / MAX_RSS_BYTES,
        target: { max: 1, text: '≤ 200 MB' },
        note: 'a fresh Node process under tsx, the app’s bundled worker started in it; the RSS includes Node’s and tsx’s own',
      },
    ],
  }
}
