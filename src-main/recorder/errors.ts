// Error codes of the recorder (see shared/errors.ts): a recording that could not start, or whose
// files could not be written. Messages name the file and what the file system said.
import { basename, dirname } from 'node:path'
import { WiretrailError } from '../shared/errors.ts'
import type { RecorderErrorCode } from './error-codes.ts'

export type { RecorderErrorCode }

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
