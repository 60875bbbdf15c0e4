// Where the app keeps its state, the same folder in both shells (Electron's main sets its userData
// to it, so `npm start` with or without Electron shares recent files and unsaved recordings):
//   Linux   $XDG_CONFIG_HOME/wiretrail (~/.config/wiretrail)
//   macOS   ~/Library/Application Support/Wiretrail
//   Windows %APPDATA%\Wiretrail
// WIRETRAIL_HOME overrides it (tests, portable installs).
import { join } from 'node:path'

export interface AppDirs {
  /** recent.json, preferences.json. */
  config: string
  /** Recordings not yet saved by the user: kept until saved or discarded, across restarts. */
  unsavedRecordings: string
  /** Copies of captures opened from bytes (browser shell); removed when closed. */
  openedCopies: string
  /** Recordings the user kept from the unsaved folder in one go (the leftover banner's "Keep all"). */
  keptRecordings: string
  /** Captures opened from bytes (the browser shell cannot know a picked file's path), kept as long
   * as Open Recent lists them so they reopen from there; one folder per capture. */
  recentCopies: string
}

export interface DirsEnvironment {
  env: Record<string, string | undefined>
  platform: NodeJS.Platform
  home: string
}

export function appConfigDir({ env, platform, home }: DirsEnvironment): string {
  const override = env.WIRETRAIL_HOME
  if (override !== undefined && override !== '') return override
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Wiretrail')
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Wiretrail')
  const xdg = env.XDG_CONFIG_HOME
  return join(xdg !== undefined && xdg.startsWith('/') ? xdg : join(home, '.config'), 'wiretrail')
}

export function appDirs(root: string): AppDirs {
  return {
    config: root,
    unsavedRecordings: join(root, 'unsaved-recordings'),
    openedCopies: join(root, 'opened-copies'),
    keptRecordings: join(root, 'kept-recordings'),
    recentCopies: join(root, 'recent-copies'),
  }
}
