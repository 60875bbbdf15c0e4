// The walkthrough's resolution chains as rows of typed-array columns, from the moment they are built:
// each chain and each hop a row, every text (names, types, servers, zones, outcomes, roles) once in
// an intern table, each chain's final answers one of the DNS store's shared answer sets. A chain is
// made into the schema's ResolutionChain only when something reads it (a window, the steps' words,
// the questions, `inspect --json`).
//
// `ResolutionTable` is the one place that writes them: resolutions.ts groups, nests and
// re-classifies the chains through it (hops are added, inserted after a hop, their zone or outcome
// changed), build.ts links them to their connections, and `finish` hands the rows over as the
// `ResolutionStore` the walkthrough keeps. A million packets of page loads make ≈ 93 000 chains:
// built as objects and then copied into columns they cost the build ≈ 340 ms of the worker thread
// at 1 M (≈ 1.1 s at 5 M), and were ≈ 42 MB of heap while it ran.
//
// A hop's or chain's keys come in the order the code that made it wrote them (a hop from a
// transaction, a cache hop, a journal's hop; role and leg set later in either order): each row keeps
// the order of its keys (one interned list per distinct order, found by following a key from the
// order before, as an object's keys grow), so a chain made from the store is key for key, and as
// JSON byte for byte, the object the same steps would have built.
import type { DnsRecordView } from '../shared/resolver-events.ts'
import type { EntityList, IndexLink } from '../shared/lesson.ts'
import type { ResolutionChain, ResolutionHop } from '../shared/walkthrough.ts'
import { grown, intern } from './columns.ts'
import { EntityRows } from './entity-rows.ts'

/** A present key whose value is undefined (JSON leaves it out; the object has it). */
const UNDEFINED = -2
/** No value (a null rcode or answer, an absent text, no frame, no hop). */
const NONE = -1

type HopKey = keyof ResolutionHop
type ChainKey = keyof ResolutionChain
/** What a hop keeps in its rare-key map (journal hops only: cache hits and their timing). */
export type RareHopKey = 'ttlLeft' | 'storedTtl' | 'ageMs' | 'cached' | 'atMs'
type RareHop = Pick<ResolutionHop, RareHopKey>

/** Where each of a hop's keys is kept: every key of ResolutionHop has a place (the compiler says
 * when one is added without one). */
const HOP_PLACE: Record<HopKey, 'text' | 'dns' | 'frames' | 't' | 'rtt' | 'rare'> = {
  server: 'text',
  zone: 'text',
  outcome: 'text',
  dns: 'dns',
  frames: 'frames',
  t: 't',
  rtt_ms: 'rtt',
  referredTo: 'text',
  ttlLeft: 'rare',
  storedTtl: 'rare',
  ageMs: 'rare',
  negative: 'text',
  cached: 'rare',
  atMs: 'rare',
  role: 'text',
  cache: 'text',
  leg: 'text',
}
const HOP_KEYS = Object.keys(HOP_PLACE) as HopKey[]
/** The hop keys kept as interned texts, each with its column. */
const HOP_TEXT_KEYS = ['server', 'zone', 'outcome', 'referredTo', 'negative', 'role', 'cache', 'leg'] as const satisfies readonly HopKey[]
export type HopTextKey = (typeof HOP_TEXT_KEYS)[number]

/** Where each of a chain's keys is kept. */
const CHAIN_PLACE: Record<ChainKey, 'text' | 'hops' | 'answers' | 'index' | 'connections'> = {
  qname: 'text',
  qtype: 'text',
  hops: 'hops',
  rcode: 'text',
  answers: 'answers',
  parent: 'index',
  parentHop: 'index',
  walkedBy: 'text',
  connections: 'connections',
  mode: 'text',
}
const CHAIN_KEYS = Object.keys(CHAIN_PLACE) as ChainKey[]
const CHAIN_TEXT_KEYS = ['qname', 'qtype', 'rcode', 'walkedBy', 'mode'] as const satisfies readonly ChainKey[]
type ChainTextKey = (typeof CHAIN_TEXT_KEYS)[number]

