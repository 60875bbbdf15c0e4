// The app's operations behind the API map, composed once per process and shared by whichever
// shell runs: every call is validated (api-validators.ts), answered with the ApiResult envelope,
// and every failure crosses as {code, message}, never a stack.
import { rm, writeFile } from 'node:fs/promises'
import type { ApiArgs, ApiError, ApiName, ApiResult, ApiReturn, AppInfo, ExportKind, OpenedCapture } from '../shared/api.ts'
import { isApiName } from '../shared/api.ts'
import { WiretrailError, toErrorJson } from '../shared/errors.ts'
import { validateApiArgs } from './api-validators.ts'
import { appDirs } from './app-dirs.ts'
import { CaptureService } from './captures.ts'
import type { Engine } from './engine.ts'
import { EventHub } from './event-hub.ts'
import { ExperimentService } from './experiments.ts'
import { buildMenuModel } from './menu-model.ts'
import { PreferencesStore } from './preferences.ts'
import { throttleProgress } from './progress.ts'
import { RecentFiles } from './recent-files.ts'
import { partialName, placeFile } from './save-file.ts'
import type { ShellHost, ShellState } from './shell-host.ts'

/** The lab's sample page, as the notes write it: what the URL bar starts with. Without a port, the
 * recorder sends it to the lab's web port (8080, or the free port the lab took) and the walkthrough's
 * URL step shows the URL as loaded, port included (docs/ARCHITECTURE.md, "Lab network"). */
export const DEFAULT_LAB_URL = 'http://www.lab.cyber.co.kr/sample.htm'

export type ApiHandlers = { readonly [K in ApiName]: (...args: ApiArgs<K>) => Promise<ApiReturn<K>> }

export interface AppServicesOptions {
  /** The app's state folder (appConfigDir()). */
  root: string
  engine: Engine
  version: string
  locale: string
  defaultUrl?: string
  /** Unexpected (non-WiretrailError) failures are reported here with their stack, for the log;
   * the renderer only gets code and message. */
  logError?: (error: unknown) => void
}

export class AppServices {
  readonly events = new EventHub()
  readonly recent: RecentFiles
  readonly preferences: PreferencesStore
  readonly captures: CaptureService
  readonly experiments: ExperimentService
  readonly #options: AppServicesOptions
  /** Every shell's host that handlers() was made for: each is told when the state it shows changes. */
  readonly #hosts = new Set<ShellHost>()

