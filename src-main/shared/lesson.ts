// The lesson as the app's window holds it, however large the capture: the walkthrough's overview
// (what does not grow with the capture's conversations: the source, counts, file problems, the
// first frames, the step outline folded into runs) and windows of steps with the entities they name
// (DNS transactions, resolutions, connections, HTTP exchanges, TLS sessions), fetched from the
// analyzer's worker as the player moves. A page load's lesson fits in one window, so it arrives
// whole with the capture; a capture of a million packets arrives as a few kilobytes, and its
// steps, outline runs, search results and "which step shows this packet" are answered by the
// worker a window at a time.
//
// The worker keeps its steps without their words (StepCore): a step's title and detail are
// written when a window, an outline row, a search or an export asks for them (LessonSteps).
//
// Pure (no node:*): the worker serves these (src-main/analyzer/lesson.ts), and the renderer's
// tests answer the same calls from a fixture walkthrough with the same functions.
import type { ConceptId } from './concepts.ts'
import type { Connection, DnsTransaction, FrameSummary, HttpExchange, LocalizedText, PhaseName, ResolutionChain, Step, StepCore, StepKind, StepWords, TlsSession, Walkthrough } from './walkthrough.ts'

/** Steps in one window of the lesson (the player, the timeline and the sequence diagram's
 * participants show one window at a time). */
export const LESSON_WINDOW = 500
/** A run of this many steps of one kind (or more) in a concept is folded into one outline row. */
export const FOLD_AT = 3
/** The first frames the overview carries (the packet list shows them at once; it pages the rest). */
export const OVERVIEW_FRAMES = 1000
/** Outline rows sent per concept; the rest of a concept's steps are counted in `more` (the player,
 * a run's members and the search reach every one of them). */
export const OUTLINE_ROWS_PER_CONCEPT = 40
/** Steps a findSteps call returns at most (the total says how many match). */
export const FIND_STEPS_LIMIT = 1000

export interface WalkthroughCounts {
  dns: number
  resolutions: number
  connections: number
  http: number
  tls: number
  steps: number
}

/** The walkthrough without its per-conversation arrays: what the app's window keeps for the whole
 * time a capture is open. `frames` holds the first frames only (the packet list pages the rest). */
export type WalkthroughOverview = Omit<Walkthrough, 'dns' | 'resolutions' | 'connections' | 'http' | 'tls' | 'steps' | 'httpUnmatchedResponses'> & {
  counts: WalkthroughCounts
  outline: StepOutline
}

/** A step's name in lists (the outline, search results): no detail text, no frames. */
export interface StepHead {
  index: number
  kind: StepKind
  concept: ConceptId
  t: number
  title: LocalizedText
}

/** One row of a concept in the outline: a step, or a run of FOLD_AT or more consecutive steps (of
 * that concept) of one kind, folded; its members are fetched when it is opened (findSteps). */
export type OutlineEntry = { type: 'step'; step: StepHead } | { type: 'run'; kind: StepKind; first: number; last: number; count: number }

export interface OutlineConceptRows {
  concept: ConceptId
  /** Steps of this concept in all. */
  count: number
  rows: OutlineEntry[]
  /** Steps of this concept after the last row sent (beyond OUTLINE_ROWS_PER_CONCEPT rows). */
  more: number
}

/** The concepts the steps show, each with its rows; concepts with no step are absent. */
export interface StepOutline {
  concepts: OutlineConceptRows[]
}

/** Entities by their index in the walkthrough's arrays (JSON object keys: the indexes). */
export interface LessonEntities {
  dns: Record<number, DnsTransaction>
  resolutions: Record<number, ResolutionChain>
  connections: Record<number, Connection>
  http: Record<number, HttpExchange>
  tls: Record<number, TlsSession>
}

/** Steps `start`…`start + steps.length − 1` and every entity they name (with what those name: a
 * resolution's transactions, a connection's exchanges and TLS session, a transaction's resolution). */
