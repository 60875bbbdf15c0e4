// The renderer's door to the engine: the same typed client in both shells.
//
//   import { api, useApi, useApiEvent } from './api'   (from src-renderer/…: '../api' etc.)
//
//   const opened = await api.call('capture.record', { url, target: 'lab', resolverMode: 'iterative', format: 'pcapng' })
//   const detail = await api.call('capture.packet', opened.captureId, 3)      // PacketDetail, bytes: Uint8Array
//   const path = await api.call('capture.saveAs', opened.captureId, 'pcap')   // null when cancelled
//   const off = api.on('progress', (p) => bar.value = p.bytesRead ?? 0)       // call off() to stop
//   useApiEvent('menu', (command) => …)     // inside setup(): unsubscribes when the component unmounts
//   await api.openFiles(droppedFiles)       // drag and drop / <input type=file>: path (Electron) or bytes, + journal
//
// Errors: every call rejects with a WiretrailError (src-main/shared/errors.ts); show `message`,
// branch on `code` (e.g. CAPTURE_NOT_FOUND, CANCELLED, INVALID_ARGUMENT). The operations, their
// arguments and the events are documented in src-main/shared/api.ts.
//
// Which shell: under Electron the preload defines window.wiretrail (shell 'electron'); otherwise the
// page was served by the browser shell at /<token>/ and calls go to that same origin.
import { getCurrentInstance, onUnmounted } from 'vue'
import type { EventName, WiretrailEvents, WiretrailPreload } from '../../src-main/shared/api.ts'
import { createBrowserClient, shellBasePath } from './browser-client.ts'
import { createElectronClient } from './electron-client.ts'
import type { WiretrailClient } from './types.ts'

export type { WiretrailClient } from './types.ts'
export { createBrowserClient, shellBasePath } from './browser-client.ts'
export { createElectronClient } from './electron-client.ts'

declare global {
  interface Window {
    /** Defined by the Electron preload (src-main/preload/index.ts); absent in the browser shell. */
    readonly wiretrail?: WiretrailPreload
  }
}

/** Builds the client for the shell this page runs in. */
export function createApi(win: Window = window): WiretrailClient {
  if (win.wiretrail !== undefined && win.wiretrail.shell === 'electron') return createElectronClient(win.wiretrail)
  return createBrowserClient(shellBasePath(win.location.pathname))
}

let instance: WiretrailClient | null = null

/** The app's client, created on first use. */
export const api: WiretrailClient = {
  get shell() {
    return useApi().shell
  },
  call: (name, ...args) => useApi().call(name, ...args),
  on: (event, listener) => useApi().on(event, listener),
  openFiles: (files) => useApi().openFiles(files),
}

export function useApi(): WiretrailClient {
  instance ??= createApi()
  return instance
}

/** Replaces the client (component tests pass an in-memory one; null goes back to the real one). */
export function setApi(client: WiretrailClient | null): void {
  instance = client
}

/** Subscribes for the lifetime of the calling component (unsubscribes on unmount). */
export function useApiEvent<E extends EventName>(event: E, listener: (payload: WiretrailEvents[E]) => void): () => void {
  const off = useApi().on(event, listener)
  if (getCurrentInstance() !== null) onUnmounted(off)
  return off
}
