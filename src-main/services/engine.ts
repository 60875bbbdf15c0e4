// The engine operations the services call, as one interface, so the services are tested with the
// real engine (test/shell/services-*.test.ts) and the shells get it from loadEngine().
// The types are the engine's own (src-main/recorder, analyzer, lab); nothing is re-declared here
// except the narrow shapes the services actually use.
import type { Tweakable } from '../lab/experiments/index.ts'
import type { CaptureFormat, Language, RecordMethod } from '../shared/api.ts'
import type { RecordedExperiment } from '../shared/journal.ts'
import type { ResolverChoice } from '../shared/resolver-events.ts'
import type { EntityRefs, LessonEntities, LessonPreview, LessonWindow, StepList, StepQuery, StepTarget, WalkthroughOverview } from '../shared/lesson.ts'
import type { Conversation, ConversationKind, FindRequest, FollowedStream, FoundFrame, FrameQuery, FrameSummary, FrameView, HttpBody, PacketDetail, ProtocolNode } from '../shared/walkthrough.ts'
import type { QuestionAnswer, QuestionKind, QuestionSet, Verdict } from '../shared/questions.ts'

export interface AnalyzeProgressLike {
  bytesRead?: number
  totalBytes?: number
  frames?: number
  preview?: LessonPreview
}

export interface AnalyzedCaptureLike {
  walkthrough: WalkthroughOverview
  lesson: LessonWindow
  /** The journal found inside the pcapng (null: beside it, or none). */
  embeddedJournal?: string | null
  detail(frame: number): PacketDetail | Promise<PacketDetail>
  frames(start: number, count: number): Promise<FrameSummary[]>
  httpBody(exchange: number, part: 'request' | 'response'): Promise<HttpBody>
  view(query: FrameQuery, options?: { onProgress?: (p: { done: number; total: number }) => void }): Promise<FrameView>
  /** Stops the display filter being run, if any. */
  cancelView(): Promise<void>
  rows(view: number, start: number, count: number): Promise<FrameSummary[]>
  position(view: number, frame: number): Promise<number | null>
  find(request: FindRequest, options?: { onProgress?: (p: { done: number; total: number }) => void }): Promise<FoundFrame | null>
  follow(connection: number): Promise<FollowedStream>
  conversations(kind: ConversationKind): Promise<Conversation[]>
  protocolHierarchy(): Promise<ProtocolNode[]>
  steps(start: number, count: number): Promise<LessonWindow>
  entities(refs: EntityRefs): Promise<LessonEntities>
  findSteps(query: StepQuery): Promise<StepList>
  stepFor(target: StepTarget): Promise<number | null>
  /** The walkthrough as text ("Export as text") and as the HTML handout, in a language, made where
   * the walkthrough is (the analyzer's worker). */
  text(language?: Language): Promise<string>
  html(language: Language): Promise<string>
  questions(): Promise<QuestionSet>
  checkAnswer(question: QuestionKind, answer: QuestionAnswer): Promise<Verdict>
  close(): void | Promise<void>
}

export interface RecordProgressLike {
  stage?: string
  message?: string
  /** What the message is about, the same in every language (recorder/types.ts RecordProgress). */
  subject?: string
  frames?: number
}

/** The lab the services hold; `tweaks` is how experiments change it (src-main/lab/tweaks.ts). */
export interface LabLike extends Tweakable {
  close(): void | Promise<void>
}

export interface EngineRecordOptions {
  url: string
  method?: RecordMethod
  form?: [string, string][]
  body?: string
  target: 'lab' | 'internet'
  resolverMode: ResolverChoice
  roots?: string[]
  /** A root hints file (internet target). */
  rootHints?: string
  stub?: string
  output: string
  format: CaptureFormat
  packets?: 'synthesized' | 'kernel'
  lab?: LabLike
  /** The experiment `lab` is under (the services' ExperimentService), written to the journal. */
  experiment?: RecordedExperiment
  onProgress?: (progress: RecordProgressLike) => void
  signal?: AbortSignal
}

export interface Engine {
  analyzeCapture(
    path: string,
    options: { journalPath?: string; onProgress?: (progress: AnalyzeProgressLike) => void; signal?: AbortSignal },
  ): Promise<AnalyzedCaptureLike>
  recordPageLoad(options: EngineRecordOptions): Promise<unknown>
  /** The lab for recordings of target 'lab' (started once, on the first such recording). */
  startLab(): Promise<LabLike>
  /** Rewrites a capture in the other format (same packets, same order, same timestamps); a pcapng
   * output carries `journal` inside it when given (its Custom Blocks, at the end). */
  convertCapture(input: string, output: string, format: CaptureFormat, journal?: string | null): Promise<void>
  /** Throws the recorder's coded error when the request cannot be recorded (checked before
   * anything else): a URL that is neither http(s) nor a dns: lookup, a form with a lookup. */
  checkRecordTarget(request: { url: string; method?: RecordMethod; form?: [string, string][]; body?: string }): Promise<void>
  /** Whether tcpdump may capture the lab's loopback traffic for this user. */
  kernelCaptureAvailable(): Promise<{ available: boolean; reason?: string }>
}
