// Questions on the open capture (issue 14 §2): the question set and its scores come from the
// engine (capture.questions: derived in the analyzer's worker), and every answer is checked there
// (capture.checkAnswer) against the capture's bytes — nothing here knows an expected answer before
// the engine says the question was answered. A field answers a question when the learner selects
// it in the packet's field tree or hex view (the packet pane reports it with pickField) and then
// chooses "Answer with this field".
import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ApiError } from '../../src-main/shared/api.ts'
import type { QuestionKind, QuestionScores, QuestionSession, Verdict } from '../../src-main/shared/questions.ts'
import type { DecodedField, PacketDetail } from '../../src-main/shared/walkthrough.ts'
import { useApi } from '../api/index.ts'
import { toApiError } from '../lib/api-error.ts'
import type { FieldPath } from '../lib/field-tree.ts'
import { useCaptureStore } from './capture.ts'
import { usePlayerStore } from './player.ts'

/** The field selected in the packet pane, as an answer would name it. */
export interface PickedField {
  frame: number
  key: string
  offset: number
  length: number
  display: string
}

/** The field at a field-tree path ("layer/child/child…"); a layer's own row is not a field. */
export function fieldAtPath(detail: PacketDetail, path: FieldPath): DecodedField | null {
  const [layer, ...indexes] = path.split('/').map(Number)
  let fields: readonly DecodedField[] | undefined = detail.layers[layer ?? -1]?.fields
  let field: DecodedField | null = null
  for (const i of indexes) {
    field = fields?.[i] ?? null
    if (field === null) return null
    fields = field.children
  }
  return field
}

export const useQuestionsStore = defineStore('questions', () => {
  const capture = useCaptureStore()
  const open = ref(false)
  const loading = ref(false)
  const session = shallowRef<QuestionSession | null>(null)
  const error = ref<ApiError | null>(null)
  const verdicts = ref<Partial<Record<QuestionKind, Verdict>>>({})
  const checking = ref<QuestionKind | null>(null)
  const picked = ref<PickedField | null>(null)
  /** The questions a teacher hands out (all of them until unticked), and where the file went. */
  const handOut = ref<ReadonlySet<QuestionKind>>(new Set())
  const exported = ref<string | null>(null)

  const scores = computed<QuestionScores | null>(() => session.value?.scores ?? null)
  const rightCount = computed(() => Object.values(scores.value?.byQuestion ?? {}).filter((s) => s.right).length)
  const firstTryCount = computed(() => Object.values(scores.value?.byQuestion ?? {}).filter((s) => s.firstTry).length)

  /** Questions whose answer the learner asked to see (given up, or to check the proof). */
  const revealed = ref<ReadonlySet<QuestionKind>>(new Set())

  // Another capture: its own questions, scores and selection.
  watch(
    () => capture.opened?.captureId ?? null,
    () => {
      session.value = null
      verdicts.value = {}
      revealed.value = new Set()
      picked.value = null
      error.value = null
      exported.value = null
      if (open.value) void load()
    },
  )

  async function load(): Promise<void> {
    const opened = capture.opened
    if (opened === null) return
    loading.value = true
    error.value = null
    try {
      const got = await useApi().call('capture.questions', opened.captureId)
      if (capture.opened?.captureId === opened.captureId) {
        session.value = got
        handOut.value = new Set(got.questions.map((q) => q.kind))
      }
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      loading.value = false
    }
  }

  function toggle(): void {
    open.value = !open.value
    if (open.value && session.value === null) void load()
  }

  /** Opens the panel (the menu's Analyze → Questions on This Capture); open already, it stays. */
  function show(): void {
    if (!open.value) toggle()
  }

  /** The packet pane's selection changed: remember the field (null: nothing, or a layer's row). */
  function pickField(detail: PacketDetail | null, path: FieldPath | null): void {
    const field = detail && path !== null ? fieldAtPath(detail, path) : null
    picked.value = detail && field && !field.generated ? { frame: detail.frame, key: field.key, offset: field.offset, length: field.length, display: field.display } : null
  }

  async function check(kind: QuestionKind, answer: { by: 'value'; text: string } | { by: 'field'; frame: number; key: string; offset: number }): Promise<void> {
    const opened = capture.opened
    if (opened === null || session.value === null) return
    checking.value = kind
    try {
      const result = await useApi().call('capture.checkAnswer', opened.captureId, kind, answer)
      if (capture.opened?.captureId !== opened.captureId) return
      verdicts.value = { ...verdicts.value, [kind]: result.verdict }
      session.value = { ...session.value, scores: result.scores }
    } catch (e) {
      error.value = toApiError(e)
    } finally {
      checking.value = null
    }
  }

  function answerTyped(kind: QuestionKind, text: string): Promise<void> {
    return check(kind, { by: 'value', text })
  }

  function answerWithPicked(kind: QuestionKind): Promise<void> {
    const p = picked.value
    if (p === null) return Promise.resolve()
    return check(kind, { by: 'field', frame: p.frame, key: p.key, offset: p.offset })
  }

  function reveal(kind: QuestionKind): void {
    revealed.value = new Set([...revealed.value, kind])
  }

  function toggleHandOut(kind: QuestionKind): void {
    const next = new Set(handOut.value)
    if (!next.delete(kind)) next.add(kind)
    handOut.value = next
  }

  /** Writes the question set with its capture as one pcapng (a save dialog, or a download). */
  async function exportSet(): Promise<void> {
    const opened = capture.opened
    if (opened === null || session.value === null) return
    const kinds = session.value.questions.map((q) => q.kind).filter((k) => handOut.value.has(k))
    try {
      const path = await useApi().call('capture.exportQuestions', opened.captureId, kinds)
      if (path !== null) exported.value = path
    } catch (e) {
      error.value = toApiError(e)
    }
  }

  /** The step that explains a question: the player goes there (its frames, its tab). */
  function explain(kind: QuestionKind): void {
    const step = session.value?.questions.find((q) => q.kind === kind)?.step
    if (step !== null && step !== undefined) usePlayerStore().go(step)
  }

  return { open, loading, session, error, verdicts, checking, picked, revealed, handOut, exported, scores, rightCount, firstTryCount, load, toggle, show, pickField, answerTyped, answerWithPicked, reveal, explain, toggleHandOut, exportSet }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useQuestionsStore, import.meta.hot))
