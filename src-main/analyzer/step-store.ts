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
import { orderByTime } from './frame-sort.ts'
import type { Step, StepCore, StepKind } from '../shared/walkthrough.ts'

const STEP_KINDS = Object.keys(STEP_PHASE) as StepKind[]
const KIND_CODE = new Map(STEP_KINDS.map((k, i) => [k, i]))
const CONCEPT_CODE = new Map(CONCEPT_IDS.map((c, i) => [c, i]))

/** The refs a step may carry, in the order a step's refs object lists them: every plan in
 * steps.ts writes its refs in this order, so a step made from its row is the one planned. */
const REF_KEYS = ['dns', 'resolution', 'hop', 'connection', 'http', 'tls'] as const satisfies readonly (keyof Step['refs'])[]
const REFS = REF_KEYS.length
/** A step's refs in REF_KEYS' order (one array reused: StepPlanner.add reads it at once). */
const REF_VALUES: (number | undefined)[] = new Array<number | undefined>(REFS).fill(undefined)
function refValues(refs: Step['refs']): readonly (number | undefined)[] {
  REF_VALUES[0] = refs.dns
  REF_VALUES[1] = refs.resolution
  REF_VALUES[2] = refs.hop
  REF_VALUES[3] = refs.connection
  REF_VALUES[4] = refs.http
  REF_VALUES[5] = refs.tls
  return REF_VALUES
}
/** Where the step finder's refs are in REF_KEYS. */
const CONNECTION = REF_KEYS.indexOf('connection')
const RESOLUTION = REF_KEYS.indexOf('resolution')
const HOP = REF_KEYS.indexOf('hop')
/** No such ref. */
const NONE = -1
/** The refs a row holds: a step names at most three entities (a hop's transaction, its resolution
 * and the hop; a connection and its exchange or TLS session), kept in REF_KEYS' order, with a bit a
 * key saying which (six columns a row, most of them empty, were 8 MB on a million packets). */
const REF_SLOTS = 3
/** The number of bits set in a 6-bit mask: where a ref is among a row's slots. */
const BITS_SET = Array.from({ length: 1 << REFS }, (_, mask) => {
  let n = 0
  for (let m = mask; m !== 0; m &= m - 1) n++
  return n
})

/** Rows per chunk of the planner's columns (a plan position's chunk is its high bits, its row the
 * low ones), and frames per chunk of its frame pool. */
const ROW_BITS = 14
const ROWS_PER_CHUNK = 1 << ROW_BITS
const ROW_MASK = ROWS_PER_CHUNK - 1
const FRAMES_PER_CHUNK = 1 << 16

/** One chunk of planned rows. */
class PlannedChunk {
  readonly t = new Float64Array(ROWS_PER_CHUNK)
  readonly kind = new Uint8Array(ROWS_PER_CHUNK)
  readonly concept = new Uint8Array(ROWS_PER_CHUNK)
  readonly refs = new Int32Array(ROWS_PER_CHUNK * REF_SLOTS)
  /** Bit r: the row names REF_KEYS[r]. */
  readonly refKeys = new Uint8Array(ROWS_PER_CHUNK)
  readonly framesAt = new Uint32Array(ROWS_PER_CHUNK)
  readonly framesCount = new Uint32Array(ROWS_PER_CHUNK)

  /** Row `row`'s REF_KEYS[r], or NONE. */
  ref(row: number, r: number): number {
    const keys = this.refKeys[row]!
    return keys & (1 << r) ? this.refs[row * REF_SLOTS + BITS_SET[keys & ((1 << r) - 1)]!]! : NONE
  }
}

