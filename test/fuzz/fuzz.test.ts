// The fuzzer's bounded share, every time the tests run: 20,000 cases over every target (the same
// ones each run: a fixed seed, WIRETRAIL_FUZZ_SEED to try others), in worker processes with the
// time and memory bounds of `npm run fuzz`, which runs a million and more.
import { describe, expect, it } from 'vitest'
import { DEFAULT_BOUNDS } from './bounds.ts'
import { MemoryProbe } from './case.ts'
import { knownErrorCodes } from './codes.ts'
import { formatReport, fuzz, shareOut } from './harness.ts'
import { TARGETS } from './targets.ts'

const CASES = 20_000
const SEED = Number(process.env.WIRETRAIL_FUZZ_SEED ?? 20_261_206)

describe('fuzzing every reader of strangers\' input', () => {
  it('shares the cases out over all eight targets', () => {
    const share = shareOut(CASES, TARGETS)
    expect(Object.values(share).reduce((a, b) => a + b, 0)).toBe(CASES)
    expect(Object.entries(share).filter(([, n]) => n < 1000)).toEqual([])
  })

  it('knows the stable error codes a rejection may carry, and INTERNAL is not one', () => {
    const codes = knownErrorCodes()
    for (const code of ['CAPTURE_TRUNCATED', 'CAPTURE_CORRUPT_BLOCK', 'HTTP_BAD_CHUNK', 'URL_BAD_HOST', 'JOURNAL_UNREADABLE']) expect(codes.has(code), code).toBe(true)
    expect(codes.has('INTERNAL')).toBe(false)
  })

  it('measures a case\'s peak memory, so a blow-up cannot hide behind a garbage collection', () => {
    const probe = new MemoryProbe()
    const before = probe.start()
    let big: Uint8Array | null = new Uint8Array(96 * 2 ** 20).fill(1)
    big = null
    expect(big).toBeNull()
    expect(probe.peak() - before).toBeGreaterThan(90 * 2 ** 20)
  })

  it(`runs ${CASES.toLocaleString('en')} cases: 0 crashes, 0 hangs, 0 blow-ups, every rejection coded`, async () => {
    const report = await fuzz({ cases: CASES, workers: 2, seed: SEED, findingsDir: null })
    process.stdout.write(formatReport(report))
    expect(report.cases).toBe(CASES)
    for (const target of TARGETS) {
      const c = report.perTarget[target]
      expect(c.cases, target).toBeGreaterThan(0)
      // Each target both accepts and refuses some inputs: the mutations reach past the first check.
      expect(c.accepted, `${target} accepted`).toBeGreaterThan(0)
    }
    expect(report.findings.map((f) => `${f.target} ${f.outcome}: ${f.message.slice(0, 300)}`)).toEqual([])
    expect(report.bounds).toEqual(DEFAULT_BOUNDS)
  }, 1_800_000)
})
