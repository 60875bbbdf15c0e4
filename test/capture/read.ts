// Reads a capture with readCapture and keeps what the sink saw (frames with copied bytes, secrets).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCapture, type CaptureFrame, type ReadResult } from '../../src-main/capture/index.ts'
import { scratchDir } from '../support/scratch.ts'

const dir = scratchDir('capture')
let n = 0

export function save(bytes: Uint8Array, ext = 'pcap'): string {
  const file = join(dir, `built-${++n}.${ext}`)
  writeFileSync(file, bytes)
  return file
}

export async function readAll(file: string, chunkSize?: number): Promise<{ frames: CaptureFrame[]; secrets: string[]; result: ReadResult }> {
  const frames: CaptureFrame[] = []
  const secrets: string[] = []
  const result = await readCapture(file, { onFrame: (f) => frames.push({ ...f, data: f.data.slice() }), onSecrets: (_k, text) => secrets.push(text) }, chunkSize ? { chunkSize } : {})
  return { frames, secrets, result }
}

/** tshark's frame.time_epoch of every frame, as exact nanoseconds. */
export function epochNs(text: string): bigint {
  const [s = '0', f = ''] = text.split('.')
  return BigInt(s) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9))
}

export const ns = (f: CaptureFrame) => BigInt(f.tsSec) * 1_000_000_000n + BigInt(f.tsNsec)
