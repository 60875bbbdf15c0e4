// A display filter run over the frame index a column at a time (views.ts calls it before anything is
// dissected): each node of the filter's tree gives one verdict per frame in a Uint8Array, leaves by a
// loop over the field's column (filter-fields.ts, IndexFields.column), the logic by combining those
// arrays — no object, array or closure chain per frame. A leaf that compares one field with literals
// is decided once per distinct value where values are ids (addresses, DNS names: `dns.qry.name
// contains "espn"` tests each name once, then the frames by id), by a plain comparison where they
// are numbers; a field that is one typed column of the table (ports, lengths, flags, times) is read
// straight off it, 16-bit values decided once each in a table by value (a port filter makes no call
// per frame). What a leaf means is compile.ts's, not re-stated here: the verdict for one value and
// for none are asked of compile.ts's test itself, and a field holding several values in a frame
// (tcp.port, ip.addr) combines them the way compile.ts's operators do (any of them, or all of them).
// Leaves the columns cannot hold (HTTP heads, functions, slices, field against field) fall back to
// compile.ts's per-frame test over the index.
import type { FilterExpr, Operand, Scalar } from '../filter/ast.ts'
import { compileFilter, type FieldReader, type FieldSource } from '../filter/compile.ts'
import { CARRIERS, type ColumnRead, type FieldColumn, type IndexFields } from './filter-fields.ts'
import { indexInAscending } from './frame-sort.ts'
import { PROTOCOL_BITS, type FrameTable } from './frame-table.ts'

/** Verdict codes, ordered so that Kleene's three-valued logic is arithmetic: and = min, or = max,
 * not = 2 − x. */
export const SCAN_FALSE = 0
export const SCAN_UNKNOWN = 1
export const SCAN_TRUE = 2

/** A part's code for a value that is not one of the field's (scan.reads). */
const ABSENT = 4

/** Distinct values whose verdicts a leaf remembers (ids are few; a number column may not be). */
const MEMO_LIMIT = 1 << 16

/** The verdict of `expr` for each frame of `positions` (frame indexes in frame order; null: every
 * frame), over the index. */
export function scanFilter(expr: FilterExpr, index: IndexFields, table: FrameTable, positions: Uint32Array | null): Uint8Array {
  const count = positions === null ? table.length : positions.length
  return new Scanner(index, table, positions, count).run(expr)
}

class Scanner {
  constructor(
    private readonly index: IndexFields,
    private readonly table: FrameTable,
    private readonly positions: Uint32Array | null,
    private readonly count: number,
  ) {}

