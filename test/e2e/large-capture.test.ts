// A capture of 100 000 frames of real traffic (corpus page loads, DNS and TLS replicated with
// distinct ports and shifted times: test/support/synthetic-capture.ts) opened in the app through
// File → Open, as a user does (test/e2e/large-capture-run.ts): every frame is listed with the right
// count, the list reaches its last row (the same frame tshark reads last), the player reaches the
// last step, and the renderer answered input while the capture opened — key presses sent every
// 100 ms were each handled, several of them while the progress bar was still counting frames read.
// The issue's bound, no main-thread task over 200 ms, is asserted on the tasks' CPU time from
// Chromium's trace: a task's wall time also counts the time other processes had the CPU, so on a
// loaded machine it says more about the load than about the app (it is printed here and reported
// with the load by `npm run bench analyzer`, analyzer-ui.bench.ts). Measured: 32–35 ms of CPU at
// most at load 4–13 on two shared cores (wall 83–192 ms), so the bound holds with a wide margin on
// a slower machine too (docs/walkthrough-schema.md, Performance).
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'
import { runLargeCapture, type LargeCaptureRun } from './large-capture-run.ts'

const run = promisify(execFile)
const FRAMES = 100_000

describe(`a capture of ${FRAMES} frames opened through File → Open`, () => {
  let dir = ''
  let result: LargeCaptureRun
  let tshark: { len: string; src: string; dst: string }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wiretrail-large-'))
    const capture = join(dir, 'large.pcap')
    await writeSyntheticCapture(capture, FRAMES)
    const { stdout } = await run('tshark', ['-n', '-r', capture, '-Y', `frame.number == ${FRAMES}`, '-T', 'fields', '-e', 'frame.len', '-e', 'ip.src', '-e', 'ip.dst'], { maxBuffer: 1 << 20 })
    const [len = '', src = '', dst = ''] = stdout.trim().split('\t')
    tshark = { len, src, dst }
    result = await runLargeCapture(FRAMES, 'large', capture)
    console.log(
      `large capture (${(result.fileBytes / 1048576).toFixed(0)} MB): opened in ${result.openMs.toFixed(0)} ms; ${result.longTasks.length} main-thread tasks > 50 ms, the longest ${result.longest.toFixed(0)} ms (the most CPU one task took: ${result.longestCpu.toFixed(0)} ms; ${result.untimed.count} tasks without CPU time, the longest ${result.untimed.longest.toFixed(1)} ms); ` +
        `${result.probes.length}/${result.probesSent} key presses answered (${result.probes.filter((p) => p.opening).length} while opening), longest wait ${Math.max(0, ...result.probes.map((p) => p.delay)).toFixed(0)} ms; load ${result.load.map((l) => l.toFixed(1)).join(' → ')}`,
    )
  }, 900_000)
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('lists every frame, with the right count', () => {
    expect(result.countText).toBe(`${FRAMES} of ${FRAMES} frames`)
  })

  it('reaches the last row: the frame tshark reads last', () => {
    expect(result.lastRow.no).toBe(String(FRAMES))
    expect(result.lastRow.length).toBe(tshark.len)
    expect(result.lastRow.src).toContain(tshark.src)
    expect(result.lastRow.dst).toContain(tshark.dst)
    expect(result.lastRow.info).not.toBe('')
  })

  it('scrolls by the wheel\'s own amount where the list is taller than the browser lays out', () => {
    // 100 000 rows of 22 px are laid out on less (lib/row-window.ts): the scroll position is mapped,
    // and a wheel turn of 100 rows still moves the list by exactly 100 rows.
    expect(result.wheel.mapped).toBe(true)
    expect(result.wheel.topFrame).toBe(result.wheel.expectedTopFrame)
  })

  it('reaches the last step of a lesson longer than a thousand steps', () => {
    expect(result.stepCount).toBeGreaterThan(1000)
    expect(result.lastStep.index).toBe(result.stepCount - 1)
    expect(result.lastStep.title).not.toBe('')
  })

  it('no main-thread task took over 200 ms of CPU while it opened, scrolled to the last row and stepped to the last step', () => {
    // The trace must give CPU time (tdur): without it a task's "CPU" is its wall time.
    expect(result.cpuTimed).toBe(true)
    expect(result.longestCpu).toBeGreaterThan(0)
    expect(result.longestCpu).toBeLessThanOrEqual(200)
  })

  it('answered input while the capture opened: every key press handled, several while frames were being read', () => {
    expect(result.probesSent).toBeGreaterThan(0)
    expect(result.probes).toHaveLength(result.probesSent)
    const whileOpening = result.probes.filter((p) => p.opening)
    expect(whileOpening.length).toBeGreaterThanOrEqual(2)
    // At different moments of the opening, not all at its end.
    expect(new Set(whileOpening.map((p) => p.read)).size).toBeGreaterThanOrEqual(2)
    expect(result.problems).toEqual([])
  })
})
