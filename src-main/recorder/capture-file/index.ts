// Capture files: writers for pcap and pcapng (append as you go, each packet on disk when the call
// returns) and the conversion between them (reading through the one capture reader,
// src-main/capture/). This is the API the app's Save As uses.
import { AppendFile } from '../append-file.ts'
import { PcapWriter } from './pcap-writer.ts'
import { PcapngWriter } from './pcapng-writer.ts'
import type { CaptureWriter, CaptureWriterOptions } from './types.ts'

export * from './types.ts'
export { PcapWriter, PCAP_MAGIC_MICROSECONDS } from './pcap-writer.ts'
export { PcapngWriter } from './pcapng-writer.ts'
export { convertCapture, type ConvertOptions, type ConvertResult } from './convert.ts'
export { appendJournalBlocks, journalBlocks } from './journal-blocks.ts'

/** Creates `path` (truncating it) and writes the file header before it returns: from then on the
 * file is a valid, empty capture, and each packet written is in it once the call returns. A file
 * that cannot be created is a coded RecorderError (RECORD_OUTPUT_UNWRITABLE, RECORD_DISK_FULL …). */
export function createCaptureWriter(path: string, options: CaptureWriterOptions): CaptureWriter {
  const file = AppendFile.open(path, 'capture')
  try {
    return options.format === 'pcapng' ? new PcapngWriter(path, options, file) : new PcapWriter(path, options, file)
  } catch (error) {
    file.close()
    throw error
  }
}
