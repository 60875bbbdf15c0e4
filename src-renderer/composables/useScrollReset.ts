// Another capture opened: a scrolling view goes back to its top-left corner, as the selection is
// cleared (useSelectionStore), so nothing of the last capture's place is kept for the new one.
import { watch, type Ref } from 'vue'
import { useCaptureStore } from '../stores/capture.ts'

export function useScrollReset(element: Ref<HTMLElement | null>, also?: () => void): void {
  const capture = useCaptureStore()
  watch(
    () => capture.opened?.captureId,
    (id, previous) => {
      if (id === previous) return
      element.value?.scrollTo?.({ top: 0, left: 0 })
      if (element.value) {
        element.value.scrollTop = 0
        element.value.scrollLeft = 0
      }
      also?.()
    },
    { flush: 'post' },
  )
}
