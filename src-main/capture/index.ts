// Opens a capture file of either format: sniffs the first four bytes and hands the file to the
// pcap reader (pcap-parser) or the pcapng reader. See types.ts for what the sink receives.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { CaptureError } from './errors.ts'
import { readPcap } from './pcap.ts'
import { BT_SHB, readPcapng } from './pcapng.ts'
import type { CaptureSink, ReadOptions, ReadResult } from './types.ts'

export type { CaptureFrame, CaptureInfo, CaptureSink, ReadResult, ReadOptions } from './types.ts'
export { CaptureError, type CaptureErrorCode } from './errors.ts'

export async function readCapture(path: string, sink: CaptureSink, options: ReadOptions = {}): Promise<ReadResult> {
  const fileName = basename(path)
  let magic: Uint8Array
  let size: number
  try {
    const fh = await open(path, 'r')
    try {
      size = (await fh.stat()).size
      magic = new Uint8Array(4)
      await fh.read(magic, 0, 4, 0)
    } finally {
      await fh.close()
    }
  } catch (e) {
    throw new CaptureError('CAPTURE_NOT_FOUND', `cannot open ${path}: ${(e as Error).message}`, { path })
  }
  if (size === 0) throw new CaptureError('CAPTURE_EMPTY_FILE', `${fileName} is empty (0 bytes): not a capture`, { offset: 0 })
  if (size < 4) throw new CaptureError('CAPTURE_EMPTY_FILE', `${fileName} has only ${size} bytes: too short for a capture file header`, { offset: 0 })
  const first = ((magic[0]! << 24) >>> 0) + ((magic[1]! << 16) | (magic[2]! << 8) | magic[3]!)
  if (first === BT_SHB) return readPcapng(path, fileName, sink, options)
  return readPcap(path, fileName, sink, options)
}