/** The steps in the order they are planned (steps.ts buildSteps), in chunks of columns that are
 * never copied as they grow, and never copied once planned either: the step store reads them in
 * time order through a permutation (StepColumns). Columns grown by doubling left their old copies
 * as garbage and the last ones up to half empty; columns of exactly the steps, filled from the
 * chunks, were a second copy of every row beside the chunks at the build's peak (on a million
 * packets, ≈ 350 000 steps, ≈ 15 MB). */
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
  add(t: number, kind: StepKind, concept: ConceptId, frames: ArrayLike<number>, refs: Step['refs'], record?: number): void {
    const p = this.n++
    const row = p % ROWS_PER_CHUNK
    if (row === 0) this.chunks.push(new PlannedChunk())
    const chunk = this.chunks[this.chunks.length - 1]!
    chunk.t[row] = Math.max(0, t)
    chunk.kind[row] = KIND_CODE.get(kind)!
    chunk.concept[row] = CONCEPT_CODE.get(concept)!
    // Each ref read by its name (refValues): through a key held in a variable, every read was a
    // generic lookup, six a step.
    const values = refValues(refs)
    let keys = 0
    for (let r = 0, slot = 0; r < REFS; r++) {
      const value = values[r]
      if (value === undefined || value === NONE) continue
      if (slot === REF_SLOTS) throw new Error(`a ${kind} step names more than ${REF_SLOTS} entities (${Object.keys(refs).join(', ')}): its row holds ${REF_SLOTS}`)
      chunk.refs[row * REF_SLOTS + slot++] = value
      keys |= 1 << r
    }
    chunk.refKeys[row] = keys
    chunk.framesAt[row] = this.used
    chunk.framesCount[row] = frames.length
    for (let k = 0; k < frames.length; k++) {
      const at = this.used++ % FRAMES_PER_CHUNK
      if (at === 0) this.pool.push(new Uint32Array(FRAMES_PER_CHUNK))
      this.pool[this.pool.length - 1]![at] = frames[k]!
    }
    if (record !== undefined) this.records.set(p, record)
  }

  /** The steps in time order (steps at the same time keep the order they were planned in), and
   * step index → the journal record of each journal-only step. */
  finish(): { steps: StepColumns; records: Map<number, number> } {
    const n = this.n
    const chunks = this.chunks
    // The times in one column, in time order by frame-sort.ts (ties in plan order).
    const times = new Float64Array(n)
    for (let p = 0; p < n; p++) times[p] = chunks[p >>> ROW_BITS]!.t[p & ROW_MASK]!
    const order = orderByTime(times)
    // The frames in one pool (a step's frames may lie across two chunks of the planner's): the
    // step finder walks them as one array.
    const pool = new Uint32Array(this.used)
    this.pool.forEach((part, k) => pool.set(k === this.pool.length - 1 ? part.subarray(0, this.used - k * FRAMES_PER_CHUNK) : part, k * FRAMES_PER_CHUNK))
    const records = new Map<number, number>()
    if (this.records.size > 0) {
      for (let i = 0; i < n; i++) {
        const record = this.records.get(order[i]!)
        if (record !== undefined) records.set(i, record)
      }
    }
    // What the outline, the search and the windows read of every step, in step order (a few bytes
    // a step): read in place, without going through the plan's rows.
    const t = new Float64Array(n)
    const kind = new Uint8Array(n)
    const concept = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const p = order[i]!
      const chunk = chunks[p >>> ROW_BITS]!
      const row = p & ROW_MASK
      t[i] = chunk.t[row]!
      kind[i] = chunk.kind[row]!
      concept[i] = chunk.concept[row]!
    }
    return { steps: new StepColumns(n, { t, kind, concept }, chunks, order, pool), records }
  }
}

/** The columns a step store reads in step order. */
interface StepOrderColumns {
  t: Float64Array
  kind: Uint8Array
  concept: Uint8Array
}

/** The steps in time order, a row each: step i's time, kind and concept in columns of their own,
 * the rest in the planner's row order[i] (its chunks, kept as they were planned); `at(i)` makes
 * step i's StepCore. */
export class StepColumns extends EntityRows<StepCore> implements StepScan {
  constructor(
    readonly length: number,
    private readonly columns: StepOrderColumns,
    private readonly chunks: readonly PlannedChunk[],
    /** Step index → plan position. */
    private readonly order: Uint32Array,
    /** Every step's frames; a step's start at its row's framesAt. */
    private readonly pool: Uint32Array,
  ) {
    super()
  }

  /** Each step's fields for the step finder (shared/lesson.ts createStepFinder), from the columns. */
  scanSteps(visit: StepVisit): void {
    const ref = (value: number) => (value === NONE ? undefined : value)
    for (let i = 0; i < this.length; i++) {
      const p = this.order[i]!
      const chunk = this.chunks[p >>> ROW_BITS]!
      const row = p & ROW_MASK
      const at = chunk.framesAt[row]!
      visit(i, STEP_KINDS[this.columns.kind[i]!]!, this.pool, at, at + chunk.framesCount[row]!, ref(chunk.ref(row, CONNECTION)), ref(chunk.ref(row, RESOLUTION)), ref(chunk.ref(row, HOP)))
    }
  }

  /** What the outline and the search read of every step (its index, time, kind and concept), from
   * the columns; the rest from the whole row. */
  override field<K extends keyof StepCore>(i: number, key: K): StepCore[K] {
    switch (key) {
      case 'index':
        return i as StepCore[K]
      case 't':
        return this.columns.t[i]! as StepCore[K]
      case 'kind':
        return STEP_KINDS[this.columns.kind[i]!]! as StepCore[K]
      case 'concept':
        return CONCEPT_IDS[this.columns.concept[i]!]! as StepCore[K]
    }
    return super.field(i, key)
  }

  protected row(i: number): StepCore {
    const p = this.order[i]!
    const chunk = this.chunks[p >>> ROW_BITS]!
    const row = p & ROW_MASK
    const frames: number[] = new Array(chunk.framesCount[row]!)
    for (let k = 0, at = chunk.framesAt[row]!; k < frames.length; k++) frames[k] = this.pool[at + k]!
    const refs: Step['refs'] = {}
    const keys = chunk.refKeys[row]!
    for (let r = 0, slot = 0; r < REFS; r++) if (keys & (1 << r)) refs[REF_KEYS[r]!] = chunk.refs[row * REF_SLOTS + slot++]!
    const { t, kind, concept } = this.columns
    return { index: i, t: t[i]!, kind: STEP_KINDS[kind[i]!]!, concept: CONCEPT_IDS[concept[i]!]!, frames, refs }
  }
}
