// The renderer-side client's interface: one shape for both shells (Electron preload, browser shell).
// Structurally the same as src-renderer/stores/client.ts's WiretrailClient, plus openFiles/shell.
import type { ApiName, EventName, OpenedCapture, WiretrailApi, WiretrailEvents } from '../../src-main/shared/api.ts'

export interface WiretrailClient {
  /** 'electron' (preload IPC) or 'browser' (loopback HTTP with the per-run token). */
  readonly shell: 'electron' | 'browser'
  /** Calls one operation of the API map; rejects with a WiretrailError ({code, message}). */
  call<K extends ApiName>(name: K, ...args: Parameters<WiretrailApi[K]>): ReturnType<WiretrailApi[K]>
  /** Subscribes to an engine event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: WiretrailEvents[E]) => void): () => void
  /** Opens the capture among the Files the user dropped or picked, with its journal when one of
   * them is (`<capture>.wiretrail.jsonl`): by path under Electron (webUtils; the journal beside it
   * on disk is found there), else by bytes. */
  openFiles(files: readonly File[]): Promise<OpenedCapture>
}
