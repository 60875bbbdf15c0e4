// Electron's side of ShellHost: native open/save dialogs attached to the window, the native menu
// relabelled when the language or the recent list changes (and its capture items enabled while a
// capture is open), and the theme followed by nativeTheme
// (so the renderer's prefers-color-scheme follows the View › Theme choice).
import { dialog, nativeTheme, type BrowserWindow } from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { openCaptureFilters, saveFilters } from '../services/dialog-filters.ts'
import type { ShellHost, ShellState } from '../services/shell-host.ts'
import type { CaptureFormat, ExportKind, Language } from '../shared/api.ts'

export function createElectronHost(options: { window: () => BrowserWindow | null; documentsDir: () => string; onState: (state: ShellState) => void }): ShellHost {
  /** The UI's language, for the dialogs' file type names (followed from the preferences). */
  let language: Language = 'en'
  return {
    shell: 'electron',
    menuPlatform: process.platform,
    async chooseCaptureToOpen() {
      const win = options.window()
      const dialogOptions = { properties: ['openFile' as const], filters: openCaptureFilters(language) }
      const result = win === null ? await dialog.showOpenDialog(dialogOptions) : await dialog.showOpenDialog(win, dialogOptions)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseSavePath(suggestedName: string, kind: CaptureFormat | ExportKind | 'data') {
      const filters = saveFilters(kind, language)
      // macOS and Windows always ask before an existing file is chosen; GTK only when told to.
      const dialogOptions = { defaultPath: join(safeDocuments(options.documentsDir), suggestedName), filters, properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] }
      const win = options.window()
      const result = win === null ? await dialog.showSaveDialog(dialogOptions) : await dialog.showSaveDialog(win, dialogOptions)
      return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath
    },
    stateChanged(state) {
      language = state.preferences.language
      nativeTheme.themeSource = state.preferences.theme
      options.onState(state)
    },
  }
}

function safeDocuments(documentsDir: () => string): string {
  try {
    return documentsDir()
  } catch {
    return homedir()
  }
}
