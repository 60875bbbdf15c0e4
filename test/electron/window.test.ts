// The main window's hardening, checked on the options the app passes to BrowserWindow and on the
// listeners it installs, driven through the electron mock (test/mocks/electron.ts).
import { beforeEach, describe, expect, it } from 'vitest'
import { BrowserWindow, resetMock } from '../mocks/electron.ts'
import { createMainWindow, zoomWindow } from '../../src-main/electron/window.ts'
import { APP_ENTRY_URL, isAppUrl } from '../../src-main/electron/app-url.ts'

beforeEach(() => resetMock())

describe('main window options', () => {
  it('sandboxes the renderer, isolates its context and gives it no Node', () => {
    const win = createMainWindow('/app/out/preload/index.cjs', { devTools: false, dark: false }) as unknown as BrowserWindow
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs.sandbox).toBe(true)
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.navigateOnDragDrop).toBe(false)
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
    expect(prefs.devTools).toBe(false)
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })

  it('creates the window with those options and loads the app URL, not a file:// page', () => {
    const win = createMainWindow('/p/index.cjs', { devTools: true, dark: true }) as unknown as BrowserWindow
    expect(BrowserWindow.created).toHaveLength(1)
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/p/index.cjs' })
    expect(win.webContents.loadedUrl).toBe(APP_ENTRY_URL)
    expect(win.options.show).toBe(false)
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
  })

  it('refuses navigation away from the app and every new window', () => {
    const win = createMainWindow('/p/index.cjs', { devTools: false, dark: false }) as unknown as BrowserWindow
    expect(win.webContents.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true)
    expect(win.webContents.fire('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true)
    expect(win.webContents.fire('will-navigate', 'wiretrail://app.evil/index.html').defaultPrevented).toBe(true)
    expect(win.webContents.fire('will-navigate', 'wiretrail://app/index.html').defaultPrevented).toBe(false)
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(win.webContents.windowOpenHandler?.({ url: APP_ENTRY_URL })).toEqual({ action: 'deny' })
  })

  it('zooms in half steps within limits and resets', () => {
    const win = createMainWindow('/p/index.cjs', { devTools: false, dark: false }) as unknown as BrowserWindow
    const electronWin = win as unknown as Parameters<typeof zoomWindow>[0]
    zoomWindow(electronWin, 'zoom-in')
    zoomWindow(electronWin, 'zoom-in')
    expect(win.webContents.zoomLevel).toBe(1)
    for (let i = 0; i < 20; i++) zoomWindow(electronWin, 'zoom-out')
    expect(win.webContents.zoomLevel).toBe(-4)
    zoomWindow(electronWin, 'zoom-reset')
    expect(win.webContents.zoomLevel).toBe(0)
  })
})

describe('app URL', () => {
  it('matches only wiretrail://app/ exactly', () => {
    expect(isAppUrl('wiretrail://app/index.html')).toBe(true)
    expect(isAppUrl('wiretrail://app/assets/x.js')).toBe(true)
    expect(isAppUrl('wiretrail://app.evil/index.html')).toBe(false)
    expect(isAppUrl('wiretrail://evil@app/index.html')).toBe(false)
    expect(isAppUrl('wiretrail://user@app/index.html')).toBe(false)
    expect(isAppUrl('https://app/index.html')).toBe(false)
    expect(isAppUrl('not a url')).toBe(false)
  })
})
