// Real captures opened through File → Open and read as a student reads them: the sentence beside the
// highlighted packets names the same packets as the link under it, and the outline's line that says
// which part of a long run it lists sits with the rows it describes (it was drawn flush against the
// panel's left edge, where a few pixels of sideways scrolling cut its first letters).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CORPUS_DIR } from '../support/corpus.ts'
import { createSandbox, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'


describe('reading real captures in the app', () => {
  let sandbox: Sandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await createSandbox()
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
    await session.page.waitForSelector('[data-testid="urlbar"]')
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  async function open(file: string, frames: number): Promise<void> {
    const { page } = session
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(join(CORPUS_DIR, file))
    await waitFor(page, `[data-testid="packet-count"]:text("${frames} of ${frames} frames")`, `open-${file}`)
    await waitFor(page, '[data-testid="step-explainer"][data-step-index="0"]', `first-step-${file}`)
  }

  it('a handshake among other connections\' packets: the explanation names its own three frames, as the link under it does', async () => {
    const { page } = session
    // Nine connections opened at once: the first one's SYN, SYN-ACK and ACK are frames 1, 11, 19.
    await open('http-chunked-gzip-100-continue.pcap', 207)
    await page.locator('[data-action="next"]').click()
    await page.locator('[data-action="next"]').click()
    await waitFor(page, '[data-testid="step-explainer"][data-step-index="2"]', 'connect-step')
    const explainer = page.locator('[data-testid="step-explainer"]')
    expect(await explainer.getAttribute('data-kind')).toBe('connect')
    expect(await explainer.locator('.step-detail').textContent()).toContain('(frames 1, 11, 19)')
    expect(await explainer.locator('.frames button.link').textContent()).toContain('1, 11, 19')
    await screenshot(page, 'reading-connect-frames')
  })

  it("the outline's \"1 of 76, from step 434 on\" is indented as the run's rows, and the outline does not scroll sideways", async () => {
    const { page } = session
    // 434 steps; the last one is in a run of 76 answers, opened on it.
    await open('dns-many-queries-mdns-llmnr.pcap', 464)
    await page.locator('[data-action="last"]').click()
    await waitFor(page, '[data-run-part]', 'run-part')
    expect(await page.textContent('[data-run-part]')).toBe('1 of 76, from step 434 on')
    const layout = await page.evaluate(() => {
      const tree = document.querySelector<HTMLElement>('[data-testid="outline"] .tree')!
      const part = document.querySelector<HTMLElement>('[data-run-part]')!
      const text = document.createRange()
      text.selectNodeContents(part)
      const row = document.querySelector<HTMLElement>('[data-run-part] ~ li .step-row.nested .n')!
      tree.scrollLeft = 40
      return { partText: text.getBoundingClientRect().left, rowNumber: row.getBoundingClientRect().left, tree: tree.getBoundingClientRect().left, scrolled: tree.scrollLeft }
    })
    expect(layout.scrolled).toBe(0)
    expect(layout.partText).toBeGreaterThan(layout.tree + 8)
    expect(layout.partText).toBeCloseTo(layout.rowNumber, 0)
    await screenshot(page, 'reading-outline-run-part')
  })
})
