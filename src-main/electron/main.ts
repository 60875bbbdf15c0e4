// Electron main process entry (built by electron-vite from electron.config.ts into out/main).
// Thin on purpose: the operations live in src-main/services (shared with the browser shell and
// tested without Electron); this file wires Electron's pieces to them: the app:// protocol, the
// hardened session and window, IPC, the native menu, single instance, files from the OS, and the
// question before unsaved recordings are discarded.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session } from 'electron'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { IPC_EVENT_PREFIX, type EventName, type MenuModelItem } from '../shared/api.ts'
import { AppServices } from '../services/app-services.ts'
import { appConfigDir } from '../services/app-dirs.ts'
import { capturePathsFromArgv } from '../services/argv.ts'
import { createNodeEngine } from '../services/engine-node.ts'
import type { EventConnection } from '../services/event-hub.ts'
import { buildMenuModel } from '../services/menu-model.ts'
import { quitPrompt, type QuitChoice } from '../services/quit-prompt.ts'
import { appProtocolResponse, appResponseHeaders } from './app-protocol.ts'
import { analyzerWorkerPath } from './asar-paths.ts'
import { APP_SCHEME } from './app-url.ts'
import { labBlockFromEnv } from '../shell/node-app.ts'
import { createElectronHost } from './host.ts'
import { registerIpc } from './ipc.ts'
import { menuTemplate } from './menu.ts'
import { sandboxNotice } from './sandbox-notice.ts'
import { runElectronSmoke } from './smoke-run.ts'
import { guardAllWebContents, guardSession } from './session-guard.ts'
import { createMainWindow, zoomWindow } from './window.ts'

const OUT_DIR = join(import.meta.dirname, '..')
const RENDERER_DIR = join(OUT_DIR, 'renderer')
const PRELOAD = join(OUT_DIR, 'preload', 'index.cjs')
// Built into out/worker and unpacked from app.asar (electron.config.ts says why). Run from source
// (tests), there is none: the analyzer then finds its worker itself.
const ANALYZER_WORKER = analyzerWorkerPath(OUT_DIR)

// Must happen before 'ready': a standard, secure scheme gets a real origin and fetch().
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])
guardAllWebContents(app)

/** `--smoke` (npm run smoke:electron): run the first-run stages and exit (smoke-run.ts). Its state
 * goes to a temporary folder, so the user's recent files and unsaved recordings are untouched. */
const SMOKE = process.argv.includes('--smoke')
const stateDir = SMOKE ? mkdtempSync(join(tmpdir(), 'wiretrail-smoke-')) : appConfigDir({ env: process.env, platform: process.platform, home: homedir() })
// One folder for the app's own state (recent files, preferences, unsaved recordings) and Chromium's
// (userData: the single-instance lock, Local State), so both shells share it and WIRETRAIL_HOME
// moves all of it; the session's caches go in a subfolder, out of the way of the app's files.
// Before 'ready' and before the single-instance lock, which lives in userData.
app.setPath('userData', stateDir)
app.setPath('sessionData', join(stateDir, 'session'))

const services = new AppServices({
  root: stateDir,
  engine: createNodeEngine({ ...(existsSync(ANALYZER_WORKER) ? { analyzerWorker: ANALYZER_WORKER } : {}), ...labOptions(labBlockFromEnv(process.env)) }),
  version: app.getVersion(),
  locale: Intl.DateTimeFormat().resolvedOptions().locale,
  logError: (error) => console.error('wiretrail: unexpected error', error),
})
function labOptions(addressBlock: number | undefined): { lab?: { addressBlock: number } } {
  return addressBlock === undefined ? {} : { lab: { addressBlock } }
}
const connections = new Map<number, EventConnection>()
let mainWindow: BrowserWindow | null = null
/** Set by before-quit: the window's close is part of quitting (the answer then quits the app). */
let quitRequested = false
/** Windows whose close may go ahead: the user answered the unsaved-recordings question (Keep or
 * Discard), or main held nothing unsaved when it was asked to close. Per window, so a later
 * window (macOS keeps the app running) is asked again. */
const closeApproved = new WeakSet<BrowserWindow>()
/** Windows with the question on screen: a second click on close does not ask twice. */
const asking = new WeakSet<BrowserWindow>()
/** Resolves when a window's renderer first subscribes to events through the preload: the page ran
 * in its sandbox and reached main over IPC (what the smoke run's "window" stage waits for). */
let markRendererListening: () => void = () => undefined
const rendererListening = new Promise<void>((resolve) => (markRendererListening = resolve))

const host = createElectronHost({
  window: () => mainWindow,
  documentsDir: () => app.getPath('documents'),
  onState: ({ preferences, recent, captureOpen }) => {
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(buildMenuModel({ preferences, recent, platform: process.platform, captureOpen }), process.platform, onMenuItem)))
  },
})
const handlers = services.handlers(host)

function onMenuItem(item: MenuModelItem): void {
  if (item.action === 'quit') return app.quit()
  if (item.action === 'clear-recent') return void handlers['recent.clear']()
  if (item.action === 'zoom-in' || item.action === 'zoom-out' || item.action === 'zoom-reset') {
    if (mainWindow !== null) zoomWindow(mainWindow, item.action)
    return
  }
  if (item.recentPath !== undefined) return services.events.emit('open-request', { path: item.recentPath })
  const command = item.command
  if (command === undefined) return
  if (command.startsWith('theme-')) void handlers['app.setPreferences']({ theme: command.slice('theme-'.length) as 'light' | 'dark' | 'system' })
  if (command.startsWith('language-')) void handlers['app.setPreferences']({ language: command.slice('language-'.length) as 'en' | 'ko' })
  services.events.emit('menu', command)
}

