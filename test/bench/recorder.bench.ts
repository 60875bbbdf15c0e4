// `npm run bench recorder`: the lab's gallery page (the page + 22 subresources over HTTP) loaded
//   - by Wiretrail, recording (synthesized pcap + journal),
//   - by Wiretrail, not recording (the same load with no tap),
//   - by curl (--resolve, no DNS): the page, then its 22 files with up to 6 in parallel,
//   - by headless Chromium (playwright-core, --host-resolver-rules, no DNS),
// all against the same web servers, in the same run. The lab runs in its own process (as the
// resolver benchmark does), so its servers share no event loop with any client.
//
// How the numbers are made trustworthy on a small, shared machine:
//   - Every round runs the four clients in a shuffled order, then PAIRS_PER_ROUND extra runs of a
//     recorded, an unrecorded, a writes-only, a frames-only and a hand-over load back to back (each
//     order of the five in turn): the recording
//     overhead is a small difference between two noisy times (the lab's web server answers a
//     request in 0.5–5 ms), so it gets many more samples than curl and Chromium need.
//   - Medians, with the spread over rounds: the interquartile range of the per-pair ratios, and a
//     95 % bootstrap interval for the ratio of the medians (how well this run pins it down).
//   - Beside the wall-clock times, what each load cost this process: the main thread's busy time
//     (event-loop utilization) and CPU time (all its threads). These vary far less than the
//     wall-clock time and show the recorder's own cost directly.
//   - Each recording goes to a new file, as the app and `wiretrail record` name every recording
//     anew (services/captures.ts, cli/record.ts), in a temporary folder removed at the end.
// A third load in each run makes only the writes the crash contract asks of a recording
// (WritesOnlyTap): what recording costs above it is the making of the frames and the journal's text;
// what it costs above the unrecorded load is the floor no recorder keeping that contract goes under.
// A fifth load in each run makes the frames and nothing of the journal's text (FramesOnlyTap): the
// frames synthesized (their notes included) and written as the recorder writes them, the journal's
// writes as the writes-only load makes them, with filler. It splits what recording costs above the
// floor: the making of the frames (frames-only minus writes-only) and the journal's text with the
// per-load set-up (recorded minus frames-only: socket-event and frame lines, resolver and HTTP
// records, the options' checks, the host's interfaces, the files' whereabouts at the end).
// A fourth load in each run makes the same writes to another process instead of the files
// (HandOverTap): one write per socket event that may make packets to a pipe whose reader discards
// them, the rest at the turn's end, and at the end a round trip that waits for the reader to have
// read everything. That is the floor of a recorder that hands its events to a capture writer
// process of its own (Wireshark's dumpcap) instead of writing the files itself: what the page
// load's process would still pay, however little it did per event.
// Wiretrail's load includes its iterative resolution (5 UDP exchanges, then cache hits), which
// curl and Chromium skip through their host mappings: the ratios say so in their notes.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Writable } from 'node:stream'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { loadPageUnrecorded, recordPageLoad } from '../../src-main/recorder/index.ts'
import { AppendFile } from '../../src-main/recorder/append-file.ts'
import { createCaptureWriter, type CaptureWriter, type PacketRecord } from '../../src-main/recorder/capture-file/index.ts'
import { FrameSynthesizer } from '../../src-main/recorder/frame-synthesizer.ts'
import { runPageSession } from '../../src-main/recorder/page-session.ts'
import { JOURNAL_SUFFIX } from '../../src-main/shared/journal.ts'
import type { SocketEvent, SocketTap } from '../../src-main/sockets/tap.ts'
import { parseLoadableUrl } from '../../src-main/url/index.ts'
import type { BenchReport } from './run.ts'
import { labInOtherProcess, startLabProcess } from './lab-process.ts'
import { CHROMIUM, CHROMIUM_ARGS, hostResolverRules } from '../support/chromium.ts'

const BLOCK = 183
const DNS_PORT = 20153
const HTTP_PORT = 20180
const ROUNDS = 40
const WARMUP = 3
/** Runs of a recorded, an unrecorded, a writes-only, a frames-only and a hand-over load per round, after the four clients. */
const PAIRS_PER_ROUND = 10
/** Pause before each client of a round (Chromium's processes wind down), and before each pair. */
const SETTLE_MS = 100
const PAIR_SETTLE_MS = 15
const BOOTSTRAP_RESAMPLES = 2000
const PAGE_PATH = '/gallery.html'
const HOST = 'www.lab.cyber.co.kr'

