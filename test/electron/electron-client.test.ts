// The renderer's client under Electron, on top of the real preload (built against the electron
// mock): calls go out on their own channels and come back unwrapped, failures become
// WiretrailErrors with the main side's code, events reach subscribers, and a dropped file opens by
// its path when it has one and by its bytes when it does not.
import { beforeAll, describe, expect, it } from 'vitest'
import { contextBridge, ipcRenderer, resetMock } from '../mocks/electron.ts'
import { createElectronClient } from '../../src-renderer/api/electron-client.ts'
import type { WiretrailClient } from '../../src-renderer/api/types.ts'
import { IPC_CALL_PREFIX, IPC_EVENT_PREFIX, type WiretrailPreload } from '../../src-main/shared/api.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'

let client: WiretrailClient

beforeAll(async () => {
  resetMock()
  await import('../../src-main/preload/index.ts')
  client = createElectronClient(contextBridge.exposed.get('wiretrail') as WiretrailPreload)
})

describe('the Electron client', () => {
  it('unwraps results', async () => {
    ipcRenderer.invokeResult = { ok: true, value: ['/a.pcap'] }
    expect(client.shell).toBe('electron')
    await expect(client.call('recent.list')).resolves.toEqual(['/a.pcap'])
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: `${IPC_CALL_PREFIX}recent.list`, args: [] })
  })

  it('throws a WiretrailError with the main side’s code and message', async () => {
    ipcRenderer.invokeResult = { ok: false, error: { name: 'WiretrailError', code: 'CAPTURE_NOT_FOUND', message: 'There is no file at /x.pcap' } }
    const error = await client.call('capture.openPath', '/x.pcap').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WiretrailError)
    expect(error).toMatchObject({ code: 'CAPTURE_NOT_FOUND', message: 'There is no file at /x.pcap' })
  })

  it('delivers events to subscribers until they unsubscribe', () => {
    const seen: unknown[] = []
    const off = client.on('menu', (command) => seen.push(command))
    ipcRenderer.deliver(`${IPC_EVENT_PREFIX}menu`, 'open')
    off()
    ipcRenderer.deliver(`${IPC_EVENT_PREFIX}menu`, 'about')
    expect(seen).toEqual(['open'])
  })

  it('opens a dropped file by its path, or by its bytes when it has none', async () => {
    ipcRenderer.invokeResult = { ok: true, value: { captureId: 'c' } }
    const withPath = Object.assign(new File([new Uint8Array([1, 2])], 'a.pcap'), { path: '/home/u/a.pcap' })
    await client.openFiles([withPath])
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: `${IPC_CALL_PREFIX}capture.openPath`, args: ['/home/u/a.pcap'] })
    await client.openFiles([new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])], 'pasted.pcap')])
    const last = ipcRenderer.invoked.at(-1)!
    expect(last.channel).toBe(`${IPC_CALL_PREFIX}capture.openBytes`)
    expect(last.args[0]).toBe('pasted.pcap')
    expect([...(last.args[1] as Uint8Array)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1])
    expect(last.args).toHaveLength(2)
  })

  it('sends a journal dropped with its capture along with the bytes, whatever the order', async () => {
    ipcRenderer.invokeResult = { ok: true, value: { captureId: 'c' } }
    const journal = new File(['{"type":"recording"}\n'], 'load.pcap.wiretrail.jsonl')
    await client.openFiles([journal, new File([new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1])], 'load.pcap')])
    const last = ipcRenderer.invoked.at(-1)!
    expect(last.channel).toBe(`${IPC_CALL_PREFIX}capture.openBytes`)
    expect(last.args[0]).toBe('load.pcap')
    expect(new TextDecoder().decode(last.args[2] as Uint8Array)).toBe('{"type":"recording"}\n')
  })

  it('refuses a journal dropped without its capture, saying which file to open', async () => {
    await expect(client.openFiles([new File(['{}'], 'load.pcap.wiretrail.jsonl')])).rejects.toMatchObject({ code: 'OPEN_JOURNAL_ONLY', message: expect.stringContaining('load.pcap.wiretrail.jsonl') })
  })
})
