// The page load against our own test server on 127.0.0.1 (an IP literal, so no DNS is involved):
// which subresources are fetched (and which not), Referer, at most 6 connections per server with
// keep-alive reuse, iframes, redirects and their limit, and a hostile response in the middle of a
// page that fails only its own file while the recording stays valid.
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { MAX_SUBRESOURCES } from '../../src-main/recorder/page-loader.ts'
import type { RecordProgress } from '../../src-main/recorder/types.ts'
import { recordProgress } from '../../src-main/services/engine-progress.ts'
import type { WiretrailError } from '../../src-main/shared/errors.ts'
import { CHECKSUMS_ON, PROBLEMS_FILTER, scratchDir, tshark } from './peers.ts'

const images = Array.from({ length: 10 }, (_, i) => `<img src="img/i${i}.png">`).join('\n')
const PAGE = `<!DOCTYPE html><html><head>
<link rel="stylesheet" href="s.css"><link rel="canonical" href="/elsewhere"><link rel="icon" href="/favicon.ico">
<script src="j.js"></script></head><body>
<img src="a.png"><img src="./a.png"><img src="data:image/png;base64,AAAA">
<img src="http://bad host/x.png">
<template><img src="never.png"></template>
<iframe src="frame.html"></iframe>
<img src="hostile.png">
${images}
</body></html>`

// 5,000 <img> tags (issue 12 item 6): a browser would make 5,001 requests.
const MANY = `<!DOCTYPE html><html><body>${Array.from({ length: 5000 }, (_, i) => `<img src="many/${i}.png">`).join('')}</body></html>`

// A page longer than the part searched for files: one image before the limit, one after it.
const LONG = `<!DOCTYPE html><html><body><img src="early.png"><p>${'x'.repeat(4 * 1024 * 1024)}</p><img src="late.png"></body></html>`