function openWindow(): void {
  const win = createMainWindow(PRELOAD, { devTools: !app.isPackaged, dark: nativeTheme.shouldUseDarkColors })
  const id = win.webContents.id
  connections.set(id, services.events.connect((event, payload) => win.webContents.send(`${IPC_EVENT_PREFIX}${event}`, payload)))
  win.on('close', (event) => {
    if (closeApproved.has(win)) return
    if (!services.captures.hasUnsaved()) {
      closeApproved.add(win)
      return
    }
    event.preventDefault()
    if (!asking.has(win)) void confirmClose(win)
  })
  // The renderer vetoes unloading while it shows an unsaved recording (beforeunload: the browser
  // shell's only chance to ask). Under Electron main asks instead, natively, before this point, and
  // Electron shows nothing for a veto: the window would just stay open. Once main's question is
  // answered (or there was nothing unsaved), the veto is overruled.
  win.webContents.on('will-prevent-unload', (event) => {
    if (closeApproved.has(win)) event.preventDefault()
  })
  win.on('closed', () => {
    connections.get(id)?.close()
    connections.delete(id)
    if (mainWindow === win) mainWindow = null
    // The window's captures go with it (macOS keeps the app running with no window): their worker
    // threads and private copies are released; unsaved recordings stay on disk and are offered
    // when a window opens again.
    if (connections.size === 0) void services.releaseCaptures()
  })
  mainWindow = win
}

/** Asks before closing with unsaved recordings; only Discard deletes them (and tells the renderer,
 * whose "unsaved" then clears). Save… leaves the window open and asks the renderer to save. */
async function confirmClose(win: BrowserWindow): Promise<void> {
  asking.add(win)
  let choice: QuitChoice
  try {
    const unsaved = (await services.captures.unsavedRecordings()).filter((r) => r.captureId !== null)
    const prompt = quitPrompt((await services.preferences.get()).language, Math.max(1, unsaved.length))
    const { response } = await dialog.showMessageBox(win, { type: 'warning', message: prompt.message, detail: prompt.detail, buttons: prompt.buttons, defaultId: prompt.defaultId, cancelId: prompt.cancelId, noLink: true })
    choice = prompt.choices[response] ?? 'cancel'
    if (choice === 'discard') for (const r of unsaved) if (r.captureId !== null) await services.captures.discard(r.captureId)
  } finally {
    asking.delete(win)
  }
  if (choice === 'cancel' || choice === 'save') {
    quitRequested = false
    if (choice === 'save') services.events.emit('menu', 'save-as-pcapng')
    return
  }
  closeApproved.add(win)
  if (quitRequested) app.quit()
  else win.close()
}

function focusWindow(): void {
  if (mainWindow === null) return openWindow()
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // macOS hands files over with open-file (possibly before 'ready'); Windows and Linux pass them as
  // arguments, to this instance or, via second-instance, to the one already running.
  app.on('open-file', (event, path) => {
    event.preventDefault()
    // With no window (macOS, after closing it) the file would wait unseen until the Dock icon is
    // clicked; before 'ready' the window is opened there anyway.
    if (app.isReady()) focusWindow()
    void services.openFromOutside([path])
  })
  app.on('second-instance', (_event, argv, workingDirectory) => {
    focusWindow()
    void services.openFromOutside(capturePathsFromArgv(argv.slice(1), workingDirectory))
  })
  void services.openFromOutside(capturePathsFromArgv(process.argv.slice(1), process.cwd()))

  void app.whenReady().then(async () => {
    const headers = await appResponseHeaders(RENDERER_DIR)
    protocol.handle(APP_SCHEME, async (request) => {
      const response = await appProtocolResponse(request.url, request.method, RENDERER_DIR, headers)
      return new Response(response.body as ConstructorParameters<typeof Response>[0], { status: response.status, headers: response.headers })
    })
    guardSession(session.defaultSession, headers['Content-Security-Policy'] ?? '')
    registerIpc(ipcMain, {
      services,
      handlers,
      isOurWebContents: (id) => connections.has(id),
      onListening: (id, event: EventName) => {
        connections.get(id)?.listening(event)
        markRendererListening()
      },
      log: (message) => console.warn(message),
    })
    const preferences = await services.preferences.get()
    await services.stateChanged()
    // Chromium's sandbox off is said out loud (sandbox-notice.ts), and the user may quit.
    const noSandbox = app.commandLine.hasSwitch('no-sandbox')
    const notice = sandboxNotice(preferences.language, { noSandbox, appImage: process.env.APPIMAGE !== undefined })
    if (notice !== null) console.warn(`wiretrail: ${notice.message}. ${notice.detail.split('\n')[0]}`)
    if (SMOKE) {
      openWindow()
      const ok = await runElectronSmoke({ services, handlers, stateDir, sandboxOn: !noSandbox, windowReady: () => rendererListening, print: (line) => console.log(line) })
      await services.shutdown()
      rmSync(stateDir, { recursive: true, force: true })
      app.exit(ok ? 0 : 1)
      return
    }
    if (notice !== null) {
      const { response } = await dialog.showMessageBox({ type: 'warning', message: notice.message, detail: notice.detail, buttons: notice.buttons, defaultId: notice.continueId, cancelId: notice.quitId, noLink: true })
      if (response === notice.quitId) return app.quit()
    }
    openWindow()
    app.on('activate', focusWindow)
  })

  app.on('before-quit', () => {
    quitRequested = true
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let shutDown = false
  app.on('will-quit', (event) => {
    if (shutDown) return
    event.preventDefault()
    shutDown = true
    void services.shutdown().finally(() => app.quit())
  })
}
