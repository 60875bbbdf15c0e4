// Error codes of the capture readers (stable: tests, the CLI's --json and the app match on them).
import { WiretrailError } from '../shared/errors.ts'

export type CaptureErrorCode =
  | 'CAPTURE_NOT_FOUND' // the path does not exist / cannot be opened
  | 'CAPTURE_READ_FAILED' // an I/O error while reading
  | 'CAPTURE_EMPTY_FILE' // 0 bytes, or fewer than a file header
  | 'CAPTURE_UNKNOWN_FORMAT' // the first 4 bytes are no pcap or pcapng magic
  | 'CAPTURE_UNSUPPORTED_VERSION' // pcap major version other than 2, pcapng major other than 1
  | 'CAPTURE_TRUNCATED' // the file ends inside a record/block (everything before it is kept)
  | 'CAPTURE_CORRUPT_RECORD' // a pcap record header that cannot be right (length beyond limits)
  | 'CAPTURE_CORRUPT_BLOCK' // a pcapng block whose lengths disagree or run past the file
  | 'CAPTURE_BAD_OPTION' // a pcapng option running past its block (the block is still used)
  | 'CAPTURE_BAD_TIMESTAMP' // a sub-second field ≥ 1 s (normalised, frame kept)
  | 'CAPTURE_UNKNOWN_INTERFACE' // an EPB naming an interface no IDB described
  | 'CAPTURE_ABORTED' // the caller's AbortSignal fired
  | 'CAPTURE_FORMAT_MISMATCH' // asked to write one format under a name that says the other (x.pcapng as pcap)

export class CaptureError extends WiretrailError<CaptureErrorCode> {}