/** The columns whose last text ResolutionTable keeps (lastTextId). */
const LAST = { qname: 0, qtype: 1, mode: 2, server: 3, zone: 4, outcome: 5 } as const

/** The keys a new chain is made with, in their order (as resolutions.ts always wrote them). */
const NEW_CHAIN_KEYS: readonly ChainKey[] = ['qname', 'qtype', 'hops', 'rcode', 'answers', 'connections', 'mode']
/** A hop made from a transaction (before its referral's zone, when it has one). */
const TX_HOP_KEYS: readonly HopKey[] = ['server', 'zone', 'outcome', 'dns', 'frames', 't', 'rtt_ms']
/** A hop without a transaction (a cache hop, a journal's event): its frames are none. */
const PACKETLESS_HOP_KEYS: readonly HopKey[] = ['server', 'zone', 'outcome', 'frames', 't', 'rtt_ms']

/** The distinct orders of keys of one kind of row, each an id: a row's order grows by one key when
 * a key it lacks is set, as an object's does, and the order after each step is found once and then
 * kept (a few dozen orders in all). */
class KeyOrders<K extends string> {
  readonly lists: K[][] = [[]]
  private readonly code: Record<string, number> = {}
  private readonly next = new Map<number, number>()

  constructor(keys: readonly K[]) {
    keys.forEach((k, i) => (this.code[k] = i))
  }

  /** The order `order` becomes when `key` is set (itself when it has the key). */
  with(order: number, key: K): number {
    const slot = order * 32 + this.code[key]!
    let id = this.next.get(slot)
    if (id === undefined) {
      const list = this.lists[order]!
      id = list.includes(key) ? order : this.lists.push([...list, key]) - 1
      this.next.set(slot, id)
    }
    return id
  }

  /** The order of an object written with `keys`, in that order. */
  of(keys: readonly K[]): number {
    let order = 0
    for (const key of keys) order = this.with(order, key)
    return order
  }

  has(order: number, key: K): boolean {
    return this.with(order, key) === order
  }
}

/** The chains while they are built: rows that grow (a chain's hops a list linked through the hop
 * rows, so a hop is inserted after another without moving any), read and edited by resolutions.ts
 * and build.ts through the methods below, then `finish`ed into the store. A chain or hop is its row
 * number; a list of chains (the walkthrough's, a walk's) is an array of chain rows, and a chain's
 * `parent` is a position in the list the chain ends up in, as the schema's is. */
export class ResolutionTable {
  private readonly texts: string[] = []
  private readonly textIds = new Map<string, number>()
  /** The last text written to each of the columns most rows write (LAST: a chain's name, type and
   * mode, a hop's server, zone and outcome) and its id: a column's texts repeat from row to row, and
   * the text seen just before is found without the intern table. */
  private readonly lastText: (string | null | undefined)[] = Array<string | null | undefined>(6).fill(null)
  private readonly lastId = new Int32Array(6).fill(NONE)
  private readonly hopOrders = new KeyOrders<HopKey>(HOP_KEYS)
  private readonly chainOrders = new KeyOrders<ChainKey>(CHAIN_KEYS)
  private readonly newChainOrder = this.chainOrders.of(NEW_CHAIN_KEYS)
  private readonly txHopOrder = this.hopOrders.of(TX_HOP_KEYS)
  private readonly packetlessHopOrder = this.hopOrders.of(PACKETLESS_HOP_KEYS)
  /** The answer sets, each once (the DNS store's shared arrays, a journal's), and their ids. */
  private readonly answerSets: DnsRecordView[][] = [[]]
  private readonly answerIds = new Map<DnsRecordView[], number>()

  chainCount = 0
  private chainOrder: Uint16Array
  private chainText: Record<ChainTextKey, Int32Array>
  private parentOf: Int32Array
  private parentHopOf: Int32Array
  private answersOf: Int32Array
  private firstHop: Int32Array
  private lastHop: Int32Array
  private hopCountOf: Int32Array
  /** Connections linked to chains, in the order they were linked: (chain row, connection) pairs. */
  private links = new Int32Array(64)
  private linkCount = 0

