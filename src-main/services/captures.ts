// The captures the app has open: recording a page load, opening a file (by path or by bytes),
// packet detail, Save As (with its journal, converting when the format differs), the walkthrough
// as text, closing, and the unsaved-recordings folder that keeps every recording until the user
// saves it or agrees to discard it. No Electron here: both shells call this.
import { randomUUID } from 'node:crypto'
import { copyFile, link, mkdir, readFile, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, relative, isAbsolute, resolve } from 'node:path'
import type { CaptureFormat, ExportKind, Language, OpenedCapture, Progress, RecordRequest, UnsavedRecording } from '../shared/api.ts'
import { toErrorJson, WiretrailError, type WiretrailErrorJson } from '../shared/errors.ts'
import { rewriteJournalCaptureFile, type JournalRecord, type RecordedExperiment } from '../shared/journal.ts'
import type { EntityRefs, LessonEntities, LessonWindow, StepList, StepQuery, StepTarget } from '../shared/lesson.ts'
import type { Conversation, ConversationKind, FindRequest, FollowedStream, FoundFrame, FrameQuery, FrameSummary, FrameView, HttpBody, PacketDetail, ProtocolNode } from '../shared/walkthrough.ts'
import { QUESTION_KINDS, type CheckedAnswer, type QuestionAnswer, type QuestionKind, type QuestionSession } from '../shared/questions.ts'
import type { AppDirs } from './app-dirs.ts'
import { QuestionScoreBook } from './question-scores.ts'
import { CAPTURE_EXTENSIONS, captureFormatToWrite, journalPathFor, notACaptureError, readHead, safeFileName, sniffCaptureFormat, withCaptureExtension } from './capture-files.ts'
import type { AnalyzedCaptureLike, Engine, LabLike } from './engine.ts'
import { cancelled, hasBytes, recordedUrl, removeCapture, saveError, writeLimited } from './capture-io.ts'
import { openProgress, recordProgress } from './engine-progress.ts'
import { exists, existsError, partialName, placeFile } from './save-file.ts'
import type { RecentFiles } from './recent-files.ts'

/** Where a capture came from decides what closing it does to its files. */
type Origin = 'file' | 'recording' | 'copy'

interface OpenEntry {
  id: string
  path: string
  format: CaptureFormat
  journalPath: string | null
  origin: Origin
  unsaved: boolean
  analyzed: AnalyzedCaptureLike
}

export interface CaptureServiceOptions {
  engine: Engine
  dirs: AppDirs
  recent: RecentFiles
  onProgress: (progress: Progress) => void
  /** An open capture was discarded (its files deleted): the renderer holding it must forget it. */
  onDiscarded?: (captureId: string) => void
  /** The lab experiment in force (ExperimentService.inForce): a recording of the lab target made
   * under one names it in its journal. */
  experimentInForce?: () => RecordedExperiment | undefined
  /** A capture opened or closed (hasOpen may have changed): the native menu enables what acts on one. */
  onOpenChanged?: () => void
  now?: () => Date
}

export class CaptureService {
  readonly #engine: Engine
  readonly #dirs: AppDirs
  readonly #recent: RecentFiles
  readonly #progress: (progress: Progress) => void
  readonly #discarded: (captureId: string) => void
  readonly #now: () => Date
  readonly #experiment: () => RecordedExperiment | undefined
  readonly #openChanged: () => void
  readonly #open = new Map<string, OpenEntry>()
  readonly #running = new Set<AbortController>()
  readonly #scores: QuestionScoreBook
  #lab: Promise<LabLike> | null = null

  constructor(options: CaptureServiceOptions) {
    this.#engine = options.engine
    this.#dirs = options.dirs
    this.#recent = options.recent
    this.#progress = options.onProgress
    this.#discarded = options.onDiscarded ?? (() => undefined)
    this.#now = options.now ?? (() => new Date())
    this.#experiment = options.experimentInForce ?? (() => undefined)
    this.#openChanged = options.onOpenChanged ?? (() => undefined)
    this.#scores = new QuestionScoreBook(options.dirs.config, this.#now)
  }

