// Saving files the user names (Save As, Export): written in full under a temporary name beside the
// destination, then put in place in one step, so the destination is either the old file or the
// whole new one, never half of it; and an existing file is replaced only when the user agreed (the
// save dialog asked: Electron's native dialog does, on Linux with showOverwriteConfirmation).
// Without that consent the new file is linked into place (link(2) fails if the name exists), so a
// file that appeared meanwhile is not replaced either.
import { randomBytes } from 'node:crypto'
import { link, rename, rm, stat } from 'node:fs/promises'
import { WiretrailError } from '../shared/errors.ts'

/** A temporary name beside `destination` (same folder, so the final rename stays on one file system). */
export function partialName(destination: string): string {
  return `${destination}.partial-${process.pid}-${randomBytes(4).toString('hex')}`
}

export function existsError(destination: string, what = 'the file'): WiretrailError {
  return new WiretrailError(
    'SAVE_EXISTS',
    `${destination} already exists (${what}): Wiretrail replaces a file only when you agree to; choose another name, or confirm replacing it`,
    { path: destination },
  )
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT',
  )
}

/** Puts the fully written `temp` at `destination`: replacing what is there when `replace`, else
 * only if nothing is (SAVE_EXISTS otherwise). `temp` is gone afterwards either way. */
export async function placeFile(temp: string, destination: string, replace: boolean): Promise<void> {
  if (replace) {
    await rename(temp, destination)
    return
  }
  try {
    await link(temp, destination)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') {
      await rm(temp, { force: true })
      throw existsError(destination)
    }
    // File systems without hard links (FAT, some network shares): check, then rename.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
    if (await exists(destination)) {
      await rm(temp, { force: true })
      throw existsError(destination)
    }
    await rename(temp, destination)
    return
  }
  await rm(temp, { force: true })
}
