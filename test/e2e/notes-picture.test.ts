// The notes' figure end to end in Debian's Chromium (issue 8 §3): record the lab page in the default
// mode ("as in the notes") through the browser shell, and the sequence diagram shows the figure —
// client, nearby DNS server, root, the TLD and zone servers, web server, left to right — with the
// arrows of a cold lookup numbered 1–8 in order; nothing on the page names the nearby DNS server
// the root. Clicking a hop on the timeline selects its frames and moves the player to its step.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSandbox, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'

describe('the notes\' picture, recorded', () => {
  let sandbox: Sandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await createSandbox()
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
    await session.page.click('[data-testid="record"]')
    await waitFor(session.page, '.timeline [data-phase="connect"]', 'notes-picture-record')
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('lays out the columns as the notes\' figure, named by role', async () => {
    const { page } = session
    const columns = await page.locator('[data-testid="sequence"] .participant').evaluateAll((els) => els.map((el) => `${el.querySelector('strong')?.textContent ?? ''} ${el.querySelector('.host')?.textContent ?? ''}`))
    expect(columns.map((c) => c.replace(/ \S+$/, ''))).toEqual([
      'client',
      'nearby DNS server (local DNS server)',
      'root (.)',
      'kr. (TLD)',
      'co.kr. zone server',
      'cyber.co.kr. zone server',
      'lab.cyber.co.kr. zone server',
      'web server',
    ])
    await screenshot(page, 'notes-picture-01-columns')
  })

  it('numbers the cold lookup\'s arrows 1–8, in order, and marks the nearby server\'s priming before them 0', async () => {
    const { page } = session
    const scroller = page.locator('[data-testid="sequence"]')
    const marks = new Map<number, { mark: number; title: string }>()
    // The rows are virtualised: scroll through them and read each row's number.
    for (let top = 0; top < 4000; top += 120) {
      await scroller.evaluate((el, y) => {
        el.scrollTop = y
      }, top)
      await page.waitForTimeout(50)
      const seen = await page.locator('[data-testid="sequence"] .row').evaluateAll((rows) =>
        rows.map((row) => [Number(row.getAttribute('data-frame')), row.querySelector('.mark')?.getAttribute('data-mark') ?? null, row.querySelector('.mark title')?.textContent ?? ''] as const),
      )
      for (const [frame, mark, title] of seen) if (mark !== null) marks.set(frame, { mark: Number(mark), title })
      const atEnd = await scroller.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2)
      if (atEnd) break
    }
    const inOrder = [...marks.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m.mark)
    // 1 the question to the nearby server; 0 its priming (". NS" to a root from its hints, RFC 8109),
    // which the notes' figure does not draw; then 2–6 down from the root, 7 the answer, 8 the connection.
    expect(inOrder).toEqual([1, 0, 0, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 8, 8])
    const priming = [...marks.values()].filter((m) => m.mark === 0)
    for (const m of priming) expect(m.title).toMatch(/^0 · priming \(RFC 8109\), before the notes’ steps: /)
  })

  it('never names the nearby DNS server the root', async () => {
    const { page } = session
    const nearby = (await page.locator('[data-testid="sequence"] .participant').nth(1).getAttribute('title')) ?? ''
    const address = /(\d+\.\d+\.\d+\.\d+:\d+)/.exec(nearby)?.[1]
    expect(address).toBeDefined()
    const naming = await page.evaluate((addr) => {
      const found: string[] = []
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        for (const text of [el.getAttribute('title'), el.getAttribute('aria-label'), el.children.length === 0 ? el.textContent : null]) {
          if (text && text.includes(addr)) found.push(text)
        }
      }
      return found
    }, address!)
    expect(naming.length).toBeGreaterThan(0)
    for (const text of naming) expect(text.replace(/\(nearby DNS server \(local DNS server\)\)/, '')).not.toMatch(/root|\(\.\)|^\. /)
  })

  it('choosing the kr. hop on the timeline selects its frames and moves the player to its step', async () => {
    const { page } = session
    // A bar is a button, chosen here as a keyboard user does (Enter): on a loaded machine the next
    // hop can be recorded a millisecond later, and its bar then covers this one where a pointer
    // would click (bars sit at their true times).
    await page.locator('.timeline .bar[data-zone="kr."]').first().press('Enter')
    const frames = ((await page.locator('.timeline .bar[data-zone="kr."]').first().getAttribute('data-frames')) ?? '').split(',').map(Number)
    expect(frames).toHaveLength(2)
    await expect.poll(() => page.locator('[data-testid="step-explainer"] .step-title').textContent()).toMatch(/^The nearby DNS server \(local DNS server\) asks \S+ \(kr\. \(TLD\)\) for www\.lab\.cyber\.co\.kr\. A$/)
    const selected = await page.locator('[data-testid="sequence"] .row.selected').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-frame'))))
    expect(selected).toEqual(frames)
    await screenshot(page, 'notes-picture-02-kr-hop')
  })
})
