// Which rows of a long list of equal-height rows are on screen, and where, when the list is taller
// than a browser lays out. Hand-written rather than @tanstack/vue-virtual (which the packet list and
// the sequence diagram used before): browsers lay an element out only up to a few ten million pixels
// (Chromium 33 554 431, Firefox 17 895 697), so a packet list of 22-pixel rows stopped at frame
// ≈ 1 525 000 of a 2 500 000-frame capture however far it was scrolled, and the sequence diagram's
// 26-pixel rows at ≈ 1 290 000; TanStack Virtual leaves that limit to the application
// (TanStack/virtual#616). With rows of one height the window is plain arithmetic: the content
// (count × row height) is laid out on at most MAX_LAYOUT_PX, the scrollbar's thumb stays
// proportional (its position × `scrollRatio` is the content's), and what scrolls by small amounts
// (the wheel, Page Up/Down, a row to reveal) moves the content by exactly that amount.
// Units are CSS pixels; an "offset" is the content's pixel at the viewport's top.

/** The tallest a list's spacer is laid out: far under every browser's limit, where scroll positions
 * are still exact, so one mapping serves every long list (past ≈ 45 000 rows of 22 px). */
export const MAX_LAYOUT_PX = 1_000_000

export interface RowGeometry {
  /** Rows in the list. */
  count: number
  /** Every row's height. */
  rowHeight: number
  /** The scroller's visible height. */
  viewport: number
}

export type RowAlign = 'start' | 'center' | 'auto'

/** The spacer's laid-out height. */
export function layoutHeight(g: RowGeometry): number {
  return Math.min(g.count * g.rowHeight, MAX_LAYOUT_PX)
}

/** The largest content offset: the last row at the viewport's bottom. */
export function maxOffset(g: RowGeometry): number {
  return Math.max(0, g.count * g.rowHeight - g.viewport)
}

/** Content pixels per pixel of the scroller's own scroll position: 1 until the content is taller
 * than its layout. */
export function scrollRatio(g: RowGeometry): number {
  const layoutRange = Math.max(0, layoutHeight(g) - g.viewport)
  const contentRange = maxOffset(g)
  return layoutRange > 0 && contentRange > layoutRange ? contentRange / layoutRange : 1
}

export function clampOffset(g: RowGeometry, offset: number): number {
  return Math.min(maxOffset(g), Math.max(0, Number.isFinite(offset) ? offset : 0))
}

/** The content offset a scroll position shows (the thumb dragged, the browser's own scrolling). */
export function offsetOfScrollTop(g: RowGeometry, scrollTop: number): number {
  return clampOffset(g, scrollTop * scrollRatio(g))
}

/** The scroll position that shows a content offset. */
export function scrollTopOfOffset(g: RowGeometry, offset: number): number {
  return clampOffset(g, offset) / scrollRatio(g)
}

/** The rows on screen at `offset`, `overscan` more on each side; null for an empty list. */
export function visibleRange(g: RowGeometry, offset: number, overscan: number): { first: number; last: number } | null {
  if (g.count <= 0 || g.rowHeight <= 0) return null
  const top = clampOffset(g, offset)
  const first = Math.max(0, Math.floor(top / g.rowHeight) - overscan)
  const last = Math.min(g.count - 1, Math.ceil((top + Math.max(g.viewport, g.rowHeight)) / g.rowHeight) - 1 + overscan)
  return { first, last }
}

/** Where a row is drawn inside the spacer: its content position moved with the scroll, so the rows
 * on screen sit in the viewport whatever the layout's scale. */
export function rowStart(index: number, g: RowGeometry, offset: number, scrollTop: number): number {
  return scrollTop + index * g.rowHeight - offset
}

/** The offset that shows row `index`: at the top, in the middle, or (auto) the least move that
 * shows it whole (none when it already is). */
export function offsetForIndex(g: RowGeometry, offset: number, index: number, align: RowAlign): number {
  const top = Math.min(Math.max(0, index), Math.max(0, g.count - 1)) * g.rowHeight
  if (align === 'start') return clampOffset(g, top)
  if (align === 'center') return clampOffset(g, top - g.viewport / 2 + g.rowHeight / 2)
  // A row taller than the viewport is shown from its top.
  if (top < offset || g.rowHeight > g.viewport) return clampOffset(g, top)
  if (top + g.rowHeight > offset + g.viewport) return clampOffset(g, top + g.rowHeight - g.viewport)
  return clampOffset(g, offset)
}

/** How far a wheel event scrolls the content (WheelEvent.deltaMode: pixels, lines or pages). */
export function wheelPixels(deltaY: number, deltaMode: number, g: RowGeometry): number {
  if (deltaMode === 1) return deltaY * g.rowHeight
  if (deltaMode === 2) return deltaY * g.viewport
  return deltaY
}

/** What Page Up/Down, Home and End do to the offset; null for any other key. */
export function keyOffset(key: string, g: RowGeometry, offset: number): number | null {
  // A page less one row, so the row at the edge stays in sight (as the browser's own paging does).
  const page = Math.max(g.rowHeight, g.viewport - g.rowHeight)
  if (key === 'PageDown') return clampOffset(g, offset + page)
  if (key === 'PageUp') return clampOffset(g, offset - page)
  if (key === 'Home') return 0
  if (key === 'End') return maxOffset(g)
  return null
}