export interface LessonWindow extends LessonEntities {
  start: number
  steps: Step[]
}

/** What the app's window gets when a capture opens (and, while a large one is read, of the part
 * read so far): the overview and the lesson's first window. */
export interface LessonPreview {
  walkthrough: WalkthroughOverview
  lesson: LessonWindow
}

/** Which entities to fetch (capture.entities): indexes per kind. */
export interface EntityRefs {
  dns?: number[]
  resolutions?: number[]
  connections?: number[]
  http?: number[]
  tls?: number[]
}

/** Which steps to list (capture.findSteps): those whose words contain `text` (either language,
 * case-insensitive), and/or of one concept and kind between two step indexes (a folded run). */
export interface StepQuery {
  text?: string
  concept?: ConceptId
  kind?: StepKind
  from?: number
  to?: number
  limit?: number
}

export interface StepList {
  /** Steps that match in all (more than `steps` holds when the limit cut it). */
  total: number
  steps: StepHead[]
}

/** What a click asks the player to go to (capture.stepFor): the step that shows a packet, the
 * first step of a connection's phase, or the first step of a resolution's hop. */
export type StepTarget = { frame: number } | { connection: number; phase: PhaseName } | { resolution: number; hop: number }

/** The socket phase (STORY 04) each kind of step belongs to, for the timeline's phase bars. */
export const STEP_PHASE: Record<StepKind, PhaseName | null> = {
  url: null,
  'http-request-built': null,
  'ip-anatomy': null,
  'name-lookup': null,
  'dns-root-hints': null,
  'dns-query': null,
  'dns-referral': null,
  'dns-answer': null,
  'dns-cname': null,
  'dns-nxdomain': null,
  'dns-nodata': null,
  'dns-cache-hit': null,
  'dns-lame': null,
  'dns-timeout': null,
  'dns-tcp-fallback': null,
  'socket-create': 'socket',
  connect: 'connect',
  'tls-handshake': 'transfer',
  send: 'transfer',
  receive: 'transfer',
  'http-response': 'transfer',
  'http-redirect': 'transfer',
  'fetch-failed': null,
  'hsts-upgrade': null,
  close: 'close',
}

/** Writes a step's words from what it keeps (the analyzer's worker: analyzer/steps.ts). */
export type WordsOf = (step: StepCore) => StepWords

/** A lesson's steps and where their words come from: written into every step (a walkthrough as
 * sent: inspect --json, the renderer's fixtures), or written on demand by `words` (the worker,
 * whose steps keep what their words are written from, not the words: at a million packets the
 * words would be most of the heap). */
export type LessonSteps = { steps: readonly Step[]; words?: undefined } | { steps: EntityList<StepCore>; words: WordsOf }

/** An entity collection as its readers use it: how many, one by its index (`at`, as
 * Array.prototype.at reads an index), and iteration. A walkthrough as sent holds arrays, which are
 * EntityLists as they are; the analyzer's worker holds compact stores that make each entity when it
 * is read (analyzer/entity-rows.ts: the DNS transactions, the HTTP exchanges, the steps without their
 * words), so an entity read from one is a new object each time: change nothing in it, and find it
 * again by its index, never by identity (no indexOf). */
export interface EntityList<T> extends Iterable<T> {
  readonly length: number
  at(index: number): T | undefined
  /** One field of entity `index` (0 ≤ index < length), as `at(index)` would give it, without
   * making the rest: a store has it (analyzer/entity-rows.ts), an array does not (entityField reads
   * either). */
  field?<K extends keyof T>(index: number, key: K): T[K]
}

/** One field of entity `index` of `list` (0 ≤ index < length): read from a store's columns where
 * the list is a store, so a reader that needs one or two fields of every entity (the steps' plan,
 * the lesson's links) does not make each whole entity with its records and arrays. */
