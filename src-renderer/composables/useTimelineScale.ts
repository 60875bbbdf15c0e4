// Zoom and pan for the timeline: pixels per second, fitted to the viewport's width at first; zoom
// keeps the time under the pointer (or the viewport's centre) in place; pan is the viewport's own
// horizontal scroll, plus dragging the background.
import { computed, onMounted, onUnmounted, readonly, ref, watch, type Ref } from 'vue'

export interface UseTimelineScaleOptions {
  viewport: Ref<HTMLElement | null>
  /** Seconds covered, from `origin` (the model's end − start). */
  duration: Ref<number>
  /** Seconds since frame 1 at the left edge (the model's start). */
  origin?: Ref<number>
  /** Left and right padding inside the content, in pixels. */
  padding?: number
  /** Right padding, when it should differ (room for the last bar's label). */
  endPadding?: number
  /** Width used before the viewport can be measured (tests, first paint). */
  fallbackWidth?: number
  /** Pixels of the viewport taken by something that does not scroll with time (the lane titles). */
  reservedWidth?: number
}

const ZOOM_FACTOR = 1.5
const MAX_PIXELS_PER_SECOND = 5e7 // 50 px per microsecond is as deep as a capture's timestamps go

export function useTimelineScale(options: UseTimelineScaleOptions) {
  const padding = options.padding ?? 16
  const endPadding = options.endPadding ?? padding
  const reserved = options.reservedWidth ?? 0
  /** The part of the viewport that shows time (without the reserved columns). */
  const viewportWidth = ref(options.fallbackWidth ?? 800)
  const pixelsPerSecond = ref(1)
  const fitted = ref(true)
  let observer: ResizeObserver | null = null

  const fitScale = computed(() => (viewportWidth.value - padding - endPadding) / Math.max(options.duration.value, 1e-6))
  const contentWidth = computed(() => Math.max(viewportWidth.value, options.duration.value * pixelsPerSecond.value + padding + endPadding))

  const origin = (): number => options.origin?.value ?? 0

  function x(seconds: number): number {
    return padding + (seconds - origin()) * pixelsPerSecond.value
  }

  function fit(): void {
    fitted.value = true
    pixelsPerSecond.value = fitScale.value
    if (options.viewport.value) options.viewport.value.scrollLeft = 0
  }

  /** Zooms by `factor`, keeping the time at `anchorPx` (viewport-relative) where it is. */
  function zoom(factor: number, anchorPx = viewportWidth.value / 2): void {
    const viewport = options.viewport.value
    const scroll = viewport?.scrollLeft ?? 0
    const anchorTime = (scroll + anchorPx - padding) / pixelsPerSecond.value // seconds from origin
    const next = Math.min(MAX_PIXELS_PER_SECOND, Math.max(fitScale.value, pixelsPerSecond.value * factor))
    pixelsPerSecond.value = next
    fitted.value = next === fitScale.value
    if (viewport) viewport.scrollLeft = Math.max(0, padding + anchorTime * next - anchorPx)
  }

  const zoomIn = (): void => zoom(ZOOM_FACTOR)
  const zoomOut = (): void => zoom(1 / ZOOM_FACTOR)

  function onWheel(event: WheelEvent): void {
    if (!event.ctrlKey && !event.metaKey) return // plain wheel scrolls; ctrl/⌘ + wheel zooms
    event.preventDefault()
    const rect = options.viewport.value?.getBoundingClientRect()
    zoom(event.deltaY < 0 ? ZOOM_FACTOR : 1 / ZOOM_FACTOR, rect ? event.clientX - rect.left - reserved : undefined)
  }

  /** Scrolls so that `seconds` is in view (the player's cursor), centring it when it was not. */
  function reveal(seconds: number): void {
    const viewport = options.viewport.value
    if (!viewport) return
    const at = x(seconds)
    if (at < viewport.scrollLeft + padding || at > viewport.scrollLeft + viewportWidth.value - padding) {
      viewport.scrollLeft = Math.max(0, at - viewportWidth.value / 2)
    }
  }

  // Drag the background to pan.
  let dragFrom: { x: number; scroll: number } | null = null
  function onPointerDown(event: PointerEvent): void {
    const viewport = options.viewport.value
    if (!viewport || event.button !== 0 || (event.target as HTMLElement).closest('button')) return
    dragFrom = { x: event.clientX, scroll: viewport.scrollLeft }
  }
  function onPointerMove(event: PointerEvent): void {
    const viewport = options.viewport.value
    if (dragFrom && viewport) viewport.scrollLeft = dragFrom.scroll - (event.clientX - dragFrom.x)
  }
  function onPointerUp(): void {
    dragFrom = null
  }

  watch([fitScale, fitted], () => {
    if (fitted.value) pixelsPerSecond.value = fitScale.value
  }, { immediate: true })

  onMounted(() => {
    const viewport = options.viewport.value
    if (!viewport) return
    const measure = (): void => {
      if (viewport.clientWidth > reserved) viewportWidth.value = viewport.clientWidth - reserved
    }
    // The observer's first call comes once the page is laid out; reading clientWidth here, as
    // the pane mounts, would force a layout of the whole window inside the mounting task.
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(measure)
      observer.observe(viewport)
    } else measure()
    viewport.addEventListener('wheel', onWheel, { passive: false })
    viewport.addEventListener('pointerdown', onPointerDown)
    window.addEventListener('pointermove', onPointerMove)
    window.addEventListener('pointerup', onPointerUp)
  })
  onUnmounted(() => {
    observer?.disconnect()
    const viewport = options.viewport.value
    viewport?.removeEventListener('wheel', onWheel)
    viewport?.removeEventListener('pointerdown', onPointerDown)
    window.removeEventListener('pointermove', onPointerMove)
    window.removeEventListener('pointerup', onPointerUp)
  })

  return {
    pixelsPerSecond: readonly(pixelsPerSecond),
    contentWidth,
    viewportWidth: readonly(viewportWidth),
    x,
    fit,
    zoom,
    zoomIn,
    zoomOut,
    reveal,
  }
}

export type TimelineScale = ReturnType<typeof useTimelineScale>
