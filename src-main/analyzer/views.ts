// Views of the packet list, made in the analyzer's worker over the frame index (frame-table.ts):
// which frames a filter keeps and in which order a sort puts them, as one Uint32Array of frame
// indexes — a pass over typed arrays, so a million frames filter or sort in tens of milliseconds
// and nothing per frame crosses to the renderer but the rows on screen (rows() makes their lines on
// demand, detail.ts / summary.ts). The display filter, Go to packet and Find build on these
// (`FrameViews.create` takes a FrameQuery; a display filter is scanned over the same columns a
// column at a time, filter-scan.ts, and only what they cannot answer is dissected).
import { compileFilter, filterFields } from '../filter/compile.ts'
import { parseFilter } from '../filter/parse.ts'
import { WiretrailError } from '../shared/errors.ts'
import type { FindRequest, FoundFrame, FrameQuery, FrameSortColumn, FrameSummary, FrameView } from '../shared/walkthrough.ts'
import type { DetailReader } from './detail.ts'
import { AnalyzerError } from './errors.ts'
import { DissectedFields, IndexFields } from './filter-fields.ts'
import { SCAN_FALSE, SCAN_TRUE, SCAN_UNKNOWN, scanFilter } from './filter-scan.ts'
import { identity, indexInAscending, radixSort, sortByTime } from './frame-sort.ts'
import { PROTOCOL_BITS, type FrameTable } from './frame-table.ts'

/** Views kept at once (each holds up to 4 bytes a frame); the oldest is forgotten first. */
const MAX_VIEWS = 8
/** Frames dissected between two progress reports (and two looks at the cancel signal). */
const DISSECT_CHUNK = 2000

/** How far a display filter has got: frames looked at, of how many. */
export interface FilterProgress {
  done: number
  total: number
  /** Frames that had to be dissected (their fields are not in the index). */
  dissected: number
}

/** The Protocol column's name for a frame's protocol bits: the highest layer it carries. */
const PROTOCOL_ORDER: [number, string][] = [
  [PROTOCOL_BITS.http, 'HTTP'],
  [PROTOCOL_BITS.tls, 'TLS'],
  [PROTOCOL_BITS.dns, 'DNS'],
  [PROTOCOL_BITS.tcp, 'TCP'],
  [PROTOCOL_BITS.udp, 'UDP'],
  [PROTOCOL_BITS.icmp, 'ICMP'],
  [PROTOCOL_BITS.arp, 'ARP'],
  [PROTOCOL_BITS.ipv6, 'IPv6'],
  [PROTOCOL_BITS.ip, 'IPv4'],
]

export function protocolName(bits: number): string {
  for (const [bit, name] of PROTOCOL_ORDER) if (bits & bit) return name
  return ''
}

export interface FilterOptions {
  onProgress?: (p: FilterProgress) => void
  signal?: AbortSignal
}

export class FrameViews {
  /** View id → frame indexes in order (null: every frame, in frame order). */
  private readonly views = new Map<number, Uint32Array | null>()
  /** The views whose frames are in frame order (no sort, or by number ascending). */
  private readonly inFrameOrder = new Set<number>()
  private next = 1
  /** The last Find's filter and the frames it keeps (one byte a frame). */
  private findCache: { filter: string; hits: Uint8Array } | null = null
  /** The sorts' borrowed words (scratch()). */
  private sortScratch: WeakRef<Uint32Array> | null = null

  constructor(
    private readonly table: FrameTable,
    private readonly reader: DetailReader,
  ) {}

  create(query: FrameQuery): FrameView {
    if (query.filter !== undefined && parseFilter(query.filter) !== null) throw new AnalyzerError('ANALYZER_BAD_VIEW', 'a view with a display filter is made by filtered()')
    return this.keep(this.select(query), query)
  }

  /** A view with a display filter (query.filter, Wireshark's syntax; see src-main/filter): the
   * filter runs over the frame index first, and only the frames whose answer needs a field the index
   * does not hold are dissected, from the file, DISSECT_CHUNK at a time, with progress between
   * chunks and the signal looked at (a cancelled filter rejects with CANCELLED). A filter that does
   * not parse rejects with its FilterError (the column of the offending token). */
  async filtered(query: FrameQuery, options: FilterOptions = {}): Promise<FrameView> {
    return this.keep(await this.matching(query.filter ?? '', this.select(query), options), query)
  }

