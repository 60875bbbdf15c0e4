// Capture files: writers for pcap and pcapng (append as you go) and the conversion between them
// (reading through the one capture reader, src-main/capture/). This is the API the app's Save As uses.
import { closeSync, open } from 'node:fs'
import { PcapWriter } from './pcap-writer.ts'
import { PcapngWriter } from './pcapng-writer.ts'
import type { CaptureWriter, CaptureWriterOptions } from './types.ts'

export * from './types.ts'
export { PcapWriter, PCAP_MAGIC_MICROSECONDS } from './pcap-writer.ts'
export { PcapngWriter } from './pcapng-writer.ts'
export { convertCapture, type ConvertOptions, type ConvertResult } from './convert.ts'

/** Opens `path` for writing (truncating it) and writes the file header. */
export function createCaptureWriter(path: string, options: CaptureWriterOptions): CaptureWriter {
  return options.format === 'pcapng' ? new PcapngWriter(path, options) : new PcapWriter(path, options)
}

/** createCaptureWriter without blocking the caller's thread on open(2): creating or truncating a
 * file runs on libuv's thread pool (it can take a file system a fraction of a millisecond, which
 * a recording spends loading the page instead). The file header is written once it is open. */
export function openCaptureWriter(path: string, options: CaptureWriterOptions): Promise<CaptureWriter> {
  return new Promise((resolve, reject) => {
    open(path, 'w', (error, fd) => {
      if (error) {
        reject(error)
        return
      }
      try {
        resolve(options.format === 'pcapng' ? new PcapngWriter(path, options, fd) : new PcapWriter(path, options, fd))
      } catch (headerError) {
        closeSync(fd)
        reject(headerError as Error)
      }
    })
  })
}
