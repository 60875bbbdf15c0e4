// The walkthrough's resolution chains as a compact store (EntityList): each chain and each hop a
// row of typed-array columns, every text (names, types, servers, zones, outcomes, roles) once in an
// intern table, each chain's final answers one of the DNS store's shared answer sets, and a chain is
// made into the schema's ResolutionChain only when something reads it (a window, the steps' words,
// the questions, `inspect --json`). resolutions.ts builds the chains as objects — their grouping,
// nesting and re-classification edit hops in place — and the build keeps them as this store once
// they are linked to their connections and the steps are planned: a million packets of page loads
// make ≈ 93 000 chains, ≈ 57 MB of the worker's heap as objects, for as long as the capture is open.
//
// A hop's or chain's keys come in the order the code that made it wrote them (a hop from a
// transaction, a cache hop, a journal's hop; role and leg set later in either order): each row keeps
// the order of its keys (one interned list per distinct order), so a chain made from the store is
// key for key, and as JSON byte for byte, the object it was.
import type { DnsRecordView } from '../shared/resolver-events.ts'
import type { IndexLink } from '../shared/lesson.ts'
import type { ResolutionChain, ResolutionHop } from '../shared/walkthrough.ts'
import { intern } from './columns.ts'
import { EntityRows } from './entity-rows.ts'

/** A present key whose value is undefined (JSON leaves it out; the object has it). */
const UNDEFINED = -2
/** No value (a null rcode, an absent text). */
const NONE = -1

type HopKey = keyof ResolutionHop
type ChainKey = keyof ResolutionChain
/** What a hop keeps in its rare-key map (journal hops only: cache hits and their timing). */
type RareHopKey = 'ttlLeft' | 'storedTtl' | 'ageMs' | 'cached' | 'atMs'

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
/** The hop keys kept as interned texts, each with its column. */
const HOP_TEXT_KEYS = ['server', 'zone', 'outcome', 'referredTo', 'negative', 'role', 'cache', 'leg'] as const satisfies readonly HopKey[]
type HopTextKey = (typeof HOP_TEXT_KEYS)[number]

/** Each text key's slot in the constructor's LastTexts (chains' and hops' apart). The constructor
 * reads and writes every text key by its name, a line each: a key added to HOP_TEXT_KEYS or
 * CHAIN_TEXT_KEYS needs its line there and its slot here (the compiler asks for the slot). */
const TEXT_SLOTS: Record<HopTextKey | ChainTextKey, number> = { server: 0, zone: 1, outcome: 2, referredTo: 3, negative: 4, role: 5, cache: 6, leg: 7, qname: 0, qtype: 1, rcode: 2, walkedBy: 3, mode: 4 }

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
const CHAIN_TEXT_KEYS = ['qname', 'qtype', 'rcode', 'walkedBy', 'mode'] as const satisfies readonly ChainKey[]
type ChainTextKey = (typeof CHAIN_TEXT_KEYS)[number]

export class ResolutionStore extends EntityRows<ResolutionChain> {
  readonly length: number
  private readonly texts: string[] = []
  private readonly textIds = new Map<string, number>()
  /** Each distinct order of keys once (hops' and chains' lists apart). */
  private readonly hopShapes: HopKey[][] = []
  private readonly chainShapes: ChainKey[][] = []

  // Chains, a row each.
  private readonly chainShape: Uint16Array
  private readonly chainText: Record<ChainTextKey, Int32Array>
  private readonly parent: Int32Array
  private readonly parentHop: Int32Array
  /** Index into answerSets: the DNS store's shared arrays (or a journal's), each kept once. */
  private readonly answersOf: Int32Array
  private readonly answerSets: DnsRecordView[][] = []
  /** Chain c's hops are rows hopStart[c] … hopStart[c + 1] − 1; its connections likewise in connPool. */
  private readonly hopStart: Uint32Array
  private readonly connStart: Uint32Array
  private readonly connPool: Int32Array

  // Hops, a row each.
  private readonly hopShape: Uint16Array
  private readonly hopText: Record<HopTextKey, Int32Array>
  private readonly dns: Int32Array
  private readonly t: Float64Array
  /** NaN with rttNull set: null. */
  private readonly rtt: Float64Array
  private readonly rttNull: Uint8Array
  /** Hop h's frames are framePool[frameStart[h]] … framePool[frameStart[h + 1] − 1]. */
  private readonly frameStart: Uint32Array
  private readonly framePool: Float64Array
  private readonly rare = new Map<number, Pick<ResolutionHop, RareHopKey>>()

