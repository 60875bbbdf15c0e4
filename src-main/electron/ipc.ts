// The IPC side of the API map: one ipcMain.handle per operation (channel wiretrail:call:<name>),
// each checking its sender and then dispatching to the services, which validate the arguments.
// Results cross as the ApiResult envelope, so a failure keeps its code and never its stack.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron'
import { API_NAMES, IPC_CALL_PREFIX, IPC_LISTENING, isEventName, type ApiResult, type EventName } from '../shared/api.ts'
import type { ApiHandlers, AppServices } from '../services/app-services.ts'
import { isAppUrl } from './app-url.ts'
import { checkSender } from './sender.ts'

export interface IpcOptions {
  services: AppServices
  handlers: ApiHandlers
  isOurWebContents: (id: number) => boolean
  /** The renderer of webContents `id` listens for `event` now (queued `opened` events flush). */
  onListening: (webContentsId: number, event: EventName) => void
  log?: (message: string) => void
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'on'>, options: IpcOptions): void {
  for (const name of API_NAMES) {
    ipcMain.handle(`${IPC_CALL_PREFIX}${name}`, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      const check = checkSender(event, options.isOurWebContents, isAppUrl)
      if (!check.ok) {
        options.log?.(`wiretrail: refused ${name}: ${check.reason}`)
        return { ok: false, error: { name: 'WiretrailError', code: 'IPC_FORBIDDEN_SENDER', message: `Refused ${name}: ${check.reason}` } }
      }
      return options.services.dispatch(options.handlers, name, args)
    })
  }
  ipcMain.on(IPC_LISTENING, (event: IpcMainEvent, eventName: unknown) => {
    if (!checkSender(event, options.isOurWebContents, isAppUrl).ok || !isEventName(eventName)) return
    options.onListening(event.sender.id, eventName)
  })
}
