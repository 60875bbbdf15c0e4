// The renderer side of the Electron tests that go through the whole close/quit flow: the real
// preload (against the electron mock, connected to a window so its calls reach main's IPC
// handlers), the renderer's Electron client and capture store on top of it, and the page's
// beforeunload guard, which the mock window runs when it closes, as Chromium would.
import { createPinia, setActivePinia } from 'pinia'
import { BrowserWindow, connectRenderer, contextBridge } from '../mocks/electron.ts'
import type { WiretrailPreload } from '../../src-main/shared/api.ts'
import { createElectronClient, setApi } from '../../src-renderer/api/index.ts'
import { guardLeaving } from '../../src-renderer/lib/leave-guard.ts'
import { useCaptureStore } from '../../src-renderer/stores/capture.ts'

export type CaptureStore = ReturnType<typeof useCaptureStore>

/** The tiny one-packet pcap (an ARP request) used where any capture will do. */
export function tinyPcap(): Buffer {
  const header = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex')
  const arp = Buffer.from('ffffffffffff020000000001080600010800060400010200000000017f0000010000000000007f000002', 'hex')
  const record = Buffer.alloc(16)
  record.writeUInt32LE(1_700_000_000, 0)
  record.writeUInt32LE(arp.length, 8)
  record.writeUInt32LE(arp.length, 12)
  return Buffer.concat([header, record, arp])
}

export async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export async function waitForWindow(count: number): Promise<BrowserWindow> {
  await waitFor(() => BrowserWindow.created.length >= count, `window #${count}`)
  return BrowserWindow.created[count - 1]!
}

let preloadLoaded = false

/** Shows the app in `win`: preload + client + a fresh store (as a new page would have), and the
 * page's beforeunload guard, which `win.close()` runs. */
export async function attachRenderer(win: BrowserWindow): Promise<CaptureStore> {
  connectRenderer(win)
  if (!preloadLoaded) {
    await import('../../src-main/preload/index.ts')
    preloadLoaded = true
  }
  const preload = contextBridge.exposed.get('wiretrail') as WiretrailPreload
  setApi(createElectronClient(preload))
  setActivePinia(createPinia())
  const store = useCaptureStore()
  await store.init()
  guardLeaving(window, () => store.unsaved)
  win.webContents.beforeUnload = () => {
    const event = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(event)
    return event.defaultPrevented
  }
  return store
}