function median(values: number[]): number {
  return quantile(values, 0.5)
}

/** Linear interpolation between the closest ranks (the usual "type 7" quantile). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (sorted.length - 1) * q
  const low = Math.floor(at)
  const high = Math.ceil(at)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low)
}

function mean(values: number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length
}

function standardError(values: number[]): number {
  const m = mean(values)
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1) / values.length)
}

/** A deterministic pseudo-random sequence in [0, 1) (shuffles and resampling repeat run to run). */
function lcg(seed: number): () => number {
  let state = seed
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}

/** 95 % percentile-bootstrap interval of median(a) / median(b) over paired samples. */
function bootstrapRatioInterval(a: number[], b: number[]): [number, number] {
  const random = lcg(7)
  const ratios: number[] = []
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r += 1) {
    const ra: number[] = []
    const rb: number[] = []
    for (let i = 0; i < a.length; i += 1) {
      const k = Math.floor(random() * a.length)
      ra.push(a[k]!)
      rb.push(b[k]!)
    }
    ratios.push(median(ra) / median(rb))
  }
  return [quantile(ratios, 0.025), quantile(ratios, 0.975)]
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${command} is not installed: the benchmark compares against it`))
      else if (error) reject(new Error(`${command} failed: ${stderr || error.message}`))
      else resolve()
    })
  })
}

/** Frames' bytes per packet beside the payload: a pcap record header (16), Ethernet (14), IPv4 (20), TCP (20). */
const FRAME_OVERHEAD = 70
/** A journal line's length, about (the recorder's frame and event lines are 100–300 bytes). */
const LINE = Buffer.alloc(160, 0x20)

/** The journal's writes of the floor loads below: one filler line per write, made before another
 * socket's packets are written or at the end of the turn (as capture-tap.ts writes the journal's
 * lines), and no journal text. */
abstract class FillerJournalTap implements SocketTap {
  private pendingFlow: string | null = null
  private linesDue: NodeJS.Immediate | null = null

  constructor(private readonly journal: AppendFile) {}

  abstract emit(event: SocketEvent): void

  close(): void {
    this.writeLines()
  }

  /** Before `socketId`'s packets are written: the lines naming another socket's go first. */
  protected beforePackets(socketId: string): void {
    if (this.pendingFlow !== null && this.pendingFlow !== socketId) this.writeLines()
    this.pendingFlow = socketId
  }

  /** Every event: the lines go out at the end of the turn at the latest. */
  protected lineDue(): void {
    this.linesDue ??= setImmediate(this.writeLines)
  }

  private readonly writeLines = (): void => {
    if (this.linesDue !== null) clearImmediate(this.linesDue)
    this.linesDue = null
    this.pendingFlow = null
    this.journal.write(LINE)
  }
}

/**
 * The writes the crash contract asks of a recording, and nothing else: for every socket event that
 * makes packets, one positional write (AppendFile, as the recorder's) of about the bytes its frames
 * take, before emit() returns; the journal's lines of a turn in one write at the turn's end, or
 * before another socket's packets (as capture-tap.ts writes them). No frame is synthesized and no
 * journal text is made. The benchmark's floor: only a recorder that wrote less would cost less.
 */
class WritesOnlyTap extends FillerJournalTap {
  private readonly scratch = Buffer.alloc(256 * 1024)

  constructor(
    private readonly capture: AppendFile,
    journal: AppendFile,
  ) {
    super(journal)
  }

  emit(event: SocketEvent): void {
    const packets = event.kind === 'write' || event.kind === 'read' || event.kind === 'connecting' || event.kind === 'connected' || event.kind === 'shutdown'
    if (packets) {
      this.beforePackets(event.socketId)
      const payload = event.kind === 'write' || event.kind === 'read' ? event.bytes.length : 0
      this.capture.write(this.scratch, 0, Math.min(this.scratch.length, FRAME_OVERHEAD * (1 + Math.floor(payload / 1460)) + payload))
    }
    this.lineDue()
  }
}

/**
 * The frames and none of the journal's text: every socket event's frames synthesized (notes
 * included) by the recorder's FrameSynthesizer and appended by a capture writer in one write before
 * emit() returns, as capture-tap.ts writes them (timestamps never going back); the journal's writes
 * as WritesOnlyTap makes them (one filler line per write, before another socket's frames or at the
 * turn's end). No socket-event line, frame line or record is made.
 */
class FramesOnlyTap extends FillerJournalTap {
  private readonly synthesizer = new FrameSynthesizer()
  private lastTimestamp = 0

  constructor(
    private readonly capture: CaptureWriter,
    journal: AppendFile,
  ) {
    super(journal)
  }

  emit(event: SocketEvent): void {
    const frames = this.synthesizer.handle(event)
    if (frames.length > 0) {
      this.beforePackets(event.socketId)
      const packets: PacketRecord[] = []
      for (const frame of frames) {
        this.lastTimestamp = Math.max(this.lastTimestamp, frame.at)
        packets.push({ timestampMs: this.lastTimestamp, data: frame.packet, comment: frame.note })
      }
      this.capture.writePackets(packets)
    }
    this.lineDue()
  }
}

/** The reader HandOverTap writes to: length-prefixed messages, read and dropped; an empty message
 * is answered with one byte once everything before it was read. */
const DISCARDING_READER = `let rest = Buffer.alloc(0)
process.stdin.on('data', (chunk) => {
  let data = rest.length === 0 ? chunk : Buffer.concat([rest, chunk])
  let at = 0
  while (data.length - at >= 4) {
    const length = data.readUInt32LE(at)
    if (data.length - at < 4 + length) break
    if (length === 0) process.stdout.write('k')
    at += 4 + length
  }
  rest = data.subarray(at)
})`

/**
 * The same writes as WritesOnlyTap, handed to another process (see the header): for every socket
 * event that may make packets, one write of about its bytes and a header to a pipe before emit()
 * returns; the others' bytes wait for the next such write or the turn's end. No file is written.
 */
class HandOverTap implements SocketTap {
  private pending = 0
  private turnDue: NodeJS.Immediate | null = null

  constructor(
    private readonly pipe: Writable,
    private readonly scratch: Buffer,
  ) {}

  emit(event: SocketEvent): void {
    const payload = event.kind === 'write' || event.kind === 'read' || event.kind === 'tls-plaintext' ? event.bytes.length : 0
    // An event's header as the writer would need it (its JSON without the bytes: 100–200 bytes).
    this.pending += HAND_OVER_HEADER + payload
    const packets = event.kind === 'write' || event.kind === 'read' || event.kind === 'connecting' || event.kind === 'connected' || event.kind === 'shutdown'
    if (packets) this.send()
    else this.turnDue ??= setImmediate(this.send)
  }

  /** Waits until the reader has read everything written (as a writer process finishing the files). */
  finish(replies: NodeJS.ReadableStream): Promise<void> {
    this.send()
    return new Promise((resolve, reject) => {
      const ended = (): void => reject(new Error('the hand-over floor\'s reader process ended'))
      replies.once('end', ended)
      replies.once('data', () => {
        replies.off('end', ended)
        resolve()
      })
      this.write(0)
    })
  }

  private readonly send = (): void => {
    if (this.turnDue !== null) clearImmediate(this.turnDue)
    this.turnDue = null
    if (this.pending === 0) return
    this.write(Math.min(this.pending, this.scratch.length - 4))
    this.pending = 0
  }

  private write(length: number): void {
    const message = Buffer.allocUnsafe(4 + length)
    message.writeUInt32LE(length, 0)
    this.scratch.copy(message, 4, 0, length)
    this.pipe.write(message)
  }
}
/** Bytes of an event's header in HandOverTap's messages. */
const HAND_OVER_HEADER = 150

export async function bench(): Promise<BenchReport> {
  const stopLab = await startLabProcess({ addressBlock: BLOCK, dnsPort: DNS_PORT, httpPort: HTTP_PORT })
  const lab = labInOtherProcess({ addressBlock: BLOCK, dnsPort: DNS_PORT, httpPort: HTTP_PORT })
  const web = lab.web.find((w) => w.host === HOST)!
  const pageUrl = `http://${HOST}:${HTTP_PORT}${PAGE_PATH}`
  const dir = mkdtempSync(join(tmpdir(), 'wiretrail-recorder-bench-'))
  let recordings = 0
  const nextOutput = (): string => join(dir, `gallery-${(recordings += 1)}.pcap`)
  // The reader of the hand-over floor, started once (as a writer process would be).
  const reader = spawn(process.execPath, ['-e', DISCARDING_READER], { stdio: ['pipe', 'pipe', 'inherit'] })
  reader.on('error', (error) => console.error(`the hand-over floor's reader could not start: ${error.message}`))
  const handOverScratch = Buffer.alloc(256 * 1024)
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', ...CHROMIUM_ARGS, hostResolverRules(lab.web.map((w) => `MAP ${w.host} ${w.address}`))],
  })
  try {
    // What the page needs, from one recorded load (it also proves the lab serves the page).
    const probe = await recordPageLoad({ url: pageUrl, output: nextOutput(), lab })
    if (!probe.ok || probe.subresources.length !== 22) throw new Error(`the gallery did not load fully: ${probe.error?.message ?? `${probe.subresources.length} subresources`}`)
    const resolve = ['--resolve', `${HOST}:${HTTP_PORT}:${web.address}`]
    const subresourceArgs = probe.subresources.flatMap((s) => ['-o', '/dev/null', s.url])

    /** A floor load (writes-only, frames-only) as recordPageLoad starts a recording: the capture
     * created with its header (by `create`) and the journal with a first line before the first
     * packet; then the page loaded through the tap, and both files closed. */
    const floorLoad = async (create: (output: string) => { capture: { close(): void }; tap: (journal: AppendFile) => FillerJournalTap }): Promise<void> => {
      const output = nextOutput()
      const { capture, tap: tapFor } = create(output)
      const journal = AppendFile.open(output + JOURNAL_SUFFIX, 'journal')
      const tap = tapFor(journal)
      try {
        journal.write(LINE)
        const session = await runPageSession({ url: parseLoadableUrl(pageUrl), target: 'lab', lab, tap })
        if (session.failure !== undefined) throw new Error(session.failure.message)
      } finally {
        tap.close()
        capture.close()
        journal.close()
      }
    }
    const clients: Record<string, () => Promise<unknown>> = {
      recorded: async () => {
        const r = await recordPageLoad({ url: pageUrl, output: nextOutput(), lab })
        if (!r.ok) throw new Error(r.error?.message)
      },
      unrecorded: async () => {
        const r = await loadPageUnrecorded({ url: pageUrl, lab })
        if (!r.ok || r.requests !== 23) throw new Error('the unrecorded load failed')
      },
      writesOnly: () =>
        floorLoad((output) => {
          const capture = AppendFile.open(output, 'capture')
          capture.write(LINE.subarray(0, 24)) // as the capture's file header
          return { capture, tap: (journal) => new WritesOnlyTap(capture, journal) }
        }),
      // As writesOnly, with the recorder's capture writer (its file header) and frames.
      framesOnly: () =>
        floorLoad((output) => {
          const capture = createCaptureWriter(output, { format: 'pcap' })
          return { capture, tap: (journal) => new FramesOnlyTap(capture, journal) }
        }),
      handOver: async () => {
        const tap = new HandOverTap(reader.stdin, handOverScratch)
        const session = await runPageSession({ url: parseLoadableUrl(pageUrl), target: 'lab', lab, tap })
        if (session.failure !== undefined) throw new Error(session.failure.message)
        await tap.finish(reader.stdout)
      },
      curl: async () => {
        await run('curl', ['-sf', ...resolve, '-o', '/dev/null', pageUrl])
        await run('curl', ['-sf', '-Z', '--parallel-max', '6', ...resolve, ...subresourceArgs])
      },
      chromium: async () => {
        const context = await browser.newContext()
        try {
          const page = await context.newPage()
          const response = await page.goto(pageUrl, { waitUntil: 'load' })
          if (response?.status() !== 200) throw new Error(`Chromium got ${response?.status()}`)
        } finally {
          await context.close()
        }
      },
    }
    /** The clients of the shuffled part of a round (the writes-only load runs in the pairs only). */
    const compared = Object.keys(clients).filter((k) => k !== 'writesOnly' && k !== 'framesOnly' && k !== 'handOver')
    const times: Record<string, number[]> = Object.fromEntries(compared.map((k) => [k, []]))
    // Paired samples for the overhead: the recorded and unrecorded loads of one pair (or of one
    // round's shuffled run) ran next to each other.
    const pairs: { recorded: number; unrecorded: number }[] = []
    /** Per pair, recorded minus unrecorded: main-thread busy ms, process CPU ms. */
    const busyDiff: number[] = []
    const cpuDiff: number[] = []
    /** Per load of the pairs: main-thread busy ms and process CPU ms, recorded and unrecorded. */
    const perLoad = { recorded: { busy: [] as number[], cpu: [] as number[] }, unrecorded: { busy: [] as number[], cpu: [] as number[] } }
    /** Per pair, the writes-only load: wall ms, and minus the unrecorded load: busy ms, CPU ms. */
    const floor = { wall: [] as number[], unrecorded: [] as number[], busyDiff: [] as number[], cpuDiff: [] as number[] }
    /** Per run, the frames-only load: wall ms; minus the writes-only load and the recorded load
     * minus it: busy ms, CPU ms (the split of what recording costs above the floor). */
    const framesOnly = { wall: [] as number[], synthesisBusy: [] as number[], synthesisCpu: [] as number[], textBusy: [] as number[], textCpu: [] as number[] }
    /** Per pair, the hand-over load: the same. */
    const handOver = { wall: [] as number[], busyDiff: [] as number[], cpuDiff: [] as number[] }
    const loadAtStart = loadavg()
    const cost: Record<string, { busy: number; cpu: number }> = {}
    const random = lcg(42)
    const timed = async (name: string, settleMs: number): Promise<number> => {
      await new Promise((resolve) => setTimeout(resolve, settleMs))
      const loop = performance.eventLoopUtilization()
      const cpu = process.cpuUsage()
      const start = performance.now()
      await clients[name]!()
      const elapsed = performance.now() - start
      const used = process.cpuUsage(cpu)
      cost[name] = { busy: performance.eventLoopUtilization(loop).active, cpu: (used.user + used.system) / 1000 }
      return elapsed
    }
    const costDiff = (): void => {
      busyDiff.push(cost.recorded!.busy - cost.unrecorded!.busy)
      cpuDiff.push(cost.recorded!.cpu - cost.unrecorded!.cpu)
      for (const name of ['recorded', 'unrecorded'] as const) {
        perLoad[name].busy.push(cost[name]!.busy)
        perLoad[name].cpu.push(cost[name]!.cpu)
      }
      floor.busyDiff.push(cost.writesOnly!.busy - cost.unrecorded!.busy)
      floor.cpuDiff.push(cost.writesOnly!.cpu - cost.unrecorded!.cpu)
      framesOnly.synthesisBusy.push(cost.framesOnly!.busy - cost.writesOnly!.busy)
      framesOnly.synthesisCpu.push(cost.framesOnly!.cpu - cost.writesOnly!.cpu)
      framesOnly.textBusy.push(cost.recorded!.busy - cost.framesOnly!.busy)
      framesOnly.textCpu.push(cost.recorded!.cpu - cost.framesOnly!.cpu)
      handOver.busyDiff.push(cost.handOver!.busy - cost.unrecorded!.busy)
      handOver.cpuDiff.push(cost.handOver!.cpu - cost.unrecorded!.cpu)
    }
    // Each of the 120 orders of the five loads in turn.
    const five = ['recorded', 'unrecorded', 'writesOnly', 'framesOnly', 'handOver'] as const
    const permutations = (items: readonly string[]): string[][] => (items.length <= 1 ? [[...items]] : items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest])))
    const orders = permutations(five)
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      const counted = round >= WARMUP
      // A shuffled order each round (a fixed rotation would always run the same client right after
      // Chromium, whose processes are still winding down), and a pause to let the machine settle.
      const order = [...compared].sort(() => random() - 0.5)
      const run: Record<string, number> = {}
      for (const name of order) run[name] = await timed(name, SETTLE_MS)
      if (!counted) continue
      for (const name of order) times[name]!.push(run[name]!)
      pairs.push({ recorded: run.recorded!, unrecorded: run.unrecorded! })
      for (let p = 0; p < PAIRS_PER_ROUND; p += 1) {
        const wall: Record<string, number> = {}
        for (const name of orders[(round * PAIRS_PER_ROUND + p) % orders.length]!) wall[name] = await timed(name, PAIR_SETTLE_MS)
        pairs.push({ recorded: wall.recorded!, unrecorded: wall.unrecorded! })
        floor.wall.push(wall.writesOnly!)
        framesOnly.wall.push(wall.framesOnly!)
        handOver.wall.push(wall.handOver!)
        floor.unrecorded.push(wall.unrecorded!)
        costDiff()
      }
    }
    const recorded = pairs.map((p) => p.recorded)
    const unrecorded = pairs.map((p) => p.unrecorded)
    const perPair = pairs.map((p) => p.recorded / p.unrecorded)
    const overhead = median(recorded) / median(unrecorded)
    const [low, high] = bootstrapRatioInterval(recorded, unrecorded)
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<string, number>
    const ms = (v: number): string => `${v.toFixed(1)} ms`
    const spread = (v: number[]): string => `IQR ${quantile(v, 0.25).toFixed(1)}–${quantile(v, 0.75).toFixed(1)} ms`
    const load = `gallery.html + 22 files, ${probe.connections} connections, ${probe.frames} frames`
    const loadAtEnd = loadavg()
    const machine = `load average ${loadAtStart[0]!.toFixed(1)} at the start, ${loadAtEnd[0]!.toFixed(1)} at the end, ${cpus().length} cores`
    return {
      title: 'Recorder: a lab page load, recorded, against an unrecorded load, curl and Chromium',
      rows: [
        {
          name: 'recording overhead',
          wiretrail: `${ms(median(recorded))} median of ${pairs.length} recorded loads (${spread(recorded)}), recording (${load})`,
          peer: `${ms(median(unrecorded))} median of ${pairs.length} unrecorded loads (${spread(unrecorded)}), the same load without recording`,
          ratio: overhead,
          target: { max: 1.05, text: '≤ 1.05 (≤ 5 % overhead)' },
          note:
            `ratio of the medians, 95 % bootstrap interval ${low.toFixed(3)}–${high.toFixed(3)}; per-pair ratios: median ${median(perPair).toFixed(3)}, IQR ${quantile(perPair, 0.25).toFixed(3)}–${quantile(perPair, 0.75).toFixed(3)} ` +
            `(the lab's web server, not the recorder, makes single loads vary this much). Recording costs this process per load (median of ${busyDiff.length} pairs, recorded minus unrecorded): ` +
            `main thread busy +${median(busyDiff).toFixed(2)} ms (IQR ${quantile(busyDiff, 0.25).toFixed(2)}–${quantile(busyDiff, 0.75).toFixed(2)}); ` +
            `CPU of all its threads +${mean(cpuDiff).toFixed(2)} ± ${standardError(cpuDiff).toFixed(2)} ms (mean ± standard error: the kernel counts CPU time in scheduler ticks, so single differences are coarse); ${machine}`,
        },
        {
          // What recording costs this process, beside the wall-clock ratio above: on a shared machine
          // the wall-clock time also holds the time other processes (the lab's among them) had the
          // cores, which the busy time and CPU time of this process do not.
          name: 'recording overhead in main-thread busy time',
          wiretrail: `${median(perLoad.recorded.busy).toFixed(2)} ms median per recorded load (IQR ${quantile(perLoad.recorded.busy, 0.25).toFixed(2)}–${quantile(perLoad.recorded.busy, 0.75).toFixed(2)} ms), the event loop's active time`,
          peer: `${median(perLoad.unrecorded.busy).toFixed(2)} ms median per unrecorded load (IQR ${quantile(perLoad.unrecorded.busy, 0.25).toFixed(2)}–${quantile(perLoad.unrecorded.busy, 0.75).toFixed(2)} ms)`,
          ratio: median(perLoad.recorded.busy) / median(perLoad.unrecorded.busy),
          note: `the same ${busyDiff.length} pairs as above; ${machine}`,
        },
        {
          name: 'recording overhead in CPU time',
          wiretrail: `${mean(perLoad.recorded.cpu).toFixed(2)} ± ${standardError(perLoad.recorded.cpu).toFixed(2)} ms mean per recorded load, all threads of this process`,
          peer: `${mean(perLoad.unrecorded.cpu).toFixed(2)} ± ${standardError(perLoad.unrecorded.cpu).toFixed(2)} ms mean per unrecorded load`,
          ratio: mean(perLoad.recorded.cpu) / mean(perLoad.unrecorded.cpu),
          note: `ratio of the means (mean ± standard error: CPU time comes in scheduler ticks); the same ${cpuDiff.length} pairs; ${machine}`,
        },
        {
          name: 'the crash contract\'s writes alone (the floor under recording\'s cost)',
          wiretrail: `${ms(median(floor.wall))} median of ${floor.wall.length} writes-only loads (${spread(floor.wall)}): both files created and closed, one write per socket event that makes packets, the journal's lines of a turn in one write, no frame synthesized and no journal text made`,
          peer: `${ms(median(floor.unrecorded))} median of the same pairs' unrecorded loads (${spread(floor.unrecorded)})`,
          ratio: median(floor.wall) / median(floor.unrecorded),
          note:
            `writes-only minus unrecorded, per load: main thread busy +${median(floor.busyDiff).toFixed(2)} ms (IQR ${quantile(floor.busyDiff, 0.25).toFixed(2)}–${quantile(floor.busyDiff, 0.75).toFixed(2)}), ` +
            `CPU +${mean(floor.cpuDiff).toFixed(2)} ± ${standardError(floor.cpuDiff).toFixed(2)} ms; what recording costs above this is the making of the frames and of the journal's text; ${machine}`,
        },
        {
          name: 'the frames without the journal\'s text (splits what recording costs above the floor)',
          wiretrail: `${ms(median(framesOnly.wall))} median of ${framesOnly.wall.length} frames-only loads (${spread(framesOnly.wall)}): the writes-only load's files and writes, with the recorder's frames synthesized and written; no journal line made`,
          peer: `${ms(median(floor.unrecorded))} median of the same runs' unrecorded loads`,
          ratio: median(framesOnly.wall) / median(floor.unrecorded),
          note:
            `per load, the same runs: making the frames (frames-only minus writes-only) main thread busy +${median(framesOnly.synthesisBusy).toFixed(2)} ms (IQR ${quantile(framesOnly.synthesisBusy, 0.25).toFixed(2)}–${quantile(framesOnly.synthesisBusy, 0.75).toFixed(2)}), CPU +${mean(framesOnly.synthesisCpu).toFixed(2)} ± ${standardError(framesOnly.synthesisCpu).toFixed(2)} ms; ` +
            `the journal's text and the per-load set-up (recorded minus frames-only) busy +${median(framesOnly.textBusy).toFixed(2)} ms (IQR ${quantile(framesOnly.textBusy, 0.25).toFixed(2)}–${quantile(framesOnly.textBusy, 0.75).toFixed(2)}), CPU +${mean(framesOnly.textCpu).toFixed(2)} ± ${standardError(framesOnly.textCpu).toFixed(2)} ms; ${machine}`,
        },
        {
          name: 'the same writes handed to another process (the floor under a capture writer process of its own)',
          wiretrail: `${ms(median(handOver.wall))} median of ${handOver.wall.length} hand-over loads (${spread(handOver.wall)}): one write per socket event that may make packets to a pipe another process reads, the rest at the turn's end, and a round trip at the end; no file written here`,
          peer: `${ms(median(floor.unrecorded))} median of the same runs' unrecorded loads`,
          ratio: median(handOver.wall) / median(floor.unrecorded),
          note:
            `hand-over minus unrecorded, per load: main thread busy +${median(handOver.busyDiff).toFixed(2)} ms (IQR ${quantile(handOver.busyDiff, 0.25).toFixed(2)}–${quantile(handOver.busyDiff, 0.75).toFixed(2)}), ` +
            `CPU +${mean(handOver.cpuDiff).toFixed(2)} ± ${standardError(handOver.cpuDiff).toFixed(2)} ms (this process only); what a recorder that hands its events to a writer process would still cost the page load; ${machine}`,
        },
        {
          name: 'recorded load vs curl',
          wiretrail: `${ms(m.recorded!)} median of ${ROUNDS} rounds (${spread(times.recorded!)}), iterative DNS from the lab root included`,
          peer: `${ms(m.curl!)} median (${spread(times.curl!)}), curl --resolve (no DNS): the page, then 22 files -Z --parallel-max 6 (two processes)`,
          ratio: m.recorded! / m.curl!,
          note: 'curl skips name resolution and its time includes starting two processes',
        },
        {
          name: 'recorded load vs headless Chromium',
          wiretrail: `${ms(m.recorded!)} median of ${ROUNDS} rounds (${spread(times.recorded!)})`,
          peer: `${ms(m.chromium!)} median (${spread(times.chromium!)}), Chromium (new context per load, --host-resolver-rules, waitUntil load)`,
          ratio: m.recorded! / m.chromium!,
          note: 'Chromium skips name resolution (host mapping) but parses and lays out the page',
        },
      ],
    }
  } finally {
    await browser.close()
    reader.stdin.end()
    await stopLab()
    rmSync(dir, { recursive: true, force: true })
  }
}
