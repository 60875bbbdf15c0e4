// `npm run fuzz [-- options]`: property-based and mutation fuzzing of every reader of strangers'
// input (targets.ts), in worker processes with a time and a memory bound per input (child.ts,
// harness.ts). Prints the cases by target and outcome and exits 1 if anything crashed, hung or
// blew up (130 if stopped early with Ctrl-C: the report then covers the cases run); found inputs
// are kept in test/fuzz/found/ with a note.
//
//   npm run fuzz                                  1,000,000 cases over all targets, 2 workers
//   npm run fuzz -- --cases 20000 --workers 1     fewer
//   npm run fuzz -- --targets http,url --seed 7   some targets, another seed
//   npm run fuzz -- --replay test/fuzz/found/X    one saved input, run as the test suite runs it
//
// CPU-heavy: on a shared machine run it as `nice -n 19 npm run fuzz`.
import { availableParallelism } from 'node:os'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatReport, fuzz } from './harness.ts'
import { replay } from './replay.ts'
import { TARGETS, type TargetName } from './targets.ts'

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    workers: { type: 'string', default: String(Math.max(1, Math.min(2, availableParallelism()))) },
    seed: { type: 'string', default: String(Date.now() % 1_000_000_000) },
    targets: { type: 'string' },
    'time-limit-ms': { type: 'string' },
    /** Do not write found inputs to test/fuzz/found/ (a trial run). */
    'discard-findings': { type: 'boolean', default: false },
    replay: { type: 'string' },
  },
})

if (values.replay !== undefined) {
  const result = await replay(values.replay)
  process.stdout.write(`${basename(values.replay)}: ${result.outcome}${result.code ? ` [${result.code}]` : ''} in ${result.ms.toFixed(1)} ms, memory +${(result.growth / 2 ** 20).toFixed(1)} MiB${result.message ? `\n${result.message}` : ''}\n`)
  process.exit(result.outcome === 'accepted' || result.outcome === 'rejected' ? 0 : 1)
}

const targets = values.targets === undefined ? TARGETS : (values.targets.split(',') as TargetName[])
for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`unknown target "${t}" (targets: ${TARGETS.join(', ')})`)
const cases = Number(values.cases)
const workers = Number(values.workers)
const seed = Number(values.seed)
process.stderr.write(`wiretrail fuzz: ${cases.toLocaleString('en')} cases, ${workers} worker(s), seed ${seed}, targets ${targets.join(', ')}\n`)

// Ctrl-C (or SIGTERM) ends the run early with its report: no new job starts, the jobs in flight
// finish (the workers ignore SIGINT: they would otherwise die with it and count as crashes).
const stop = new AbortController()
const onStop = (): void => {
  if (stop.signal.aborted) process.exit(130)
  process.stderr.write('stopping: the jobs in flight finish, then the report (again to quit at once)\n')
  stop.abort()
}
process.on('SIGINT', onStop)
process.on('SIGTERM', onStop)

let lastLine = 0
const report = await fuzz({
  signal: stop.signal,
  cases,
  workers,
  seed,
  targets,
  ...(values['time-limit-ms'] ? { bounds: { timeLimitMs: Number(values['time-limit-ms']) } } : {}),
  findingsDir: values['discard-findings'] ? null : join(import.meta.dirname, 'found'),
  onProgress: (totals, elapsed) => {
    if (elapsed - lastLine < 10_000) return
    lastLine = elapsed
    const done = Object.values(totals).reduce((s, c) => s + c.cases, 0)
    const bad = Object.values(totals).reduce((s, c) => s + c.crash + c.hang + c.blowup, 0)
    process.stderr.write(`  ${done.toLocaleString('en')} cases, ${bad} findings, ${(elapsed / 60_000).toFixed(1)} min\n`)
  },
})
process.stdout.write(formatReport(report))
process.exit(report.findings.length > 0 ? 1 : report.cases < report.planned ? 130 : 0)