  hopRows = 0
  private hopOrder: Uint16Array
  private hopText: Record<HopTextKey, Int32Array>
  private dnsOf: Int32Array
  private tOf: Float64Array
  /** NaN with rttNull set: null. */
  private rttOf: Float64Array
  private rttNull: Uint8Array
  /** A hop's frames: its query's, then its response's (NONE: not in the capture). */
  private queryFrame: Float64Array
  private responseFrame: Float64Array
  private nextHop: Int32Array
  private prevHop: Int32Array
  private readonly rare = new Map<number, RareHop>()

  /** `capacity`: the rows to make room for at first (resolutions.ts: one a transaction, which is
   * about what a capture's chains and hops come to; more grow the columns). */
  constructor(capacity = 1024) {
    capacity = Math.max(16, capacity)
    this.chainOrder = new Uint16Array(capacity)
    this.chainText = columns(CHAIN_TEXT_KEYS, capacity)
    this.parentOf = new Int32Array(capacity)
    this.parentHopOf = new Int32Array(capacity)
    this.answersOf = new Int32Array(capacity)
    this.firstHop = new Int32Array(capacity)
    this.lastHop = new Int32Array(capacity)
    this.hopCountOf = new Int32Array(capacity)
    this.hopOrder = new Uint16Array(capacity)
    this.hopText = columns(HOP_TEXT_KEYS, capacity)
    this.dnsOf = new Int32Array(capacity)
    this.tOf = new Float64Array(capacity)
    this.rttOf = new Float64Array(capacity)
    this.rttNull = new Uint8Array(capacity)
    this.queryFrame = new Float64Array(capacity)
    this.responseFrame = new Float64Array(capacity)
    this.nextHop = new Int32Array(capacity)
    this.prevHop = new Int32Array(capacity)
  }

  // ── Chains ─────────────────────────────────────────────────────────────────────────────────────

  /** A new chain, with no hops: { qname, qtype, hops: [], rcode: null, answers: [], connections: [], mode }. */
  addChain(qname: string, qtype: string, mode: ResolutionChain['mode']): number {
    const c = this.chainCount++
    if (c === this.chainOrder.length) this.growChains()
    this.chainOrder[c] = this.newChainOrder
    const text = this.chainText
    text.qname[c] = this.lastTextId(LAST.qname, qname)
    text.qtype[c] = this.lastTextId(LAST.qtype, qtype)
    text.rcode[c] = NONE
    text.walkedBy[c] = UNDEFINED
    text.mode[c] = this.lastTextId(LAST.mode, mode)
    this.parentOf[c] = UNDEFINED
    this.parentHopOf[c] = UNDEFINED
    this.answersOf[c] = 0
    this.firstHop[c] = NONE
    this.lastHop[c] = NONE
    this.hopCountOf[c] = 0
    return c
  }

  qname(c: number): string {
    return this.texts[this.chainText.qname[c]!]!
  }

  qtype(c: number): string {
    return this.texts[this.chainText.qtype[c]!]!
  }

  rcode(c: number): string | null | undefined {
    return this.text(this.chainText.rcode[c]!)
  }

  walkedBy(c: number): string | undefined {
    return this.text(this.chainText.walkedBy[c]!) ?? undefined
  }

  /** The chain's parent (undefined: none, or a key set to undefined). */
  parent(c: number): number | undefined {
    const p = this.parentOf[c]!
    return p === UNDEFINED ? undefined : p
  }

  answers(c: number): DnsRecordView[] {
    return this.answerSets[this.answersOf[c]!]!
  }

  /** The id of chain c's answer set (chains with the same answers share one: DnsStore.sharedAnswers). */
  answerSet(c: number): number {
    return this.answersOf[c]!
  }

  setRcode(c: number, rcode: string | null): void {
    this.chainText.rcode[c] = this.textId(rcode)
  }

