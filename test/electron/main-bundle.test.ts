// The built Electron main process (out/main, what app.asar runs), loaded against the electron mock:
// its app:// handler serves the built renderer with the CSP header, and its IPC handlers reach the
// bundled engine (analyzer worker, recorder's converter) for a real capture: open, packet detail,
// Save As with conversion, all through the sender check. Catches what only the bundle can break
// (chunk layout, the worker next to it, paths relative to out/main).
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserWindow, dialog, ipcMain, protocol, resetMock } from '../mocks/electron.ts'
import { AppServices } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import { IPC_CALL_PREFIX, type ApiResult, type OpenedCapture } from '../../src-main/shared/api.ts'
import type { PacketDetail } from '../../src-main/shared/walkthrough.ts'
import { wholeLesson } from '../support/lesson.ts'

const ROOT = resolve(import.meta.dirname, '..', '..')
const LAB_BLOCK = 141
let work: string
let capture: string
const previousHome = process.env.WIRETRAIL_HOME

beforeAll(async () => {
  for (const file of ['out/main/index.js', 'out/worker/analyzer-worker.mjs', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`${file} is missing: run "npm run build" first`)
  }
  work = await mkdtemp(join(tmpdir(), 'wiretrail-bundle-'))
  // A real recording to open through the bundle (made with the source services, own lab block).
  const recorder = new AppServices({ root: join(work, 'recorder'), engine: createNodeEngine({ lab: { addressBlock: LAB_BLOCK } }), version: 't', locale: 'en' })
  const recorded = await recorder.handlers(createBrowserHost())['capture.record']({ url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
  capture = recorded.path
  await recorder.handlers(createBrowserHost())['capture.close'](recorded.captureId)
  await recorder.shutdown()

  resetMock()
  process.env.WIRETRAIL_HOME = join(work, 'app')
  // @ts-expect-error: the built bundle has no type declarations
  await import('../../out/main/index.js')
  for (let i = 0; i < 300 && BrowserWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
}, 90_000)
afterAll(async () => {
  if (previousHome === undefined) delete process.env.WIRETRAIL_HOME
  else process.env.WIRETRAIL_HOME = previousHome
  await rm(work, { recursive: true, force: true })
})

function appEvent() {
  const win = BrowserWindow.created[0]!
  return { sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } }
}

async function call<T>(name: string, ...args: unknown[]): Promise<T> {
  const result = (await ipcMain.handlers.get(`${IPC_CALL_PREFIX}${name}`)!(appEvent(), ...args)) as ApiResult<T>
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
  return result.value
}

describe('the built main process', () => {
  it('serves the built renderer over wiretrail://app/ with the CSP header', async () => {
    const handler = protocol.handlers.get('wiretrail')!
    const response = (await handler({ url: 'wiretrail://app/index.html', method: 'GET' })) as Response
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'.*frame-ancestors 'none'$/)
    expect(await response.text()).toContain('<div id="app">')
    const outside = (await handler({ url: 'wiretrail://app/%2e%2e/main/index.js', method: 'GET' })) as Response
    expect(outside.status).toBe(404)
  })

  it('opens a recording through IPC with the bundled analyzer worker', async () => {
    const opened = await call<OpenedCapture>('capture.openPath', capture)
    expect(opened.walkthrough.recording?.typedUrl).toBe('http://www.lab.cyber.co.kr/sample.htm')
    expect(wholeLesson(opened).resolutions.some((r) => r.hops.map((h) => h.zone).join(' ').startsWith('. kr. co.kr.'))).toBe(true)
    const detail = await call<PacketDetail>('capture.packet', opened.captureId, 1)
    expect(detail.bytes).toBeInstanceOf(Uint8Array)

    // Save As .pcap through the (mocked) save dialog: the bundled recorder converts it.
    dialog.nextSave = { canceled: false, filePath: join(work, 'saved.pcap') }
    expect(await call<string | null>('capture.saveAs', opened.captureId, 'pcap')).toBe(join(work, 'saved.pcap'))
    expect((await readFile(join(work, 'saved.pcap'))).subarray(0, 4).toString('hex')).toBe('d4c3b2a1')
    expect(existsSync(join(work, 'saved.pcap.wiretrail.jsonl'))).toBe(true)
    dialog.nextSave = { canceled: true, filePath: '' }
    expect(await call<string | null>('capture.saveAs', opened.captureId, 'pcap')).toBeNull()
    await call('capture.close', opened.captureId)
    expect(await call<string[]>('recent.list')).toEqual([join(work, 'saved.pcap'), capture])
  }, 60_000)
})
