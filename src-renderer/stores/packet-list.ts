// How the packet list is shown: the column it is sorted by, the columns' widths (dragged in the
// header) and the time format (Wireshark's View → Time Display Format: seconds since the first
// frame, since the previous displayed frame, or the absolute date and time, in UTC). Kept in
// localStorage, like the layout's panes.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { FrameSortColumn } from '../../src-main/shared/walkthrough.ts'

export type TimeFormat = 'relative' | 'delta' | 'absolute'
export type ColumnId = 'no' | 'time' | 'src' | 'dst' | 'protocol' | 'length' | 'info'

/** The columns, in order: what each sorts by (Info is not sortable: it is made on demand per row). */
export const COLUMNS: readonly { id: ColumnId; sort: FrameSortColumn | null; width: number; numeric: boolean }[] = [
  { id: 'no', sort: 'number', width: 64, numeric: true },
  { id: 'time', sort: 'time', width: 110, numeric: true },
  { id: 'src', sort: 'source', width: 150, numeric: false },
  { id: 'dst', sort: 'destination', width: 150, numeric: false },
  { id: 'protocol', sort: 'protocol', width: 76, numeric: false },
  { id: 'length', sort: 'length', width: 64, numeric: true },
  { id: 'info', sort: null, width: 0, numeric: false },
]
export const MIN_COLUMN_WIDTH = 36
export const MAX_COLUMN_WIDTH = 900
const TIME_FORMATS: readonly TimeFormat[] = ['relative', 'delta', 'absolute']
const STORAGE_KEY = 'wiretrail.packetList'

type Widths = Record<Exclude<ColumnId, 'info'>, number>
interface Persisted {
  timeFormat: TimeFormat
  widths: Partial<Widths>
}

function defaults(): Widths {
  return Object.fromEntries(COLUMNS.filter((c) => c.id !== 'info').map((c) => [c.id, c.width])) as Widths
}

function load(): Partial<Persisted> {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY)
    if (!raw) return {}
    const parsed = JSON.parse(raw) as Partial<Persisted>
    const out: Partial<Persisted> = {}
    if (TIME_FORMATS.includes(parsed.timeFormat as TimeFormat)) out.timeFormat = parsed.timeFormat!
    if (parsed.widths && typeof parsed.widths === 'object') {
      const widths: Partial<Widths> = {}
      for (const [id, w] of Object.entries(parsed.widths)) {
        if (id in defaults() && typeof w === 'number' && w >= MIN_COLUMN_WIDTH && w <= MAX_COLUMN_WIDTH) widths[id as keyof Widths] = w
      }
      out.widths = widths
    }
    return out
  } catch {
    return {} // unreadable settings: the defaults
  }
}

export const usePacketListStore = defineStore('packetList', () => {
  const saved = load()
  const timeFormat = ref<TimeFormat>(saved.timeFormat ?? 'relative')
  const widths = ref<Widths>({ ...defaults(), ...saved.widths })
  /** The sort: a column and its direction, or null for frame order. */
  const sort = ref<{ column: FrameSortColumn; descending: boolean } | null>(null)

  /** A header click: ascending, then descending, then back to frame order (as Wireshark cycles). */
  function cycleSort(column: FrameSortColumn): void {
    const current = sort.value
    if (current === null || current.column !== column) sort.value = { column, descending: false }
    else if (!current.descending) sort.value = { column, descending: true }
    else sort.value = null
  }

  function setWidth(id: Exclude<ColumnId, 'info'>, px: number): void {
    widths.value = { ...widths.value, [id]: Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, px))) }
  }

  function setTimeFormat(value: TimeFormat): void {
    timeFormat.value = value
  }

  watch([timeFormat, widths], () => {
    try {
      const value: Persisted = { timeFormat: timeFormat.value, widths: widths.value }
      globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(value))
    } catch {
      // storage full or refused: the settings last for this session
    }
  })

  return { timeFormat, widths, sort, cycleSort, setWidth, setTimeFormat }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePacketListStore, import.meta.hot))
