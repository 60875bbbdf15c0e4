// What is selected: frames (highlighted in the packet list, the sequence diagram and the timeline),
// the frame whose bytes are shown, what the detail panes are about (a connection, a DNS
// transaction, an HTTP exchange) and which detail tab is open. Set by the timeline, the player, the
// packet list and the sequence diagram; cleared when another capture opens.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ConceptId } from '../../src-main/shared/concepts.ts'
import type { Step } from '../../src-main/shared/walkthrough.ts'
import { useCaptureStore } from './capture.ts'

export type SelectionSource = 'timeline' | 'player' | 'list' | 'sequence' | 'help'
export type DetailTab = 'url' | 'http' | 'dns' | 'ip' | 'socket' | 'packet'

/** What the detail panes describe; each index points into the walkthrough's arrays. */
export interface SelectionContext {
  connection?: number
  dns?: number
  http?: number
  resolution?: number
  hop?: number
}

/** The detail tab that explains a concept best (the notes' STORY and section). */
export function tabForConcept(concept: ConceptId): DetailTab {
  if (concept.startsWith('url.')) return 'url'
  if (concept.startsWith('http.')) return 'http'
  if (concept.startsWith('dns.') || concept === 'ip.names-vs-addresses') return 'dns'
  if (concept === 'ip.address') return 'ip'
  if (concept.startsWith('socket.') || concept === 'tls.handshake') return 'socket'
  return 'packet'
}

export const useSelectionStore = defineStore('selection', () => {
  const capture = useCaptureStore()
  const frames = shallowRef<ReadonlySet<number>>(new Set())
  /** The frame shown in the packet pane (field tree + hex). */
  const focusFrame = ref<number | null>(null)
  const source = ref<SelectionSource | null>(null)
  const context = ref<SelectionContext>({})
  const tab = ref<DetailTab>('url')
  /** The display filter the packet list applies (Wireshark's syntax; '' shows every frame). */
  const displayFilter = ref('')
  /** Bumped on every selection so views can scroll the first selected frame into view. */
  const revision = ref(0)

  const firstFrame = computed<number | null>(() => {
    let first: number | null = null
    for (const frame of frames.value) if (first === null || frame < first) first = frame
    return first
  })

  function selectFrames(list: readonly number[], from: SelectionSource, about: SelectionContext = {}, detailTab?: DetailTab): void {
    frames.value = new Set(list)
    source.value = from
    context.value = { ...about }
    focusFrame.value = list.length > 0 ? Math.min(...list) : focusFrame.value
    if (detailTab) tab.value = detailTab
    revision.value++
  }

  /** The player's step: its frames, its references and the tab that explains its concept. */
  function selectStep(step: Step): void {
    selectFrames(step.frames, 'player', step.refs, tabForConcept(step.concept))
  }

  /** One packet clicked in the list or the sequence diagram. */
  function selectFrame(frame: number, from: SelectionSource): void {
    const summary = capture.frameSummary(frame)
    const about: SelectionContext = {}
    if (summary?.connection !== undefined) about.connection = summary.connection
    if (summary?.dns !== undefined) about.dns = summary.dns
    selectFrames([frame], from, about, 'packet')
  }

  function isSelected(frame: number): boolean {
    return frames.value.has(frame)
  }

  function setTab(value: DetailTab): void {
    tab.value = value
  }

  /** Applies a display filter to the packet list (the list makes the view in the analyzer). */
  function applyFilter(text: string): void {
    displayFilter.value = text.trim()
  }

  function clear(): void {
    frames.value = new Set()
    focusFrame.value = null
    source.value = null
    context.value = {}
    displayFilter.value = ''
    revision.value++
  }

  // Synchronous, so the selection is empty before the player selects the new capture's first step.
  watch(
    () => capture.opened?.captureId,
    () => clear(),
    { flush: 'sync' },
  )

  return {
    frames,
    focusFrame,
    source,
    context,
    tab,
    displayFilter,
    revision,
    firstFrame,
    selectFrames,
    selectStep,
    selectFrame,
    isSelected,
    setTab,
    applyFilter,
    clear,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSelectionStore, import.meta.hot))
