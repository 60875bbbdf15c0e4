// Compiles a checked display filter (parse.ts) into a test over frames, with Wireshark's semantics
// for fields that occur several times in a frame (or not at all): == > < in contains matches hold
// when any value does, != when the frame has the field and no value is equal (Wireshark ≥ 3.6's
// all_ne), === when every value is equal, !== when any differs; a field alone holds when the frame
// has it (so `tcp.flags.syn` is every TCP frame, as in Wireshark). A frame without the field passes
// no comparison. Regular expressions run on RE2 (re2js): linear time whatever
// the pattern or the text, so no filter can hang the analyzer; matching is case-insensitive, as
// Wireshark's matches is.
//
// The test is three-valued: a field whose values cannot be known from what the caller has (the
// analyzer's frame index holds some fields; the rest need the frame dissected) reads as unknown,
// and the filter's answer is then unknown unless the rest decides it (false && unknown is false).
// The analyzer's worker runs it over the index first and dissects only the frames left unknown.
import { RE2JS } from 're2js'
import type { CompareOp, FilterExpr, Literal, Operand, Scalar, SliceRange } from './ast.ts'
import { FilterError } from './parse.ts'

/** Reads a field's values in frame `frame` (0-based) into `out`; returns how many there are, or -1
 * when they are not known without dissecting the frame. */
export type FieldReader = (frame: number, out: Scalar[]) => number

export interface FieldSource {
  /** The reader of a field (or protocol) key the filter names. `presenceOnly`: the filter only tests
   * whether the frame has it (a protocol's bytes are then not needed). */
  reader(key: string, presenceOnly?: boolean): FieldReader
}

/** true or false, or undefined when unknown (see the header). */
export type Verdict = boolean | undefined

export interface CompiledFilter {
  test(frame: number): Verdict
}

type Values = (frame: number) => Scalar[] | null
type Node = (frame: number) => Verdict

export function compileFilter(expr: FilterExpr, source: FieldSource): CompiledFilter {
  return { test: compileExpr(expr, source) }
}

/** The field keys a filter reads (for the caller to decide what it must provide). */
export function filterFields(expr: FilterExpr): Set<string> {
  const keys = new Set<string>()
  const operand = (o: Operand): void => {
    if (o.kind === 'field') keys.add(o.key)
    else if (o.kind === 'call') o.args.forEach(operand)
    else if (o.kind === 'slice') operand(o.operand)
  }
  const walk = (e: FilterExpr): void => {
    switch (e.kind) {
      case 'or':
      case 'and':
      case 'xor':
        walk(e.left)
        walk(e.right)
        break
      case 'not':
        walk(e.expr)
        break
      case 'test':
        operand(e.operand)
        break
      case 'compare':
      case 'contains':
        operand(e.left)
        operand(e.right)
        break
      case 'in':
        operand(e.left)
        for (const item of e.set) if (item.kind === 'value') operand(item.value)
        break
      case 'matches':
        operand(e.left)
        break
    }
  }
  walk(expr)
  return keys
}

