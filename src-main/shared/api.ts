// The one typed API between the renderer and the engine. The Electron preload exposes exactly these
// operations (as named functions on `window.wiretrail`, see API_FUNCTIONS), and the browser shell
// serves the same map over loopback HTTP with a per-run token; the renderer cannot tell which it
// talks to. Main-side handlers validate every argument (never trust the renderer) and check the
// sender (src-main/services/api-validators.ts, src-main/electron/ipc.ts, src-main/shell/server.ts).
//
// ── For the renderer (how to call it) ────────────────────────────────────────────────────────────
//   import { api } from '@/api'  (src-renderer/api/index.ts; or `useApi()` inside components)
//   const opened = await api.call('capture.record', { url, target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
//   const detail = await api.call('capture.packet', opened.captureId, 3)
//   const off = api.on('progress', (p) => { ... })   // returns the unsubscribe function
//   await api.openFile(file)                          // a dropped File or one from <input type=file>
// A failed call rejects with a WiretrailError (src-main/shared/errors.ts): show `error.message`
// (it names what is wrong), branch on `error.code`. Never a stack.
//
// Events the renderer should handle (api.on / useApiEvent):
//   progress      a recording or open in progress: a bar from bytesRead/totalBytes, `frames`, and
//                 once a `preview` lesson of the part already read (large files)
//   opened        a capture opened outside the renderer (command line, OS, second instance): show it
//   open-failed   the same, but it could not be opened: show error.message
//   open-request  Electron's Open Recent: ask about unsaved work, then capture.openPath(path)
//   menu          Electron's native menu: 'new-recording', 'open' (→ capture.openDialog),
//                 'save-as-pcap'/'save-as-pcapng' (→ capture.saveAs), 'export-text', 'export-html', 'help-chapters'
//                 and 'about' (show the app's panels), 'questions' (open the questions panel), 'presenter' and 'toggle-outline' (the layout); 'theme-*'/'language-*' arrive too, but the
//                 shell has already stored them and sends `preferences`. Page zoom is done by the
//                 Electron shell itself (no menu event).
//   preferences   language/theme changed: apply them
//   discarded     main deleted an unsaved recording (Electron's close prompt, Discard): forget it
// In the browser shell there is no native menu: draw the in-page menu bar from `app.menu` (same
// items and labels, in the current language) and act on an item's `command` or `recentPath`
// directly; `action` 'clear-recent' → recent.clear; 'zoom-*' → zoom the page as you see fit.
// Before replacing or closing an `unsaved` capture, ask; `capture.close` keeps its files (listed
// by recordings.unsaved, offered again at the next start), `capture.discard` deletes them.
//
// Pure types plus two name tables. Ownership: the shell area (Electron main/preload + browser shell)
// owns this file; the renderer area consumes it. Changes are additive where possible.

import type { WalkthroughComparison } from './comparison.ts'
import type { WiretrailErrorJson } from './errors.ts'
import type { CheckedAnswer, QuestionAnswer, QuestionKind, QuestionSession } from './questions.ts'
import type { ResolverChoice } from './resolver-events.ts'
import type { EntityRefs, LessonEntities, LessonPreview, LessonWindow, StepList, StepQuery, StepTarget, WalkthroughOverview } from './lesson.ts'
import type { Conversation, ConversationKind, FindRequest, FollowedStream, FoundFrame, FrameQuery, FrameSummary, FrameView, HttpBody, LocalizedText, PacketDetail, ProtocolNode } from './walkthrough.ts'

export type Target = 'lab' | 'internet'
/** 'nearby' (as in the notes; lab only), 'iterative' (from this computer), 'stub' (to another server). */
export type ResolverMode = ResolverChoice
export type CaptureFormat = 'pcap' | 'pcapng'
/** What the walkthrough is exported as: text, or the self-contained HTML handout. */
export type ExportKind = 'text' | 'html'
export type Language = 'en' | 'ko'
export type Theme = 'light' | 'dark' | 'system'

