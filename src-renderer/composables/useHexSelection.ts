// Links a packet's field tree and its hex view: selecting a field highlights its bytes, clicking a
// byte selects the deepest field that covers it. Escape clears the selection. A new packet clears it.
import { onMounted, onUnmounted, readonly, ref, watch, type Ref } from 'vue'
import type { DecodedLayer } from '../../src-main/shared/walkthrough.ts'
import { ancestorPaths, fieldAtOffset, type ByteRange, type FieldPath } from '../lib/field-tree.ts'

export interface UseHexSelectionOptions {
  layers: Ref<readonly DecodedLayer[]>
}

export function useHexSelection(options: UseHexSelectionOptions) {
  const selectedPath = ref<FieldPath | null>(null)
  const selectedRange = ref<ByteRange | null>(null)
  const hoveredRange = ref<ByteRange | null>(null)
  /** Tree nodes opened to show the selection (the tree also opens nodes itself). */
  const revealed = ref<ReadonlySet<FieldPath>>(new Set())

  function selectField(path: FieldPath, range: ByteRange): void {
    selectedPath.value = path
    selectedRange.value = range.length > 0 ? { ...range } : null
  }

  function selectByte(offset: number): void {
    const hit = fieldAtOffset(options.layers.value, offset)
    if (!hit) return clear()
    selectedPath.value = hit.path
    selectedRange.value = hit.range
    revealed.value = new Set(ancestorPaths(hit.path).slice(0, -1))
  }

  function hover(range: ByteRange | null): void {
    hoveredRange.value = range && range.length > 0 ? { ...range } : null
  }

  function clear(): void {
    selectedPath.value = null
    selectedRange.value = null
  }

  function onKey(event: KeyboardEvent): void {
    if (event.key === 'Escape') clear()
  }

  watch(options.layers, () => {
    clear()
    hoveredRange.value = null
    revealed.value = new Set()
  })

  onMounted(() => window.addEventListener('keydown', onKey))
  onUnmounted(() => window.removeEventListener('keydown', onKey))

  return {
    selectedPath: readonly(selectedPath),
    selectedRange: readonly(selectedRange),
    hoveredRange: readonly(hoveredRange),
    revealed: readonly(revealed),
    selectField,
    selectByte,
    hover,
    clear,
  }
}

export type HexSelection = ReturnType<typeof useHexSelection>