  /** Chain c's final answers (kept by identity: the same array is one set). */
  setAnswers(c: number, answers: DnsRecordView[]): void {
    let id = this.answerIds.get(answers)
    if (id === undefined) this.answerIds.set(answers, (id = this.answerSets.push(answers) - 1))
    this.answersOf[c] = id
  }

  setWalkedBy(c: number, server: string): void {
    this.chainOrder[c] = this.chainOrders.with(this.chainOrder[c]!, 'walkedBy')
    this.chainText.walkedBy[c] = this.textId(server)
  }

  setParent(c: number, parent: number | undefined): void {
    this.chainOrder[c] = this.chainOrders.with(this.chainOrder[c]!, 'parent')
    this.parentOf[c] = parent === undefined ? UNDEFINED : parent
  }

  setParentHop(c: number, hop: number): void {
    this.chainOrder[c] = this.chainOrders.with(this.chainOrder[c]!, 'parentHop')
    this.parentHopOf[c] = hop
  }

  /** Connection `connection` got its server's address from chain c (build.ts linkResolutions). */
  linkConnection(c: number, connection: number): void {
    if (2 * this.linkCount + 2 > this.links.length) this.links = grown(this.links, 2 * this.linkCount + 2)
    this.links[2 * this.linkCount] = c
    this.links[2 * this.linkCount + 1] = connection
    this.linkCount++
  }

  // ── A chain's hops ─────────────────────────────────────────────────────────────────────────────

  hopCount(c: number): number {
    return this.hopCountOf[c]!
  }

  /** Chain c's first and last hop, and each hop's next and previous in its chain (NONE: none). */
  first(c: number): number {
    return this.firstHop[c]!
  }

  last(c: number): number {
    return this.lastHop[c]!
  }

  next(h: number): number {
    return this.nextHop[h]!
  }

  prev(h: number): number {
    return this.prevHop[h]!
  }

  /** Chain c's hops in order (a new array). */
  hops(c: number): number[] {
    const out: number[] = []
    for (let h = this.firstHop[c]!; h !== NONE; h = this.nextHop[h]!) out.push(h)
    return out
  }

  /** Adds hop h (not in any chain) at the end of chain c. */
  append(c: number, h: number): void {
    const last = this.lastHop[c]!
    this.prevHop[h] = last
    this.nextHop[h] = NONE
    if (last === NONE) this.firstHop[c] = h
    else this.nextHop[last] = h
    this.lastHop[c] = h
    this.hopCountOf[c]!++
  }

  /** Puts `hops` (in that order; each taken from wherever it was, whose chain is then no longer
   * read) into chain c right after its hop `after`. */
  insertAfter(c: number, after: number, hops: readonly number[]): void {
    if (hops.length === 0) return
    const following = this.nextHop[after]!
    let prev = after
    for (const h of hops) {
      this.nextHop[prev] = h
      this.prevHop[h] = prev
      prev = h
    }
    this.nextHop[prev] = following
    if (following === NONE) this.lastHop[c] = prev
    else this.prevHop[following] = prev
    this.hopCountOf[c]! += hops.length
  }

  /** Chain c's hops become `hops` (taken from wherever they were). */
  setHops(c: number, hops: readonly number[]): void {
    this.firstHop[c] = NONE
    this.lastHop[c] = NONE
    this.hopCountOf[c] = 0
    for (const h of hops) this.append(c, h)
  }

  // ── Hops ───────────────────────────────────────────────────────────────────────────────────────

  /** A hop of a transaction: { server, zone, outcome, dns, frames, t, rtt_ms }. */
  addTxHop(server: string, zone: string, outcome: ResolutionHop['outcome'], dns: number, query: number | null, response: number | null, t: number, rttMs: number | null): number {
    const h = this.newHop(this.txHopOrder, server, zone, outcome, t, rttMs)
    this.dnsOf[h] = dns
    this.queryFrame[h] = query ?? NONE
    this.responseFrame[h] = response ?? NONE
    return h
  }

