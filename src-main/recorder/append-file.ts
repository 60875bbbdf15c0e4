// A file a recording appends to (the capture and the journal), written so that neither a crash nor
// a failing disk leaves a torn record in it:
//   - each write is one synchronous positional write (pwrite) of whole records at the end of what
//     is already whole, so once it returns the records are in the kernel's page cache and survive a
//     crash of the process (SIGKILL included);
//   - a write that fails part-way (a full disk writes what fits, then fails) is cut back to the last
//     whole record (ftruncate) before the error is raised, and every later write fails with the
//     same coded error: the file stays readable up to its last whole packet or line.
// The file is opened for reading too, so that a recording whose file was deleted while open can
// write what it holds back (the descriptor still reads the deleted file's bytes).
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs'
import { createError, writeError, type RecorderError, type RecordingFileKind } from './errors.ts'

/** Where the file is now, compared with where it was created. */
export type FileWhereabouts = 'in-place' | 'deleted' | 'moved'

/** Text up to this size is encoded into a reused buffer; longer lines get a buffer of their own. */
const SCRATCH_LIMIT = 256 * 1024

export class AppendFile {
  /** Bytes written so far, every one of them part of a whole record. */
  size = 0
  private readonly fd: number
  private closed = false
  private failure: RecorderError | null = null
  private scratch = Buffer.allocUnsafe(16 * 1024)

  private constructor(readonly path: string, readonly kind: RecordingFileKind, fd: number, size: number) {
    this.fd = fd
    this.size = size
  }

  /** Creates (or truncates) `path`, or appends to it when `append` is set; a failure is a coded
   * RecorderError naming the folder or the reason (RECORD_OUTPUT_UNWRITABLE, RECORD_DISK_FULL …). */
  static open(path: string, kind: RecordingFileKind, options: { append?: boolean } = {}): AppendFile {
    let fd: number
    try {
      fd = openSync(path, options.append ? 'a+' : 'w+')
    } catch (error) {
      throw createError(error, path, kind)
    }
    return new AppendFile(path, kind, fd, options.append ? fstatSync(fd).size : 0)
  }

  /** The coded error that stopped writing, or null. */
  get failed(): RecorderError | null {
    return this.failure
  }

  /** Appends bytes[start, end) in one positional write (more only if the kernel writes part of it). */
  write(bytes: Uint8Array, start = 0, end = bytes.length): void {
    if (this.failure !== null) throw this.failure
    if (this.closed) throw new Error(`${this.kind} ${this.path} is closed`)
    let done = start
    try {
      while (done < end) {
        const written = writeSync(this.fd, bytes, done, end - done, this.size + (done - start))
        if (written <= 0) throw Object.assign(new Error('the file system wrote nothing'), { code: 'EIO' })
        done += written
      }
    } catch (error) {
      this.failure = writeError(error, this.path, this.kind, this.size)
      try {
        ftruncateSync(this.fd, this.size)
      } catch {
        // The file keeps a torn tail only if even truncating fails; the error already says so.
      }
      throw this.failure
    }
    this.size += end - start
  }

  /** Appends text as UTF-8 (one positional write). */
  writeText(text: string): void {
    const most = text.length * 3
    if (most > SCRATCH_LIMIT) {
      const bytes = Buffer.from(text, 'utf8')
      this.write(bytes)
      return
    }
    if (most > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(most, 2 * this.scratch.length))
    const length = this.scratch.write(text, 0, 'utf8')
    this.write(this.scratch, 0, length)
  }

  /** Whether the path still leads to this file: deleted (unlinked while open) or moved away
   * (renamed, or replaced by another file) is what a recording must notice. */
  whereabouts(): FileWhereabouts {
    const own = fstatSync(this.fd)
    if (own.nlink === 0) return 'deleted'
    try {
      const there = statSync(this.path)
      return there.ino === own.ino && there.dev === own.dev ? 'in-place' : 'moved'
    } catch {
      return 'moved'
    }
  }

  /** Writes everything written so far to a new file at `target` (refusing to replace one). */
  copyTo(target: string): void {
    const out = openSync(target, 'wx')
    try {
      const chunk = Buffer.allocUnsafe(Math.min(this.size, 1024 * 1024) || 1)
      for (let at = 0; at < this.size; ) {
        const read = readSync(this.fd, chunk, 0, Math.min(chunk.length, this.size - at), at)
        if (read <= 0) break
        for (let done = 0; done < read; ) done += writeSync(out, chunk, done, read - done)
        at += read
      }
    } finally {
      closeSync(out)
    }
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
  }
}
