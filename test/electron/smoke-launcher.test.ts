// `npm run smoke:electron`: which app it starts (the one named, else the newest packaged one in
// dist/, else Electron's binary on this checkout), that it starts it with --smoke, passes the
// stage lines through and exits with the app's status — and fails loudly when there is no app.
// Stand-in apps are small shell scripts: Electron's binary cannot be had here.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findSmokeApp, runSmokeApp } from '../../src-main/shell/smoke-electron.ts'
import { sandboxNotice } from '../../src-main/electron/sandbox-notice.ts'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wiretrail-smoke-launcher-'))
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function fakeApp(path: string, body: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, `#!/bin/sh\n${body}\n`)
  await chmod(path, 0o755)
  return path
}

describe('finding the app', () => {
  it('takes the packaged app in dist/, and a .app bundle’s executable', async () => {
    const checkout = join(root, 'checkout')
    const packaged = await fakeApp(join(checkout, 'dist', 'linux-unpacked', 'wiretrail'), 'exit 0')
    expect(findSmokeApp(checkout, undefined, 'linux', {})).toEqual({ found: true, command: packaged, args: [], what: packaged })
    const bundle = join(root, 'Wiretrail.app')
    await fakeApp(join(bundle, 'Contents', 'MacOS', 'Wiretrail'), 'exit 0')
    expect(findSmokeApp(checkout, bundle, 'darwin', {})).toMatchObject({ found: true, command: join(bundle, 'Contents', 'MacOS', 'Wiretrail') })
  })

  it('says what to do when there is neither a packaged app nor Electron’s binary', () => {
    const lookup = findSmokeApp(join(root, 'empty'), undefined, 'linux', {})
    expect(lookup.found).toBe(false)
    expect(!lookup.found && lookup.reason).toMatch(/no packaged app in .*dist \("npm run dist" builds one\) and the electron package is not installed/)
  })
})

describe('running it', () => {
  it('starts the app with --smoke, prints its stage lines and exits 0 when it got through', async () => {
    const app = await fakeApp(
      join(root, 'ok', 'wiretrail'),
      'echo "some Chromium noise"\nfor s in window lab record open save quit; do echo "smoke $s ok $1"; done\nexit 0',
    )
    const lines: string[] = []
    expect(await runSmokeApp({ found: true, command: app, args: [], what: app }, (l) => lines.push(l))).toBe(0)
    expect(lines).toEqual(['window', 'lab', 'record', 'open', 'save', 'quit'].map((s) => `smoke ${s} ok --smoke`))
  })

  it('exits with the app’s status at its first failure', async () => {
    const app = await fakeApp(join(root, 'fails', 'wiretrail'), 'echo "smoke window ok up"\necho "smoke lab FAILED LAB_PORT_IN_USE: 127.53.0.1:10053 is taken"\nexit 1')
    const lines: string[] = []
    expect(await runSmokeApp({ found: true, command: app, args: [], what: app }, (l) => lines.push(l))).toBe(1)
    expect(lines.at(-1)).toBe('smoke lab FAILED LAB_PORT_IN_USE: 127.53.0.1:10053 is taken')
  })

  it('fails an app that exits 0 without finishing, or dies without saying why', async () => {
    const quiet = await fakeApp(join(root, 'quiet', 'wiretrail'), 'echo "smoke window ok up"\nexit 0')
    const lines: string[] = []
    expect(await runSmokeApp({ found: true, command: quiet, args: [], what: quiet }, (l) => lines.push(l))).toBe(1)
    expect(lines.at(-1)).toBe('smoke FAILED the app exited without finishing its stages')
    const crash = await fakeApp(join(root, 'crash', 'wiretrail'), 'echo "FATAL:setuid_sandbox_host.cc The SUID sandbox helper binary was found, but is not configured correctly" >&2\nexit 133')
    const crashLines: string[] = []
    expect(await runSmokeApp({ found: true, command: crash, args: [], what: crash }, (l) => crashLines.push(l))).toBe(133)
    expect(crashLines.at(-1)).toMatch(/^smoke FAILED the app exited \(133\) before reporting a failure:\nFATAL:setuid_sandbox_host\.cc The SUID sandbox helper/)
  })
})

describe('Chromium’s sandbox turned off', () => {
  it('is said out loud, in English and Korean, with what restores it', () => {
    expect(sandboxNotice('en', { noSandbox: false, appImage: true })).toBeNull()
    const en = sandboxNotice('en', { noSandbox: true, appImage: true })!
    expect(en.message).toBe('Chromium’s sandbox is off')
    expect(en.detail).toContain('restricts unprivileged user namespaces with AppArmor, so the AppImage started without Chromium’s sandbox')
    expect(en.detail).toContain('install the .deb package instead: it keeps the sandbox')
    expect(en.buttons).toEqual(['Continue without the sandbox', 'Quit'])
    const ko = sandboxNotice('ko', { noSandbox: true, appImage: true })!
    expect(ko.message).toBe('Chromium 샌드박스가 꺼져 있습니다')
    expect(ko.detail).toContain('.deb 패키지를 설치하면 샌드박스가 유지됩니다')
    expect(ko.buttons).toEqual(['샌드박스 없이 계속', '종료'])
    expect(sandboxNotice('en', { noSandbox: true, appImage: false })!.detail).toContain('Wiretrail was started with --no-sandbox.')
  })
})
