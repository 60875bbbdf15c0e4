// Runs the browser shell in the foreground: the services, the loopback server, the window, and an
// orderly stop (Ctrl+C, or the app window closing for `wiretrail start`) that keeps unsaved
// recordings on disk and says where.
import type { OpenedWindow } from './browser-launch.ts'
import { openAppWindow } from './browser-launch.ts'
import { createNodeAppServices, RENDERER_DIR } from './node-app.ts'
import { startShellServer } from './server.ts'

/** How long a page may be gone (reload, brief disconnect) before `start` treats the window as closed. */
export const PAGE_GONE_GRACE_MS = 20_000

export interface BrowserShellOptions {
  port: number
  open: boolean
  /** Captures to open at once (command line). */
  files: readonly string[]
  /** `start`: stop when the app window closes. `ui`: run until interrupted. */
  stopWithWindow: boolean
  rendererDir?: string
  out?: (line: string) => void
  err?: (line: string) => void
}

export async function runBrowserShell(options: BrowserShellOptions): Promise<number> {
  const out = options.out ?? ((line) => process.stdout.write(`${line}\n`))
  const err = options.err ?? ((line) => process.stderr.write(`${line}\n`))
  const services = createNodeAppServices()
  let stop: (why: string) => void = () => undefined
  const stopped = new Promise<string>((resolve) => (stop = resolve))
  let goneTimer: NodeJS.Timeout | null = null
  let everConnected = false

  const server = await startShellServer({
    services,
    rendererDir: options.rendererDir ?? RENDERER_DIR,
    port: options.port,
    onPagesChanged: (pages) => {
      if (pages > 0) {
        everConnected = true
        if (goneTimer !== null) clearTimeout(goneTimer)
        goneTimer = null
      } else if (options.stopWithWindow && everConnected && window?.kind !== 'chromium-app') {
        goneTimer = setTimeout(() => stop('the page was closed'), PAGE_GONE_GRACE_MS)
      }
    },
  })
  // The first line of output is the URL: automation reads it (README, issue 5 §2).
  out(server.url)
  err('wiretrail: serving the app on 127.0.0.1 only; the address above includes its access token. Ctrl+C stops it.')

  const onSignal = (): void => stop('interrupted')
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  void services.openFromOutside(options.files).then(({ failed }) => {
    for (const { path, error } of failed) err(`wiretrail: could not open ${path}: ${error.message} [${error.code}]`)
  })

  let window: OpenedWindow | null = null
  if (options.open) {
    window = await openAppWindow(server.launchUrl())
    err(window.kind === 'chromium-app' ? 'wiretrail: opened an app window in Chromium' : 'wiretrail: opened the app in the default browser')
    if (options.stopWithWindow) void window.exited?.then(() => stop('the app window closed'))
  }

  const why = await stopped
  err(`wiretrail: stopping (${why})`)
  process.removeListener('SIGINT', onSignal)
  process.removeListener('SIGTERM', onSignal)
  if (goneTimer !== null) clearTimeout(goneTimer)
  window?.close()
  const unsaved = await services.captures.unsavedRecordings()
  await server.close()
  await services.shutdown()
  if (unsaved.length > 0) {
    err(`wiretrail: ${unsaved.length} unsaved recording(s) kept in ${services.captures.unsavedFolder}; the app offers them again next time`)
  }
  return 0
}
