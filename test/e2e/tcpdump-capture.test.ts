// A capture made by another tool: tcpdump on the loopback while curl fetches the lab page by
// address (curl --resolve: no DNS). Opened in the app, it shows the socket's phases (creation
// honestly marked as not visible on the wire) and steps from the first step to the last.
import { join } from 'node:path'
import { stat } from 'node:fs/promises'
import type { ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor, createSandbox, firstLine, openBrowser, screenshot, startShell, stepThrough, timelineHooks, type Sandbox, type Session } from './harness.ts'

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code))))
}

describe('a tcpdump capture of curl fetching the lab page', () => {
  let sandbox: Sandbox
  let session: Session
  let capture = ''

  beforeAll(async () => {
    sandbox = await createSandbox()
    // The lab's web server, on its own address block.
    const lab = sandbox.spawn(process.execPath, ['src-main/cli/wiretrail.mjs', 'lab', '--address-block', '62'])
    const banner = await firstLine(lab, 'wiretrail lab', /The lab is running/)
    const web = /http:\/\/www\.lab\.cyber\.co\.kr:(\d+)\/.*\(listening on ([\d.]+)\)/.exec(banner)
    if (!web) throw new Error(`wiretrail lab did not name its web server:\n${banner}`)
    const [, port, address] = web
    // tcpdump on lo (inside the namespace: only this test's traffic), until curl is done.
    capture = join(sandbox.dir, 'curl-lab.pcap')
    // The filter also takes UDP to port 9 (discard): warm-up datagrams tell when tcpdump really
    // captures ("listening on" comes a moment before it does).
    // --immediate-mode: packets reach the file as they arrive, not after libpcap's 1 s buffer.
    const tcpdump = sandbox.spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-w', capture, `tcp port ${port} or udp dst port 9`])
    await new Promise<void>((ready, fail) => {
      let err = ''
      tcpdump.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString()
        if (err.includes('listening on')) ready()
      })
      tcpdump.once('exit', (code) => fail(new Error(`tcpdump exited with ${code}: ${err} (is tcpdump installed and are we root?)`)))
    })
    for (let attempt = 0; attempt < 100 && (await stat(capture)).size <= 24; attempt++) {
      await exited(sandbox.spawn('bash', ['-c', 'echo warm-up > /dev/udp/127.0.0.1/9']))
      await new Promise((wait) => setTimeout(wait, 100))
    }
    const curl = sandbox.spawn('curl', ['-sS', '-o', '/dev/null', '-o', '/dev/null', '--resolve', `www.lab.cyber.co.kr:${port}:${address}`,
      `http://www.lab.cyber.co.kr:${port}/sample.htm`, `http://www.lab.cyber.co.kr:${port}/gazou.jpg`])
    expect(await exited(curl)).toBe(0)
    // Stop only once the exchange is in the file (the page and the 6 KB image: well over 4 KB).
    const warmedUp = (await stat(capture)).size
    for (let attempt = 0; attempt < 100 && (await stat(capture)).size < warmedUp + 4096; attempt++) {
      await new Promise((wait) => setTimeout(wait, 100))
    }
    tcpdump.kill('SIGINT')
    await exited(tcpdump)
    lab.kill('SIGINT')
    await exited(lab)
    expect((await stat(capture)).size).toBeGreaterThan(200)
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('opens it: four phases per socket, socket creation shown as not visible on the wire', async () => {
    const { page } = session
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(capture)
    await waitFor(page, '.timeline [data-phase="connect"]', 'timeline')
    const { phases, zones } = await timelineHooks(page)
    expect(zones).toEqual([]) // curl --resolve: no DNS in this capture
    expect(phases.filter((phase) => phase === 'socket').length).toBeGreaterThanOrEqual(1)
    expect(new Set(phases)).toEqual(new Set(['socket', 'connect', 'transfer', 'close']))
    const socket = page.locator('.timeline [data-phase="socket"]').first()
    expect(await socket.getAttribute('class')).toContain('hidden')
    expect(await socket.getAttribute('title')).toContain('not visible on the wire')
    expect(await page.locator('.timeline .bar-label').allTextContents()).toContain('socket creation (not visible on the wire)')
    expect(await page.locator('[data-testid="capture-summary"]').textContent()).toContain('curl-lab.pcap')
    await screenshot(page, 'tcpdump-01-opened')
  })

  it('steps from the first step to the last and shows the HTTP messages from the packets', async () => {
    const { page } = session
    const steps = await stepThrough(page, { prefix: 'tcpdump-02', every: 3 })
    expect(steps.length).toBeGreaterThanOrEqual(4)
    const kinds = steps.map((step) => step.kind)
    expect(kinds).toContain('connect')
    expect(kinds).toContain('close')
    expect(kinds.some((kind) => kind === 'send' || kind === 'http-response')).toBe(true)
    await page.click('[data-tab="http"]')
    const requestLine = page.locator('[data-message="request"] [data-line="request-line"] code').first()
    expect(await requestLine.textContent()).toMatch(/^GET \/(sample\.htm|gazou\.jpg) HTTP\/1\.1$/)
    await page.click('[data-tab="socket"]')
    expect(await page.locator('[data-field="descriptor"]').textContent()).toContain('unknown')
    await screenshot(page, 'tcpdump-03-last-step')
    expect(session.problems).toEqual([])
  })
})