export interface RecordRequest {
  /** An http(s) URL (the page and what it names), or a dns: URI (RFC 4501, e.g.
   * "dns:cyber.co.kr?type=MX") for a DNS lookup recorded on its own. */
  url: string
  /** The page's request method (default GET); POST sends `form` as its message body, PUT `body`. */
  method?: RecordMethod
  /** POST only: the form's fields, in order, sent as application/x-www-form-urlencoded. */
  form?: [string, string][]
  /** PUT only: the file's new content, sent as text/plain; charset=utf-8 (at most MAX_BODY_TEXT
   * characters). */
  body?: string
  target: Target
  resolverMode: ResolverMode
  format: CaptureFormat
  /** Stub mode server "ip[:port]"; default: the lab's local DNS server (lab) or the OS's (internet). */
  stub?: string
  /** Iterative mode root overrides "ip[:port]"; default: the lab root (lab) or IANA's roots. */
  roots?: string[]
  /** Internet target, iterative: a root hints file (named.root format, an absolute path) to prime
   * from instead of IANA's named.root (built in); read before anything is recorded. */
  rootHints?: string
  /** 'synthesized' (default): frames written from the app's own socket events, needs no rights;
   * 'kernel': the kernel's packets, captured by tcpdump where this user may (capture.kernelCapture). */
  packets?: PacketsSource
}

export type PacketsSource = 'synthesized' | 'kernel'
/** The methods a recording's request may use (STORY 01 §4): GET reads the file at the URI, HEAD
 * only its header, POST sends a form to the program at the URI, PUT replaces (or creates) the file
 * with `body`, DELETE deletes it, OPTIONS asks which methods the URI allows, TRACE has the server
 * send back the request line and headers it received. */
export const RECORD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'] as const
export type RecordMethod = (typeof RECORD_METHODS)[number]
/** At most this many characters in a PUT's body. */
export const MAX_BODY_TEXT = 16 * 1024
/** At most this many form fields, each name and value at most MAX_FORM_TEXT characters. */
export const MAX_FORM_FIELDS = 32
export const MAX_FORM_TEXT = 4096

/** Whether tcpdump may capture here (it needs root, or CAP_NET_RAW on tcpdump / the pcap group). */
export interface KernelCaptureSupport {
  available: boolean
  /** Why not, in tcpdump's own words, when it is not available. */
  reason?: string
}

export interface OpenedCapture {
  /** Handle for later calls (packet detail, save, export, close). */
  captureId: string
  /** The walkthrough without its per-conversation arrays (src-main/shared/lesson.ts): the source,
   * counts, file problems, the first frames and the step outline. */
  walkthrough: WalkthroughOverview
  /** The lesson's first window of steps with the entities they name (a page load's whole lesson);
   * later windows come from capture.steps. */
  lesson: LessonWindow
  /** The file on disk (recordings live in the app's unsaved-recordings folder until saved; a file
   * opened from bytes in the browser shell lives in a temporary copy). */
  path: string
  /** True for a fresh recording not yet saved by the user: ask before `capture.discard`. */
  unsaved: boolean
  /** The capture's format on disk (Save As converts when another is asked for). */
  format: CaptureFormat
  /** The journal beside the capture (`<capture>.wiretrail.jsonl`), or null when there is none. */
  journalPath: string | null
  /** A recording whose page did not load (a refused connection, a name that does not exist …):
   * why, as the recorder said it; the capture holds everything up to the failure. */
  loadFailure?: ApiError
}

export interface Progress {
  /** Which operation: a recording being made, a capture being read and analysed, or a display
   * filter dissecting frames (capture.view with a filter the frame index cannot answer alone). */
  operation: 'record' | 'open' | 'filter'
  stage: 'starting-lab' | 'resolving' | 'connecting' | 'transferring' | 'writing' | 'reading' | 'analyzing' | 'filtering' | 'done'
  bytesRead?: number
  totalBytes?: number
  frames?: number
  /** A display filter: frames to look at in all (`frames` of them done). */
  totalFrames?: number
  message?: LocalizedText
  /** Once, while a large capture is still being read: the lesson of the part read so far (its
   * overview and first window), so the renderer can show it before the end (the final one comes
   * with the call's result). */
  preview?: LessonPreview
}

