// The app's experiments on its lab (issue 14 §1): at most one in force, made on the lab the
// recordings use (CaptureService's, started on demand), undone when the user ends it, starts
// another, or the app quits. The changes themselves are the lab's (src-main/lab/experiments/,
// in memory); this only keeps track of which one is in force for the API and the recorder.
import { EXPERIMENT_IDS, EXPERIMENTS, experimentInfo, experimentNamed, startExperiment, type ExperimentId, type Tweakable } from '../lab/experiments/index.ts'
import { compareRecordings, summarizeRecording } from '../analyzer/compare.ts'
import type { ExperimentsState, OpenedCapture } from '../shared/api.ts'
import type { RecordingSummary } from '../shared/comparison.ts'
import type { EntityRefs, LessonEntities } from '../shared/lesson.ts'
import { MAX_ENTITY_REFS } from './api-validators.ts'
import type { RecordedExperiment } from '../shared/journal.ts'

export interface ExperimentServiceOptions {
  /** The running lab (started if it is not). */
  lab: () => Promise<Tweakable>
  /** An open capture's resolutions and connections (the analyzer's worker holds them). */
  entities: (captureId: string, refs: EntityRefs) => Promise<LessonEntities>
}

/** Resolutions and connections of one recording read for the comparison (a page load has tens; the
 * API's own bound per capture.entities call). */
export const MAX_COMPARED_ENTITIES = MAX_ENTITY_REFS

export class ExperimentService {
  readonly #lab: () => Promise<Tweakable>
  readonly #entities: ExperimentServiceOptions['entities']
  /** `kept`: the first and the latest recording made under it (what is compared); `count`: all of them. */
  #active: { id: ExperimentId; undo: () => void; kept: RecordingSummary[]; count: number } | null = null
  /** Starts and ends run one after another, so two quick clicks never leave a change behind. */
  #queue: Promise<unknown> = Promise.resolve()

  constructor(options: ExperimentServiceOptions) {
    this.#lab = options.lab
    this.#entities = options.entities
  }

  state(): ExperimentsState {
    const kept = this.#active?.kept ?? []
    const [first] = kept
    const latest = kept.at(-1)
    return {
      experiments: EXPERIMENT_IDS.map(experimentInfo),
      active: this.#active?.id ?? null,
      recordings: this.#active?.count ?? 0,
      // Recordings of different requests (the methods experiment) are not the same load twice.
      comparison: first !== undefined && latest !== undefined && latest !== first && this.#active !== null && EXPERIMENTS[this.#active.id].record.requests === undefined ? compareRecordings(first, latest) : null,
    }
  }

  /** A recording was opened: one made under the experiment in force (its journal says so) is kept,
   * summarised, for the comparison of the first against the latest. */
  async recorded(opened: OpenedCapture): Promise<void> {
    const active = this.#active
    const { walkthrough } = opened
    if (active === null || walkthrough.recording?.experiment?.id !== active.id) return
    const indexes = (count: number): number[] => Array.from({ length: Math.min(count, MAX_COMPARED_ENTITIES) }, (_, i) => i)
    const entities = await this.#entities(opened.captureId, { resolutions: indexes(walkthrough.counts.resolutions), connections: indexes(walkthrough.counts.connections) })
    const inOrder = <T>(byIndex: Record<number, T>): T[] => Object.entries(byIndex).sort(([a], [b]) => Number(a) - Number(b)).map(([, value]) => value)
    const summary = summarizeRecording({ source: walkthrough.source, recording: walkthrough.recording, resolutions: inOrder(entities.resolutions), connections: inOrder(entities.connections) })
    // Ended or replaced meanwhile: not this experiment's any more.
    if (this.#active !== active) return
    // The first and the latest are what is compared: the ones between need not be kept.
    active.kept.splice(1)
    active.kept.push(summary)
    active.count++
  }

  /** Ends the one in force, then makes `id`'s changes (an unknown id is refused first, changing nothing). */
  start(id: string): Promise<ExperimentsState> {
    const experiment = experimentNamed(id)
    return this.#serial(async () => {
      const lab = await this.#lab()
      this.#endNow()
      this.#active = { id: experiment.id, undo: startExperiment(lab, experiment.id), kept: [], count: 0 }
      return this.state()
    })
  }

  end(): Promise<ExperimentsState> {
    return this.#serial(async () => {
      this.#endNow()
      return this.state()
    })
  }

  /** What a recording made now is under (written to its journal), or undefined for none. */
  inForce(): RecordedExperiment | undefined {
    if (this.#active === null) return undefined
    return { id: this.#active.id, changes: experimentNamed(this.#active.id).changes.en }
  }

  #endNow(): void {
    const active = this.#active
    this.#active = null
    active?.undo()
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
