// Creates the main window: the renderer gets no Node, runs sandboxed in its own JavaScript world
// (contextIsolation) and reaches the engine only through the preload's named functions; it loads
// the app URL, navigation and new windows are refused on this webContents too (session-guard.ts
// does it for all of them), it is shown once painted, and its zoom is changed from the View menu.
//
// The options are written literally at the BrowserWindow call, not built elsewhere: that is where
// Electronegativity (test/electron/electronegativity.test.ts) and a reviewer look for them.
import { BrowserWindow } from 'electron'
import { APP_ENTRY_URL, isAppUrl } from './app-url.ts'

export function createMainWindow(preloadPath: string, options: { devTools: boolean; dark: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Wiretrail',
    show: false, // shown on ready-to-show, so no white flash before the first paint
    backgroundColor: options.dark ? '#1e1f22' : '#ffffff',
    webPreferences: {
      // Electronegativity asks for every preload to be reviewed by hand. Reviewed: it exposes one
      // object of named functions of the typed API and nothing of Electron or Node
      // (src-main/preload/index.ts, test/electron/preload.test.ts).
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK: reviewed, see above
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A middle click on a link would otherwise ask for a new window (refused anyway below).
      disableBlinkFeatures: 'Auxclick',
      // A capture dropped on the window is the renderer's to handle, never a navigation to the file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  })
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
