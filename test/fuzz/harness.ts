// The fuzzing harness: shares the cases out over the targets (SHARE) and over worker processes
// (child.ts), watches each worker, and kills one whose input does not finish: that input is a
// hang, read back from the file the worker wrote it to before running it. A worker that dies (out
// of memory, a native crash) is a blow-up or a crash the same way. Every finding is kept as a
// regression fixture (test/fuzz/found/, with a note) when a folder is given.
import { fork, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_BOUNDS } from './bounds.ts'
import type { Bounds } from './case.ts'
import type { ChildMessage, Counts, Finding, ParentMessage } from './protocol.ts'
import { SHARE, TARGETS, type TargetName } from './targets.ts'

export interface FuzzOptions {
  cases: number
  workers: number
  seed: number
  targets?: readonly TargetName[]
  bounds?: Partial<Bounds>
  /** A worker that reports nothing for this long is killed: its input is a hang. */
  killAfterMs?: number
  /** Where found inputs are written (null: not written). */
  findingsDir?: string | null
  onProgress?: (totals: Record<TargetName, Counts>, elapsedMs: number) => void
  /** Stops the run early (Ctrl-C): no new job starts, the jobs in flight finish, the report says so. */
  signal?: AbortSignal
}

export interface FuzzReport {
  cases: number
  /** The cases asked for: more than `cases` when the run was stopped early. */
  planned: number
  elapsedMs: number
  perTarget: Record<TargetName, Counts>
  findings: Finding[]
  bounds: Bounds
  workers: number
  seed: number
}


const CHILD = join(import.meta.dirname, 'child.ts')

/** Cases per job: small enough that a killed worker loses little, large enough to keep workers busy. */
const JOB_SIZE: { readonly [T in TargetName]: number } = { pcap: 2000, pcapng: 2000, analyzer: 400, dissect: 5000, dns: 5000, http: 3000, url: 5000, journal: 1000 }

function emptyCounts(): Counts {
  return { cases: 0, accepted: 0, rejected: 0, crash: 0, hang: 0, blowup: 0, codes: {}, slowestMs: 0, maxGrowthBytes: 0 }
}

function add(into: Counts, c: Counts): void {
  into.cases += c.cases
  into.accepted += c.accepted
  into.rejected += c.rejected
  into.crash += c.crash
  into.hang += c.hang
  into.blowup += c.blowup
  for (const [code, n] of Object.entries(c.codes)) into.codes[code] = (into.codes[code] ?? 0) + n
  into.slowestMs = Math.max(into.slowestMs, c.slowestMs)
  into.maxGrowthBytes = Math.max(into.maxGrowthBytes, c.maxGrowthBytes)
}

/** The cases of each target: shares of `total`, at least one each, summing to `total`. */
export function shareOut(total: number, targets: readonly TargetName[]): Record<TargetName, number> {
  const weight = targets.reduce((s, t) => s + SHARE[t], 0)
  const out = Object.fromEntries(TARGETS.map((t) => [t, 0])) as Record<TargetName, number>
  let given = 0
  for (const t of targets) {
    out[t] = Math.max(1, Math.floor((total * SHARE[t]) / weight))
    given += out[t]
  }
  out[targets[0]!] += total - given
  return out
}

interface Job {
  target: TargetName
  count: number
  seed: number
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now()
  const bounds: Bounds = { ...DEFAULT_BOUNDS, ...options.bounds }
  const killAfterMs = options.killAfterMs ?? Math.max(60_000, bounds.timeLimitMs * 12)
  const targets = options.targets ?? TARGETS
  const perTarget = Object.fromEntries(TARGETS.map((t) => [t, emptyCounts()])) as Record<TargetName, Counts>
  const findings: Finding[] = []
  const queue: Job[] = []
  let nextSeed = options.seed
  // Every target advances at the same pace (jobs ordered by how far into its target's share each
  // one is), so a run stopped early still covers every target in its share.
  const ordered: { job: Job; at: number }[] = []
  for (const [target, cases] of Object.entries(shareOut(options.cases, targets)) as [TargetName, number][]) {
    for (let done = 0; done < cases; done += JOB_SIZE[target]) ordered.push({ job: { target, count: Math.min(cases - done, JOB_SIZE[target]), seed: nextSeed++ }, at: done / cases })
  }
  queue.push(...ordered.sort((a, b) => a.at - b.at).map((o) => o.job))
  const scratch = join(tmpdir(), `wiretrail-fuzz-harness-${process.pid}`)
  mkdirSync(scratch, { recursive: true })

