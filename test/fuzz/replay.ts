// Runs one saved input (a finding in test/fuzz/found/, or any file given with its target) the way
// a fuzzing worker runs it, in this process: `npm run fuzz -- --replay FILE`, and the regression
// tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { DEFAULT_BOUNDS } from './bounds.ts'
import { MemoryProbe, runCase, type CaseResult } from './case.ts'
import { knownErrorCodes } from './codes.ts'
import { loadSeeds, type Seeds } from './seeds.ts'
import { savedInput, TARGETS, type TargetName } from './targets.ts'

/** The target a saved input belongs to: the first part of its name (pcap-crash-….pcap). */
export function targetOf(path: string): TargetName {
  const target = basename(path).split('-')[0] as TargetName
  if (!TARGETS.includes(target)) throw new Error(`${basename(path)} does not start with a target name (${TARGETS.join(', ')})`)
  return target
}

let seeds: Promise<Seeds> | null = null

export async function replay(path: string, target: TargetName = targetOf(path)): Promise<CaseResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'wiretrail-replay-'))
  try {
    // Only a journal needs a seed (the capture it belongs to).
    const withSeeds = target === 'journal' ? await (seeds ??= loadSeeds()) : undefined
    const input = savedInput(target, path)
    const codes = knownErrorCodes()
    const probe = new MemoryProbe()
    // Run twice: the first run loads and compiles the target's code (tens of MiB the fuzzing
    // workers spent once, long before), the second is measured as a worker measures an input.
    const first = await runCase(input, scratch, codes, DEFAULT_BOUNDS, probe, withSeeds)
    const second = await runCase(input, scratch, codes, DEFAULT_BOUNDS, probe, withSeeds)
    if (first.outcome === 'crash' || first.outcome !== second.outcome) return first
    return second
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
