// The window's keys for the lesson. Arrow keys belong to the focused widget: the field tree and the
// outline (→ opens, ← closes), the detail tabs (← →), the packet list (↑ ↓ move its selection), a
// splitter (moves it), the lab page list; each of those handles its keys and marks them handled
// (preventDefault). The player takes ← and → only when nothing else did and no field is being
// typed in, and space only outside such widgets (there space activates the focused row). F5 turns
// the presenter view on and off (in the browser shell: under Electron the native menu's F5
// accelerator sends the same command) and Escape leaves it. A dialog owns the keyboard.
import { onMounted, onUnmounted } from 'vue'
import { useLayoutStore } from '../stores/layout.ts'
import { usePlayerStore } from '../stores/player.ts'

export interface UsePlayerKeyboardOptions {
  target?: Window | HTMLElement
  /** Returns true while something else (a dialog, a menu) should get the keys. */
  suspended?: () => boolean
  /** Whether F5 is the page's to handle (not when a native menu has it as an accelerator). */
  handlesF5?: () => boolean
}

/** Widgets whose rows space activates (and whose arrows they handle themselves). */
const ROW_WIDGETS = '[role="tree"], [role="listbox"], [role="menu"], [role="menubar"], [role="tablist"]'

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

function inRowWidget(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(ROW_WIDGETS) !== null
}

export function usePlayerKeyboard(options: UsePlayerKeyboardOptions = {}) {
  const player = usePlayerStore()
  const layout = useLayoutStore()
  const target = options.target ?? window

  function onKey(event: Event): void {
    const key = event as KeyboardEvent
    if (key.altKey || key.ctrlKey || key.metaKey || options.suspended?.()) return
    if (key.key === 'F5' && (options.handlesF5?.() ?? true)) {
      layout.setPresenter(!layout.presenter)
      key.preventDefault() // in a browser F5 would reload the page
      return
    }
    if (key.key === 'Escape' && layout.presenter && !key.defaultPrevented) {
      layout.setPresenter(false)
      key.preventDefault()
      return
    }
    if (key.defaultPrevented || isTyping(key.target)) return
    if (key.key === 'ArrowRight') player.next()
    else if (key.key === 'ArrowLeft') player.prev()
    else if ((key.key === ' ' || key.key === 'Spacebar') && !inRowWidget(key.target)) {
      // Space on a focused button would also click it: the player handles it once, here.
      player.toggle()
    } else return
    key.preventDefault()
  }

  onMounted(() => target.addEventListener('keydown', onKey))
  onUnmounted(() => target.removeEventListener('keydown', onKey))
}