  /** Find (Ctrl+F): the next frame of a view (null: every frame) after position `from` (before it,
   * backwards) that the filter keeps, wrapping once around the view. The filter's frames are found
   * as filtered() finds them (over the index, dissecting only what it cannot answer) and kept for
   * the next Find with the same filter. */
  async find(request: FindRequest, options: FilterOptions = {}): Promise<FoundFrame | null> {
    const frames = request.view === null ? null : this.get(request.view)
    let hits = this.findCache?.filter === request.filter ? this.findCache.hits : null
    if (hits === null) {
      const kept = await this.matching(request.filter, null, options)
      hits = new Uint8Array(this.table.length)
      if (kept === null) hits.fill(1)
      else for (const i of kept) hits[i] = 1
      this.findCache = { filter: request.filter, hits }
    }
    const count = frames === null ? this.table.length : frames.length
    const step = request.backwards === true ? -1 : 1
    for (let k = 1; k <= count; k++) {
      const raw = request.from + step * k
      const p = ((raw % count) + count) % count
      const i = frames === null ? p : frames[p]!
      if (hits[i] === 1) return { frame: i + 1, position: p, wrapped: raw < 0 || raw >= count }
    }
    return null
  }

  /** The frames among `base` (null: all), in its order, that the display filter keeps (null: every
   * frame of an empty filter). */
  private async matching(filter: string, base: Uint32Array | null, options: FilterOptions): Promise<Uint32Array | null> {
    const expr = parseFilter(filter)
    if (expr === null) return base
    const t = this.table
    const index = indexFields(this.reader)
    const count = base === null ? t.length : base.length
    const frameAt = (p: number): number => (base === null ? p : base[p]!)
    // Over the index a column at a time: kept, dropped, or unknown until dissected.
    const verdicts = scanFilter(expr, index, t, base)
    // One pass counts both (SCAN_TRUE is 2, SCAN_UNKNOWN 1, SCAN_FALSE 0).
    let unknown = 0
    let kept = 0
    for (let p = 0; p < count; p++) {
      const v = verdicts[p]!
      unknown += v & 1
      kept += v >> 1
    }
    if (unknown > 0) {
      const pending = new Uint32Array(unknown)
      const positions = new Uint32Array(unknown)
      for (let p = 0, k = 0; p < count; p++) {
        if (verdicts[p] === SCAN_UNKNOWN) {
          positions[k] = p
          pending[k++] = frameAt(p)
        }
      }
      const dissected = new DissectedFields(index, filterFields(expr))
      const overFrame = compileFilter(expr, dissected)
      const report = (done: number) => options.onProgress?.({ done: count - unknown + done, total: count, dissected: done })
      report(0)
      for (let k = 0; k < unknown; k += DISSECT_CHUNK) {
        if (options.signal?.aborted) throw new WiretrailError('CANCELLED', 'the display filter was cancelled')
        const end = Math.min(unknown, k + DISSECT_CHUNK)
        let at = k
        await this.reader.scan(pending.subarray(k, end), (i, bytes) => {
          dissected.load(this.reader.decode(i, bytes))
          verdicts[positions[at++]!] = overFrame.test(i) === true ? SCAN_TRUE : SCAN_FALSE
        })
        report(end)
        // Let the worker take other messages (a newer filter, a cancel) between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    if (unknown > 0) {
      kept = 0
      for (let p = 0; p < count; p++) if (verdicts[p] === SCAN_TRUE) kept++
    }
    const frames = new Uint32Array(kept)
    for (let p = 0, k = 0; p < count; p++) if (verdicts[p] === SCAN_TRUE) frames[k++] = frameAt(p)
    return frames
  }

  /** Sorts `frames` as the query asks and keeps them as a new view. */
  private keep(frames: Uint32Array | null, query: FrameQuery): FrameView {
    const sort = query.sort
    const inFrameOrder = !sort || (sort.column === 'number' && sort.descending !== true)
    if (sort?.column === 'time') frames = this.timeOrder(frames, sort.descending === true)
    else if (!inFrameOrder) {
      frames ??= identity(this.table.length)
      this.sort(frames, sort.column, sort.descending === true)
    }
    const view = this.next++
    this.views.set(view, frames)
    if (inFrameOrder) this.inFrameOrder.add(view)
    if (this.views.size > MAX_VIEWS) {
      const oldest = this.views.keys().next().value as number
      this.views.delete(oldest)
      this.inFrameOrder.delete(oldest)
    }
    return { view, count: frames === null ? this.table.length : frames.length }
  }

  /** Rows `start`…`start+count−1` (0-based positions) of a view. */
  async rows(view: number, start: number, count: number): Promise<FrameSummary[]> {
    const frames = this.get(view)
    if (frames === null) return this.reader.frames(start + 1, count)
    const out: FrameSummary[] = []
    const end = Math.min(frames.length, start + count)
    // Consecutive frames are read together.
    for (let p = start; p < end; ) {
      let q = p + 1
      while (q < end && frames[q] === frames[q - 1]! + 1) q++
      out.push(...(await this.reader.frames(frames[p]! + 1, q - p)))
      p = q
    }
    return out
  }

  /** Where frame `frame` (1-based) is in a view (0-based), or null when the view does not hold it:
   * a binary search in a view in frame order (a filter's), a look through a sorted one (a
   * millisecond a million frames; an index per sorted view would cost 4 bytes a frame for that). */
  position(view: number, frame: number): number | null {
    const frames = this.get(view)
    const i = frame - 1
    if (frames === null) return i >= 0 && i < this.table.length ? i : null
    if (this.inFrameOrder.has(view)) {
      const p = indexInAscending(frames, i)
      return p >= 0 ? p : null
    }
    const p = frames.indexOf(i)
    return p >= 0 ? p : null
  }

  private get(view: number): Uint32Array | null {
    const frames = this.views.get(view)
    if (frames === undefined) throw new AnalyzerError('ANALYZER_BAD_VIEW', `view ${view} of the packet list does not exist (any more): make it again`)
    return frames
  }

  /** The frames a query keeps, in frame order; null when it keeps every frame. */
  private select(query: FrameQuery): Uint32Array | null {
    const t = this.table
    const n = t.length
    let mask = 0
    for (const p of query.protocols ?? []) mask |= PROTOCOL_BITS[p]
    const connection = query.connection ?? -1
    if (query.frames !== undefined) {
      const wanted = [...new Set(query.frames)].filter((f) => Number.isInteger(f) && f >= 1 && f <= n).sort((a, b) => a - b)
      return Uint32Array.from(wanted.map((f) => f - 1).filter((i) => (mask === 0 || (t.proto[i]! & mask) !== 0) && (connection < 0 || t.connection[i] === connection)))
    }
    if (mask === 0 && connection < 0) return null
    const out = new Uint32Array(n)
    let count = 0
    const proto = t.proto
    const conn = t.connection
    if (connection < 0) {
      for (let i = 0; i < n; i++) if ((proto[i]! & mask) !== 0) out[count++] = i
    } else if (mask === 0) {
      for (let i = 0; i < n; i++) if (conn[i] === connection) out[count++] = i
    } else {
      for (let i = 0; i < n; i++) if (conn[i] === connection && (proto[i]! & mask) !== 0) out[count++] = i
    }
    return out.slice(0, count)
  }

  /** Sorts frame indexes in place by a column (ties keep frame order, as Wireshark's list does:
   * `frames` comes in frame order and every sort here is stable). Keys are typed arrays read off the
   * columns, sorted by a least-significant-digit radix sort, 16 bits a pass: linear, no comparison
   * callback, a million frames in a few passes. */
  private sort(frames: Uint32Array, column: Exclude<FrameSortColumn, 'time'>, descending: boolean): void {
    const t = this.table
    const n = frames.length
    if (column === 'number') {
      if (descending) frames.reverse()
      return
    }
    // One borrowed array for the keys and the radix sort's two orders: a sort then allocates only
    // the view it returns (see scratch()).
    const scratch = this.scratch(3 * n)
    const keys = scratch.subarray(0, n)
    switch (column) {
      case 'length': {
        const len = t.origLen
        for (let p = 0; p < n; p++) keys[p] = len[frames[p]!]!
        break
      }
      case 'source':
      case 'destination': {
        // Address texts in order: ranks once per distinct address, then numbers per frame.
        const rank = ranks(t.addresses)
        const ids = column === 'source' ? t.src : t.dst
        for (let p = 0; p < n; p++) keys[p] = rank[ids[frames[p]!]!]!
        break
      }
      case 'protocol': {
        // The Protocol column's name depends on the protocol bits alone: a rank per bit set, made once.
        const names = PROTOCOL_ORDER.map(([, name]) => name).concat('')
        const order = ranks(names)
        const rankOf = new Map(names.map((name, k) => [name, order[k]!]))
        const byBits = new Uint32Array(1 << 16)
        const proto = t.proto
        for (let b = 0; b < byBits.length; b++) byBits[b] = rankOf.get(protocolName(b))!
        for (let p = 0; p < n; p++) keys[p] = byBits[proto[frames[p]!]!]!
        break
      }
    }
    if (descending) for (let p = 0; p < n; p++) keys[p] = ~keys[p]! >>> 0
    radixSort(frames, [keys], scratch.subarray(n))
  }

  /** Words a sort may overwrite, at least `words` of them. Kept between sorts through a WeakRef:
   * each sort of a large capture allocating its own (three times the view's size, outside V8's heap)
   * made V8 run a full collection for the external memory every few sorts, and a full collection
   * marks the whole walkthrough — sorts by source took 100–190 ms of CPU per 1 M frames instead of
   * 25–35. The collector may still take the array back when it needs the room; the next sort then
   * makes a new one. */
  private scratch(words: number): Uint32Array {
    const kept = this.sortScratch?.deref()
    if (kept !== undefined && kept.length >= words) return kept
    const made = new Uint32Array(words)
    this.sortScratch = new WeakRef(made)
    return made
  }

  /** Times: mostly in order already (a capture is written as packets pass), so a capture in order
   * needs no sort at all (descending: each run of equal times reversed back to frame order); any
   * other order is sorted by time (frame-sort.ts). `frames` null: every frame. */
  private timeOrder(frames: Uint32Array | null, descending: boolean): Uint32Array | null {
    const time = this.table.t
    const n = frames === null ? this.table.length : frames.length
    const at = (p: number) => (frames === null ? p : frames[p]!)
    let ordered = true
    for (let p = 1; p < n && ordered; p++) if (time[at(p)]! < time[at(p - 1)]!) ordered = false
    if (!ordered) return sortByTime(frames, this.table.length, time, descending)
    if (!descending) return frames
    const out = frames === null ? identity(n) : frames
    out.reverse()
    // Equal times came out in reverse frame order: put each run back.
    for (let p = 0; p < n; ) {
      let q = p + 1
      while (q < n && time[out[q]!] === time[out[p]!]) q++
      if (q - p > 1) out.subarray(p, q).reverse()
      p = q
    }
    return out
  }
}

/** The fields a display filter reads from the frame index and the entities of an open capture. */
export function indexFields(reader: DetailReader): IndexFields {
  const pass = reader.pass
  const first = pass.firstEpoch
  return new IndexFields({
    table: pass.table,
    epoch0: first.sec + first.nsec / 1e9,
    comment: (i) => reader.comment(i),
    http: pass.http.store,
    httpUnmatched: pass.http.unmatchedResponses,
  })
}

/** Each text's rank in sorted order (addresses: numerically for IPv4, else as text). */
function ranks(texts: string[]): Uint32Array {
  const collate = (text: string): string => {
    const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
    return v4 ? `0${v4.slice(1).map((x) => x.padStart(3, '0')).join('.')}` : `1${text}`
  }
  const keys = texts.map(collate)
  const order = [...texts.keys()].sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0))
  const rank = new Uint32Array(texts.length)
  order.forEach((k, r) => (rank[k] = r))
  return rank
}
