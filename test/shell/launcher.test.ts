// `wiretrail start` picks Electron when its binary is installed (found from files, never by loading
// the module) and the browser shell otherwise; both paths are run for real with stand-ins for the
// two programs it starts: a fake Electron binary and a fake browser that record how they were called.
import { execFile } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseShell } from '../../src-main/cli/start.ts'
import { chromiumAppArgs, defaultBrowserCommand, findChromium } from '../../src-main/shell/browser-launch.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const CLI = join(ROOT, 'src-main', 'cli', 'wiretrail.mjs')
let work: string

async function fakeElectronPackage(name: string, options: { pathTxt?: string; binary?: boolean }): Promise<string> {
  const dir = join(work, name)
  await mkdir(join(dir, 'dist'), { recursive: true })
  await writeFile(join(dir, 'package.json'), '{"name":"electron","version":"45.4.1"}')
  if (options.pathTxt !== undefined) await writeFile(join(dir, 'path.txt'), options.pathTxt)
  if (options.binary === true) {
    // Records its arguments, as the real binary would receive them, then exits like a closed app.
    await writeFile(join(dir, 'dist', 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${join(dir, 'called-with')}"\nexit 0\n`)
    await chmod(join(dir, 'dist', 'electron'), 0o755)
  }
  return dir
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI, ...args], { cwd: work, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      resolvePromise({ code, stdout, stderr })
    })
  })
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-launch-'))
})
afterAll(() => rm(work, { recursive: true, force: true }))

describe('choosing the shell', () => {
  it('uses Electron when path.txt names a binary that exists in dist/', async () => {
    const dir = await fakeElectronPackage('with-binary', { pathTxt: 'electron', binary: true })
    expect(chooseShell({ WIRETRAIL_ELECTRON_DIR: dir }, 'linux')).toEqual({ shell: 'electron', binary: join(dir, 'dist', 'electron') })
  })

  it('uses the browser shell, saying why, when the binary was never downloaded', async () => {
    const none = await fakeElectronPackage('no-path-txt', {})
    const choice = chooseShell({ WIRETRAIL_ELECTRON_DIR: none }, 'linux')
    expect(choice.shell).toBe('browser')
    expect(choice.shell === 'browser' && choice.reason).toBe(`Electron's binary is not installed (${join(none, 'path.txt')} is missing; "npx install-electron" downloads it)`)
    const gone = await fakeElectronPackage('binary-gone', { pathTxt: 'electron' })
    expect(chooseShell({ WIRETRAIL_ELECTRON_DIR: gone }, 'linux')).toEqual({ shell: 'browser', reason: `Electron's binary is not installed (${join(gone, 'dist', 'electron')} is missing)` })
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', async () => {
    const dir = await fakeElectronPackage('override', { pathTxt: 'electron', binary: true })
    const elsewhere = await fakeElectronPackage('override-pkg', {})
    expect(chooseShell({ WIRETRAIL_ELECTRON_DIR: elsewhere, ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'dist') }, 'linux')).toEqual({ shell: 'electron', binary: join(dir, 'dist', 'electron') })
  })

  it('finds this checkout’s node_modules/electron, which has no binary here', () => {
    const choice = chooseShell({}, 'linux')
    if (existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'))) expect(choice.shell).toBe('electron')
    else expect(choice).toMatchObject({ shell: 'browser', reason: expect.stringContaining(join(ROOT, 'node_modules', 'electron', 'path.txt')) })
  })
})

