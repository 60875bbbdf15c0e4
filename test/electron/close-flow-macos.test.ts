// @vitest-environment happy-dom
// The same close flow on macOS, where the app keeps running with no window: every window is
// asked again (the answer for one window is not a licence for the next), "Keep for Next Time"
// closes even though the renderer still vetoes, closing the window releases its captures, a file
// opened from Finder with no window open shows a window, and Cmd+Q with Keep quits.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, BrowserWindow, dialog, MockEvent, resetMock } from '../mocks/electron.ts'
import { attachRenderer, tinyPcap, waitFor, waitForWindow, type CaptureStore } from './renderer-harness.ts'

let home: string
const previousHome = process.env.WIRETRAIL_HOME
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
const asked: unknown[] = []

beforeAll(async () => {
  resetMock()
  Object.defineProperty(process, 'platform', { value: 'darwin' })
  home = await mkdtemp(join(tmpdir(), 'wiretrail-close-mac-'))
  process.env.WIRETRAIL_HOME = home
  dialog.showMessageBox = (...args: unknown[]) => {
    asked.push(args)
    return Promise.resolve(dialog.nextMessageBox)
  }
  await import('../../src-main/electron/main.ts')
}, 60_000)
afterAll(async () => {
  Object.defineProperty(process, 'platform', platform)
  if (previousHome === undefined) delete process.env.WIRETRAIL_HOME
  else process.env.WIRETRAIL_HOME = previousHome
  await rm(home, { recursive: true, force: true })
})

async function unsavedRecording(store: CaptureStore, name: string): Promise<string> {
  const path = join(home, 'unsaved-recordings', name)
  await mkdir(join(home, 'unsaved-recordings'), { recursive: true })
  await writeFile(path, tinyPcap())
  expect(await store.openPath(path)).toBe(true)
  expect(store.unsaved).toBe(true)
  return path
}

describe('closing with an unsaved recording (macOS)', () => {
  let kept: string

  it('Discard closes the window and deletes the recording; the app keeps running', async () => {
    const win = await waitForWindow(1)
    const store = await attachRenderer(win)
    const path = await unsavedRecording(store, 'wiretrail-one.pcap')
    dialog.nextMessageBox = { response: 2 } // Discard
    win.close()
    await waitFor(() => win.isDestroyed(), 'the window to close')
    expect(asked).toHaveLength(1)
    expect(existsSync(path)).toBe(false)
    expect(store.unsaved).toBe(false)
    expect(app.exitCode).toBeNull()
  })

  it('asks again in the next window, and Keep for Next Time closes it over the renderer’s veto', async () => {
    app.emit('activate', new MockEvent())
    const win = await waitForWindow(2)
    const store = await attachRenderer(win)
    kept = await unsavedRecording(store, 'wiretrail-two.pcap')
    dialog.nextMessageBox = { response: 1 } // Keep for Next Time
    win.close()
    await waitFor(() => win.isDestroyed(), 'the window to close')
    expect(asked).toHaveLength(2)
    expect(store.unsaved).toBe(true) // the renderer still vetoed: main overruled it
    expect(existsSync(kept)).toBe(true)
    expect(app.exitCode).toBeNull()
  })

  it('released the closed window’s captures: the kept recording is offered, not open', async () => {
    app.emit('activate', new MockEvent())
    const win = await waitForWindow(3)
    const store = await attachRenderer(win)
    expect(store.leftover.map((r) => r.path)).toEqual([kept])
    expect(store.leftover[0]!.captureId).toBeNull()
    win.close() // nothing unsaved: no question
    await waitFor(() => win.isDestroyed(), 'the window to close')
    expect(asked).toHaveLength(2)
  })

  it('a file opened from Finder with no window open shows a window with it', async () => {
    const file = join(home, 'from-finder.pcap')
    await writeFile(file, tinyPcap())
    const event = new MockEvent()
    app.emit('open-file', event, file)
    expect(event.defaultPrevented).toBe(true)
    const win = await waitForWindow(4)
    expect(BrowserWindow.getAllWindows()).toEqual([win])
    const store = await attachRenderer(win)
    await waitFor(() => store.opened?.path === file, 'the file to open in the new window')
  })

  it('Cmd+Q → Keep for Next Time quits and keeps the recording', async () => {
    const win = BrowserWindow.getAllWindows()[0]!
    const store = await attachRenderer(win)
    const path = await unsavedRecording(store, 'wiretrail-three.pcap')
    dialog.nextMessageBox = { response: 1 }
    app.quit()
    await waitFor(() => app.exitCode !== null, 'the app to quit')
    expect(asked).toHaveLength(3)
    expect(existsSync(path)).toBe(true)
    expect(app.exitCode).toBe(0)
  }, 30_000)
})
