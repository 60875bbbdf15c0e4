// Counting compressed bodies' decoded sizes off the pass's thread. The walkthrough shows each HTTP
// body's size as sent and decoded; the decoded size means inflating the body (counted, nothing
// kept). On a capture of page loads that was ≈ 9 % of the analyzer thread's time, and a machine
// has a second core: the bodies a read of the file finishes are copied into one shared arena and
// sent to a counting thread in one message per read (the arena is shared, not copied again); the
// results come back in the same order, and each body's decoder gets its result as it would have
// on this thread. The count is the same function either way (http/content-coding.ts
// countHeldBody), so sizes, notes and caps are the same wherever it ran. Zlib's own asynchronous
// calls were measured first: one thread-pool round trip per body came back only between the
// pass's reads and stalled it.
//
// Bounds: at most MAX_ARENAS batches (ARENA_BYTES each) in flight; with none free, a body is
// counted on this thread at once, and the pass waits between reads (backlog) for the oldest batch.
// The thread is started only once a capture has had START_AFTER_BYTES of bodies to count (a small
// capture is counted here: starting a thread costs more). If it cannot start or dies, the batches
// in flight are counted here from their arenas, which this thread still holds, and so is
// everything after: nothing waits for a thread that is gone.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { countHeldBody, type CountReceiver, type HeldBodyCounter, type HeldCount } from '../http/content-coding.ts'
import { findWorkerEntry, startWorkerThread } from './worker-start.ts'

/** Bytes of one batch's arena (a held body is at most 256 KiB: content-coding.ts SYNC_INPUT_BYTES). */
export const ARENA_BYTES = 1 << 20
/** Batches in flight at once: 8 MiB of shared memory at most. */
export const MAX_ARENAS = 8
/** Compressed bytes counted on this thread before the counting thread is started. */
export const START_AFTER_BYTES = 4 << 20

/** One body of a batch: its codings in the order undone (joined by ","), where it is in the arena,
 * its cap and whether the cap is its limit (content-coding.ts countHeldBody). */
export type CountEntry = [order: string, at: number, length: number, cap: number, capIsLimit: boolean]

export interface CountRequest {
  batch: number
  arena: SharedArrayBuffer
  bodies: CountEntry[]
}

export interface CountAnswer {
  batch: number
  results: HeldCount[]
}

/** Counts one batch (on the counting thread, or here when it is gone). */
export function countBatch(request: CountRequest): CountAnswer {
  const bytes = new Uint8Array(request.arena)
  const results = request.bodies.map(([order, at, length, cap, capIsLimit]) => countHeldBody(order.split(','), bytes.subarray(at, at + length), cap, capIsLimit))
  return { batch: request.batch, results }
}

/** Where the counting thread's entry is: built beside this module's bundle (out/worker), or the
 * source beside this file (a checkout), else nowhere (bodies are counted on this thread). */
export function locateCountWorker(here = dirname(fileURLToPath(import.meta.url))): { url: URL; viaTsx: boolean } | null {
  return findWorkerEntry([join(here, 'count-worker.mjs'), join(here, 'count-worker.js')], join(here, 'count-worker.ts'))
}

function startCountWorker(): Worker | null {
  const found = locateCountWorker()
  if (found === null) return null
  // Its heap holds a batch's results and what zlib's at-once functions return for a stack of
  // codings (1 MiB at most); zlib's own memory is outside the heap.
  return startWorkerThread(found.url, found.viaTsx, { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 } })
}

interface Batch {
  id: number
  arena: SharedArrayBuffer
  view: Uint8Array
  used: number
  bodies: CountEntry[]
  receivers: CountReceiver[]
}

export interface CountingThreadOptions {
  /** Starts the counting thread (null: none can be). Default: the built or source count-worker. */
  start?: () => Worker | null
  startAfterBytes?: number
}

/** A HeldBodyCounter that counts on another thread, in batches sent by flush(). */
export class CountingThread implements HeldBodyCounter {
  private worker: Worker | null = null
  private state: 'not started' | 'running' | 'gone' = 'not started'
  private current: Batch | null = null
  /** Batches sent and not answered, oldest first. */
  private readonly inFlight = new Map<number, Batch>()
  private readonly free: SharedArrayBuffer[] = []
  private arenas = 0
  private nextBatch = 0
  /** Compressed bytes counted on this thread so far, until the thread starts. */
  private countedHere = 0
  /** Called at the next answer (or when the thread is gone). */
  private wake: (() => void)[] = []
  private readonly start: () => Worker | null
  private readonly startAfterBytes: number

