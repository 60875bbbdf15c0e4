// What a Wireshark user reaches for beside the packet list: Go to packet (Ctrl+G) and Find (Ctrl+F)
// bars above it, Follow TCP stream and the Statistics dialogs. Each asks the analyzer's worker (the
// capture's engine) through the API; nothing here walks the frames itself.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { markRaw, ref } from 'vue'
import type { ApiError } from '../../src-main/shared/api.ts'
import type { Conversation, ConversationKind, FollowedStream, ProtocolNode } from '../../src-main/shared/walkthrough.ts'
import { useApi } from '../api/index.ts'
import { toApiError } from '../lib/api-error.ts'
import { useCaptureStore } from './capture.ts'
import { useSelectionStore } from './selection.ts'

export type SearchBar = 'goto' | 'find'
export type FindKind = 'filter' | 'hex' | 'string'
export type StatisticsTab = 'conversations' | 'hierarchy'

/** Wireshark's escapes for a string inside "…" in a display filter. */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`
}

/** The filter Find runs: a display filter as typed; a hex value as bytes (`aa:bb:cc`, spaces, colons
 * or none between the pairs); a string as `frame contains "…"` (case-sensitive) or a matches of the
 * same text with every regex character escaped (case-insensitive, as RE2 matches here). Null with a
 * reason when the text cannot be one. */
export function findFilter(kind: FindKind, text: string, caseSensitive: boolean): { filter: string } | { problem: 'empty' | 'hex' } {
  if (text.trim() === '') return { problem: 'empty' }
  switch (kind) {
    case 'filter':
      return { filter: text }
    case 'hex': {
      const digits = text.replace(/0x/gi, '').replace(/[\s:.-]/g, '')
      if (!/^([0-9a-f]{2})+$/i.test(digits)) return { problem: 'hex' }
      return { filter: `frame contains ${digits.match(/../g)!.join(':').toLowerCase()}` }
    }
    case 'string':
      return caseSensitive ? { filter: `frame contains ${quoted(text)}` } : { filter: `frame matches ${quoted(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))}` }
  }
}

export const useAnalysisStore = defineStore('analysis', () => {
  const search = ref<SearchBar | null>(null)
  const followed = ref<FollowedStream | null>(null)
  const following = ref(false)
  const followError = ref<ApiError | null>(null)
  const statistics = ref<StatisticsTab | null>(null)

  function openSearch(bar: SearchBar): void {
    search.value = bar
  }
  function closeSearch(): void {
    search.value = null
  }

  /** Follow TCP stream: the connection's bytes from the worker; the list shows that stream only
   * (tcp.stream == n, as Wireshark applies it). */
  async function follow(connection: number): Promise<void> {
    const capture = useCaptureStore()
    const opened = capture.opened
    if (opened === null) return
    following.value = true
    followError.value = null
    followed.value = null
    try {
      followed.value = markRaw(await useApi().call('capture.follow', opened.captureId, connection))
      useSelectionStore().applyFilter(`tcp.stream == ${connection}`)
    } catch (e) {
      followError.value = toApiError(e)
    } finally {
      following.value = false
    }
  }
  function closeFollow(): void {
    followed.value = null
    followError.value = null
  }

  function openStatistics(tab: StatisticsTab): void {
    statistics.value = tab
  }
  function closeStatistics(): void {
    statistics.value = null
  }

  /** Saves bytes made here (Follow TCP stream's Save): a save dialog, or a download in the browser. */
  async function saveFile(name: string, content: Uint8Array): Promise<string | null> {
    try {
      return await useApi().call('capture.saveFile', name, content)
    } catch (e) {
      useCaptureStore().showError(toApiError(e))
      return null
    }
  }

  async function conversations(kind: ConversationKind): Promise<Conversation[]> {
    const opened = useCaptureStore().opened
    return opened === null ? [] : useApi().call('capture.conversations', opened.captureId, kind)
  }
  async function protocolHierarchy(): Promise<ProtocolNode[]> {
    const opened = useCaptureStore().opened
    return opened === null ? [] : useApi().call('capture.protocolHierarchy', opened.captureId)
  }

  return { search, openSearch, closeSearch, followed, following, followError, follow, closeFollow, statistics, openStatistics, closeStatistics, conversations, protocolHierarchy, saveFile }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAnalysisStore, import.meta.hot))