  /** A hop with no packets (a cache hop, a journal event without its transaction): { server, zone,
   * outcome, frames: [], t, rtt_ms }. */
  addPacketlessHop(server: string, zone: string, outcome: ResolutionHop['outcome'], t: number, rttMs: number | null): number {
    return this.newHop(this.packetlessHopOrder, server, zone, outcome, t, rttMs)
  }

  /** A copy of hop h (its keys in their order), in no chain. */
  copyHop(h: number): number {
    const c = this.newRow()
    this.hopOrder[c] = this.hopOrder[h]!
    for (const key of HOP_TEXT_KEYS) this.hopText[key][c] = this.hopText[key][h]!
    this.dnsOf[c] = this.dnsOf[h]!
    this.tOf[c] = this.tOf[h]!
    this.rttOf[c] = this.rttOf[h]!
    this.rttNull[c] = this.rttNull[h]!
    this.queryFrame[c] = this.queryFrame[h]!
    this.responseFrame[c] = this.responseFrame[h]!
    const rare = this.rare.get(h)
    if (rare) this.rare.set(c, { ...rare })
    return c
  }

  private newHop(order: number, server: string, zone: string, outcome: string, t: number, rttMs: number | null): number {
    const h = this.newRow()
    this.hopOrder[h] = order
    const text = this.hopText
    text.server[h] = this.lastTextId(LAST.server, server)
    text.zone[h] = this.lastTextId(LAST.zone, zone)
    text.outcome[h] = this.lastTextId(LAST.outcome, outcome)
    text.referredTo[h] = UNDEFINED
    text.negative[h] = UNDEFINED
    text.role[h] = UNDEFINED
    text.cache[h] = UNDEFINED
    text.leg[h] = UNDEFINED
    this.dnsOf[h] = UNDEFINED
    this.tOf[h] = t
    this.rttOf[h] = rttMs ?? Number.NaN
    this.rttNull[h] = rttMs === null ? 1 : 0
    this.queryFrame[h] = NONE
    this.responseFrame[h] = NONE
    return h
  }

  /** A new hop row, in no chain. */
  private newRow(): number {
    const h = this.hopRows++
    if (h === this.hopOrder.length) this.growHops()
    this.nextHop[h] = NONE
    this.prevHop[h] = NONE
    return h
  }

  /** Sets one of hop h's texts (the key added after its others when it had none). */
  setHopText<K extends HopTextKey>(h: number, key: K, value: ResolutionHop[K]): void {
    this.hopOrder[h] = this.hopOrders.with(this.hopOrder[h]!, key)
    this.hopText[key][h] = this.textId(value as string | undefined)
  }

  /** Sets one of hop h's rare keys (a journal's cache hit and its timing). */
  setHopRare<K extends RareHopKey>(h: number, key: K, value: ResolutionHop[K]): void {
    this.hopOrder[h] = this.hopOrders.with(this.hopOrder[h]!, key)
    let rare = this.rare.get(h)
    if (rare === undefined) this.rare.set(h, (rare = {}))
    rare[key] = value
  }

  setDns(h: number, dns: number): void {
    this.dnsOf[h] = dns
  }

  server(h: number): string {
    return this.texts[this.hopText.server[h]!]!
  }

  zone(h: number): string {
    return this.texts[this.hopText.zone[h]!]!
  }

  outcome(h: number): ResolutionHop['outcome'] {
    return this.texts[this.hopText.outcome[h]!] as ResolutionHop['outcome']
  }

  referredTo(h: number): string | undefined {
    return this.text(this.hopText.referredTo[h]!) ?? undefined
  }

  role(h: number): ResolutionHop['role'] {
    return (this.text(this.hopText.role[h]!) ?? undefined) as ResolutionHop['role']
  }

  /** The hop's transaction (undefined: a hop without one). */
  dns(h: number): number | undefined {
    const d = this.dnsOf[h]!
    return d < 0 ? undefined : d
  }

  t(h: number): number {
    return this.tOf[h]!
  }

  /** Hands the chains of `list` (chain rows; a chain's `parent` a position in it) over as the store
   * the walkthrough keeps. The table is not used after this. */
  finish(list: readonly number[]): ResolutionStore {
    return new ResolutionStore(this, list)
  }

