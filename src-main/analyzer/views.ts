// Views of the packet list, made in the analyzer's worker over the frame index (frame-table.ts):
// which frames a filter keeps and in which order a sort puts them, as one Uint32Array of frame
// indexes — a pass over typed arrays, so a million frames filter or sort in tens of milliseconds
// and nothing per frame crosses to the renderer but the rows on screen (rows() makes their lines on
// demand, detail.ts / summary.ts). The display filter, Go to packet and Find build on these
// (`FrameViews.create` takes a FrameQuery; a compiled display filter can be one more predicate over
// the same columns).
import { compileFilter, filterFields } from '../filter/compile.ts'
import { parseFilter } from '../filter/parse.ts'
import { WiretrailError } from '../shared/errors.ts'
import type { FindRequest, FoundFrame, FrameQuery, FrameSortColumn, FrameSummary, FrameView } from '../shared/walkthrough.ts'
import type { DetailReader } from './detail.ts'
import { AnalyzerError } from './errors.ts'
import { DissectedFields, IndexFields } from './filter-fields.ts'
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

function protocolName(bits: number): string {
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
  private next = 1
  /** The last Find's filter and the frames it keeps (one byte a frame). */
  private findCache: { filter: string; hits: Uint8Array } | null = null

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
    const pass = this.reader.pass
    const first = pass.firstEpoch
    const index = new IndexFields({
      table: t,
      epoch0: first.sec + first.nsec / 1e9,
      comment: (i) => this.reader.comment(i),
      http: pass.http.exchanges,
      httpUnmatched: pass.http.unmatchedResponses,
    })
    const overIndex = compileFilter(expr, index)
    const count = base === null ? t.length : base.length
    const frameAt = (p: number): number => (base === null ? p : base[p]!)
    // 1: kept, 0: dropped, 2: unknown until dissected.
    const verdicts = new Uint8Array(count)
    let unknown = 0
    for (let p = 0; p < count; p++) {
      const v = overIndex.test(frameAt(p))
      verdicts[p] = v === true ? 1 : v === false ? 0 : 2
      if (v === undefined) unknown++
    }
    if (unknown > 0) {
      const pending = new Uint32Array(unknown)
      const positions = new Uint32Array(unknown)
      for (let p = 0, k = 0; p < count; p++) {
        if (verdicts[p] === 2) {
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
          verdicts[positions[at++]!] = overFrame.test(i) === true ? 1 : 0
        })
        report(end)
        // Let the worker take other messages (a newer filter, a cancel) between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
    }
    let kept = 0
    for (let p = 0; p < count; p++) if (verdicts[p] === 1) kept++
    const frames = new Uint32Array(kept)
    for (let p = 0, k = 0; p < count; p++) if (verdicts[p] === 1) frames[k++] = frameAt(p)
    return frames
  }

  /** Sorts `frames` as the query asks and keeps them as a new view. */
  private keep(frames: Uint32Array | null, query: FrameQuery): FrameView {
    const sort = query.sort
    if (sort && (sort.column !== 'number' || sort.descending === true)) {
      frames ??= identity(this.table.length)
      this.sort(frames, sort.column, sort.descending === true)
    }
    const view = this.next++
    this.views.set(view, frames)
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value as number)
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

  /** Where frame `frame` (1-based) is in a view (0-based), or null when the view does not hold it. */
  position(view: number, frame: number): number | null {
    const frames = this.get(view)
    const i = frame - 1
    if (frames === null) return i >= 0 && i < this.table.length ? i : null
    for (let p = 0; p < frames.length; p++) if (frames[p] === i) return p
    return null
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

  /** Sorts frame indexes in place by a column (ties keep frame order, as Wireshark's list does). */
  private sort(frames: Uint32Array, column: FrameSortColumn, descending: boolean): void {
    const t = this.table
    const sign = descending ? -1 : 1
    let key: (i: number) => number
    switch (column) {
      case 'number':
        key = (i) => i
        break
      case 'time':
        key = (i) => t.t[i]!
        break
      case 'length':
        key = (i) => t.origLen[i]!
        break
      case 'source':
      case 'destination': {
        // Address texts in order: ranks once per distinct address, then numbers per frame.
        const rank = ranks(t.addresses)
        const ids = column === 'source' ? t.src : t.dst
        key = (i) => rank[ids[i]!]!
        break
      }
      case 'protocol': {
        const names = PROTOCOL_ORDER.map(([, name]) => name).concat('')
        const order = ranks(names)
        const rankOf = new Map(names.map((name, k) => [name, order[k]!]))
        key = (i) => rankOf.get(protocolName(t.proto[i]!))!
        break
      }
    }
    const keys = new Float64Array(frames.length)
    for (let p = 0; p < frames.length; p++) keys[p] = key(frames[p]!)
    let max = 0
    for (let p = 0; p < keys.length; p++) if (keys[p]! > max) max = keys[p]!
    if (column === 'time' || column === 'number' || max > 1 << 22) {
      // Times are mostly in order already: a comparison sort on nearly sorted keys is quick.
      const order = identity(frames.length)
      order.sort((a, b) => sign * (keys[a]! - keys[b]!) || frames[a]! - frames[b]!)
      const copy = frames.slice()
      for (let p = 0; p < order.length; p++) frames[p] = copy[order[p]!]!
      return
    }
    // Small integer keys (lengths, address and protocol ranks): a counting sort, linear and stable
    // (frames of equal keys stay in frame order, as `frames` came in frame order).
    const counts = new Uint32Array(max + 2)
    for (let p = 0; p < keys.length; p++) counts[(descending ? max - keys[p]! : keys[p]!) + 1]!++
    for (let k = 1; k < counts.length; k++) counts[k]! += counts[k - 1]!
    const copy = frames.slice()
    for (let p = 0; p < keys.length; p++) frames[counts[descending ? max - keys[p]! : keys[p]!]!++] = copy[p]!
  }
}

function identity(n: number): Uint32Array {
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
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
