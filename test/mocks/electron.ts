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

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args })
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
  close(): void {
    if (!this.fire('close').defaultPrevented) this.emit('closed')
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.created
  }
}

class MockApp extends EventEmitter {
  isPackaged = false
  getVersion(): string {
    return '0.0.0-test'
  }
  getPath(name: string): string {
    return `/tmp/mock-electron/${name}`
  }
  getLocale(): string {
    return 'en-US'
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  requestSingleInstanceLock(): boolean {
    return true
  }
  quit(): void {}
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
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args })
    return Promise.resolve(this.invokeResult)
  },
  send(channel: string, ...args: unknown[]): void {
    this.sentMessages.push({ channel, args })
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
