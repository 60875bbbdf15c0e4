// The renderer's browser-shell client (src-renderer/api/browser-client.ts) in Chromium against a
// real `wiretrail ui`: typed calls and their errors, progress events over SSE, a lab recording,
// Save As as downloads (the capture and its journal), opening those bytes again with openFiles, the
// text export, and a capture named on the command line arriving as an `opened` event even though
// the page subscribed after it happened. The client is bundled with vite for the test page; the
// page's context bypasses CSP only so the test can add that bundle.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Download, Page } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WiretrailClient } from '../../src-renderer/api/types.ts'
import { checkPeers, launchChromiumFor, startUi, type UiProcess } from './ui-process.ts'

declare global {
  interface Window {
    __wiretrail: WiretrailClient
  }
}

// This file's own lab address block (127.142.x.y).
const LAB_BLOCK = 142
let work: string
let ui: UiProcess
let browser: Browser
let context: BrowserContext
let page: Page

/** A one-packet pcap (an ARP request) written by hand: enough for a capture named on the command line. */
function tinyPcap(): Buffer {
  const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')
  const arp = Buffer.from('ffffffffffff02000000000108060001080006040001020000000001' + '7f000001' + '000000000000' + '7f000002', 'hex')
  const record = Buffer.alloc(16)
  record.writeUInt32LE(1_700_000_000, 0)
  record.writeUInt32LE(arp.length, 8)
  record.writeUInt32LE(arp.length, 12)
  return Buffer.concat([header, record, arp])
}

async function clientBundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: join(import.meta.dirname, 'fixtures', 'client-entry.ts'), formats: ['iife'], name: 'wiretrailTestClient' } },
  })
  const output = (Array.isArray(result) ? result[0] : result) as { output: { type: string; code?: string }[] }
  const chunk = output.output.find((o) => o.type === 'chunk')
  if (chunk?.code === undefined) throw new Error('vite produced no bundle for the client')
  return chunk.code
}

