// Opening the browser shell's URL: in a Chromium-family browser as an app window (--app: no tabs,
// no URL bar, like a desktop window) with a fresh profile that is deleted afterwards, or in the
// system's default browser when there is no Chromium. WIRETRAIL_BROWSER names a browser binary to
// use instead (tests point it at a fake that records its arguments).
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'

const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'brave-browser']
const MAC_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
]

export function findChromium(env: Record<string, string | undefined>, platform: NodeJS.Platform): string | null {
  const chosen = env.WIRETRAIL_BROWSER
  if (chosen !== undefined && chosen !== '') return chosen
  if (platform === 'darwin') return MAC_APPS.find((p) => existsSync(p)) ?? null
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((r): r is string => r !== undefined)
    const candidates = roots.flatMap((r) => [join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'), join(r, 'Google', 'Chrome', 'Application', 'chrome.exe')])
    return candidates.find((p) => existsSync(p)) ?? null
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CHROMIUM_NAMES) {
      const candidate = join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return null
}

/** Chromium's arguments for the app window: a fresh profile, and none of the background services
 * such a profile would start (sync, component updates, first-run pages). The page itself can reach
 * nothing but this server: its CSP allows only 'self'. (No --host-resolver-rules here: Chromium
 * shows users a warning bar for it; the tests' own Chromium launches use it.) */
export function chromiumAppArgs(url: string, profileDir: string): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1280,820',
  ]
}

export function defaultBrowserCommand(url: string, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] }
  // `start` is a cmd built-in; the empty "" is the window title it would otherwise take from the URL.
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] }
  return { command: 'xdg-open', args: [url] }
}

export interface OpenedWindow {
  kind: 'chromium-app' | 'default-browser'
  /** For an app window: resolves when the window (the browser process) exits. A default browser
   * hands the URL to an existing process, so there is nothing to wait for: null. */
  exited: Promise<number | null> | null
  close(): void
}

export async function openAppWindow(url: string, env: Record<string, string | undefined> = process.env, platform: NodeJS.Platform = process.platform): Promise<OpenedWindow> {
  const chromium = findChromium(env, platform)
  if (chromium === null) {
    const { command, args } = defaultBrowserCommand(url, platform)
    const child = spawn(command, args, { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
    return { kind: 'default-browser', exited: null, close: () => undefined }
  }
  const profile = await mkdtemp(join(tmpdir(), 'wiretrail-window-'))
  await seedProfile(profile)
  const child: ChildProcess = spawn(chromium, chromiumAppArgs(url, profile), { stdio: 'ignore' })
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null))
    child.once('exit', (code) => resolve(code))
  }).finally(() => rm(profile, { recursive: true, force: true }).catch(() => undefined))
  return { kind: 'chromium-app', exited, close: () => void child.kill('SIGTERM') }
}

/** Save As in the browser shell downloads the capture and then its journal: allow the second
 * download without Chromium's "download multiple files?" prompt. */
async function seedProfile(profile: string): Promise<void> {
  await mkdir(join(profile, 'Default'), { recursive: true })
  const preferences = { profile: { default_content_setting_values: { automatic_downloads: 1 } } }
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify(preferences))
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}