  /** What finish reads of the table: its columns, cut to the rows there are. */
  columnsFor(list: readonly number[]): StoreColumns {
    const n = list.length
    const chainRow = Int32Array.from(list)
    const hopStart = new Uint32Array(n + 1)
    let hops = 0
    for (let i = 0; i < n; i++) hops += this.hopCountOf[chainRow[i]!]!
    const hopRow = new Int32Array(hops)
    let p = 0
    for (let i = 0; i < n; i++) {
      for (let h = this.firstHop[chainRow[i]!]!; h !== NONE; h = this.nextHop[h]!) hopRow[p++] = h
      hopStart[i + 1] = p
    }
    // Each chain's connections in the order they were linked; the links name table rows, the
    // store's rows are positions in `list`.
    const positionOf = new Int32Array(this.chainCount).fill(NONE)
    for (let i = 0; i < n; i++) positionOf[chainRow[i]!] = i
    const connStart = new Uint32Array(n + 1)
    for (let k = 0; k < this.linkCount; k++) {
      const i = positionOf[this.links[2 * k]!]!
      if (i !== NONE) connStart[i + 1]!++
    }
    for (let i = 0; i < n; i++) connStart[i + 1]! += connStart[i]!
    const connPool = new Int32Array(connStart[n]!)
    const at = connStart.slice(0, n)
    for (let k = 0; k < this.linkCount; k++) {
      const i = positionOf[this.links[2 * k]!]!
      if (i !== NONE) connPool[at[i]!++] = this.links[2 * k + 1]!
    }
    const c = this.chainCount
    const h = this.hopRows
    return {
      texts: this.texts,
      hopOrders: this.hopOrders.lists,
      chainOrders: this.chainOrders.lists,
      answerSets: this.answerSets,
      chainRow,
      hopStart,
      hopRow,
      connStart,
      connPool,
      chainOrder: fit(this.chainOrder, c),
      chainText: fitted(this.chainText, c),
      parent: fit(this.parentOf, c),
      parentHop: fit(this.parentHopOf, c),
      answersOf: fit(this.answersOf, c),
      hopOrder: fit(this.hopOrder, h),
      hopText: fitted(this.hopText, h),
      dns: fit(this.dnsOf, h),
      t: fit(this.tOf, h),
      rtt: fit(this.rttOf, h),
      rttNull: fit(this.rttNull, h),
      queryFrame: fit(this.queryFrame, h),
      responseFrame: fit(this.responseFrame, h),
      rare: this.rare,
    }
  }

  /** textId, through the last text of column `k` (LAST). */
  private lastTextId(k: number, value: string | undefined): number {
    if (value === this.lastText[k]) return this.lastId[k]!
    const id = this.textId(value)
    this.lastText[k] = value
    this.lastId[k] = id
    return id
  }

  /** A text's id; NONE for null, UNDEFINED for undefined (an absent key reads as undefined too). */
  private textId(value: string | null | undefined): number {
    if (value === null) return NONE
    if (value === undefined) return UNDEFINED
    return intern(this.texts, this.textIds, value)
  }

  private text(id: number): string | null | undefined {
    return id === NONE ? null : id === UNDEFINED ? undefined : this.texts[id]
  }

  private growChains(): void {
    const size = this.chainOrder.length * 2
    this.chainOrder = grown(this.chainOrder, size)
    for (const key of CHAIN_TEXT_KEYS) this.chainText[key] = grown(this.chainText[key], size)
    this.parentOf = grown(this.parentOf, size)
    this.parentHopOf = grown(this.parentHopOf, size)
    this.answersOf = grown(this.answersOf, size)
    this.firstHop = grown(this.firstHop, size)
    this.lastHop = grown(this.lastHop, size)
    this.hopCountOf = grown(this.hopCountOf, size)
  }

