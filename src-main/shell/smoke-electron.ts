// `npm run smoke:electron [APP]`: the first-run smoke test on a machine that has Electron. Starts
// the packaged app (APP: an executable, a .app bundle or an AppImage; else the newest one in dist/)
// or, with none, the unpacked app (Electron's binary from node_modules on this checkout's out/),
// with `--smoke`: the app goes through src-main/services/smoke.ts's stages, prints one line per
// stage and exits non-zero on the first failure. This script passes the lines through and exits
// with the app's status. Run it on each OS an installer is built for (README, "Building installers").
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { findElectronBinary, findElectronPackage } from './electron-binary.ts'

export type SmokeApp = { found: true; command: string; args: string[]; what: string } | { found: false; reason: string }

/** Where electron-builder leaves each OS's unpacked app, per architecture (electron-builder.yml). */
const PACKAGED: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['linux-unpacked/wiretrail', 'linux-arm64-unpacked/wiretrail'],
  darwin: ['mac/Wiretrail.app', 'mac-arm64/Wiretrail.app', 'mac-universal/Wiretrail.app'],
  win32: ['win-unpacked/Wiretrail.exe', 'win-arm64-unpacked/Wiretrail.exe'],
}

function executableOf(path: string): string {
  // A macOS bundle runs its executable, named after the product.
  return path.endsWith('.app') ? join(path, 'Contents', 'MacOS', basename(path, '.app')) : path
}

export function findSmokeApp(root: string, given: string | undefined, platform: NodeJS.Platform, env: Record<string, string | undefined>): SmokeApp {
  if (given !== undefined) {
    const command = executableOf(resolve(given))
    return existsSync(command) ? { found: true, command, args: [], what: command } : { found: false, reason: `${command} does not exist` }
  }
  const packaged = (PACKAGED[platform] ?? [])
    .map((p) => join(root, 'dist', p))
    .filter((p) => existsSync(executableOf(p)))
    .sort((a, b) => statSync(executableOf(b)).mtimeMs - statSync(executableOf(a)).mtimeMs)
  if (packaged[0] !== undefined) return { found: true, command: executableOf(packaged[0]), args: [], what: packaged[0] }
  const electron = findElectronBinary(findElectronPackage(root), env, platform)
  if (!electron.found) return { found: false, reason: `no packaged app in ${join(root, 'dist')} ("npm run dist" builds one) and ${electron.reason}` }
  if (!existsSync(join(root, 'out', 'main', 'index.js'))) return { found: false, reason: 'the app is not built: run "npm run build" first' }
  return { found: true, command: electron.binary, args: [root], what: `${root} in ${electron.binary}` }
}

/** Runs the app with --smoke; prints its stage lines; resolves to the exit status to use. */
export function runSmokeApp(app: Extract<SmokeApp, { found: true }>, print: (line: string) => void, timeoutMs = 300_000): Promise<number> {
  return new Promise((done) => {
    const child = spawn(app.command, [...app.args, '--smoke'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const lines: string[] = []
    let stderr = ''
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('smoke ')) return
      lines.push(line)
      print(line)
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)))
    const timer = setTimeout(() => {
      print(`smoke FAILED the app did not finish in ${timeoutMs / 1000} s`)
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      print(`smoke FAILED could not start ${app.command}: ${error.message}`)
      done(1)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0 && lines.some((l) => l.startsWith('smoke quit ok'))) return done(0)
      if (code === 0) print('smoke FAILED the app exited without finishing its stages')
      else if (!lines.some((l) => / FAILED /.test(l))) print(`smoke FAILED the app exited (${signal ?? code}) before reporting a failure:\n${stderr.trim()}`)
      done(code !== null && code !== 0 ? code : 1)
    })
  })
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('smoke-electron.ts')) {
  const root = resolve(import.meta.dirname, '..', '..')
  const app = findSmokeApp(root, process.argv[2], process.platform, process.env)
  if (!app.found) {
    console.log(`smoke FAILED ${app.reason}`)
    process.exit(1)
  }
  console.log(`smoke app ${app.what}`)
  process.exitCode = await runSmokeApp(app, (line) => console.log(line))
}
