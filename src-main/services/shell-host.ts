// What differs between the two shells, behind one interface: the services call these, Electron
// implements them with native dialogs and menus (src-main/electron/host.ts), the browser shell
// with in-page pickers and downloads (src-main/shell/host.ts).
import type { CaptureFormat, ExportKind, Preferences } from '../shared/api.ts'

export interface ShellHost {
  readonly shell: 'electron' | 'browser'
  /** For the menu model: macOS keeps Quit in the app menu; the browser shell has no Quit. */
  readonly menuPlatform: NodeJS.Platform | 'browser'
  /** A native open dialog; null when cancelled. The browser shell's client picks files in the
   * page instead, so its host refuses with a clear error. */
  chooseCaptureToOpen(): Promise<string | null>
  /** A native save dialog for a capture or the text export; null when cancelled. The dialog must
   * ask before the user picks an existing file: the services then replace it (that was consent). */
  chooseSavePath(suggestedName: string, kind: CaptureFormat | ExportKind | 'data'): Promise<string | null>
  /** Language/theme, the recent list or whether a capture is open changed: relabel the native
   * menu (and enable what acts on a capture), follow the theme. */
  stateChanged(state: ShellState): void
}

/** What the native menu and the theme follow. */
export interface ShellState {
  preferences: Preferences
  recent: string[]
  /** A capture is open (CaptureService.hasOpen). */
  captureOpen: boolean
}