  constructor(options: AppServicesOptions) {
    this.#options = options
    const dirs = appDirs(options.root)
    this.recent = new RecentFiles(dirs.config)
    this.preferences = new PreferencesStore(dirs.config, options.locale)
    this.captures = new CaptureService({
      engine: options.engine,
      dirs,
      recent: this.recent,
      onProgress: throttleProgress((progress) => this.events.emit('progress', progress)),
      onDiscarded: (captureId) => this.events.emit('discarded', { captureId }),
      experimentInForce: () => this.experiments.inForce(),
      onOpenChanged: () => void this.stateChanged().catch((error: unknown) => this.#options.logError?.(error)),
    })
    this.experiments = new ExperimentService({ lab: () => this.captures.runningLab(), entities: (captureId, refs) => this.captures.entities(captureId, refs) })
  }

  /** Tells every shell's host what its native menu and theme follow: the preferences, the recent
   * list, whether a capture is open (ShellHost.stateChanged). */
  async stateChanged(): Promise<void> {
    const state: ShellState = { preferences: await this.preferences.get(), recent: await this.recent.list(), captureOpen: this.captures.hasOpen }
    for (const host of this.#hosts) host.stateChanged(state)
  }

  /** The operations for one shell (its host supplies dialogs and menus). */
  handlers(host: ShellHost): ApiHandlers {
    this.#hosts.add(host)
    const stateChanged = (): Promise<void> => this.stateChanged()
    const withState = async <T>(work: Promise<T>): Promise<T> => {
      const result = await work
      await stateChanged()
      return result
    }
    return {
      'app.info': async (): Promise<AppInfo> => ({
        version: this.#options.version,
        shell: host.shell,
        platform: process.platform,
        defaultUrl: this.#options.defaultUrl ?? DEFAULT_LAB_URL,
        recent: await this.recent.list(),
        preferences: await this.preferences.get(),
      }),
      'app.setPreferences': async (change) => {
        const preferences = await this.preferences.update(change)
        await stateChanged()
        this.events.emit('preferences', preferences)
        return preferences
      },
      'app.menu': async () => buildMenuModel({ preferences: await this.preferences.get(), recent: await this.recent.list(), platform: host.menuPlatform, captureOpen: this.captures.hasOpen }),
      'recent.list': () => this.recent.list(),
      'recent.clear': () => withState(this.recent.clear().then(() => this.captures.pruneRecentCopies())),
      'capture.record': async (request) => {
        const opened = await withState(this.captures.record(request))
        await this.experiments.recorded(opened)
        return opened
      },
      'capture.checkRequest': (request) => this.captures.checkRequest(request),
      'capture.cancel': async () => this.captures.cancel(),
      'capture.kernelCapture': () => this.#options.engine.kernelCaptureAvailable(),
      'capture.openDialog': async () => {
        const path = await host.chooseCaptureToOpen()
        return path === null ? null : withState(this.captures.openPath(path))
      },
      'capture.openPath': (path) => withState(this.captures.openPath(path)),
      'capture.openBytes': (name, bytes, journal) => this.captures.openBytes(name, bytes, journal),
      'capture.packet': (captureId, frame) => this.captures.packet(captureId, frame),
      'capture.frames': (captureId, start, count) => this.captures.frames(captureId, start, count),
      'capture.httpBody': (captureId, exchange, part) => this.captures.httpBody(captureId, exchange, part),
      'capture.view': (captureId, query) => this.captures.view(captureId, query),
      'capture.rows': (captureId, view, start, count) => this.captures.rows(captureId, view, start, count),
      'capture.position': (captureId, view, frame) => this.captures.position(captureId, view, frame),
      'capture.cancelFilter': (captureId) => this.captures.cancelFilter(captureId),
      'capture.find': (captureId, request) => this.captures.find(captureId, request),
      'capture.follow': (captureId, connection) => this.captures.follow(captureId, connection),
      'capture.conversations': (captureId, kind) => this.captures.conversations(captureId, kind),
      'capture.questions': (captureId) => this.captures.questions(captureId),
      'capture.checkAnswer': (captureId, question, answer) => this.captures.checkAnswer(captureId, question, answer),
      // Asked where as Save As is: the dialog's consent replaces a file of that name.
      'capture.exportQuestions': async (captureId, kinds) => {
        const destination = await host.chooseSavePath(this.captures.questionsName(captureId), 'pcapng')
        return destination === null ? null : withState(this.captures.exportQuestions(captureId, kinds, destination, { replace: true }))
      },
      'capture.protocolHierarchy': (captureId) => this.captures.protocolHierarchy(captureId),
      'capture.steps': (captureId, start, count) => this.captures.steps(captureId, start, count),
      'capture.entities': (captureId, refs) => this.captures.entities(captureId, refs),
      'capture.findSteps': (captureId, query) => this.captures.findSteps(captureId, query),
      'capture.stepFor': (captureId, target) => this.captures.stepFor(captureId, target),
      // The save dialog asked before a file is replaced (ShellHost.chooseSavePath): that is the consent.
      'capture.saveAs': async (captureId, format) => {
        const destination = await host.chooseSavePath(this.captures.suggestedName(captureId, format), format)
        return destination === null ? null : withState(this.captures.saveAs(captureId, format, destination, { replace: true }))
      },
      'capture.exportText': (captureId) => this.#export(host, captureId, 'text'),
      'capture.exportHtml': (captureId) => this.#export(host, captureId, 'html'),
      // Follow TCP stream's Save (what the dialog shows, or the raw bytes): asked where, as Save As is.
      'capture.saveFile': async (suggestedName, content) => {
        const destination = await host.chooseSavePath(suggestedName, suggestedName.endsWith('.txt') ? 'text' : 'data')
        if (destination === null) return null
        await writeText(destination, content, { replace: true })
        return destination
      },
      'capture.close': (captureId) => this.captures.close(captureId),
      'capture.discard': (captureId) => this.captures.discard(captureId),
      'recordings.unsaved': () => this.captures.unsavedRecordings(),
      'recordings.discardPath': (path) => this.captures.discardPath(path),
      'recordings.keepAll': () => withState(this.captures.keepLeftovers()),
      'recordings.discardAll': () => this.captures.discardLeftovers(),
      'experiments.list': async () => this.experiments.state(),
      'experiments.start': (id) => this.experiments.start(id),
      'experiments.end': () => this.experiments.end(),
    }
  }

  /** Runs one call from a renderer: unknown names and bad arguments are refused before any work. */
  async dispatch(handlers: ApiHandlers, name: unknown, args: unknown): Promise<ApiResult<unknown>> {
    try {
      if (!isApiName(name)) {
        throw new WiretrailError('UNKNOWN_OPERATION', `There is no operation ${JSON.stringify(String(name).slice(0, 60))}`)
      }
      const checked = validateApiArgs(name, args)
      const handler = handlers[name] as (...a: unknown[]) => Promise<unknown>
      return { ok: true, value: await handler(...checked) }
    } catch (error) {
      if (!(error instanceof WiretrailError)) this.#options.logError?.(error)
      const json = toErrorJson(error)
      return { ok: false, error: { name: json.name, code: json.code, message: json.message, ...(json.details !== undefined ? { details: json.details } : {}) } }
    }
  }

  /** Opens captures named outside the renderer (command line, OS, second instance): each becomes an
   * `opened` event, or an `open-failed` event saying why not. */
  async openFromOutside(paths: readonly string[]): Promise<{ opened: OpenedCapture[]; failed: { path: string; error: ApiError }[] }> {
    const opened: OpenedCapture[] = []
    const failed: { path: string; error: ApiError }[] = []
    for (const path of paths) {
      try {
        const capture = await this.captures.openPath(path)
        opened.push(capture)
        this.events.emit('opened', capture)
      } catch (error) {
        const json = toErrorJson(error)
        failed.push({ path, error: json })
        this.events.emit('open-failed', { path, error: json })
      }
    }
    return { opened, failed }
  }

  /** The last window closed (macOS keeps the app running): its captures' worker threads and copies
   * are released, unsaved recordings stay on disk, and `opened` events nobody received are
   * dropped (their captures are closed now). */
  async releaseCaptures(): Promise<void> {
    this.events.clearQueue()
    await this.captures.closeAll()
  }

  /** Quitting: the lab experiment is undone before the lab closes (nothing of it outlives the app). */
  async shutdown(): Promise<void> {
    await this.experiments.end()
    await this.captures.shutdown()
  }

  /** Export as text or as the HTML handout, in the UI's language, where the save dialog says. */
  async #export(host: ShellHost, captureId: string, kind: ExportKind): Promise<string | null> {
    const { language } = await this.preferences.get()
    const text = kind === 'text' ? await this.captures.exportText(captureId, language) : await this.captures.exportHtml(captureId, language)
    const destination = await host.chooseSavePath(this.captures.suggestedName(captureId, kind), kind)
    if (destination === null) return null
    await writeText(destination, text, { replace: true })
    return destination
  }
}

/** The walkthrough as text or HTML, written in full under a temporary name, then put in place (an existing
 * file only with `replace`: the save dialog asked). */
async function writeText(destination: string, text: string | Uint8Array, options: { replace?: boolean } = {}): Promise<void> {
  const partial = partialName(destination)
  try {
    await writeFile(partial, text)
    await placeFile(partial, destination, options.replace === true)
  } catch (error) {
    await rm(partial, { force: true })
    if (error instanceof WiretrailError) throw error
    const code = (error as NodeJS.ErrnoException).code
    throw new WiretrailError('SAVE_FAILED', `Could not write ${destination}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (error as Error).message}`)
  }
}
