// Unit tests alias `electron` here (vitest.config.ts): loading the real module on Electron 45
// without its binary tries a download and throws (see ../shared/TOOLCHAIN.md).
//
// A recording stand-in for the parts of Electron the app uses: it keeps what the code under test
// registered (IPC handlers, window options, listeners, exposed preload API, menus, session
// handlers) so tests can drive them the way Electron would and assert the outcome. `resetMock()`
// clears everything between tests.
import { EventEmitter } from 'node:events'

type Listener = (...args: unknown[]) => unknown

/** An Electron-style event: `preventDefault()` is recorded. */
export class MockEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

let nextWebContentsId = 1

export class MockWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  loadedUrl: string | null = null
  readonly sent: { channel: string; args: unknown[] }[] = []
  zoomLevel = 0
  /** The page's beforeunload, as a test installs it: returns true when the page vetoes unloading
   * (Electron then emits will-prevent-unload; preventDefault() there overrules the veto). */
  beforeUnload: (() => boolean) | null = null

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
    // A renderer connected with connectRenderer() receives it, structured-cloned as IPC does.
    if (ipcRenderer.bridge?.webContents === this) ipcRenderer.deliver(channel, ...structuredClone(args))
  }
  getZoomLevel(): number {
    return this.zoomLevel
  }
  setZoomLevel(level: number): void {
    this.zoomLevel = level
  }
  /** Emits like Electron and returns the event so a test can check preventDefault(). */
  fire(name: string, ...args: unknown[]): MockEvent {
    const event = new MockEvent()
    this.emit(name, event, ...args)
    return event
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly created: BrowserWindow[] = []
  readonly options: Record<string, unknown>
  readonly webContents = new MockWebContents()
  shown = false
  destroyed = false

  constructor(options: Record<string, unknown> = {}) {
    super()
    this.options = options
    BrowserWindow.created.push(this)
  }
  loadURL(url: string): Promise<void> {
    this.webContents.loadedUrl = url
    return Promise.resolve()
  }
  loadFile(path: string): Promise<void> {
    this.webContents.loadedUrl = `file://${path}`
    return Promise.resolve()
  }
  show(): void {
    this.shown = true
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false
  }
  /** Emits 'close' like Electron and returns the event (preventDefault recorded). */
  fire(name: string, ...args: unknown[]): MockEvent {
    const event = new MockEvent()
    this.emit(name, event, ...args)
    return event
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  /** Electron's order: 'close' (preventable), then the page's beforeunload (a veto cancels the
   * close unless will-prevent-unload is prevented), then 'closed'. A cancelled close also cancels
   * a quit in progress; the last window closing ends the quit, or emits window-all-closed. */
  close(): void {
    if (this.destroyed) return
    if (this.fire('close').defaultPrevented) return app.closeCancelled()
    if (this.webContents.beforeUnload?.() === true && !this.webContents.fire('will-prevent-unload').defaultPrevented) return app.closeCancelled()
    this.destroyed = true
    this.emit('closed')
    app.windowClosed()
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created.filter((w) => !w.destroyed)
  }
}

class MockApp extends EventEmitter {
  isPackaged = false
  ready = false
  /** Between app.quit() and the end (or cancellation) of the quit. */
  quitting = false
  /** Set once the app would end: by a completed quit (exit code 0) or app.exit(code). */
  exitCode: number | null = null
  readonly paths = new Map<string, string>()
  readonly commandLine = {
    switches: new Set<string>(),
    hasSwitch(name: string): boolean {
      return this.switches.has(name)
    },
    appendSwitch(name: string): void {
      this.switches.add(name)
    },
  }
  getVersion(): string {
    return '0.0.0-test'
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/tmp/mock-electron/${name}`
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path)
  }
  getLocale(): string {
    return 'en-US'
  }
  isReady(): boolean {
    return this.ready
  }
  whenReady(): Promise<void> {
    this.ready = true
    return Promise.resolve()
  }
  requestSingleInstanceLock(): boolean {
    return true
  }
  /** Electron's order: before-quit (preventable), close every window (any that stays open cancels
   * the quit), then will-quit (preventable) and quit. */
  quit(): void {
    const beforeQuit = new MockEvent()
    this.emit('before-quit', beforeQuit)
    if (beforeQuit.defaultPrevented) return
    this.quitting = true
    for (const win of BrowserWindow.getAllWindows()) {
      win.close()
      if (!this.quitting) return
    }
    if (BrowserWindow.getAllWindows().length === 0) this.#finishQuit()
  }
  exit(code = 0): void {
    this.exitCode = code
  }
  closeCancelled(): void {
    this.quitting = false
  }
  windowClosed(): void {
    if (BrowserWindow.getAllWindows().length > 0) return
    if (this.quitting) this.#finishQuit()
    else this.emit('window-all-closed', new MockEvent())
  }
  #finishQuit(): void {
    const willQuit = new MockEvent()
    this.emit('will-quit', willQuit)
    this.quitting = false
    if (willQuit.defaultPrevented) return
    this.emit('quit', new MockEvent())
    this.exitCode ??= 0
  }
}
export const app = new MockApp()

export const ipcMain = {
  handlers: new Map<string, Listener>(),
  listeners: new Map<string, Listener[]>(),
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  },
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
  },
}

export const ipcRenderer = {
  invoked: [] as { channel: string; args: unknown[] }[],
  sentMessages: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, Listener[]>(),
  invokeResult: { ok: true, value: null } as unknown,
  /** Set by connectRenderer(): calls reach ipcMain as from this window's app page. */
  bridge: null as { webContents: MockWebContents; url: string } | null,
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args })
    const bridge = this.bridge
    if (bridge === null) return Promise.resolve(this.invokeResult)
    const handler = ipcMain.handlers.get(channel)
    if (handler === undefined) return Promise.reject(new Error(`No handler registered for '${channel}'`))
    const event = { sender: bridge.webContents, senderFrame: { url: bridge.url, parent: null } }
    return Promise.resolve(handler(event, ...structuredClone(args))).then((result) => structuredClone(result))
  },
  send(channel: string, ...args: unknown[]): void {
    this.sentMessages.push({ channel, args })
    const bridge = this.bridge
    if (bridge === null) return
    const event = { sender: bridge.webContents, senderFrame: { url: bridge.url, parent: null } }
    for (const listener of ipcMain.listeners.get(channel) ?? []) listener(event, ...structuredClone(args))
  },
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener])
  },
  removeListener(channel: string, listener: Listener): void {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((l) => l !== listener))
  },
  /** Delivers a message from main as Electron would: (event, ...args). */
  deliver(channel: string, ...args: unknown[]): void {
    const event = { sender: { name: 'the real IpcRenderer, which must not reach the page' } }
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args)
  },
}

/** Connects the preload's ipcRenderer to `win` as Electron does for the page it shows: invoke/send
 * reach ipcMain with that window as the sender, webContents.send reaches the preload's listeners. */
export function connectRenderer(win: BrowserWindow, url = 'wiretrail://app/index.html'): void {
  ipcRenderer.bridge = { webContents: win.webContents, url }
}

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api)
  },
}

export const webUtils = {
  getPathForFile(file: { name?: string; path?: string }): string {
    return file.path ?? ''
  },
}

export const Menu = {
  application: null as unknown,
  buildFromTemplate(template: unknown[]): { template: unknown[] } {
    return { template }
  },
  setApplicationMenu(menu: unknown): void {
    this.application = menu
  },
}

export const dialog = {
  nextOpen: { canceled: true, filePaths: [] as string[] },
  nextSave: { canceled: true, filePath: '' },
  nextMessageBox: { response: 0 },
  showOpenDialog(): Promise<{ canceled: boolean; filePaths: string[] }> {
    return Promise.resolve(this.nextOpen)
  },
  showSaveDialog(): Promise<{ canceled: boolean; filePath: string }> {
    return Promise.resolve(this.nextSave)
  },
  showMessageBox(): Promise<{ response: number }> {
    return Promise.resolve(this.nextMessageBox)
  },
}

export const nativeTheme = { themeSource: 'system', shouldUseDarkColors: false }

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Listener>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes)
  },
  handle(scheme: string, handler: Listener): void {
    this.handlers.set(scheme, handler)
  },
}

export class MockSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null
  permissionCheckHandler: Listener | null = null
  beforeRequest: Listener | null = null
  headersReceived: Listener | null = null
  readonly webRequest = {
    onBeforeRequest: (listener: Listener) => {
      this.beforeRequest = listener
    },
    onHeadersReceived: (listener: Listener) => {
      this.headersReceived = listener
    },
  }
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler
  }
}
export const session = { defaultSession: new MockSession() }

export function resetMock(): void {
  BrowserWindow.created.length = 0
  app.removeAllListeners()
  app.ready = false
  app.quitting = false
  app.exitCode = null
  app.paths.clear()
  app.commandLine.switches.clear()
  ipcRenderer.bridge = null
  ipcMain.handlers.clear()
  ipcMain.listeners.clear()
  ipcRenderer.invoked.length = 0
  ipcRenderer.sentMessages.length = 0
  ipcRenderer.listeners.clear()
  contextBridge.exposed.clear()
  Menu.application = null
  protocol.privileged.length = 0
  protocol.handlers.clear()
  session.defaultSession = new MockSession()
}
