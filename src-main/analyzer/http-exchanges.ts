// The HTTP exchanges as compact entities: one row per exchange in typed-array columns (connection,
// frames, status, body sizes, flags), the texts that repeat (methods, hosts, content types, reasons,
// versions, URIs, Referers) interned, and the heads kept as lists of interned lines (a capture's
// heads repeat most of their lines: Host, User-Agent, Accept…, Server, Content-Type). Nothing here
// is an object per exchange: `row(i)` writes exchange i as the walkthrough's HttpExchange when
// something asks (the store is the walkthrough's `http`, an EntityList: entity-rows.ts), and the HTTP tracker's
// Info lines (app-info.ts) are written from the same columns. The object is the same, key for key
// and in the same key order, as the one the tracker used to build and update as the pass went.
import type { HttpExchange } from '../shared/walkthrough.ts'
import { grown } from './columns.ts'
import type { PlannedHttp } from './steps.ts'
import { EntityRows } from './entity-rows.ts'

/** A copy of `text` that keeps no larger text alive: V8 cuts a header value or a line out of its
 * head as a slice that holds the whole head, which is what interning is meant to let go. */
function detached(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string
}

/** Slots of TextTable's recent texts (a power of two). */
const RECENT_TEXTS = 256

/** Texts that repeat, each kept once; id −1 is null. */
export class TextTable {
  readonly texts: string[] = []
  private readonly ids = new Map<string, number>()

  id(text: string | null): number {
    if (text === null) return -1
    // An exchange's texts are cut from its heads, each a new string the map would hash whole; most
    // repeat one asked for lately (the method, the version, the host, "OK", the content type): a
    // slot chosen by the length and the end characters holds the last text with them, and equal
    // texts are told by comparing them. On the benchmark's 1 M packets: 600 000 lookups, 71 → 21 ms
    // when timed alone.
    const n = text.length
    const slot = n === 0 ? 0 : (Math.imul(n, 31) + Math.imul(text.charCodeAt(0), 7) + text.charCodeAt(n - 1) + text.charCodeAt(n >> 1)) & (RECENT_TEXTS - 1)
    if (this.recent[slot] === text) return this.recentId[slot]!
    let id = this.ids.get(text)
    if (id === undefined) {
      const kept = detached(text)
      id = this.texts.push(kept) - 1
      this.ids.set(kept, id)
    }
    this.recent[slot] = this.texts[id]!
    this.recentId[slot] = id
    return id
  }

  /** Texts asked for lately, each in its slot (id), with its id: kept texts, never a slice that
   * holds a whole head. */
  private readonly recent: (string | null)[] = new Array<string | null>(RECENT_TEXTS).fill(null)
  private readonly recentId = new Int32Array(RECENT_TEXTS)

  text(id: number): string | null {
    return id < 0 ? null : this.texts[id]!
  }

  get size(): number {
    return this.texts.length
  }
}

/** Heads remembered whole, to share the lines' list of one that repeats exactly. */
const RECENT_HEADS = 1024
/** Head texts kept as made (HeadStore.text), at most (forgotten all at once when full). */
const MADE_TEXTS = 64

/** Characters of a head's start that its fingerprint reads all of (the request or status line). */
const FINGERPRINT_START = 64
/** After them, one character in this many. */
const FINGERPRINT_STEP = 16

/** A number that tells most different heads apart, read from part of the text only: its length,
 * its first FINGERPRINT_START characters (the method and URI, or the status) and one character in
 * FINGERPRINT_STEP after them. A Map keyed by the text hashes all of it, and comparing two texts
 * that are the same is cheaper than hashing one: on the benchmark's 1 M packets, 105 000 heads of
 * ~470 characters, almost all repeats, the hashing was 1.1–1.5 % of the pass's thread. */
