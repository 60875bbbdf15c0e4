// The garbage the streaming pass leaves, collected before the walkthrough is built, and the build's,
// collected before the lesson's first answers are prepared.
//
// Measured on 1 M packets (503 MB; --trace-gc and the heap at each phase, in the bundled worker):
// the pass allocates young objects per packet and per message, and the ones that live across two
// scavenges (a message waiting for its answer, a connection's live state until the pass ends) are
// promoted and die in the old generation. V8 lets the old generation grow to about three or four
// times what its last full collection kept before it collects again, so the pass ends with ≈ 190 MB
// of heap of which ≈ 17 MB is live: every entity is in typed-array columns by then, and flush()
// has just released the connections' live state. Left alone, the build allocates on top of that,
// the next full collection comes only during the build, and the pages V8 committed for the garbage
// stay in the process: that was the analysis's peak. One full collection at this moment costs
// ≈ 20–40 ms on that heap and takes the peak down by ≈ 150 MB (docs/walkthrough-schema.md,
// Performance); a second one right after gives back the pages the first emptied (below). The
// build's own garbage is collected the same way when it grew the heap enough; since its resolution
// chains are built straight into their store's columns (resolution-store.ts, session 14) the 1 M
// build grows it by ≈ 8 MB, not ≈ 60, and no collection follows it.
//
// V8 runs a full collection on request only through its `gc` function, which it gives a context
// made after `--expose-gc` is set (the way test runners measure heaps, e.g. Jest's leak detector).
// The flag adds that function to new contexts only; nothing else changes for the process.
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/** A pass (or a build) that grew the heap by less than this leaves too little garbage to be worth a
 * full collection (a page load's capture grows it by a few MB). When the build of 1 M packets grew it
 * by ≈ 55 MB (its chains as objects), under 64 MB, the bound this was, the lesson's first answers were
 * made on top of its garbage and were the run's peak again; it now grows it by ≈ 8 MB. */
export const COLLECT_AFTER_GROWTH = 32 * 1024 * 1024

let collector: (() => void) | null | undefined

function fullCollection(): (() => void) | null {
  if (collector !== undefined) return collector
  const exposed = (globalThis as { gc?: () => void }).gc
  if (typeof exposed === 'function') return (collector = exposed)
  try {
    setFlagsFromString('--expose-gc')
    const gc: unknown = runInNewContext('gc')
    collector = typeof gc === 'function' ? (gc as () => void) : null
  } catch {
    // No way to ask: V8 collects when it decides to, as before.
    collector = null
  }
  return collector
}

/** The heap's used bytes now (V8's figure: live objects and garbage not yet collected). */
export function heapUsed(): number {
  return getHeapStatistics().used_heap_size
}

/** Once the pass (or the build) has ended: a full collection when it grew the heap by
 * COLLECT_AFTER_GROWTH or more since `usedBefore` (heapUsed() when it started). Returns whether it
 * collected. */
export function collectGarbageSince(usedBefore: number): boolean {
  if (heapUsed() - usedBefore < COLLECT_AFTER_GROWTH) return false
  const gc = fullCollection()
  if (!gc) return false
  // Twice: the first collection frees the garbage, but the pages it emptied stay committed to the
  // heap (they are swept after it) until a later collection releases them; the second, over what is
  // left alive (a few MB here), gives them back at once. Measured in the bundled analyzer on 1 M
  // packets: after the build, one collection left 101 MB committed for 15 MB live, two left 49 MB, and
  // the process's memory then fell by ≈ 55 MB; the second took 6–9 ms.
  gc()
  gc()
  return true
}
