// End-to-end harness: the browser shell (`wiretrail ui --no-open --port 0`) and Debian's Chromium,
// both inside a private network namespace made for the test file when running as root (nothing can
// leave the machine, and the lab's fixed ports cannot clash with anything else running). Without
// root it falls back to the host's loopback with Chromium's resolver pinned to ~NOTFOUND.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { CHROMIUM, CHROMIUM_ARGS, hostResolverRules } from '../support/chromium.ts'

const run = promisify(execFile)
export const ROOT = resolve(import.meta.dirname, '../..')
export const RESULTS = join(ROOT, 'test-results')
const BROWSER_ARGS = ['--headless', ...CHROMIUM_ARGS, hostResolverRules()]

export interface Sandbox {
  /** The namespace's name, or null when running on the host's loopback. */
  netns: string | null
  dir: string
  spawn(command: string, args: string[], env?: Record<string, string>): ChildProcess
  close(): Promise<void>
}

export async function createSandbox(): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'wiretrail-e2e-'))
  let netns: string | null = null
  if (process.getuid?.() === 0) {
    netns = `wt-e2e-${process.pid}-${randomBytes(3).toString('hex')}`
    await run('ip', ['netns', 'add', netns])
    await run('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up'])
  }
  const children: ChildProcess[] = []
  return {
    netns,
    dir,
    spawn(command, args, env = {}) {
      const [cmd, argv] = netns === null ? [command, args] : ['ip', ['netns', 'exec', netns, command, ...args]]
      const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      return child
    },
    async close() {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? waitExit(child, 10_000) : undefined)))
      if (netns !== null) await run('ip', ['netns', 'delete', netns]).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

function waitExit(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      done()
    }, ms)
    child.once('exit', () => {
      clearTimeout(timer)
      done()
    })
  })
}

/** Resolves with the first line `child` prints (what `wiretrail ui` prints first is its URL). */
export function firstLine(child: ChildProcess, what: string, pattern = /\n/): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let out = ''
    let err = ''
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (pattern.test(out)) resolveLine(out)
    })
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready:\n${out}\n${err}`)))
  })
}

/** Starts the browser shell with its own app folder (and `env`, as a user's environment would
 * give it: NODE_EXTRA_CA_CERTS, …); returns the page URL (with its token). */
export async function startShell(sandbox: Sandbox, home: string, files: string[] = [], env: Record<string, string> = {}): Promise<string> {
  await mkdir(home, { recursive: true })
  const child = sandbox.spawn(process.execPath, ['src-main/cli/wiretrail.mjs', 'ui', '--no-open', '--port', '0', ...files], { ...env, WIRETRAIL_HOME: home })
  const out = await firstLine(child, 'wiretrail ui')
  const url = out.split('\n')[0]?.trim() ?? ''
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) throw new Error(`wiretrail ui printed "${url}" instead of its URL`)
  return url
}

export interface Session {
  browser: Browser
  context: BrowserContext
  page: Page
  /** Console errors and CSP violations seen so far. */
  problems: string[]
}

export async function openBrowser(sandbox: Sandbox, url: string): Promise<Session> {
  let executablePath = CHROMIUM
  if (sandbox.netns !== null) {
    // Playwright talks to Chromium over a pipe, which crosses namespaces; the browser itself runs
    // inside the test's namespace, beside the shell.
    executablePath = join(sandbox.dir, 'chromium-in-netns')
    await writeFile(executablePath, `#!/bin/sh\nexec ip netns exec ${sandbox.netns} ${CHROMIUM} "$@"\n`)
    await chmod(executablePath, 0o755)
  }
  const browser = await chromium.launch({ executablePath, args: BROWSER_ARGS, timeout: 60_000 })
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    const text = message.text()
    // The shell's Permissions-Policy names features this Chromium does not know: not the app's fault.
    if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(text)) problems.push(`${message.type()}: ${text}`)
  })
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.goto(url)
  await page.waitForSelector('[data-testid="urlbar"]')
  return { browser, context, page, problems }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(RESULTS, { recursive: true })
  await page.screenshot({ path: join(RESULTS, `${name}.png`) })
}

/** The timeline's referral hops and phase bars, as the automation hooks name them. */
export async function timelineHooks(page: Page): Promise<{ zones: string[]; phases: string[] }> {
  const zones = await page.locator('.timeline [data-zone]').evaluateAll((els) => els.map((el) => el.getAttribute('data-zone') ?? ''))
  const phases = await page.locator('.timeline [data-phase]').evaluateAll((els) => els.map((el) => el.getAttribute('data-phase') ?? ''))
  return { zones, phases }
}

/** Steps through the whole walkthrough with → and returns each step's kind and concept. */
export async function stepThrough(page: Page, screenshots?: { prefix: string; every: number }): Promise<{ kind: string; concept: string; title: string }[]> {
  const player = page.locator('[data-testid="player"]')
  const count = Number(await player.getAttribute('data-step-count'))
  if ((await player.getAttribute('data-step-index')) !== '0') throw new Error('stepThrough starts at the first step')
  const seen: { kind: string; concept: string; title: string }[] = []
  for (let index = 0; index < count; index++) {
    await page.waitForSelector(`[data-testid="step-explainer"][data-step-index="${index}"]`)
    const explainer = page.locator('[data-testid="step-explainer"]')
    seen.push({
      kind: (await explainer.getAttribute('data-kind')) ?? '',
      concept: (await explainer.getAttribute('data-concept')) ?? '',
      title: (await explainer.locator('.step-title').textContent()) ?? '',
    })
    if (screenshots && index % screenshots.every === 0) await screenshot(page, `${screenshots.prefix}-step-${String(index + 1).padStart(2, '0')}`)
    if (index < count - 1) {
      await page.locator('body').press('ArrowRight')
    }
  }
  return seen
}

/** Waits for `selector`; on a timeout, saves a screenshot (and the page's error, if any) first. */
export async function waitFor(page: Page, selector: string, name: string, timeout = 60_000): Promise<void> {
  try {
    await page.waitForSelector(selector, { timeout })
  } catch (error) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined)
    const shown = await page.locator('[data-testid="error"]').textContent({ timeout: 1000 }).catch(() => null)
    throw new Error(`${(error as Error).message}${shown ? `\nThe app shows: ${shown}` : ''}`)
  }
}
