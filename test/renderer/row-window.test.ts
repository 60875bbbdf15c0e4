// The row window's arithmetic (src-renderer/lib/row-window.ts): every row of any list can be
// reached and is drawn inside the viewport, however many rows there are. The packet list of a
// 2 500 000-frame capture used to stop at frame ≈ 1 525 000 (Chromium lays an element out only up
// to 33 554 431 px); these properties say that cannot happen again.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  keyOffset,
  layoutHeight,
  MAX_LAYOUT_PX,
  maxOffset,
  offsetForIndex,
  offsetOfScrollTop,
  rowStart,
  scrollRatio,
  scrollTopOfOffset,
  visibleRange,
  wheelPixels,
  type RowGeometry,
} from '../../src-renderer/lib/row-window.ts'

/** Chromium's largest laid-out element height (LayoutUnit's range), and Firefox's. */
const CHROMIUM_LIMIT = 33_554_431
const FIREFOX_LIMIT = 17_895_697

const geometries = fc.record({
  count: fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 50_000_000 })),
  rowHeight: fc.constantFrom(22, 26, 1, 40),
  viewport: fc.integer({ min: 20, max: 2000 }),
})

describe('the row window', () => {
  it('never lays out taller than the browsers can, and is exact while the rows fit', () => {
    fc.assert(
      fc.property(geometries, (g) => {
        expect(layoutHeight(g)).toBeLessThanOrEqual(Math.min(CHROMIUM_LIMIT, FIREFOX_LIMIT))
        if (g.count * g.rowHeight <= MAX_LAYOUT_PX) {
          expect(layoutHeight(g)).toBe(g.count * g.rowHeight)
          expect(scrollRatio(g)).toBe(1)
        }
      }),
    )
  })

  it('shows the last row at the bottom of the scroll range (the 2 500 000-frame capture, 22 px rows)', () => {
    const g: RowGeometry = { count: 2_500_000, rowHeight: 22, viewport: 440 }
    const bottom = layoutHeight(g) - g.viewport
    const offset = offsetOfScrollTop(g, bottom)
    expect(offset).toBe(maxOffset(g))
    const range = visibleRange(g, offset, 0)!
    expect(range.last).toBe(2_499_999)
    // Drawn inside the viewport: between the scroll position and its bottom edge.
    const start = rowStart(2_499_999, g, offset, bottom)
    expect(start).toBeGreaterThanOrEqual(bottom)
    expect(start + g.rowHeight).toBeLessThanOrEqual(bottom + g.viewport + 1e-6)
    expect(start + g.rowHeight).toBeLessThanOrEqual(layoutHeight(g) + 1e-6)
  })

  it('reaches every row: each one asked for is on screen, inside the viewport and the spacer', () => {
    fc.assert(
      fc.property(geometries, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('start', 'center', 'auto'), (g, where, align) => {
        fc.pre(g.count > 0)
        const index = Math.min(g.count - 1, Math.floor(where * g.count))
        const offset = offsetForIndex(g, 0, index, align)
        const scrollTop = scrollTopOfOffset(g, offset)
        // The scroll position the browser is given lies in its range, and maps back to the offset.
        expect(scrollTop).toBeGreaterThanOrEqual(0)
        expect(scrollTop).toBeLessThanOrEqual(Math.max(0, layoutHeight(g) - g.viewport) + 1e-6)
        expect(offsetOfScrollTop(g, scrollTop)).toBeCloseTo(offset, 3)
        const range = visibleRange(g, offset, 0)!
        expect(range.first).toBeLessThanOrEqual(index)
        expect(range.last).toBeGreaterThanOrEqual(index)
        const start = rowStart(index, g, offset, scrollTop)
        if (g.rowHeight <= g.viewport) {
          // Whole, inside the viewport.
          expect(start).toBeGreaterThanOrEqual(scrollTop - 1e-3)
          expect(start + g.rowHeight).toBeLessThanOrEqual(scrollTop + g.viewport + 1e-3)
        } else {
          // A row taller than the viewport fills it.
          expect(start).toBeLessThanOrEqual(scrollTop + 1e-3)
          expect(start + g.rowHeight).toBeGreaterThanOrEqual(scrollTop + g.viewport - 1e-3)
        }
      }),
    )
  })

  it('draws neighbouring rows one row height apart, with no gap or overlap, at any scale', () => {
    fc.assert(
      fc.property(geometries, fc.double({ min: 0, max: 1, noNaN: true }), (g, where) => {
        fc.pre(g.count > 1)
        const scrollTop = where * Math.max(0, layoutHeight(g) - g.viewport)
        const offset = offsetOfScrollTop(g, scrollTop)
        const range = visibleRange(g, offset, 2)!
        for (let i = range.first; i < range.last; i++) expect(rowStart(i + 1, g, offset, scrollTop) - rowStart(i, g, offset, scrollTop)).toBeCloseTo(g.rowHeight, 6)
      }),
    )
  })

  it('scrolls the wheel and the page keys by their own amounts, not the mapping’s scale', () => {
    const g: RowGeometry = { count: 5_000_000, rowHeight: 22, viewport: 440 }
    expect(scrollRatio(g)).toBeGreaterThan(100)
    expect(wheelPixels(100, 0, g)).toBe(100)
    expect(wheelPixels(3, 1, g)).toBe(66)
    expect(wheelPixels(1, 2, g)).toBe(440)
    expect(keyOffset('PageDown', g, 1000)).toBe(1000 + 440 - 22)
    expect(keyOffset('PageUp', g, 100)).toBe(0)
    expect(keyOffset('End', g, 0)).toBe(maxOffset(g))
    expect(keyOffset('Home', g, 12345)).toBe(0)
    expect(keyOffset('a', g, 0)).toBeNull()
  })

  it('moves as little as it must for "auto", and not at all for a row already in sight', () => {
    const g: RowGeometry = { count: 1000, rowHeight: 22, viewport: 440 }
    expect(offsetForIndex(g, 220, 12, 'auto')).toBe(220)
    expect(offsetForIndex(g, 220, 5, 'auto')).toBe(110)
    expect(offsetForIndex(g, 220, 40, 'auto')).toBe(41 * 22 - 440)
  })
})
