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
    return await runCase(savedInput(target, path), scratch, knownErrorCodes(), DEFAULT_BOUNDS, new MemoryProbe(), withSeeds)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
