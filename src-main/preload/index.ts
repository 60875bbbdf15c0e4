// Preload: the only bridge between the sandboxed renderer and the main process.
import { contextBridge } from 'electron'

contextBridge.exposeInMainWorld('wiretrail', {})
