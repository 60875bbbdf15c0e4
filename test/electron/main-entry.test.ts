// The Electron main entry, loaded for real against the electron mock: what it registers before
// 'ready' (the privileged app scheme, single-instance lock, web-contents hardening) and after it
// (the app:// handler, the session guard, one IPC handler per operation, the native menu, and a
// sandboxed window on the app URL).
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app, BrowserWindow, dialog, ipcMain, Menu, MockEvent, MockWebContents, protocol, resetMock, session } from '../mocks/electron.ts'
import { API_NAMES, IPC_CALL_PREFIX, IPC_LISTENING, type ApiResult, type OpenedCapture } from '../../src-main/shared/api.ts'

/** A one-packet pcap (an ARP request), enough for the analyzer to open. */
function tinyPcap(): Buffer {
  const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')
  const arp = Buffer.from('ffffffffffff020000000001080600010800060400010200000000017f0000010000000000007f000002', 'hex')
  const record = Buffer.alloc(16)
  record.writeUInt32LE(1_700_000_000, 0)
  record.writeUInt32LE(arp.length, 8)
  record.writeUInt32LE(arp.length, 12)
  return Buffer.concat([header, record, arp])
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

let home: string
const previousHome = process.env.WIRETRAIL_HOME

beforeAll(async () => {
  resetMock()
  home = await mkdtemp(join(tmpdir(), 'wiretrail-main-'))
  process.env.WIRETRAIL_HOME = home
  await import('../../src-main/electron/main.ts')
  for (let i = 0; i < 200 && BrowserWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
})
afterAll(async () => {
  if (previousHome === undefined) delete process.env.WIRETRAIL_HOME
  else process.env.WIRETRAIL_HOME = previousHome
  await rm(home, { recursive: true, force: true })
})

describe('Electron main entry', () => {
  it('registers wiretrail: as a standard, secure scheme and serves it', () => {
    expect(protocol.privileged).toEqual([{ scheme: 'wiretrail', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }])
    expect([...protocol.handlers.keys()]).toEqual(['wiretrail'])
  })

  it('registers one IPC handler per operation and nothing else', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_NAMES.map((n) => `${IPC_CALL_PREFIX}${n}`).sort())
  })

  it('opens one sandboxed window on the app URL with the preload beside the bundle', () => {
    expect(BrowserWindow.created).toHaveLength(1)
    const win = BrowserWindow.created[0]!
    const prefs = win.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false })
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(win.webContents.loadedUrl).toBe('wiretrail://app/index.html')
  })

  it('installs the session guard and the native menu', () => {
    const answers: boolean[] = []
    session.defaultSession.permissionRequestHandler?.({}, 'media', (granted: boolean) => answers.push(granted))
    expect(answers).toEqual([false])
    const template = (Menu.application as { template: { label?: string; role?: string }[] }).template
    expect(template.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', '&Go', '&Analyze', '&Statistics', '&Help'])
  })

  it('hardens web contents created later (e.g. devtools) too', () => {
    const contents = new MockWebContents()
    app.emit('web-contents-created', new MockEvent(), contents)
    expect(contents.fire('will-navigate', 'https://example.com').defaultPrevented).toBe(true)
    expect(contents.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' })
  })

  it('answers a call from its own window and refuses one from another', async () => {
    const win = BrowserWindow.created[0]!
    const handler = ipcMain.handlers.get(`${IPC_CALL_PREFIX}app.info`)!
    const ours = await handler({ sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } })
    expect(ours).toMatchObject({ ok: true, value: { shell: 'electron', version: '0.0.0-test' } })
    const stranger = await handler({ sender: { id: win.webContents.id + 100 }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } })
    expect(stranger).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } })
  })

  it('opens a file from a second instance and delivers it once the renderer listens', async () => {
    const win = BrowserWindow.created[0]!
    const file = join(home, 'from second instance.pcap')
    await writeFile(file, tinyPcap())
    app.emit('second-instance', new MockEvent(), ['/opt/Wiretrail/wiretrail', '--some-flag', 'from second instance.pcap'], home)
    await new Promise((r) => setTimeout(r, 300))
    expect(win.webContents.sent.some((m) => m.channel === 'wiretrail:event:opened')).toBe(false) // held: nobody listens yet
    const [listening] = ipcMain.listeners.get(IPC_LISTENING)!
    listening!({ sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } }, 'opened')
    await waitFor(() => win.webContents.sent.some((m) => m.channel === 'wiretrail:event:opened'), 'the opened event')
    const opened = win.webContents.sent.find((m) => m.channel === 'wiretrail:event:opened')!.args[0] as OpenedCapture
    expect(opened.path).toBe(file)
    expect(opened.walkthrough.packets).toBe(1)
  }, 60_000)

  it('opens a file the OS hands over (macOS open-file) straight to a listening renderer', async () => {
    const win = BrowserWindow.created[0]!
    const file = join(home, 'double-clicked.pcap')
    await writeFile(file, tinyPcap())
    const event = new MockEvent()
    app.emit('open-file', event, file)
    expect(event.defaultPrevented).toBe(true)
    await waitFor(() => win.webContents.sent.filter((m) => m.channel === 'wiretrail:event:opened').length === 2, 'the second opened event')
  }, 60_000)

  it('relabels the menu in Korean when the language is chosen, and tells the renderer', async () => {
    const win = BrowserWindow.created[0]!
    type Item = { id?: string; label?: string; role?: string; click?: () => void; submenu?: Item[] }
    const find = (items: Item[], id: string): Item | undefined => {
      for (const item of items) {
        const found = item.id === id ? item : find(item.submenu ?? [], id)
        if (found !== undefined) return found
      }
      return undefined
    }
    find((Menu.application as { template: Item[] }).template, 'view.language.ko')!.click!()
    await waitFor(() => (Menu.application as { template: Item[] }).template[0]!.label === '파일(&F)', 'the Korean menu')
    expect(win.webContents.sent.some((m) => m.channel === 'wiretrail:event:preferences' && (m.args[0] as { language: string }).language === 'ko')).toBe(true)
    expect(win.webContents.sent.some((m) => m.channel === 'wiretrail:event:menu' && m.args[0] === 'language-ko')).toBe(true)
  })

  it('sends menu commands to the window as events', () => {
    const win = BrowserWindow.created[0]!
    const template = (Menu.application as { template: { submenu?: { id?: string; click?: () => void }[] }[] }).template
    template[0]!.submenu!.find((i) => i.id === 'file.open')!.click!()
    expect(win.webContents.sent.at(-1)).toEqual({ channel: 'wiretrail:event:menu', args: ['open'] })
  })

  it('asks before closing with an unsaved recording: Cancel keeps the window, Save asks the renderer, Discard deletes it', async () => {
    const win = BrowserWindow.created[0]!
    const sender = { sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } }
    const kept = join(home, 'unsaved-recordings', 'wiretrail-kept.pcap')
    await mkdir(join(home, 'unsaved-recordings'), { recursive: true })
    await writeFile(kept, tinyPcap())
    const result = (await ipcMain.handlers.get(`${IPC_CALL_PREFIX}capture.openPath`)!(sender, kept)) as ApiResult<OpenedCapture>
    expect(result.ok && result.value.unsaved).toBe(true)
    let closed = false
    win.once('closed', () => (closed = true))

    dialog.nextMessageBox = { response: 3 } // Cancel
    expect(win.fire('close').defaultPrevented).toBe(true)
    await new Promise((r) => setTimeout(r, 50))
    expect(closed).toBe(false)

    dialog.nextMessageBox = { response: 0 } // Save…
    expect(win.fire('close').defaultPrevented).toBe(true)
    await waitFor(() => win.webContents.sent.at(-1)?.args[0] === 'save-as-pcapng', 'the save request')
    expect(closed).toBe(false)
    expect(existsSync(kept)).toBe(true)

    dialog.nextMessageBox = { response: 2 } // Discard
    expect(win.fire('close').defaultPrevented).toBe(true)
    await waitFor(() => closed, 'the window to close')
    expect(existsSync(kept)).toBe(false)
  }, 60_000)
})
