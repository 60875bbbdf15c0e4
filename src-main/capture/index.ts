// The one module that reads capture files (the analyzer, Save As' conversion and the tests all read
// through it; the recorder's writers take their numbers from format.ts). Opens a capture of either
// format: sniffs the first four bytes and hands the file to the classic pcap reader or the
// pcapng reader. See types.ts for what the sink receives.
import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { CaptureError } from './errors.ts'
import { notACaptureError, sniffCaptureFormat } from './format.ts'
import { readPcap } from './pcap.ts'
import { readPcapng } from './pcapng.ts'
import type { CaptureSink, ReadOptions, ReadResult } from './types.ts'

export type { CaptureFrame, CaptureInfo, CaptureSink, ReadResult, ReadOptions } from './types.ts'
export { CaptureError, type CaptureErrorCode } from './errors.ts'
export { captureFormatOfName, captureFormatToWrite, sniffCaptureFormat, notACaptureError, type CaptureFormat } from './format.ts'

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
  const format = sniffCaptureFormat(magic.subarray(0, Math.min(4, size)))
  if (format === null) throw notACaptureError(fileName, magic.subarray(0, Math.min(4, size)))
  return format === 'pcapng' ? readPcapng(path, fileName, sink, options) : readPcap(path, fileName, sink, options)
}
