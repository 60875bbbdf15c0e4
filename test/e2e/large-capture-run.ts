// A large capture opened in the app as a user does it, with what the renderer's main thread did
// meanwhile: File → Open of a capture of real traffic (test/support/synthetic-capture.ts), the
// packet list dragged to its last row, the player's Last button. Shared by the end-to-end test
// (test/e2e/large-capture.test.ts: what must hold on any machine) and the benchmark
// (test/bench/analyzer-ui.bench.ts: the longest main-thread task against the 200 ms, a
// figure that depends on the machine and its load).
//
// Probes run from the page's first moment on:
//   - Chromium's Long Tasks API reports every main-thread task over 50 ms with its duration;
//   - Chromium's trace (category "toplevel") gives every task of the renderer's main thread with its
//     wall time and the CPU time the thread actually ran: on a loaded machine a task's wall time
//     counts the time the CPU was given to other processes, its CPU time does not;
//   - key presses (Shift, which the app ignores) sent every 100 ms while the capture opens: each
//     one's handler notes how long the event waited for the main thread (now − event.timeStamp),
//     whether the capture was still opening, and how many frames the progress said were read.
import { statSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'
import { createSandbox, openBrowser, screenshot, startShell, waitFor } from './harness.ts'

export interface LongTask {
  start: number
  duration: number
}

/** A key press as the page handled it. */
export interface AnsweredProbe {
  /** ms the event waited before its handler ran. */
  delay: number
  /** The capture was still opening (the progress bar was shown). */
  opening: boolean
  /** The progress bar's "frames read" text at that moment, if shown. */
  read: string | null
}

/** A main-thread task from Chromium's trace: wall and thread CPU time, ms. */
export interface TracedTask {
  wall: number
  cpu: number
  /** The trace gave its CPU time (else `cpu` is its wall time). */
  cpuTimed: boolean
}

export interface LargeCaptureRun {
  frames: number
  fileBytes: number
  /** The packet list's count once opened ("100000 of 100000 frames"). */
  countText: string
  /** The last row's cells by column (no, time, src, dst, protocol, length, info) once the list was
   * dragged to its end. */
  lastRow: Record<string, string>
  /** From the list's end, the mouse wheel turned up by WHEEL_ROWS rows' height: the frame at the
   * viewport's top then, and the one that should be there (the wheel moves the content by its own
   * amount, even where the scroll position is mapped onto the rows: lib/row-window.ts). */
  wheel: { topFrame: number | null; expectedTopFrame: number; mapped: boolean }
  stepCount: number
  /** The explainer's step index and title after Last. */
  lastStep: { index: number; title: string }
  /** ms from choosing the file to the complete count. */
  openMs: number
  longTasks: LongTask[]
  longest: number
  /** The renderer main thread's tasks over 50 ms of wall time, from the trace, longest first. */
  tracedLong: TracedTask[]
  /** The most CPU time one main-thread task took (ms). */
  longestCpu: number
  /** Main-thread tasks the trace gave no CPU time (tdur), and the longest of them (wall ms). */
  untimed: { count: number; longest: number }
  /** Whether the trace gave CPU time (tdur) to every main-thread task over 50 ms of wall time (a
   * few short ones at the trace's edges come without); without it `cpu` is the task's wall time. */
  cpuTimed: boolean
  probesSent: number
  probes: AnsweredProbe[]
  /** Load averages (1 min) before and after. */
  load: [number, number]
  problems: string[]
}

/** The packet list's row height (WtPacketList.vue) and how many rows the wheel check scrolls. */
const ROW_PX = 22
const WHEEL_ROWS = 100

/** Opens the synthetic capture of `frames` frames (at `capturePath` when given, else written to
 * the sandbox first). */
export async function runLargeCapture(frames: number, screenshotPrefix: string, capturePath?: string): Promise<LargeCaptureRun> {
  const loadBefore = loadavg()[0]!
  const sandbox = await createSandbox()
  try {
    const capture = capturePath ?? join(sandbox.dir, 'large.pcap')
    const fileBytes = capturePath ? statSync(capturePath).size : await writeSyntheticCapture(capture, frames)
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    const session = await openBrowser(sandbox, url)
    try {
      const { page } = session
      await session.context.addInitScript(() => {
        const tasks: { start: number; duration: number }[] = []
        const probes: { delay: number; opening: boolean; read: string | null }[] = []
        Object.defineProperty(window, '__largeCapture', { value: { tasks, probes } })
        // buffered: tasks before the observer's first callback are reported too.
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration })
        }).observe({ type: 'longtask', buffered: true })
        window.addEventListener(
          'keydown',
          (event) => {
            if (event.key !== 'Shift') return
            probes.push({
              delay: performance.now() - event.timeStamp,
              opening: document.querySelector('[data-testid="progress"]') !== null,
              read: document.querySelector('[data-testid="progress-frames"]')?.textContent ?? null,
            })
          },
          { capture: true },
        )
      })
      await page.reload()
      await page.waitForSelector('[data-testid="urlbar"]')
      const since = await page.evaluate(() => performance.now())
      // WIRETRAIL_UI_PROFILE=<dir>: also the timeline (layout, style, script) and a CPU profile of
      // the page, written there for Chrome's DevTools (what a long task spent its time on).
      const profileDir = process.env.WIRETRAIL_UI_PROFILE
      const cdp = profileDir ? await session.context.newCDPSession(page) : null
      if (cdp) {
        await cdp.send('Profiler.enable')
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
        await cdp.send('Profiler.start')
      }
      await session.browser.startTracing(undefined, { categories: profileDir ? ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] : ['toplevel'] })

      const full = `${frames} of ${frames} frames`
      const chooser = page.waitForEvent('filechooser')
      await page.click('[data-menu="file"]')
      await page.click('[data-command="open"]')
      const t0 = performance.now()
      await (await chooser).setFiles(capture)
      // Key presses while it opens, until the list holds every frame.
      let opened = false
      let probesSent = 0
      const probing = (async () => {
        while (!opened) {
          await page.keyboard.press('Shift')
          probesSent++
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
      })()
      try {
        await waitFor(page, `[data-testid="packet-count"]:text("${full}")`, `${screenshotPrefix}-count`, 600_000)
      } finally {
        opened = true
        await probing
      }
      const openMs = performance.now() - t0
      await waitFor(page, '.timeline [data-phase="connect"]', `${screenshotPrefix}-timeline`)
      const countText = (await page.locator('[data-testid="packet-count"]').textContent()) ?? ''

      // The packet list dragged to its end: the last frame's row, once fetched from the worker
      // (a row waiting for its page has aria-busy and no data-frame).
      await page.locator('[data-testid="packet-list"]').evaluate((list) => list.scrollTo({ top: list.scrollHeight }))
      await waitFor(page, `[data-testid="packet-list"] [data-frame="${frames}"]`, `${screenshotPrefix}-last-row`)
      const lastRow = await page
        .locator(`[data-testid="packet-list"] [data-frame="${frames}"] [data-column]`)
        .evaluateAll((cells) => Object.fromEntries(cells.map((cell) => [cell.getAttribute('data-column') ?? '', (cell.textContent ?? '').trim()])))

      // The wheel, from the end: up by WHEEL_ROWS rows (pixel deltas, as a mouse wheel sends them).
      const list = page.locator('[data-testid="packet-list"]')
      const before = await list.evaluate((element) => ({ height: element.clientHeight, scrollHeight: element.scrollHeight }))
      await list.hover()
      await page.mouse.wheel(0, -WHEEL_ROWS * ROW_PX)
      const expectedOffset = frames * ROW_PX - before.height - WHEEL_ROWS * ROW_PX
      const expectedTopFrame = Math.floor(expectedOffset / ROW_PX) + 1
      await waitFor(page, `[data-testid="packet-list"] [data-frame="${expectedTopFrame}"]`, `${screenshotPrefix}-wheel`)
      const topFrame = await list.evaluate((element) => {
        const top = element.getBoundingClientRect().top
        // The first row whose bottom is below the viewport's top edge.
        const rows = [...element.querySelectorAll<HTMLElement>('[data-frame]')].filter((row) => row.getBoundingClientRect().bottom > top + 0.5)
        rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        return rows.length ? Number(rows[0]!.dataset.frame) : null
      })
      const wheel = { topFrame, expectedTopFrame, mapped: before.scrollHeight < frames * ROW_PX }

      // The player's last step: its window of steps is fetched from the analyzer's worker.
      const stepCount = Number(await page.locator('[data-testid="player"]').getAttribute('data-step-count'))
      await page.click('[data-action="last"]')
      await waitFor(page, `[data-testid="step-explainer"][data-step-index="${stepCount - 1}"]`, `${screenshotPrefix}-last-step`)
      const explainer = page.locator('[data-testid="step-explainer"]')
      const lastStep = { index: Number(await explainer.getAttribute('data-step-index')), title: ((await explainer.locator('.step-title').textContent()) ?? '').trim() }
      await screenshot(page, `${screenshotPrefix}-last-step`)

      const traceText = (await session.browser.stopTracing()).toString('utf8')
      if (cdp && profileDir) {
        const { profile } = await cdp.send('Profiler.stop')
        writeFileSync(join(profileDir, `${screenshotPrefix}.cpuprofile`), JSON.stringify(profile))
        writeFileSync(join(profileDir, `${screenshotPrefix}.trace.json`), traceText)
      }
      const traced = mainThreadTasks(JSON.parse(traceText) as Trace)
      const seen = await page.evaluate((from) => {
        const probe = (window as unknown as { __largeCapture: { tasks: { start: number; duration: number }[]; probes: { delay: number; opening: boolean; read: string | null }[] } }).__largeCapture
        return { tasks: probe.tasks.filter((task) => task.start >= from), probes: probe.probes }
      }, since)
      return {
        frames,
        fileBytes,
        countText,
        lastRow,
        wheel,
        stepCount,
        lastStep,
        openMs,
        longTasks: seen.tasks,
        longest: Math.max(0, ...seen.tasks.map((task) => task.duration)),
        tracedLong: traced.filter((task) => task.wall > 50).sort((a, b) => b.wall - a.wall),
        longestCpu: traced.reduce((most, task) => Math.max(most, task.cpu), 0),
        untimed: { count: traced.filter((task) => !task.cpuTimed).length, longest: Math.max(0, ...traced.filter((task) => !task.cpuTimed).map((task) => task.wall)) },
        cpuTimed: traced.some((task) => task.cpuTimed) && traced.every((task) => task.cpuTimed || task.wall <= 50),
        probesSent,
        probes: seen.probes,
        load: [loadBefore, loadavg()[0]!],
        problems: [...session.problems],
      }
    } finally {
      await session.browser.close()
    }
  } finally {
    await sandbox.close()
  }
}

interface TraceEvent {
  pid: number
  tid: number
  ph: string
  name: string
  dur?: number
  tdur?: number
  args?: { name?: string }
}
type Trace = { traceEvents: TraceEvent[] } | TraceEvent[]

/** The tasks run by the renderer's main thread (the busiest thread named CrRendererMain), in ms. */
function mainThreadTasks(trace: Trace): TracedTask[] {
  const events = Array.isArray(trace) ? trace : trace.traceEvents
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const byThread = new Map<string, TracedTask[]>()
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !mains.has(thread) || e.dur === undefined) continue
    const tasks = byThread.get(thread) ?? []
    tasks.push({ wall: e.dur / 1000, cpu: (e.tdur ?? e.dur) / 1000, cpuTimed: e.tdur !== undefined })
    byThread.set(thread, tasks)
  }
  const busiest = [...byThread.values()].sort((a, b) => b.reduce((sum, t) => sum + t.cpu, 0) - a.reduce((sum, t) => sum + t.cpu, 0))[0]
  if (!busiest) throw new Error("Chromium's trace holds no task of the renderer's main thread (CrRendererMain)")
  return busiest
}