  constructor(chains: readonly ResolutionChain[]) {
    super()
    const n = (this.length = chains.length)
    let hops = 0
    let frames = 0
    let conns = 0
    for (const c of chains) {
      hops += c.hops.length
      conns += c.connections.length
      for (const h of c.hops) frames += h.frames.length
    }
    this.chainShape = new Uint16Array(n)
    this.chainText = columns(CHAIN_TEXT_KEYS, n)
    this.parent = new Int32Array(n)
    this.parentHop = new Int32Array(n)
    this.answersOf = new Int32Array(n)
    this.hopStart = new Uint32Array(n + 1)
    this.connStart = new Uint32Array(n + 1)
    this.connPool = new Int32Array(conns)
    this.hopShape = new Uint16Array(hops)
    this.hopText = columns(HOP_TEXT_KEYS, hops)
    this.dns = new Int32Array(hops)
    this.t = new Float64Array(hops)
    this.rtt = new Float64Array(hops)
    this.rttNull = new Uint8Array(hops)
    this.frameStart = new Uint32Array(hops + 1)
    this.framePool = new Float64Array(frames)
    const chainShapes = new Shapes<ChainKey>(this.chainShapes)
    const hopShapes = new Shapes<HopKey>(this.hopShapes)
    // Each text column's last text and its id: a column's texts repeat from row to row (the same
    // zones, outcomes, roles and legs), and a text seen just before is the same string, found
    // without the intern table.
    const chainTexts = new LastTexts(CHAIN_TEXT_KEYS.length)
    const hopTexts = new LastTexts(HOP_TEXT_KEYS.length)
    const textId = (value: string | null | undefined) => this.textId(value)
    /** Whether each hop shape (by its id) has a rare key. */
    const rareShape: boolean[] = []
    const answerIds = new Map<DnsRecordView[], number>()
    let h = 0
    let f = 0
    let k = 0
    // Each text key read and written by its name (TEXT_SLOTS): through a key held in a variable,
    // every read and write was a generic lookup, 13 of each for a chain of one hop.
    const chainText = this.chainText
    const hopText = this.hopText
    chains.forEach((chain, c) => {
      this.chainShape[c] = chainShapes.of(chain)
      chainText.qname[c] = chainTexts.id(TEXT_SLOTS.qname, chain.qname, textId)
      chainText.qtype[c] = chainTexts.id(TEXT_SLOTS.qtype, chain.qtype, textId)
      chainText.rcode[c] = chainTexts.id(TEXT_SLOTS.rcode, chain.rcode, textId)
      chainText.walkedBy[c] = chainTexts.id(TEXT_SLOTS.walkedBy, chain.walkedBy, textId)
      chainText.mode[c] = chainTexts.id(TEXT_SLOTS.mode, chain.mode, textId)
      this.parent[c] = indexId(chain, 'parent')
      this.parentHop[c] = indexId(chain, 'parentHop')
      let answers = answerIds.get(chain.answers)
      if (answers === undefined) answerIds.set(chain.answers, (answers = this.answerSets.push(chain.answers) - 1))
      this.answersOf[c] = answers
      for (const ci of chain.connections) this.connPool[k++] = ci
      this.connStart[c + 1] = k
      for (const hop of chain.hops) {
        const shape = hopShapes.of(hop)
        this.hopShape[h] = shape
        hopText.server[h] = hopTexts.id(TEXT_SLOTS.server, hop.server, textId)
        hopText.zone[h] = hopTexts.id(TEXT_SLOTS.zone, hop.zone, textId)
        hopText.outcome[h] = hopTexts.id(TEXT_SLOTS.outcome, hop.outcome, textId)
        hopText.referredTo[h] = hopTexts.id(TEXT_SLOTS.referredTo, hop.referredTo, textId)
        hopText.negative[h] = hopTexts.id(TEXT_SLOTS.negative, hop.negative, textId)
        hopText.role[h] = hopTexts.id(TEXT_SLOTS.role, hop.role, textId)
        hopText.cache[h] = hopTexts.id(TEXT_SLOTS.cache, hop.cache, textId)
        hopText.leg[h] = hopTexts.id(TEXT_SLOTS.leg, hop.leg, textId)
        this.dns[h] = hop.dns === undefined ? NONE : hop.dns
        this.t[h] = hop.t
        this.rtt[h] = hop.rtt_ms ?? Number.NaN
        this.rttNull[h] = hop.rtt_ms === null ? 1 : 0
        for (const frame of hop.frames) this.framePool[f++] = frame
        this.frameStart[h + 1] = f
        rareShape[shape] ??= this.hopShapes[shape]!.some((key) => HOP_PLACE[key] === 'rare')
        if (!rareShape[shape]) {
          h++
          continue
        }
        let rare: Pick<ResolutionHop, RareHopKey> | undefined
        for (const key of this.hopShapes[shape]!) {
          if (HOP_PLACE[key] !== 'rare') continue
          rare ??= {}
          ;(rare as Record<string, unknown>)[key] = hop[key]
        }
        if (rare) this.rare.set(h, rare)
        h++
      }
      this.hopStart[c + 1] = h
    })
  }