export interface Preferences {
  language: Language
  theme: Theme
}

export interface AppInfo {
  version: string
  shell: 'electron' | 'browser'
  platform: string
  /** The lab page the URL bar starts with. */
  defaultUrl: string
  /** Most recent first (at most 10), persisted in the user's config folder. */
  recent: string[]
  preferences: Preferences
}

/** A recording kept because it was never saved (this run or an earlier one that quit or crashed).
 * Offer to open (capture.openPath) or discard (capture.discardPath) it. */
export interface UnsavedRecording {
  path: string
  /** The URL it loaded, from its journal, when readable. */
  url: string | null
  /** ISO 8601 time the file was last written. */
  recordedAt: string
  sizeBytes: number
  /** Open in this run right now (its captureId), or null. */
  captureId: string | null
}

/** What the menus (or the OS) ask the renderer to do. */
export type MenuCommand =
  | 'new-recording'
  | 'open'
  | 'save-as-pcap'
  | 'save-as-pcapng'
  | 'export-text'
  | 'export-html'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-reset'
  | 'theme-light'
  | 'theme-dark'
  | 'theme-system'
  | 'language-en'
  | 'language-ko'
  | 'help-chapters'
  /** View → Presenter View (F5): the renderer switches it on or off. */
  | 'presenter'
  /** View → Step Outline: the renderer shows or hides it. */
  | 'toggle-outline'
  | 'about'
  /** Go → Go to Packet… (Ctrl+G) and Find Packet… (Ctrl+F): the bars above the packet list. */
  | 'go-to-packet'
  | 'find-packet'
  /** Analyze → Follow TCP Stream: the selected frame's connection. */
  | 'follow-tcp-stream'
  /** Analyze → Questions on This Capture (F2): the questions panel opens (issue 14 §2). */
  | 'questions'
  /** Statistics → Conversations / Protocol Hierarchy. */
  | 'statistics-conversations'
  | 'statistics-hierarchy'

/** The application menu as data, in the current language: Electron builds its native menu from it,
 * and the browser shell's in-page menu bar can draw the same thing (`app.menu`). */
export interface MenuModelItem {
  /** Stable id for tests and keyboard focus, e.g. "file.open", "file.recent.0". */
  id: string
  label: string
  /** Electron accelerator syntax ("CmdOrCtrl+O"). */
  accelerator?: string
  type?: 'normal' | 'separator' | 'radio'
  checked?: boolean
  enabled?: boolean
  /** Send this to the renderer (Electron: the `menu` event; in-page menu: handle it directly). */
  command?: MenuCommand
  /** An Open Recent entry: call capture.openPath(recentPath) (after asking about unsaved work). */
  recentPath?: string
  /** Handled by the shell itself: quit the app, clear the recent list, page zoom, dev tools. */
  action?: 'quit' | 'clear-recent' | 'zoom-in' | 'zoom-out' | 'zoom-reset'
  submenu?: MenuModelItem[]
}

export interface MenuModel {
  language: Language
  menus: MenuModelItem[]
}

/** One experiment on the running lab (src-main/lab/experiments/, issue 14 §1), as the Experiments
 * panel shows it: what it changes, what to record and what to look for, how it is undone. */
export interface ExperimentInfo {
  /** Its name in the table (`wiretrail record --experiment ID`). */
  id: string
  title: LocalizedText
  changes: LocalizedText
  lookFor: LocalizedText
  undo: LocalizedText
  /** The URL to record (an http URL of the lab, or a dns: lookup). */
  url: string
  /** How many recordings the experiment asks for, and the pause before each after the first (ms). */
  recordings: number
  pausesMs: number[]
  /** When each recording sends its own request (the methods experiment): the n-th recording's
   * request, and what it does. Absent: every recording is a GET of `url`. */
  requests?: ExperimentRequestInfo[]
}

