// The planned steps as columns of typed arrays (issue 11 §1: "steps are generated for the window
// the player shows, not all at once"). A capture of a million packets plans hundreds of thousands
// of steps; kept as objects (a StepCore, its frames array and its refs object each) they were a
// heap of small objects the garbage collector marked again at every full collection. Here a step is
// a row: its time, kind, concept, the entities it names and where its frames are in one pool. A
// step object (StepCore) is made when something reads that step (a lesson window, an outline row,
// a search, inspect --json's pages, the exports) and is garbage once it has been read.
import { CONCEPT_IDS, type ConceptId } from '../shared/concepts.ts'
import { STEP_PHASE, type StepScan, type StepVisit } from '../shared/lesson.ts'
import { EntityRows } from './entity-rows.ts'
import type { Step, StepCore, StepKind } from '../shared/walkthrough.ts'

const STEP_KINDS = Object.keys(STEP_PHASE) as StepKind[]
const KIND_CODE = new Map(STEP_KINDS.map((k, i) => [k, i]))
const CONCEPT_CODE = new Map(CONCEPT_IDS.map((c, i) => [c, i]))

/** The refs a step may carry, in the order a step's refs object lists them: every plan in
 * steps.ts writes its refs in this order, so a step made from its row is the one planned. */
const REF_KEYS = ['dns', 'resolution', 'hop', 'connection', 'http', 'tls'] as const satisfies readonly (keyof Step['refs'])[]
const REFS = REF_KEYS.length
/** Where the step finder's refs are in a step's REFS. */
const CONNECTION = REF_KEYS.indexOf('connection')
const RESOLUTION = REF_KEYS.indexOf('resolution')
const HOP = REF_KEYS.indexOf('hop')
/** No such ref. */
const NONE = -1

/** Rows per chunk of the planner's columns, and frames per chunk of its frame pool. */
const ROWS_PER_CHUNK = 1 << 14
const FRAMES_PER_CHUNK = 1 << 16

/** One chunk of planned rows. */
class PlannedChunk {
  readonly t = new Float64Array(ROWS_PER_CHUNK)
  readonly kind = new Uint8Array(ROWS_PER_CHUNK)
  readonly concept = new Uint8Array(ROWS_PER_CHUNK)
  readonly refs = new Int32Array(ROWS_PER_CHUNK * REFS)
  readonly framesAt = new Uint32Array(ROWS_PER_CHUNK)
  readonly framesCount = new Uint32Array(ROWS_PER_CHUNK)
}

/** The steps in the order they are planned (steps.ts buildSteps), in chunks of columns that are
 * never copied as they grow: the plan is read once, in time order, into the step store's columns
 * of exactly the steps there are. Columns grown by doubling left their old copies as garbage and
 * the last ones up to half empty, beside the store's: on a million packets (≈ 350 000 steps) that
 * was ≈ 30 MB more at the build's peak. */
export class StepPlanner {
  private n = 0
  private readonly chunks: PlannedChunk[] = []
  private readonly pool: Uint32Array[] = []
  /** Frames in the pool. */
  private used = 0
  /** Plan position → the journal record a journal-only step tells. */
  private readonly records = new Map<number, number>()

  get length(): number {
    return this.n
  }

  /** Plans a step; `record`: the journal record it tells (its index in the journal's hsts or http records). */
  add(t: number, kind: StepKind, concept: ConceptId, frames: readonly number[], refs: Step['refs'], record?: number): void {
    const p = this.n++
    const row = p % ROWS_PER_CHUNK
    if (row === 0) this.chunks.push(new PlannedChunk())
    const chunk = this.chunks[this.chunks.length - 1]!
    chunk.t[row] = Math.max(0, t)
    chunk.kind[row] = KIND_CODE.get(kind)!
    chunk.concept[row] = CONCEPT_CODE.get(concept)!
    for (let r = 0; r < REFS; r++) {
      const value = refs[REF_KEYS[r]!]
      chunk.refs[row * REFS + r] = value === undefined ? NONE : value
    }
    chunk.framesAt[row] = this.used
    chunk.framesCount[row] = frames.length
    for (const frame of frames) {
      const at = this.used++ % FRAMES_PER_CHUNK
      if (at === 0) this.pool.push(new Uint32Array(FRAMES_PER_CHUNK))
      this.pool[this.pool.length - 1]![at] = frame
    }
    if (record !== undefined) this.records.set(p, record)
  }

