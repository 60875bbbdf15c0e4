// One input run through its target and classified (accepted, rejected with a stable code, crash,
// hang, blow-up), with its time and its peak memory growth measured. Used by the fuzzing workers
// (child.ts), by --replay, and by the regression tests over every kept finding.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs'
import { TARGET_TABLE, type FuzzInput } from './targets.ts'
import type { Counts, Outcome } from './protocol.ts'
import type { Seeds } from './seeds.ts'

const GROWTH_PER_INPUT_BYTE = 50

export function newCounts(): Counts {
  return { cases: 0, accepted: 0, rejected: 0, crash: 0, hang: 0, blowup: 0, codes: {}, slowestMs: 0, maxGrowthBytes: 0 }
}

/** Peak resident memory of this process since the last reset (Linux: /proc/self/status VmHWM,
 * reset by writing 5 to /proc/self/clear_refs). Elsewhere the current RSS is the best there is. */
export class MemoryProbe {
  private readonly canReset: boolean
  constructor() {
    let ok = false
    try {
      const fd = openSync('/proc/self/clear_refs', 'w')
      writeSync(fd, '5')
      closeSync(fd)
      ok = /VmHWM:\s+\d+/.test(readFileSync('/proc/self/status', 'utf8'))
    } catch {
      ok = false
    }
    this.canReset = ok
  }

  /** Resets the peak and returns the resident size now (bytes). */
  start(): number {
    if (this.canReset) {
      const fd = openSync('/proc/self/clear_refs', 'w')
      writeSync(fd, '5')
      closeSync(fd)
      return this.status('VmRSS')
    }
    return process.memoryUsage.rss()
  }

  /** The peak resident size since start() (bytes). */
  peak(): number {
    return this.canReset ? this.status('VmHWM') : process.memoryUsage.rss()
  }

  private status(key: string): number {
    const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))
    return m ? Number(m[1]) * 1024 : process.memoryUsage.rss()
  }
}

export interface Bounds {
  /** An input taking more CPU time than this is a hang (one that never ends is killed). */
  timeLimitMs: number
  /** Memory a case may grow by besides 50 × its size. */
  growthAllowanceBytes: number
}

export interface CaseResult {
  outcome: Outcome
  code?: string
  message?: string
  ms: number
  growth: number
}

/** Runs one input and classifies what happened. */
export async function runCase(input: FuzzInput, scratch: string, codes: ReadonlySet<string>, bounds: Bounds, probe: MemoryProbe, seeds?: Seeds): Promise<CaseResult> {
  const before = probe.start()
  // Time is the CPU time this process spent on the input (all its threads: zlib inflates on the
  // thread pool), not the wall clock, so a machine busy with other work does not make an input slow.
  const cpu = process.cpuUsage()
  let outcome: Outcome = 'accepted'
  let code: string | undefined
  let message: string | undefined
  try {
    await TARGET_TABLE[input.target].run(input, scratch, seeds)
  } catch (error) {
    const e = error as { name?: string; code?: unknown; message?: string; stack?: string }
    if (e?.name === 'WiretrailError' && typeof e.code === 'string' && codes.has(e.code)) {
      outcome = 'rejected'
      code = e.code
    } else {
      outcome = 'crash'
      code = typeof e?.code === 'string' ? e.code : undefined
      message = `${e?.stack ?? e?.message ?? String(error)}`.slice(0, 2000)
    }
  }
  const used = process.cpuUsage(cpu)
  const ms = (used.user + used.system) / 1000
  const growth = Math.max(0, probe.peak() - before)
  if (outcome !== 'crash' && growth > GROWTH_PER_INPUT_BYTE * input.bytes.length + bounds.growthAllowanceBytes) {
    outcome = 'blowup'
    message = `resident memory grew by ${(growth / 2 ** 20).toFixed(1)} MiB for a ${input.bytes.length}-byte input`
  }
  if (outcome !== 'crash' && outcome !== 'blowup' && ms > bounds.timeLimitMs) {
    outcome = 'hang'
    message = `took ${ms.toFixed(0)} ms of CPU time (bound ${bounds.timeLimitMs} ms)`
  }
  return { outcome, ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}), ms, growth }
}

export function tally(counts: Counts, r: CaseResult): void {
  counts.cases += 1
  counts[r.outcome] += 1
  if (r.code !== undefined && r.outcome === 'rejected') counts.codes[r.code] = (counts.codes[r.code] ?? 0) + 1
  counts.slowestMs = Math.max(counts.slowestMs, r.ms)
  counts.maxGrowthBytes = Math.max(counts.maxGrowthBytes, r.growth)
}

