// Capture files: writers for pcap and pcapng (append as you go), a reader for converting between
// them, and the conversion itself. This is the API the app's Save As uses.
import { PcapWriter } from './pcap-writer.ts'
import { PcapngWriter } from './pcapng-writer.ts'
import type { CaptureWriter, CaptureWriterOptions } from './types.ts'

export * from './types.ts'
export { PcapWriter, PCAP_MAGIC_MICROSECONDS } from './pcap-writer.ts'
export { PcapngWriter } from './pcapng-writer.ts'
export { readCaptureFile, type CaptureContents } from './reader.ts'
export { convertCapture, type ConvertOptions, type ConvertResult } from './convert.ts'

/** Opens `path` for writing (truncating it) and writes the file header. */
export function createCaptureWriter(path: string, options: CaptureWriterOptions): CaptureWriter {
  return options.format === 'pcapng' ? new PcapngWriter(path, options) : new PcapWriter(path, options)
}
