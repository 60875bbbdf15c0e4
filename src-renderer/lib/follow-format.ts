// Follow TCP stream's "Show data as": ASCII (printable bytes, newlines kept, the rest as "."), a hex
// dump (offset, 16 bytes, their ASCII: per side, the server's indented as Wireshark does), or raw
// (the bytes as continuous hex, one line per chunk — tshark's follow,tcp,raw, server lines after a
// tab). A gap in the capture is written as Wireshark writes it.
import type { FollowChunk, FollowedStream } from '../../src-main/shared/walkthrough.ts'

export type FollowFormat = 'ascii' | 'hexdump' | 'raw'
export type FollowSide = 'both' | 'client' | 'server'

export function missingText(bytes: number): string {
  return `[${bytes} bytes missing in capture file]`
}

function ascii(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b === 0x0a || b === 0x0d || b === 0x09 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.'
  return out.replace(/\r\n/g, '\n').replace(/\r/g, '\n')
}

function hex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

function hexdump(bytes: Uint8Array, start: number, indent: string): string {
  const lines: string[] = []
  for (let o = 0; o < bytes.length; o += 16) {
    const row = bytes.subarray(o, o + 16)
    const pairs = [...row].map((b) => b.toString(16).padStart(2, '0'))
    const left = pairs.slice(0, 8).join(' ')
    const right = pairs.slice(8).join(' ')
    const text = [...row].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
    lines.push(`${indent}${(start + o).toString(16).padStart(8, '0')}  ${`${left}  ${right}`.padEnd(49)}  ${text}`)
  }
  return lines.join('\n')
}

/** Each chunk's text in a format (the dialog colours them by side). */
export function formatChunks(stream: FollowedStream, format: FollowFormat, side: FollowSide): { from: FollowChunk['from']; text: string }[] {
  const offsets = { client: 0, server: 0 }
  const out: { from: FollowChunk['from']; text: string }[] = []
  for (const chunk of stream.chunks) {
    const start = offsets[chunk.from]
    offsets[chunk.from] += chunk.bytes.length
    if (side !== 'both' && chunk.from !== side) continue
    const gap = chunk.missingBefore ? `${missingText(chunk.missingBefore)}\n` : ''
    const indent = chunk.from === 'server' ? '    ' : ''
    const body = format === 'ascii' ? ascii(chunk.bytes) : format === 'raw' ? `${chunk.from === 'server' ? '\t' : ''}${hex(chunk.bytes)}` : hexdump(chunk.bytes, start, indent)
    out.push({ from: chunk.from, text: `${gap}${body}${format === 'ascii' ? '' : '\n'}` })
  }
  return out
}

/** What Save writes: raw saves the bytes themselves (the side chosen, or both in delivery order),
 * the others the text shown. */
export function streamFile(stream: FollowedStream, format: FollowFormat, side: FollowSide): Uint8Array {
  if (format === 'raw') {
    const parts = stream.chunks.filter((c) => side === 'both' || c.from === side).map((c) => c.bytes)
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
    let at = 0
    for (const p of parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }
  return new TextEncoder().encode(
    formatChunks(stream, format, side)
      .map((c) => c.text)
      .join(''),
  )
}
