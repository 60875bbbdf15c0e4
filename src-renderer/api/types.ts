// The renderer-side client's interface: one shape for both shells (Electron preload, browser shell).
// Structurally the same as src-renderer/stores/client.ts's WiretrailClient, plus openFile/shell.
import type { ApiName, EventName, OpenedCapture, WiretrailApi, WiretrailEvents } from '../../src-main/shared/api.ts'

export interface WiretrailClient {
  /** 'electron' (preload IPC) or 'browser' (loopback HTTP with the per-run token). */
  readonly shell: 'electron' | 'browser'
  /** Calls one operation of the API map; rejects with a WiretrailError ({code, message}). */
  call<K extends ApiName>(name: K, ...args: Parameters<WiretrailApi[K]>): ReturnType<WiretrailApi[K]>
  /** Subscribes to an engine event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: WiretrailEvents[E]) => void): () => void
  /** Opens a File the user dropped or picked: by its path under Electron (webUtils), else by bytes. */
  openFile(file: File): Promise<OpenedCapture>
}
