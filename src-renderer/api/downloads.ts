// Browser shell "Save As" / "Export": fetch the file from the shell (so an error is shown as an
// error, not saved as a file), then hand it to the browser as a download with its name.
import { decodeWire } from '../../src-main/shared/api-wire.ts'
import { WiretrailError } from '../../src-main/shared/errors.ts'
import { isApiResult, unwrapResult } from './unwrap.ts'

/** The name in `Content-Disposition: attachment; filename*=UTF-8''…` (RFC 6266/5987). */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (header === null) return fallback
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(header)
  return plain?.[1] ?? fallback
}

/** Downloads `url`; returns the file's name, or null when `optional` and the server has none (404). */
export async function downloadFrom(fetchImpl: typeof fetch, url: string, options: { optional?: boolean } = {}): Promise<string | null> {
  const response = await fetchImpl(url, { credentials: 'omit', cache: 'no-store' })
  if (!response.ok) {
    if (options.optional === true && response.status === 404) return null
    const text = await response.text()
    let decoded: unknown = null
    try {
      decoded = decodeWire(text)
    } catch {
      // not JSON: report the status below
    }
    if (isApiResult(decoded)) unwrapResult(decoded)
    throw new WiretrailError('SHELL_HTTP', `The download failed with HTTP ${response.status}`)
  }
  const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), url.split('/').pop() ?? 'download')
  return downloadBlob(await response.blob(), name)
}

/** Hands `blob` to the browser as a download named `name` (bytes made in the page: a followed
 * stream). Returns the name. */
export function downloadBlob(blob: Blob, name: string): string {
  const href = URL.createObjectURL(blob)
  const anchor = document.createElement('a')
  anchor.href = href
  anchor.download = name
  anchor.rel = 'noopener'
  anchor.style.display = 'none'
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // The browser has started the download once click() returns; keep the blob a moment for slow disks.
  setTimeout(() => URL.revokeObjectURL(href), 60_000)
  return name
}