  private growHops(): void {
    const size = this.hopOrder.length * 2
    this.hopOrder = grown(this.hopOrder, size)
    for (const key of HOP_TEXT_KEYS) this.hopText[key] = grown(this.hopText[key], size)
    this.dnsOf = grown(this.dnsOf, size)
    this.tOf = grown(this.tOf, size)
    this.rttOf = grown(this.rttOf, size)
    this.rttNull = grown(this.rttNull, size)
    this.queryFrame = grown(this.queryFrame, size)
    this.responseFrame = grown(this.responseFrame, size)
    this.nextHop = grown(this.nextHop, size)
    this.prevHop = grown(this.prevHop, size)
  }
}

/** The table's rows as the store keeps them (ResolutionTable.columnsFor). */
interface StoreColumns {
  texts: string[]
  hopOrders: HopKey[][]
  chainOrders: ChainKey[][]
  answerSets: DnsRecordView[][]
  /** Store row i is table chain row chainRow[i]; its hops are table hop rows hopRow[hopStart[i]] …
   * hopRow[hopStart[i + 1] − 1], its connections connPool[connStart[i]] … likewise. */
  chainRow: Int32Array
  hopStart: Uint32Array
  hopRow: Int32Array
  connStart: Uint32Array
  connPool: Int32Array
  chainOrder: Uint16Array
  chainText: Record<ChainTextKey, Int32Array>
  parent: Int32Array
  parentHop: Int32Array
  answersOf: Int32Array
  hopOrder: Uint16Array
  hopText: Record<HopTextKey, Int32Array>
  dns: Int32Array
  t: Float64Array
  rtt: Float64Array
  rttNull: Uint8Array
  queryFrame: Float64Array
  responseFrame: Float64Array
  rare: Map<number, RareHop>
}

/** What the steps' plan reads of a hop (steps.ts dnsSteps), from the columns. */
export type PlannedHop = Pick<ResolutionHop, 'outcome' | 'zone' | 'dns' | 't' | 'atMs' | 'negative' | 'leg'>

/** The chains as the steps' plan reads them: each chain's type and parent from `field`, its hops'
 * count and what the plan reads of each hop, without making the chain. */
export interface PlannedResolutions extends EntityList<ResolutionChain> {
  hopCount(i: number): number
  plannedHop(i: number, hi: number): PlannedHop
}

export class ResolutionStore extends EntityRows<ResolutionChain> implements PlannedResolutions {
  readonly length: number
  private readonly k: StoreColumns

  constructor(table: ResolutionTable, list: readonly number[]) {
    super()
    this.length = list.length
    this.k = table.columnsFor(list)
  }

  /** Transaction → the first chain with a hop on it (what the lesson links a DNS step's transaction
   * to), from the hops' column: no chain made. `dnsCount`: the transactions there are. */
  resolutionOfDns(dnsCount: number): IndexLink {
    const k = this.k
    const first = new Int32Array(dnsCount).fill(NONE)
    for (let c = 0; c < this.length; c++) {
      for (let p = k.hopStart[c]!; p < k.hopStart[c + 1]!; p++) {
        const d = k.dns[k.hopRow[p]!]!
        if (d >= 0 && d < dnsCount && first[d] === NONE) first[d] = c
      }
    }
    return {
      get: (dns: number) => {
        const c = Number.isInteger(dns) && dns >= 0 && dns < dnsCount ? first[dns]! : NONE
        return c === NONE ? undefined : c
      },
    }
  }

  hopCount(i: number): number {
    return this.k.hopStart[i + 1]! - this.k.hopStart[i]!
  }

  plannedHop(i: number, hi: number): PlannedHop {
    const k = this.k
    const h = k.hopRow[k.hopStart[i]! + hi]!
    const d = k.dns[h]!
    return {
      outcome: this.text(k.hopText.outcome[h]!) as ResolutionHop['outcome'],
      zone: this.text(k.hopText.zone[h]!)!,
      dns: d < 0 ? undefined : d,
      t: k.t[h]!,
      atMs: this.rareOf(h)?.atMs,
      negative: (this.text(k.hopText.negative[h]!) ?? undefined) as ResolutionHop['negative'],
      leg: (this.text(k.hopText.leg[h]!) ?? undefined) as ResolutionHop['leg'],
    }
  }

