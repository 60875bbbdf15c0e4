// The packet list's sorts over typed columns (views.ts): a stable least-significant-digit radix sort
// for integer keys (lengths, address and protocol ranks), and a sort of time stamps by their values.
// Both take frame indexes in frame order and leave ties in frame order, as Wireshark's list does.
// The build puts its steps and DNS transactions in time order with the same sort of times.

/** Stable LSD radix sort of `frames` by keys (least significant word first; `words[w][p]` is the key
 * of `frames[p]`), 16 bits a pass; a pass whose digit is the same for every frame is skipped
 * (lengths fit one pass). `scratch`: at least 2 × frames.length words the sort may overwrite (the
 * packet list's views lend theirs, so a sort of a million frames allocates nothing the size of the
 * capture); without it, the sort makes its own. */
export function radixSort(frames: Uint32Array, words: Uint32Array[], scratch?: Uint32Array): void {
  const n = frames.length
  const room = scratch !== undefined && scratch.length >= 2 * n ? scratch : new Uint32Array(2 * n)
  let order: Uint32Array = room.subarray(0, n)
  let next: Uint32Array = room.subarray(n, 2 * n)
  for (let i = 0; i < n; i++) order[i] = i
  const counts = new Uint32Array(1 << 16)
  for (const word of words) {
    for (const shift of [0, 16]) {
      counts.fill(0)
      for (let p = 0; p < n; p++) counts[(word[p]! >>> shift) & 0xffff]!++
      if (n === 0 || counts[(word[0]! >>> shift) & 0xffff] === n) continue
      let sum = 0
      for (let d = 0; d < counts.length; d++) {
        const c = counts[d]!
        counts[d] = sum
        sum += c
      }
      for (let p = 0; p < n; p++) {
        const o = order[p]!
        next[counts[(word[o]! >>> shift) & 0xffff]!++] = o
      }
      const swap = order
      order = next
      next = swap
    }
  }
  const copy = next
  copy.set(frames)
  for (let p = 0; p < n; p++) frames[p] = copy[order[p]!]!
}

/** Where `value` is in `frames` (ascending: frame indexes in frame order), or -1: a binary search,
 * for a view in frame order (views.ts position()) and a scan's listed frames (filter-scan.ts). */
