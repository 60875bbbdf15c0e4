// Unit tests alias `electron` here (vitest.config.ts): loading the real module on Electron 45
// without its binary tries a download and throws (see ../shared/TOOLCHAIN.md).
export const app = {}
export const BrowserWindow = class {}
export const contextBridge = { exposeInMainWorld() {} }
export const ipcMain = {}
export const ipcRenderer = {}