  // The same bug is found again and again (each run stops at its first finding and goes on with a
  // new seed): one finding per target, outcome and place is kept; the counts keep them all.
  const seen = new Set<string>()
  const record = (finding: Finding): void => {
    const lines = finding.message.split('\n').filter((l) => l !== '' && !l.startsWith('made from '))
    const signature = `${finding.target}|${finding.outcome}|${lines[0]}|${lines.find((l) => l.trim().startsWith('at ')) ?? ''}`
    if (seen.has(signature)) return
    seen.add(signature)
    findings.push(finding)
    if (options.findingsDir) keepFinding(options.findingsDir, finding)
  }

  const worker = async (slot: number): Promise<void> => {
    const currentFile = join(scratch, `current-${slot}.bin`)
    let child: ChildProcess | null = null
    let stderr = ''
    const start = async (): Promise<ChildProcess> => {
      stderr = ''
      const c = fork(CHILD, [], { execArgv: ['--import', 'tsx', '--max-old-space-size=2048'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env } })
      c.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)))
      await new Promise<void>((resolve, reject) => {
        const onMessage = (m: ChildMessage): void => {
          if (m.type !== 'ready') return
          c.off('message', onMessage)
          resolve()
        }
        c.on('message', onMessage)
        c.once('exit', (code) => reject(new Error(`a fuzz worker exited (${code}) before it was ready: ${stderr}`)))
      })
      c.removeAllListeners('exit')
      return c
    }
    while (queue.length > 0 && options.signal?.aborted !== true) {
      const job = queue.shift()!
      child ??= await start()
      const c = child
      const counts = emptyCounts()
      const outcome = await new Promise<'done' | 'killed' | 'died'>((resolve) => {
        let watchdog = setTimeout(() => kill(), killAfterMs)
        const arm = (): void => {
          clearTimeout(watchdog)
          watchdog = setTimeout(() => kill(), killAfterMs)
        }
        const finish = (how: 'done' | 'killed' | 'died'): void => {
          clearTimeout(watchdog)
          c.off('message', onMessage)
          c.off('exit', onExit)
          resolve(how)
        }
        const kill = (): void => {
          c.off('exit', onExit)
          c.kill('SIGKILL')
          finish('killed')
        }
        const onExit = (): void => finish('died')
        const onMessage = (m: ChildMessage): void => {
          arm()
          if (m.type === 'progress') Object.assign(counts, m.counts)
          else if (m.type === 'found') record(m.finding)
          else if (m.type === 'done') finish('done')
          else if (m.type === 'error') {
            stderr += m.message
            kill()
          }
        }
        c.on('message', onMessage)
        c.once('exit', onExit)
        const message: ParentMessage = { type: 'run', target: job.target, count: job.count, seed: job.seed, currentFile, bounds }
        c.send(message)
      })
      add(perTarget[job.target], counts)
      if (outcome !== 'done') {
        // The input in flight never finished (killed) or took the worker down with it (died).
        const input = readCurrent(currentFile)
        const died = outcome === 'died'
        const oom = /heap out of memory|allocation failed|Reached heap limit/i.test(stderr)
        const kind = !died ? 'hang' : oom ? 'blowup' : 'crash'
        perTarget[job.target].cases += 1
        perTarget[job.target][kind] += 1
        const { bytes, ...companions } = input
        record({ target: job.target, outcome: kind, message: died ? `the worker died: ${stderr.slice(-1500)}` : `no progress for ${killAfterMs} ms: killed`, input: bytes, shrunk: bytes, ...companions, seed: job.seed })
        child = null
        const remaining = job.count - counts.cases - 1
        if (remaining > 0) queue.push({ target: job.target, count: remaining, seed: job.seed + 1_000_003 })
      }
      options.onProgress?.(perTarget, performance.now() - started)
    }
    if (child !== null) {
      child.send({ type: 'stop' } satisfies ParentMessage)
      await new Promise((resolve) => child!.once('exit', resolve))
    }
  }

  try {
    await Promise.all(Array.from({ length: options.workers }, (_, slot) => worker(slot)))
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const cases = Object.values(perTarget).reduce((s, c) => s + c.cases, 0)
  return { cases, planned: options.cases, elapsedMs: performance.now() - started, perTarget, findings, bounds, workers: options.workers, seed: options.seed }
}

function readCurrent(path: string): { bytes: string; linkType?: number; seedIndex?: number } {
  if (!existsSync(path)) return { bytes: '' }
  const raw = readFileSync(path)
  const length = raw.length >= 4 ? raw.readUInt32LE(0) : 0
  const bytes = raw.subarray(4, 4 + length).toString('base64')
  let extra: { linkType?: number; seedIndex?: number } = {}
  try {
    extra = JSON.parse(raw.subarray(4 + length).toString('utf8')) as typeof extra
  } catch {
    // written before the input ran; a worker killed mid-write leaves no companion numbers
  }
  return { bytes, ...(typeof extra.linkType === 'number' ? { linkType: extra.linkType } : {}), ...(typeof extra.seedIndex === 'number' ? { seedIndex: extra.seedIndex } : {}) }
}

