// `wiretrail ui --no-open --port 0` for real: its first output line is the URL, and Debian's
// Chromium (driven by playwright-core) loads the page from it, with the CSP enforced, the API
// reachable from the page, events arriving over Server-Sent Events and bad uploads refused in
// plain words. As root the server runs in a private network namespace and Chromium is started
// inside the same namespace (nsenter), so nothing either does can leave the machine; otherwise
// Chromium's name resolution is switched off for everything but 127.0.0.1.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkPeers, launchChromiumFor, startUi, type UiProcess } from './ui-process.ts'

let work: string
let ui: UiProcess
let browser: Browser
let page: Page
let url: string

beforeAll(async () => {
  checkPeers()
  work = await mkdtemp(join(tmpdir(), 'wiretrail-ui-'))
  ui = await startUi(join(work, 'home'))
  url = ui.url
  browser = await launchChromiumFor(ui, work)
  page = await browser.newPage()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await ui?.stop()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
}, 60_000)

describe('wiretrail ui in Chromium', () => {
  it('prints the URL with its token as the first line', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/)
  })

  it('loads the renderer with the CSP header, and nothing on the page complains', async () => {
    const complaints: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') complaints.push(m.text())
    })
    page.on('pageerror', (e) => complaints.push(String(e)))
    const response = await page.goto(url, { waitUntil: 'load', timeout: 60_000 })
    await page.waitForTimeout(300)
    // No CSP violation, no header the browser rejects, no script error, no failed request.
    expect(complaints).toEqual([])
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/)
    expect(await page.locator('#app').count()).toBe(1)
    expect(await page.title()).toBe('Wiretrail')
  }, 90_000)

  it('enforces the CSP: an inline script does not run', async () => {
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string | null }>((done) => {
          let violated: string | null = null
          document.addEventListener('securitypolicyviolation', (e) => (violated = e.violatedDirective), { once: true })
          const script = document.createElement('script')
          script.textContent = 'window.__inlineRan = true'
          document.body.append(script)
          setTimeout(() => done({ ran: (window as unknown as { __inlineRan?: boolean }).__inlineRan === true, violated }), 200)
        }),
    )
    expect(outcome.ran).toBe(false)
    expect(outcome.violated).toMatch(/^script-src/)
  })

  it('reaches the API from the page and gets events over SSE', async () => {
    const result = await page.evaluate(async () => {
      const call = (name: string, args: unknown[]) =>
        fetch(`api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ args }) }).then((r) => r.json())
      const info = await call('app.info', [])
      const source = new EventSource('events')
      await new Promise((opened) => source.addEventListener('open', opened, { once: true }))
      const preferences = new Promise<unknown>((got) => source.addEventListener('preferences', (e) => got(JSON.parse((e as MessageEvent<string>).data)), { once: true }))
      const set = await call('app.setPreferences', [{ language: 'ko' }])
      const event = await preferences
      source.close()
      const menu = await call('app.menu', [])
      return { info, set, event, firstMenu: menu.value.menus[0].label }
    })
    expect(result.info).toMatchObject({ ok: true, value: { shell: 'browser', defaultUrl: expect.stringContaining('www.lab.cyber.co.kr') } })
    expect(result.set).toEqual({ ok: true, value: { language: 'ko', theme: 'system' } })
    expect(result.event).toEqual({ language: 'ko', theme: 'system' })
    expect(result.firstMenu).toBe('파일(&F)')
  }, 60_000)

  it('refuses a file that is not a capture, in plain words', async () => {
    const result = await page.evaluate(async () => {
      const response = await fetch('api/capture.openBytes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', 'X-Wiretrail-File-Name': encodeURIComponent('notes.txt') },
        body: new TextEncoder().encode('Hello, this is text'),
      })
      return response.json()
    })
    expect(result).toEqual({
      ok: false,
      error: {
        name: 'WiretrailError',
        code: 'CAPTURE_UNKNOWN_FORMAT',
        message:
          'notes.txt is not a pcap or pcapng capture: it starts with bytes 48 65 6c 6c (a pcap file starts with a1 b2 c3 d4, d4 c3 b2 a1, a1 b2 3c 4d or 4d 3c b2 a1; a pcapng file with 0a 0d 0d 0a)',
        details: { offset: 0 },
      },
    })
  }, 60_000)
})
