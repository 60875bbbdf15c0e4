// Electron's side of ShellHost: native open/save dialogs attached to the window, the native menu
// relabelled when the language or the recent list changes (and its capture items enabled while a
// capture is open), and the theme followed by nativeTheme
// (so the renderer's prefers-color-scheme follows the View › Theme choice).
import { dialog, nativeTheme, type BrowserWindow } from 'electron'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { ShellHost, ShellState } from '../services/shell-host.ts'
import type { CaptureFormat, ExportKind } from '../shared/api.ts'

const CAPTURE_FILTERS = [
  { name: 'Captures (pcap, pcapng)', extensions: ['pcap', 'pcapng', 'cap'] },
  { name: 'All files', extensions: ['*'] },
]

export function createElectronHost(options: { window: () => BrowserWindow | null; documentsDir: () => string; onState: (state: ShellState) => void }): ShellHost {
  return {
    shell: 'electron',
    menuPlatform: process.platform,
    async chooseCaptureToOpen() {
      const win = options.window()
      const dialogOptions = { properties: ['openFile' as const], filters: CAPTURE_FILTERS }
      const result = win === null ? await dialog.showOpenDialog(dialogOptions) : await dialog.showOpenDialog(win, dialogOptions)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async chooseSavePath(suggestedName: string, kind: CaptureFormat | ExportKind | 'data') {
      const filters = kind === 'text' ? [{ name: 'Text', extensions: ['txt'] }] : kind === 'html' ? [{ name: 'HTML handout', extensions: ['html'] }] : kind === 'data' ? [{ name: 'Data', extensions: ['bin'] }] : [{ name: kind === 'pcap' ? 'pcap capture' : 'pcapng capture', extensions: [kind] }]
      // macOS and Windows always ask before an existing file is chosen; GTK only when told to.
      const dialogOptions = { defaultPath: join(safeDocuments(options.documentsDir), suggestedName), filters, properties: ['showOverwriteConfirmation' as const, 'createDirectory' as const] }
      const win = options.window()
      const result = win === null ? await dialog.showSaveDialog(dialogOptions) : await dialog.showSaveDialog(win, dialogOptions)
      return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath
    },
    stateChanged(state) {
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
