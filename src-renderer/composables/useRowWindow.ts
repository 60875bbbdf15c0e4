// The rows of a long list on screen, for a scroller holding a spacer of `layoutHeight` pixels with
// each row placed at `translateY(item.start)` inside it (lib/row-window.ts has the arithmetic and
// says why it is ours). While the content fits its layout this is ordinary scrolling; past that, the
// scroller's own scroll position is mapped onto the content, and the wheel and Page Up/Down/Home/End
// move the content by their own amounts instead of the browser's (which would move it by the
// mapping's scale: a wheel notch would skip rows).
import { computed, onMounted, onUnmounted, ref, watch, type Ref } from 'vue'
import {
  clampOffset,
  keyOffset,
  layoutHeight,
  offsetForIndex,
  offsetOfScrollTop,
  rowStart,
  scrollRatio,
  scrollTopOfOffset,
  visibleRange,
  wheelPixels,
  type RowAlign,
  type RowGeometry,
} from '../lib/row-window.ts'

export interface RowWindowItem {
  /** The row's index, also its key. */
  index: number
  key: number
  /** Where it is drawn inside the spacer (px). */
  start: number
}

export function useRowWindow(options: {
  count: Ref<number>
  rowHeight: number
  /** Rows kept beyond each edge of the viewport. */
  overscan: number
  scroller: Ref<HTMLElement | null>
  /** The viewport's height until the scroller has been laid out (and in a DOM without layout). */
  initialHeight: number
}) {
  const { count, rowHeight, overscan, scroller } = options
  const viewport = ref(options.initialHeight)
  /** The content's pixel at the viewport's top. */
  const offset = ref(0)
  /** The scroller's scroll position as last read or written. */
  const scrollTop = ref(0)
  /** The position this window last wrote: a scroll event reporting it is our own scroll. */
  let written: number | null = null
  const geometry = computed<RowGeometry>(() => ({ count: count.value, rowHeight, viewport: viewport.value }))

  const items = computed<RowWindowItem[]>(() => {
    const range = visibleRange(geometry.value, offset.value, overscan)
    if (range === null) return []
    const out: RowWindowItem[] = []
    for (let index = range.first; index <= range.last; index++) out.push({ index, key: index, start: rowStart(index, geometry.value, offset.value, scrollTop.value) })
    return out
  })

  function scrollToOffset(next: number): void {
    offset.value = clampOffset(geometry.value, next)
    const top = scrollTopOfOffset(geometry.value, offset.value)
    const element = scroller.value
    if (element) {
      element.scrollTop = top
      // The browser may round the position it keeps; what it reports back is ours.
      written = element.scrollTop
    }
    scrollTop.value = element ? element.scrollTop : top
  }

  function scrollToIndex(index: number, { align = 'auto' }: { align?: RowAlign } = {}): void {
    scrollToOffset(offsetForIndex(geometry.value, offset.value, index, align))
  }

  function onScroll(): void {
    const element = scroller.value
    if (!element) return
    const top = element.scrollTop
    scrollTop.value = top
    if (written !== null && Math.abs(top - written) < 1) return
    written = null
    offset.value = offsetOfScrollTop(geometry.value, top)
  }

  function mapped(): boolean {
    return scrollRatio(geometry.value) > 1
  }

  function onWheel(event: WheelEvent): void {
    // Ctrl+wheel zooms; a sideways wheel scrolls sideways: both stay the browser's.
    if (!mapped() || event.ctrlKey || event.deltaY === 0) return
    event.preventDefault()
    scrollToOffset(offset.value + wheelPixels(event.deltaY, event.deltaMode, geometry.value))
  }

  function onKeydown(event: KeyboardEvent): void {
    if (!mapped() || event.target !== scroller.value || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return
    const next = keyOffset(event.key, geometry.value, offset.value)
    if (next === null) return
    event.preventDefault()
    scrollToOffset(next)
  }

  let observer: ResizeObserver | null = null
  let attached: HTMLElement | null = null
  function measure(): void {
    const height = scroller.value?.clientHeight ?? 0
    if (height > 0) viewport.value = height
  }
  onMounted(() => {
    const element = scroller.value
    if (!element) return
    attached = element
    measure()
    element.addEventListener('scroll', onScroll, { passive: true })
    element.addEventListener('wheel', onWheel, { passive: false })
    element.addEventListener('keydown', onKeydown)
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(measure)
      observer.observe(element)
    }
  })
  onUnmounted(() => {
    observer?.disconnect()
    attached?.removeEventListener('scroll', onScroll)
    attached?.removeEventListener('wheel', onWheel)
    attached?.removeEventListener('keydown', onKeydown)
  })
  // A filter or a growing preview changes the count (and a resize the viewport): the content's
  // place is kept where it still exists, and the scroll position re-derived from it once the spacer
  // has its new height.
  watch(geometry, () => scrollToOffset(offset.value), { flush: 'post' })

  return { items, layoutHeight: computed(() => layoutHeight(geometry.value)), scrollToIndex, scrollToOffset }
}
