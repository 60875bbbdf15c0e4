// The main window's options: the renderer gets no Node, runs sandboxed in its own JavaScript world
// (contextIsolation), and reaches the engine only through the preload's named functions.
import type { BrowserWindowConstructorOptions } from 'electron'

export function mainWindowOptions(preloadPath: string, options: { devTools: boolean; dark: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 880,
    minHeight: 560,
    title: 'Wiretrail',
    show: false, // shown on ready-to-show, so no white flash before the first paint
    backgroundColor: options.dark ? '#1e1f22' : '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // A capture dropped on the window is the renderer's to handle, never a navigation to the file.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  }
}
