// A capture too large for the analyzer worker's heap fails with a coded error, never a crash
// (analyzer/worker-memory.ts): the worker has a heap limit of its own, computed from the machine's
// memory (and, in the app, Electron's 4 GiB cage); reaching it ends the worker, the open rejects
// with ANALYZER_OUT_OF_MEMORY naming the file, its size, the limit and what to do, and the next open
// works. Through the real path: analyzeCapture's heapLimitMb option (what the app computes) and the
// CLI's environment (WIRETRAIL_ANALYZER_HEAP_MB), on a capture of real traffic too large for it.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { getHeapStatistics } from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, type AnalyzeProgress } from '../../src-main/analyzer/index.ts'
import { analyzerHeapLimitMb, ELECTRON_CAGE_RESERVE_MB, MIN_HEAP_LIMIT_MB, partFrames, V8_HEAP_CAP_MB } from '../../src-main/analyzer/worker-memory.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { TOO_BIG_FOR_HEAP, writeSyntheticCapture } from '../support/synthetic-capture.ts'

const run = promisify(execFile)
const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const GiB = 1024 ** 3
/** Frames of real traffic too many for a 24 MiB heap (with 16 MiB a cold start leaves room for only
 * ≈ 3 700 frames, so the limit is not the minimum). */
const { frames: FRAMES, heapLimitMb: LIMIT } = TOO_BIG_FOR_HEAP
/** A page load's capture (956 frames) that opens with the same limit (and with MIN_HEAP_LIMIT_MB). */
const SMALL = `${CORPUS_DIR}/http-espn-pageload-images-gzip.pcapng`

async function rejection(p: Promise<unknown>): Promise<WiretrailError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  )
  expect(e).toBeInstanceOf(WiretrailError)
  return e as WiretrailError
}

describe('the worker’s heap limit', () => {
  it('is half the machine’s memory, at most V8’s 4 GiB (less a reserve in Electron’s cage), never below V8’s own default', () => {
    expect(analyzerHeapLimitMb({ totalBytes: 24 * GiB, electron: false })).toBe(V8_HEAP_CAP_MB)
    expect(analyzerHeapLimitMb({ totalBytes: 24 * GiB, electron: true })).toBe(V8_HEAP_CAP_MB - ELECTRON_CAGE_RESERVE_MB)
    expect(analyzerHeapLimitMb({ totalBytes: 4 * GiB, electron: false })).toBe(2048)
    expect(analyzerHeapLimitMb({ totalBytes: 4 * GiB, electron: true })).toBe(2048)
    expect(analyzerHeapLimitMb({ totalBytes: 16 * 1024 ** 2, electron: false })).toBe(MIN_HEAP_LIMIT_MB)
    // V8's default old generation is a quarter of the memory, at most 4 GiB: every capture that
    // opened with it still opens.
    for (const gib of [1, 2, 4, 6, 8, 12, 16, 24, 32, 64, 256]) {
      expect(analyzerHeapLimitMb({ totalBytes: gib * GiB, electron: false })).toBeGreaterThanOrEqual(Math.min((gib * 1024) / 4, 4096))
    }
    // …and on this machine: at least the heap this process got from V8 by default (less its young
    // generation, which the limit does not count).
    expect(analyzerHeapLimitMb({ totalBytes: 24 * GiB, electron: false, env: undefined })).toBeGreaterThanOrEqual(Math.floor(getHeapStatistics().heap_size_limit / 1024 ** 2) - 64)
  })

  it('is set by WIRETRAIL_ANALYZER_HEAP_MB, checked before anything starts', async () => {
    expect(analyzerHeapLimitMb({ totalBytes: 24 * GiB, electron: true, env: '700' })).toBe(700)
    for (const bad of ['abc', '1.5', '8', '-1']) {
      expect(() => analyzerHeapLimitMb({ totalBytes: 24 * GiB, electron: false, env: bad })).toThrow(expect.objectContaining({ code: 'ANALYZER_BAD_HEAP_LIMIT', message: expect.stringContaining(`not "${bad}"`) }))
    }
    const e = await rejection(analyzeCapture(SMALL, { heapLimitMb: 8 }))
    expect(e.code).toBe('ANALYZER_BAD_HEAP_LIMIT')
    expect(e.message).toContain('at least 16')
  })

  it('suggests parts of a round number of frames, at most half of what fitted', () => {
    expect([0, 1999, 2000, 15_840, 232_572, 2_000_000, 9_999_999].map(partFrames)).toEqual([1000, 1000, 1000, 5000, 100_000, 1_000_000, 2_000_000])
  })
})