  constructor(options: CountingThreadOptions = {}) {
    this.start = options.start ?? startCountWorker
    this.startAfterBytes = options.startAfterBytes ?? START_AFTER_BYTES
  }

  /** Whether bodies are being counted on the other thread (it started and has not died). */
  get running(): boolean {
    return this.state === 'running'
  }

  /** Batches sent and not answered yet (at most MAX_ARENAS). */
  get batchesInFlight(): number {
    return this.inFlight.size
  }

  count(order: readonly string[], bytes: Uint8Array, cap: number, capIsLimit: boolean, receiver: CountReceiver): void {
    const batch = bytes.length <= ARENA_BYTES ? this.room(bytes.length) : null
    if (batch === null) {
      this.countedHere += bytes.length
      receiver.counted(countHeldBody(order, bytes, cap, capIsLimit), bytes)
      return
    }
    batch.view.set(bytes, batch.used)
    batch.bodies.push([order.join(','), batch.used, bytes.length, cap, capIsLimit])
    batch.receivers.push(receiver)
    batch.used += bytes.length
  }

  /** The batch with room for `length` more bytes, or null: count on this thread (not started
   * yet, gone, or every arena in flight). */
  private room(length: number): Batch | null {
    if (this.state === 'not started') {
      if (this.countedHere < this.startAfterBytes) return null
      this.launch()
    }
    if (this.state !== 'running') return null
    const current = this.current
    if (current !== null && current.used + length <= current.view.length) return current
    if (current !== null) this.flush()
    const arena = this.free.pop() ?? (this.arenas < MAX_ARENAS ? (this.arenas++, new SharedArrayBuffer(ARENA_BYTES)) : null)
    if (arena === null) return null
    this.current = { id: this.nextBatch++, arena, view: new Uint8Array(arena), used: 0, bodies: [], receivers: [] }
    return this.current
  }

  private launch(): void {
    let worker: Worker | null = null
    try {
      worker = this.start()
    } catch {
      worker = null
    }
    if (worker === null) {
      this.state = 'gone'
      return
    }
    this.worker = worker
    this.state = 'running'
    worker.on('message', (answer: CountAnswer) => this.answered(answer))
    // An error ends the thread ('exit' follows); either way what it held is counted here.
    worker.on('error', () => this.gone())
    worker.on('exit', () => this.gone())
  }

  /** Sends the batch being filled (between reads of the file, and at the end). */
  flush(): void {
    const batch = this.current
    if (batch === null || batch.bodies.length === 0) return
    this.current = null
    this.inFlight.set(batch.id, batch)
    if (this.state === 'running') {
      const request: CountRequest = { batch: batch.id, arena: batch.arena, bodies: batch.bodies }
      this.worker!.postMessage(request)
    } else this.answered(countBatch({ batch: batch.id, arena: batch.arena, bodies: batch.bodies }))
  }

  /** A promise to wait on before the next read when every arena is in flight, else undefined. */
  backlog(): Promise<void> | undefined {
    this.flush()
    if (this.inFlight.size < MAX_ARENAS) return undefined
    return this.nextAnswer()
  }

  /** Every body handed over has its result. */
  async drained(): Promise<void> {
    this.flush()
    while (this.inFlight.size > 0) await this.nextAnswer()
  }

  /** Ends the counting thread (what is still in flight is counted here). */
  close(): void {
    if (this.state === 'running') void this.worker!.terminate()
    this.gone()
  }

  private nextAnswer(): Promise<void> {
    return new Promise((resolve) => this.wake.push(resolve))
  }

  private answered(answer: CountAnswer): void {
    const batch = this.inFlight.get(answer.batch)
    // An answer that came after its batch was counted here (the thread died meanwhile).
    if (batch === undefined) return
    this.inFlight.delete(answer.batch)
    for (let i = 0; i < batch.receivers.length; i++) {
      const [, at, length] = batch.bodies[i]!
      batch.receivers[i]!.counted(answer.results[i]!, batch.view.subarray(at, at + length))
    }
    this.free.push(batch.arena)
    this.wakeWaiters()
  }

  /** Resolves every nextAnswer() waiting. */
  private wakeWaiters(): void {
    const wake = this.wake
    this.wake = []
    for (const resolve of wake) resolve()
  }

  /** The thread is gone (it died, could not start, or was closed): what it held, and everything
   * after, is counted here. */
  private gone(): void {
    if (this.state === 'gone') return
    this.state = 'gone'
    this.worker = null
    for (const batch of [...this.inFlight.values()]) this.answered(countBatch({ batch: batch.id, arena: batch.arena, bodies: batch.bodies }))
    this.flush()
    this.wakeWaiters()
  }
}
