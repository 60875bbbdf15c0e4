// The open capture and everything that talks to the engine about it: record, open, save, export,
// packet detail, the packet list's rows, the lesson's steps and entities, progress and errors, and
// the question before an unsaved recording is replaced. What the engine sends is held in
// shallowRefs and marked raw: it is never mutated, so deep reactivity would only cost memory and time.
//
// The walkthrough stays in the analyzer's worker; this store holds its overview (source, counts,
// file problems, the first frames, the step outline) and one window of the lesson at a time: the
// steps around the player's position with the entities they name (src-main/shared/lesson.ts). A
// page load's lesson is one window, so it arrives whole with the capture. Entities outside the
// window (a packet clicked far away) are fetched when a pane asks for them, and kept until the
// window moves.
//
// The packet list holds every frame however many there are, without the renderer ever holding them
// all: a view (which frames, in which order) is made in the analyzer's worker over its frame index
// (capture.view), and only the rows near what is on screen are fetched, a page at a time
// (capture.frames / capture.rows), and kept in a bounded cache. The walkthrough's inline frames
// (the first ones) seed it, so a small capture needs no fetch at all.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type {
  ApiError,
  AppInfo,
  CaptureFormat,
  OpenedCapture,
  Progress,
  RecordRequest,
  UnsavedRecording,
} from '../../src-main/shared/api.ts'
import { LESSON_WINDOW, type EntityRefs, type LessonEntities, type LessonPreview, type LessonWindow, type StepList, type StepQuery, type StepTarget, type WalkthroughOverview } from '../../src-main/shared/lesson.ts'
import type { Connection, DnsTransaction, FrameQuery, FrameSummary, HttpBody, HttpExchange, PacketDetail, ResolutionChain, Step, TlsSession } from '../../src-main/shared/walkthrough.ts'
import { useApi } from '../api/index.ts'
import { toApiError } from '../lib/api-error.ts'

export type BusyOperation = 'record' | 'open' | 'save' | 'export'

/** A short message after a finished action ("Saved: lab.pcapng"), by catalogue key. */
export interface Notice {
  key: 'notice.saved' | 'notice.exported'
  name: string
}

export type ConfirmChoice = 'discard' | 'cancel' | 'save'

/** Frames whose decode is kept (each holds the packet's bytes); the oldest go first. */
const DETAIL_CACHE_LIMIT = 256
/** Rows of the packet list fetched at once, and kept at most (those far from the screen go first). */
const ROW_PAGE = 200
const ROW_CACHE_LIMIT = 20_000

/** The packet list's view: a worker-side view id (null: every frame in frame order) and its size. */
interface ListView {
  query: FrameQuery
  view: number | null
  count: number
}

const EMPTY_LIST: ListView = { query: {}, view: null, count: 0 }

/** Step windows kept (the current one and the last few visited). */
const STEP_PAGES_KEPT = 6
/** Frames fetched by number at once (the sequence diagram's rows), and kept at most. */
const FRAME_PAGE = 500
const FRAME_CACHE_LIMIT = 20_000

/** The lesson's current window as panes read it: its steps, and the entities it names (plus those
 * fetched for a click outside it), by index. */
export interface LessonView {
  start: number
  steps: readonly Step[]
  dns: ReadonlyMap<number, DnsTransaction>
  resolutions: ReadonlyMap<number, ResolutionChain>
  connections: ReadonlyMap<number, Connection>
  http: ReadonlyMap<number, HttpExchange>
  tls: ReadonlyMap<number, TlsSession>
}

const EMPTY_LESSON: LessonView = { start: 0, steps: [], dns: new Map(), resolutions: new Map(), connections: new Map(), http: new Map(), tls: new Map() }

const byIndex = <T>(record: Record<number, T>): Map<number, T> => new Map(Object.entries(record).map(([key, value]) => [Number(key), value]))

function lessonView(window: LessonWindow): LessonView {
  return markRaw({ start: window.start, steps: window.steps, dns: byIndex(window.dns), resolutions: byIndex(window.resolutions), connections: byIndex(window.connections), http: byIndex(window.http), tls: byIndex(window.tls) })
}