export function entityField<T, K extends keyof T>(list: EntityList<T>, index: number, key: K): T[K] {
  return list.field !== undefined ? list.field(index, key) : list.at(index)![key]
}

/** Entity `index` of `list` as `array[index]` reads it: undefined unless `index` is a whole number
 * from 0 to length − 1. For an index that may name nothing (a reference the renderer sent, an
 * optional one): `at` would read −1 as the last entity. */
export function entityAt<T>(list: EntityList<T>, index: number): T | undefined {
  return Number.isInteger(index) && index >= 0 && index < list.length ? list.at(index) : undefined
}

/** The index of the first entity of `list` that `match`es, or -1 (Array.prototype.findIndex for an
 * EntityList). */
export function findEntity<T>(list: EntityList<T>, match: (item: T, index: number) => boolean): number {
  for (let i = 0; i < list.length; i++) if (match(list.at(i)!, i)) return i
  return -1
}

/** The first entity of `list` that `match`es, or undefined (Array.prototype.find for an EntityList). */
export function firstEntity<T>(list: EntityList<T>, match: (item: T, index: number) => boolean): T | undefined {
  return entityAt(list, findEntity(list, match))
}

/** The walkthrough's entity collections as the lesson reads them: each an EntityList, never an
 * array, so whatever reads them works on the worker's compact stores (DNS transactions, HTTP
 * exchanges: made when read) as on a walkthrough as sent (arrays), and the compiler flags a reader
 * that indexes, maps or filters one as an array. */
export interface LessonArrays {
  dns: EntityList<DnsTransaction>
  resolutions: EntityList<ResolutionChain>
  connections: EntityList<Connection>
  http: EntityList<HttpExchange>
  tls: EntityList<TlsSession>
}

/** A walkthrough whose steps are LessonSteps: the analyzer's (words on demand) or one as sent. */
export type LessonWalkthrough = Omit<Walkthrough, 'steps' | keyof LessonArrays> & LessonArrays & LessonSteps

/** What the lesson's answers are made from: the walkthrough's arrays (the worker's, whole). */
export type LessonSource = LessonArrays & LessonSteps

/** The words of a step as sent: written into it. */
const wordsInStep: WordsOf = (step) => {
  // Only reached for LessonSteps without `words`, whose steps are whole Steps.
  const { title, detail } = step as Step
  return { title, detail }
}

/** How the steps of `source` get their words. */
export function wordsOf(source: LessonSteps): WordsOf {
  return source.words === undefined ? wordsInStep : source.words
}

/** A step with its words, its fields in the schema's order (docs/walkthrough-schema.md). */
export function withWords(step: StepCore, words: StepWords): Step {
  return { index: step.index, t: step.t, kind: step.kind, concept: step.concept, title: words.title, detail: words.detail, frames: step.frames, refs: step.refs }
}

export function countsOf(w: LessonSource): WalkthroughCounts {
  return { dns: w.dns.length, resolutions: w.resolutions.length, connections: w.connections.length, http: w.http.length, tls: w.tls.length, steps: w.steps.length }
}

export function stepHead(step: StepCore, words: WordsOf): StepHead {
  return { index: step.index, kind: step.kind, concept: step.concept, t: step.t, title: words(step).title }
}

/** The overview of a walkthrough, with at most `inlineFrames` of its first frames. */
export function overviewOf(w: LessonWalkthrough, inlineFrames = w.frames.length): WalkthroughOverview {
  const { dns: _d, resolutions: _r, connections: _c, http: _h, tls: _t, steps: _s, words: _w, httpUnmatchedResponses: _u, frames, ...rest } = w
  const overview: WalkthroughOverview = { ...rest, frames: frames.slice(0, inlineFrames), counts: countsOf(w), outline: outlineOf(w.steps, wordsOf(w)) }
  if (w.packets > overview.frames.length) overview.framesTruncated = true
  return overview
}

