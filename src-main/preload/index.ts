// Preload: the only bridge between the sandboxed renderer and the main process. It exposes one
// object, window.wiretrail, holding a named function per operation of the API map (each invoking
// its own channel, wiretrail:call:<name>) and an on<Event> function per event; nothing else — no
// ipcRenderer, no generic send/invoke, no Node. The listener never sees Electron's event object
// (it would hand the page ipcRenderer via event.sender).
// Built by electron-vite into one CommonJS file (out/preload/index.cjs) that requires only
// 'electron': a sandboxed preload cannot load other modules.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import {
  IPC_CALL_PREFIX,
  IPC_EVENT_PREFIX,
  IPC_LISTENING,
  type ApiArgs,
  type ApiName,
  type ApiResult,
  type ApiReturn,
  type EventName,
  type WiretrailEvents,
  type WiretrailPreload,
} from '../shared/api.ts'

function call<K extends ApiName>(name: K): (...args: ApiArgs<K>) => Promise<ApiResult<ApiReturn<K>>> {
  const channel = `${IPC_CALL_PREFIX}${name}`
  return (...args) => ipcRenderer.invoke(channel, ...args) as Promise<ApiResult<ApiReturn<K>>>
}

function subscribe<E extends EventName>(event: E): (listener: (payload: WiretrailEvents[E]) => void) => () => void {
  const channel = `${IPC_EVENT_PREFIX}${event}`
  return (listener) => {
    if (typeof listener !== 'function') throw new TypeError(`window.wiretrail: the ${event} listener must be a function`)
    const forward = (_event: IpcRendererEvent, payload: WiretrailEvents[E]): void => listener(payload)
    ipcRenderer.on(channel, forward)
    // Main holds `opened` events that happened before anyone listened; this releases them.
    ipcRenderer.send(IPC_LISTENING, event)
    return () => void ipcRenderer.removeListener(channel, forward)
  }
}

export const preloadApi: WiretrailPreload = {
  shell: 'electron',
  appInfo: call('app.info'),
  setPreferences: call('app.setPreferences'),
  menu: call('app.menu'),
  recentFiles: call('recent.list'),
  clearRecentFiles: call('recent.clear'),
  record: call('capture.record'),
  checkRecordRequest: call('capture.checkRequest'),
  cancel: call('capture.cancel'),
  kernelCapture: call('capture.kernelCapture'),
  openDialog: call('capture.openDialog'),
  openPath: call('capture.openPath'),
  openBytes: call('capture.openBytes'),
  packet: call('capture.packet'),
  frames: call('capture.frames'),
  httpBody: call('capture.httpBody'),
  view: call('capture.view'),
  rows: call('capture.rows'),
  position: call('capture.position'),
  cancelFilter: call('capture.cancelFilter'),
  find: call('capture.find'),
  follow: call('capture.follow'),
  conversations: call('capture.conversations'),
  protocolHierarchy: call('capture.protocolHierarchy'),
  questions: call('capture.questions'),
  checkAnswer: call('capture.checkAnswer'),
  exportQuestions: call('capture.exportQuestions'),
  saveFile: call('capture.saveFile'),
  steps: call('capture.steps'),
  entities: call('capture.entities'),
  findSteps: call('capture.findSteps'),
  stepFor: call('capture.stepFor'),
  saveAs: call('capture.saveAs'),
  exportText: call('capture.exportText'),
  exportHtml: call('capture.exportHtml'),
  close: call('capture.close'),
  discard: call('capture.discard'),
  unsavedRecordings: call('recordings.unsaved'),
  discardRecording: call('recordings.discardPath'),
  keepUnsavedRecordings: call('recordings.keepAll'),
  discardUnsavedRecordings: call('recordings.discardAll'),
  experiments: call('experiments.list'),
  startExperiment: call('experiments.start'),
  endExperiment: call('experiments.end'),
  onProgress: subscribe('progress'),
  onMenu: subscribe('menu'),
  onOpened: subscribe('opened'),
  onOpenFailed: subscribe('open-failed'),
  onOpenRequest: subscribe('open-request'),
  onPreferences: subscribe('preferences'),
  onDiscarded: subscribe('discarded'),
  // The real path of a dropped File ("" when it has none); File.path is gone since Electron 32.
  pathForFile: (file) => webUtils.getPathForFile(file as File),
}

contextBridge.exposeInMainWorld('wiretrail', preloadApi)
