// The recorder: loads a page as a browser does and writes everything it sends and receives as a
// capture (pcap or pcapng) plus a journal of what packets cannot carry. See docs/capture-format.md.
export { recordPageLoad, loadPageUnrecorded } from './record-page-load.ts'
export { parseRecordTarget, type RecordTarget } from './record-target.ts'
export type { HostLookup, RecordOptions, RecordProgress, RecordResult, RecordStage } from './types.ts'
export type { FetchRecord } from './page-loader.ts'
export { RecorderError, type RecorderErrorCode } from './errors.ts'
export { kernelCaptureAvailable, loopbackInterface } from './kernel-capture.ts'
// The capture-file writer API (Save As .pcap/.pcapng, format conversion).
export {
  createCaptureWriter,
  convertCapture,
  journalBlocks,
  appendJournalBlocks,
  type CaptureFormat,
  type CaptureWriter,
  type CaptureWriterOptions,
  type ConvertOptions,
  type ConvertResult,
  type PacketRecord,
} from './capture-file/index.ts'
