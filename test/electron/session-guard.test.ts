// Session and webContents hardening: permissions denied, only the app's own URLs load, the CSP
// header is added to responses, downloads refused, navigation and new windows refused everywhere.
import { beforeEach, describe, expect, it } from 'vitest'
import { app, MockEvent, MockSession, MockWebContents, resetMock, session } from '../mocks/electron.ts'
import { guardAllWebContents, guardSession, isAllowedRequest } from '../../src-main/electron/session-guard.ts'

const CSP = "default-src 'none'; script-src 'self'"

beforeEach(() => resetMock())

function guarded(): MockSession {
  const s = session.defaultSession
  guardSession(s as unknown as Parameters<typeof guardSession>[0], CSP)
  return s
}

describe('session guard', () => {
  it('denies every permission request and check', () => {
    const s = guarded()
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      s.permissionRequestHandler?.({}, permission, (granted: boolean) => answers.push(granted))
    }
    expect(answers).toEqual([false, false, false, false, false])
    expect(s.permissionCheckHandler?.({}, 'media')).toBe(false)
  })

  it('lets the renderer load only the app, data: and its own blob: URLs', () => {
    const s = guarded()
    const decide = (url: string): boolean => {
      let cancel: boolean | undefined
      s.beforeRequest?.({ url }, (response: { cancel: boolean }) => (cancel = response.cancel))
      return cancel === true
    }
    expect(decide('wiretrail://app/assets/index.js')).toBe(false)
    expect(decide('data:image/png;base64,AAAA')).toBe(false)
    expect(decide('blob:wiretrail://app/1234')).toBe(false)
    expect(decide('https://www.lab.cyber.co.kr/')).toBe(true)
    expect(decide('http://127.0.0.1:10080/sample.htm')).toBe(true)
    expect(decide('file:///etc/passwd')).toBe(true)
    expect(decide('blob:https://evil.example/1')).toBe(true)
    expect(isAllowedRequest('ws://127.0.0.1:9229/')).toBe(false)
  })

  it('adds the CSP header to every response and refuses downloads', () => {
    const s = guarded()
    let headers: Record<string, string[]> | undefined
    s.headersReceived?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders))
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CSP] })
    const download = new MockEvent()
    s.emit('will-download', download)
    expect(download.defaultPrevented).toBe(true)
  })

  it('hardens every webContents the app creates', () => {
    guardAllWebContents(app as unknown as Parameters<typeof guardAllWebContents>[0])
    const contents = new MockWebContents()
    app.emit('web-contents-created', new MockEvent(), contents)
    expect(contents.fire('will-navigate', 'https://example.com/').defaultPrevented).toBe(true)
    expect(contents.fire('will-redirect', 'https://example.com/').defaultPrevented).toBe(true)
    expect(contents.fire('will-navigate', 'wiretrail://app/index.html').defaultPrevented).toBe(false)
    expect(contents.fire('will-attach-webview', {}, {}).defaultPrevented).toBe(true)
    expect(contents.windowOpenHandler?.({ url: 'wiretrail://app/index.html' })).toEqual({ action: 'deny' })
  })
})