export interface ExperimentRequestInfo {
  url: string
  method: RecordMethod
  form?: [string, string][]
  body?: string
  does: LocalizedText
}

/** The experiments and the one in force on the app's lab (null: none; the lab is as its zone files say). */
export interface ExperimentsState {
  experiments: ExperimentInfo[]
  active: string | null
  /** Recordings of the lab made under the one in force (opened by capture.record), and — from the
   * second on — the first of them against the latest, step against step (cold vs warm). */
  recordings: number
  comparison: WalkthroughComparison | null
}

export interface WiretrailApi {
  'app.info': () => Promise<AppInfo>
  /** Stores language/theme (persisted); the shell relabels its menu and emits `preferences`. */
  'app.setPreferences': (preferences: Partial<Preferences>) => Promise<Preferences>
  /** The menu as data in the current language (for the browser shell's in-page menu bar). */
  'app.menu': () => Promise<MenuModel>
  'recent.list': () => Promise<string[]>
  'recent.clear': () => Promise<void>
  /** Records a page load into the unsaved-recordings folder and analyses it; `progress` events
   * (operation 'record', then 'open') while it runs. */
  'capture.record': (request: RecordRequest) => Promise<OpenedCapture>
  /** Checks a recording request and does nothing else: rejects with the recorder's coded error
   * (URL_OTHER_ACCESS_METHOD for ftp:, …) when it cannot be recorded. The renderer asks this
   * before it asks whether to discard an unsaved recording, so a URL that cannot be recorded is
   * refused first and costs the user nothing. */
  'capture.checkRequest': (request: RecordRequest) => Promise<void>
  /** Cancels the recording or open in progress (its call rejects with code CANCELLED). */
  'capture.cancel': () => Promise<void>
  /** Whether recordings may take the kernel's packets (tries tcpdump once, then remembers). */
  'capture.kernelCapture': () => Promise<KernelCaptureSupport>
  /** Shows a file chooser: Electron's open dialog; in the browser shell a file picker in the page
   * (the client does this; call it from a click/key handler). Null when cancelled. */
  'capture.openDialog': () => Promise<OpenedCapture | null>
  /** Opens a recent file or a dropped file's path. */
  'capture.openPath': (path: string) => Promise<OpenedCapture>
  /** Opens bytes the renderer has (browser shell drag and drop / file input), with the recording's
   * journal (`<capture>.wiretrail.jsonl`) when the user gave it too, so a saved recording reopens
   * with everything it showed live. Prefer `api.openFiles(files)`, which picks openPath or
   * openBytes for the shell and finds the journal among the files. */
  'capture.openBytes': (name: string, bytes: Uint8Array, journal?: Uint8Array) => Promise<OpenedCapture>
  'capture.packet': (captureId: string, frame: number) => Promise<PacketDetail>
  /** Frame summaries `start`…`start+count−1` (1-based), for paging past walkthrough.frames, which
   * holds only the first 20000 of a large capture. At most 5000 per call. */
  'capture.frames': (captureId: string, start: number, count: number) => Promise<FrameSummary[]>
  /** One HTTP exchange's request or response body (`exchange` indexes walkthrough.http): the body
   * reassembled from every segment, de-chunked and decompressed, with the bytes as sent and which
   * frame carried them; up to 1 MiB of each (the totals say how much there is). */
  'capture.httpBody': (captureId: string, exchange: number, part: 'request' | 'response') => Promise<HttpBody>
  /** A view of the packet list: the frames a query keeps (protocols, a connection, a frame list, a
   * display filter in Wireshark's syntax), sorted by a column — made in the analyzer's worker over
   * its frame index, so it costs the same for a million frames. Then page its rows with
   * capture.rows. The newest views are kept (8). A filter that does not parse rejects with a
   * FILTER_* code whose message starts "column N:" and whose details hold the token's start/end; a
   * filter on fields the index lacks dissects frames, with `progress` events (operation 'filter'),
   * and rejects with CANCELLED when capture.cancelFilter is called or a newer filter starts. */
  'capture.view': (captureId: string, query: FrameQuery) => Promise<FrameView>
  /** Stops the display filter running on this capture, if any. */
  'capture.cancelFilter': (captureId: string) => Promise<void>
  /** Find (Ctrl+F): the next frame of a view (null: every frame) after a position, or before it
   * backwards, that a display filter keeps, wrapping once; null when none. Made in the worker as a
   * filtered view is (same errors, progress and cancellation). */
  'capture.find': (captureId: string, request: FindRequest) => Promise<FoundFrame | null>
  /** Follow TCP stream: what each side of TCP stream `connection` sent, in delivery order. */
  'capture.follow': (captureId: string, connection: number) => Promise<FollowedStream>
  /** Statistics → Conversations (tcp, udp, ip, ipv6), from the frame index. */
  'capture.conversations': (captureId: string, kind: ConversationKind) => Promise<Conversation[]>
  /** Statistics → Protocol Hierarchy, from the frame index. */
  'capture.protocolHierarchy': (captureId: string) => Promise<ProtocolNode[]>
  /** Questions on this capture (issue 14 §2): those it can answer, each with the step that
   * explains it, and the capture's scores so far (kept per capture identity). The expected answers
   * stay in the engine's hands too: the window shows them once answered. */
  'capture.questions': (captureId: string) => Promise<QuestionSession>
  /** Checks a typed value or a clicked field (frame, key, offset: re-read from the capture) against
   * the capture's bytes; the verdict joins the capture's scores. Rejects with ANALYZER_BAD_QUESTION
   * for a question the capture does not hold. */
  'capture.checkAnswer': (captureId: string, question: QuestionKind, answer: QuestionAnswer) => Promise<CheckedAnswer>
  /** A teacher's question set with its capture as one file for a class: a pcapng carrying the
   * journal inside with a record naming the questions chosen (their answers are derived again from
   * the packets where it is opened). Asked where as Save As is (browser shell: a download); the
   * path, or null when cancelled. Rejects with QUESTIONS_NONE_CHOSEN / QUESTIONS_NOT_ANSWERABLE. */
  'capture.exportQuestions': (captureId: string, kinds: QuestionKind[]) => Promise<string | null>
  /** Saves bytes the renderer made (Follow TCP stream's text or raw bytes) where the user says (a
   * save dialog; the browser shell downloads them in the page). The path, or null when cancelled. */
  'capture.saveFile': (suggestedName: string, content: Uint8Array) => Promise<string | null>
  /** Rows `start`…`start+count−1` (0-based positions) of a view; at most 5000 per call. */
  'capture.rows': (captureId: string, view: number, start: number, count: number) => Promise<FrameSummary[]>
  /** Where frame `frame` (1-based) is in a view (0-based position), or null when it is not in it. */
  'capture.position': (captureId: string, view: number, frame: number) => Promise<number | null>
  /** Steps `start`…`start+count−1` (0-based) of the lesson with the entities they name; at most
   * LESSON_WINDOW per call. The player, timeline and diagram show one window at a time. */
  'capture.steps': (captureId: string, start: number, count: number) => Promise<LessonWindow>
  /** DNS transactions, resolutions, connections, HTTP exchanges and TLS sessions by index, with
   * what each names (a pane shown for a packet outside the current window). */
  'capture.entities': (captureId: string, refs: EntityRefs) => Promise<LessonEntities>
  /** Steps by words (either language), concept, kind and index range: the outline's search and a
   * folded run's members. */
  'capture.findSteps': (captureId: string, query: StepQuery) => Promise<StepList>
  /** The step a clicked packet, phase bar or hop bar goes to (null: none). */
  'capture.stepFor': (captureId: string, target: StepTarget) => Promise<number | null>
  /** Saves the capture (and its journal beside it), converting when the format differs; returns
   * the path, or null when cancelled. In the browser shell the files are offered as downloads and
   * the result is the capture's file name. */
  'capture.saveAs': (captureId: string, format: CaptureFormat) => Promise<string | null>
  /** Writes formatWalkthroughText's text in the UI's language (Electron: a save dialog; browser: a
   * download); returns the path (browser: the file name), or null when cancelled. */
  'capture.exportText': (captureId: string) => Promise<string | null>
  /** Writes the self-contained HTML handout (steps, explanations, bytes, referral chains, sequence
   * diagram as SVG; no script) in the UI's language, as capture.exportText does. */
  'capture.exportHtml': (captureId: string) => Promise<string | null>
  /** Releases the capture. An unsaved recording's files are kept (see recordings.unsaved). */
  'capture.close': (captureId: string) => Promise<void>
  /** The user agreed to throw an unsaved recording away: closes it and deletes its files. */
  'capture.discard': (captureId: string) => Promise<void>
  /** Recordings never saved (kept from this run or earlier ones). */
  'recordings.unsaved': () => Promise<UnsavedRecording[]>
  /** Deletes one of those by path (only files inside the unsaved-recordings folder). */
  'recordings.discardPath': (path: string) => Promise<void>
  /** Keeps every unsaved recording that is not open in this run (those left from earlier runs):
   * moves each with its journal into the kept-recordings folder and adds it to Open Recent, so it
   * is no longer offered as unsaved. Returns the new paths, most recent first. */
  'recordings.keepAll': () => Promise<string[]>
  /** Deletes every unsaved recording that is not open in this run. */
  'recordings.discardAll': () => Promise<void>
  /** The lab experiments and the one in force. */
  'experiments.list': () => Promise<ExperimentsState>
  /** Makes experiment `id`'s changes to the app's running lab (started if need be; in memory, the
   * zone files never change), ending the one in force first. Recordings of the lab target made
   * while it is in force name it in their journal. An unknown id is refused with
   * LAB_UNKNOWN_EXPERIMENT (listing the names) before anything happens. */
  'experiments.start': (id: string) => Promise<ExperimentsState>
  /** Undoes the experiment in force (nothing when none); also done when the app quits. */
  'experiments.end': () => Promise<ExperimentsState>
}

