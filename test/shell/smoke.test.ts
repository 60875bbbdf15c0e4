// The first-run smoke stages (src-main/services/smoke.ts) in the browser shell, as CI can run them:
// what `npm run smoke:electron` asks of an installed Electron app, asked here of `wiretrail ui`
// and the built renderer in Chromium. Every call goes from the page, over the shell's HTTP API
// with its token, to the same services the Electron main process uses.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../src-main/shared/api-wire.ts'
import type { ApiResult } from '../../src-main/shared/api.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'
import { runSmoke, SMOKE_STAGES, type SmokeTarget } from '../../src-main/services/smoke.ts'
import { checkPeers, launchChromiumFor, startUi, type UiProcess } from './ui-process.ts'

const LAB_BLOCK = 147
let work: string
let ui: UiProcess
let browser: Browser
let page: Page

beforeAll(async () => {
  checkPeers()
  work = await mkdtemp(join(tmpdir(), 'wiretrail-smoke-'))
  ui = await startUi(join(work, 'home'), [], LAB_BLOCK)
  browser = await launchChromiumFor(ui, work)
  page = await browser.newPage()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await ui?.stop()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
}, 60_000)

/** Fetches `path` (relative to the shell's URL) from inside the page; the body as base64. */
async function fromPage(path: string, init?: { method: string; body: string }): Promise<{ status: number; body: Buffer }> {
  const result = await page.evaluate(
    async ([target, options]) => {
      const response = await fetch(target, options === null ? {} : { method: options.method, headers: { 'Content-Type': 'application/json' }, body: options.body })
      const bytes = new Uint8Array(await response.arrayBuffer())
      let binary = ''
      for (const byte of bytes) binary += String.fromCharCode(byte)
      return { status: response.status, body: btoa(binary) }
    },
    [path, init ?? null] as const,
  )
  return { status: result.status, body: Buffer.from(result.body, 'base64') }
}

const target: SmokeTarget = {
  async window() {
    await page.goto(ui.url, { waitUntil: 'load', timeout: 60_000 })
    // The URL bar is filled from app.info: the page ran and reached the engine.
    const field = page.locator('[data-testid="urlbar"] input').first()
    await field.waitFor({ timeout: 60_000 })
    for (let i = 0; i < 600 && (await field.inputValue()) === ''; i++) await page.waitForTimeout(50)
    return `the page shows ${await field.inputValue()}`
  },
  async startLab() {
    // The browser shell has no call that only starts the lab: the first recording starts it, so
    // this stage is checked by the next one, as the shell's users meet it.
  },
  async call(name, ...args) {
    const { body } = await fromPage(`api/${name}`, { method: 'POST', body: encodeWire({ args }) })
    const result = decodeWire(body.toString('utf8')) as ApiResult<never>
    if (!result.ok) throw new WiretrailError(result.error.code, result.error.message)
    return result.value
  },
  async save(captureId) {
    const { status, body } = await fromPage(`files/${encodeURIComponent(captureId)}/pcap`)
    if (status !== 200) throw new Error(`the download answered HTTP ${status}`)
    return { where: 'a download', bytes: body }
  },
}

describe('smoke stages in the browser shell', () => {
  it('gets through every stage, one line each, in order', async () => {
    const lines: string[] = []
    const passed = await runSmoke(target, (line) => lines.push(line))
    expect(lines.map((l) => l.split(' ').slice(0, 3).join(' '))).toEqual(SMOKE_STAGES.map((s) => `smoke ${s} ok`))
    expect(passed).toBe(true)
    expect(lines[0]).toBe('smoke window ok the page shows http://www.lab.cyber.co.kr/sample.htm')
    expect(lines[2]).toMatch(/^smoke record ok \d+ packets, \d+ steps, resolution \. → kr\. → co\.kr\. → cyber\.co\.kr\. → lab\.cyber\.co\.kr\.$/)
    expect(lines[4]).toMatch(/^smoke save ok a download \(\d+ bytes, pcap\)$/)
  }, 180_000)

  it('stops at the first failure and says which stage and why', async () => {
    const lines: string[] = []
    // A recording of a URL that cannot be loaded: the record stage fails, nothing after it runs.
    const call = (async (name: string, ...args: unknown[]) => {
      const request = name === 'capture.record' ? [{ ...(args[0] as object), url: 'http://nowhere.invalid:99999/' }] : args
      return (target.call as (n: string, ...a: unknown[]) => Promise<unknown>)(name, ...request)
    }) as SmokeTarget['call']
    const broken: SmokeTarget = { ...target, window: async () => 'up', call }
    expect(await runSmoke(broken, (line) => lines.push(line))).toBe(false)
    expect(lines).toHaveLength(3)
    expect(lines[2]).toMatch(/^smoke record FAILED [A-Z_]+: .+/)
  }, 120_000)
})
