// `wiretrail start [FILE…]` (what `npm start` runs): the desktop app in Electron where its binary
// is installed; otherwise the same renderer and API in the browser shell, in a Chromium app window
// (or the default browser), stopping when that window closes. The choice is made from files on
// disk (src-main/shell/electron-binary.ts), never by loading the electron module.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { existingFiles, parseCommandArgs } from './args.ts'
import { findElectronBinary, findElectronPackage, type ElectronLookup } from '../shell/electron-binary.ts'
import { APP_ROOT } from '../shell/node-app.ts'
import { runBrowserShell } from '../shell/run.ts'
import { parsePort } from './ui.ts'
import { WiretrailError } from '../shared/errors.ts'

const USAGE = `Usage: wiretrail start [--browser-shell] [--port N] [FILE…]

Starts the desktop app: in Electron when its binary is installed ("npx install-electron"),
otherwise in a Chromium app window served from 127.0.0.1 (the browser shell).

Options:
  --browser-shell   use the browser shell even when Electron is installed
  --port N          the browser shell's port (default: any free port)
  FILE…             pcap/pcapng captures to open`

export type ShellChoice = { shell: 'electron'; binary: string } | { shell: 'browser'; reason: string }

/** Electron when its binary is there (WIRETRAIL_ELECTRON_DIR names the electron package folder,
 * for tests and unusual layouts); the browser shell otherwise, with the reason. */
export function chooseShell(env: Record<string, string | undefined>, platform: NodeJS.Platform, appRoot = APP_ROOT): ShellChoice {
  const packageDir = env.WIRETRAIL_ELECTRON_DIR !== undefined && env.WIRETRAIL_ELECTRON_DIR !== '' ? env.WIRETRAIL_ELECTRON_DIR : findElectronPackage(appRoot)
  const lookup: ElectronLookup = findElectronBinary(packageDir, env, platform)
  return lookup.found ? { shell: 'electron', binary: lookup.binary } : { shell: 'browser', reason: lookup.reason }
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { 'browser-shell': { type: 'boolean' }, port: { type: 'string' } }, USAGE)
  if (parsed === null) return 0
  // Every argument is checked before a window or a server starts.
  const port = parsePort(parsed.values.port)
  const files = existingFiles(parsed.positionals, USAGE)
  const choice: ShellChoice = parsed.values['browser-shell'] === true ? { shell: 'browser', reason: '--browser-shell was given' } : chooseShell(process.env, process.platform)

  if (choice.shell === 'electron') {
    if (!existsSync(join(APP_ROOT, 'out', 'main', 'index.js'))) {
      throw new WiretrailError('APP_NOT_BUILT', `The app is not built: ${join(APP_ROOT, 'out', 'main', 'index.js')} is missing (run "npm run build")`)
    }
    process.stderr.write(`wiretrail: starting Electron (${choice.binary})\n`)
    const env = { ...process.env }
    delete env.ELECTRON_RUN_AS_NODE // set by some tools; it would make Electron behave as plain Node
    const child = spawn(choice.binary, [APP_ROOT, ...files], { stdio: 'inherit', env })
    return new Promise<number>((resolveExit, reject) => {
      child.once('error', (error) => reject(new WiretrailError('ELECTRON_START_FAILED', `Electron could not start: ${error.message}`)))
      child.once('exit', (code, signal) => resolveExit(code ?? (signal !== null ? 1 : 0)))
    })
  }

  process.stderr.write(`wiretrail: ${choice.reason}; opening the browser shell instead\n`)
  return runBrowserShell({ port, open: true, files, stopWithWindow: true })
}
