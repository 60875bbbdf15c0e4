// How much JavaScript heap the analyzer's worker may use, and the coded error when a capture needs
// more. The worker gets a limit of its own (resourceLimits.maxOldGenerationSizeMb) so that running
// out of memory ends the worker — Node terminates a worker that reaches its heap limit and reports
// ERR_WORKER_OUT_OF_MEMORY to its parent — and the open fails with ANALYZER_OUT_OF_MEMORY, naming
// the file, its size and the limit, while the app (Electron's main process, the browser shell, the
// CLI) goes on and can open another capture.
import { totalmem } from 'node:os'
import { withParticles } from '../shared/korean.ts'
import { AnalyzerError } from './errors.ts'

const MiB = 1024 * 1024

/** V8's old generation cannot pass 4 GiB under Electron whatever is asked: its pointer compression
 * keeps the heaps of every isolate of the process (the main process's and this worker's) in one
 * 4 GiB cage, and a heap that fills the cage is a fatal out-of-memory of the whole process, not of
 * the worker. Plain Node (the CLI, the browser shell) has no cage, but 4 GiB is V8's own default
 * there too on any machine with 16 GiB or more, so no capture that opens today needed more. */
export const V8_HEAP_CAP_MB = 4096
/** Under Electron, what the worker leaves of the cage to the main process's own heap (the services,
 * the IPC; well under 200 MB) and to the worker's young generation and code: the worker then meets
 * its own limit, which ends only the worker, before the cage is full, which ends the app. */
export const ELECTRON_CAGE_RESERVE_MB = 512
/** The least the worker is given: with 16 MiB it still opens a page load's capture (a thousand
 * frames, with tsx compiling the worker in that heap; test/analyzer/worker-memory.test.ts), below it hardly anything. */
export const MIN_HEAP_LIMIT_MB = 16
/** The environment variable that sets the limit instead (MiB): for a machine shared with other
 * work, or, outside Electron, a capture that needs more than the cap. */
export const HEAP_LIMIT_ENV = 'WIRETRAIL_ANALYZER_HEAP_MB'

export interface HeapLimitInputs {
  /** The machine's memory in bytes (os.totalmem()). */
  totalBytes: number
  /** Running in Electron's main process (its 4 GiB cage). */
  electron: boolean
  /** WIRETRAIL_ANALYZER_HEAP_MB, if set. */
  env?: string | undefined
}

/** The worker's heap limit (its old generation, MiB) on this machine: half of the machine's memory —
 * the other half is for the frame index and the columns (ArrayBuffers, outside the heap), the
 * renderer and everything else that runs; V8's own default is a quarter, so every capture that
 * opens with V8's default still opens — and at most V8_HEAP_CAP_MB, less Electron's reserve in the
 * app. The heap limit costs nothing until a capture comes near it: V8 collects the old generation
 * by how much it grew since the last collection, not by how far the limit is (the 1 M-packet bench:
 * the same CPU and peak with and without it; docs/walkthrough-schema.md, Performance). */
export function analyzerHeapLimitMb(inputs: HeapLimitInputs = { totalBytes: totalmem(), electron: process.versions.electron !== undefined, env: process.env[HEAP_LIMIT_ENV] }): number {
  if (inputs.env !== undefined && inputs.env !== '') {
    const given = Number(inputs.env)
    if (!Number.isInteger(given) || given < MIN_HEAP_LIMIT_MB) throw new AnalyzerError('ANALYZER_BAD_HEAP_LIMIT', `${HEAP_LIMIT_ENV} must be a whole number of MiB, at least ${MIN_HEAP_LIMIT_MB}, not "${inputs.env}"`)
    return given
  }
  const cap = inputs.electron ? V8_HEAP_CAP_MB - ELECTRON_CAGE_RESERVE_MB : V8_HEAP_CAP_MB
  return Math.max(MIN_HEAP_LIMIT_MB, Math.min(cap, Math.floor(inputs.totalBytes / 2 / MiB)))
}

/** Throws ANALYZER_BAD_HEAP_LIMIT unless `mb` is a limit the worker can start with. */
export function checkHeapLimit(mb: number): void {
  if (!Number.isInteger(mb) || mb < MIN_HEAP_LIMIT_MB) throw new AnalyzerError('ANALYZER_BAD_HEAP_LIMIT', `the analyzer's heap limit must be a whole number of MiB, at least ${MIN_HEAP_LIMIT_MB}, not ${mb}`)
}

