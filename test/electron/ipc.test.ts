// IPC handlers: every call checks its sender (main frame of our window showing the app) and then
// its arguments; refusals come back as {ok:false, error:{code, message}}, never a throw or a stack.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ipcMain, resetMock } from '../mocks/electron.ts'
import { registerIpc } from '../../src-main/electron/ipc.ts'
import { checkSender } from '../../src-main/electron/sender.ts'
import { isAppUrl } from '../../src-main/electron/app-url.ts'
import { AppServices } from '../../src-main/services/app-services.ts'
import { createBrowserHost } from '../../src-main/shell/host.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import { validateApiArgs } from '../../src-main/services/api-validators.ts'
import { API_NAMES, IPC_CALL_PREFIX, IPC_LISTENING, type ApiResult } from '../../src-main/shared/api.ts'

const OUR_WEB_CONTENTS = 7
const appFrame = { url: 'wiretrail://app/index.html', parent: null }

function event(overrides: { id?: number; frame?: { url: string; parent: unknown } | null } = {}) {
  return { sender: { id: overrides.id ?? OUR_WEB_CONTENTS }, senderFrame: overrides.frame === undefined ? appFrame : overrides.frame }
}

let root: string
let listened: { id: number; event: string }[]

beforeEach(async () => {
  resetMock()
  root = await mkdtemp(join(tmpdir(), 'wiretrail-ipc-'))
  const services = new AppServices({ root, engine: createNodeEngine(), version: '9.9.9', locale: 'ko-KR' })
  listened = []
  registerIpc(ipcMain as unknown as Parameters<typeof registerIpc>[0], {
    services,
    handlers: services.handlers(createBrowserHost()),
    isOurWebContents: (id) => id === OUR_WEB_CONTENTS,
    onListening: (id, name) => listened.push({ id, event: name }),
  })
})
afterEach(() => rm(root, { recursive: true, force: true }))

async function invoke(name: string, e: ReturnType<typeof event>, ...args: unknown[]): Promise<ApiResult<unknown>> {
  const handler = ipcMain.handlers.get(`${IPC_CALL_PREFIX}${name}`)
  if (handler === undefined) throw new Error(`no handler for ${name}`)
  return (await handler(e, ...args)) as ApiResult<unknown>
}

describe('IPC registration', () => {
  it('registers exactly one handler per operation of the API map', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(API_NAMES.map((n) => `${IPC_CALL_PREFIX}${n}`).sort())
  })

  it('answers a call from the app main frame', async () => {
    const result = await invoke('app.info', event())
    expect(result.ok).toBe(true)
    expect(result.ok && result.value).toMatchObject({ version: '9.9.9', preferences: { language: 'ko' } })
  })
})

describe('sender checks', () => {
  it.each([
    ['a subframe', event({ frame: { url: 'wiretrail://app/index.html', parent: { url: 'wiretrail://app/index.html' } } })],
    ['a foreign origin', event({ frame: { url: 'https://evil.example/', parent: null } })],
    ['a look-alike host', event({ frame: { url: 'wiretrail://app.evil.example/', parent: null } })],
    ['a file:// page', event({ frame: { url: 'file:///home/user/page.html', parent: null } })],
    ['a window the app did not open', event({ id: 99 })],
    ['a frame that is gone', event({ frame: null })],
  ])('refuses %s with IPC_FORBIDDEN_SENDER', async (_what, e) => {
    const result = await invoke('recent.list', e)
    expect(result).toMatchObject({ ok: false, error: { code: 'IPC_FORBIDDEN_SENDER' } })
    expect(JSON.stringify(result)).not.toMatch(/\bat .*\.ts:\d+/) // no stack
  })

  it('says why in plain words', () => {
    expect(checkSender(event({ frame: { url: 'https://evil.example/x', parent: null } }), () => true, isAppUrl)).toEqual({
      ok: false,
      reason: 'the message came from https://evil.example, not the app',
    })
  })

  it('ignores "listening" messages from strangers and unknown event names', () => {
    const [listener] = ipcMain.listeners.get(IPC_LISTENING) ?? []
    listener?.(event({ id: 99 }), 'opened')
    listener?.(event(), 'not-an-event')
    listener?.(event(), 'opened')
    expect(listened).toEqual([{ id: OUR_WEB_CONTENTS, event: 'opened' }])
  })
})

describe('argument validation', () => {
  it.each([
    ['capture.packet', ['x', 0], 'capture.packet: frame must be an integer from 1 to 4294967295, got 0'],
    ['capture.packet', ['../etc', 1], 'capture.packet: captureId must be a capture id (letters, digits, "-"), got "../etc"'],
    ['capture.openPath', ['relative/file.pcap'], 'capture.openPath: path must be an absolute path, got "relative/file.pcap"'],
    ['capture.openPath', [42], 'capture.openPath: path must be a file path of at most 4096 characters, got 42'],
    ['capture.saveAs', ['abc', 'zip'], 'capture.saveAs: format must be one of "pcap", "pcapng", got "zip"'],
    ['capture.openBytes', ['a.pcap', [1, 2, 3]], 'capture.openBytes: bytes must be bytes (a Uint8Array), got an array of 3'],
    ['app.setPreferences', [{ language: 'fr' }], 'app.setPreferences: preferences.language must be one of "en", "ko", got "fr"'],
    ['app.setPreferences', [{ colour: 'red' }], 'app.setPreferences: preferences has an unknown field "colour" (expected language, theme)'],
    ['recent.list', ['extra'], 'recent.list takes 0 argument(s), got 1'],
  ])('%s %j → INVALID_ARGUMENT', async (name, args, message) => {
    expect(await invoke(name, event(), ...args)).toEqual({ ok: false, error: { name: 'WiretrailError', code: 'INVALID_ARGUMENT', message } })
  })

  it('checks a record request field by field', async () => {
    const base = { url: 'http://www.lab.cyber.co.kr:10080/sample.htm', target: 'lab', resolverMode: 'iterative', format: 'pcapng' }
    const bad = [
      [{ ...base, target: 'moon' }, 'request.target must be one of "lab", "internet"'],
      [{ ...base, url: 'http://a b/' }, 'the host "a b" contains U+0020 at character 8, which a server name cannot contain', 'URL_BAD_HOST'],
      [{ ...base, url: 'http://a..b/' }, '"a..b" has an empty label (two dots in a row)', 'DNS_BAD_NAME'],
      [{ ...base, stub: '999.1.1.1' }, 'request.stub must be a server address "ip" or "ip:port" (IPv6 as "[addr]:port"): "999.1.1.1" is not a server address'],
      [{ ...base, roots: ['127.0.0.1:70000'] }, 'request.roots[0] must be a server address'],
      [{ ...base, format: undefined }, 'request.format must be one of "pcap", "pcapng", got nothing'],
    ] as const
    for (const [request, message, code = 'INVALID_ARGUMENT'] of bad) {
      const result = await invoke('capture.record', event(), request)
      expect(result.ok).toBe(false)
      expect(!result.ok && result.error.message).toContain(message)
      expect(!result.ok && result.error.code).toBe(code)
    }
    // A URL a browser accepts is not refused: tabs dropped, "\\" read as "/", a space encoded.
    const accepted = validateApiArgs('capture.record', [{ ...base, url: 'http:\\\\www.lab.cyber.co.kr\t\\a b.htm' }])
    expect(accepted[0].url).toBe('http:\\\\www.lab.cyber.co.kr\t\\a b.htm')
  })
})
