// Error codes of the recorder (see shared/errors.ts): a recording that could not start, or whose
// files could not be written. Messages name the file and what the file system said.
import { basename, dirname } from 'node:path'
import { WiretrailError } from '../shared/errors.ts'

export type RecorderErrorCode =
  /** An option of recordPageLoad out of range (target, format, packets). */
  | 'RECORD_BAD_OPTION'
  /** A request method the recorder does not send (it sends RECORD_METHODS). */
  | 'RECORD_UNSUPPORTED_METHOD'
  /** A form or body given with a method that carries none (GET, HEAD, DELETE, OPTIONS, TRACE), or
   * the other kind than its method sends (POST sends a form, PUT a body). */
  | 'RECORD_BODY_NOT_ALLOWED'
  /** The user cancelled the load (the capture holds what happened until then). */
  | 'RECORD_CANCELLED'
  /** The capture or journal cannot be created: its folder is missing, not writable, read-only. */
  | 'RECORD_OUTPUT_UNWRITABLE'
  /** The disk (or the user's quota) is full: the recording stopped at the last whole packet. */
  | 'RECORD_DISK_FULL'
  /** Any other failed write (an I/O error): the recording stopped at the last whole packet. */
  | 'RECORD_WRITE_FAILED'
  /** The capture or journal was deleted or moved away while it was being written. */
  | 'RECORD_FILE_VANISHED'

export class RecorderError extends WiretrailError<RecorderErrorCode> {}

/** Which of a recording's two files. */
export type RecordingFileKind = 'capture' | 'journal'

/** The coded error for a capture or journal that could not be created. */
export function createError(error: unknown, path: string, kind: RecordingFileKind): RecorderError {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  const details = { path, file: kind, cause: code }
  const what = `the ${kind} ${path}`
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new RecorderError('RECORD_OUTPUT_UNWRITABLE', `cannot create ${what}: the folder ${dirname(path)} does not exist`, details)
    case 'EACCES':
    case 'EPERM':
      return new RecorderError('RECORD_OUTPUT_UNWRITABLE', `cannot create ${what}: permission denied (the folder ${dirname(path)} is not writable for this user, or ${basename(path)} is read-only)`, details)
    case 'EROFS':
      return new RecorderError('RECORD_OUTPUT_UNWRITABLE', `cannot create ${what}: the folder ${dirname(path)} is on a read-only file system`, details)
    case 'EISDIR':
      return new RecorderError('RECORD_OUTPUT_UNWRITABLE', `cannot create ${what}: a folder has that name`, details)
    case 'ENOSPC':
    case 'EDQUOT':
      return new RecorderError('RECORD_DISK_FULL', `cannot create ${what}: the disk is full`, details)
    default:
      return new RecorderError('RECORD_WRITE_FAILED', `cannot create ${what}: ${(error as Error).message}`, details)
  }
}

/** The coded error for a write to a capture or journal that failed part-way through a recording. */
export function writeError(error: unknown, path: string, kind: RecordingFileKind, keptBytes: number): RecorderError {
  const code = (error as NodeJS.ErrnoException).code ?? ''
  const details = { path, file: kind, cause: code, keptBytes }
  const kept = `the first ${keptBytes} bytes (every whole record before it) are kept`
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    const why = code === 'EFBIG' ? 'the file reached the largest size this file system allows' : code === 'EDQUOT' ? "the user's disk quota is used up" : 'the disk is full'
    return new RecorderError('RECORD_DISK_FULL', `the recording stopped: writing the ${kind} ${path} failed because ${why}; ${kept}`, details)
  }
  return new RecorderError('RECORD_WRITE_FAILED', `the recording stopped: writing the ${kind} ${path} failed (${(error as Error).message}); ${kept}`, details)
}
