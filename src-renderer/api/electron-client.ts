// The client under Electron: every call goes through the preload's named function for it
// (window.wiretrail.<API_FUNCTIONS[name]>), every subscription through its on<Event> function.
import {
  API_FUNCTIONS,
  EVENT_SUBSCRIBERS,
  type ApiName,
  type ApiResult,
  type EventName,
  type WiretrailApi,
  type WiretrailEvents,
  type WiretrailPreload,
} from '../../src-main/shared/api.ts'
import { openBytesArguments, pairCaptureFiles } from './file-pairs.ts'
import type { WiretrailClient } from './types.ts'
import { unwrapResult } from './unwrap.ts'

type AnyCall = (...args: unknown[]) => Promise<ApiResult<unknown>>
type AnySubscribe = (listener: (payload: unknown) => void) => () => void

export function createElectronClient(preload: WiretrailPreload): WiretrailClient {
  const call = <K extends ApiName>(name: K, ...args: Parameters<WiretrailApi[K]>): ReturnType<WiretrailApi[K]> => {
    // The mapped preload type is indexed by a computed name, which TypeScript cannot follow; the
    // table API_FUNCTIONS is what the preload was built from, so the lookup is total.
    const fn = preload[API_FUNCTIONS[name]] as unknown as AnyCall
    return fn(...args).then(unwrapResult) as ReturnType<WiretrailApi[K]>
  }
  return {
    shell: 'electron',
    call,
    on<E extends EventName>(event: E, listener: (payload: WiretrailEvents[E]) => void): () => void {
      const subscribe = preload[EVENT_SUBSCRIBERS[event]] as unknown as AnySubscribe
      return subscribe(listener as (payload: unknown) => void)
    },
    async openFiles(files: readonly File[]) {
      const pair = pairCaptureFiles(files)
      const path = preload.pathForFile(pair.capture)
      if (path !== '') return call('capture.openPath', path)
      return call('capture.openBytes', ...(await openBytesArguments(pair)))
    },
  }
}