function compileExpr(e: FilterExpr, source: FieldSource): Node {
  switch (e.kind) {
    case 'and': {
      const a = compileExpr(e.left, source)
      const b = compileExpr(e.right, source)
      return (f) => {
        const x = a(f)
        if (x === false) return false
        const y = b(f)
        if (y === false) return false
        return x === true && y === true ? true : undefined
      }
    }
    case 'or': {
      const a = compileExpr(e.left, source)
      const b = compileExpr(e.right, source)
      return (f) => {
        const x = a(f)
        if (x === true) return true
        const y = b(f)
        if (y === true) return true
        return x === false && y === false ? false : undefined
      }
    }
    case 'xor': {
      const a = compileExpr(e.left, source)
      const b = compileExpr(e.right, source)
      return (f) => {
        const x = a(f)
        if (x === undefined) return undefined
        const y = b(f)
        return y === undefined ? undefined : x !== y
      }
    }
    case 'not': {
      const a = compileExpr(e.expr, source)
      return (f) => {
        const x = a(f)
        return x === undefined ? undefined : !x
      }
    }
    case 'test': {
      const values = compileOperand(e.operand, source, true)
      return (f) => {
        const v = values(f)
        return v === null ? undefined : v.length > 0
      }
    }
    case 'compare':
      return compileCompare(e.op, compileOperand(e.left, source), e.left.kind === 'network' ? e.left : null, compileOperand(e.right, source), e.right.kind === 'network' ? e.right : null)
    case 'in': {
      const left = compileOperand(e.left, source)
      const tests = e.set.map((item): ((v: Scalar, f: number) => Verdict) => {
        if (item.kind === 'range') {
          const from = item.from.kind === 'scalar' ? item.from.value : 0
          const to = item.to.kind === 'scalar' ? item.to.value : 0
          return (v) => order(v, from) >= 0 && order(v, to) <= 0
        }
        if (item.value.kind === 'network') {
          const net = item.value
          return (v) => inNetwork(v, net)
        }
        const values = compileOperand(item.value, source)
        return (v, f) => {
          const w = values(f)
          if (w === null) return undefined
          return w.some((x) => same(v, x))
        }
      })
      const inSet: Node = (f) => {
        const v = left(f)
        if (v === null) return undefined
        let unknown = false
        for (const x of v) {
          for (const t of tests) {
            const r = t(x, f)
            if (r === true) return true
            if (r === undefined) unknown = true
          }
        }
        return unknown ? undefined : false
      }
      return e.negated ? (f) => {
        const r = inSet(f)
        return r === undefined ? undefined : !r
      } : inSet
    }
    case 'contains': {
      const left = compileOperand(e.left, source)
      const right = compileOperand(e.right, source)
      return (f) => {
        const a = left(f)
        if (a === null) return undefined
        if (a.length === 0) return false
        const b = right(f)
        if (b === null) return undefined
        return a.some((x) => b.some((y) => contains(x, y)))
      }
    }
    case 'matches': {
      let re: RE2JS
      try {
        re = RE2JS.compile(e.pattern, RE2JS.CASE_INSENSITIVE)
      } catch (err) {
        throw new FilterError('FILTER_BAD_REGEX', `${JSON.stringify(e.pattern)} is not a regular expression Wiretrail can run (RE2 syntax: no backreferences or lookaround): ${(err as Error).message}`, e.at)
      }
      const left = compileOperand(e.left, source)
      return (f) => {
        const a = left(f)
        if (a === null) return undefined
        return a.some((x) => re.test(typeof x === 'string' ? x : x instanceof Uint8Array ? x : String(x)))
      }
    }
  }
}

function compileCompare(op: CompareOp, left: Values, leftNet: Literal | null, right: Values, rightNet: Literal | null): Node {
  // A network on one side: membership, whatever the order of the sides.
  if (leftNet !== null || rightNet !== null) {
    const net = (rightNet ?? leftNet)!
    const side = rightNet !== null ? left : right
    const any: Node = (f) => {
      const v = side(f)
      return v === null ? undefined : v.some((x) => inNetwork(x, net))
    }
    const all: Node = (f) => {
      const v = side(f)
      return v === null ? undefined : v.length > 0 && v.every((x) => inNetwork(x, net))
    }
    if (op === 'eq') return any
    if (op === 'ne') {
      return (f) => {
        const v = side(f)
        return v === null ? undefined : v.length > 0 && !v.some((x) => inNetwork(x, net))
      }
    }
    if (op === 'all_eq') return all
    return (f) => {
      const v = side(f)
      return v === null ? undefined : v.some((x) => !inNetwork(x, net))
    }
  }
  const pair = (test: (a: Scalar[], b: Scalar[]) => boolean): Node => (f) => {
    const a = left(f)
    if (a === null) return undefined
    const b = right(f)
    if (b === null) return undefined
    return test(a, b)
  }
  switch (op) {
    case 'eq':
      return pair((a, b) => a.some((x) => b.some((y) => same(x, y))))
    case 'ne':
      return pair((a, b) => a.length > 0 && !a.some((x) => b.some((y) => same(x, y))))
    case 'all_eq':
      return pair((a, b) => a.length > 0 && a.every((x) => b.some((y) => same(x, y))))
    case 'any_ne':
      return pair((a, b) => a.some((x) => b.some((y) => !same(x, y))))
    case 'gt':
      return pair((a, b) => a.some((x) => b.some((y) => order(x, y) > 0)))
    case 'ge':
      return pair((a, b) => a.some((x) => b.some((y) => order(x, y) >= 0)))
    case 'lt':
      return pair((a, b) => a.some((x) => b.some((y) => order(x, y) < 0)))
    case 'le':
      return pair((a, b) => a.some((x) => b.some((y) => order(x, y) <= 0)))
  }
}

