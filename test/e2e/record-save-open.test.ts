// The lab page load end to end in Debian's Chromium against the browser shell: record it, see the
// four socket phases and the whole referral chain on the timeline, step from the first step to the
// last, save it, open it again and see the same walkthrough; a malformed file shows an error.
import { execFile } from 'node:child_process'
import { readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor, createSandbox, openBrowser, screenshot, startShell, stepThrough, timelineHooks, type Sandbox, type Session } from './harness.ts'

const CHAIN = ['.', 'kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']

describe('record the lab page, step through it, save it and open it again', () => {
  let sandbox: Sandbox
  let session: Session
  let recorded: { kind: string; concept: string; title: string }[] = []
  let recordedHooks: { zones: string[]; phases: string[] } = { zones: [], phases: [] }
  let recordedFrames = ''
  let savedCapture = ''

  beforeAll(async () => {
    sandbox = await createSandbox()
    const url = await startShell(sandbox, join(sandbox.dir, 'home'))
    session = await openBrowser(sandbox, url)
  })
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  it('records the lab page: all four phase labels and the whole referral chain on the timeline', async () => {
    const { page } = session
    expect(await page.inputValue('input[name="url"]')).toMatch(/^http:\/\/www\.lab\.cyber\.co\.kr(:\d+)?\/sample\.htm$/)
    await page.click('[data-testid="record"]')
    await waitFor(page, '.timeline [data-phase="connect"]', 'timeline')
    recordedHooks = await timelineHooks(page)
    // As in the notes: the question to the nearby DNS server (asked as no zone: "(recursive)"), then
    // its walk in order — first its priming (". NS" to a root from its hints, RFC 8109: the lab has
    // just started), the root servers it listed taken from its cache, then root first; the image's
    // lookup of the same name is a cache hit after it.
    expect(recordedHooks.zones.slice(0, CHAIN.length + 3)).toEqual(['(recursive)', '.', '(cache)', ...CHAIN])
    expect(recordedHooks.zones.slice(CHAIN.length + 3)).toEqual(['(cache)'])
    for (const phase of ['socket', 'connect', 'transfer', 'close']) expect(recordedHooks.phases).toContain(phase)
    const labels = await page.locator('.timeline .bar-label').allTextContents()
    for (const label of ['socket creation', 'connect', 'send / receive', 'close']) expect(labels).toContain(label)
    for (const zone of ['root hints', ...CHAIN]) expect(labels).toContain(zone)
    await expect.poll(() => page.locator('[data-testid="unsaved"]').count()).toBe(1)
    recordedFrames = (await page.locator('[data-testid="capture-summary"]').textContent()) ?? ''
    await screenshot(page, 'record-01-recorded')
  })

  it('steps from the first step to the last, each explained by a concept of the notes', async () => {
    const { page } = session
    recorded = await stepThrough(page, { prefix: 'record-02', every: 4 })
    expect(recorded.length).toBeGreaterThanOrEqual(10)
    expect(recorded.every((step) => step.concept !== '' && step.title !== '')).toBe(true)
    const kinds = new Set(recorded.map((step) => step.kind))
    for (const kind of ['dns-query', 'dns-referral', 'dns-answer', 'socket-create', 'connect', 'send', 'close']) expect(kinds).toContain(kind)
    expect(await page.locator('[data-testid="player"]').getAttribute('data-step-index')).toBe(String(recorded.length - 1))
    expect(await page.locator('[data-action="next"]').isDisabled()).toBe(true)
    // → at the last step stays there.
    await page.locator('body').press('ArrowRight')
    expect(await page.locator('[data-testid="timeline-cursor"]').getAttribute('data-step-index')).toBe(String(recorded.length - 1))
    await screenshot(page, 'record-03-last-step')
  })

  it('switches to Korean and the dark theme from the View menu', async () => {
    const { page } = session
    await page.click('[data-menu="view"]')
    await page.click('[data-command="language-ko"]')
    await page.click('[data-menu="view"]')
    await page.click('[data-command="theme-dark"]')
    expect(await page.getAttribute('html', 'lang')).toBe('ko')
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark')
    expect(await page.locator('[data-tab="socket"]').textContent()).toContain('소켓')
    expect(await page.locator('.timeline .bar-label').allTextContents()).toContain('연결 끊기')
    await screenshot(page, 'record-03b-korean-dark')
    await page.click('[data-menu="view"]')
    await page.click('[data-command="language-en"]')
    await page.click('[data-menu="view"]')
    await page.click('[data-command="theme-system"]')
    expect(await page.locator('[data-tab="socket"]').textContent()).toContain('Socket')
  })

  it('shows the field tree and the bytes of a packet, each highlighting the other', async () => {
    const { page } = session
    await page.click('[data-filter="http"]')
    await page.locator('[data-testid="packet-list"] [data-frame]').first().click()
    await page.click('[data-tab="packet"]')
    await page.waitForSelector('[data-testid="field-tree"]')
    await page.locator('[data-testid="field-tree"] .row').filter({ hasText: /^.*Internet Protocol Version 4/ }).first().click()
    const selected = await page.locator('[data-testid="hex-view"] .byte.selected').count()
    expect(selected).toBeGreaterThanOrEqual(20)
    await page.click('[data-testid="filter-clear"]')
    await screenshot(page, 'record-04-packet')
  })

  it('saves the recording as one .pcapng (its journal inside) and opening it again shows the same walkthrough', async () => {
    const { page } = session
    await page.click('[data-menu="file"]')
    const downloads: string[] = []
    page.on('download', async (download) => {
      const target = join(sandbox.dir, 'saved', download.suggestedFilename())
      await download.saveAs(target)
      downloads.push(target)
    })
    await page.click('[data-command="save-as-pcapng"]')
    await page.waitForSelector('[data-testid="notice"]', { timeout: 30_000 })
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1)
    expect(await page.locator('[data-testid="unsaved"]').count()).toBe(0)
    const saved = await readdir(join(sandbox.dir, 'saved'))
    savedCapture = join(sandbox.dir, 'saved', saved.find((name) => name.endsWith('.pcapng')) ?? '')
    // One file to hand out: the journal is inside the pcapng, none beside it.
    expect(saved).toEqual([savedCapture.split('/').pop()])

    // Open it again: the file given to the app on its command line (as the OS does for a
    // double-clicked capture).
    const reopenUrl = await startShell(sandbox, join(sandbox.dir, 'home2'), [savedCapture])
    const again = await openBrowser(sandbox, reopenUrl)
    try {
      await waitFor(again.page, '.timeline [data-phase="connect"]', 'reopened')
      expect(await timelineHooks(again.page)).toEqual(recordedHooks)
      expect(await again.page.locator('[data-testid="capture-summary"]').textContent()).toBe(recordedFrames.replace(/^[^·]+/, (name) => name))
      const steps = await stepThrough(again.page)
      expect(steps).toEqual(recorded)
      await screenshot(again.page, 'record-05-reopened')
      expect(again.problems).toEqual([])
    } finally {
      await again.browser.close()
    }
  })

  it('exports the walkthrough as text (a download)', async () => {
    const { page } = session
    const download = page.waitForEvent('download')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="export-text"]')
    const file = await download
    const target = join(sandbox.dir, 'export', file.suggestedFilename())
    await file.saveAs(target)
    const text = await readFile(target, 'utf8')
    for (const zone of ['kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']) expect(text).toContain(zone)
    expect(text).toContain('GET /sample.htm')
    await page.waitForSelector('[data-testid="notice"]')
    expect(await page.locator('[data-testid="notice"]').textContent()).toContain(file.suggestedFilename())
  })

  it('exports the handout as one HTML page (a download) that another browser window shows without running anything', async () => {
    const { page } = session
    const download = page.waitForEvent('download')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="export-html"]')
    const file = await download
    expect(file.suggestedFilename()).toMatch(/\.html$/)
    const target = join(sandbox.dir, 'export', file.suggestedFilename())
    await file.saveAs(target)
    const html = await readFile(target, 'utf8')
    expect(html).not.toMatch(/<script/i)
    for (const zone of ['kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.']) expect(html).toContain(zone)
    // Opened from the file, offline: every step is there, the diagram is drawn.
    const handout = await page.context().newPage()
    try {
      await handout.goto(`file://${target}`)
      expect(await handout.locator('li.step').count()).toBe(recorded.length)
      expect(await handout.locator('svg.sequence line.arrow').count()).toBeGreaterThan(20)
      expect(await handout.locator('figure.bytes pre').first().textContent()).toMatch(/^0000 {2}[0-9a-f]{2} /)
    } finally {
      await handout.close()
    }
  })

  it('opening the saved .pcapng alone from the file picker shows the same walkthrough (its journal is inside)', async () => {
    const { page } = session
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(savedCapture)
    await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]'))
    await page.waitForSelector('.timeline [data-phase="connect"]')
    expect(await timelineHooks(page)).toEqual(recordedHooks)
    const frames = (text: string): string => /\d+ frames/.exec(text)?.[0] ?? ''
    expect(frames((await page.locator('[data-testid="capture-summary"]').textContent()) ?? '')).toBe(frames(recordedFrames))
    expect(await stepThrough(page)).toEqual(recorded)
    await screenshot(page, 'record-06-opened-from-picker')
  })

  it('the .pcapng rewritten by editcap (which drops the journal, as its block type asks) shows what its packets carry: the same chain and phases', async () => {
    const { page } = session
    const packetsOnly = join(sandbox.dir, 'packets-only.pcapng')
    await promisify(execFile)('editcap', [savedCapture, packetsOnly])
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(packetsOnly)
    await page.waitForFunction(() => !document.querySelector('[data-testid="progress"]'))
    await page.waitForSelector('.timeline [data-phase="connect"]')
    const hooks = await timelineHooks(page)
    // Without the journal: the stub query and the nearby server's walk (its priming first), from the
    // packets alone.
    expect(hooks.zones).toEqual(['(recursive)', '.', ...CHAIN])
    expect(new Set(hooks.phases)).toEqual(new Set(['socket', 'connect', 'transfer', 'close']))
  })

  it('a malformed file shows an error in plain words, and the open capture stays', async () => {
    const { page } = session
    const bad = join(sandbox.dir, 'not-a-capture.pcap')
    await writeFile(bad, 'This is not a capture file, only text.\n')
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(bad)
    const error = page.locator('[data-testid="error"]')
    await error.waitFor({ timeout: 30_000 })
    expect(await error.getAttribute('data-code')).toMatch(/^[A-Z_]+$/)
    expect(((await error.locator('.message').textContent()) ?? '').length).toBeGreaterThan(10)
    expect(await page.locator('.timeline [data-phase="connect"]').count()).toBeGreaterThan(0)
    await screenshot(page, 'record-07-malformed')
  })

  it('shows no CSP violation or console error during the whole session', () => {
    expect(session.problems).toEqual([])
  })
})
