// Real failures, made for real in the app (the browser shell and Chromium), read in the Korean UI:
// each is said in Korean first (what its code means, src-main/shared/error-meanings.ts), then the
// engine's own message with its specifics. A URL that does not parse, a connection refused by a
// closed port on 127.0.0.1 (the page does not load; the steps up to it open), a display filter
// that is not one, and a file that is not a capture (opened first: nothing unsaved is open yet, so
// the app asks nothing before its file picker).
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'

async function useKorean(page: Page): Promise<void> {
  await page.click('[data-menu="view"]')
  await page.click('[data-command="language-ko"]')
  await page.waitForFunction(() => document.documentElement.lang === 'ko')
}

async function record(page: Page, url: string): Promise<void> {
  await page.fill('input[name="url"]', url)
  await page.click('[data-testid="record"]')
  if ((await page.locator('[data-answer="discard"]').count()) > 0) await page.click('[data-answer="discard"]')
}

describe('errors in the Korean UI, from real failures', () => {
  let sandbox: Sandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await createSandbox()
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
    await useKorean(session.page)
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('a URL whose host has a space is refused before anything is recorded, said in Korean, then the engine\'s message naming the character', async () => {
    const { page } = session
    await record(page, 'http://www lab/')
    await waitFor(page, '[data-testid="error"][data-code="URL_BAD_HOST"]', 'ko-url-bad-host')
    const text = await page.textContent('[data-testid="error"] .message')
    expect(text).toBe(`서버 이름에 들어갈 수 없는 문자가 있습니다. the host "www lab" contains U+0020 at character 10, which a server name cannot contain`)
    expect(await page.textContent('[data-testid="error"] strong')).toBe('오류')
    await screenshot(page, 'ko-error-url-bad-host')
    await page.click('[data-testid="error"] button')
  })

  it('a text file opened as a capture is said in Korean, then the engine\'s message with its first bytes', async () => {
    const { page } = session
    const notes = join(sandbox.dir, 'notes.txt')
    await writeFile(notes, 'hello world\n')
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(notes)
    await waitFor(page, '[data-testid="error"][data-code="CAPTURE_UNKNOWN_FORMAT"]', 'ko-not-a-capture')
    const text = await page.textContent('[data-testid="error"] .message')
    expect(text).toBe(
      'pcap 또는 pcapng 캡처 파일이 아닙니다. 첫 바이트가 어느 형식의 매직 넘버와도 맞지 않습니다. ' +
        'notes.txt is not a pcap or pcapng capture: it starts with bytes 68 65 6c 6c (a pcap file starts with a1 b2 c3 d4, d4 c3 b2 a1, a1 b2 3c 4d or 4d 3c b2 a1; a pcapng file with 0a 0d 0d 0a)',
    )
    await screenshot(page, 'ko-error-not-a-capture')
    await page.click('[data-testid="error"] button')
  })

  it('a connection refused by a closed port on 127.0.0.1: the steps up to it open, and the app says in Korean that the page did not load and why', { timeout: 120_000 }, async () => {
    const { page } = session
    // Nothing listens on port 9 (discard) in the test's own network namespace.
    await record(page, 'http://127.0.0.1:9/')
    await waitFor(page, '[data-testid="page-failure"][data-code="SOCKET_CONNECT_REFUSED"]', 'ko-page-failure', 120_000)
    const failure = page.locator('[data-testid="page-failure"]')
    expect(await failure.locator('strong').textContent()).toBe('페이지를 불러오지 못했습니다. 멈춘 곳까지의 과정은 단계에서 볼 수 있습니다.')
    expect(await failure.locator('.message').textContent()).toBe(`연결이 거부되었습니다. 서버의 그 포트에서 기다리는 프로그램이 없습니다. connect() to 127.0.0.1:9 was refused: nothing listens on that port (the server answered with RST)`)
    // The capture of the SYN and the server's RST is open beside it.
    await waitFor(page, '[data-testid="packet-count"]', 'ko-refused-packets')
    expect(await page.locator('[data-testid="error"]').count()).toBe(0)
    // The connection to port 9 is none of http, https or dns: its lane says so in Korean ("other" before).
    expect(await page.locator('.timeline [data-lane="socket"] .subtitle').first().textContent()).toBe('기타')
    await screenshot(page, 'ko-error-connection-refused')
  })

  it('a display filter with nothing after its operator is said in Korean, with the column of the problem', async () => {
    const { page } = session
    const input = page.locator('[data-testid="display-filter"]')
    await input.fill('tcp.port ==')
    await waitFor(page, '[data-testid="filter-error"][data-code="FILTER_SYNTAX"]', 'ko-filter-syntax')
    const message = (await page.textContent('[data-testid="filter-error"] .message')) ?? ''
    expect(message.startsWith(`필터가 디스플레이 필터 문법에 맞지 않습니다. column 12: `)).toBe(true)
    await screenshot(page, 'ko-error-filter-syntax')
    await input.fill('')
  })

})