export type ApiName = keyof WiretrailApi
export type ApiArgs<K extends ApiName> = Parameters<WiretrailApi[K]>
export type ApiReturn<K extends ApiName> = Awaited<ReturnType<WiretrailApi[K]>>

/** Events pushed from the engine to the renderer. */
export interface WiretrailEvents {
  progress: Progress
  /** A menu item (native menu or OS) the renderer acts on. */
  menu: MenuCommand
  /** A capture opened outside the renderer (command line, file association, second instance, OS
   * drop on the dock icon). Delivered even when it happened before the renderer subscribed. */
  opened: OpenedCapture
  /** A capture named outside the renderer could not be opened (the message says why). Queued like
   * `opened`. */
  'open-failed': { path: string; error: ApiError }
  /** The user chose a file in the native Open Recent menu: ask about unsaved work, then call
   * capture.openPath(path). */
  'open-request': { path: string }
  /** Language/theme changed (native View menu or app.setPreferences). */
  preferences: Preferences
  /** The engine deleted an open unsaved recording the user agreed to lose outside the renderer
   * (Electron's close prompt: Discard): forget it; it is no longer unsaved, nor open. */
  discarded: { captureId: string }
}

export type EventName = keyof WiretrailEvents

/** How a failed call reaches the renderer: the error's code and message, never a stack. */
export type ApiError = WiretrailErrorJson

