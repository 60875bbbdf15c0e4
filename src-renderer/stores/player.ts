// The step-through player: which step is current, playing or paused, and how fast. Every step
// change selects the step's frames (see useSelectionStore.selectStep), so the packet list, the
// sequence diagram and the timeline cursor follow it.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { PhaseName, Step } from '../../src-main/shared/walkthrough.ts'
import { createStepFinder } from '../lib/step-finder.ts'
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

  const steps = computed<readonly Step[]>(() => capture.walkthrough?.steps ?? [])
  const current = computed<Step | null>(() => steps.value[index.value] ?? null)
  const atFirst = computed(() => index.value <= 0)
  const atLast = computed(() => index.value >= steps.value.length - 1)
  const noStepsReason = computed<NoStepsReason | null>(() => {
    const walkthrough = capture.walkthrough
    if (steps.value.length > 0) return null
    if (walkthrough === null) return 'no-capture'
    if (capture.previewing) return 'reading'
    return walkthrough.packets === 0 ? 'no-packets' : 'nothing-to-explain'
  })

  function go(target: number): void {
    if (steps.value.length === 0) {
      index.value = -1
      return
    }
    const bounded = Math.min(steps.value.length - 1, Math.max(0, target))
    index.value = bounded
    const step = steps.value[bounded]
    if (step) selection.selectStep(step)
  }

  const finder = computed(() => (capture.walkthrough ? createStepFinder(capture.walkthrough) : null))

  /** Moves to `target` because the user clicked something of it, then shows what was clicked
   * (which may be less than the whole step: one packet of it). Pauses: a click is a choice. */
  function goFromClick(target: number | null, frames: readonly number[], from: SelectionSource, about: SelectionContext, tab: DetailTab): void {
    pause()
    if (target !== null) go(target)
    selection.selectFrames(frames, from, about, tab)
  }

  /** A packet clicked in the packet list or the sequence diagram. */
  function goToFrame(frame: number, from: Extract<SelectionSource, 'list' | 'sequence'>): void {
    const summary = capture.frameSummary(frame)
    const about: SelectionContext = {}
    if (summary?.connection !== undefined) about.connection = summary.connection
    if (summary?.dns !== undefined) about.dns = summary.dns
    goFromClick(finder.value?.forFrame(frame) ?? null, [frame], from, about, 'packet')
  }

  /** A socket's phase bar clicked on the timeline. */
  function goToPhase(connection: number, phase: PhaseName, frames: readonly number[]): void {
    goFromClick(finder.value?.forPhase(connection, phase) ?? null, frames, 'timeline', { connection }, 'socket')
  }

  /** A resolution's hop clicked on the timeline. */
  function goToHop(resolution: number, hop: number, frames: readonly number[], about: SelectionContext): void {
    goFromClick(finder.value?.forHop(resolution, hop) ?? null, frames, 'timeline', about, 'dns')
  }

  function next(): void {
    if (!atLast.value) go(index.value + 1)
    else pause()
  }
  function prev(): void {
    if (!atFirst.value) go(index.value - 1)
  }
  function first(): void {
    go(0)
  }
  function last(): void {
    go(steps.value.length - 1)
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
    if (steps.value.length === 0) return
    if (atLast.value) go(0) // play from the start again rather than doing nothing
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
      if (steps.value.length > 0) go(0)
    },
    { immediate: true },
  )

  return { index, playing, speed, steps, current, atFirst, atLast, noStepsReason, go, goToFrame, goToPhase, goToHop, next, prev, first, last, play, pause, toggle, setSpeed }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(usePlayerStore, import.meta.hot))
