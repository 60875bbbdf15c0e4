// Every IPC message is checked before it is handled (as VS Code's validatedIpcMain does): it must
// come from the main frame (not an iframe) of one of our windows, showing our app URL. A frame
// that navigated elsewhere, a subframe, or any other webContents is refused.
export interface SenderLike {
  sender: { id: number }
  senderFrame: { url: string; parent: unknown } | null
}

export type SenderCheck = { ok: true } | { ok: false; reason: string }

export function checkSender(event: SenderLike, isOurWebContents: (id: number) => boolean, isAppUrl: (url: string) => boolean): SenderCheck {
  const frame = event.senderFrame
  if (frame === null) return { ok: false, reason: 'the sending frame is gone (it navigated or closed)' }
  if (frame.parent !== null) return { ok: false, reason: 'the message came from a subframe, not the main frame' }
  if (!isOurWebContents(event.sender.id)) return { ok: false, reason: 'the message came from a window the app did not open' }
  if (!isAppUrl(frame.url)) return { ok: false, reason: `the message came from ${describeUrl(frame.url)}, not the app` }
  return { ok: true }
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  } catch {
    return 'an unknown page'
  }
}
