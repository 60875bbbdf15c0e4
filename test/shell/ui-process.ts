// Starts `wiretrail ui --no-open --port 0` for the Chromium tests and a Chromium that can reach it:
// as root both run in a private network namespace (Chromium enters the server's namespace with
// nsenter), so neither can reach anything but that namespace's loopback; otherwise Chromium's name
// resolution is switched off for everything but 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { chmod, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { chromium, type Browser } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS, hostResolverRules } from '../support/chromium.ts'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export { CHROMIUM }
const BROWSER_ARGS = [...CHROMIUM_ARGS, hostResolverRules()]

export const useNamespace = process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && existsSync('/usr/bin/nsenter')

export interface UiProcess {
  url: string
  process: ChildProcess
  stderr: () => string
  /** Stops the server: SIGTERM to wiretrail itself (unshare does not pass signals on), and waits. */
  stop(): Promise<void>
}

export function checkPeers(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): run .ci/install-peers (apt-get install chromium)`)
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run "npm run build" first')
}

/** `labBlock`: the lab's 127.<block>.x.y, so a test that records runs beside other tests' labs. */
export async function startUi(home: string, files: string[] = [], labBlock?: number): Promise<UiProcess> {
  const command = [process.execPath, join(ROOT, 'src-main', 'cli', 'wiretrail.mjs'), 'ui', '--no-open', '--port', '0', ...files]
  const env = { ...process.env, WIRETRAIL_HOME: home, ...(labBlock !== undefined ? { WIRETRAIL_LAB_BLOCK: String(labBlock) } : {}) }
  const child = useNamespace
    ? spawn('unshare', ['--net', '--fork', '--kill-child', 'sh', '-c', 'ip link set lo up && exec "$@"', 'sh', ...command], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const url = await new Promise<string>((resolveUrl, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolveUrl)
    child.once('exit', (code) => reject(new Error(`wiretrail ui exited (${code}) before printing its URL: ${stderr}`)))
  })
  const serverPid = useNamespace ? await innerPid(child.pid!) : child.pid!
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())))
  return {
    url,
    process: child,
    stderr: () => stderr,
    async stop() {
      try {
        process.kill(serverPid, 'SIGTERM')
      } catch {
        // already gone
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000) // unshare --kill-child takes wiretrail along
      await exited
      clearTimeout(timer)
    },
  }
}

async function innerPid(outer: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    try {
      const children = readFileSync(`/proc/${outer}/task/${outer}/children`, 'utf8').trim()
      if (children !== '') return Number(children.split(' ')[0])
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('the namespaced server process did not appear')
}

export async function launchChromiumFor(ui: UiProcess, work: string): Promise<Browser> {
  let executablePath = CHROMIUM
  if (useNamespace) {
    executablePath = join(work, 'chromium-in-namespace.sh')
    await writeFile(executablePath, `#!/bin/sh\nexec nsenter --net=/proc/${await innerPid(ui.process.pid!)}/ns/net ${CHROMIUM} "$@"\n`)
    await chmod(executablePath, 0o755)
  }
  return chromium.launch({ executablePath, args: BROWSER_ARGS, headless: true, timeout: 90_000 })
}