/** Writes a finding as a regression fixture: the (shrunk) input and a note saying what it did. */
export function keepFinding(dir: string, f: Finding): string {
  mkdirSync(dir, { recursive: true })
  const repository = join(import.meta.dirname, '..', '..')
  const bytes = Buffer.from(f.shrunk, 'base64')
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10)
  const extension = { pcap: 'pcap', pcapng: 'pcapng', analyzer: 'cap', dissect: 'frame', dns: 'dns', http: 'http', url: 'url', journal: 'jsonl' }[f.target]
  const name = `${f.target}-${f.outcome}-${hash}${f.linkType !== undefined ? `.link${f.linkType}` : ''}${f.seedIndex !== undefined ? `.seed${f.seedIndex}` : ''}.${extension}`
  writeFileSync(join(dir, name), bytes)
  writeFileSync(
    join(dir, `${name}.txt`),
    [
      `target: ${f.target}`,
      `outcome: ${f.outcome}`,
      `found by: npm run fuzz (fast-check seed ${f.seed})`,
      `input: ${bytes.length} bytes (shrunk from ${Buffer.from(f.input, 'base64').length})`,
      `replay: npm run fuzz -- --replay test/fuzz/found/${name}`,
      '',
      f.message.replaceAll(`${repository}/`, ''),
      '',
    ].join('\n'),
  )
  return name
}

/** The report `npm run fuzz` prints: cases by target and outcome, rejections by code, findings. */
export function formatReport(r: FuzzReport): string {
  const rows = (Object.entries(r.perTarget) as [TargetName, FuzzReport['perTarget'][TargetName]][]).filter(([, c]) => c.cases > 0)
  const total = rows.reduce((s, [, c]) => ({ cases: s.cases + c.cases, accepted: s.accepted + c.accepted, rejected: s.rejected + c.rejected, crash: s.crash + c.crash, hang: s.hang + c.hang, blowup: s.blowup + c.blowup }), { cases: 0, accepted: 0, rejected: 0, crash: 0, hang: 0, blowup: 0 })
  const n = (x: number): string => x.toLocaleString('en').padStart(10)
  const lines = [
    '',
    ...(total.cases < r.planned ? [`stopped early: ${total.cases.toLocaleString('en')} of the ${r.planned.toLocaleString('en')} cases asked for`] : []),
    `wiretrail fuzz: ${total.cases.toLocaleString('en')} cases in ${(r.elapsedMs / 60_000).toFixed(1)} min (${r.workers} worker(s), seed ${r.seed}; bounds per input: ${r.bounds.timeLimitMs} ms of CPU time, peak memory growth 50 × input + ${r.bounds.growthAllowanceBytes / 2 ** 20} MiB)`,
    `${'target'.padEnd(10)}${'cases'.padStart(10)}${'accepted'.padStart(10)}${'rejected'.padStart(10)}${'crash'.padStart(10)}${'hang'.padStart(10)}${'blowup'.padStart(10)}${'max cpu'.padStart(10)}${'max mem'.padStart(10)}`,
    ...rows.map(([t, c]) => `${t.padEnd(10)}${n(c.cases)}${n(c.accepted)}${n(c.rejected)}${n(c.crash)}${n(c.hang)}${n(c.blowup)}${`${c.slowestMs.toFixed(0)} ms`.padStart(10)}${`${(c.maxGrowthBytes / 2 ** 20).toFixed(1)} MiB`.padStart(10)}`),
    `${'total'.padEnd(10)}${n(total.cases)}${n(total.accepted)}${n(total.rejected)}${n(total.crash)}${n(total.hang)}${n(total.blowup)}`,
    '',
    'rejections by code:',
    ...Object.entries(rows.reduce<Record<string, number>>((acc, [, c]) => {
      for (const [code, k] of Object.entries(c.codes)) acc[code] = (acc[code] ?? 0) + k
      return acc
    }, {}))
      .sort((a, b) => b[1] - a[1])
      .map(([code, k]) => `  ${code.padEnd(34)}${n(k)}`),
    '',
    r.findings.length === 0 ? 'findings: none' : `findings (${r.findings.length}, kept in test/fuzz/found/):`,
    ...r.findings.map((f) => `  ${f.target} ${f.outcome}: ${f.message.split('\n').find((l) => l !== '' && !l.startsWith('made from '))?.slice(0, 160)}`),
    '',
  ]
  return lines.join('\n')
}