  /** The steps in time order (steps at the same time keep the order they were planned in), and
   * step index → the journal record of each journal-only step. */
  finish(): { steps: StepColumns; records: Map<number, number> } {
    const n = this.n
    const chunks = this.chunks
    // The times in one column for the sort's comparisons; an array's sort (TimSort) finds the runs
    // the plan is made of (each resolution's hops, each connection's phases in time order).
    const times = new Float64Array(n)
    for (let p = 0; p < n; p++) times[p] = chunks[(p / ROWS_PER_CHUNK) | 0]!.t[p % ROWS_PER_CHUNK]!
    const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => times[a]! - times[b]! || a - b)
    const pool = new Uint32Array(this.used)
    this.pool.forEach((part, k) => pool.set(k === this.pool.length - 1 ? part.subarray(0, this.used - k * FRAMES_PER_CHUNK) : part, k * FRAMES_PER_CHUNK))
    const store = new StepColumns(n, pool)
    const records = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      const p = order[i]!
      const chunk = chunks[(p / ROWS_PER_CHUNK) | 0]!
      const row = p % ROWS_PER_CHUNK
      store.t[i] = chunk.t[row]!
      store.kind[i] = chunk.kind[row]!
      store.concept[i] = chunk.concept[row]!
      for (let r = 0; r < REFS; r++) store.refs[i * REFS + r] = chunk.refs[row * REFS + r]!
      store.framesAt[i] = chunk.framesAt[row]!
      store.framesCount[i] = chunk.framesCount[row]!
      const record = this.records.get(p)
      if (record !== undefined) records.set(i, record)
    }
    return { steps: store, records }
  }
}

/** The steps in time order, a row each; `at(i)` makes step i's StepCore. */
export class StepColumns extends EntityRows<StepCore> implements StepScan {
  readonly t: Float64Array
  readonly kind: Uint8Array
  readonly concept: Uint8Array
  /** REFS a step: REF_KEYS' values, NONE where the step has none. */
  readonly refs: Int32Array
  /** Where a step's frames start in `pool`, and how many. */
  readonly framesAt: Uint32Array
  readonly framesCount: Uint32Array

  constructor(
    readonly length: number,
    private readonly pool: Uint32Array,
  ) {
    super()
    this.t = new Float64Array(length)
    this.kind = new Uint8Array(length)
    this.concept = new Uint8Array(length)
    this.refs = new Int32Array(length * REFS)
    this.framesAt = new Uint32Array(length)
    this.framesCount = new Uint32Array(length)
  }

  /** Each step's fields for the step finder (shared/lesson.ts createStepFinder), from the columns. */
  scanSteps(visit: StepVisit): void {
    const refs = this.refs
    const ref = (value: number) => (value === NONE ? undefined : value)
    for (let i = 0; i < this.length; i++) {
      const at = this.framesAt[i]!
      const r = i * REFS
      visit(i, STEP_KINDS[this.kind[i]!]!, this.pool, at, at + this.framesCount[i]!, ref(refs[r + CONNECTION]!), ref(refs[r + RESOLUTION]!), ref(refs[r + HOP]!))
    }
  }

  /** What the outline and the search read of every step (its index, time, kind and concept), from
   * the columns; the rest from the whole row. */
  override field<K extends keyof StepCore>(i: number, key: K): StepCore[K] {
    switch (key) {
      case 'index':
        return i as StepCore[K]
      case 't':
        return this.t[i]! as StepCore[K]
      case 'kind':
        return STEP_KINDS[this.kind[i]!]! as StepCore[K]
      case 'concept':
        return CONCEPT_IDS[this.concept[i]!]! as StepCore[K]
    }
    return super.field(i, key)
  }

  protected row(i: number): StepCore {
    const frames: number[] = new Array(this.framesCount[i]!)
    for (let k = 0, at = this.framesAt[i]!; k < frames.length; k++) frames[k] = this.pool[at + k]!
    const refs: Step['refs'] = {}
    for (let r = 0; r < REFS; r++) {
      const value = this.refs[i * REFS + r]!
      if (value !== NONE) refs[REF_KEYS[r]!] = value
    }
    return { index: i, t: this.t[i]!, kind: STEP_KINDS[this.kind[i]!]!, concept: CONCEPT_IDS[this.concept[i]!]!, frames, refs }
  }
}
