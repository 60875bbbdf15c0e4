// Error codes of the analyzer (the capture readers' codes are in capture/errors.ts).
import { WiretrailError } from '../shared/errors.ts'

export type AnalyzerErrorCode =
  | 'ANALYZER_WORKER_NOT_FOUND' // neither the bundled worker nor its source could be located
  | 'ANALYZER_WORKER_FAILED' // the worker thread died
  | 'ANALYZER_OUT_OF_MEMORY' // the capture needs more heap than the worker may use (worker-memory.ts)
  | 'ANALYZER_BAD_HEAP_LIMIT' // a heap limit (heapLimitMb, WIRETRAIL_ANALYZER_HEAP_MB) the worker cannot start with
  | 'ANALYZER_CLOSED' // detail()/frames() after close()
  | 'ANALYZER_BAD_FRAME' // a frame number outside 1…packets
  | 'ANALYZER_BAD_EXCHANGE' // httpBody() of an exchange that does not exist, or of neither part
  | 'ANALYZER_BAD_VIEW' // rows of a packet-list view that does not exist (any more)
  | 'ANALYZER_BAD_CONNECTION' // Follow TCP stream of a stream number the capture does not have
  | 'ANALYZER_BAD_QUESTION' // an answer to a question the capture's question set does not hold
  | 'JOURNAL_UNREADABLE' // an explicitly named journal could not be read

/** Problems the analyzer reports beside what it read, not thrown: a journal's (they join the
 * capture's file problems, journal.ts and run.ts) and an HTTP body's note (http-body.ts). */
export type AnalyzerNoteCode =
  | 'JOURNAL_TOO_LARGE' // a journal larger than a recording's can be: not read
  | 'JOURNAL_BAD_LINE' // a journal line that is not JSON or not a journal record: skipped
  | 'JOURNAL_INCOMPLETE' // a pcapng whose journal blocks are not all there
  | 'HTTP_BODY_NOT_FOUND' // a body whose bytes are not (all) in the capture

export class AnalyzerError extends WiretrailError<AnalyzerErrorCode> {}
