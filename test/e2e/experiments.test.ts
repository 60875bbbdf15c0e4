// An experiment run from the app's Experiments panel, end to end in Debian's Chromium against the
// browser shell (issue 14 §1): the panel says what the TTL experiment changes and what to look for;
// Start changes the app's lab; the bar records the lab page three times (the third after the 6 s
// pause it counts down) and each walkthrough shows the effect — the first walks from the root and
// its first step names the experiment, the reload is the nearby DNS server's cache hit, and after
// 5 s the expired answer is asked of lab.cyber.co.kr.'s server again (the referrals above it are
// still cached) — each shown against the first recording, step against step; End undoes it. Every wait is for the exact content read next (the bar's count of
// recordings is set only once the recording is open), never a fixed sleep.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EXPERIMENTS } from '../../src-main/lab/experiments/index.ts'
import { createSandbox, openBrowser, screenshot, startShell, timelineHooks, waitFor, type Sandbox, type Session } from './harness.ts'

const CHAIN = ['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']

describe('the TTL experiment from the Experiments panel', () => {
  let sandbox: Sandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await createSandbox()
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  /** Records under the experiment and waits until the bar counts recording `n` (it is open then). */
  async function recordNumber(n: number): Promise<void> {
    const { page } = session
    await waitFor(page, `[data-action="record-experiment"]:not([disabled])`, `record-${n}-enabled`, 30_000)
    expect(await page.locator('[data-action="record-experiment"]').textContent()).toContain(`Record ${n} of 3`)
    await page.click('[data-action="record-experiment"]')
    // From the second on, the recording before is unsaved: the app asks, as for any recording.
    if (n > 1) {
      await waitFor(page, '[data-testid="confirm-discard"] [data-answer="discard"]', `confirm-${n}`)
      await page.click('[data-testid="confirm-discard"] [data-answer="discard"]')
    }
    await waitFor(page, `[data-testid="experiment-bar"][data-recorded="${n}"]`, `recorded-${n}`)
    await waitFor(page, '[data-testid="step-explainer"][data-step-index="0"]', `first-step-${n}`)
  }

  it('the panel lists the experiment with what it changes and what to look for; Start puts it in force', async () => {
    const { page } = session
    await page.click('[data-action="experiments"]')
    await waitFor(page, '[data-testid="experiments"] [data-experiment="ttl"]', 'panel')
    const ttl = page.locator('[data-testid="experiments"] [data-experiment="ttl"]')
    expect(await ttl.locator('h3').textContent()).toBe('A short TTL')
    expect(await ttl.locator('.changes').textContent()).toBe(EXPERIMENTS.ttl.changes.en)
    expect(await ttl.locator('.look-for').textContent()).toBe(EXPERIMENTS.ttl.lookFor.en)
    await screenshot(page, 'experiments-01-panel')
    await ttl.locator('[data-action="start-experiment"]').click()
    await waitFor(page, '[data-testid="experiment-bar"][data-experiment="ttl"]', 'bar')
    expect(await page.locator('[data-testid="experiments"]').count()).toBe(0)
    expect(await page.locator('[data-testid="experiment-bar"] .title').textContent()).toBe('Experiment in force: A short TTL')
  })

  it('the first recording walks from the root, and its first step names the experiment', async () => {
    const { page } = session
    await recordNumber(1)
    const { zones } = await timelineHooks(page)
    // The lab has just started: the nearby server first primes (". NS" to a root from its hints,
    // RFC 8109: the first "." bar), takes the root servers it listed from its cache, then walks down
    // from the root.
    expect(zones.slice(0, CHAIN.length + 3)).toEqual(['(recursive)', '.', '(cache)', ...CHAIN])
    expect(await page.locator('.timeline .bar[data-zone="."]').first().getAttribute('title')).toMatch(/ → answer \(root hints: \. NS\): /)
    expect(await page.locator('[data-testid="step-explainer"] .step-detail').textContent()).toContain(
      `Recorded under the lab experiment "A short TTL" (ttl): ${EXPERIMENTS.ttl.changes.en}`,
    )
    await screenshot(page, 'experiments-02-first')
  })

  it('the reload at once is answered from the nearby DNS server\'s cache: no referral chain', async () => {
    const { page } = session
    await recordNumber(2)
    const { zones } = await timelineHooks(page)
    // The question to the nearby server, answered from its cache: no zone of the walk is asked.
    expect(zones).toContain('(cache)')
    expect(zones.every((zone) => zone === '(cache)' || zone === '(recursive)')).toBe(true)
    // Side by side: the first recording against this one, step against step.
    const row = page.locator('[data-testid="experiment-comparison"] [data-row="lookup"][data-name="www.lab.cyber.co.kr. A"]').first()
    // The first walk of the lab run asks a root twice: for the root servers' list (priming), then for the name.
    expect(await row.locator('.first').textContent()).toMatch(/^asked \. → \. → kr\. → co\.kr\. → cyber\.co\.kr\. → lab\.cyber\.co\.kr\. · \d+\.\d ms$/)
    expect(await row.locator('.second').textContent()).toMatch(/^the nearby DNS server's cache · \d+\.\d ms$/)
    expect(await page.locator('[data-testid="comparison-gone"]').textContent()).toContain('Gone in the later recording: the referral chain (. → kr. → co.kr. → cyber.co.kr. → lab.cyber.co.kr.).')
    await screenshot(page, 'experiments-03-cache')
  })

  it('after the 6 s pause the expired answer is asked of lab.cyber.co.kr.\'s server again; End undoes the experiment', { timeout: 90_000 }, async () => {
    const { page } = session
    await recordNumber(3)
    const { zones } = await timelineHooks(page)
    expect(zones).toContain('lab.cyber.co.kr.')
    for (const zone of ['.', 'kr.', 'co.kr.', 'cyber.co.kr.']) expect(zones).not.toContain(zone)
    const row = page.locator('[data-testid="experiment-comparison"] [data-row="lookup"][data-name="www.lab.cyber.co.kr. A"]').first()
    expect(await page.locator('[data-testid="experiment-comparison"] summary').textContent()).toBe('Recording 1 against recording 3, step against step')
    expect(await row.locator('.second').textContent()).toMatch(/^asked lab\.cyber\.co\.kr\. · \d+\.\d ms$/)
    await screenshot(page, 'experiments-04-expired')
    await page.click('[data-action="end-experiment"]')
    await waitFor(page, '[data-testid="experiment-ended"]', 'ended')
    expect(await page.locator('[data-testid="experiment-ended"]').textContent()).toContain('A short TTL is over: the lab network answers as its zone files say again.')
    expect(await page.locator('[data-testid="experiment-bar"]').count()).toBe(0)
    expect(session.problems).toEqual([])
  })
})
