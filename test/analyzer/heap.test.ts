// The full collection as the pass ends (analyzer/heap.ts): only when the pass left enough to free,
// and then the garbage is gone before the build allocates.
import { describe, expect, it } from 'vitest'
import { COLLECT_AFTER_GROWTH, collectGarbageSince, heapUsed } from '../../src-main/analyzer/heap.ts'

describe('the garbage a pass leaves', () => {
  it('is left to V8 when the pass grew the heap by less than the bound', () => {
    expect(collectGarbageSince(heapUsed())).toBe(false)
  })

  it('is collected once the pass grew the heap past the bound, before anything else is allocated', () => {
    const before = heapUsed()
    // ≈ 85 MB of small arrays that live long enough to be promoted, as a pass's messages and
    // connections do, and are dropped when it ends.
    let kept: number[][] | null = []
    for (let i = 0; i < 100_000; i++) kept.push(new Array<number>(100).fill(i & 0xff))
    expect(kept.length).toBe(100_000)
    expect(heapUsed() - before).toBeGreaterThanOrEqual(COLLECT_AFTER_GROWTH)
    kept = null
    expect(collectGarbageSince(before)).toBe(true)
    expect(heapUsed() - before).toBeLessThan(COLLECT_AFTER_GROWTH / 4)
  })
})
