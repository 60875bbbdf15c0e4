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
import { grown } from './columns.ts'

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

/** Growing columns of the steps in the order they are planned (steps.ts buildSteps). */
export class StepPlanner {
  private n = 0
  private t = new Float64Array(1024)
  private kind = new Uint8Array(1024)
  private concept = new Uint8Array(1024)
  private refs = new Int32Array(1024 * REFS)
  private framesAt = new Uint32Array(1024)
  private framesCount = new Uint32Array(1024)
  private pool = new Uint32Array(4096)
  private used = 0
  /** Plan position → the journal record a journal-only step tells. */
  private readonly records = new Map<number, number>()

  get length(): number {
    return this.n
  }

  /** Plans a step; `record`: the journal record it tells (its index in the journal's hsts or http records). */
  add(t: number, kind: StepKind, concept: ConceptId, frames: readonly number[], refs: Step['refs'], record?: number): void {
    if (this.n === this.t.length) this.grow()
    const p = this.n++
    this.t[p] = Math.max(0, t)
    this.kind[p] = KIND_CODE.get(kind)!
    this.concept[p] = CONCEPT_CODE.get(concept)!
    for (let r = 0; r < REFS; r++) {
      const value = refs[REF_KEYS[r]!]
      this.refs[p * REFS + r] = value === undefined ? NONE : value
    }
    if (this.used + frames.length > this.pool.length) this.pool = grown(this.pool, this.used + frames.length)
    this.framesAt[p] = this.used
    this.framesCount[p] = frames.length
    for (const frame of frames) this.pool[this.used++] = frame
    if (record !== undefined) this.records.set(p, record)
  }

  /** The steps in time order (steps at the same time keep the order they were planned in), and
   * step index → the journal record of each journal-only step. */
  finish(): { steps: StepColumns; records: Map<number, number> } {
    const n = this.n
    const t = this.t
    const order = Array.from({ length: n }, (_, p) => p).sort((a, b) => t[a]! - t[b]! || a - b)
    const store = new StepColumns(n, this.pool.slice(0, this.used))
    const records = new Map<number, number>()
    for (let i = 0; i < n; i++) {
      const p = order[i]!
      store.t[i] = t[p]!
      store.kind[i] = this.kind[p]!
      store.concept[i] = this.concept[p]!
      store.refs.set(this.refs.subarray(p * REFS, p * REFS + REFS), i * REFS)
      store.framesAt[i] = this.framesAt[p]!
      store.framesCount[i] = this.framesCount[p]!
      const record = this.records.get(p)
      if (record !== undefined) records.set(i, record)
    }
    return { steps: store, records }
  }

  private grow(): void {
    const size = this.t.length * 2
    this.t = grown(this.t, size)
    this.kind = grown(this.kind, size)
    this.concept = grown(this.concept, size)
    this.refs = grown(this.refs, size * REFS)
    this.framesAt = grown(this.framesAt, size)
    this.framesCount = grown(this.framesCount, size)
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
