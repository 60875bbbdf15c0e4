// A capture too large for the analyzer's memory, opened in the app as a user does it (File → Open):
// the app shows the coded error in plain words, in English and in Korean, with the file, its size,
// the limit and what to do; the capture that was open before stays as it was (not the part of the
// large one read before the worker ran out, shown as if it were the whole), and the next capture
// opens. The shell runs with a small heap limit for its analyzer (WIRETRAIL_ANALYZER_HEAP_MB, the
// setting the app reads, analyzer/worker-memory.ts), so a capture of real traffic of 600 000 frames
// (test/support/synthetic-capture.ts, TOO_BIG_FOR_HEAP) is too large while a page load's capture is not.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../support/corpus.ts'
import { TOO_BIG_FOR_HEAP, writeSyntheticCapture } from '../support/synthetic-capture.ts'
import { createSandbox, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'

const LIMIT = TOO_BIG_FOR_HEAP.heapLimitMb

describe('a capture too large for the analyzer’s memory, opened in the app', () => {
  let sandbox: Sandbox
  let session: Session
  let big = ''
  let bigBytes = 0

  async function open(path: string): Promise<void> {
    const { page } = session
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(path)
  }

  beforeAll(async () => {
    sandbox = await createSandbox()
    big = join(sandbox.dir, 'too-big.pcap')
    bigBytes = await writeSyntheticCapture(big, TOO_BIG_FOR_HEAP.frames)
    const url = await startShell(sandbox, join(sandbox.dir, 'home'), [], { WIRETRAIL_ANALYZER_HEAP_MB: String(LIMIT) })
    session = await openBrowser(sandbox, url)
  }, 180_000)
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('shows ANALYZER_OUT_OF_MEMORY with the file, its size, the limit and what to do; the open capture stays; the next one opens', async () => {
    const { page } = session
    await open(`${CORPUS_DIR}/http-espn-pageload-images-gzip.pcapng`)
    await waitFor(page, '[data-testid="packet-count"]:text("956 of 956 frames")', 'oom-first', 120_000)

    await open(big)
    const error = page.locator('[data-testid="error"]')
    // The open has ended when the progress is gone and either the error is shown or the list has
    // changed; if it ended without the error (the capture fitted), say so at once, not after 240 s.
    await page.waitForFunction(
      () =>
        !document.querySelector('[data-testid="progress"]') &&
        (document.querySelector('[data-testid="error"]') !== null || document.querySelector('[data-testid="packet-count"]')?.textContent !== '956 of 956 frames'),
      undefined,
      { timeout: 240_000 },
    )
    if ((await error.count()) === 0) {
      throw new Error(`no error for ${TOO_BIG_FOR_HEAP.frames} frames with a ${LIMIT} MiB heap; the list says "${await page.locator('[data-testid="packet-count"]').textContent()}"`)
    }
    expect(await error.getAttribute('data-code')).toBe('ANALYZER_OUT_OF_MEMORY')
    expect(await error.locator('.code').textContent()).toBe('ANALYZER_OUT_OF_MEMORY')
    const size = `${(bigBytes / 1024 ** 2).toFixed(1)} MiB`
    const en = (await error.locator('.message').textContent()) ?? ''
    expect(en).toMatch(
      new RegExp(
        `^too-big\\.pcap \\(${size.replace('.', '\\.')}\\) needs more memory than the analyzer may use on this computer: its JavaScript heap is limited to ${LIMIT} MiB, and it ran out after [\\d,]+ frames \\(\\d+ % of the file\\), so the capture was not opened\\. Open it in smaller parts: Wireshark's editcap splits it, e\\.g\\. "editcap -c \\d+ too-big\\.pcap part\\.pcap" writes one file per [\\d,]+ frames\\.$`,
      ),
    )
    // What was read of it before the worker ran out is not shown: the capture open before stays,
    // whole.
    expect(await page.locator('[data-testid="packet-count"]').textContent()).toBe('956 of 956 frames')
    expect(await page.locator('[data-testid="capture-summary"]').textContent()).toContain('http-espn-pageload-images-gzip.pcapng')
    await screenshot(page, 'out-of-memory-en')

    // In Korean: the same facts in the UI's language.
    await page.click('[data-menu="view"]')
    await page.click('[data-command="language-ko"]')
    await page.waitForFunction(() => document.documentElement.lang === 'ko')
    const ko = (await error.locator('.message').textContent()) ?? ''
    expect(ko).toMatch(
      new RegExp(
        `^too-big\\.pcap 파일\\(${size.replace('.', '\\.')}\\)을 분석하려면 이 컴퓨터에서 분석기가 쓸 수 있는 메모리보다 더 많은 메모리가 필요합니다\\. 분석기의 JavaScript 힙은 ${LIMIT} MiB로 제한되어 있는데, 프레임 [\\d,]+개\\(파일의 \\d+%\\)를 읽은 뒤 메모리가 바닥나서 캡처를 열지 못했습니다\\. 파일을 작게 나눠서 여세요\\. 예를 들어 Wireshark의 editcap으로 "editcap -c \\d+ too-big\\.pcap part\\.pcap" 명령을 실행하면 프레임 [\\d,]+개마다 파일 하나로 나뉩니다\\.$`,
      ),
    )
    await screenshot(page, 'out-of-memory-ko')
    await page.click('[data-menu="view"]')
    await page.click('[data-command="language-en"]')
    await page.waitForFunction(() => document.documentElement.lang === 'en')

    // The app goes on: the next capture opens, and the error is gone.
    await open(`${CORPUS_DIR}/http-wireshark-sample-keepalive.cap`)
    await waitFor(page, '[data-testid="packet-count"]:text("43 of 43 frames")', 'oom-next', 120_000)
    expect(await page.locator('[data-testid="capture-summary"]').textContent()).toContain('http-wireshark-sample-keepalive')
    expect(await page.locator('[data-testid="error"]').count()).toBe(0)
  }, 600_000)

  it('shows no CSP violation or console error', () => {
    expect(session.problems).toEqual([])
  })
})
