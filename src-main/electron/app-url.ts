// The renderer is served from a custom scheme, wiretrail://app/, not file://: a file:// page shares
// its origin with every local file, whereas this origin is ours alone, so the IPC sender check
// (sender.ts) and the navigation guard can name it exactly.
export const APP_SCHEME = 'wiretrail'
export const APP_HOST = 'app'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** True for wiretrail://app/… (any path). Parsed, not prefix-matched, so "wiretrail://app.evil/"
 * or "wiretrail://app@evil/" do not pass. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url)
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  } catch {
    return false
  }
}