/** Folds each concept's steps into rows (see OutlineEntry), OUTLINE_ROWS_PER_CONCEPT at most; only
 * the rows' steps get their titles written. */
export function outlineOf(steps: readonly Step[]): StepOutline
export function outlineOf(steps: EntityList<StepCore>, words: WordsOf): StepOutline
export function outlineOf(steps: EntityList<StepCore>, words: WordsOf = wordsInStep): StepOutline {
  // One pass reading each step's concept, kind and index (from a store's columns: no step made; a
  // large capture has hundreds of thousands), each concept's rows folded as its steps come.
  const byConcept = new Map<ConceptId, ConceptFold>()
  for (let i = 0; i < steps.length; i++) {
    const concept = entityField(steps, i, 'concept')
    let fold = byConcept.get(concept)
    if (fold === undefined) byConcept.set(concept, (fold = new ConceptFold()))
    // Once a concept has all its rows, its later steps are only counted: their kind and index are
    // not read (most of a large capture's steps).
    if (fold.full) fold.count++
    else fold.add(entityField(steps, i, 'kind'), entityField(steps, i, 'index'))
  }
  const concepts: OutlineConceptRows[] = []
  for (const [concept, fold] of byConcept) {
    fold.end()
    // Only the rows' steps get their titles written.
    const rows = fold.rows.map((row): OutlineEntry => (typeof row === 'number' ? { type: 'step', step: stepHead(steps.at(row)!, words) } : row))
    concepts.push({ concept, count: fold.count, rows, more: fold.count - fold.covered })
  }
  return { concepts }
}

/** One concept's outline rows, made as its steps come in order: a run of FOLD_AT or more steps of
 * one kind is one row, a shorter run's steps a row each, until OUTLINE_ROWS_PER_CONCEPT rows; the
 * steps after that are only counted. */
class ConceptFold {
  /** A run row, or a step's index (its row made once the fold is done). */
  readonly rows: (Extract<OutlineEntry, { type: 'run' }> | number)[] = []
  /** The concept's steps, and how many of them the rows show. */
  count = 0
  covered = 0
  /** The run of one kind being read: its kind, its first FOLD_AT − 1 steps, its last and its length. */
  private kind: StepKind | null = null
  private readonly first: number[] = []
  private last = -1
  private length = 0

  /** Its rows are all made: a step now only counts (add would do nothing else). */
  get full(): boolean {
    return this.rows.length >= OUTLINE_ROWS_PER_CONCEPT
  }

  add(kind: StepKind, index: number): void {
    this.count++
    if (this.full) return
    if (kind !== this.kind) {
      this.end()
      if (this.rows.length >= OUTLINE_ROWS_PER_CONCEPT) return
      this.kind = kind
    }
    if (this.length < FOLD_AT - 1) this.first.push(index)
    this.last = index
    this.length++
  }

  /** The run being read has ended: its row, or its steps' rows (as many as there is room for). */
  end(): void {
    if (this.length >= FOLD_AT) {
      this.rows.push({ type: 'run', kind: this.kind!, first: this.first[0]!, last: this.last, count: this.length })
      this.covered += this.length
    } else {
      const shown = this.first.slice(0, OUTLINE_ROWS_PER_CONCEPT - this.rows.length)
      this.rows.push(...shown)
      this.covered += shown.length
    }
    this.kind = null
    this.first.length = 0
    this.length = 0
  }
}

/** The steps a query names (see StepQuery), in step order, `limit` (≤ FIND_STEPS_LIMIT) at most.
 * A search by words writes the words of every step the concept, kind and range leave. */