describe('loading a page with its subresources', () => {
  let server: Server
  let port = 0
  const requests: { path: string; referer: string | undefined; socket: number }[] = []
  let open = 0
  let maxOpen = 0
  let sockets = 0

  beforeAll(async () => {
    server = createServer({ keepAlive: true }, (req: IncomingMessage, res) => {
      const socketNumber = (req.socket as unknown as { n: number }).n
      requests.push({ path: req.url ?? '', referer: req.headers.referer, socket: socketNumber })
      const path = req.url ?? ''
      if (path === '/page.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE)
      if (path === '/many.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(MANY)
      if (path === '/long.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(LONG)
      if (path === '/frame.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<img src="f.png">')
      if (path.startsWith('/redirect/')) {
        const n = Number(path.split('/')[2])
        return void res.writeHead(302, { Location: n === 0 ? '/page.html' : `/redirect/${n - 1}` }).end()
      }
      if (path === '/loop') return void res.writeHead(301, { Location: '/loop' }).end()
      if (path === '/slow.html') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<img src="/never-ends.png">')
      if (path === '/late.html') return void setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<img src="/never-ends.png">'), 300)
      if (path === '/never-ends.png') {
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': '1000000' })
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(Buffer.alloc(1000, 1))), 5)
        return
      }
      if (path === '/echo') {
        let body = ''
        req.setEncoding('utf8').on('data', (d: string) => (body += d))
        req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`${req.method} ${body}`))
        return
      }
      if (path === '/hostile.png') {
        req.socket.end('HTTP/1.1 2OO Fine\r\n\r\n') // not a status line
        return
      }
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(Buffer.alloc(2000, 7)), 20)
    })
    server.on('connection', (socket) => {
      sockets += 1
      ;(socket as unknown as { n: number }).n = sockets
      open += 1
      maxOpen = Math.max(maxOpen, open)
      socket.on('close', () => (open -= 1))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    port = (server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('fetches what a browser fetches, with Referer, over at most 6 reused connections, and keeps going past a hostile file', async () => {
    requests.length = 0
    maxOpen = 0
    const output = join(scratchDir('page'), 'page.pcap')
    const result = await recordPageLoad({ url: `http://127.0.0.1:${port}/page.html`, output, target: 'internet' })
    expect(result.ok).toBe(true)
    const page = `http://127.0.0.1:${port}/page.html`
    const fetched = requests.map((r) => r.path)
    expect(fetched[0]).toBe('/page.html')
    expect(new Set(fetched.slice(1))).toEqual(new Set(['/s.css', '/favicon.ico', '/j.js', '/a.png', '/frame.html', '/f.png', '/hostile.png', ...Array.from({ length: 10 }, (_, i) => `/img/i${i}.png`)]))
    expect(fetched.filter((p) => p === '/a.png')).toHaveLength(1) // the same URL once
    expect(fetched).not.toContain('/elsewhere')
    expect(fetched).not.toContain('/never.png')
    expect(requests.find((r) => r.path === '/f.png')?.referer).toBe(`http://127.0.0.1:${port}/frame.html`)
    expect(requests.filter((r) => r.path !== '/page.html' && r.path !== '/f.png').every((r) => r.referer === page)).toBe(true)
    // The browser's limit, from the client's side: sockets between socket() and their close.
    let openNow = 0
    let openMax = 0
    for (const line of readFileSync(result.journal, 'utf8').trim().split('\n')) {
      const record = JSON.parse(line) as { type: string; event?: { kind: string; socketId: string } }
      if (record.type !== 'socket' || !record.event?.socketId.startsWith('tcp')) continue
      if (record.event.kind === 'socket') openMax = Math.max(openMax, (openNow += 1))
      if (record.event.kind === 'close') openNow -= 1
    }
    expect(openMax).toBe(6)
    expect(maxOpen).toBeGreaterThanOrEqual(6) // the server saw them in parallel
    expect(result.connections).toBe(sockets)
    expect(result.subresources.filter((s) => s.reusedConnection).length).toBeGreaterThan(0)

    const hostile = result.subresources.find((s) => s.url.endsWith('/hostile.png'))
    expect(hostile?.error).toMatchObject({ code: 'HTTP_BAD_STATUS_LINE', message: expect.stringContaining('"HTTP/1.1 2OO Fine"') })
    const bad = result.subresources.find((s) => s.from === 'img src' && s.url === 'http://bad host/x.png')
    expect(bad?.error?.code).toBe('URL_BAD_HOST')
    expect(await tshark(['-r', output, ...CHECKSUMS_ON, '-d', `tcp.port==${port},http`, '-Y', PROBLEMS_FILTER])).toBe('')
  })

  it('fetches at most MAX_SUBRESOURCES files of a page naming 5,000, in document order, and says which were not fetched', async () => {
    requests.length = 0
    const output = join(scratchDir('page'), 'many.pcap')
    const page = `http://127.0.0.1:${port}/many.html`
    const result = await recordPageLoad({ url: page, output, target: 'internet' })
    expect(result.ok).toBe(true)
    expect(MAX_SUBRESOURCES).toBe(300)
    const first = Array.from({ length: 300 }, (_, i) => `/many/${i}.png`)
    expect(requests).toHaveLength(301) // the page and 300 files: not 5,001
    expect(requests[0]?.path).toBe('/many.html')
    expect(new Set(requests.slice(1).map((r) => r.path))).toEqual(new Set(first))
    expect(result.subresources.map((s) => new URL(s.url).pathname)).toEqual(first)
    const message = `${page} names 5000 files to fetch; a page load fetches at most 300 (its frames' included), so 4700 were not fetched: ${[300, 301, 302, 303, 304].map((i) => `http://127.0.0.1:${port}/many/${i}.png`).join(', ')}, and 4695 more`
    expect(result.warnings).toContain(message)
    const notes = readFileSync(result.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; code?: string; message?: string }).filter((r) => r.type === 'note')
    expect(notes.map((n) => [n.code, n.message])).toEqual([['RECORD_SUBRESOURCE_LIMIT', message]])
    // The walkthrough, built from the capture and its journal, carries the note.
    const analyzed = await analyzeCapture(output)
    try {
      expect(analyzed.walkthrough.recording?.notes).toEqual([{ code: 'RECORD_SUBRESOURCE_LIMIT', message }])
      expect(((await analyzed.items('http', 0, 5000)) as { uri: string }[]).filter((h) => h.uri.startsWith('/many/')).length).toBe(300)
    } finally {
      await analyzed.close()
    }
  })

  it('searches only the first 4 Mi characters of a page for files, and says so', async () => {
    requests.length = 0
    const page = `http://127.0.0.1:${port}/long.html`
    const result = await recordPageLoad({ url: page, output: join(scratchDir('page'), 'long.pcap'), target: 'internet' })
    expect(result.ok).toBe(true)
    expect(requests.map((r) => r.path)).toEqual(['/long.html', '/early.png'])
    const message = `${page} is ${LONG.length} characters long: only its first 4194304 were searched for files to fetch`
    expect(result.warnings).toContain(message)
    const notes = readFileSync(result.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; code?: string; message?: string }).filter((r) => r.type === 'note')
    expect(notes.map((n) => [n.code, n.message])).toEqual([['RECORD_HTML_SEARCH_LIMIT', message]])
  })

  it('follows redirects up to 10, then stops with a clear error and a valid capture', async () => {
    const dir = scratchDir('page')
    const ten = await recordPageLoad({ url: `http://127.0.0.1:${port}/redirect/9`, output: join(dir, 'ten.pcap'), target: 'internet' })
    expect(ten.ok).toBe(true)
    expect(ten.document.map((d) => d.status)).toEqual([302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 200])
    const loop = await recordPageLoad({ url: `http://127.0.0.1:${port}/loop`, output: join(dir, 'loop.pcap'), target: 'internet' })
    expect(loop.ok).toBe(false)
    expect(loop.error).toMatchObject({ code: 'HTTP_TOO_MANY_REDIRECTS', message: expect.stringContaining('more than 10 redirects') })
    expect(loop.document).toHaveLength(11)
    expect(await tshark(['-r', loop.output, '-d', `tcp.port==${port},http`, '-Y', 'http.response.code == 301', '-T', 'fields', '-e', 'frame.number'])).toMatch(/^(\d+\n){11}$/)
  })

  it('can be cancelled mid-load, leaving a valid capture that says so', async () => {
    const controller = new AbortController()
    const output = join(scratchDir('page'), 'cancelled.pcap')
    const result = await recordPageLoad({
      url: `http://127.0.0.1:${port}/slow.html`,
      output,
      target: 'internet',
      signal: controller.signal,
      onProgress: (p) => {
        if (p.message.includes('never-ends.png') && p.stage === 'transferring') setTimeout(() => controller.abort(), 50)
      },
    })
    expect(result.ok).toBe(false)
    expect(result.error?.code).toBe('RECORD_CANCELLED')
    const journal = readFileSync(result.journal, 'utf8').trim().split('\n')
    expect(JSON.parse(journal.at(-1) as string)).toMatchObject({ type: 'end', ok: false, error: { code: 'RECORD_CANCELLED' } })
    const flags = await tshark(['-r', output, '-Y', 'tcp.flags.reset == 1', '-T', 'fields', '-e', 'tcp.srcport'])
    expect(flags.trim()).not.toBe('') // the client reset the connection still receiving
  })

  it('says what each progress line is about apart from its English words, and the app says the line in Korean with it', async () => {
    const output = join(scratchDir('page'), 'progress.pcap')
    const lines: RecordProgress[] = []
    await recordPageLoad({ url: `http://127.0.0.1:${port}/frame.html`, output, target: 'internet', onProgress: (p) => lines.push({ ...p }) })
    const byStage = (stage: string) => lines.filter((p) => p.stage === stage)
    expect(byStage('connecting').map((p) => [p.message, p.subject])).toContainEqual([`connecting to 127.0.0.1:${port}`, `127.0.0.1:${port}`])
    expect(byStage('transferring').map((p) => [p.message, p.subject])).toEqual([
      [`loading http://127.0.0.1:${port}/frame.html`, `http://127.0.0.1:${port}/frame.html`],
      [`loading http://127.0.0.1:${port}/f.png`, `http://127.0.0.1:${port}/f.png`],
    ])
    expect(byStage('writing').map((p) => p.subject)).toEqual([output])
    // The progress bar's line (services/engine-progress.ts): English as the recorder says it; in
    // Korean the stage's own words come first, then only what it is about.
    for (const p of lines) {
      const shown = recordProgress(p).message!
      expect(shown.en).toBe(p.message)
      expect(shown.ko).toBe(p.subject ?? '')
      expect(shown.ko).not.toMatch(/\b(resolving|connecting|loading|finishing|wrote|failed|starting)\b/)
    }
  })

  it('refuses a capture that cannot be created before it loads anything', async () => {
    const output = join(scratchDir('page'), 'no-such-folder', 'x.pcap')
    const before = requests.length
    const error = await recordPageLoad({ url: `http://127.0.0.1:${port}/late.html`, output, target: 'internet' }).then(
      () => null,
      (e: WiretrailError) => e,
    )
    expect(error?.code).toBe('RECORD_BAD_OPTION')
    expect(error?.message).toBe(`the folder ${dirname(output)} for the capture file does not exist`)
    // Checked before anything happens: not one request reached the server.
    expect(requests.length - before).toBe(0)
    expect(existsSync(dirname(output))).toBe(false)
  })

  it('sends the main document as a POST form when asked', async () => {
    const result = await recordPageLoad({ url: `http://127.0.0.1:${port}/echo`, output: join(scratchDir('page'), 'post.pcap'), target: 'internet', method: 'POST', form: [['name', 'Wiretrail'], ['q', '탐험']] })
    expect(result.ok).toBe(true)
    expect(result.document[0]?.requestHead).toContain('POST /echo HTTP/1.1\r\n')
    expect(result.document[0]?.requestHead).toContain('Content-Type: application/x-www-form-urlencoded\r\n')
    const body = await tshark(['-r', result.output, '-d', `tcp.port==${port},http`, '-Y', 'http.response', '-T', 'fields', '-e', 'http.file_data'])
    expect(body).toContain('POST name=Wiretrail&q=%ED%83%90%ED%97%98')
  })

  it('records over IPv6 with IPv6 frames tshark accepts', async () => {
    const v6 = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' }).end('over IPv6'))
    await new Promise<void>((resolve) => v6.listen(0, '::1', () => resolve()))
    const v6port = (v6.address() as { port: number }).port
    try {
      const result = await recordPageLoad({ url: `http://[::1]:${v6port}/`, output: join(scratchDir('page'), 'v6.pcap'), target: 'internet' })
      expect(result.ok).toBe(true)
      expect(result.document[0]?.requestHead).toContain(`Host: [::1]:${v6port}\r\n`)
      const rows = await tshark(['-r', result.output, ...CHECKSUMS_ON, '-d', `tcp.port==${v6port},http`, '-T', 'fields', '-e', 'ipv6.src', '-e', 'tcp.checksum.status', '-e', 'http.response.code'])
      const lines = rows.trim().split('\n')
      expect(lines.every((l) => l.startsWith('::1\t1'))).toBe(true)
      expect(lines.some((l) => l.endsWith('\t200'))).toBe(true)
      expect(await tshark(['-r', result.output, ...CHECKSUMS_ON, '-Y', PROBLEMS_FILTER])).toBe('')
    } finally {
      await new Promise<void>((resolve) => v6.close(() => resolve()))
    }
  })

  it('never leaves the loopback network in lab mode, and reports a refused connection with a valid capture', async () => {
    const dir = scratchDir('page')
    const outside = await recordPageLoad({ url: 'http://192.0.2.1/', output: join(dir, 'outside.pcap'), target: 'lab', labOptions: { addressBlock: 180, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false } })
    expect(outside.ok).toBe(false)
    expect(outside.error?.code).toBe('RECORD_NOT_IN_LAB')
    expect(outside.frames).toBe(0)
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()))
    const unused = (closed.address() as { port: number }).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const refused = await recordPageLoad({ url: `http://127.0.0.1:${unused}/`, output: join(dir, 'refused.pcap'), target: 'internet' })
    expect(refused.error?.code).toBe('SOCKET_CONNECT_REFUSED')
    const flags = await tshark(['-r', refused.output, '-T', 'fields', '-e', 'tcp.flags.str'])
    expect(flags.trim().split('\n').map((f) => f.replace(/·/g, ''))).toEqual(['S', 'AR'])
  })
})
