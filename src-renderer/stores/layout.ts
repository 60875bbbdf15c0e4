// How the window is laid out: the splitters' positions (remembered across runs), whether the step
// outline is shown, and the presenter view. Sizes are percentages of the split they belong to, as
// splitpanes gives and takes them; only a user's drag or arrow key changes them (splitpanes also
// reports a resize when a pane is added or removed, which is not a choice to remember).
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'

const STORAGE_KEY = 'wiretrail.layout'

/** The splits: timeline above the rest; outline | packets | lesson; diagram above the packet
 * list; explanation above the detail tabs. */
export interface PaneSizes {
  rows: [number, number]
  columns: [number, number, number]
  left: [number, number]
  right: [number, number]
}
export type SplitName = keyof PaneSizes

export const DEFAULT_SIZES: PaneSizes = {
  rows: [28, 72],
  columns: [19, 43, 38],
  left: [46, 54],
  right: [40, 60],
}

interface Persisted {
  sizes: PaneSizes
  outlineOpen: boolean
}

function isSizes(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 100)
}

function load(): Partial<Persisted> {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (!raw) return {}
    const parsed = JSON.parse(raw) as { sizes?: Partial<Record<SplitName, unknown>>; outlineOpen?: unknown }
    const sizes: PaneSizes = structuredClone(DEFAULT_SIZES)
    for (const name of Object.keys(DEFAULT_SIZES) as SplitName[]) {
      const stored = parsed.sizes?.[name]
      if (isSizes(stored, DEFAULT_SIZES[name].length)) (sizes[name] as number[]) = [...stored]
    }
    return { sizes, ...(typeof parsed.outlineOpen === 'boolean' ? { outlineOpen: parsed.outlineOpen } : {}) }
  } catch {
    return {} // an unreadable layout is not worth an error: start from the defaults
  }
}

export const useLayoutStore = defineStore('layout', () => {
  const saved = load()
  const sizes = ref<PaneSizes>(saved.sizes ?? structuredClone(DEFAULT_SIZES))
  const outlineOpen = ref(saved.outlineOpen ?? true)
  /** F5 / View → Presenter View: the timeline, the step's explanation and its bytes, in large type. */
  const presenter = ref(false)

  /** The columns as shown: without the outline, its share goes to the other two in proportion. */
  const columns = computed<number[]>(() => {
    const [outline, left, right] = sizes.value.columns
    if (outlineOpen.value) return [outline, left, right]
    const rest = left + right || 1
    return [(left / rest) * 100, (right / rest) * 100]
  })

  /** Remembers a split the user moved (splitpanes' `resized` payload). */
  function resized(split: SplitName, payload: { panes: { size: number }[]; event?: unknown }): void {
    if (payload.event === undefined) return
    const values = payload.panes.map((pane) => pane.size)
    if (split === 'columns' && !outlineOpen.value && values.length === 2) {
      // The outline keeps its share for when it is shown again.
      const outline = sizes.value.columns[0]
      const rest = 100 - outline
      sizes.value = { ...sizes.value, columns: [outline, (values[0]! / 100) * rest, (values[1]! / 100) * rest] }
      return
    }
    if (values.length !== sizes.value[split].length) return
    sizes.value = { ...sizes.value, [split]: values }
  }

  function reset(): void {
    sizes.value = structuredClone(DEFAULT_SIZES)
  }
  function setOutline(open: boolean): void {
    outlineOpen.value = open
  }
  function setPresenter(on: boolean): void {
    presenter.value = on
  }

  watch(
    [sizes, outlineOpen],
    () => {
      try {
        const value: Persisted = { sizes: sizes.value, outlineOpen: outlineOpen.value }
        globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(value))
      } catch {
        // storage full or disabled: the layout still applies for this run
      }
    },
    { flush: 'sync' }, // written at once: a window closed right after a drag keeps it
  )

  return { sizes, outlineOpen, presenter, columns, resized, reset, setOutline, setPresenter }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLayoutStore, import.meta.hot))
