// @vitest-environment happy-dom
// Closing and quitting with an unsaved recording, through the Electron main process (against the
// electron mock, which closes windows and quits in Electron's order: 'close', the page's
// beforeunload, will-prevent-unload, 'closed', will-quit) and the renderer's real store and
// beforeunload guard. Windows/Linux: closing the last window quits.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, BrowserWindow, dialog, resetMock } from '../mocks/electron.ts'
import { attachRenderer, tinyPcap, waitFor, waitForWindow, type CaptureStore } from './renderer-harness.ts'

let home: string
let win: BrowserWindow
let store: CaptureStore
const previousHome = process.env.WIRETRAIL_HOME
const asked: unknown[] = []

beforeAll(async () => {
  resetMock()
  home = await mkdtemp(join(tmpdir(), 'wiretrail-close-'))
  process.env.WIRETRAIL_HOME = home
  dialog.showMessageBox = (...args: unknown[]) => {
    asked.push(args)
    return Promise.resolve(dialog.nextMessageBox)
  }
  await import('../../src-main/electron/main.ts')
  win = await waitForWindow(1)
  store = await attachRenderer(win)
}, 60_000)
afterAll(async () => {
  if (previousHome === undefined) delete process.env.WIRETRAIL_HOME
  else process.env.WIRETRAIL_HOME = previousHome
  await rm(home, { recursive: true, force: true })
})

async function unsavedRecording(name: string): Promise<string> {
  const path = join(home, 'unsaved-recordings', name)
  await mkdir(join(home, 'unsaved-recordings'), { recursive: true })
  await writeFile(path, tinyPcap())
  expect(await store.openPath(path)).toBe(true)
  expect(store.unsaved).toBe(true)
  return path
}

describe('closing with an unsaved recording (Windows, Linux)', () => {
  it('keeps the app’s state, and Chromium’s, in the one state folder', () => {
    expect(app.getPath('userData')).toBe(home)
    expect(app.getPath('sessionData')).toBe(join(home, 'session'))
  })

  it('Cancel keeps the window; the renderer still holds the recording', async () => {
    await unsavedRecording('wiretrail-first.pcap')
    dialog.nextMessageBox = { response: 3 } // Cancel
    win.close()
    await waitFor(() => asked.length === 1, 'the question')
    await new Promise((r) => setTimeout(r, 50))
    expect(win.isDestroyed()).toBe(false)
    expect(store.unsaved).toBe(true)
  })

  it('Ctrl+Q → Discard deletes the recording, lifts the renderer’s veto and quits', async () => {
    const path = store.opened!.path
    dialog.nextMessageBox = { response: 2 } // Discard
    app.quit()
    await waitFor(() => app.exitCode !== null, 'the app to quit')
    expect(asked).toHaveLength(2)
    expect(existsSync(path)).toBe(false)
    // Main told the renderer, so its store no longer vetoes unloading: the window closed through
    // its beforeunload, not past a veto.
    expect(store.unsaved).toBe(false)
    expect(store.opened).toBeNull()
    expect(win.isDestroyed()).toBe(true)
    expect(app.exitCode).toBe(0)
  }, 30_000)
})
