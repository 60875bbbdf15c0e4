// Panes of the workspace mount one per task, not all in one: mounting the timeline, the sequence
// diagram, the outline and the packet list of a large capture together (≈1 500 elements, their
// models and the layout they need) held the renderer's main thread for 180 ms of CPU in one task,
// so a key press or a click waited that long. Each pane that asks here waits for its turn, and a
// turn is given per macrotask (MessageChannel: no 4 ms clamp as with nested setTimeout), so the
// browser may handle input and paint between two panes. Turns go in the order asked (the template's
// order), which is the order the panes are read: packet list and player first.
import { onUnmounted, ref, type Ref } from 'vue'

const waiting: Ref<boolean>[] = []
let scheduled = false
let channel: MessageChannel | null = null

function grantNext(): void {
  scheduled = false
  const next = waiting.shift()
  if (next !== undefined) next.value = true
  if (waiting.length > 0) schedule()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  if (typeof MessageChannel === 'undefined') {
    setTimeout(grantNext, 0)
    return
  }
  if (channel === null) {
    channel = new MessageChannel()
    channel.port1.onmessage = grantNext
  }
  channel.port2.postMessage(null)
}

/** True once this component's turn to mount its content has come (false until then). */
export function useMountTurn(): Readonly<Ref<boolean>> {
  const ready = ref(false)
  waiting.push(ready)
  schedule()
  onUnmounted(() => {
    const at = waiting.indexOf(ready)
    if (at !== -1) waiting.splice(at, 1)
  })
  return ready
}
