// The step-through player: which step is current, playing or paused, and how fast. Every step
// change selects the step's frames (see useSelectionStore.selectStep), so the packet list, the
// sequence diagram and the timeline cursor follow it. The steps come a window at a time from the
// capture store (a page load's lesson is one window, there from the start); moving into another
// window fetches it first, and the step is selected when it is there.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { createStepFinder, type StepTarget } from '../../src-main/shared/lesson.ts'
import type { PhaseName, Step } from '../../src-main/shared/walkthrough.ts'
import { useCaptureStore } from './capture.ts'
import { useSelectionStore, type DetailTab, type SelectionContext, type SelectionSource } from './selection.ts'

export const SPEEDS = [0.5, 1, 2, 4] as const
/** Why there is no step to show, said truthfully: nothing is open, the capture has no packets, its
 * packets hold nothing the steps explain (no DNS message, no TCP connection), or it is still being
 * read. Null when there are steps. */
export type NoStepsReason = 'no-capture' | 'no-packets' | 'nothing-to-explain' | 'reading'
export type Speed = (typeof SPEEDS)[number]
/** How long one step stays on screen at speed 1 (long enough to read its explanation's title). */
export const STEP_MS_AT_SPEED_1 = 2500

export const usePlayerStore = defineStore('player', () => {
  const capture = useCaptureStore()
  const selection = useSelectionStore()
  /** -1 when there are no steps. */
  const index = ref(-1)
  const playing = ref(false)
  const speed = ref<Speed>(1)
  let timer: ReturnType<typeof setTimeout> | null = null

  /** Steps in the whole lesson (not only the window fetched). */
  const stepCount = computed(() => capture.stepCount)
  const current = computed<Step | null>(() => (index.value < 0 ? null : (capture.stepAt(index.value) ?? null)))
  const atFirst = computed(() => index.value <= 0)
  const atLast = computed(() => index.value >= stepCount.value - 1)
  const noStepsReason = computed<NoStepsReason | null>(() => {
    const walkthrough = capture.walkthrough
    if (stepCount.value > 0) return null
    if (walkthrough === null) return 'no-capture'
    if (capture.previewing) return 'reading'
    return walkthrough.packets === 0 ? 'no-packets' : 'nothing-to-explain'
  })

  /** Goes to step `target` (bounded to the lesson) and selects it: at once when its window is the
   * current one, else once the window has been fetched (unless the player moved on meanwhile). */
  function go(target: number): Promise<void> {
    if (stepCount.value === 0) {
      index.value = -1
      return Promise.resolve()
    }
    const bounded = Math.min(stepCount.value - 1, Math.max(0, target))
    index.value = bounded
    const lesson = capture.lesson
    const here = bounded - lesson.start
    const step = here >= 0 && here < lesson.steps.length ? lesson.steps[here] : undefined
    if (step) {
      selection.selectStep(step)
      return Promise.resolve()
    }
    return capture.showStep(bounded).then((fetched) => {
      if (fetched !== null && index.value === bounded) selection.selectStep(fetched)
    })
  }

  /** When the whole lesson is in the window the store holds (a page load), a click is answered
   * here, at once, by the same rules the worker uses (shared/lesson.ts). */
  const localFinder = computed(() => {
    const lesson = capture.lesson
    if (lesson.start !== 0 || lesson.steps.length !== stepCount.value || stepCount.value === 0) return null
    return createStepFinder(lesson.steps, (frame) => capture.frameSummary(frame))
  })

  async function stepFor(target: StepTarget): Promise<number | null> {
    const local = localFinder.value
    if (local !== null && (!('frame' in target) || capture.frameSummary(target.frame) !== undefined)) return local.find(target)
    return capture.stepFor(target)
  }

  /** Moves to the step `target` names because the user clicked something of it, then shows what
   * was clicked (which may be less than the whole step: one packet of it). Pauses: a click is a
   * choice. Synchronous when the lesson is all here; otherwise the worker says which step. */
  function goFromClick(target: StepTarget, frames: readonly number[], from: SelectionSource, about: SelectionContext, tab: DetailTab): Promise<void> {
    pause()
    const local = localFinder.value
    const show = () => selection.selectFrames(frames, from, about, tab)
    if (local !== null && (!('frame' in target) || capture.frameSummary(target.frame) !== undefined)) {
      const found = local.find(target)
      if (found !== null) void go(found)
      show()
      return Promise.resolve()
    }
    const asked = index.value
    return stepFor(target).then(async (found) => {
      if (index.value !== asked) return // the user moved on meanwhile
      if (found !== null) await go(found)
      show()
    })
  }

  /** A packet clicked in the packet list or the sequence diagram. */
  function goToFrame(frame: number, from: Extract<SelectionSource, 'list' | 'sequence'>): Promise<void> {
    const summary = capture.frameSummary(frame)
    const about: SelectionContext = {}
    if (summary?.connection !== undefined) about.connection = summary.connection
    if (summary?.dns !== undefined) about.dns = summary.dns
    return goFromClick({ frame }, [frame], from, about, 'packet')
  }

  /** A socket's phase bar clicked on the timeline. */
  function goToPhase(connection: number, phase: PhaseName, frames: readonly number[]): Promise<void> {
    return goFromClick({ connection, phase }, frames, 'timeline', { connection }, 'socket')
  }

  /** A resolution's hop clicked on the timeline. */
  function goToHop(resolution: number, hop: number, frames: readonly number[], about: SelectionContext): Promise<void> {
    return goFromClick({ resolution, hop }, frames, 'timeline', about, 'dns')
  }

  function next(): void {
    if (!atLast.value) void go(index.value + 1)
    else pause()
  }
  function prev(): void {
    if (!atFirst.value) void go(index.value - 1)
  }
  function first(): void {
    void go(0)
  }
  function last(): void {
    void go(stepCount.value - 1)
  }

  function schedule(): void {
    clearTimer()
    if (!playing.value) return
    timer = setTimeout(() => {
      timer = null
      next()
      schedule()
    }, STEP_MS_AT_SPEED_1 / speed.value)
  }
  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function play(): void {
    if (stepCount.value === 0) return
    if (atLast.value) void go(0) // play from the start again rather than doing nothing
    playing.value = true
    schedule()
  }
  function pause(): void {
    playing.value = false
    clearTimer()
  }
  function toggle(): void {
    if (playing.value) pause()
    else play()
  }
  function setSpeed(value: Speed): void {
    speed.value = value
    if (playing.value) schedule()
  }

  // A new capture starts at its first step, paused (also one already open when the store starts).
  watch(
    () => capture.opened?.captureId,
    () => {
      pause()
      index.value = -1
      if (stepCount.value > 0) void go(0)
    },
    { immediate: true },
  )

  return { index, playing, speed, stepCount, current, atFirst, atLast, noStepsReason, go, goToFrame, goToPhase, goToHop, next, prev, first, last, play, pause, toggle, setSpeed }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePlayerStore, import.meta.hot))