  /** Opens a capture the user chose (dialog, recent, drop, command line); it joins Open Recent.
   * A recording kept in the unsaved folder opens as what it is: unsaved, not a recent file. */
  async openPath(path: string): Promise<OpenedCapture> {
    if (resolve(dirname(path)) === resolve(this.#dirs.unsavedRecordings)) return this.#openFile(path, 'recording', true)
    try {
      const opened = await this.#openFile(path, 'file', false)
      await this.#recent.add(path)
      return opened
    } catch (error) {
      if (error instanceof WiretrailError && error.code === 'CAPTURE_NOT_FOUND') await this.#recent.remove(path)
      throw error
    }
  }

  /** Opens bytes the renderer read from a File (Electron, a File without a path): analysed from a
   * private copy, with its journal beside the copy when one was given. */
  async openBytes(name: string, bytes: Uint8Array, journal?: Uint8Array): Promise<OpenedCapture> {
    return this.openUpload(name, [bytes], bytes.length, bytes.length, journal)
  }

  /** Opens a capture arriving as a stream (the browser shell's upload), written to a private copy
   * as it comes so a large file is never held in memory; refuses more than `maxBytes`. A journal
   * given with it is written beside the copy, where the analyzer looks for it. */
  async openUpload(
    name: string,
    chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
    maxBytes: number,
    totalBytes?: number,
    journal?: Uint8Array,
  ): Promise<OpenedCapture> {
    const id = randomUUID()
    const folder = join(this.#dirs.openedCopies, id)
    await mkdir(folder, { recursive: true, mode: 0o700 })
    const upload = join(folder, 'upload')
    try {
      const received = await writeLimited(upload, chunks, maxBytes, (bytesRead) =>
        this.#progress({ operation: 'open', stage: 'reading', bytesRead, ...(totalBytes !== undefined ? { totalBytes } : {}) }),
      )
      const head = await readHead(upload)
      const format = sniffCaptureFormat(head)
      if (format === null) throw notACaptureError(name, head.subarray(0, received))
      const copy = join(folder, withCaptureExtension(safeFileName(name), format))
      await rename(upload, copy)
      if (journal !== undefined && journal.length > 0) await writeFile(journalPathFor(copy), journal, { mode: 0o600 })
      const opened = await this.#openFile(copy, 'copy', false, id)
      await this.#rememberUpload(copy)
      return opened
    } catch (error) {
      await rm(folder, { recursive: true, force: true })
      throw error
    }
  }

  /** Throws the recorder's coded error when the request cannot be recorded; does nothing else. */
  async checkRequest(request: RecordRequest): Promise<void> {
    await this.#engine.checkRecordTarget({ url: request.url, ...(request.method !== undefined ? { method: request.method } : {}), ...(request.form !== undefined ? { form: request.form } : {}), ...(request.body !== undefined ? { body: request.body } : {}) })
  }

  /** Records a page load into the unsaved-recordings folder, then analyses what was written. */
  async record(request: RecordRequest): Promise<OpenedCapture> {
    const controller = this.#track()
    try {
      await mkdir(this.#dirs.unsavedRecordings, { recursive: true, mode: 0o700 })
      const output = join(this.#dirs.unsavedRecordings, this.#recordingName(request.url, request.format))
      let lab: LabLike | undefined
      let experiment: RecordedExperiment | undefined
      if (request.target === 'lab') {
        this.#progress({ operation: 'record', stage: 'starting-lab' })
        lab = await this.#ensureLab()
        experiment = this.#experiment()
      }
      let failure: unknown = null
      let recorded: unknown = null
      try {
        recorded = await this.#engine.recordPageLoad({
          url: request.url,
          ...(request.method !== undefined ? { method: request.method } : {}),
          ...(request.form !== undefined ? { form: request.form } : {}),
          ...(request.body !== undefined ? { body: request.body } : {}),
          target: request.target,
          resolverMode: request.resolverMode,
          format: request.format,
          ...(request.packets !== undefined ? { packets: request.packets } : {}),
          output,
          ...(request.roots !== undefined ? { roots: request.roots } : {}),
          ...(request.rootHints !== undefined ? { rootHints: request.rootHints } : {}),
          ...(request.stub !== undefined ? { stub: request.stub } : {}),
          ...(lab !== undefined ? { lab } : {}),
          ...(experiment !== undefined ? { experiment } : {}),
          onProgress: (p) => this.#progress(recordProgress(p)),
          signal: controller.signal,
        })
      } catch (error) {
        failure = error
      }
      if (controller.signal.aborted) {
        // The user cancelled: what was written so far is not a recording anyone asked to keep.
        await removeCapture(output)
        throw cancelled(controller.signal)
      }
      // A load that failed part-way (a name that does not exist, a refused connection) still wrote
      // the packets up to the failure: that walkthrough is the lesson, so it is opened. Only when
      // nothing was written does the error reach the user as it is.
      if (failure !== null && !(await hasBytes(output))) throw failure
      const opened = await this.#openFile(output, 'recording', true, undefined, controller)
      // The user is told the page did not load, and why, beside the walkthrough that shows it.
      const loadFailure = failure !== null ? toErrorJson(failure) : pageFailureOf(recorded)
      return loadFailure === null ? opened : { ...opened, loadFailure }
    } finally {
      this.#running.delete(controller)
    }
  }

  async packet(captureId: string, frame: number): Promise<PacketDetail> {
    const entry = this.#entry(captureId)
    const frames = entry.analyzed.walkthrough.packets
    if (frame > frames) {
      throw new WiretrailError('FRAME_NOT_FOUND', `Frame ${frame} does not exist: ${basename(entry.path)} has ${frames} frame(s)`)
    }
    return entry.analyzed.detail(frame)
  }

  async httpBody(captureId: string, exchange: number, part: 'request' | 'response'): Promise<HttpBody> {
    const entry = this.#entry(captureId)
    const count = entry.analyzed.walkthrough.counts.http
    if (exchange >= count) throw new WiretrailError('EXCHANGE_NOT_FOUND', `HTTP exchange ${exchange + 1} does not exist: ${basename(entry.path)} has ${count} exchange(s)`)
    return entry.analyzed.httpBody(exchange, part)
  }

  async frames(captureId: string, start: number, count: number): Promise<FrameSummary[]> {
    const entry = this.#entry(captureId)
    const total = entry.analyzed.walkthrough.packets
    if (start > total) throw new WiretrailError('FRAME_NOT_FOUND', `Frame ${start} does not exist: ${basename(entry.path)} has ${total} frame(s)`)
    return entry.analyzed.frames(start, Math.min(count, total - start + 1))
  }

  /** A filtered and sorted view of the packet list, made over the analyzer's frame index. A display
   * filter that must dissect frames reports `progress` (operation 'filter') as it goes. */
  async view(captureId: string, query: FrameQuery): Promise<FrameView> {
    return this.#entry(captureId).analyzed.view(query, {
      onProgress: (p) => this.#progress({ operation: 'filter', stage: 'filtering', frames: p.done, totalFrames: p.total }),
    })
  }

  /** Stops the display filter running on this capture (its capture.view call rejects with CANCELLED). */
  async cancelFilter(captureId: string): Promise<void> {
    await this.#entry(captureId).analyzed.cancelView()
  }

  async rows(captureId: string, view: number, start: number, count: number): Promise<FrameSummary[]> {
    return this.#entry(captureId).analyzed.rows(view, start, count)
  }

  async position(captureId: string, view: number, frame: number): Promise<number | null> {
    return this.#entry(captureId).analyzed.position(view, frame)
  }

  /** Find: the next frame of a view that a display filter keeps (progress as a filter's). */
  async find(captureId: string, request: FindRequest): Promise<FoundFrame | null> {
    return this.#entry(captureId).analyzed.find(request, {
      onProgress: (p) => this.#progress({ operation: 'filter', stage: 'filtering', frames: p.done, totalFrames: p.total }),
    })
  }

  /** Follow TCP stream `connection`. */
  async follow(captureId: string, connection: number): Promise<FollowedStream> {
    return this.#entry(captureId).analyzed.follow(connection)
  }

  async conversations(captureId: string, kind: ConversationKind): Promise<Conversation[]> {
    return this.#entry(captureId).analyzed.conversations(kind)
  }

  async protocolHierarchy(captureId: string): Promise<ProtocolNode[]> {
    return this.#entry(captureId).analyzed.protocolHierarchy()
  }

  /** Steps of the lesson with the entities they name (the player's window). */
  async steps(captureId: string, start: number, count: number): Promise<LessonWindow> {
    return this.#entry(captureId).analyzed.steps(start, count)
  }

  async entities(captureId: string, refs: EntityRefs): Promise<LessonEntities> {
    return this.#entry(captureId).analyzed.entities(refs)
  }

  async findSteps(captureId: string, query: StepQuery): Promise<StepList> {
    return this.#entry(captureId).analyzed.findSteps(query)
  }

  async stepFor(captureId: string, target: StepTarget): Promise<number | null> {
    return this.#entry(captureId).analyzed.stepFor(target)
  }

  /** The questions this capture answers (made in the analyzer's worker) and its scores so far. */
  async questions(captureId: string): Promise<QuestionSession> {
    const set = await this.#entry(captureId).analyzed.questions()
    return { ...set, scores: await this.#scores.get(set.identity) }
  }

  /** Checks an answer against the capture's bytes and keeps the verdict in the capture's scores
   * (an answer that could not be read — not a number, not a field — is not an attempt). */
  async checkAnswer(captureId: string, question: QuestionKind, answer: QuestionAnswer): Promise<CheckedAnswer> {
    const analyzed = this.#entry(captureId).analyzed
    const verdict = await analyzed.checkAnswer(question, answer)
    const { identity } = await analyzed.questions()
    const scores = verdict.verdict === 'unreadable' ? await this.#scores.get(identity) : await this.#scores.record(identity, question, verdict.verdict)
    return { verdict, scores }
  }

  /** Writes the capture to `destination` in `format` (converting if needed) and its journal beside
   * it. Both are written in full under temporary names first and then put in place, so a failed
   * save leaves nothing half-written and the destination is the old file or the whole new one. An
   * existing file (or journal) is replaced only with `replace` (the user agreed: the save dialog
   * asked); otherwise the save fails with SAVE_EXISTS before anything is written. Replacing a
   * capture replaces its journal too: the old one is removed first, so no moment pairs the new
   * capture with the old journal. */
  async saveAs(captureId: string, format: CaptureFormat, destination: string, options: { replace?: boolean } = {}): Promise<string> {
    const entry = this.#entry(captureId)
    if (!isAbsolute(destination)) throw new WiretrailError('INVALID_ARGUMENT', `Save As needs an absolute path, got "${destination}"`)
    // The rule `wiretrail record -o` follows: Save As pcap under a name typed as x.pcapng (the save
    // dialog's filter does not stop that) is refused before anything is written (CAPTURE_FORMAT_MISMATCH).
    captureFormatToWrite(destination, format)
    const replace = options.replace === true
    const journalDestination = journalPathFor(destination)
    if (!replace) {
      if (await exists(destination)) throw existsError(destination)
      if (await exists(journalDestination)) throw existsError(journalDestination, 'a journal left beside a capture of that name')
    }
    const partial = partialName(destination)
    const partialJournal = `${partial}.journal`
    let placed = false
    try {
      const journal = await this.#journalText(entry)
      await this.#writeCapture(entry, format, partial, journal, basename(destination))
      // A pcapng carries the journal inside (one file to hand out); a pcap has no place for it, so
      // it goes beside, as <file>.wiretrail.jsonl.
      const journalBeside = journal !== null && format === 'pcap'
      if (journalBeside) {
        await writeFile(partialJournal, rewriteJournalCaptureFile(journal, basename(destination), format))
      }
      if (replace) await rm(journalDestination, { force: true })
      await placeFile(partial, destination, replace)
      placed = true
      if (journalBeside) await placeFile(partialJournal, journalDestination, replace)
    } catch (error) {
      await rm(partial, { force: true })
      await rm(partialJournal, { force: true })
      // A journal that appeared meanwhile is not replaced: nor is the capture left without it.
      if (placed && !replace) await rm(destination, { force: true })
      throw saveError(destination, error)
    }
    entry.unsaved = false
    await this.#recent.add(destination)
    return destination
  }

  /** A teacher's question set with its capture, as one file to hand out: a pcapng carrying the
   * capture's journal inside (as Save As writes it) with a `questions` record naming the questions
   * chosen and the packets they are for. Opened anywhere, the questions panel asks exactly those,
   * their answers derived again from the packets. Written whole under a temporary name, then put
   * in place (`replace`: the save dialog asked). */
  async exportQuestions(captureId: string, kinds: readonly QuestionKind[], destination: string, options: { replace?: boolean } = {}): Promise<string> {
    const entry = this.#entry(captureId)
    if (!isAbsolute(destination)) throw new WiretrailError('INVALID_ARGUMENT', `the question set needs an absolute path, got "${destination}"`)
    captureFormatToWrite(destination, 'pcapng')
    const journal = await this.#questionsJournal(entry, kinds)
    if (options.replace !== true && (await exists(destination))) throw existsError(destination)
    const partial = partialName(destination)
    try {
      await this.#writeCapture(entry, 'pcapng', partial, journal, basename(destination))
      await placeFile(partial, destination, options.replace === true)
    } catch (error) {
      await rm(partial, { force: true })
      throw saveError(destination, error)
    }
    await this.#recent.add(destination)
    return destination
  }

  /** The question set with its capture as a download (the browser shell's export). */
  async downloadQuestions(captureId: string, kinds: readonly QuestionKind[]): Promise<{ name: string; bytes: Uint8Array; type: string }> {
    const entry = this.#entry(captureId)
    const journal = await this.#questionsJournal(entry, kinds)
    const name = this.questionsName(captureId)
    const temp = join(this.#dirs.openedCopies, `questions-${randomUUID()}.pcapng`)
    await mkdir(this.#dirs.openedCopies, { recursive: true })
    try {
      await this.#writeCapture(entry, 'pcapng', temp, journal, name)
      return { name, bytes: await readFile(temp), type: 'application/x-pcapng' }
    } finally {
      await rm(temp, { force: true })
    }
  }

  /** A name for the exported question set: the capture's, marked as questions. */
  questionsName(captureId: string): string {
    const entry = this.#entry(captureId)
    return `${basename(entry.path, extname(entry.path))}.questions.pcapng`
  }

  /** The capture's journal (or none) with the question set's record in place of any earlier one. */
  async #questionsJournal(entry: OpenEntry, kinds: readonly QuestionKind[]): Promise<string> {
    const set = await entry.analyzed.questions()
    const asked = new Set(set.questions.map((q) => q.kind))
    const unknown = kinds.filter((k) => !asked.has(k))
    if (kinds.length === 0) throw new WiretrailError('QUESTIONS_NONE_CHOSEN', 'choose at least one question to hand out')
    if (unknown.length > 0) throw new WiretrailError('QUESTIONS_NOT_ANSWERABLE', `${basename(entry.path)} cannot answer ${unknown.join(', ')}: it answers ${[...asked].join(', ') || 'none of the questions'}`)
    const record: JournalRecord = { type: 'questions', identity: set.identity, kinds: QUESTION_KINDS.filter((k) => kinds.includes(k)) }
    const lines = ((await this.#journalText(entry)) ?? '').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{"type":"questions"'))
    return [...lines, JSON.stringify(record)].join('\n') + '\n'
  }

  /** The bytes of a download (browser shell Save As / Export): the capture in `format`, its
   * journal, or the walkthrough as text or as the HTML handout (in `language`). A capture download
   * counts as saving it. */
  async download(captureId: string, kind: CaptureFormat | 'journal' | ExportKind, journalFor?: CaptureFormat, language: Language = 'en'): Promise<{ name: string; bytes: Uint8Array; type: string }> {
    const entry = this.#entry(captureId)
    const stem = basename(entry.path, extname(entry.path))
    if (kind === 'text' || kind === 'html') {
      const text = kind === 'text' ? await this.exportText(captureId, language) : await this.exportHtml(captureId, language)
      return { name: this.suggestedName(captureId, kind), bytes: new TextEncoder().encode(text), type: kind === 'text' ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8' }
    }
    const journalText = await this.#journalText(entry)
    if (kind === 'journal') {
      if (journalText === null) throw new WiretrailError('JOURNAL_NOT_FOUND', `${basename(entry.path)} has no journal`)
      // Named for the capture it goes beside: the one just downloaded in `journalFor`'s format.
      const format = journalFor ?? entry.format
      const journal = rewriteJournalCaptureFile(journalText, `${stem}.${format}`, format)
      return { name: basename(journalPathFor(`${stem}.${format}`)), bytes: new TextEncoder().encode(journal), type: 'application/x-ndjson' }
    }
    const name = `${stem}.${kind}`
    let bytes: Uint8Array
    const temp = join(this.#dirs.openedCopies, `convert-${randomUUID()}.${kind}`)
    await mkdir(this.#dirs.openedCopies, { recursive: true })
    try {
      await this.#writeCapture(entry, kind, temp, journalText, name)
      bytes = await readFile(temp)
    } finally {
      await rm(temp, { force: true })
    }
    entry.unsaved = false
    return { name, bytes, type: 'application/vnd.tcpdump.pcap' }
  }

  /** The walkthrough as text, in the UI's language. */
  async exportText(captureId: string, language: Language = 'en'): Promise<string> {
    return this.#entry(captureId).analyzed.text(language)
  }

  /** The walkthrough as a self-contained HTML handout (analyzer/handout.ts), in the UI's language:
   * made where the walkthrough is (the analyzer's worker), the bytes of each step's frames read back
   * from the capture. */
  async exportHtml(captureId: string, language: Language = 'en'): Promise<string> {
    return this.#entry(captureId).analyzed.html(language)
  }

  /** A name to offer in a save dialog: the capture's own, in the format asked for. */
  suggestedName(captureId: string, kind: CaptureFormat | ExportKind): string {
    const entry = this.#entry(captureId)
    const stem = basename(entry.path, extname(entry.path))
    return kind === 'text' ? `${stem}.txt` : kind === 'html' ? `${stem}.html` : `${stem}.${kind}`
  }

  /** Whether any capture is open (what the native menu's capture items follow). */
  get hasOpen(): boolean {
    return this.#open.size > 0
  }

  /** Releases the analyzer. Unsaved recordings stay on disk; saved ones and private copies go. */
  async close(captureId: string): Promise<void> {
    const entry = this.#entry(captureId)
    this.#open.delete(captureId)
    this.#openChanged()
    await entry.analyzed.close()
    if (entry.origin === 'copy') await rm(dirname(entry.path), { recursive: true, force: true })
    if (entry.origin === 'recording' && !entry.unsaved) await removeCapture(entry.path)
  }

  /** The user agreed to lose an unsaved recording: close it and delete its files. */
  async discard(captureId: string): Promise<void> {
    const entry = this.#entry(captureId)
    await this.close(captureId)
    if (entry.origin === 'recording') await removeCapture(entry.path)
    this.#discarded(captureId)
  }

  get unsavedFolder(): string {
    return this.#dirs.unsavedRecordings
  }

  hasUnsaved(): boolean {
    return [...this.#open.values()].some((e) => e.unsaved)
  }

  /** Recordings in the unsaved folder (this run's unsaved ones and any left from earlier runs). */
  async unsavedRecordings(): Promise<UnsavedRecording[]> {
    let names: string[]
    try {
      names = await readdir(this.#dirs.unsavedRecordings)
    } catch {
      return []
    }
    const result: UnsavedRecording[] = []
    for (const name of names.filter((n) => CAPTURE_EXTENSIONS.includes(extname(n).toLowerCase()))) {
      const path = join(this.#dirs.unsavedRecordings, name)
      const open = [...this.#open.values()].find((e) => e.path === path)
      if (open !== undefined && !open.unsaved) continue
      const info = await stat(path).catch(() => null)
      if (info === null || !info.isFile()) continue
      result.push({ path, url: await recordedUrl(journalPathFor(path)), recordedAt: info.mtime.toISOString(), sizeBytes: info.size, captureId: open?.id ?? null })
    }
    return result.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt))
  }

  /** Deletes a kept recording by path; refuses anything outside the unsaved-recordings folder. */
  async discardPath(path: string): Promise<void> {
    const folder = await realpath(this.#dirs.unsavedRecordings).catch(() => this.#dirs.unsavedRecordings)
    const target = await realpath(path).catch(() => {
      throw new WiretrailError('CAPTURE_NOT_FOUND', `No unsaved recording at ${path}`)
    })
    const inside = relative(folder, target)
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.includes('/') || inside.includes('\\')) {
      throw new WiretrailError('NOT_AN_UNSAVED_RECORDING', `${path} is not in the unsaved-recordings folder; only recordings kept there can be discarded`)
    }
    const open = [...this.#open.values()].find((e) => e.path === path || e.path === target)
    if (open !== undefined) await this.discard(open.id)
    else await removeCapture(target)
  }

  /** "Keep all" for the recordings left from earlier runs (unsaved, not open now): each moves with
   * its journal into the kept-recordings folder and joins Open Recent, so it stops being offered
   * as unsaved. Returns the new paths, most recent first. */
  async keepLeftovers(): Promise<string[]> {
    const leftovers = (await this.unsavedRecordings()).filter((item) => item.captureId === null)
    if (leftovers.length === 0) return []
    await mkdir(this.#dirs.keptRecordings, { recursive: true, mode: 0o700 })
    const kept: string[] = []
    for (const item of leftovers) {
      const destination = join(this.#dirs.keptRecordings, basename(item.path))
      const journal = journalPathFor(item.path)
      const journalText = await readFile(journal, 'utf8').catch(() => null)
      if (journalText !== null) {
        const format = extname(item.path).toLowerCase() === '.pcap' ? 'pcap' : 'pcapng'
        await writeFile(journalPathFor(destination), rewriteJournalCaptureFile(journalText, basename(destination), format), { mode: 0o600 })
        await rm(journal, { force: true })
      }
      await rename(item.path, destination)
      kept.push(destination)
    }
    // Added oldest first, so Open Recent lists them most recent first.
    for (const path of [...kept].reverse()) await this.#recent.add(path)
    return kept
  }

  /** "Delete all" for the recordings left from earlier runs (unsaved, not open now). */
  async discardLeftovers(): Promise<void> {
    for (const item of await this.unsavedRecordings()) if (item.captureId === null) await removeCapture(item.path)
  }

  /** Removes the kept copies of opened uploads that Open Recent no longer lists. */
  async pruneRecentCopies(): Promise<void> {
    const listed = await this.#recent.list()
    const folders = await readdir(this.#dirs.recentCopies).catch(() => [] as string[])
    for (const folder of folders) {
      const path = join(this.#dirs.recentCopies, folder)
      if (!listed.some((entry) => dirname(entry) === path)) await rm(path, { recursive: true, force: true })
    }
  }

  /** A capture opened from bytes has no path the user could reopen it by (the browser shell cannot
   * know a picked file's path): keep a copy (a hard link where the file system allows, so no extra
   * space) for as long as Open Recent lists it. The same file opened again replaces its older copy.
   * The capture is already open: failing to keep the copy only costs the Open Recent entry. */
  async #rememberUpload(copy: string): Promise<void> {
    try {
      const size = (await stat(copy)).size
      for (const entry of await this.#recent.list()) {
        if (dirname(dirname(entry)) !== this.#dirs.recentCopies || basename(entry) !== basename(copy)) continue
        if ((await stat(entry).catch(() => null))?.size === size) await this.#recent.remove(entry)
      }
      const folder = join(this.#dirs.recentCopies, randomUUID())
      await mkdir(folder, { recursive: true, mode: 0o700 })
      const kept = join(folder, basename(copy))
      await linkOrCopy(copy, kept)
      if (await hasBytes(journalPathFor(copy))) await linkOrCopy(journalPathFor(copy), journalPathFor(kept))
      await this.#recent.add(kept)
      await this.pruneRecentCopies()
    } catch {
      // see above: the open succeeded; Open Recent just will not offer this file
    }
  }

  /** Aborts every recording and open in progress; their calls reject with CANCELLED. */
  cancel(): void {
    for (const controller of this.#running) controller.abort(new WiretrailError('CANCELLED', 'Cancelled by the user'))
  }

  /** Cancels what is in progress and closes every open capture (their analyzer workers end, private
   * copies go); unsaved recordings stay on disk, listed by unsavedRecordings() next time. */
  async closeAll(): Promise<void> {
    this.cancel()
    for (const id of [...this.#open.keys()]) await this.close(id).catch(() => undefined)
  }

  async shutdown(): Promise<void> {
    await this.closeAll()
    const lab = this.#lab
    this.#lab = null
    if (lab !== null) await (await lab.catch(() => null))?.close()
  }

  async #openFile(path: string, origin: Origin, unsaved: boolean, id: string = randomUUID(), controller?: AbortController): Promise<OpenedCapture> {
    const name = basename(path)
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new WiretrailError('CAPTURE_NOT_FOUND', `There is no file at ${path}`)
      if (error.code === 'EACCES' || error.code === 'EPERM') throw new WiretrailError('CAPTURE_UNREADABLE', `${path} cannot be read: permission denied`)
      throw new WiretrailError('CAPTURE_UNREADABLE', `${path} cannot be read: ${error.message}`)
    })
    if (!info.isFile()) throw new WiretrailError('CAPTURE_NOT_A_FILE', `${path} is a folder or device, not a capture file`)
    const head = await readHead(path)
    const format = sniffCaptureFormat(head)
    if (format === null) throw notACaptureError(name, head)
    const journal = journalPathFor(path)
    const journalPath = (await stat(journal).then((s) => s.isFile()).catch(() => false)) ? journal : null

    const own = controller ?? this.#track()
    try {
      this.#progress({ operation: 'open', stage: 'reading', bytesRead: 0, totalBytes: info.size, frames: 0 })
      const analyzed = await this.#engine.analyzeCapture(path, {
        ...(journalPath !== null ? { journalPath } : {}),
        onProgress: (p) => this.#progress(openProgress(p, info.size)),
        signal: own.signal,
      })
      if (own.signal.aborted) {
        await analyzed.close()
        throw cancelled(own.signal)
      }
      this.#open.set(id, { id, path, format, journalPath, origin, unsaved, analyzed })
      this.#openChanged()
      this.#progress({ operation: 'open', stage: 'done', bytesRead: info.size, totalBytes: info.size, frames: analyzed.walkthrough.packets })
      return { captureId: id, walkthrough: analyzed.walkthrough, lesson: analyzed.lesson, path, unsaved, format, journalPath }
    } catch (error) {
      if (own.signal.aborted) throw cancelled(own.signal)
      throw error
    } finally {
      if (controller === undefined) this.#running.delete(own)
    }
  }

  /** The recording's journal: the file beside the capture, else the one inside the pcapng. */
  async #journalText(entry: OpenEntry): Promise<string | null> {
    if (entry.journalPath !== null) return readFile(entry.journalPath, 'utf8')
    return entry.analyzed.embeddedJournal ?? null
  }

  /** The capture in `format` at `output`, named `name`: a pcapng carries `journal` inside (rewritten
   * for `name`), so it is written through the converter (which leaves out an older copy of it); a
   * file needing neither conversion nor a journal is copied as it is. */
  async #writeCapture(entry: OpenEntry, format: CaptureFormat, output: string, journal: string | null, name: string): Promise<void> {
    const inside = format === 'pcapng' && journal !== null ? rewriteJournalCaptureFile(journal, name, format) : null
    if (format === entry.format && inside === null) await copyFile(entry.path, output)
    else await this.#engine.convertCapture(entry.path, output, format, inside)
  }

  #entry(captureId: string): OpenEntry {
    const entry = this.#open.get(captureId)
    if (entry === undefined) throw new WiretrailError('CAPTURE_NOT_OPEN', `No open capture has the id ${captureId} (it was closed, or the app restarted)`)
    return entry
  }

  #track(): AbortController {
    const controller = new AbortController()
    this.#running.add(controller)
    return controller
  }

  /** Starts the lab if it is not running (recordings of the lab target start it themselves). */
  async startLab(): Promise<void> {
    await this.#ensureLab()
  }

  /** The lab recordings of the lab target use (started if it is not running): experiments change it. */
  runningLab(): Promise<LabLike> {
    return this.#ensureLab()
  }

  #ensureLab(): Promise<LabLike> {
    this.#lab ??= this.#engine.startLab().catch((error: unknown) => {
      this.#lab = null
      throw error
    })
    return this.#lab
  }

  #recordingName(url: string, format: CaptureFormat): string {
    const stamp = this.#now().toISOString().replace(/\.\d+Z$/, '').replaceAll(':', '-')
    let host = 'page'
    try {
      // A dns: lookup ("dns:cyber.co.kr?type=MX") is named after its name and type.
      const lookup = /^\s*dns:([^?]*)(?:\?.*type=([A-Za-z0-9]+))?/i.exec(url)
      host = lookup ? `${lookup[1]}-${(lookup[2] ?? 'A').toUpperCase()}` : new URL(url.includes('://') ? url : `http://${url}`).hostname || 'page'
    } catch {
      // the recorder reports the bad URL; the file still needs a name
    }
    return `wiretrail-${stamp}-${safeFileName(host, 'page')}-${randomUUID().slice(0, 8)}.${format}`
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to)
  } catch {
    await copyFile(from, to) // another file system, or links not allowed there
  }
}

/** The failure a recording's page stopped at (the recorder's result carries it as `error`), or null
 * when the page loaded. */
function pageFailureOf(recorded: unknown): WiretrailErrorJson | null {
  const error = typeof recorded === 'object' && recorded !== null ? (recorded as { error?: unknown }).error : undefined
  if (typeof error !== 'object' || error === null) return null
  const { code, message, details } = error as { code?: unknown; message?: unknown; details?: unknown }
  if (typeof code !== 'string' || typeof message !== 'string' || code === 'RECORD_CANCELLED') return null
  return { name: 'WiretrailError', code, message, ...(typeof details === 'object' && details !== null ? { details: details as Record<string, unknown> } : {}) }
}
