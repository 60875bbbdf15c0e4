// Opening captures the app did not make: one written by tcpdump from real loopback traffic (with
// progress events: bytes read of the total, frames), a truncated copy of it (the walkthrough of
// what was read plus fileErrors), and files that are not captures (clear errors, no crash).
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { AppServices, type ApiHandlers } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import type { ShellState } from '../../src-main/services/shell-host.ts'
import type { Progress } from '../../src-main/shared/api.ts'
import { wholeLesson } from '../support/lesson.ts'

let work: string
let capture: string
let services: AppServices
let api: ApiHandlers
const progress: Progress[] = []

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { Connection: 'close' } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
      .on('error', reject)
      .end()
  })
}

/** Two HTTP GETs on loopback, captured by tcpdump into a pcap file. --immediate-mode: without it
 * tcpdump on some kernels (this CI VM) reports packets "received by filter" but writes none. */
async function tcpdumpCapture(file: string): Promise<void> {
  if (!existsSync('/usr/bin/tcpdump') && !existsSync('/usr/sbin/tcpdump')) throw new Error('tcpdump is missing: run .ci/install-peers (apt-get install tcpdump)')
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' })
    res.end(`<html><body>hello from ${req.url}</body></html>`)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const dump = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-n', '-w', file, `tcp port ${port}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  await new Promise<void>((resolve, reject) => {
    dump.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('listening on')) resolve()
    })
    dump.once('exit', (code) => reject(new Error(`tcpdump exited (${code}) before listening: ${stderr} (it needs root or CAP_NET_RAW)`)))
  })
  expect(await get(port, '/sample.htm')).toBe(200)
  expect(await get(port, '/dir1/file1.html')).toBe(200)
  await new Promise((r) => setTimeout(r, 300)) // the last FIN/ACKs reach the capture
  dump.kill('SIGINT')
  await new Promise((r) => dump.once('exit', r))
  server.close()
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'wiretrail-open-'))
  capture = join(work, 'tcpdump.pcap')
  await tcpdumpCapture(capture)
  services = new AppServices({ root: join(work, 'state'), engine: createNodeEngine(), version: 't', locale: 'en' })
  services.events.connect((event, payload) => {
    if (event === 'progress') progress.push(payload as Progress)
  })
  api = services.handlers(createBrowserHost())
}, 60_000)
afterAll(async () => {
  await services?.shutdown()
  await rm(work, { recursive: true, force: true })
}, 60_000)