  run(e: FilterExpr): Uint8Array {
    const n = this.count
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'xor': {
        const a = this.run(e.left)
        const b = this.run(e.right)
        if (e.kind === 'and') for (let p = 0; p < n; p++) a[p] = a[p]! < b[p]! ? a[p]! : b[p]!
        else if (e.kind === 'or') for (let p = 0; p < n; p++) a[p] = a[p]! > b[p]! ? a[p]! : b[p]!
        else {
          for (let p = 0; p < n; p++) {
            const x = a[p]!
            const y = b[p]!
            a[p] = x === SCAN_UNKNOWN || y === SCAN_UNKNOWN ? SCAN_UNKNOWN : x !== y ? SCAN_TRUE : SCAN_FALSE
          }
        }
        return a
      }
      case 'not': {
        const a = this.run(e.expr)
        for (let p = 0; p < n; p++) a[p] = SCAN_TRUE - a[p]!
        return a
      }
      default:
        return this.leaf(e) ?? this.perFrame(e)
    }
  }

  /** compile.ts's test, frame by frame (what the columns cannot answer). */
  private perFrame(e: FilterExpr): Uint8Array {
    const test = compileFilter(e, this.index).test
    const out = new Uint8Array(this.count)
    const positions = this.positions
    for (let p = 0; p < this.count; p++) {
      const v = test(positions === null ? p : positions[p]!)
      out[p] = v === true ? SCAN_TRUE : v === false ? SCAN_FALSE : SCAN_UNKNOWN
    }
    return out
  }

  private leaf(e: Exclude<FilterExpr, { kind: 'and' | 'or' | 'xor' | 'not' }>): Uint8Array | null {
    if (e.kind === 'test') {
      if (e.operand.kind !== 'field') return null
      if (e.operand.type === 'protocol') return this.protocol(e.operand.key)
    } else {
      // One field on the left, literals only elsewhere: a verdict depends on the field's values alone.
      if (e.left.kind !== 'field') return null
      if (e.kind === 'compare' && e.right.kind !== 'scalar' && e.right.kind !== 'network') return null
      if (e.kind === 'contains' && e.right.kind !== 'scalar') return null
      if (e.kind === 'in' && e.set.some((item) => item.kind === 'value' && item.value.kind !== 'scalar' && item.value.kind !== 'network')) return null
    }
    const field = e.kind === 'test' ? (e.operand as Extract<Operand, { kind: 'field' }>) : (e.left as Extract<Operand, { kind: 'field' }>)
    const column = this.index.column(field.key)
    if (column === null) return null
    // compile.ts's own test of this leaf, asked about one value (or none) at a time.
    let current: Scalar | null = null
    const one: FieldSource = {
      reader: (): FieldReader => (_, out) => {
        if (current === null) return 0
        out[0] = current
        return 1
      },
    }
    const test = compileFilter(e, one).test
    const ask = (value: Scalar | null): boolean => {
      current = value
      return test(0) === true
    }
    const none = ask(null) ? SCAN_TRUE : SCAN_FALSE
    // Several values in a frame: operators that hold when any value does, or (!=, ===, not in) when
    // every value does — compile.ts's semantics, value by value.
    const every = (e.kind === 'compare' && (e.op === 'ne' || e.op === 'all_eq')) || (e.kind === 'in' && e.negated)
    const single = this.single(e, column, ask)
    if (column.reads !== undefined) return this.reads(column.reads, single, none, every)
    const out = new Uint8Array(this.count)
    const keys = column.keys
    const n = this.count
    const positions = this.positions
    if (keys.length === 1) {
      const key = keys[0]!
      for (let p = 0; p < n; p++) {
        const k = key(positions === null ? p : positions[p]!)
        out[p] = k !== k ? none : k === -Infinity ? SCAN_UNKNOWN : single(k) ? SCAN_TRUE : SCAN_FALSE
      }
      if (column.more !== undefined) this.more(out, key, column.more, single, every)
      return out
    }
    for (let p = 0; p < n; p++) {
      const i = positions === null ? p : positions[p]!
      let values = 0
      let any = false
      let all = true
      let unknown = false
      for (let j = 0; j < keys.length; j++) {
        const k = keys[j]!(i)
        if (k !== k) continue
        if (k === -Infinity) {
          unknown = true
          break
        }
        values++
        if (single(k)) any = true
        else all = false
      }
      out[p] = unknown ? SCAN_UNKNOWN : values === 0 ? none : (every ? all : any) ? SCAN_TRUE : SCAN_FALSE
    }
    return out
  }

  /** A leaf over typed columns (ports, lengths, flags, times, addresses): no call per frame for an
   * integer column, whose values' verdicts are remembered in a table as they are met (by value below
   * 2¹⁶, by id for addresses); one pass for one part or two of the same protocol (tcp.port,
   * ip.addr), otherwise a part's verdicts per frame, then combined as leaf() combines values. */
  private reads(reads: readonly ColumnRead[], single: (key: number) => boolean, none: number, every: boolean): Uint8Array {
    const n = this.count
    const positions = this.positions
    const proto = this.table.proto
    // 0: not met yet, else the verdict + 1 (SCAN_FALSE + 1 or SCAN_TRUE + 1) or ABSENT. One table per
    // kind of key (ids, or values with a flag); times (doubles) have none.
    const tables = new Map<number, Uint8Array>()
    const tableOf = (r: ColumnRead): Uint8Array => {
      if (r.values instanceof Float64Array) return new Uint8Array(0)
      const key = r.ids !== undefined ? -2 : (r.flag ?? -1)
      let seen = tables.get(key)
      if (seen === undefined) tables.set(key, (seen = new Uint8Array(r.ids ?? 1 << 16)))
      return seen
    }
    const code = (v: number, r: ColumnRead) => (r.absent?.(v) === true ? ABSENT : (single(r.flag === undefined ? v : (v & r.flag) !== 0 ? 1 : 0) ? SCAN_TRUE : SCAN_FALSE) + 1)
    const seen = reads.map(tableOf)
    const out = new Uint8Array(n)
    const mask = reads[0]!.mask
    if (reads.length <= 2 && reads.every((r) => r.mask === mask)) {
      // A frame has every part or none (unless an id is absent).
      const [ra, rb] = [reads[0]!, reads[reads.length - 1]!]
      const [sa, sb] = [seen[0]!, seen[reads.length - 1]!]
      const [la, lb] = [sa.length, sb.length]
      const a = ra.values
      const b = rb.values
      const both = reads.length === 2
      for (let p = 0; p < n; p++) {
        const i = positions === null ? p : positions[p]!
        if (mask !== 0 && (proto[i]! & mask) === 0) {
          out[p] = none
          continue
        }
        const x = a[i]!
        let c = x >= 0 && x < la ? sa[x]! : 0
        if (c === 0) {
          c = code(x, ra)
          if (x >= 0 && x < la) sa[x] = c
        }
        if (both) {
          const y = b[i]!
          let d = y >= 0 && y < lb ? sb[y]! : 0
          if (d === 0) {
            d = code(y, rb)
            if (y >= 0 && y < lb) sb[y] = d
          }
          // Any value passes, or (!=, ===, not in) every one: the higher verdict or the lower.
          if (c === ABSENT || (d !== ABSENT && (every ? d < c : d > c))) c = d
        }
        out[p] = c === ABSENT ? none : c - 1
      }
      return out
    }
    // Each part's verdict + 1 per frame (0 where the frame has no value), then combined.
    const parts = reads.map((r, j) => {
      const part = new Uint8Array(n)
      const { values, mask } = r
      const table = seen[j]!
      const size = table.length
      for (let p = 0; p < n; p++) {
        const i = positions === null ? p : positions[p]!
        if (mask !== 0 && (proto[i]! & mask) === 0) continue
        const v = values[i]!
        let c = v >= 0 && v < size ? table[v]! : 0
        if (c === 0) {
          c = code(v, r)
          if (v >= 0 && v < size) table[v] = c
        }
        part[p] = c === ABSENT ? 0 : c
      }
      return part
    })
    for (let p = 0; p < n; p++) {
      let values = 0
      let passed = 0
      for (let j = 0; j < parts.length; j++) {
        const c = parts[j]![p]!
        if (c === 0) continue
        values++
        if (c === SCAN_TRUE + 1) passed++
      }
      out[p] = values === 0 ? none : (every ? passed === values : passed > 0) ? SCAN_TRUE : SCAN_FALSE
    }
    return out
  }

  /** The frames with further values (`more`, by frame index) beside their first key: their verdict
   * over all their values (any of them, or every one). Positions are in frame order. */
  private more(out: Uint8Array, key: (i: number) => number, more: ReadonlyMap<number, readonly number[]>, single: (key: number) => boolean, every: boolean): void {
    const positions = this.positions
    for (const [i, extra] of more) {
      const p = positions === null ? i : indexInAscending(positions, i)
      if (p < 0 || p >= this.count) continue
      const k = key(i)
      // No value or not known here: the other values do not count (as with the first).
      if (k !== k || k === -Infinity) continue
      let any = single(k)
      let all = any
      for (const x of extra) {
        if (single(x)) any = true
        else all = false
      }
      out[p] = (every ? all : any) ? SCAN_TRUE : SCAN_FALSE
    }
  }

  /** Whether one value (by its key) passes the leaf: a plain comparison for numbers against numbers,
   * otherwise compile.ts's test, remembered per key. */
  private single(e: Exclude<FilterExpr, { kind: 'and' | 'or' | 'xor' | 'not' }>, column: FieldColumn, ask: (v: Scalar | null) => boolean): (key: number) => boolean {
    if (column.numeric) {
      const direct = numericTest(e)
      if (direct !== null) return direct
    }
    if (column.ids !== undefined) {
      // 0: not asked yet, 1: fails, 2: passes.
      const seen = new Uint8Array(column.ids)
      return (k) => {
        let v = seen[k]!
        if (v === 0) seen[k] = v = ask(column.value(k)) ? 2 : 1
        return v === 2
      }
    }
    const memo = new Map<number, boolean>()
    return (k) => {
      let v = memo.get(k)
      if (v === undefined) {
        v = ask(column.value(k))
        if (memo.size < MEMO_LIMIT) memo.set(k, v)
      }
      return v
    }
  }

  /** `tcp`, `dns`, …: the protocol bits of each frame. */
  private protocol(key: string): Uint8Array | null {
    const out = new Uint8Array(this.count)
    if (key === 'frame') return out.fill(SCAN_TRUE)
    const bits = CARRIERS[key]
    if (bits === undefined) return null
    // ICMP is the same bit over IPv4 and IPv6.
    const also = key === 'icmp' ? PROTOCOL_BITS.ip : key === 'icmpv6' ? PROTOCOL_BITS.ipv6 : 0
    const want = bits | also
    const proto = this.table.proto
    const positions = this.positions
    for (let p = 0; p < this.count; p++) {
      const b = proto[positions === null ? p : positions[p]!]!
      out[p] = also === 0 ? ((b & bits) !== 0 ? SCAN_TRUE : SCAN_FALSE) : (b & want) === want ? SCAN_TRUE : SCAN_FALSE
    }
    return out
  }
}

