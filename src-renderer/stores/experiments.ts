// The lab experiments (issue 14 §1): the table main sends (experiments.list), the one in force on
// the app's lab, and recording under it. Starting and ending are main's (experiments.start/end:
// the lab changes in memory and is always changed back); recording goes through the address bar's
// own path (record-form → capture.record), with the experiment's URL on the lab network, so a
// recording under an experiment is made, opened and kept exactly like any other.
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, markRaw, onScopeDispose, ref } from 'vue'
import type { ApiError, ExperimentInfo, ExperimentRequestInfo, ExperimentsState } from '../../src-main/shared/api.ts'
import type { WalkthroughComparison } from '../../src-main/shared/comparison.ts'
import { useApi } from '../api/index.ts'
import { toApiError } from '../lib/api-error.ts'
import { useCaptureStore } from './capture.ts'
import { useRecordFormStore } from './record-form.ts'

export const useExperimentsStore = defineStore('experiments', () => {
  const capture = useCaptureStore()
  const form = useRecordFormStore()
  const experiments = ref<ExperimentInfo[]>([])
  const active = ref<string | null>(null)
  const panelOpen = ref(false)
  /** A start or end on its way to main (the buttons wait for it). */
  const pending = ref<'start' | 'end' | null>(null)
  const error = ref<ApiError | null>(null)
  /** Recordings made under the experiment in force (main's count), and when the last one made here
   * ended (for its pauses). */
  const recorded = ref(0)
  const lastRecordedAt = ref<number | null>(null)
  /** The clock the pause countdown reads (ticks only while a pause runs). */
  const now = ref(Date.now())
  let ticker: ReturnType<typeof setInterval> | null = null

  /** The experiment just ended (its title stays in the bar until dismissed or another starts). */
  const ended = ref<ExperimentInfo | null>(null)

  const current = computed(() => experiments.value.find((experiment) => experiment.id === active.value) ?? null)

  /** The request the next recording sends, for an experiment whose recordings each send their own
   * (methods: POST, PUT, GET, DELETE, GET, OPTIONS, TRACE, then from the first again); null: a GET
   * of the experiment's URL. */
  const nextRequest = computed<ExperimentRequestInfo | null>(() => {
    const requests = current.value?.requests
    if (requests === undefined || requests.length === 0) return null
    return requests[recorded.value % requests.length] ?? null
  })

  /** Milliseconds still to wait before the next recording, as the experiment asks (0: record now). */
  const waitMs = computed(() => {
    const experiment = current.value
    if (experiment === null || lastRecordedAt.value === null || recorded.value === 0) return 0
    const pause = experiment.pausesMs[recorded.value - 1] ?? 0
    return Math.max(0, lastRecordedAt.value + pause - now.value)
  })

  /** The first recording under the one in force against the latest (main's, from the two walkthroughs). */
  const comparison = ref<WalkthroughComparison | null>(null)

  function adopt(state: ExperimentsState): void {
    experiments.value = state.experiments
    if (state.active !== active.value) lastRecordedAt.value = null
    active.value = state.active
    recorded.value = state.recordings
    comparison.value = state.comparison === null ? null : markRaw(state.comparison)
  }

  async function guarded(work: () => Promise<ExperimentsState>, what: 'start' | 'end' | null): Promise<boolean> {
    error.value = null
    pending.value = what
    try {
      adopt(await work())
      return true
    } catch (e) {
      error.value = toApiError(e)
      return false
    } finally {
      pending.value = null
    }
  }

  const load = (): Promise<boolean> => guarded(() => useApi().call('experiments.list'), null)
  async function start(id: string): Promise<boolean> {
    const done = await guarded(() => useApi().call('experiments.start', id), 'start')
    if (done) ended.value = null
    return done
  }
  async function end(): Promise<boolean> {
    const ending = current.value
    const done = await guarded(() => useApi().call('experiments.end'), 'end')
    if (done) ended.value = ending
    return done
  }

  async function openPanel(): Promise<void> {
    panelOpen.value = true
    await load()
  }

  /** Records the experiment's URL on the lab (through the nearby DNS server, as the notes have it). */
  async function record(): Promise<boolean> {
    const experiment = current.value
    if (experiment === null || waitMs.value > 0) return false
    const request = nextRequest.value
    form.target = 'lab'
    form.resolverMode = 'nearby'
    form.setUrl(request?.url ?? experiment.url)
    form.method = request?.method ?? 'GET'
    form.fields = request?.form?.map(([name, value]) => ({ name, value })) ?? []
    form.body = request?.body ?? ''
    const done = await capture.record(form.request)
    if (done && active.value === experiment.id) {
      lastRecordedAt.value = Date.now()
      // main counted it and compares it with the first: ask for both.
      await load()
      tick()
    }
    return done
  }

  function tick(): void {
    now.value = Date.now()
    if (waitMs.value > 0) ticker ??= setInterval(tick, 250)
    else if (ticker !== null) {
      clearInterval(ticker)
      ticker = null
    }
  }
  onScopeDispose(() => {
    if (ticker !== null) clearInterval(ticker)
  })

  return { experiments, active, current, nextRequest, ended, comparison, panelOpen, pending, error, recorded, waitMs, load, start, end, openPanel, record }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useExperimentsStore, import.meta.hot))
