// The full collection as the pass ends (analyzer/heap.ts): only when the pass left enough to free,
// and then the garbage is gone, and the pages it took given back, before the build allocates.
import { getHeapSpaceStatistics } from 'node:v8'
import { describe, expect, it } from 'vitest'
import { COLLECT_AFTER_GROWTH, collectGarbageSince, heapUsed } from '../../src-main/analyzer/heap.ts'

describe('the garbage a pass leaves', () => {
  it('is left to V8 when the pass grew the heap by less than the bound', () => {
    expect(collectGarbageSince(heapUsed())).toBe(false)
  })

  it('is collected once the pass grew the heap past the bound, before anything else is allocated, and its pages given back', () => {
    const before = heapUsed()
    const committedBefore = oldGeneration()
    // ≈ 85 MB of small arrays that live long enough to be promoted, as a pass's messages and
    // connections do, and are dropped when it ends but for a few among them (what the pass keeps).
    let kept: number[][] | null = []
    for (let i = 0; i < 100_000; i++) kept.push(new Array<number>(100).fill(i & 0xff))
    expect(kept.length).toBe(100_000)
    expect(heapUsed() - before).toBeGreaterThanOrEqual(COLLECT_AFTER_GROWTH)
    const live = kept.filter((_, i) => i % 1000 === 0)
    kept = null
    expect(collectGarbageSince(before)).toBe(true)
    expect(heapUsed() - before).toBeLessThan(COLLECT_AFTER_GROWTH / 4)
    // The pages the garbage took in the old generation are no longer the heap's (the process's
    // memory falls with them).
    expect(oldGeneration() - committedBefore).toBeLessThan(COLLECT_AFTER_GROWTH / 4)
    expect(live).toHaveLength(100)
  })
})

/** The bytes committed to the old generation (the young one keeps the size it grew to). */
function oldGeneration(): number {
  return getHeapSpaceStatistics()
    .filter((space) => space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space')
    .reduce((sum, space) => sum + space.space_size, 0)
}
