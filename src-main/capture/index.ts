// The one module that reads capture files (the analyzer, Save As' conversion and the tests all read
// through it; the recorder's writers take their numbers from format.ts). Opens a capture of either
// format: sniffs the first four bytes and hands the file to the classic pcap reader or the
// pcapng reader. See types.ts for what the sink receives.
import { open, type FileHandle } from 'node:fs/promises'
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
  let file: FileHandle
  let size: number
  const magic = new Uint8Array(4)
  try {
    file = await open(path, 'r')
  } catch (e) {
    throw new CaptureError('CAPTURE_NOT_FOUND', `cannot open ${path}: ${(e as Error).message}`, { path })
  }
  // One open for the sniff and the read (the readers read from the handle; it is closed here).
  try {
    try {
      size = (await file.stat()).size
      await file.read(magic, 0, 4, 0)
    } catch (e) {
      throw new CaptureError('CAPTURE_NOT_FOUND', `cannot open ${path}: ${(e as Error).message}`, { path })
    }
    const format = sniffCaptureFormat(magic.subarray(0, Math.min(4, size)))
    if (format === null) throw notACaptureError(fileName, magic.subarray(0, Math.min(4, size)))
    return await (format === 'pcapng' ? readPcapng(file, size, fileName, sink, options) : readPcap(file, size, fileName, sink, options))
  } finally {
    await file.close()
  }
}