/** One number against number literals, as compile.ts compares them (same(): ===, order(): a − b),
 * for a value the field has; null when a literal is not a number. */
function numericTest(e: Exclude<FilterExpr, { kind: 'and' | 'or' | 'xor' | 'not' }>): ((k: number) => boolean) | null {
  if (e.kind === 'compare') {
    if (e.right.kind !== 'scalar' || typeof e.right.value !== 'number') return null
    const c = e.right.value
    switch (e.op) {
      case 'eq':
      case 'all_eq':
        return (k) => k === c
      case 'ne':
      case 'any_ne':
        return (k) => k !== c
      case 'gt':
        return (k) => k > c
      case 'ge':
        return (k) => k >= c
      case 'lt':
        return (k) => k < c
      case 'le':
        return (k) => k <= c
    }
  }
  if (e.kind === 'in') {
    const ranges: number[] = []
    const values: number[] = []
    for (const item of e.set) {
      if (item.kind === 'range') {
        if (item.from.kind !== 'scalar' || item.to.kind !== 'scalar' || typeof item.from.value !== 'number' || typeof item.to.value !== 'number') return null
        ranges.push(item.from.value, item.to.value)
      } else {
        if (item.value.kind !== 'scalar' || typeof item.value.value !== 'number') return null
        values.push(item.value.value)
      }
    }
    const inSet = (k: number): boolean => {
      for (let j = 0; j < values.length; j++) if (k === values[j]) return true
      for (let j = 0; j < ranges.length; j += 2) if (k >= ranges[j]! && k <= ranges[j + 1]!) return true
      return false
    }
    return e.negated ? (k) => !inSet(k) : inSet
  }
  return null
}