function fingerprint(text: string): number {
  const n = text.length
  let h = n
  const start = Math.min(n, FINGERPRINT_START)
  for (let i = 0; i < start; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
  for (let i = start; i < n; i += FINGERPRINT_STEP) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0
  return h
}

/** Heads as lists of interned lines (each with its own line end: CRLF, a bare LF, or none for the
 * last line of a head cut short), so the text comes back byte for byte. A head that repeats one of
 * the last RECENT_HEADS exactly (a page's requests for its images, a server's 304s) shares its
 * lines' list and costs no splitting. */
export class HeadStore {
  private readonly lines = new TextTable()
  /** Line ids of every head, one after another. */
  private pool = new Int32Array(4096)
  private used = 0
  /** Each head's lines: pool[from[id], to[id]). */
  private from = new Int32Array(1024)
  private to = new Int32Array(1024)
  private count = 0
  /** Heads put lately, by fingerprint (the last with each), with their id (forgotten all at once
   * when full: a bound, not a cache policy). */
  private readonly recent = new Map<number, { text: string; id: number }>()

  /** Keeps a head's text: its id. */
  put(text: string): number {
    if (this.count === this.from.length) {
      this.from = grown(this.from, this.count + 1)
      this.to = grown(this.to, this.count + 1)
    }
    const id = this.count++
    const print = fingerprint(text)
    const same = this.recent.get(print)
    // The same fingerprint is a candidate only: the texts are compared whole.
    if (same !== undefined && same.text === text) {
      this.from[id] = this.from[same.id]!
      this.to[id] = this.to[same.id]!
      return id
    }
    this.from[id] = this.used
    let at = 0
    while (at < text.length) {
      const nl = text.indexOf('\n', at)
      const end = nl < 0 ? text.length : nl + 1
      if (this.used === this.pool.length) this.pool = grown(this.pool, this.used + 1)
      this.pool[this.used++] = this.lines.id(text.slice(at, end))
      at = end
    }
    this.to[id] = this.used
    if (this.recent.size >= RECENT_HEADS) this.recent.clear()
    this.recent.set(print, { text, id })
    return id
  }

  /** Distinct lines kept. */
  get lineCount(): number {
    return this.lines.size
  }

  /** Texts made lately, by where their lines start (a head that repeats one shares its lines: put),
   * with where they end. A capture's redirects repeat a few heads again and again (on the bench's
   * million packets 16 496 responses 3xx with 32 distinct heads), and the build reads each one's
   * head (its Location) twice: joined anew from its lines each time, then flattened by the search. */
  private readonly made = new Map<number, { to: number; text: string }>()

  text(id: number): string {
    const from = this.from[id]!
    const to = this.to[id]!
    const made = this.made.get(from)
    if (made !== undefined && made.to === to) return made.text
    let out = ''
    for (let k = from; k < to; k++) out += this.lines.texts[this.pool[k]!]!
    if (this.made.size >= MADE_TEXTS) this.made.clear()
    this.made.set(from, { to, text: out })
    return out
  }
}

/** HttpExchange's optional keys, in the order the tracker adds them on the usual course of an
 * exchange (a key added out of this order is remembered with its exchange: `order`). */
const OPTIONAL_KEYS = ['decrypted', 'requestFrames', 'incomplete', 'interim', 'responseFrames', 'responseIncomplete', 'note', 'noteCode', 'causedBy', 'cause'] as const
type OptionalKey = (typeof OPTIONAL_KEYS)[number]
const BIT: Record<OptionalKey, number> = Object.fromEntries(OPTIONAL_KEYS.map((k, i) => [k, 1 << i])) as Record<OptionalKey, number>

/** Flags of `flags`: which nullable columns hold a value. */
const HAS_STATUS = 1
const HAS_RESPONSE_FRAME = 2
const HAS_BODY = 4
const HAS_RESPONSE_HEAD = 8
/** Its cause (keys' BIT.cause) is a redirect, not a Referer. */
const CAUSED_BY_REDIRECT = 16

const COLUMNS_INT32 = [
  'connection',
  'requestFrame',
  'responseFrame',
  'method',
  'uri',
  'host',
  'reason',
  'contentType',
  'contentEncoding',
  'transferEncoding',
  'referer',
  'requestVersion',
  'responseVersion',
  'requestHead',
  'responseHead',
  'requestFramesAt',
  'requestFramesCount',
  'responseFramesAt',
  'responseFramesCount',
  'causedBy',
  'keys',
  'flags',
] as const
/** An exchange's cause (it has one) by its flags. */
function causeOf(flags: number): 'referer' | 'redirect' {
  return flags & CAUSED_BY_REDIRECT ? 'redirect' : 'referer'
}

type Int32Column = (typeof COLUMNS_INT32)[number]

/** What the tracker knows of a request when its head is complete. */
export interface RequestRow {
  connection: number
  requestFrame: number
  method: string
  uri: string
  version: string
  host: string | null
  referer: string | null
  head: string
  decrypted: boolean
}

/** What a final response gives its exchange. */
export interface ResponseRow {
  status: number
  reason: string
  version: string
  responseFrame: number
  /** The frames that carried it, 0-based (kept 1-based, as the walkthrough shows them). */
  frames: readonly number[]
  head: string
  contentType: string | null
  contentEncoding: string | null
  transferEncoding: string | null
  wire: number
  decoded: number
}

export class HttpExchangeStore extends EntityRows<HttpExchange> {
  length = 0
  private capacity = 256
  private readonly int32 = Object.fromEntries(COLUMNS_INT32.map((k) => [k, new Int32Array(256)])) as Record<Int32Column, Int32Array<ArrayBuffer>>
  private status = new Float64Array(256)
  private wire = new Float64Array(256)
  private decoded = new Float64Array(256)
  private readonly texts = new TextTable()
  private readonly heads = new HeadStore()
  /** Frame lists (1-based), one after another. */
  private frames = new Int32Array(4096)
  private framesUsed = 0
  /** What few exchanges have: interim responses, a body's note, the optional keys' order when they
   * came in another order than OPTIONAL_KEYS. */
  private readonly interim = new Map<number, { status: number; frame: number }[]>()
  private readonly notes = new Map<number, { note: string; code: string }>()
  private readonly order = new Map<number, OptionalKey[]>()
  /** A request's head is complete: its exchange's index. */
  request(r: RequestRow): number {
    if (this.length === this.capacity) this.grow()
    const i = this.length++
    const c = this.int32
    c.connection[i] = r.connection
    c.requestFrame[i] = r.requestFrame
    c.responseFrame[i] = 0
    c.method[i] = this.texts.id(r.method)
    c.uri[i] = this.texts.id(r.uri)
    c.host[i] = this.texts.id(r.host)
    c.reason[i] = -1
    c.contentType[i] = -1
    c.contentEncoding[i] = -1
    c.transferEncoding[i] = -1
    c.referer[i] = this.texts.id(r.referer)
    c.requestVersion[i] = this.texts.id(r.version)
    c.responseVersion[i] = -1
    c.requestHead[i] = this.heads.put(r.head)
    c.responseHead[i] = -1
    c.requestFramesCount[i] = -1
    c.responseFramesCount[i] = -1
    c.causedBy[i] = -1
    c.keys[i] = 0
    c.flags[i] = 0
    if (r.decrypted) this.add(i, 'decrypted')
    return i
  }

  /** The request's body is complete; `frames`: those that carried it, 0-based. */
  requestDone(i: number, requestFrame: number, frames: readonly number[], complete: boolean): void {
    this.int32.requestFrame[i] = requestFrame
    this.int32.requestFramesAt[i] = this.putFrames(frames)
    this.int32.requestFramesCount[i] = frames.length
    this.add(i, 'requestFrames')
    if (!complete) this.add(i, 'incomplete')
  }

  interimResponse(i: number, status: number, frame: number): void {
    const list = this.interim.get(i)
    if (list) list.push({ status, frame })
    else {
      this.interim.set(i, [{ status, frame }])
      this.add(i, 'interim')
    }
  }

  response(i: number, r: ResponseRow): void {
    const c = this.int32
    this.status[i] = r.status
    c.reason[i] = this.texts.id(r.reason)
    c.responseVersion[i] = this.texts.id(r.version)
    c.responseFrame[i] = r.responseFrame
    c.responseFramesAt[i] = this.putFrames(r.frames)
    c.responseFramesCount[i] = r.frames.length
    this.add(i, 'responseFrames')
    c.responseHead[i] = this.heads.put(r.head)
    c.contentType[i] = this.texts.id(r.contentType)
    c.contentEncoding[i] = this.texts.id(r.contentEncoding)
    c.transferEncoding[i] = this.texts.id(r.transferEncoding)
    this.wire[i] = r.wire
    this.decoded[i] = r.decoded
    c.flags[i]! |= HAS_STATUS | HAS_RESPONSE_FRAME | HAS_BODY | HAS_RESPONSE_HEAD
  }

  responseIncomplete(i: number): void {
    this.add(i, 'responseIncomplete')
  }

  /** The body's size once zlib has counted it. */
  decodedSize(i: number, decoded: number): void {
    this.decoded[i] = decoded
  }

  /** Why the body's decoded size is not known, with its stable code. */
  note(i: number, note: string, code: string): void {
    if (!this.notes.has(i)) {
      this.add(i, 'note')
      this.add(i, 'noteCode')
    }
    this.notes.set(i, { note, code })
  }

  /** Forgets every cause, as if none had been set: the build links them anew from the whole pass
   * (build.ts). A preview's build, made while the pass goes on, links them from what was read so
   * far; left in place, those would outlive the preview, and their keys would come before the keys
   * the exchange got later (a different order, and a link the whole capture would not make). */
  clearCauses(): void {
    const c = this.int32
    const both = BIT.causedBy | BIT.cause
    for (let i = 0; i < this.length; i++) {
      if ((c.keys[i]! & both) === 0) continue
      c.causedBy[i] = -1
      c.keys[i]! &= ~both
      c.flags[i]! &= ~CAUSED_BY_REDIRECT
      const order = this.order.get(i)
      if (order === undefined) continue
      const kept = order.filter((key) => key !== 'causedBy' && key !== 'cause')
      // Its remaining keys in their usual order need no order of their own (as add() decides).
      const usual = kept.every((key, k) => k === 0 || OPTIONAL_KEYS.indexOf(kept[k - 1]!) < OPTIONAL_KEYS.indexOf(key))
      if (usual) this.order.delete(i)
      else this.order.set(i, kept)
    }
  }

  /** Exchange `by` caused exchange `i` (build.ts: Referer, redirect). */
  cause(i: number, by: number, how: 'referer' | 'redirect'): void {
    this.int32.causedBy[i] = by
    this.add(i, 'causedBy')
    // A flag beside the key's bit, not a map by exchange: the build sets a cause on most exchanges
    // and the steps' plan reads every one (a map of 260 000 entries on 5 M packets was a fifth of
    // the plan of the connections' steps, its lookups missing the cache).
    if (how === 'redirect') this.int32.flags[i]! |= CAUSED_BY_REDIRECT
    else this.int32.flags[i]! &= ~CAUSED_BY_REDIRECT
    this.add(i, 'cause')
  }

  connection(i: number): number {
    return this.int32.connection[i]!
  }

  method(i: number): string {
    return this.texts.text(this.int32.method[i]!)!
  }

  uri(i: number): string {
    return this.texts.text(this.int32.uri[i]!)!
  }

  host(i: number): string | null {
    return this.texts.text(this.int32.host[i]!)
  }

  referer(i: number): string | null {
    return this.texts.text(this.int32.referer[i]!)
  }

  statusOf(i: number): number | null {
    return this.int32.flags[i]! & HAS_STATUS ? this.status[i]! : null
  }

  decrypted(i: number): boolean {
    return (this.int32.keys[i]! & BIT.decrypted) !== 0
  }

  responseHead(i: number): string | null {
    return this.int32.flags[i]! & HAS_RESPONSE_HEAD ? this.heads.text(this.int32.responseHead[i]!) : null
  }

  /** The Info column's line of the frame completing the request / the final response (what
   * decode/http.ts httpInfo wrote from the head). */
  info(i: number, part: 'request' | 'response'): string {
    const c = this.int32
    if (part === 'request') return `${this.method(i)} ${this.uri(i)} ${this.texts.text(c.requestVersion[i]!)!}`
    return `${this.texts.text(c.responseVersion[i]!)!} ${this.status[i]!} ${this.texts.text(c.reason[i]!)!}`
  }

  /** Exchange i as the walkthrough's object (a new one each call). */
  /** What the steps' plan reads of every exchange, from the columns (the rest from the whole row,
   * whose heads and texts the plan does not need). */
  override field<K extends keyof HttpExchange>(i: number, key: K): HttpExchange[K] {
    const c = this.int32
    switch (key) {
      case 'status':
        return this.statusOf(i) as HttpExchange[K]
      case 'request_frame':
        return c.requestFrame[i]! as HttpExchange[K]
      case 'response_frame':
        return (c.flags[i]! & HAS_RESPONSE_FRAME ? c.responseFrame[i]! : null) as HttpExchange[K]
      case 'responseHead':
        return this.responseHead(i) as HttpExchange[K]
      case 'requestFrames':
      case 'responseFrames':
      case 'causedBy':
      case 'cause': {
        if ((c.keys[i]! & BIT[key as OptionalKey]) === 0) return undefined as HttpExchange[K]
        const one: Partial<HttpExchange> = {}
        this.optional(one as HttpExchange, i, key as OptionalKey)
        return one[key] as HttpExchange[K]
      }
      default:
        return super.field(i, key)
    }
  }

  /** What the steps' plan reads of exchange i (steps.ts PlannedHttp), from the columns: its frames
   * as views of the store's, not copies, and no object made per field. */
  planned(i: number): PlannedHttp {
    const c = this.int32
    const keys = c.keys[i]!
    const flags = c.flags[i]!
    return {
      request_frame: c.requestFrame[i]!,
      requestFrames: keys & BIT.requestFrames ? this.frames.subarray(c.requestFramesAt[i]!, c.requestFramesAt[i]! + c.requestFramesCount[i]!) : undefined,
      cause: keys & BIT.cause ? causeOf(flags) : undefined,
      causedBy: keys & BIT.causedBy ? c.causedBy[i]! : undefined,
      status: flags & HAS_STATUS ? this.status[i]! : null,
      response_frame: flags & HAS_RESPONSE_FRAME ? c.responseFrame[i]! : null,
      responseFrames: keys & BIT.responseFrames ? this.frames.subarray(c.responseFramesAt[i]!, c.responseFramesAt[i]! + c.responseFramesCount[i]!) : undefined,
    }
  }

  protected row(i: number): HttpExchange {
    const c = this.int32
    const flags = c.flags[i]!
    const ex: HttpExchange = {
      method: this.method(i),
      uri: this.uri(i),
      host: this.host(i),
      status: flags & HAS_STATUS ? this.status[i]! : null,
      reason: this.texts.text(c.reason[i]!),
      connection: c.connection[i]!,
      request_frame: c.requestFrame[i]!,
      response_frame: flags & HAS_RESPONSE_FRAME ? c.responseFrame[i]! : null,
      requestHead: this.heads.text(c.requestHead[i]!),
      responseHead: flags & HAS_RESPONSE_HEAD ? this.heads.text(c.responseHead[i]!) : null,
      contentType: this.texts.text(c.contentType[i]!),
      contentEncoding: this.texts.text(c.contentEncoding[i]!),
      transferEncoding: this.texts.text(c.transferEncoding[i]!),
      bodyBytes: flags & HAS_BODY ? { wire: this.wire[i]!, decoded: this.decoded[i]! } : null,
      referer: this.referer(i),
    }
    const keys = c.keys[i]!
    if (keys === 0) return ex
    for (const key of this.order.get(i) ?? OPTIONAL_KEYS) if (keys & BIT[key]) this.optional(ex, i, key)
    return ex
  }

  private optional(ex: HttpExchange, i: number, key: OptionalKey): void {
    const c = this.int32
    switch (key) {
      case 'decrypted':
        ex.decrypted = true
        return
      case 'requestFrames':
        ex.requestFrames = Array.from(this.frames.subarray(c.requestFramesAt[i]!, c.requestFramesAt[i]! + c.requestFramesCount[i]!))
        return
      case 'incomplete':
        ex.incomplete = true
        return
      case 'interim':
        ex.interim = this.interim.get(i)!.map((x) => ({ status: x.status, frame: x.frame }))
        return
      case 'responseFrames':
        ex.responseFrames = Array.from(this.frames.subarray(c.responseFramesAt[i]!, c.responseFramesAt[i]! + c.responseFramesCount[i]!))
        return
      case 'responseIncomplete':
        ex.responseIncomplete = true
        return
      case 'note':
        ex.note = this.notes.get(i)!.note
        return
      case 'noteCode':
        ex.noteCode = this.notes.get(i)!.code
        return
      case 'causedBy':
        ex.causedBy = c.causedBy[i]!
        return
      case 'cause':
        ex.cause = causeOf(c.flags[i]!)
        return
    }
  }

  /** Optional key `key` of exchange i has a value from now on (its place among the keys is where
   * it came, as an object's keys are). */
  private add(i: number, key: OptionalKey): void {
    const keys = this.int32.keys[i]!
    const bit = BIT[key]
    if (keys & bit) return
    this.int32.keys[i] = keys | bit
    let order = this.order.get(i)
    // A key after one that usually follows it: this exchange's keys keep their own order.
    if (order === undefined && keys >= bit) {
      order = OPTIONAL_KEYS.filter((k) => keys & BIT[k])
      this.order.set(i, order)
    }
    order?.push(key)
  }

  /** Keeps frame indexes (0-based) as frame numbers (1-based): where they start in `frames`. */
  private putFrames(frames: readonly number[]): number {
    if (this.framesUsed + frames.length > this.frames.length) this.frames = grown(this.frames, this.framesUsed + frames.length)
    const at = this.framesUsed
    for (let k = 0; k < frames.length; k++) this.frames[at + k] = frames[k]! + 1
    this.framesUsed += frames.length
    return at
  }

  private grow(): void {
    this.capacity *= 2
    for (const k of COLUMNS_INT32) this.int32[k] = grown(this.int32[k], this.capacity)
    for (const k of ['status', 'wire', 'decoded'] as const) this[k] = grown(this[k], this.capacity)
  }
}
