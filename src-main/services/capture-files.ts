// What the services need to know about capture files before the analyzer reads them: which format
// the first bytes say (so a text file gets a clear "not a capture" error at once, and Save As
// knows whether to convert), where the journal is, and safe names for copies and downloads.
import { open } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { CaptureFormat } from '../shared/api.ts'
import { JOURNAL_SUFFIX } from '../shared/journal.ts'

export const CAPTURE_EXTENSIONS: readonly string[] = ['.pcap', '.pcapng', '.cap', '.dmp']

// The one sniffer and its error live with the capture reader.
export { captureFormatToWrite, notACaptureError, sniffCaptureFormat } from '../capture/format.ts'

export async function readHead(path: string, length = 4): Promise<Uint8Array> {
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(length)
    const { bytesRead } = await handle.read(buffer, 0, length, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

export function journalPathFor(capturePath: string): string {
  return `${capturePath}${JOURNAL_SUFFIX}`
}

/** A file name safe on every OS for a copy or a download: the base name, odd characters replaced. */
export function safeFileName(name: string, fallback = 'capture'): string {
  const base = basename(name.replaceAll('\\', '/'))
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 120)
  return base === '' ? fallback : base
}

/** `name` with its capture extension replaced by the format's (.pcap / .pcapng). */
export function withCaptureExtension(name: string, format: CaptureFormat): string {
  const ext = extname(name).toLowerCase()
  const stem = CAPTURE_EXTENSIONS.includes(ext) ? name.slice(0, -ext.length) : name
  return `${stem}.${format}`
}
