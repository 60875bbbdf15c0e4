// Every input a fuzzer ever found, kept as a test: the ones `npm run fuzz` keeps in test/fuzz/found/
// (each with a note), and the shared ones in ../shared/captures/fuzz-found/ (compression bombs and
// the captures that crashed `inspect`), run through every target that reads them, within the same
// time and memory bounds as the fuzzer's.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../support/corpus.ts'
import { replay, targetOf } from './replay.ts'
import type { TargetName } from './targets.ts'

const FOUND = join(import.meta.dirname, 'found')
const SHARED_FOUND = join(CORPUS_DIR, 'fuzz-found')

const kept = existsSync(FOUND) ? readdirSync(FOUND).filter((f) => !f.endsWith('.txt') && f !== 'README.md') : []
const shared = readdirSync(SHARED_FOUND).filter((f) => /\.(pcap|pcapng)$/.test(f))

describe('inputs the fuzzers found', () => {
  it('has the shared fuzz-found captures beside the repository', () => {
    expect(shared.length).toBeGreaterThanOrEqual(8)
  })

  it.each(kept)('test/fuzz/found/%s is accepted or refused with a code, within bounds', async (name) => {
    const result = await replay(join(FOUND, name))
    expect(['accepted', 'rejected'], `${name}: ${result.outcome} ${result.message ?? ''}`).toContain(result.outcome)
    expect(targetOf(name)).toBeDefined()
  })

  it.each(shared)('../shared/captures/fuzz-found/%s: read, analysed, shown and exported within bounds', async (name) => {
    const targets: TargetName[] = [name.endsWith('.pcapng') ? 'pcapng' : 'pcap', 'analyzer']
    for (const target of targets) {
      const result = await replay(join(SHARED_FOUND, name), target)
      expect(['accepted', 'rejected'], `${target}: ${result.outcome} ${result.message ?? ''}`).toContain(result.outcome)
    }
  }, 120_000)
})