function compileOperand(o: Operand, source: FieldSource, presenceOnly = false): Values {
  switch (o.kind) {
    case 'field': {
      const read = source.reader(o.key, presenceOnly)
      // One array per field in the filter, reused frame after frame: a million frames allocate nothing.
      const out: Scalar[] = []
      return (f) => {
        out.length = 0
        const n = read(f, out)
        if (n < 0) return null
        out.length = n
        return out
      }
    }
    case 'call': {
      const arg = compileOperand(o.args[0]!, source)
      const fn = CALLS[o.name]
      return (f) => {
        const v = arg(f)
        return v === null ? null : fn(v)
      }
    }
    case 'slice': {
      const inner = compileOperand(o.operand, source)
      return (f) => {
        const v = inner(f)
        if (v === null) return null
        const out: Scalar[] = []
        for (const x of v) {
          const s = slice(toBytes(x), o.ranges)
          if (s !== null) out.push(s)
        }
        return out
      }
    }
    case 'scalar': {
      const constant = [o.value]
      return () => constant
    }
    case 'network':
      return () => []
  }
}

const encoder = new TextEncoder()

const CALLS: Record<'len' | 'count' | 'lower' | 'upper' | 'string', (v: Scalar[]) => Scalar[]> = {
  len: (v) => v.map((x) => (typeof x === 'string' ? encoder.encode(x).length : x instanceof Uint8Array ? x.length : 0)),
  count: (v) => [v.length],
  lower: (v) => v.map((x) => (typeof x === 'string' ? x.toLowerCase() : x)),
  upper: (v) => v.map((x) => (typeof x === 'string' ? x.toUpperCase() : x)),
  string: (v) => v.map((x) => (typeof x === 'string' ? x : x instanceof Uint8Array ? [...x].map((b) => b.toString(16).padStart(2, '0')).join(':') : String(x))),
}

function toBytes(x: Scalar): Uint8Array {
  if (x instanceof Uint8Array) return x
  if (typeof x === 'string') return encoder.encode(x)
  // Numbers: their big-endian bytes (an IPv4 address is 4).
  const out: number[] = []
  let n = Math.max(0, Math.floor(x))
  do {
    out.unshift(n & 0xff)
    n = Math.floor(n / 256)
  } while (n > 0)
  while (out.length < 4 && x >= 0x1000000) out.unshift(0)
  return Uint8Array.from(out)
}

/** Wireshark's slice ranges: [i:n] n bytes from i, [i-j] i to j inclusive, negative i from the end. */
function slice(b: Uint8Array, ranges: SliceRange[]): Uint8Array | null {
  const parts: Uint8Array[] = []
  for (const r of ranges) {
    const start = r.start < 0 ? b.length + r.start : r.start
    const end = r.end !== undefined ? r.end + 1 : r.length !== undefined ? start + r.length : b.length
    if (start < 0 || end > b.length || end < start) return null
    parts.push(b.subarray(start, end))
  }
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function same(a: Scalar, b: Scalar): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    const x = a instanceof Uint8Array ? a : toBytes(a)
    const y = b instanceof Uint8Array ? b : toBytes(b)
    if (x.length !== y.length) return false
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
    return true
  }
  return a === b
}

function order(a: Scalar, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  const x = a instanceof Uint8Array ? a : toBytes(a)
  const y = b instanceof Uint8Array ? b : toBytes(b)
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return x.length - y.length
}

function contains(a: Scalar, b: Scalar): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.includes(b)
  const x = a instanceof Uint8Array ? a : toBytes(a)
  const y = b instanceof Uint8Array ? b : toBytes(b)
  if (y.length === 0) return true
  outer: for (let i = 0; i + y.length <= x.length; i++) {
    for (let j = 0; j < y.length; j++) if (x[i + j] !== y[j]) continue outer
    return true
  }
  return false
}

function inNetwork(v: Scalar, net: Literal): boolean {
  if (net.kind !== 'network') return false
  // IPv4 addresses are held as 32-bit numbers.
  const bytes = typeof v === 'number' ? Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff) : v instanceof Uint8Array ? v : null
  if (bytes === null || bytes.length !== net.bytes.length) return false
  let bits = net.prefix
  for (let i = 0; i < bytes.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff
    if ((bytes[i]! & mask) !== (net.bytes[i]! & mask)) return false
  }
  return true
}