/** What every call returns on the wire (IPC and HTTP); the renderer client unwraps it and throws
 * a WiretrailError for `ok: false`, so Electron's "Error invoking remote method" never shows. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError }

/** The preload's function name for each operation (`window.wiretrail.<name>`). */
export const API_FUNCTIONS = {
  'app.info': 'appInfo',
  'app.setPreferences': 'setPreferences',
  'app.menu': 'menu',
  'recent.list': 'recentFiles',
  'recent.clear': 'clearRecentFiles',
  'capture.record': 'record',
  'capture.checkRequest': 'checkRecordRequest',
  'capture.cancel': 'cancel',
  'capture.kernelCapture': 'kernelCapture',
  'capture.openDialog': 'openDialog',
  'capture.openPath': 'openPath',
  'capture.openBytes': 'openBytes',
  'capture.packet': 'packet',
  'capture.frames': 'frames',
  'capture.httpBody': 'httpBody',
  'capture.view': 'view',
  'capture.rows': 'rows',
  'capture.position': 'position',
  'capture.cancelFilter': 'cancelFilter',
  'capture.find': 'find',
  'capture.follow': 'follow',
  'capture.conversations': 'conversations',
  'capture.protocolHierarchy': 'protocolHierarchy',
  'capture.questions': 'questions',
  'capture.checkAnswer': 'checkAnswer',
  'capture.exportQuestions': 'exportQuestions',
  'capture.saveFile': 'saveFile',
  'capture.steps': 'steps',
  'capture.entities': 'entities',
  'capture.findSteps': 'findSteps',
  'capture.stepFor': 'stepFor',
  'capture.saveAs': 'saveAs',
  'capture.exportText': 'exportText',
  'capture.exportHtml': 'exportHtml',
  'capture.close': 'close',
  'capture.discard': 'discard',
  'recordings.unsaved': 'unsavedRecordings',
  'recordings.discardPath': 'discardRecording',
  'recordings.keepAll': 'keepUnsavedRecordings',
  'recordings.discardAll': 'discardUnsavedRecordings',
  'experiments.list': 'experiments',
  'experiments.start': 'startExperiment',
  'experiments.end': 'endExperiment',
} as const satisfies Record<ApiName, string>