export function findSteps(steps: readonly Step[], query: StepQuery): StepList
export function findSteps(steps: EntityList<StepCore>, query: StepQuery, words: WordsOf): StepList
export function findSteps(steps: EntityList<StepCore>, query: StepQuery, words: WordsOf = wordsInStep): StepList {
  const needle = query.text?.trim().toLowerCase() ?? ''
  const limit = Math.max(0, Math.min(FIND_STEPS_LIMIT, query.limit ?? FIND_STEPS_LIMIT))
  const from = Math.max(0, query.from ?? 0)
  const to = Math.min(steps.length - 1, query.to ?? steps.length - 1)
  const found: StepHead[] = []
  let total = 0
  const has = (text: LocalizedText) => text.en.toLowerCase().includes(needle) || text.ko.toLowerCase().includes(needle)
  for (let i = from; i <= to; i++) {
    // The concept and kind first, from a store's columns: a step is made only when they match (the
    // row `at` reads, a fraction dropped).
    const row = Math.trunc(i)
    if (query.concept !== undefined && entityField(steps, row, 'concept') !== query.concept) continue
    if (query.kind !== undefined && entityField(steps, row, 'kind') !== query.kind) continue
    const step = steps.at(row)!
    if (needle !== '') {
      const { title, detail } = words(step)
      if (!has(title) && !has(detail)) continue
    }
    total++
    if (found.length < limit) found.push(stepHead(step, words))
  }
  return { total, steps: found }
}

/** The entities `refs` names, with what each names in turn (so a pane shown for one of them finds
 * everything it shows): a resolution's transactions; a transaction's resolution; a connection's
 * exchanges and TLS session; an exchange's connection and its cause. */
export function entitiesOf(w: LessonEntitySource, refs: EntityRefs, index: LessonIndex = lessonIndex(w)): LessonEntities {
  const out: LessonEntities = { dns: {}, resolutions: {}, connections: {}, http: {}, tls: {} }
  // The references may come from the renderer: each is read as array[i] would read it.
  const addDns = (i: number) => {
    const tx = entityAt(w.dns, i)
    if (tx !== undefined) out.dns[i] = tx
  }
  const addResolution = (i: number) => {
    const chain = entityAt(w.resolutions, i)
    if (chain === undefined || out.resolutions[i] !== undefined) return
    out.resolutions[i] = chain
    for (const hop of chain.hops) if (hop.dns !== undefined) addDns(hop.dns)
  }
  const addConnection = (i: number) => {
    const c = entityAt(w.connections, i)
    if (c === undefined || out.connections[i] !== undefined) return
    out.connections[i] = c
    for (const h of c.http) {
      const ex = entityAt(w.http, h)
      if (ex !== undefined) out.http[h] = ex
    }
    const tls = index.tlsOfConnection.get(i)
    if (tls !== undefined) out.tls[tls] = w.tls.at(tls)!
    if (c.resolution !== undefined) addResolution(c.resolution)
  }
  for (const i of refs.resolutions ?? []) addResolution(i)
  for (const i of refs.dns ?? []) {
    addDns(i)
    const r = index.resolutionOfDns.get(i)
    if (r !== undefined) addResolution(r)
  }
  for (const i of refs.connections ?? []) addConnection(i)
  for (const i of refs.http ?? []) {
    const ex = entityAt(w.http, i)
    if (ex === undefined) continue
    out.http[i] = ex
    addConnection(ex.connection)
    const cause = ex.causedBy === undefined ? undefined : entityAt(w.http, ex.causedBy)
    if (cause !== undefined) out.http[ex.causedBy!] = cause
  }
  for (const i of refs.tls ?? []) {
    const s = entityAt(w.tls, i)
    if (s === undefined) continue
    out.tls[i] = s
    addConnection(s.connection)
  }
  return out
}

