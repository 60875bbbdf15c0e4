// `wiretrail --smoke` in Electron: the first-run stages (src-main/services/smoke.ts) against this
// process's services, with what only Electron has: the real window (its sandboxed renderer must
// reach main through the preload) and Save As to a known path instead of a dialog. A line first
// says whether Chromium's sandbox is on (it is off when the AppImage's launcher turned it off).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ApiHandlers, AppServices } from '../services/app-services.ts'
import { runSmoke } from '../services/smoke.ts'
import { WiretrailError } from '../shared/errors.ts'

export interface ElectronSmokeOptions {
  services: AppServices
  handlers: ApiHandlers
  /** The run's own state folder (temporary); the saved capture goes there too. */
  stateDir: string
  sandboxOn: boolean
  /** Resolves once the window's renderer has subscribed to events through the preload. */
  windowReady: () => Promise<void>
  print: (line: string) => void
  windowTimeoutMs?: number
}

export async function runElectronSmoke(options: ElectronSmokeOptions): Promise<boolean> {
  const { services, handlers } = options
  options.print(options.sandboxOn ? 'smoke sandbox ok Chromium’s sandbox is on' : 'smoke sandbox WARN Chromium’s sandbox is off (--no-sandbox): see README, "Building installers"')
  const timeout = options.windowTimeoutMs ?? 60_000
  return runSmoke(
    {
      async window() {
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new WiretrailError('SMOKE_WINDOW', `the window's renderer did not reach main through the preload in ${timeout / 1000} s`)), timeout)
        })
        try {
          await Promise.race([options.windowReady(), late])
        } finally {
          clearTimeout(timer)
        }
        return 'the sandboxed renderer reached main through the preload'
      },
      async startLab() {
        await services.captures.startLab()
      },
      async call(name, ...args) {
        const result = await services.dispatch(handlers, name, args)
        if (!result.ok) throw new WiretrailError(result.error.code, result.error.message)
        return result.value as never
      },
      async save(captureId) {
        const where = join(options.stateDir, 'smoke.pcap')
        await services.captures.saveAs(captureId, 'pcap', where)
        return { where, bytes: await readFile(where) }
      },
    },
    options.print,
  )
}
