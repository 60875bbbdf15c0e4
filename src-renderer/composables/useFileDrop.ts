// Drag and drop of a capture file (and its journal, if dropped with it) onto the window.
import { onMounted, onUnmounted, readonly, ref } from 'vue'

export interface UseFileDropOptions {
  onFiles: (files: File[]) => void
  target?: Window | HTMLElement
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files')
}

export function useFileDrop(options: UseFileDropOptions) {
  const target = options.target ?? window
  const dragging = ref(false)
  let depth = 0 // dragenter/dragleave fire for every child element crossed

  const onEnter = (event: Event): void => {
    if (!carriesFiles(event as DragEvent)) return
    depth++
    dragging.value = true
  }
  const onLeave = (event: Event): void => {
    if (!carriesFiles(event as DragEvent)) return
    depth = Math.max(0, depth - 1)
    if (depth === 0) dragging.value = false
  }
  const onOver = (event: Event): void => {
    if (carriesFiles(event as DragEvent)) event.preventDefault() // allows the drop
  }
  const onDrop = (event: Event): void => {
    const drag = event as DragEvent
    if (!carriesFiles(drag)) return
    drag.preventDefault() // never let the browser navigate to the dropped file
    depth = 0
    dragging.value = false
    const files = Array.from(drag.dataTransfer?.files ?? [])
    if (files.length > 0) options.onFiles(files)
  }

  const events: [string, (event: Event) => void][] = [
    ['dragenter', onEnter],
    ['dragleave', onLeave],
    ['dragover', onOver],
    ['drop', onDrop],
  ]
  onMounted(() => events.forEach(([name, handler]) => target.addEventListener(name, handler)))
  onUnmounted(() => events.forEach(([name, handler]) => target.removeEventListener(name, handler)))

  return { dragging: readonly(dragging) }
}