export function indexInAscending(frames: Uint32Array, value: number): number {
  let lo = 0
  let hi = frames.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (frames[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo < frames.length && frames[lo] === value ? lo : -1
}

export function identity(n: number): Uint32Array {
  const out = new Uint32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}

/** Positions 0…n−1 in the order of their times (`times[p]`), ties in position order: sortByTime,
 * which allocates only the result and compares nothing through a function (an array's sort of the
 * positions with a comparison each was ≈ 40 ms for a million packets' 350 000 steps). A NaN time
 * compares as equal to any time in that comparison, an order sortByTime has no rule for: with one,
 * the comparison sort gives the order such times have always had. */
export function orderByTime(times: Float64Array): Uint32Array {
  const n = times.length
  for (let p = 0; p < n; p++) {
    if (Number.isNaN(times[p]!)) return Uint32Array.from(Array.from({ length: n }, (_, p) => p).sort((a, b) => times[a]! - times[b]! || a - b))
  }
  return sortByTime(null, n, times, false)
}

/** Ranges this small are finished by insertion (they are nearly in order: a capture's times are). */
const SMALL_RANGE = 24
/** Frames per bucket, on average, when a range is spread over buckets by time. */
const BUCKET_LOAD = 2
/** Levels of buckets within buckets before a range is handed to the radix sort: times crowded at
 * a few scales (a capture spanning years with bursts of microseconds) take two or three; only times
 * spaced ever closer (2⁻ᵏ) go deeper, and the radix sort bounds them. */
const MAX_DEPTH = 12

/** Frame indexes sorted by their time stamps, ascending or descending, ties in frame order: the
 * frames of `frames` (null: every frame 0…count−1), which come in frame order. A capture's times
 * come as a few long ascending runs interleaved (one per interface, or traffic copied with shifted
 * times), which a radix sort of the doubles' bits orders in four scattered passes over a few copies
 * of the keys. Here the frames are spread once over buckets by time, straight into the result (a
 * bucket holds a slice of the time range: in order, a couple of frames each, so the writes follow
 * the runs), and each bucket is finished by insertion, on the times themselves; a bucket that is
 * still crowded (a burst) is spread again over its own range. Nothing but the result and the
 * bucket counts is the size of the capture, so a sort leaves the collector little to do (the heap
 * of a large capture's walkthrough makes every collection costly). Exact whatever the span: bucket
 * numbers never decrease as the time grows (IEEE subtraction and multiplication round
 * monotonically), and within a bucket times compare as numbers, ties by frame index. Descending
 * order reads the frames from the end, so the usual ascending runs arrive in order there too. */
export function sortByTime(frames: Uint32Array | null, count: number, time: Float64Array, descending: boolean): Uint32Array {
  const n = frames === null ? count : frames.length
  const out = new Uint32Array(n)
  let min = Infinity
  let max = -Infinity
  for (let p = 0; p < n; p++) {
    const t = time[frames === null ? p : frames[p]!]!
    if (t < min) min = t
    if (t > max) max = t
  }
  const buckets = Math.max(2, Math.floor(n / BUCKET_LOAD))
  const scale = buckets / (max - min)
  if (!(max > min) || !Number.isFinite(scale)) {
    // One time (frame order), or a span too narrow for buckets (subnormal differences).
    for (let p = 0; p < n; p++) out[p] = frames === null ? p : frames[p]!
    if (max > min) sortBits(out, 0, n, time, descending)
    return out
  }
  const last = buckets - 1
  // starts[b + 1] counts bucket b's frames, then starts[b] is where bucket b starts. Descending,
  // bucket 0 holds the latest times.
  const starts = new Uint32Array(buckets + 1)
  for (let p = 0; p < n; p++) {
    const t = time[frames === null ? p : frames[p]!]!
    const b = ((descending ? max - t : t - min) * scale) | 0
    starts[(b > last ? last : b) + 1]!++
  }
  let largest = 0
  for (let b = 1; b <= buckets; b++) {
    if (starts[b]! > largest) largest = starts[b]!
    starts[b]! += starts[b - 1]!
  }
  for (let k = 0; k < n; k++) {
    const p = descending ? n - 1 - k : k
    const f = frames === null ? p : frames[p]!
    const t = time[f]!
    const b = ((descending ? max - t : t - min) * scale) | 0
    out[starts[b > last ? last : b]!++] = f
  }
  // starts[b] is now where bucket b ends. One scratch array serves every crowded bucket (and the
  // buckets within it, spread after it is done with it).
  const scratch = new Uint32Array(largest > SMALL_RANGE ? largest : 0)
  finishBuckets(out, 0, starts, buckets, time, descending, scratch, 1)
  return out
}

/** Finishes each bucket of a spread range (bucket b ends at start + ends[b]). */
function finishBuckets(out: Uint32Array, start: number, ends: Uint32Array, buckets: number, time: Float64Array, descending: boolean, scratch: Uint32Array, depth: number): void {
  let s = start
  for (let b = 0; b < buckets; b++) {
    const e = start + ends[b]!
    if (e - s > SMALL_RANGE) spread(out, s, e, time, descending, scratch, depth)
    else if (e - s > 1) insertion(out, s, e, time, descending)
    s = e
  }
}

/** Orders out[s…e) by time (ties by frame index): spread over buckets by time again, through the
 * scratch array. The frames of a range are in frame order or its reverse (every spread keeps the
 * order it reads), which an all-equal range and the radix sort rely on. */
function spread(out: Uint32Array, s: number, e: number, time: Float64Array, descending: boolean, scratch: Uint32Array, depth: number): void {
  let min = Infinity
  let max = -Infinity
  for (let p = s; p < e; p++) {
    const t = time[out[p]!]!
    if (t < min) min = t
    if (t > max) max = t
  }
  if (!(max > min)) {
    // One time: frame order.
    if (out[s]! > out[e - 1]!) out.subarray(s, e).reverse()
    return
  }
  const size = e - s
  const buckets = Math.max(2, Math.floor(size / BUCKET_LOAD))
  const scale = buckets / (max - min)
  if (!Number.isFinite(scale) || depth >= MAX_DEPTH) return sortBits(out, s, e, time, descending)
  const last = buckets - 1
  const starts = new Uint32Array(buckets + 1)
  for (let p = s; p < e; p++) {
    const t = time[out[p]!]!
    const b = ((descending ? max - t : t - min) * scale) | 0
    starts[(b > last ? last : b) + 1]!++
  }
  for (let b = 1; b <= buckets; b++) starts[b]! += starts[b - 1]!
  for (let p = s; p < e; p++) {
    const f = out[p]!
    const t = time[f]!
    const b = ((descending ? max - t : t - min) * scale) | 0
    scratch[starts[b > last ? last : b]!++] = f
  }
  out.set(scratch.subarray(0, size), s)
  finishBuckets(out, s, starts, buckets, time, descending, scratch, depth + 1)
}

/** Insertion sort of a small range by time, ties by frame index. */
function insertion(out: Uint32Array, s: number, e: number, time: Float64Array, descending: boolean): void {
  const sign = descending ? -1 : 1
  for (let p = s + 1; p < e; p++) {
    const f = out[p]!
    const t = sign * time[f]!
    let q = p - 1
    let g = out[q]!
    let u = sign * time[g]!
    if (t > u || (t === u && f > g)) continue
    do {
      out[q + 1] = g
      q--
      if (q < s) break
      g = out[q]!
      u = sign * time[g]!
    } while (t < u || (t === u && f < g))
    out[q + 1] = f
  }
}

/** A range the buckets cannot split: radix-sorted on the times' bits, as two unsigned halves that
 * order as the numbers do (negative numbers with every bit flipped, positive ones with the sign bit
 * set; −0 as 0; descending, every bit flipped again); equal times are then put in frame order (the
 * radix sort kept the range's order for them). */
function sortBits(out: Uint32Array, s: number, e: number, time: Float64Array, descending: boolean): void {
  const n = e - s
  const range = out.subarray(s, e)
  const hi = new Uint32Array(n)
  const lo = new Uint32Array(n)
  const one = new Float64Array(1)
  const halves = new Uint32Array(one.buffer)
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
  const [L, H] = little ? [0, 1] : [1, 0]
  for (let p = 0; p < n; p++) {
    one[0] = time[range[p]!]! + 0
    let h = halves[H]!
    let l = halves[L]!
    if (h & 0x80000000) {
      h = ~h >>> 0
      l = ~l >>> 0
    } else h = (h | 0x80000000) >>> 0
    hi[p] = descending ? ~h >>> 0 : h
    lo[p] = descending ? ~l >>> 0 : l
  }
  radixSort(range, [lo, hi])
  for (let p = 0; p < n; ) {
    let q = p + 1
    while (q < n && time[range[q]!] === time[range[p]!]) q++
    if (q - p > 1 && range[p]! > range[q - 1]!) range.subarray(p, q).reverse()
    p = q
  }
}