/** Steps `start`…`start + count − 1` with their words, and the entities they name. */
export function lessonWindow(w: LessonSource, start: number, count: number, index: LessonIndex = lessonIndex(w)): LessonWindow {
  const first = Math.max(0, Math.min(start, w.steps.length))
  const words = wordsOf(w)
  const steps: Step[] = []
  for (let i = first, end = Math.min(w.steps.length, first + Math.max(0, count)); i < end; i++) {
    const step = w.steps.at(i)!
    steps.push(withWords(step, words(step)))
  }
  const refs: Required<EntityRefs> = { dns: [], resolutions: [], connections: [], http: [], tls: [] }
  for (const step of steps) {
    if (step.refs.dns !== undefined) refs.dns.push(step.refs.dns)
    if (step.refs.resolution !== undefined) refs.resolutions.push(step.refs.resolution)
    if (step.refs.connection !== undefined) refs.connections.push(step.refs.connection)
    if (step.refs.http !== undefined) refs.http.push(step.refs.http)
    if (step.refs.tls !== undefined) refs.tls.push(step.refs.tls)
  }
  return { start: first, steps, ...entitiesOf(w, refs, index) }
}

/** The walkthrough's entities (what entitiesOf and lessonIndex read). */
export type LessonEntitySource = LessonArrays

/** An index → index link (a Map, or a store's column). */
export interface IndexLink {
  get(from: number): number | undefined
}

/** Reverse links the lesson's answers need, built once per walkthrough. */
export interface LessonIndex {
  /** A DNS transaction → the first resolution with a hop on it. */
  resolutionOfDns: IndexLink
  /** A connection → its first TLS session. */
  tlsOfConnection: IndexLink
}

/** `resolutionOfDns`: the link as a store keeps it (the analyzer's worker: resolution-store.ts);
 * made from the chains' hops otherwise. */
export function lessonIndex(w: LessonEntitySource, resolutionOfDns: IndexLink = resolutionsOfDns(w.resolutions)): LessonIndex {
  const tlsOfConnection = new Map<number, number>()
  for (let i = 0; i < w.tls.length; i++) {
    const connection = entityField(w.tls, i, 'connection')
    if (!tlsOfConnection.has(connection)) tlsOfConnection.set(connection, i)
  }
  return { resolutionOfDns, tlsOfConnection }
}

function resolutionsOfDns(resolutions: EntityList<ResolutionChain>): IndexLink {
  const link = new Map<number, number>()
  let r = 0
  for (const chain of resolutions) {
    for (const hop of chain.hops) if (hop.dns !== undefined && !link.has(hop.dns)) link.set(hop.dns, r)
    r++
  }
  return link
}

/** frame → the first step that shows it. */
interface FrameSteps {
  get(frame: number): number | undefined
}

function mapByFrame(steps: EntityList<StepCore>): FrameSteps {
  const byFrame = new Map<number, number>()
  for (const step of steps) for (const frame of step.frames) if (!byFrame.has(frame)) byFrame.set(frame, step.index)
  return byFrame
}

/** The frame → step map as one typed array (`byFrame[frame]`: a step index, −1 for none). */
function arrayByFrame(byFrame: Int32Array, frameCount: number): FrameSteps {
  return { get: (frame) => (frame >= 1 && frame <= frameCount && byFrame[frame] !== -1 ? byFrame[frame] : undefined) }
}

/** Which step a clicked packet, timeline bar or sequence-diagram arrow belongs to, so a click
 * moves the player there:
 *   a packet      the first step that shows it; a packet no step names (an ACK, the middle segments
 *                 of a response) goes to the step the lesson is at when it passes: the latest step
 *                 of its connection (or DNS transaction) that starts at or before it, else the
 *                 latest step of any kind that does
 *   a phase bar   the first step of that connection in that phase (socket creation has no packet,
 *                 so this is the only way to click to it)
 *   a hop bar     the first step of that hop of that resolution (the query, or the cache hit)
 * `frameOf` says which connection or DNS transaction a frame belongs to. */
export interface StepFinder {
  find(target: StepTarget): number | null
}

/** What the step finder reads of each step, in order: its index, kind, frames (`frames[from]` …
 * `frames[to − 1]`) and the refs that place it. */