/** `view` with `more` entities added (a new object, so what reads it updates). */
function withEntities(view: LessonView, more: LessonEntities): LessonView {
  const merge = <T>(map: ReadonlyMap<number, T>, record: Record<number, T>): Map<number, T> => {
    const next = new Map(map)
    for (const [key, value] of Object.entries(record)) next.set(Number(key), value)
    return next
  }
  return markRaw({ ...view, dns: merge(view.dns, more.dns), resolutions: merge(view.resolutions, more.resolutions), connections: merge(view.connections, more.connections), http: merge(view.http, more.http), tls: merge(view.tls, more.tls) })
}

function isEveryFrame(query: FrameQuery): boolean {
  return (
    query.protocols === undefined &&
    query.connection === undefined &&
    query.frames === undefined &&
    (query.filter === undefined || query.filter.trim() === '') &&
    (query.sort === undefined || (query.sort.column === 'number' && query.sort.descending !== true))
  )
}

export const useCaptureStore = defineStore('capture', () => {
  const appInfo = ref<AppInfo | null>(null)
  const opened = shallowRef<OpenedCapture | null>(null)
  const busy = ref<BusyOperation | null>(null)
  const progress = ref<Progress | null>(null)
  const error = ref<ApiError | null>(null)
  /** Why the page of the recording on screen did not load (its walkthrough shows up to where). */
  const pageFailure = ref<ApiError | null>(null)
  const notice = ref<Notice | null>(null)
  /** Recordings never saved, left from earlier runs (offered to open or discard). */
  const leftover = ref<UnsavedRecording[]>([])
  /** Set while the "discard the unsaved recording?" question is on screen. */
  const confirmPending = ref(false)
  let answerConfirm: ((choice: ConfirmChoice) => void) | null = null
  /** The user agreed to throw the current unsaved recording away (capture.discard, not close). */
  let discardAgreed = false
  /** While a large capture opens: the lesson of the part already read (progress.preview), shown
   * until the whole file is analysed. Its packets cannot be decoded yet (no capture id). */
  const preview = shallowRef<LessonPreview | null>(null)
  /** The lesson's current window (see the header), and the step windows fetched, by their start. */
  const lesson = shallowRef<LessonView>(EMPTY_LESSON)
  let windows = new Map<number, LessonWindow>()
  const stepsRevision = ref(0)
  let lessonEpoch = 0
  const windowsInFlight = new Map<number, Promise<LessonWindow | null>>()
  /** Entities asked for by a pane, not yet fetched (sent together at the next tick). */
  let wantedEntities: Required<EntityRefs> | null = null
  const entitiesAsked = new Set<string>()
  /** Frames by number, for panes that follow the capture's order whatever the list shows. */
  let frameCache = new Map<number, FrameSummary>()
  const framePagesInFlight = new Set<number>()
  const details = shallowRef(new Map<number, PacketDetail>())
  const detailErrors = shallowRef(new Map<number, ApiError>())
  let unsubscribe: (() => void)[] = []
  /** The packet list: its view, and its rows by position (a plain Map, re-read on `rowsRevision`). */
  const list = shallowRef<ListView>(EMPTY_LIST)
  let rows = new Map<number, FrameSummary>()
  /** Rows by frame number, for panes that ask about one frame (same objects as `rows`). */
  let byFrame = new Map<number, FrameSummary>()
  const rowsRevision = ref(0)
  /** Bumped whenever the list's view changes: pages that arrive for an older one are dropped. */
  let listEpoch = 0
  const pagesInFlight = new Set<number>()
  /** The display filter's error (it did not parse, or names what the fields cannot hold): shown at
   * its token in the filter bar, not as the app's error. */
  const filterError = ref<ApiError | null>(null)
  /** While a display filter dissects frames in the analyzer: how far it has got. */
  const filterProgress = ref<{ frames: number; total: number } | null>(null)
  /** The epoch of the view a display filter is being made for (null when none is running). */
  let listEpochFiltering: number | null = null

  const walkthrough = computed<WalkthroughOverview | null>(() => preview.value?.walkthrough ?? opened.value?.walkthrough ?? null)
  /** Frames in the capture (read so far, while a preview is shown). */
  const frameCount = computed(() => (preview.value ? preview.value.walkthrough.frames.length : (opened.value?.walkthrough.packets ?? 0)))
  /** Steps in the whole lesson. */
  const stepCount = computed(() => walkthrough.value?.counts.steps ?? 0)
  /** Frames the packet list shows (the view's size). */
  const listCount = computed(() => list.value.count)
  const previewing = computed(() => preview.value !== null)
  const hasCapture = computed(() => opened.value !== null)
  const unsaved = computed(() => opened.value?.unsaved === true)
  const defaultUrl = computed(() => appInfo.value?.defaultUrl ?? '')
  const recent = computed(() => appInfo.value?.recent ?? [])

  /** Loads app.info and listens to the engine's events (progress, captures opened from outside). */
  async function init(): Promise<void> {
    const api = useApi()
    stop()
    unsubscribe = [
      api.on('progress', (value) => {
        if (value.operation === 'filter') {
          if (listEpochFiltering !== null) filterProgress.value = { frames: value.frames ?? 0, total: value.totalFrames ?? 0 }
          return
        }
        const { preview: partial, ...rest } = value
        if (partial !== undefined && busy.value === 'open') {
          preview.value = markRaw(partial)
          resetList(partial.walkthrough, true)
          resetLesson(partial.lesson)
        }
        progress.value = rest
      }),
      api.on('opened', (value) => void adopt(value)),
      api.on('open-failed', (value) => {
        error.value = value.error
      }),
      api.on('open-request', (value) => void openPath(value.path)),
      api.on('discarded', (value) => forget(value.captureId)),
    ]
    try {
      appInfo.value = await api.call('app.info')
      const unsavedList = await api.call('recordings.unsaved')
      leftover.value = unsavedList.filter((item) => item.captureId === null)
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  function stop(): void {
    for (const off of unsubscribe) off()
    unsubscribe = []
  }

  /** Asks before an unsaved recording is replaced; resolves true when it may go. */
  async function confirmDiscard(): Promise<boolean> {
    if (!unsaved.value) return true
    confirmPending.value = true
    const choice = await new Promise<ConfirmChoice>((resolve) => {
      answerConfirm = resolve
    })
    confirmPending.value = false
    answerConfirm = null
    if (choice === 'save') return (await saveAs('pcapng')) !== null
    discardAgreed = choice === 'discard'
    return discardAgreed
  }

  /** The engine deleted this recording (Electron's close prompt, Discard): drop it without a call
   * (it is closed already); it is no longer unsaved, so nothing asks before the window goes. */
  function forget(captureId: string): void {
    if (opened.value?.captureId !== captureId) return
    opened.value = null
    details.value = new Map()
    detailErrors.value = new Map()
  }

  function answer(choice: ConfirmChoice): void {
    answerConfirm?.(choice)
  }

  /** The list shows every frame of `w` in frame order, its inline frames already in the cache (a
   * preview's list holds only those: the rest cannot be read before the analysis ends). */
  function resetList(w: WalkthroughOverview | null, previewing = false): void {
    listEpoch++
    pagesInFlight.clear()
    rows = new Map()
    byFrame = new Map()
    w?.frames.forEach((frame, i) => {
      rows.set(i, frame)
      byFrame.set(frame.frame, frame)
    })
    list.value = { query: {}, view: null, count: w === null ? 0 : previewing ? w.frames.length : w.packets }
    rowsRevision.value++
  }

  /** The lesson starts again at `first` (the capture's first window), nothing else kept. */
  function resetLesson(first: LessonWindow | null): void {
    lessonEpoch++
    windowsInFlight.clear()
    windows = new Map()
    entitiesAsked.clear()
    wantedEntities = null
    framePagesInFlight.clear()
    frameCache = new Map()
    if (first !== null) windows.set(first.start, first)
    lesson.value = first === null ? EMPTY_LESSON : lessonView(first)
    stepsRevision.value++
  }

  function setOpened(value: OpenedCapture | null): void {
    const previous = opened.value
    // The preview (if any) is replaced in the same tick: the workspace stays mounted and its panes
    // update in place instead of being torn down and mounted again.
    preview.value = null
    opened.value = value === null ? null : markRaw(value)
    pageFailure.value = value?.loadFailure ?? null
    resetList(value?.walkthrough ?? null)
    resetLesson(value?.lesson ?? null)
    details.value = new Map()
    detailErrors.value = new Map()
    if (previous !== null && previous.captureId !== value?.captureId) {
      // An unsaved recording the user agreed to lose is deleted; anything else is only released
      // (an unsaved one is then kept by the engine and offered again next time).
      const operation = previous.unsaved && discardAgreed ? 'capture.discard' : 'capture.close'
      useApi()
        .call(operation, previous.captureId)
        .catch(() => undefined)
    }
    discardAgreed = false
  }

  async function adopt(value: OpenedCapture): Promise<void> {
    if (await confirmDiscard()) setOpened(value)
    else
      useApi()
        .call('capture.close', value.captureId)
        .catch(() => undefined)
  }

  /** Runs one engine operation with busy/progress/error handling; returns null when it failed. */
  async function run<T>(operation: BusyOperation, work: () => Promise<T>): Promise<T | null> {
    busy.value = operation
    error.value = null
    notice.value = null
    progress.value = null
    try {
      return await work()
    } catch (e) {
      const failure = toApiError(e)
      if (failure.code !== 'CANCELLED') error.value = failure
      return null
    } finally {
      busy.value = null
      progress.value = null
      if (preview.value !== null) {
        preview.value = null
        resetList(opened.value?.walkthrough ?? null)
        resetLesson(opened.value?.lesson ?? null)
      }
    }
  }

  /** Opens something (record, open a file) after asking about unsaved work. `check` runs first,
   * before that question: what cannot be done is refused before the user is asked to give
   * anything up. */
  async function openWith(operation: 'record' | 'open', work: () => Promise<OpenedCapture | null>, check?: () => Promise<void>): Promise<boolean> {
    if (busy.value !== null) return false
    if (check !== undefined) {
      try {
        await check()
      } catch (e) {
        error.value = toApiError(e)
        return false
      }
    }
    if (!(await confirmDiscard())) return false
    // Adopted before `run` drops the preview (see setOpened).
    const result = await run(operation, async () => {
      const value = await work()
      if (value) setOpened(value)
      return value
    })
    if (result) void refreshRecent()
    else discardAgreed = false
    return result !== null
  }

  /** Open Recent follows what was opened or saved (the in-page menu reads it from here). */
  async function refreshRecent(): Promise<void> {
    if (appInfo.value === null) return
    const list = await useApi()
      .call('recent.list')
      .catch(() => null)
    if (list !== null && appInfo.value !== null) appInfo.value = { ...appInfo.value, recent: list }
  }

  const record = (request: RecordRequest): Promise<boolean> =>
    openWith(
      'record',
      () => useApi().call('capture.record', request),
      () => useApi().call('capture.checkRequest', request),
    )
  const openBytes = (name: string, bytes: Uint8Array): Promise<boolean> => openWith('open', () => useApi().call('capture.openBytes', name, bytes))
  /** A dropped or picked File: by its path under Electron, by its bytes in the browser shell. */
  const openFiles = (files: readonly File[]): Promise<boolean> => openWith('open', () => useApi().openFiles(files))
  const openPath = (path: string): Promise<boolean> => openWith('open', () => useApi().call('capture.openPath', path))
  /** Electron's open dialog, or the browser shell's file picker (call from a click or key press). */
  const openDialog = (): Promise<boolean> => openWith('open', () => useApi().call('capture.openDialog'))

  async function cancel(): Promise<void> {
    await useApi()
      .call('capture.cancel')
      .catch((e: unknown) => {
        error.value = toApiError(e)
      })
  }

  async function saveAs(format: CaptureFormat): Promise<string | null> {
    const current = opened.value
    if (current === null) return null
    const name = await run('save', () => useApi().call('capture.saveAs', current.captureId, format))
    if (name !== null && opened.value === current) {
      opened.value = markRaw({ ...current, unsaved: false })
      notice.value = { key: 'notice.saved', name }
      await refreshRecent()
    }
    return name
  }

  /** Export as text or as the HTML handout (main writes it in the UI's language). */
  async function exportAs(operation: 'capture.exportText' | 'capture.exportHtml'): Promise<string | null> {
    const current = opened.value
    if (current === null) return null
    const name = await run('export', () => useApi().call(operation, current.captureId))
    if (name !== null) notice.value = { key: 'notice.exported', name }
    return name
  }
  const exportText = () => exportAs('capture.exportText')
  const exportHtml = () => exportAs('capture.exportHtml')

  /** Forgets the current capture (File → New Recording), after asking if it is unsaved. */
  async function closeCapture(): Promise<boolean> {
    if (!(await confirmDiscard())) return false
    setOpened(null)
    return true
  }

  /** A leftover unsaved recording from an earlier run: open it, or delete it. */
  async function openLeftover(item: UnsavedRecording): Promise<void> {
    if (await openPath(item.path)) leftover.value = leftover.value.filter((other) => other.path !== item.path)
  }
  async function discardLeftover(item: UnsavedRecording): Promise<void> {
    try {
      await useApi().call('recordings.discardPath', item.path)
      leftover.value = leftover.value.filter((other) => other.path !== item.path)
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  /** The leftover banner's one action for all of them: keep them (they move to the kept-recordings
   * folder and join Open Recent) or delete them. */
  async function settleLeftovers(choice: 'keep' | 'discard'): Promise<void> {
    try {
      if (choice === 'keep') await useApi().call('recordings.keepAll')
      else await useApi().call('recordings.discardAll')
      leftover.value = []
      if (choice === 'keep') await refreshRecent()
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  /** The packet's decode (field tree + bytes), fetched once per frame. */
  async function loadPacket(frame: number): Promise<PacketDetail | null> {
    const current = opened.value
    if (current === null || preview.value !== null) return null
    const cached = details.value.get(frame)
    if (cached) return cached
    try {
      const detail = markRaw(await useApi().call('capture.packet', current.captureId, frame))
      if (opened.value?.captureId !== current.captureId) return null // another capture opened meanwhile
      const next = new Map(details.value)
      next.set(frame, detail)
      if (next.size > DETAIL_CACHE_LIMIT) next.delete(next.keys().next().value as number)
      details.value = next
      return detail
    } catch (e) {
      const next = new Map(detailErrors.value)
      next.set(frame, toApiError(e))
      detailErrors.value = next
      return null
    }
  }

  /** Shows the frames `query` keeps, in its order (a view made in the analyzer's worker). Returns
   * false when the view could not be made (a display filter's error is in `filterError`; a
   * cancelled filter keeps the list as it was). */
  async function setListQuery(query: FrameQuery): Promise<boolean> {
    const current = opened.value
    if (current === null || preview.value !== null) return false
    filterError.value = null
    if (isEveryFrame(query)) {
      resetList(current.walkthrough)
      return true
    }
    const epoch = ++listEpoch
    const filtering = query.filter !== undefined && query.filter.trim() !== ''
    if (filtering) {
      listEpochFiltering = epoch
      filterProgress.value = null
    }
    try {
      const made = await useApi().call('capture.view', current.captureId, query)
      if (epoch !== listEpoch || opened.value !== current) return false
      pagesInFlight.clear()
      rows = new Map()
      list.value = { query, view: made.view, count: made.count }
      rowsRevision.value++
      return true
    } catch (e) {
      const failure = toApiError(e)
      if (epoch !== listEpoch) return false
      if (failure.code.startsWith('FILTER_')) filterError.value = failure
      else if (failure.code !== 'CANCELLED') error.value = failure
      return false
    } finally {
      if (listEpochFiltering === epoch) {
        listEpochFiltering = null
        filterProgress.value = null
      }
    }
  }

  /** Stops the display filter being made (its frames are being dissected). */
  async function cancelFilter(): Promise<void> {
    const current = opened.value
    if (current === null || listEpochFiltering === null) return
    await useApi()
      .call('capture.cancelFilter', current.captureId)
      .catch(() => undefined)
  }

  /** The row at `position` of the list, when it has been fetched (see ensureRows). */
  function listRow(position: number): FrameSummary | undefined {
    void rowsRevision.value
    return rows.get(position)
  }

  /** A frame's summary when it is known (inline, fetched for the list, or by number). */
  function frameSummary(frame: number): FrameSummary | undefined {
    void rowsRevision.value
    return byFrame.get(frame) ?? frameCache.get(frame) ?? walkthrough.value?.frames[frame - 1]
  }

  /** Fetches frames `first`…`last` (by number, whatever the list shows) that are not known yet, a
   * page at a time, for panes that follow the capture's order (the sequence diagram). */
  async function ensureFrames(first: number, last: number): Promise<void> {
    const current = opened.value
    if (current === null || preview.value !== null) return
    const epoch = lessonEpoch
    const total = current.walkthrough.packets
    const pages: number[] = []
    for (let page = Math.floor((Math.max(1, first) - 1) / FRAME_PAGE) * FRAME_PAGE + 1; page <= Math.min(last, total); page += FRAME_PAGE) {
      if (framePagesInFlight.has(page)) continue
      for (let frame = page; frame < Math.min(page + FRAME_PAGE, total + 1); frame++) {
        if (!byFrame.has(frame) && !frameCache.has(frame) && current.walkthrough.frames[frame - 1] === undefined) {
          pages.push(page)
          break
        }
      }
    }
    await Promise.all(
      pages.map(async (page) => {
        framePagesInFlight.add(page)
        try {
          const fetched = await useApi().call('capture.frames', current.captureId, page, Math.min(FRAME_PAGE, total - page + 1))
          if (epoch !== lessonEpoch || opened.value !== current) return
          if (frameCache.size + fetched.length > FRAME_CACHE_LIMIT) {
            for (const key of frameCache.keys()) if (Math.abs(key - first) > FRAME_CACHE_LIMIT / 4) frameCache.delete(key)
          }
          for (const row of fetched) frameCache.set(row.frame, markRaw(row))
          rowsRevision.value++
        } catch (e) {
          if (epoch === lessonEpoch) error.value = toApiError(e)
        } finally {
          framePagesInFlight.delete(page)
        }
      }),
    )
  }

  /** The step at `index` when its window has been fetched (see showStep). */
  function stepAt(index: number): Step | undefined {
    void stepsRevision.value
    const start = Math.floor(index / LESSON_WINDOW) * LESSON_WINDOW
    return windows.get(start)?.steps[index - start]
  }

  /** The window starting at `start`, fetched once (null: it could not be, or the capture changed). */
  function fetchWindow(start: number): Promise<LessonWindow | null> {
    const known = windows.get(start)
    if (known !== undefined) return Promise.resolve(known)
    const pending = windowsInFlight.get(start)
    if (pending !== undefined) return pending
    const current = opened.value
    if (current === null || preview.value !== null) return Promise.resolve(null)
    const epoch = lessonEpoch
    const fetching = useApi()
      .call('capture.steps', current.captureId, start, LESSON_WINDOW)
      .then((window) => {
        if (epoch !== lessonEpoch || opened.value !== current) return null
        windows.set(start, markRaw(window))
        // The oldest windows go first; never the current one.
        for (const key of windows.keys()) if (windows.size > STEP_PAGES_KEPT && key !== start && key !== lesson.value.start) windows.delete(key)
        stepsRevision.value++
        return window
      })
      .catch((e: unknown) => {
        if (epoch === lessonEpoch) error.value = toApiError(e)
        return null
      })
      .finally(() => {
        if (epoch === lessonEpoch) windowsInFlight.delete(start)
      })
    windowsInFlight.set(start, fetching)
    return fetching
  }

  /** Makes the window holding step `index` the current one (its steps and entities are what the
   * timeline, the diagram and the panes show) and gives the step; null when it cannot be had. */
  async function showStep(index: number): Promise<Step | null> {
    if (index < 0 || index >= stepCount.value) return null
    const start = Math.floor(index / LESSON_WINDOW) * LESSON_WINDOW
    if (lesson.value.start !== start || lesson.value.steps.length === 0) {
      const window = await fetchWindow(start)
      if (window === null) return null
      if (lesson.value.start !== start || lesson.value.steps.length === 0) {
        lesson.value = lessonView(window)
        entitiesAsked.clear()
      }
    }
    return stepAt(index) ?? null
  }

  /** Asks the worker for entities a pane needs that the current window lacks (once each; the
   * answer joins the window's entities, so the pane updates). */
  function requestEntities(kind: keyof EntityRefs, index: number): void {
    const w = walkthrough.value
    const current = opened.value
    if (w === null || current === null || preview.value !== null || index < 0 || index >= w.counts[kind]) return
    const key = `${kind}:${index}`
    if (entitiesAsked.has(key)) return
    entitiesAsked.add(key)
    if (wantedEntities === null) {
      wantedEntities = { dns: [], resolutions: [], connections: [], http: [], tls: [] }
      const epoch = lessonEpoch
      queueMicrotask(() => {
        const refs = wantedEntities
        wantedEntities = null
        if (refs === null || epoch !== lessonEpoch) return
        useApi()
          .call('capture.entities', current.captureId, refs)
          .then((more) => {
            if (epoch === lessonEpoch && opened.value === current) lesson.value = withEntities(lesson.value, more)
          })
          .catch((e: unknown) => {
            if (epoch === lessonEpoch) error.value = toApiError(e)
          })
      })
    }
    wantedEntities[kind].push(index)
  }

  /** An entity by index: from the current window, else asked for (undefined until it arrives). */
  function dnsTx(index: number): DnsTransaction | undefined {
    const found = lesson.value.dns.get(index)
    if (found === undefined) requestEntities('dns', index)
    return found
  }
  function resolution(index: number): ResolutionChain | undefined {
    const found = lesson.value.resolutions.get(index)
    if (found === undefined) requestEntities('resolutions', index)
    return found
  }
  function connection(index: number): Connection | undefined {
    const found = lesson.value.connections.get(index)
    if (found === undefined) requestEntities('connections', index)
    return found
  }
  function exchange(index: number): HttpExchange | undefined {
    const found = lesson.value.http.get(index)
    if (found === undefined) requestEntities('http', index)
    return found
  }
  /** The TLS session of a connection (its connection's entities bring it). */
  function tlsOf(connectionIndex: number): TlsSession | undefined {
    for (const session of lesson.value.tls.values()) if (session.connection === connectionIndex) return session
    if (!lesson.value.connections.has(connectionIndex)) requestEntities('connections', connectionIndex)
    return undefined
  }

  /** Steps by words, concept, kind, index range (the outline's search and folded runs). */
  async function findSteps(query: StepQuery): Promise<StepList | null> {
    const current = opened.value
    if (current === null || preview.value !== null) return null
    try {
      const found = await useApi().call('capture.findSteps', current.captureId, query)
      return opened.value === current ? found : null
    } catch (e) {
      error.value = toApiError(e)
      return null
    }
  }

  /** The step a click goes to (the worker knows every step and frame). */
  async function stepFor(target: StepTarget): Promise<number | null> {
    const current = opened.value
    if (current === null || preview.value !== null) return null
    try {
      const found = await useApi().call('capture.stepFor', current.captureId, target)
      return opened.value === current ? found : null
    } catch (e) {
      error.value = toApiError(e)
      return null
    }
  }

  /** Fetches the rows from `start` to `end` (positions) that are not in the cache yet, a page at a
   * time, off the renderer's thread (the worker makes them). */
  async function ensureRows(start: number, end: number): Promise<void> {
    const current = opened.value
    if (current === null || preview.value !== null) return
    const view = list.value
    const epoch = listEpoch
    const last = Math.min(end, view.count - 1)
    const pages: number[] = []
    for (let page = Math.floor(Math.max(0, start) / ROW_PAGE) * ROW_PAGE; page <= last; page += ROW_PAGE) {
      if (pagesInFlight.has(page)) continue
      let missing = false
      for (let p = page; p < Math.min(page + ROW_PAGE, view.count); p++) {
        if (!rows.has(p)) {
          missing = true
          break
        }
      }
      if (missing) pages.push(page)
    }
    await Promise.all(
      pages.map(async (page) => {
        pagesInFlight.add(page)
        try {
          const count = Math.min(ROW_PAGE, view.count - page)
          const fetched = view.view === null ? await useApi().call('capture.frames', current.captureId, page + 1, count) : await useApi().call('capture.rows', current.captureId, view.view, page, count)
          if (epoch !== listEpoch || opened.value !== current) return
          if (rows.size + fetched.length > ROW_CACHE_LIMIT) {
            // Keep what is near the rows asked for; the rest is fetched again if scrolled back to.
            for (const [position, row] of rows) {
              if (Math.abs(position - start) > ROW_CACHE_LIMIT / 4) {
                rows.delete(position)
                byFrame.delete(row.frame)
              }
            }
          }
          fetched.forEach((row, i) => {
            const frozen = markRaw(row)
            rows.set(page + i, frozen)
            byFrame.set(row.frame, frozen)
          })
          rowsRevision.value++
        } catch (e) {
          if (epoch === listEpoch) error.value = toApiError(e)
        } finally {
          pagesInFlight.delete(page)
        }
      }),
    )
  }

  /** Where `frame` is in the list when that is known here (every-frame view, or a fetched row). */
  function knownPosition(frame: number): number | undefined {
    const view = list.value
    if (view.view === null) return frame >= 1 && frame <= view.count ? frame - 1 : undefined
    for (const [position, row] of rows) if (row.frame === frame) return position
    return undefined
  }

  /** Where `frame` is in the list (0-based position), or null when the view does not hold it. */
  async function listPosition(frame: number): Promise<number | null> {
    const current = opened.value
    const view = list.value
    const known = knownPosition(frame)
    if (known !== undefined) return known
    if (view.view === null || current === null) return null
    return useApi().call('capture.position', current.captureId, view.view, frame)
  }

  /** One exchange's body, reassembled and decoded by the engine (the body view asks when shown;
   * null when the capture changed meanwhile; the error when it could not be read). */
  async function loadBody(exchange: number, part: 'request' | 'response'): Promise<{ body: HttpBody } | { error: ApiError } | null> {
    const current = opened.value
    if (current === null || preview.value !== null) return null
    try {
      const body = markRaw(await useApi().call('capture.httpBody', current.captureId, exchange, part))
      return opened.value?.captureId === current.captureId ? { body } : null
    } catch (e) {
      return { error: toApiError(e) }
    }
  }

  function dismissError(): void {
    error.value = null
  }
  function dismissPageFailure(): void {
    pageFailure.value = null
  }
  function dismissNotice(): void {
    notice.value = null
  }
  function showError(value: ApiError): void {
    error.value = value
  }

  return {
    appInfo,
    opened,
    busy,
    progress,
    error,
    pageFailure,
    dismissPageFailure,
    notice,
    leftover,
    confirmPending,
    details,
    detailErrors,
    walkthrough,
    lesson,
    stepCount,
    stepAt,
    showStep,
    dnsTx,
    resolution,
    connection,
    exchange,
    tlsOf,
    findSteps,
    stepFor,
    ensureFrames,
    frameCount,
    listCount,
    list,
    setListQuery,
    filterError,
    filterProgress,
    cancelFilter,
    listRow,
    frameSummary,
    ensureRows,
    knownPosition,
    listPosition,
    preview,
    previewing,
    hasCapture,
    unsaved,
    defaultUrl,
    recent,
    init,
    stop,
    answer,
    confirmDiscard,
    record,
    openBytes,
    openFiles,
    openPath,
    openDialog,
    cancel,
    saveAs,
    exportText,
    exportHtml,
    closeCapture,
    openLeftover,
    discardLeftover,
    settleLeftovers,
    refreshRecent,
    loadPacket,
    loadBody,
    dismissError,
    dismissNotice,
    showError,
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useCaptureStore, import.meta.hot))