describe('a capture made by tcpdump', () => {
  it('opens with progress in bytes and frames, and joins Open Recent', async () => {
    const size = (await readFile(capture)).length
    progress.length = 0
    const opened = await api['capture.openPath'](capture)
    expect(opened).toMatchObject({ path: capture, unsaved: false, format: 'pcap', journalPath: null })
    expect(opened.walkthrough.recording).toBeNull()
    expect(opened.walkthrough.fileErrors).toEqual([])
    expect(progress[0]).toEqual({ operation: 'open', stage: 'reading', bytesRead: 0, totalBytes: size, frames: 0 })
    expect(progress.at(-1)).toEqual({ operation: 'open', stage: 'done', bytesRead: size, totalBytes: size, frames: opened.walkthrough.packets })
    expect(await api['recent.list']()).toEqual([capture])

    const w = wholeLesson(opened)
    expect(w.connections).toHaveLength(2)
    for (const c of w.connections) {
      expect(c.phases.connect?.frames.length).toBe(3) // SYN, SYN-ACK, ACK
      expect(c.phases.transfer).not.toBeNull()
      expect(c.phases.close?.kind).toBe('fin')
      expect(c.phases.socket?.visible).toBe(false) // socket() happens inside the OS: not on the wire
    }
    expect(w.http.map((h) => [h.method, h.uri, h.status])).toEqual([
      ['GET', '/sample.htm', 200],
      ['GET', '/dir1/file1.html', 200],
    ])
    const detail = await api['capture.packet'](opened.captureId, 1)
    expect(detail.layers.map((l) => l.name)[0]).toMatch(/Frame/)
    await expect(api['capture.packet'](opened.captureId, w.packets + 1)).rejects.toMatchObject({ code: 'FRAME_NOT_FOUND' })
    await api['capture.close'](opened.captureId)
    expect(existsSync(capture)).toBe(true)
  }, 60_000)

  it('tells the shell whether a capture is open, so the native menu enables Save As, Go and Analyze only then', async () => {
    const states: ShellState[] = []
    const own = new AppServices({ root: join(work, 'state-menu'), engine: createNodeEngine(), version: 't', locale: 'en' })
    try {
      const handlers = own.handlers({ ...createBrowserHost(), stateChanged: (state) => states.push(state) })
      expect((await handlers['app.menu']()).menus[0]?.submenu?.find((i) => i.id === 'file.save-as-pcap')?.enabled).toBe(false)
      const opened = await handlers['capture.openPath'](capture)
      expect(states.at(-1)).toMatchObject({ captureOpen: true, recent: [capture] })
      expect((await handlers['app.menu']()).menus[0]?.submenu?.find((i) => i.id === 'file.save-as-pcap')?.enabled).toBe(true)
      const before = states.length
      await handlers['capture.close'](opened.captureId)
      await vi.waitFor(() => expect(states.length).toBeGreaterThan(before))
      expect(states.at(-1)?.captureOpen).toBe(false)
    } finally {
      await own.shutdown()
    }
  }, 60_000)

  it('opens a truncated copy: what was read, plus a file error', async () => {
    const bytes = await readFile(capture)
    const truncated = join(work, 'truncated.pcap')
    await writeFile(truncated, bytes.subarray(0, bytes.length - 10))
    const opened = await api['capture.openPath'](truncated)
    expect(opened.walkthrough.fileErrors.length).toBeGreaterThan(0)
    expect(opened.walkthrough.packets).toBeGreaterThan(0)
    expect(wholeLesson(opened).http.length).toBeGreaterThan(0)
    await api['capture.close'](opened.captureId)
  }, 60_000)

  it('opens the same bytes uploaded by a page (browser shell), from a private copy removed on close', async () => {
    const opened = await api['capture.openBytes']('from the page.pcap', new Uint8Array(await readFile(capture)))
    expect(opened.path.startsWith(join(work, 'state', 'opened-copies'))).toBe(true)
    expect(wholeLesson(opened).http).toHaveLength(2)
    await api['capture.close'](opened.captureId)
    expect(existsSync(opened.path)).toBe(false)
  }, 60_000)
})

describe('files that are not captures', () => {
  it.each([
    ['a text file', 'notes.pcap', Buffer.from('GET / HTTP/1.1\r\n'), 'CAPTURE_UNKNOWN_FORMAT', 'notes.pcap is not a pcap or pcapng capture: it starts with bytes 47 45 54 20'],
    ['an empty file', 'empty.pcap', Buffer.alloc(0), 'CAPTURE_EMPTY_FILE', 'empty.pcap is empty (0 bytes): it is not a pcap or pcapng capture'],
  ])('refuses %s in plain words', async (_what, name, bytes, code, message) => {
    const path = join(work, name)
    await writeFile(path, bytes)
    const error = await api['capture.openPath'](path).catch((e: unknown) => e)
    expect(error).toMatchObject({ code })
    expect((error as Error).message).toContain(message)
  })

  it('refuses a folder and a missing file, dropping the missing one from Open Recent', async () => {
    await mkdir(join(work, 'folder.pcap'))
    await expect(api['capture.openPath'](join(work, 'folder.pcap'))).rejects.toMatchObject({ code: 'CAPTURE_NOT_A_FILE' })
    const gone = join(work, 'gone.pcap')
    await writeFile(gone, await readFile(capture))
    const opened = await api['capture.openPath'](gone)
    await api['capture.close'](opened.captureId)
    expect((await api['recent.list']())[0]).toBe(gone)
    await rm(gone)
    await expect(api['capture.openPath'](gone)).rejects.toMatchObject({ code: 'CAPTURE_NOT_FOUND', message: `There is no file at ${gone}` })
    expect(await api['recent.list']()).not.toContain(gone)
  }, 60_000)

  it('opens a pcap header with a corrupt first record as an empty walkthrough that says where', async () => {
    const path = join(work, 'garbage.pcap')
    const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')
    await writeFile(path, Buffer.concat([header, Buffer.from('ffffffffffffffffffffffffffffffff', 'hex')]))
    const opened = await api['capture.openPath'](path)
    expect(opened.walkthrough.packets).toBe(0)
    expect(opened.walkthrough.fileErrors).toEqual([expect.objectContaining({ code: 'CAPTURE_CORRUPT_RECORD', offset: 24 })])
    expect(opened.walkthrough.fileErrors[0]!.message).toContain('record 1 at byte 24 claims 4294967295 captured bytes')
    await api['capture.close'](opened.captureId)
  }, 60_000)
})