export type StepVisit = (index: number, kind: StepKind, frames: ArrayLike<number>, from: number, to: number, connection: number | undefined, resolution: number | undefined, hop: number | undefined) => void

/** Steps that hand each step's fields to a visit from their columns, without making the step (the
 * analyzer's step store: a million packets plan hundreds of thousands of steps). */
export interface StepScan {
  scanSteps(visit: StepVisit): void
}

/** Visits every step of `steps`: from a store's columns where it can (StepScan), else each step. */
function scanSteps(steps: EntityList<StepCore> & Partial<StepScan>, visit: StepVisit): void {
  if (steps.scanSteps !== undefined) return steps.scanSteps(visit)
  for (const step of steps) visit(step.index, step.kind, step.frames, 0, step.frames.length, step.refs.connection, step.refs.resolution, step.refs.hop)
}

/** The phases a step may be in (STEP_PHASE's), each with a code. */
const PHASE_CODE: Record<PhaseName, number> = { socket: 0, connect: 1, transfer: 2, close: 3 }
const PHASES = Object.keys(PHASE_CODE).length
/** The highest connection or resolution, and hop, a step's refs may name for the finder (higher
 * ones are none: its tables are bounded). */
const MAX_REF = 2 ** 24 - 1
const MAX_HOP = 2 ** 20 - 1

/** Whether `value` is an index from 0 to `max`. */
function isRef(value: number | undefined, max: number): value is number {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= max
}