describe('wiretrail start', () => {
  it('starts the Electron binary with the app folder and the files given', async () => {
    if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) throw new Error('out/main/index.js is missing: run "npm run build" first')
    const dir = await fakeElectronPackage('start-electron', { pathTxt: 'electron', binary: true })
    await writeFile(join(work, 'trace.pcap'), '')
    const result = await runCli(['start', 'trace.pcap'], { WIRETRAIL_ELECTRON_DIR: dir, WIRETRAIL_HOME: join(work, 'home-e') })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`wiretrail: starting Electron (${join(dir, 'dist', 'electron')})`)
    expect((await readFile(join(dir, 'called-with'), 'utf8')).split('\n').filter(Boolean)).toEqual([ROOT, join(work, 'trace.pcap')])
  })

  it('checks every argument before it starts anything: a missing file or a bad port is a usage error', async () => {
    const dir = await fakeElectronPackage('start-check', { pathTxt: 'electron', binary: true })
    const missing = await runCli(['start', 'no-such.pcap'], { WIRETRAIL_ELECTRON_DIR: dir, WIRETRAIL_HOME: join(work, 'home-c') })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('wiretrail start: no-such.pcap: no such file')
    expect(missing.stderr).not.toContain('starting Electron')
    expect(existsSync(join(dir, 'called-with'))).toBe(false)
    const port = await runCli(['start', '--port', '70000'], { WIRETRAIL_ELECTRON_DIR: dir, WIRETRAIL_HOME: join(work, 'home-c') })
    expect(port.code).toBe(2)
    expect(port.stderr).toContain('--port must be a number from 0 to 65535, got "70000"')
    const ui = await runCli(['ui', '--no-open', work], { WIRETRAIL_HOME: join(work, 'home-c') })
    expect(ui.code).toBe(2)
    expect(ui.stderr).toContain(`${work} is not a file (a folder?)`)
    expect(ui.stdout).toBe('')
  })

  it('falls back to the browser shell: serves the app and opens it in a Chromium app window', async () => {
    const dir = await fakeElectronPackage('start-browser', {})
    const record = join(work, 'browser-called-with.json')
    const browser = join(work, 'fake-chromium.mjs')
    // A stand-in Chromium: loads the --app URL like a window would (page, then the API), records
    // what it saw, and exits like a closed window.
    await writeFile(
      browser,
      `#!${process.execPath}
import { writeFileSync } from 'node:fs'
const args = process.argv.slice(2)
const url = args.find((a) => a.startsWith('--app=')).slice(6)
const page = await fetch(url)
const again = await fetch(url)
const info = await fetch(page.url + 'api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"args":[]}' })
const noToken = await fetch(new URL('/', url))
writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, page: page.status, pageUrl: page.url, again: again.status, csp: page.headers.get('content-security-policy'), info: await info.json(), noToken: noToken.status }))
`,
    )
    await chmod(browser, 0o755)
    const result = await runCli(['start'], { WIRETRAIL_ELECTRON_DIR: dir, WIRETRAIL_BROWSER: browser, WIRETRAIL_HOME: join(work, 'home-b') })
    expect(result.code, result.stderr).toBe(0)
    const url = result.stdout.split('\n')[0]!
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/)
    expect(result.stderr).toContain("Electron's binary is not installed")
    expect(result.stderr).toContain('wiretrail: stopping (the app window closed)')
    const seen = JSON.parse(await readFile(record, 'utf8')) as { args: string[]; page: number; pageUrl: string; again: number; csp: string; info: { ok: boolean; value: { shell: string } }; noToken: number }
    // The browser's command line (readable by every user) carries a single-use token that
    // redirects to the printed URL once.
    const launch = seen.args[0]!.slice('--app='.length)
    expect(launch).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/)
    expect(launch).not.toBe(url)
    expect(seen.pageUrl).toBe(url)
    expect(seen.again).toBe(403)
    expect(seen.args.find((a) => a.startsWith('--user-data-dir='))).toMatch(/wiretrail-window-/)
    expect(seen.args).toContain('--disable-background-networking')
    expect(seen.page).toBe(200)
    expect(seen.csp).toContain("default-src 'none'")
    expect(seen.info).toMatchObject({ ok: true, value: { shell: 'browser' } })
    expect(seen.noToken).toBe(403)
    // The fresh profile is removed when the window closes.
    const profile = seen.args.find((a) => a.startsWith('--user-data-dir='))!.slice('--user-data-dir='.length)
    expect(existsSync(profile)).toBe(false)
  })

  it('refuses a bad WIRETRAIL_LAB_BLOCK before serving anything', async () => {
    const result = await runCli(['ui', '--no-open'], { WIRETRAIL_HOME: join(work, 'home-l'), WIRETRAIL_LAB_BLOCK: '300' })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('WIRETRAIL_LAB_BLOCK must be a number from 1 to 254 (the lab uses 127.<block>.x.y), got "300" [BAD_ENVIRONMENT]')
  })

  it('refuses a bad --port with a usage error', async () => {
    const result = await runCli(['ui', '--no-open', '--port', 'eighty'], { WIRETRAIL_HOME: join(work, 'home-p') })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--port must be a number from 0 to 65535, got "eighty"')
  })
})

describe('browser window commands', () => {
  it('opens an app window with a fresh profile and no background services', () => {
    expect(chromiumAppArgs('http://127.0.0.1:5/t/', '/tmp/p')).toEqual([
      '--app=http://127.0.0.1:5/t/',
      '--user-data-dir=/tmp/p',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-size=1280,820',
    ])
  })

  it('uses the default browser per OS when there is no Chromium', async () => {
    expect(defaultBrowserCommand('http://x/', 'linux')).toEqual({ command: 'xdg-open', args: ['http://x/'] })
    expect(defaultBrowserCommand('http://x/', 'darwin')).toEqual({ command: 'open', args: ['http://x/'] })
    expect(defaultBrowserCommand('http://x/', 'win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""', 'http://x/'] })
    const emptyPath = join(work, 'empty-path')
    await mkdir(emptyPath, { recursive: true })
    expect(findChromium({ PATH: emptyPath }, 'linux')).toBeNull()
    expect(findChromium({ PATH: '/usr/bin' }, 'linux')).toBe(existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null)
  })
})
