// ← and → step, space plays/pauses, anywhere in the window except while typing in a field or
// when a dialog is open (the dialog owns the keyboard then).
import { onMounted, onUnmounted } from 'vue'
import { usePlayerStore } from '../stores/player.ts'

export interface UsePlayerKeyboardOptions {
  target?: Window | HTMLElement
  /** Returns true while something else (a dialog, a menu) should get the keys. */
  suspended?: () => boolean
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function usePlayerKeyboard(options: UsePlayerKeyboardOptions = {}) {
  const player = usePlayerStore()
  const target = options.target ?? window

  function onKey(event: Event): void {
    const key = event as KeyboardEvent
    if (key.altKey || key.ctrlKey || key.metaKey || isTyping(key.target) || options.suspended?.()) return
    if (key.key === 'ArrowRight') player.next()
    else if (key.key === 'ArrowLeft') player.prev()
    else if (key.key === ' ' || key.key === 'Spacebar') {
      // Space on a focused button would also click it: the player handles it once, here.
      player.toggle()
    } else return
    key.preventDefault()
  }

  onMounted(() => target.addEventListener('keydown', onKey))
  onUnmounted(() => target.removeEventListener('keydown', onKey))
}