export function createStepFinder(
  steps: EntityList<StepCore> & Partial<StepScan>,
  frameOf: (frame: number) => Pick<FrameSummary, 'connection' | 'dns'> | undefined,
  /** The capture's frame count, where the whole lesson is at hand (the analyzer's worker): the
   * frame → step map is then one typed array (a Map of millions of entries takes seconds). */
  frameCount?: number,
): StepFinder {
  // One walk over the steps (read from the step store's columns, no step made: a lesson of a large
  // capture has hundreds of thousands) for: frame → the first step that shows it (built once: a click must not
  // scan every step), where the whole lesson is at hand; the steps with packets (their positions in
  // `steps`) by their first packet, for "the step in effect when this packet passes": typed arrays,
  // not an object per step; and the first step of each connection phase and resolution hop.
  const frameSteps = frameCount === undefined ? null : new Int32Array(frameCount + 1).fill(-1)
  const firstOf = new Float64Array(steps.length)
  const indexOf = new Uint32Array(steps.length)
  // Each step's connection and phase, resolution and hop (−1: none), by position: the first step of
  // each is found after the walk, in tables of numbers indexed by them (Maps of hundreds of
  // thousands of entries, their keys past 2³¹ each a heap number, were most of what the finder
  // held on a million packets).
  const connectionAt = new Int32Array(steps.length)
  const phaseAt = new Uint8Array(steps.length)
  const resolutionAt = new Int32Array(steps.length)
  const hopAt = new Int32Array(steps.length)
  let connections = 0
  let resolutions = 0
  let withPackets = 0
  let position = 0
  scanSteps(steps, (index, kind, frames, from, to, connection, resolution, hop) => {
    indexOf[position] = index
    let first = Infinity
    for (let k = from; k < to; k++) {
      const frame = frames[k]!
      if (frame < first) first = frame
      if (frameSteps && frame >= 1 && frame <= frameCount! && frameSteps[frame] === -1) frameSteps[frame] = index
    }
    firstOf[position] = first
    if (first !== Infinity) withPackets++
    const phase = STEP_PHASE[kind]
    connectionAt[position] = phase !== null && isRef(connection, MAX_REF) ? connection : -1
    if (connectionAt[position]! >= 0) {
      phaseAt[position] = PHASE_CODE[phase!]
      connections = Math.max(connections, connection! + 1)
    }
    const hopped = isRef(resolution, MAX_REF) && isRef(hop, MAX_HOP)
    resolutionAt[position] = hopped ? resolution : -1
    hopAt[position] = hopped ? hop : -1
    if (hopped) resolutions = Math.max(resolutions, resolution + 1)
    position++
  })
  // connection × phase → its first step.
  const phaseFirst = new Int32Array(connections * PHASES).fill(-1)
  // Resolution r's hops are slots hopStart[r] … hopStart[r + 1] − 1 (as many as its highest hop a
  // step names, plus one).
  const hopStart = new Uint32Array(resolutions + 1)
  for (let p = 0; p < position; p++) {
    const r = resolutionAt[p]!
    if (r >= 0) hopStart[r + 1] = Math.max(hopStart[r + 1]!, hopAt[p]! + 1)
  }
  for (let r = 0; r < resolutions; r++) hopStart[r + 1] = hopStart[r + 1]! + hopStart[r]!
  const hopFirst = new Int32Array(hopStart[resolutions]!).fill(-1)
  for (let p = 0; p < position; p++) {
    const c = connectionAt[p]!
    if (c >= 0 && phaseFirst[c * PHASES + phaseAt[p]!] === -1) phaseFirst[c * PHASES + phaseAt[p]!] = indexOf[p]!
    const r = resolutionAt[p]!
    if (r >= 0 && hopFirst[hopStart[r]! + hopAt[p]!] === -1) hopFirst[hopStart[r]! + hopAt[p]!] = indexOf[p]!
  }
  const byFrame = frameSteps ? arrayByFrame(frameSteps, frameCount!) : mapByFrame(steps)
  const started = new Uint32Array(withPackets)
  for (let p = 0, k = 0; p < steps.length; p++) if (firstOf[p] !== Infinity) started[k++] = p
  const before = (a: number, b: number) => firstOf[a]! - firstOf[b]! || indexOf[a]! - indexOf[b]!
  // Steps mostly come in the order of their packets: sorted only when they do not.
  let inOrder = true
  for (let k = 1; k < started.length && inOrder; k++) if (before(started[k - 1]!, started[k]!) > 0) inOrder = false
  if (!inOrder) started.set(Array.from(started).sort(before))
  // The first entry whose first packet is after `frame` (binary search), then walk back.
  const latestBefore = (frame: number, belongs: (step: StepCore) => boolean): number | null => {
    let lo = 0
    let hi = started.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (firstOf[started[mid]!]! <= frame) lo = mid + 1
      else hi = mid
    }
    // Among the entries at or before `frame`, the last in order that belongs.
    for (let i = lo - 1; i >= 0; i--) if (belongs(steps.at(started[i]!)!)) return indexOf[started[i]!]!
    return null
  }
  return {
    find(target) {
      if ('frame' in target) {
        const frame = target.frame
        const shown = byFrame.get(frame)
        if (shown !== undefined) return shown
        const summary = frameOf(frame)
        if (summary?.connection !== undefined) {
          const found = latestBefore(frame, (step) => step.refs.connection === summary.connection)
          if (found !== null) return found
        }
        if (summary?.dns !== undefined) {
          const found = latestBefore(frame, (step) => step.refs.dns === summary.dns)
          if (found !== null) return found
        }
        return latestBefore(frame, () => true)
      }
      if ('phase' in target) {
        const code = Object.hasOwn(PHASE_CODE, target.phase) ? PHASE_CODE[target.phase] : undefined
        if (code === undefined || !isRef(target.connection, connections - 1)) return null
        const found = phaseFirst[target.connection * PHASES + code]!
        return found === -1 ? null : found
      }
      const { resolution, hop } = target
      if (!isRef(resolution, resolutions - 1) || !isRef(hop, MAX_HOP) || hop >= hopStart[resolution + 1]! - hopStart[resolution]!) return null
      const found = hopFirst[hopStart[resolution]! + hop]!
      return found === -1 ? null : found
    },
  }
}