  /** Transaction → the first chain with a hop on it (what the lesson links a DNS step's transaction
   * to), from the hops' column: no chain made. `dnsCount`: the transactions there are. */
  resolutionOfDns(dnsCount: number): IndexLink {
    const first = new Int32Array(dnsCount).fill(NONE)
    for (let c = 0; c < this.length; c++) {
      for (let h = this.hopStart[c]!; h < this.hopStart[c + 1]!; h++) {
        const d = this.dns[h]!
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

  protected row(i: number): ResolutionChain {
    const chain: Partial<Record<ChainKey, unknown>> = {}
    for (const key of this.chainShapes[this.chainShape[i]!]!) chain[key] = this.chainField(i, key)
    return chain as unknown as ResolutionChain
  }

  /** One of chain i's keys, as the chain had it. */
  private chainField(i: number, key: ChainKey): unknown {
    switch (CHAIN_PLACE[key]) {
      case 'text':
        return this.text(this.chainText[key as ChainTextKey][i]!)
      case 'index': {
        const v = (key === 'parent' ? this.parent : this.parentHop)[i]!
        return v === UNDEFINED ? undefined : v
      }
      case 'answers':
        return this.answerSets[this.answersOf[i]!]
      case 'connections':
        return Array.from(this.connPool.subarray(this.connStart[i]!, this.connStart[i + 1]!))
      case 'hops': {
        const out: ResolutionHop[] = []
        for (let h = this.hopStart[i]!; h < this.hopStart[i + 1]!; h++) out.push(this.hop(h))
        return out
      }
    }
  }

  private hop(h: number): ResolutionHop {
    const hop: Partial<Record<HopKey, unknown>> = {}
    for (const key of this.hopShapes[this.hopShape[h]!]!) {
      switch (HOP_PLACE[key]) {
        case 'text':
          hop[key] = this.text(this.hopText[key as HopTextKey][h]!)
          break
        case 'dns':
          hop[key] = this.dns[h] === NONE ? undefined : this.dns[h]
          break
        case 'frames':
          hop[key] = Array.from(this.framePool.subarray(this.frameStart[h]!, this.frameStart[h + 1]!))
          break
        case 't':
          hop[key] = this.t[h]
          break
        case 'rtt':
          hop[key] = this.rttNull[h] ? null : this.rtt[h]
          break
        case 'rare':
          hop[key] = this.rare.get(h)?.[key as RareHopKey]
          break
      }
    }
    return hop as unknown as ResolutionHop
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
}

/** The last text of each of `n` text columns and its id (what ResolutionStore's constructor finds
 * without its intern table: most rows repeat the row before in most columns). */
class LastTexts {
  private readonly texts: (string | null | undefined)[]
  private readonly ids: Int32Array

  constructor(n: number) {
    // null is never kept as a last text (its id needs no table), so each column starts with a miss.
    this.texts = new Array<string | null | undefined>(n).fill(null)
    this.ids = new Int32Array(n).fill(NONE)
  }

  /** The id of `value` in column `k`: the last one's when it is the same text, else `idOf(value)`. */
  id(k: number, value: string | null | undefined, idOf: (value: string | null | undefined) => number): number {
    if (value === this.texts[k] && value !== null) return this.ids[k]!
    const id = idOf(value)
    this.texts[k] = value
    this.ids[k] = id
    return id
  }
}

function columns<K extends string>(keys: readonly K[], n: number): Record<K, Int32Array> {
  return Object.fromEntries(keys.map((k) => [k, new Int32Array(n)])) as Record<K, Int32Array>
}

/** A chain's parent or parent hop: its index, or UNDEFINED. */
function indexId(chain: ResolutionChain, key: 'parent' | 'parentHop'): number {
  const v = chain[key]
  return v === undefined ? UNDEFINED : v
}

/** The distinct orders of keys of a kind of object, each once: an object's order is found by
 * comparing its keys with the orders seen last (almost every object has one of them), so no list
 * or text is made for it. */
class Shapes<K extends string> {
  private readonly ids = new Map<string, number>()
  /** The orders most recently matched, most recent first. */
  private readonly recent: number[] = []

  constructor(private readonly shapes: K[][]) {}

  of(value: object): number {
    for (const id of this.recent) if (sameKeys(value, this.shapes[id]!)) return this.touch(id)
    const keys = Object.keys(value) as K[]
    const text = keys.join(',')
    let id = this.ids.get(text)
    if (id === undefined) {
      id = this.shapes.push(keys) - 1
      this.ids.set(text, id)
    }
    return this.touch(id)
  }

  private touch(id: number): number {
    const at = this.recent.indexOf(id)
    if (at !== 0) {
      if (at > 0) this.recent.splice(at, 1)
      this.recent.unshift(id)
      if (this.recent.length > 8) this.recent.pop()
    }
    return id
  }
}

/** Whether `value`'s own keys are `keys`, in that order. */
function sameKeys(value: object, keys: readonly string[]): boolean {
  let k = 0
  for (const key in value) {
    if (!Object.hasOwn(value, key) || keys[k] !== key) return false
    k++
  }
  return k === keys.length
}