describe('a capture that needs more heap than the worker may use', () => {
  let dir = ''
  let big = ''
  let bigBytes = 0

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wiretrail-oom-'))
    big = join(dir, 'too-big.pcap')
    bigBytes = await writeSyntheticCapture(big, FRAMES)
  }, 120_000)
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('fails to open with ANALYZER_OUT_OF_MEMORY, after its first screen was sent, and the next open works', async () => {
    const progress: AnalyzeProgress[] = []
    const e = await rejection(analyzeCapture(big, { heapLimitMb: LIMIT, onProgress: (p) => progress.push(p) }))
    expect(e.code).toBe('ANALYZER_OUT_OF_MEMORY')
    // How far it came: frames were read (a preview was even sent), not all of them.
    const read = e.details!.framesRead as number
    expect(read).toBeGreaterThan(5000)
    expect(read).toBeLessThan(FRAMES)
    expect(progress.some((p) => p.preview !== undefined)).toBe(true)
    expect(progress.at(-1)!.frames).toBe(read)
    const size = `${(bigBytes / 1024 ** 2).toFixed(1)} MiB`
    const percent = Math.floor((e.details!.bytesRead as number) / bigBytes * 100)
    const part = partFrames(read).toLocaleString('en-US')
    expect(e.message).toBe(
      `too-big.pcap (${size}) needs more memory than the analyzer may use on this computer: its JavaScript heap is limited to ${LIMIT} MiB, ` +
        `and it ran out after ${read.toLocaleString('en-US')} frames (${percent} % of the file), so the capture was not opened. ` +
        `Open it in smaller parts: Wireshark's editcap splits it, e.g. "editcap -c ${partFrames(read)} too-big.pcap part.pcap" writes one file per ${part} frames.`,
    )
    expect(e.details).toMatchObject({ fileName: 'too-big.pcap', sizeBytes: bigBytes, heapLimitMb: LIMIT })
    const explanation = e.details!.explanation as { en: string; ko: string }
    expect(explanation.en).toBe(e.message)
    expect(explanation.ko).toBe(
      `too-big.pcap 파일(${size})을 분석하려면 이 컴퓨터에서 분석기가 쓸 수 있는 메모리보다 더 많은 메모리가 필요합니다. ` +
        `분석기의 JavaScript 힙은 ${LIMIT} MiB로 제한되어 있는데, 프레임 ${read.toLocaleString('en-US')}개(파일의 ${percent}%)를 읽은 뒤 메모리가 바닥나서 캡처를 열지 못했습니다. ` +
        `파일을 작게 나눠서 여세요. 예를 들어 Wireshark의 editcap으로 "editcap -c ${partFrames(read)} too-big.pcap part.pcap" 명령을 실행하면 프레임 ${part}개마다 파일 하나로 나뉩니다.`,
    )
    expect(hasUnresolvedParticle(explanation.ko)).toBe(false)

    // This process goes on, and the next open (with the same limit) works.
    const next = await analyzeCapture(SMALL, { heapLimitMb: LIMIT })
    try {
      expect(next.walkthrough.packets).toBe(956)
      expect((await next.detail(956)).frame).toBe(956)
    } finally {
      await next.close()
    }
  }, 300_000)

  it('fails `wiretrail inspect` with exit status 1 and the coded message; the next capture inspects', async () => {
    const env = { ...process.env, WIRETRAIL_ANALYZER_HEAP_MB: String(LIMIT) }
    const failed = await run(process.execPath, [CLI, 'inspect', big, '--summary'], { env }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    )
    expect(failed).not.toBeNull()
    expect(failed!.code).toBe(1)
    expect(failed!.stdout).toBe('')
    expect(failed!.stderr).toMatch(/^wiretrail inspect: too-big\.pcap \([\d.]+ MiB\) needs more memory than the analyzer may use on this computer: its JavaScript heap is limited to 24 MiB, and it ran out after [\d,]+ frames \(\d+ % of the file\), so the capture was not opened\. Open it in smaller parts: .*editcap -c \d+ too-big\.pcap part\.pcap.* \[ANALYZER_OUT_OF_MEMORY\]\n$/)
    const json = await run(process.execPath, [CLI, 'inspect', big, '--json'], { env }).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    )
    expect(json!.code).toBe(1)
    expect(JSON.parse(json!.stdout)).toMatchObject({ error: { code: 'ANALYZER_OUT_OF_MEMORY', message: expect.stringContaining('too-big.pcap') } })
    const ok = await run(process.execPath, [CLI, 'inspect', SMALL, '--summary'], { env })
    expect(ok.stdout).toContain('steps ')
    const bad = await run(process.execPath, [CLI, 'inspect', SMALL, '--summary'], { env: { ...process.env, WIRETRAIL_ANALYZER_HEAP_MB: 'lots' } }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect(bad!.code).toBe(1)
    expect(bad!.stderr).toBe('wiretrail inspect: WIRETRAIL_ANALYZER_HEAP_MB must be a whole number of MiB, at least 16, not "lots" [ANALYZER_BAD_HEAP_LIMIT]\n')
  }, 300_000)
})
