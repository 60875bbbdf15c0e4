// Creates the main window: hardened options (window-options.ts), the app URL, navigation and new
// windows refused on this webContents too (session-guard.ts does it for all of them), shown once
// painted, and its zoom changed from the View menu.
import { BrowserWindow } from 'electron'
import { APP_ENTRY_URL, isAppUrl } from './app-url.ts'
import { mainWindowOptions } from './window-options.ts'

export function createMainWindow(preloadPath: string, options: { devTools: boolean; dark: boolean }): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, options))
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(APP_ENTRY_URL)
  return win
}

const ZOOM_STEP = 0.5
const ZOOM_LIMIT = 4

export function zoomWindow(win: BrowserWindow, action: 'zoom-in' | 'zoom-out' | 'zoom-reset'): void {
  const level = win.webContents.getZoomLevel()
  const next = action === 'zoom-reset' ? 0 : Math.max(-ZOOM_LIMIT, Math.min(ZOOM_LIMIT, level + (action === 'zoom-in' ? ZOOM_STEP : -ZOOM_STEP)))
  win.webContents.setZoomLevel(next)
}
