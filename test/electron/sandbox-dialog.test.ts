// Started as the AppImage's launcher starts it on Ubuntu 24.04+ (with --no-sandbox): before any
// window, main says that Chromium's sandbox is off, why, and what restores it, and Quit ends the
// app without opening a window.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, BrowserWindow, dialog, resetMock } from '../mocks/electron.ts'
import { waitFor } from './renderer-harness.ts'

let home: string
const saved = { home: process.env.WIRETRAIL_HOME, appImage: process.env.APPIMAGE, warn: console.warn }
const asked: { message: string; detail: string; buttons: string[] }[] = []

beforeAll(async () => {
  resetMock()
  home = await mkdtemp(join(tmpdir(), 'wiretrail-sandbox-'))
  process.env.WIRETRAIL_HOME = home
  process.env.APPIMAGE = '/home/u/Applications/Wiretrail-0.1.0.AppImage'
  console.warn = () => undefined
  app.commandLine.switches.add('no-sandbox') // on the command line, as the AppImage's launcher passes it
  dialog.showMessageBox = (...args: unknown[]) => {
    asked.push(args[0] as { message: string; detail: string; buttons: string[] })
    return Promise.resolve({ response: 1 }) // Quit
  }
  await import('../../src-main/electron/main.ts')
  await waitFor(() => app.exitCode !== null, 'the app to quit')
}, 60_000)
afterAll(async () => {
  for (const [key, value] of [['WIRETRAIL_HOME', saved.home], ['APPIMAGE', saved.appImage]] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  console.warn = saved.warn
  await rm(home, { recursive: true, force: true })
})

describe('Chromium’s sandbox off at start', () => {
  it('asks before any window, naming the AppImage case and the .deb', () => {
    expect(asked).toHaveLength(1)
    expect(asked[0]!.message).toBe('Chromium’s sandbox is off')
    expect(asked[0]!.detail).toContain('so the AppImage started without Chromium’s sandbox')
    expect(asked[0]!.detail).toContain('install the .deb package instead')
    expect(asked[0]!.buttons).toEqual(['Continue without the sandbox', 'Quit'])
  })

  it('Quit ends the app without opening a window', () => {
    expect(BrowserWindow.created).toEqual([])
    expect(app.exitCode).toBe(0)
  })
})
