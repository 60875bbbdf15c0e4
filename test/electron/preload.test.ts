// The preload exposes exactly one object: a named function per operation, an on<Event> function
// per event, pathForFile and the shell name; nothing that hands the page ipcRenderer.
import { beforeAll, describe, expect, it } from 'vitest'
import { contextBridge, ipcRenderer, resetMock } from '../mocks/electron.ts'
import { API_FUNCTIONS, EVENT_SUBSCRIBERS, IPC_CALL_PREFIX, IPC_EVENT_PREFIX, IPC_LISTENING } from '../../src-main/shared/api.ts'

let exposed: Record<string, unknown>

beforeAll(async () => {
  resetMock()
  await import('../../src-main/preload/index.ts')
  exposed = contextBridge.exposed.get('wiretrail') as Record<string, unknown>
})

describe('preload', () => {
  it('exposes only window.wiretrail', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['wiretrail'])
  })

  it('holds exactly the named functions of the API map and the event subscriptions', () => {
    const expected = [...Object.values(API_FUNCTIONS), ...Object.values(EVENT_SUBSCRIBERS), 'pathForFile', 'shell'].sort()
    expect(Object.keys(exposed).sort()).toEqual(expected)
    for (const [key, value] of Object.entries(exposed)) {
      if (key !== 'shell') expect(typeof value, key).toBe('function')
    }
    expect(exposed.shell).toBe('electron')
    expect(Object.keys(exposed)).not.toContain('invoke')
    expect(Object.keys(exposed)).not.toContain('send')
  })

  it('sends each operation on its own channel with its arguments', async () => {
    ipcRenderer.invokeResult = { ok: true, value: { frame: 3 } }
    const packet = exposed.packet as (id: string, frame: number) => Promise<unknown>
    await expect(packet('abc', 3)).resolves.toEqual({ ok: true, value: { frame: 3 } })
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: `${IPC_CALL_PREFIX}capture.packet`, args: ['abc', 3] })
    const openPath = exposed.openPath as (p: string) => Promise<unknown>
    await openPath('/tmp/a.pcap')
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: `${IPC_CALL_PREFIX}capture.openPath`, args: ['/tmp/a.pcap'] })
  })

  it('passes listeners the payload only, says it listens, and unsubscribes', () => {
    const received: unknown[][] = []
    const onProgress = exposed.onProgress as (listener: (...args: unknown[]) => void) => () => void
    const off = onProgress((...args) => received.push(args))
    expect(ipcRenderer.sentMessages.at(-1)).toEqual({ channel: IPC_LISTENING, args: ['progress'] })
    ipcRenderer.deliver(`${IPC_EVENT_PREFIX}progress`, { operation: 'open', stage: 'reading' })
    expect(received).toEqual([[{ operation: 'open', stage: 'reading' }]])
    off()
    ipcRenderer.deliver(`${IPC_EVENT_PREFIX}progress`, { operation: 'open', stage: 'done' })
    expect(received).toHaveLength(1)
  })

  it('refuses a listener that is not a function', () => {
    const onMenu = exposed.onMenu as (listener: unknown) => unknown
    expect(() => onMenu('alert(1)')).toThrow('the menu listener must be a function')
  })

  it('gives a dropped file its path through webUtils', () => {
    const pathForFile = exposed.pathForFile as (file: unknown) => string
    expect(pathForFile({ name: 'a.pcap', path: '/home/u/a.pcap' })).toBe('/home/u/a.pcap')
  })
})