beforeAll(async () => {
  checkPeers()
  work = await mkdtemp(join(tmpdir(), 'wiretrail-client-'))
  const named = join(work, 'named on the command line.pcap')
  await writeFile(named, tinyPcap())
  const [bundle, started] = await Promise.all([clientBundle(), startUi(join(work, 'home'), [named], LAB_BLOCK)])
  ui = started
  browser = await launchChromiumFor(ui, work)
  context = await browser.newContext({ bypassCSP: true, acceptDownloads: true })
  page = await context.newPage()
  // This page runs only the test's client: the app's own scripts would connect first and take the
  // `opened` event this test waits for.
  await context.route('**/assets/*.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }))
  await page.goto(ui.url, { waitUntil: 'load', timeout: 60_000 })
  await page.addScriptTag({ content: bundle })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await ui?.stop()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
}, 60_000)

describe('the browser-shell client', () => {
  it('delivers the capture opened from the command line to a listener that subscribed later', async () => {
    const opened = await page.evaluate(
      () =>
        new Promise<{ name: string; packets: number; unsaved: boolean } | { failed: string }>((resolve) => {
          window.__wiretrail.on('opened', (o) => resolve({ name: o.walkthrough.source.fileName, packets: o.walkthrough.packets, unsaved: o.unsaved }))
          window.__wiretrail.on('open-failed', (f) => resolve({ failed: `${f.path}: ${f.error.message}` }))
        }),
    )
    expect(opened).toEqual({ name: 'named on the command line.pcap', packets: 1, unsaved: false })
  }, 60_000)

  it('calls the API and rejects with the error’s code and message', async () => {
    const result = await page.evaluate(async () => {
      const info = await window.__wiretrail.call('app.info')
      const error = await window.__wiretrail.call('capture.packet', 'no-such-capture', 1).catch((e: { code: string; message: string; name: string }) => ({ code: e.code, message: e.message, name: e.name }))
      const invalid = await window.__wiretrail.call('capture.packet', 'x', -1).catch((e: { code: string }) => e.code)
      return { shell: window.__wiretrail.shell, infoShell: info.shell, error, invalid }
    })
    expect(result).toEqual({
      shell: 'browser',
      infoShell: 'browser',
      error: { name: 'WiretrailError', code: 'CAPTURE_NOT_OPEN', message: 'No open capture has the id no-such-capture (it was closed, or the app restarted)' },
      invalid: 'INVALID_ARGUMENT',
    })
  })

  let captureId: string
  let packets: number
  let stepKinds: string[]

  it('records the lab page with progress events and returns packet bytes as Uint8Array', async () => {
    const result = await page.evaluate(async () => {
      const stages: string[] = []
      const off = window.__wiretrail.on('progress', (p) => stages.push(`${p.operation}:${p.stage}`))
      const opened = await window.__wiretrail.call('capture.record', { url: 'http://www.lab.cyber.co.kr/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
      const detail = await window.__wiretrail.call('capture.packet', opened.captureId, 1)
      off()
      return {
        id: opened.captureId,
        unsaved: opened.unsaved,
        packets: opened.walkthrough.packets,
        // A page load's whole lesson comes in its first window.
        stepCount: opened.walkthrough.counts.steps,
        stepKinds: opened.lesson.steps.map((s) => s.kind),
        zones: opened.lesson.resolutions[0]?.hops.map((h) => h.zone),
        stages,
        bytes: detail.bytes instanceof Uint8Array,
        length: detail.bytes.length,
      }
    })
    captureId = result.id
    packets = result.packets
    stepKinds = result.stepKinds
    expect(result.unsaved).toBe(true)
    expect(result.stepKinds).toHaveLength(result.stepCount)
    expect(result.zones?.slice(0, 3)).toEqual(['.', 'kr.', 'co.kr.'])
    expect(result.stages).toEqual(expect.arrayContaining(['record:resolving', 'record:connecting', 'record:transferring', 'open:done']))
    expect(result.bytes).toBe(true)
    expect(result.length).toBeGreaterThan(20)
  }, 90_000)

  it('saves as .pcap through downloads (capture, then journal) and opens the bytes again', async () => {
    const downloads: Download[] = []
    page.on('download', (d) => downloads.push(d))
    const name = await page.evaluate((id) => window.__wiretrail.call('capture.saveAs', id, 'pcap'), captureId)
    expect(name).toMatch(/^wiretrail-.*www\.lab\.cyber\.co\.kr.*\.pcap$/)
    for (let i = 0; i < 100 && downloads.length < 2; i++) await new Promise((r) => setTimeout(r, 50))
    expect(downloads.map((d) => d.suggestedFilename())).toEqual([name, `${name}.wiretrail.jsonl`])
    const saved = await readFile((await downloads[0]!.path())!)
    expect(saved.subarray(0, 4).toString('hex')).toBe('d4c3b2a1')
    const journal = (await readFile((await downloads[1]!.path())!, 'utf8')).split('\n')
    expect(JSON.parse(journal[0]!)).toMatchObject({ type: 'recording', capture: { file: name, format: 'pcap' } })

    const savedJournal = await readFile((await downloads[1]!.path())!)
    const reopen = (files: { name: string; bytes: number[] }[]) =>
      page.evaluate(async (given) => {
        const opened = await window.__wiretrail.openFiles(given.map((f) => new File([new Uint8Array(f.bytes)], f.name)))
        const w = opened.walkthrough
        const connections = Object.values(opened.lesson.connections)
        return { packets: w.packets, format: opened.format, unsaved: opened.unsaved, recorded: w.recording !== null, stepKinds: opened.lesson.steps.map((s) => s.kind), fds: connections.map((c) => c.phases.socket?.fd ?? null) }
      }, files)
    // The capture alone: what its packets carry (no descriptors, no typed URL).
    const alone = await reopen([{ name: name as string, bytes: [...saved] }])
    expect(alone).toMatchObject({ packets, format: 'pcap', unsaved: false, recorded: false })
    expect(alone.fds.every((fd) => fd === null)).toBe(true)
    // With its journal (dropped in either order): the walkthrough the recording showed live.
    const paired = await reopen([
      { name: `${name}.wiretrail.jsonl`, bytes: [...savedJournal] },
      { name: name as string, bytes: [...saved] },
    ])
    expect(paired).toMatchObject({ packets, format: 'pcap', unsaved: false, recorded: true })
    expect(paired.stepKinds).toEqual(stepKinds)
    expect(paired.fds.every((fd) => typeof fd === 'number')).toBe(true)
    const unsaved = await page.evaluate(() => window.__wiretrail.call('recordings.unsaved'))
    expect(unsaved).toEqual([]) // the download counted as saving it
  }, 90_000)

  it('exports the walkthrough as a text download', async () => {
    const [download, name] = await Promise.all([page.waitForEvent('download'), page.evaluate((id) => window.__wiretrail.call('capture.exportText', id), captureId)])
    expect(name).toMatch(/\.txt$/)
    expect(download.suggestedFilename()).toBe(name)
    expect(await readFile((await download.path())!, 'utf8')).toMatch(/^Wiretrail walkthrough of /)
  }, 60_000)

  it('shows a file picker for capture.openDialog from a click, and opens the chosen file', async () => {
    await page.evaluate(() => {
      const button = document.createElement('button')
      button.id = 'open'
      button.textContent = 'Open'
      button.addEventListener('click', () => {
        void window.__wiretrail.call('capture.openDialog').then((o) => (button.dataset.result = o === null ? 'cancelled' : `${o.walkthrough.source.fileName}:${o.walkthrough.packets}`))
      })
      document.body.append(button)
    })
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#open')])
    expect(chooser.isMultiple()).toBe(true) // a capture and its journal may be picked together
    await chooser.setFiles({ name: 'picked.pcap', mimeType: 'application/vnd.tcpdump.pcap', buffer: tinyPcap() })
    await page.waitForSelector('#open[data-result]')
    expect(await page.getAttribute('#open', 'data-result')).toBe('picked.pcap:1')
  }, 60_000)

  it('refuses a dropped file that is not a capture', async () => {
    const error = await page.evaluate(() =>
      window.__wiretrail.openFiles([new File(['<html>not a capture</html>'], 'page.html')]).then(
        () => null,
        (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
      ),
    )
    expect(error?.code).toBe('CAPTURE_UNKNOWN_FORMAT')
    expect(error?.message).toMatch(/^page\.html is not a pcap or pcapng capture: it starts with bytes 3c 68 74 6d/)
  })
})
