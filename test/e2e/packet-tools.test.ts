// What a Wireshark user does in the first minute, on a real capture (a page load from the corpus)
// opened in the app: a display filter (and one with a syntax error, shown at its token), a column
// sort, Go to packet, Find, Follow TCP stream and the statistics — each checked against what tshark
// says of the same file (-Y, -T fields, -z follow,tcp,raw, -z conv,tcp, -z io,phs).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tsharkFields } from '../analyzer/tshark.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { createSandbox, openBrowser, screenshot, startShell, waitFor, type Sandbox, type Session } from './harness.ts'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)
const FILE = join(CORPUS_DIR, 'http-espn-pageload-images-gzip.pcapng')

async function tsharkFrames(filter: string): Promise<number[]> {
  return (await tsharkFields(FILE, ['frame.number'], ['-Y', filter])).map(([n = '']) => Number(n))
}

describe('packet tools on a real capture, against tshark', () => {
  let sandbox: Sandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await createSandbox()
    session = await openBrowser(sandbox, await startShell(sandbox, join(sandbox.dir, 'home')))
    const { page } = session
    const chooser = page.waitForEvent('filechooser')
    await page.click('[data-menu="file"]')
    await page.click('[data-command="open"]')
    await (await chooser).setFiles(FILE)
    await waitFor(page, '[data-testid="packet-list"] [data-frame="1"]', 'packet list')
  }, 180_000)
  afterAll(async () => {
    await session?.browser.close()
    await sandbox?.close()
  })

  const shownFrames = () => session.page.locator('[data-testid="packet-list"] [data-frame]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-frame'))))
  /** The list learns its count first and fetches its rows afterwards (from the worker, a page at a
   * time; a row not fetched yet is a placeholder without data-frame): wait for the rows on screen. */
  const rowsSettled = (first: number) =>
    session.page.waitForFunction((f) => {
      const list = document.querySelector('[data-testid="packet-list"]')
      return list?.querySelector('[data-frame]')?.getAttribute('data-frame') === String(f) && list.querySelector('[role="row"][aria-busy="true"]') === null
    }, first)

  it('filters with a display filter as tshark -Y does, and points at a syntax error’s token', async () => {
    const { page } = session
    const filter = 'http.request.method == "GET" && tcp.stream in {0..9}'
    const expected = await tsharkFrames(filter)
    expect(expected.length).toBeGreaterThan(3)
    await page.fill('[data-testid="display-filter"]', filter)
    await page.press('[data-testid="display-filter"]', 'Enter')
    await page.waitForFunction((n) => document.querySelector('[data-testid="packet-count"]')?.textContent === `${n} of 956 frames`, expected.length)
    await rowsSettled(expected[0]!)
    const shown = await shownFrames()
    expect(shown.length).toBeGreaterThan(0)
    expect(shown.slice(0, expected.length)).toEqual(expected.slice(0, shown.length))
    await page.fill('[data-testid="display-filter"]', 'tcp.port = 80')
    expect(await page.locator('[data-testid="filter-error"]').textContent()).toContain('column 10: "=" alone is not an operator')
    expect(await page.locator('[data-testid="filter-error-token"]').textContent()).toBe('=')
    expect(await page.locator('.filterbar .field').getAttribute('data-state')).toBe('invalid')
    await screenshot(page, 'packet-tools-01-filter-error')
    await page.click('[data-testid="filter-clear"]')
    await page.waitForFunction(() => document.querySelector('[data-testid="packet-count"]')?.textContent === '956 of 956 frames')
    await rowsSettled(1)
  })

  it('sorts by length, longest first, ties in frame order', async () => {
    const { page } = session
    const lengths = (await tsharkFields(FILE, ['frame.number', 'frame.len'])).map(([n = '', l = '']) => [Number(n), Number(l)] as const)
    const expected = [...lengths].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([n]) => n)
    await page.click('[data-sort="length"]')
    await page.click('[data-sort="length"]')
    await rowsSettled(expected[0]!)
    const shown = await shownFrames()
    expect(shown.length).toBeGreaterThan(0)
    expect(shown).toEqual(expected.slice(0, shown.length))
    expect(await page.locator('[data-column="length"][role="columnheader"]').getAttribute('aria-sort')).toBe('descending')
    await page.click('[data-sort="length"]') // back to frame order
    await rowsSettled(1)
  })

  it('goes to a packet (Ctrl+G) and finds the next one holding a string (Ctrl+F)', async () => {
    const { page } = session
    await page.locator('[data-testid="packet-list"]').focus()
    await page.keyboard.press('Control+g')
    await page.fill('[data-testid="goto-input"]', '500')
    await page.press('[data-testid="goto-input"]', 'Enter')
    await page.waitForSelector('[data-frame="500"][aria-selected="true"]')
    const hosts = await tsharkFrames('frame contains "Host: a.espncdn.com"')
    const next = hosts.find((n) => n > 500) ?? hosts[0]!
    await page.keyboard.press('Control+f')
    await page.selectOption('[data-testid="find-kind"]', 'string')
    await page.check('[data-testid="find-case"]')
    await page.fill('[data-testid="find-input"]', 'Host: a.espncdn.com')
    await page.press('[data-testid="find-input"]', 'Enter')
    await page.waitForSelector(`[data-frame="${next}"][aria-selected="true"]`)
    expect(await page.locator('[data-testid="search-message"]').textContent()).toContain(`frame ${next}`)
    await page.press('[data-testid="find-input"]', 'Escape')
  })

  it('follows the TCP stream of a row: the bytes tshark’s follow shows, client and server in two colours', async () => {
    const { page } = session
    const stream = (await tsharkFields(FILE, ['tcp.stream'], ['-Y', 'frame.number == 500']))[0]?.[0] ?? ''
    await page.locator('[data-frame="500"] [data-column="info"]').click({ button: 'right' })
    await page.click('[data-testid="packet-menu"] [data-command="follow"]')
    await waitFor(page, '[data-testid="follow-text"] span', 'follow dialog')
    const ascii = await page.locator('[data-testid="follow-text"] span[data-from="client"]').first().textContent()
    expect(ascii).toMatch(/^GET \/\S+ HTTP\/1\.1\n/)
    expect(await page.locator('[data-testid="follow-text"] span.client').first().evaluate((el) => getComputedStyle(el).color)).not.toBe(await page.locator('[data-testid="follow-text"] span.server').first().evaluate((el) => getComputedStyle(el).color))
    await page.selectOption('[data-testid="follow-format"]', 'raw')
    // A capture gap is a line of text here; tshark writes the same words (and a NUL) into the data.
    const ours = (await page.locator('[data-testid="follow-text"] span').evaluateAll((spans) => spans.map((s) => `${s.getAttribute('data-from')}:${s.textContent ?? ''}`))).map((chunk) =>
      chunk.replace(/(\[\d+ bytes missing in capture file\])\n\t?/, (_, gap: string) => Buffer.from(`${gap}\0`).toString('hex')).replace(/\s+/g, ''),
    )
    const raw = (await run('tshark', ['-n', '-q', '-r', FILE, '-z', `follow,tcp,raw,${stream}`], { maxBuffer: 64 << 20 })).stdout
    const theirs: string[] = []
    for (const line of raw.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l))) {
      const tagged = `${line.startsWith('\t') ? 'server' : 'client'}:${line.trim()}`
      const last = theirs.at(-1)
      if (last?.split(':')[0] === tagged.split(':')[0]) theirs[theirs.length - 1] = last + line.trim()
      else theirs.push(tagged)
    }
    expect(ours).toEqual(theirs)
    expect(await page.locator('[data-testid="packet-count"]').textContent()).toBe(`${(await tsharkFrames(`tcp.stream == ${stream}`)).length} of 956 frames`)
    await screenshot(page, 'packet-tools-02-follow')
    await page.click('[data-testid="follow-stream"] button.close')
    await page.click('[data-testid="filter-clear"]')
  })

  it('shows the conversations and the protocol hierarchy tshark counts', async () => {
    const { page } = session
    await page.click('[data-menu="statistics"]')
    await page.click('[data-command="statistics-conversations"]')
    await waitFor(page, '[data-testid="conversations"] tbody tr', 'conversations')
    const conv = (await run('tshark', ['-n', '-q', '-r', FILE, '-z', 'conv,tcp'])).stdout.split('\n').filter((l) => l.includes('<->'))
    expect(await page.locator('[data-testid="conversations"] tbody tr').count()).toBe(conv.length)
    const first = /^(\S+)\s+<->\s+(\S+)\s+(\d+) \S+ \S+\s+(\d+)/.exec(conv.find((l) => l.startsWith('172.16.0.122:33720'))!)!
    const row = page.locator('[data-testid="conversations"] tbody tr', { hasText: '172.16.0.122:33720' })
    expect(await row.locator('td').nth(1).textContent()).toBe(first[2])
    expect(Number(await row.locator('td').nth(2).textContent())).toBe(Number(first[3]) + Number(first[4]))
    await screenshot(page, 'packet-tools-03-conversations')
    await page.click('[data-testid="statistics"] [data-tab="hierarchy"]')
    const phs = (await run('tshark', ['-n', '-q', '-r', FILE, '-z', 'io,phs'])).stdout
    const count = (protocol: string) => Number(new RegExp(`^\\s*${protocol}\\s+frames:(\\d+)`, 'm').exec(phs)![1])
    for (const protocol of ['eth', 'ip', 'tcp', 'udp', 'dns']) {
      expect(await page.locator(`[data-testid="protocol-hierarchy"] tr[data-protocol="${protocol}"] [data-value="frames"]`).first().textContent(), protocol).toBe(String(count(protocol)))
    }
    await screenshot(page, 'packet-tools-04-hierarchy')
    expect(session.problems).toEqual([])
  })
})
