// The two files of a recording, the capture and its journal: created before the load starts (the
// capture with its file header, the journal with its first records), so that from the moment the
// recording starts a crash leaves a capture every reader opens; watched while the load runs, so a
// file deleted or moved away stops the recording instead of writing on into a file nobody can
// reach; and written back where they were when that happened, so nothing recorded is lost.
import { existsSync, rmSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { JOURNAL_SUFFIX, type JournalRecord } from '../shared/journal.ts'
import type { AppendFile } from './append-file.ts'
import { createCaptureWriter } from './capture-file/index.ts'
import type { CaptureWriter, CaptureWriterOptions } from './capture-file/types.ts'
import { createError, RecorderError } from './errors.ts'
import { JournalWriter } from './journal-writer.ts'

/** How often the files' whereabouts are checked while the load runs (one fstat and one stat each). */
export const WHEREABOUTS_CHECK_MS = 200

export class RecordingFiles {
  private constructor(
    readonly output: string,
    readonly journalPath: string,
    readonly capture: CaptureWriter | null,
    readonly journal: JournalWriter,
  ) {}

  /** Creates the capture (with its header; not when the kernel's packets are captured, which
   * tcpdump writes) and the journal with `firstRecords`. Nothing is left behind when either
   * cannot be created: the error is the coded RecorderError for the file that failed. */
  static create(output: string, capture: CaptureWriterOptions | null, firstRecords: JournalRecord[]): RecordingFiles {
    const journalPath = output + JOURNAL_SUFFIX
    let writer: CaptureWriter | null = null
    let journal: JournalWriter | null = null
    try {
      writer = capture === null ? null : createCaptureWriter(output, capture)
      journal = new JournalWriter(journalPath)
      journal.writeMany(firstRecords)
    } catch (error) {
      journal?.close()
      writer?.close()
      if (journal !== null) rmSync(journalPath, { force: true })
      if (writer !== null || (error instanceof RecorderError && error.details?.file === 'capture')) rmSync(output, { force: true })
      throw creating(error)
    }
    return new RecordingFiles(output, journalPath, writer, journal)
  }

  /** The coded error for the first file that is no longer where it was created, or null. */
  checkWhereabouts(): RecorderError | null {
    for (const file of this.files()) {
      const whereabouts = file.whereabouts()
      if (whereabouts === 'in-place') continue
      const what = whereabouts === 'deleted' ? 'was deleted' : 'was moved away or replaced'
      return new RecorderError('RECORD_FILE_VANISHED', `the recording stopped: the ${file.kind} ${file.path} ${what} while it was being written`, {
        path: file.path,
        file: file.kind,
        whereabouts,
      })
    }
    return null
  }

  /** Writes each file that vanished back to its path (or, when another file took that name, beside
   * it as `NAME-recovered.pcap`), before the files are closed. Returns where the capture now is
   * and a sentence saying what was written back. */
  restoreVanished(): { output: string; journalPath: string; said: string } {
    const vanished = this.files().filter((file) => file.whereabouts() !== 'in-place')
    let output = this.output
    let journalPath = this.journalPath
    const said: string[] = []
    for (const file of vanished) {
      let target = file.kind === 'capture' ? this.output : (output + JOURNAL_SUFFIX)
      if (existsSync(target)) target = file.kind === 'capture' ? recoveredName(target) : recoveredName(target, JOURNAL_SUFFIX)
      if (file.kind === 'capture') output = target
      else journalPath = target
      try {
        file.copyTo(target)
        said.push(`the ${file.kind} (${file.size} bytes) was written back to ${target}`)
      } catch (error) {
        said.push(`the ${file.kind} could not be written back to ${target} (${(error as Error).message})`)
      }
    }
    return { output, journalPath, said: said.join('; ') }
  }

  close(): void {
    this.capture?.close()
    this.journal.close()
  }

  /** Closes and deletes both files (a recording that could not start: nothing is left behind). */
  remove(): void {
    this.close()
    rmSync(this.output, { force: true })
    rmSync(this.journalPath, { force: true })
  }

  private files(): AppendFile[] {
    return this.capture === null ? [this.journal.file] : [this.capture.file, this.journal.file]
  }
}

/** A write that failed while the files were being created (the header, the first records: the
 * disk is full) is a failure to create them: nothing was recorded. */
function creating(error: unknown): unknown {
  if (!(error instanceof RecorderError) || error.details?.keptBytes === undefined) return error
  const path = String(error.details.path)
  return createError({ code: error.details.cause, message: error.message }, path, error.details.file === 'journal' ? 'journal' : 'capture')
}

/** `dir/name-recovered.pcap`, `…-recovered-2.pcap`, …: the first name not taken. */
function recoveredName(path: string, suffix = extname(path)): string {
  const stem = basename(path).slice(0, basename(path).length - suffix.length)
  for (let n = 1; ; n += 1) {
    const candidate = join(dirname(path), `${stem}-recovered${n === 1 ? '' : `-${n}`}${suffix}`)
    if (!existsSync(candidate)) return candidate
  }
}
