// The HTML handout (analyzer/handout.ts): one self-contained page with every step, its explanation
// and its bytes, the referral chains and the sequence diagram as SVG, in the UI's language; nothing
// in it runs, and what came from the network is escaped. Opened and printed by headless Chromium.
import { execFile } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, formatWalkthroughHtml, type AnalyzedCapture } from '../../src-main/analyzer/index.ts'
import { escapeHtml, hexDump } from '../../src-main/analyzer/handout.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { CONCEPTS } from '../../src-main/shared/concepts.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts'
import { scratchDir } from '../support/scratch.ts'
import { wholeLesson } from '../support/lesson.ts'

const run = promisify(execFile)
const BLOCK = 195 // 127.195.0.0/16: this file's lab

/** The text of the page as a reader sees it: tags dropped, entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))

describe('the HTML handout', () => {
  const dir = scratchDir('handout')
  let lab: RunningLab
  let a: AnalyzedCapture
  const html = { en: '', ko: '' }

  beforeAll(async () => {
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 10053, httpPort: 0, httpsPort: 0 })
    const output = join(dir, 'sample.pcapng')
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output, format: 'pcapng', lab })
    expect(result.ok).toBe(true)
    a = await analyzeCapture(output)
    html.en = await a.html('en')
    html.ko = await a.html('ko')
    writeFileSync(join(dir, 'en.html'), html.en)
    writeFileSync(join(dir, 'ko.html'), html.ko)
  }, 120_000)
  afterAll(async () => {
    await a?.close()
    await lab?.close()
  })

  it('holds every step, its explanation and its concept, in the language asked for', () => {
    const w = wholeLesson(a)
    expect(w.steps.length).toBeGreaterThan(20)
    for (const lang of ['en', 'ko'] as const) {
      const page = html[lang]
      expect(page).toContain(`<html lang="${lang}">`)
      const text = visibleText(page)
      for (const step of w.steps) {
        expect(text, `step ${step.index + 1}`).toContain(step.title[lang])
        expect(text).toContain(step.detail[lang])
        expect(text).toContain(CONCEPTS[step.concept].title[lang])
      }
      // Each concept's explanation once, where it first appears.
      for (const concept of new Set(w.steps.map((s) => s.concept))) expect(text.split(CONCEPTS[concept].explanation[lang]).length - 1).toBe(1)
    }
    expect(visibleText(html.ko)).toContain('리졸버의 참조(리퍼럴) 경로')
    expect(hasUnresolvedParticle(visibleText(html.ko))).toBe(false)
    // The redirect-free sample page: the request, the answer from the zone, the image.
    expect(visibleText(html.en)).toContain('GET /gazou.jpg')
  })

  it('shows the bytes of each step\'s frames as a hex dump of the capture', async () => {
    const w = wholeLesson(a)
    const withFrames = w.steps.filter((s) => s.frames.length > 0)
    expect(withFrames.length).toBeGreaterThan(10)
    for (const step of withFrames) {
      const frame = step.frames[0]!
      const { bytes } = await a.detail(frame)
      const dump = hexDump(bytes)
      expect(html.en, `step ${step.index + 1}, frame ${frame}`).toContain(`data-frame="${frame}"`)
      expect(html.en).toContain(escapeHtml(dump.split('\n')[0]!))
    }
    // The image's response: its frames carry the JPEG's first bytes, FF D8.
    const image = w.http.findIndex((h) => h.uri === '/gazou.jpg')
    const body = await a.httpBody(image, 'response')
    expect([...body.decoded.subarray(0, 2)]).toEqual([0xff, 0xd8])
    const first = body.segments[0]!
    const { bytes } = await a.detail(first.frame)
    expect(html.en).toContain(escapeHtml(hexDump(bytes).split('\n')[0]!))
  })

  it('has the referral chain and the sequence diagram as SVG, and no script', () => {
    const w = wholeLesson(a)
    const chain = w.resolutions.find((r) => r.hops.some((h) => h.outcome === 'referral'))!
    // Every server asked; a cache hop (the root servers the nearby server just primed, taken from its
    // cache) has no server and is named by whose cache it is.
    for (const hop of chain.hops.filter((h) => h.outcome !== 'cache')) expect(html.en).toContain(`<td>${escapeHtml(hop.server)}</td>`)
    expect(chain.hops.some((h) => h.outcome === 'cache' && h.cache === 'nearby')).toBe(true)
    expect(visibleText(html.en)).toContain('referral → kr.')
    expect(visibleText(html.ko)).toContain('참조(리퍼럴) → kr.')
    // One arrow or label per frame, numbered as the packet list numbers them.
    const numbers = [...html.en.matchAll(/<text class="n" x="4" y="\d+">(\d+)<\/text>/g)].map((m) => Number(m[1]))
    expect(numbers).toEqual(Array.from({ length: w.packets }, (_, i) => i + 1))
    expect(html.en).toMatch(/<svg class="sequence"[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    for (const page of [html.en, html.ko]) {
      expect(page).not.toMatch(/<script|javascript:|\son[a-z]+=/i)
      expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`)
      expect(page).not.toMatch(/(src|href)="(https?:)?\/\//)
    }
  })

  it('escapes whatever came from the network', () => {
    const w = structuredClone(wholeLesson(a))
    const hostile = '</style><script>alert(1)</script><img src=x onerror="alert(2)">'
    w.steps[0]!.title = { en: hostile, ko: hostile }
    w.steps[0]!.detail = { en: `a & b "${hostile}"`, ko: hostile }
    w.frames[0]!.info = hostile
    w.resolutions[0]!.hops[0]!.server = hostile
    w.source.fileName = hostile
    const page = formatWalkthroughHtml(w, 'en', new Map())
    expect(page).not.toMatch(/<script|<img|onerror="/i)
    expect(page).toContain('&#60;/style&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#60;img src=x onerror=&#34;alert(2)&#34;&#62;')
    expect(visibleText(page)).toContain(hostile)
  })

  it('opens in Chromium and prints to PDF with every step on its pages', async () => {
    const pdf = join(dir, 'ko.pdf')
    const png = join(dir, 'ko.png')
    const common = [...CHROMIUM_ARGS, '--headless', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`]
    await run(CHROMIUM, [...common, `--print-to-pdf=${pdf}`, `file://${join(dir, 'ko.html')}`], { timeout: 120_000 })
    await run(CHROMIUM, [...common, '--window-size=1280,900', `--screenshot=${png}`, `file://${join(dir, 'ko.html')}`], { timeout: 120_000 })
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG')
    const info = (await run('pdfinfo', [pdf])).stdout
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1])
    expect(pages).toBeGreaterThan(3)
    // The text Chromium laid out, read back from the PDF: first and last step, the chain, the diagram.
    const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout.replace(/\s+/g, ' ')
    const w = wholeLesson(a)
    expect(text).toContain(w.steps[0]!.title.ko.replace(/\s+/g, ' '))
    expect(text).toContain(w.steps[w.steps.length - 1]!.title.ko.replace(/\s+/g, ' '))
    expect(text).toContain('시퀀스 다이어그램')
    expect(text).toContain('127.0.0.1')
    // Every page renders (pdftoppm) to a non-empty image.
    await run('pdftoppm', ['-r', '40', '-png', pdf, join(dir, 'page')])
    for (let n = 1; n <= pages; n++) expect(statSync(join(dir, `page-${String(n).padStart(String(pages).length, '0')}.png`)).size).toBeGreaterThan(1000)
  }, 300_000)
})
