// What the services need to know about capture files before the analyzer reads them: which format
// the first bytes say (so a text file gets a clear "not a capture" error at once, and Save As
// knows whether to convert), where the journal is, and safe names for copies and downloads.
import { open } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { CaptureFormat } from '../shared/api.ts'
import { JOURNAL_SUFFIX } from '../shared/journal.ts'
import { WiretrailError } from '../shared/errors.ts'

// The four pcap magics (µs and ns resolution, both byte orders) and pcapng's Section Header Block
// type, which reads the same in either byte order (its byte-order magic follows at offset 8).
const PCAP_MAGICS: ReadonlySet<number> = new Set([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1])
const PCAPNG_SHB = 0x0a0d0d0a

export const CAPTURE_EXTENSIONS: readonly string[] = ['.pcap', '.pcapng', '.cap', '.dmp']

export function sniffCaptureFormat(head: Uint8Array): CaptureFormat | null {
  if (head.length < 4) return null
  const magic = ((head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!) >>> 0
  if (PCAP_MAGICS.has(magic)) return 'pcap'
  if (magic === PCAPNG_SHB) return 'pcapng'
  return null
}

export function hex(head: Uint8Array): string {
  return [...head].map((b) => b.toString(16).padStart(2, '0')).join(' ')
}

/** The format error for a file whose first bytes are neither pcap nor pcapng. */
export function notACaptureError(name: string, head: Uint8Array): WiretrailError {
  if (head.length === 0) return new WiretrailError('CAPTURE_EMPTY', `${name} is empty (0 bytes): it is not a pcap or pcapng capture`)
  if (head.length < 4) {
    return new WiretrailError('CAPTURE_FORMAT', `${name} is only ${head.length} byte(s) long: too short for a pcap or pcapng header`)
  }
  return new WiretrailError(
    'CAPTURE_FORMAT',
    `${name} is not a pcap or pcapng capture: it starts with bytes ${hex(head.subarray(0, 4))} ` +
      '(a pcap file starts with a1 b2 c3 d4, d4 c3 b2 a1, a1 b2 3c 4d or 4d 3c b2 a1; a pcapng file with 0a 0d 0d 0a)',
    { offset: 0 },
  )
}

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