  /** The plan's fields of every chain from the columns (qname, qtype, parent); the rest from the row. */
  override field<K extends ChainKey>(i: number, key: K): ResolutionChain[K] {
    const k = this.k
    const c = k.chainRow[i]!
    if (key === 'qname' || key === 'qtype') return this.text(k.chainText[key as 'qname' | 'qtype'][c]!) as ResolutionChain[K]
    // An absent parent reads as undefined, as one set to undefined does.
    if (key === 'parent') return this.chainField(c, i, key) as ResolutionChain[K]
    return super.field(i, key)
  }

  protected row(i: number): ResolutionChain {
    const c = this.k.chainRow[i]!
    const chain: Partial<Record<ChainKey, unknown>> = {}
    for (const key of this.k.chainOrders[this.k.chainOrder[c]!]!) chain[key] = this.chainField(c, i, key)
    return chain as unknown as ResolutionChain
  }

  /** One of chain i's keys (table row c), as the chain had it. */
  private chainField(c: number, i: number, key: ChainKey): unknown {
    const k = this.k
    switch (CHAIN_PLACE[key]) {
      case 'text':
        return this.text(k.chainText[key as ChainTextKey][c]!)
      case 'index': {
        const v = (key === 'parent' ? k.parent : k.parentHop)[c]!
        return v === UNDEFINED ? undefined : v
      }
      case 'answers':
        return k.answerSets[k.answersOf[c]!]
      case 'connections':
        return Array.from(k.connPool.subarray(k.connStart[i]!, k.connStart[i + 1]!))
      case 'hops': {
        const out: ResolutionHop[] = []
        for (let p = k.hopStart[i]!; p < k.hopStart[i + 1]!; p++) out.push(this.hop(k.hopRow[p]!))
        return out
      }
    }
  }

  private hop(h: number): ResolutionHop {
    const k = this.k
    const hop: Partial<Record<HopKey, unknown>> = {}
    for (const key of k.hopOrders[k.hopOrder[h]!]!) {
      switch (HOP_PLACE[key]) {
        case 'text':
          hop[key] = this.text(k.hopText[key as HopTextKey][h]!)
          break
        case 'dns':
          hop[key] = k.dns[h]! < 0 ? undefined : k.dns[h]
          break
        case 'frames': {
          const frames: number[] = []
          if (k.queryFrame[h]! !== NONE) frames.push(k.queryFrame[h]!)
          if (k.responseFrame[h]! !== NONE) frames.push(k.responseFrame[h]!)
          hop[key] = frames
          break
        }
        case 't':
          hop[key] = k.t[h]
          break
        case 'rtt':
          hop[key] = k.rttNull[h] ? null : k.rtt[h]
          break
        case 'rare':
          hop[key] = this.rareOf(h)?.[key as RareHopKey]
          break
      }
    }
    return hop as unknown as ResolutionHop
  }

  private rareOf(h: number): RareHop | undefined {
    return this.k.rare.get(h)
  }

  private text(id: number): string | null | undefined {
    return id === NONE ? null : id === UNDEFINED ? undefined : this.k.texts[id]
  }
}

function columns<K extends string>(keys: readonly K[], n: number): Record<K, Int32Array> {
  return Object.fromEntries(keys.map((k) => [k, new Int32Array(n)])) as Record<K, Int32Array>
}

/** The first `n` items of a column: a view when the column has little more room than that (it was
 * made for about this many), else a copy of exactly those (the rest would be kept for nothing). */
function fit<T extends Float64Array | Int32Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  return (a.length - n <= n / 8 ? a.subarray(0, n) : a.slice(0, n)) as T
}

function fitted<K extends string>(cols: Record<K, Int32Array>, n: number): Record<K, Int32Array> {
  return Object.fromEntries(Object.entries<Int32Array>(cols).map(([k, v]) => [k, fit(v, n)])) as Record<K, Int32Array>
}
