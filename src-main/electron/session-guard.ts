// Session-wide hardening (Electron's security checklist): every permission request is denied, the
// renderer may load nothing but the app's own files (data:/blob: for images), responses get the
// app's CSP header, downloads are refused (saving goes through the save dialog), and every
// webContents refuses navigation away from the app, new windows and <webview>.
import type { App, Session } from 'electron'
import { isAppUrl } from './app-url.ts'

/** What the renderer may load: the app itself, and data:/blob: URLs it made (images, downloads). */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('blob:wiretrail://app/') || url.startsWith('devtools://')
}

export function guardSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }))
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
  session.on('will-download', (event) => event.preventDefault())
}

export function guardAllWebContents(app: App): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}
