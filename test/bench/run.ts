// `npm run bench`: runs every test/bench/*.bench.ts in turn and prints its report. Each benchmark
// measures Wiretrail and a peer (unbound, curl, Chromium, tshark, …) in the same run and reports
// ratios against the peer, with the target beside each ratio. Nothing here fails a build: targets
// not met are printed as such.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface BenchRow {
  name: string
  /** What was measured, e.g. "cold resolution, all lab names". */
  wiretrail: string
  peer: string
  /** wiretrail / peer (lower is better unless `higherIsBetter`). */
  ratio: number
  target?: { max?: number; min?: number; text: string }
  note?: string
}

export interface BenchReport {
  title: string
  rows: BenchRow[]
}

export type Bench = () => Promise<BenchReport>

function meets(row: BenchRow): string {
  if (row.target === undefined) return ''
  const { max, min } = row.target
  const ok = (max === undefined || row.ratio <= max) && (min === undefined || row.ratio >= min)
  return ok ? 'met' : 'NOT met'
}

const dir = import.meta.dirname
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()

let failures = 0
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { bench: Bench }
  try {
    const report = await mod.bench()
    console.log(`\n## ${report.title}  (${file})`)
    for (const row of report.rows) {
      const target = row.target ? `  target ${row.target.text}: ${meets(row)}` : ''
      console.log(`- ${row.name}: ratio ${row.ratio.toFixed(3)}${target}`)
      console.log(`    wiretrail: ${row.wiretrail}`)
      console.log(`    peer:      ${row.peer}`)
      if (row.note) console.log(`    note:      ${row.note}`)
    }
  } catch (error) {
    failures += 1
    console.log(`\n## ${file}: benchmark failed: ${(error as Error).stack ?? String(error)}`)
  }
}
if (files.length === 0) console.log('no benchmarks found')
process.exitCode = failures > 0 ? 1 : 0
