// `wiretrail --smoke` in the Electron main process (against the electron mock): the sandbox line,
// then every stage against the real engine and lab (its own address block) — the window stage
// waits for the window's renderer to reach main (here the preload's "listening" message, sent as
// the renderer's store sends it; close-flow.test.ts runs the real renderer side) — and the app
// exits 0 having removed its temporary state. The sandbox notice is a line here, not a dialog.
import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, dialog, ipcMain, resetMock } from '../mocks/electron.ts'
import { IPC_LISTENING } from '../../src-main/shared/api.ts'
import { SMOKE_STAGES } from '../../src-main/services/smoke.ts'
import { waitFor, waitForWindow } from './renderer-harness.ts'

const lines: string[] = []
const warnings: string[] = []
const saved = { argv: process.argv, block: process.env.WIRETRAIL_LAB_BLOCK, log: console.log, warn: console.warn }
let dialogs = 0

beforeAll(async () => {
  resetMock()
  process.argv = [...process.argv, '--smoke']
  process.env.WIRETRAIL_LAB_BLOCK = '148'
  app.commandLine.switches.add('no-sandbox') // on the command line, as the AppImage's launcher passes it
  console.log = (line: string) => void lines.push(String(line))
  console.warn = (line: string) => void warnings.push(String(line))
  dialog.showMessageBox = () => {
    dialogs++
    return Promise.resolve({ response: 0 })
  }
  await import('../../src-main/electron/main.ts')
  const win = await waitForWindow(1)
  await new Promise((r) => setTimeout(r, 200))
  expect(lines).toEqual(['smoke sandbox WARN Chromium’s sandbox is off (--no-sandbox): see README, "Building installers"']) // waiting for the window
  const [listening] = ipcMain.listeners.get(IPC_LISTENING)!
  listening!({ sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } }, 'opened')
  await waitFor(() => app.exitCode !== null, 'the smoke run to end')
}, 180_000)
afterAll(() => {
  process.argv = saved.argv
  if (saved.block === undefined) delete process.env.WIRETRAIL_LAB_BLOCK
  else process.env.WIRETRAIL_LAB_BLOCK = saved.block
  console.log = saved.log
  console.warn = saved.warn
})

describe('wiretrail --smoke', () => {
  it('prints the sandbox line, then one ok line per stage, and exits 0', () => {
    expect(lines[0]).toBe('smoke sandbox WARN Chromium’s sandbox is off (--no-sandbox): see README, "Building installers"')
    expect(lines.slice(1).map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(SMOKE_STAGES.map((s) => `smoke ${s} ok`))
    expect(lines[1]).toBe('smoke window ok the sandboxed renderer reached main through the preload')
    expect(lines[3]).toMatch(/^smoke record ok \d+ packets, \d+ steps, resolution \. → kr\. → co\.kr\. → cyber\.co\.kr\. → lab\.cyber\.co\.kr\.$/)
    expect(app.exitCode).toBe(0)
  })

  it('saved into its own temporary state folder and removed it; no dialog stopped the run', () => {
    const where = /^smoke save ok (\S+smoke\.pcap) \(\d+ bytes, pcap\)$/.exec(lines[5]!)![1]!
    expect(where.startsWith(app.getPath('userData'))).toBe(true)
    expect(existsSync(app.getPath('userData'))).toBe(false)
    expect(dialogs).toBe(0)
    expect(warnings.some((w) => w.startsWith('wiretrail: Chromium’s sandbox is off.'))).toBe(true)
  })
})