/** How far the analysis had come when the worker ran out. */
export interface OutOfMemoryContext {
  fileName: string
  sizeBytes: number
  /** The worker's heap limit as it ran (MiB): the one asked for, unless V8's --max-old-space-size
   * (process-wide) overrode it. */
  heapLimitMb: number
  /** Frames read and bytes of the file read before it ran out; null when the analysis had ended
   * (the capture was open: a later operation ran out). */
  read: { frames: number; bytes: number } | null
  /** The capture's frames, when the analysis had ended. */
  packets?: number
}

/** Frames per part to suggest: a round number (1, 2 or 5 × 10ⁿ) at most half of what fitted, so
 * each part fits with room to spare; 1000 at least. */
export function partFrames(fitted: number): number {
  let best = 1000
  for (let p = 1000; p <= fitted / 2; p *= 10) for (const m of [1, 2, 5]) if (p * m <= fitted / 2) best = p * m
  return best
}

function size(bytes: number): string {
  return bytes >= 1024 * MiB ? `${(bytes / 1024 / MiB).toFixed(1)} GiB` : `${(bytes / MiB).toFixed(1)} MiB`
}

/** ANALYZER_OUT_OF_MEMORY: what ran out, where, and what to do (English in the message, both
 * languages in details.explanation, which the app shows in its language). */
export function outOfMemoryError(c: OutOfMemoryContext): AnalyzerError {
  const file = `${c.fileName} (${size(c.sizeBytes)})`
  const part = partFrames(c.read?.frames ?? c.packets ?? 0)
  const split = `editcap -c ${part} ${c.fileName} part.pcap`
  const per = part.toLocaleString('en-US')
  const limit = `${c.heapLimitMb} MiB`
  let en: string
  let ko: string
  if (c.read !== null) {
    const percent = c.sizeBytes > 0 ? Math.min(100, Math.floor((c.read.bytes / c.sizeBytes) * 100)) : 0
    const frames = c.read.frames.toLocaleString('en-US')
    en =
      `${file} needs more memory than the analyzer may use on this computer: its JavaScript heap is limited to ${limit}, ` +
      `and it ran out after ${frames} frames (${percent} % of the file), so the capture was not opened. ` +
      `Open it in smaller parts: Wireshark's editcap splits it, e.g. "${split}" writes one file per ${per} frames.`
    ko =
      `${c.fileName} 파일(${size(c.sizeBytes)})을 분석하려면 이 컴퓨터에서 분석기가 쓸 수 있는 메모리보다 더 많은 메모리가 필요합니다. ` +
      `분석기의 JavaScript 힙은 ${limit}(으)로 제한되어 있는데, 프레임 ${frames}개(파일의 ${percent}%)를 읽은 뒤 메모리가 바닥나서 캡처를 열지 못했습니다. ` +
      `파일을 작게 나눠서 여세요. 예를 들어 Wireshark의 editcap으로 "${split}" 명령을 실행하면 프레임 ${per}개마다 파일 하나로 나뉩니다.`
  } else {
    en =
      `The analyzer ran out of memory while working on ${file} (its JavaScript heap is limited to ${limit}), and the capture was closed. ` +
      `Open it again, or open it in smaller parts: Wireshark's editcap splits it, e.g. "${split}" writes one file per ${per} frames.`
    ko =
      `${c.fileName} 파일(${size(c.sizeBytes)})을 다루는 중에 분석기의 메모리가 바닥나서(JavaScript 힙 제한 ${limit}) 캡처를 닫았습니다. ` +
      `다시 열거나, 파일을 작게 나눠서 여세요. 예를 들어 Wireshark의 editcap으로 "${split}" 명령을 실행하면 프레임 ${per}개마다 파일 하나로 나뉩니다.`
  }
  return new AnalyzerError('ANALYZER_OUT_OF_MEMORY', en, {
    explanation: { en, ko: withParticles(ko) },
    fileName: c.fileName,
    sizeBytes: c.sizeBytes,
    heapLimitMb: c.heapLimitMb,
    ...(c.read !== null ? { framesRead: c.read.frames, bytesRead: c.read.bytes } : {}),
  })
}
