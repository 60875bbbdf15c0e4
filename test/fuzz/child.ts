// A fuzzing worker: a child process the harness can kill. It generates inputs with fast-check from
// the seeds, runs each through its target, and classifies the outcome:
//   accepted   the target read it
//   rejected   a WiretrailError with a code declared in src-main (counted per code)
//   crash      anything else thrown, or a rejection without a stable code
//   hang       the input took longer than the time bound (inputs that never finish are caught by
//              the harness, which kills this process)
//   blowup     the process's resident memory grew by more than 50 × the input's size plus a small
//              fixed allowance while the input ran (peak RSS, reset before every input)
// Before each input runs, it is written to a file the harness reads if this process dies, so
// every finding can be kept. A crash or a blow-up stops fast-check's run, which then shrinks the
// input (the smallest mutation plan that still fails) before the run goes on with a new seed.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { MemoryProbe, newCounts, runCase, tally, type Bounds, type CaseResult } from './case.ts'
import { knownErrorCodes } from './codes.ts'
import { loadSeeds, type Seeds } from './seeds.ts'
import { TARGET_TABLE, type FuzzInput, type TargetName } from './targets.ts'
import type { ChildMessage, Finding, ParentMessage } from './protocol.ts'

const encode = (b: Uint8Array): string => Buffer.from(b).toString('base64')

/** Shrinking a finding stops after this many runs or this long (what it reached is kept). */
const MAX_SHRINK_RUNS = 500
const MAX_SHRINK_MS = 20_000

async function main(): Promise<void> {
  const send = (m: ChildMessage): void => void process.send?.(m)
  const scratch = mkdtempSync(join(tmpdir(), 'wiretrail-fuzz-'))
  const seeds: Seeds = await loadSeeds()
  const codes = knownErrorCodes()
  const probe = new MemoryProbe()
  const arbitraries = new Map<TargetName, fc.Arbitrary<FuzzInput>>()
  const arbitrary = (t: TargetName): fc.Arbitrary<FuzzInput> => {
    let a = arbitraries.get(t)
    if (a === undefined) arbitraries.set(t, (a = TARGET_TABLE[t].inputs(seeds)))
    return a
  }
  process.on('exit', () => rmSync(scratch, { recursive: true, force: true }))
  // Ctrl-C reaches the whole process group: the harness decides when this worker stops.
  process.on('SIGINT', () => {})
  send({ type: 'ready' })

  process.on('message', (raw) => {
    const m = raw as ParentMessage
    if (m.type === 'stop') process.exit(0)
    if (m.type !== 'run') return
    void runBatch(m.target, m.count, m.seed, m.currentFile, m.bounds).then(
      () => send({ type: 'done' }),
      (error: unknown) => send({ type: 'error', message: String((error as Error)?.stack ?? error) }),
    )
  })

  async function runBatch(target: TargetName, count: number, seed: number, currentFile: string, bounds: Bounds): Promise<void> {
    const counts = newCounts()
    const current = openSync(currentFile, 'w')
    let lastReport = performance.now()
    let runSeed = seed
    const report = (): void => {
      send({ type: 'progress', target, counts: { ...counts, codes: { ...counts.codes } } })
      lastReport = performance.now()
    }
    while (counts.cases < count) {
      // After the first failure of a run, fast-check only shrinks: those runs are not cases. They
      // are bounded (a slow target could shrink for long) and keep telling the harness this
      // process is alive.
      let failed: { result: CaseResult; input: FuzzInput } | null = null
      let shrinkRuns = 0
      let shrinkUntil = 0
      const property = fc.asyncProperty(arbitrary(target), async (input) => {
        if (failed !== null) {
          shrinkRuns += 1
          if (shrinkRuns > MAX_SHRINK_RUNS || performance.now() > shrinkUntil) return true
          if (performance.now() - lastReport > 250) {
            send({ type: 'heartbeat' })
            lastReport = performance.now()
          }
        }
        if (failed === null) {
          // Written before it runs, so the harness can keep it if this process dies.
          const header = Buffer.alloc(4)
          header.writeUInt32LE(input.bytes.length)
          writeSync(current, header, 0, 4, 0)
          writeSync(current, input.bytes, 0, input.bytes.length, 4)
          const extra = Buffer.from(JSON.stringify({ linkType: input.linkType, seedIndex: input.seedIndex }))
          writeSync(current, extra, 0, extra.length, 4 + input.bytes.length)
        }
        const result = await runCase(input, scratch, codes, bounds, probe, seeds)
        if (failed === null) {
          tally(counts, result)
          if (performance.now() - lastReport > 250) report()
        }
        const bad = result.outcome === 'crash' || result.outcome === 'blowup' || result.outcome === 'hang'
        if (bad && failed === null) {
          failed = { result, input }
          shrinkUntil = performance.now() + MAX_SHRINK_MS
        }
        return !bad
      })
      const details = await fc.check(property, { seed: runSeed, numRuns: count - counts.cases, endOnFailure: false })
      runSeed += 1
      if (failed !== null) {
        const f = failed as { result: CaseResult; input: FuzzInput }
        const shrunk = (details.counterexample?.[0] as FuzzInput | undefined) ?? f.input
        const finding: Finding = {
          target,
          outcome: f.result.outcome,
          message: `${shrunk.plan ? `made from ${shrunk.plan}\n\n` : ''}${f.result.message ?? ''}`,
          input: encode(f.input.bytes),
          shrunk: encode(shrunk.bytes),
          // The companions of the input kept (the shrunk one): its link type, its seed journal.
          ...(shrunk.linkType !== undefined ? { linkType: shrunk.linkType } : {}),
          ...(shrunk.seedIndex !== undefined ? { seedIndex: shrunk.seedIndex } : {}),
          seed: details.seed,
        }
        send({ type: 'found', finding })
      } else if (details.failed) {
        throw new Error(`fast-check stopped: ${String((details.errorInstance as Error | undefined)?.message ?? "unknown")}`)
      }
    }
    report()
    closeSync(current)
  }
}

void main()