/** The preload's subscription function for each event (`window.wiretrail.onProgress(listener)`). */
export const EVENT_SUBSCRIBERS = {
  progress: 'onProgress',
  menu: 'onMenu',
  opened: 'onOpened',
  'open-failed': 'onOpenFailed',
  'open-request': 'onOpenRequest',
  preferences: 'onPreferences',
  discarded: 'onDiscarded',
} as const satisfies Record<EventName, string>

export const API_NAMES = Object.keys(API_FUNCTIONS) as ApiName[]
export const EVENT_NAMES = Object.keys(EVENT_SUBSCRIBERS) as EventName[]

export function isApiName(value: unknown): value is ApiName {
  return typeof value === 'string' && Object.hasOwn(API_FUNCTIONS, value)
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EVENT_SUBSCRIBERS, value)
}

/** IPC channel names: `wiretrail:call:<api name>`, `wiretrail:event:<event name>`; the renderer
 * tells main it listens to an event with `wiretrail:listening` (queued `opened` events flush then). */
export const IPC_CALL_PREFIX = 'wiretrail:call:'
export const IPC_EVENT_PREFIX = 'wiretrail:event:'
export const IPC_LISTENING = 'wiretrail:listening'

/** `window.wiretrail` in Electron: every operation returns the ApiResult envelope; one `on…`
 * function per event returns its unsubscribe function; `pathForFile` is webUtils.getPathForFile
 * (the real path of a dropped File, "" for files that have none). */
export type WiretrailPreload = {
  readonly [K in ApiName as (typeof API_FUNCTIONS)[K]]: (...args: ApiArgs<K>) => Promise<ApiResult<ApiReturn<K>>>
} & {
  readonly [E in EventName as (typeof EVENT_SUBSCRIBERS)[E]]: (listener: (payload: WiretrailEvents[E]) => void) => () => void
} & {
  readonly pathForFile: (file: Blob) => string
  readonly shell: 'electron'
}
