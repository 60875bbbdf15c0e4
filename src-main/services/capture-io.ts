// File work behind the capture service: writing an upload with a size limit, removing a capture
// with its journal, reading the URL a kept recording loaded, and the errors for a failed save or a
// cancelled operation.
import { open, readFile, rm, stat } from 'node:fs/promises'
import { WiretrailError } from '../shared/errors.ts'
import { journalPathFor } from './capture-files.ts'

export function cancelled(signal: AbortSignal): WiretrailError {
  return signal.reason instanceof WiretrailError ? signal.reason : new WiretrailError('CANCELLED', 'Cancelled by the user')
}

export async function writeLimited(
  path: string,
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
  onBytes: (bytesRead: number) => void,
): Promise<number> {
  const handle = await open(path, 'wx', 0o600)
  let received = 0
  try {
    for await (const chunk of chunks) {
      received += chunk.length
      if (received > maxBytes) {
        throw new WiretrailError('CAPTURE_TOO_LARGE', `The file is larger than ${maxBytes} bytes, the most the app accepts this way; open it by its path instead`)
      }
      await handle.write(chunk)
      onBytes(received)
    }
  } finally {
    await handle.close()
  }
  return received
}

export async function hasBytes(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile() && s.size > 0).catch(() => false)
}

export async function removeCapture(path: string): Promise<void> {
  await rm(path, { force: true })
  await rm(journalPathFor(path), { force: true })
}

export async function recordedUrl(journalPath: string): Promise<string | null> {
  try {
    const text = await readFile(journalPath, 'utf8')
    const first = JSON.parse(text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'))) as { type?: unknown; url?: unknown }
    return first.type === 'recording' && typeof first.url === 'string' ? first.url : null
  } catch {
    return null
  }
}

export function saveError(destination: string, error: unknown): WiretrailError {
  if (error instanceof WiretrailError) return error
  const code = (error as NodeJS.ErrnoException).code
  const reason =
    code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOSPC' ? 'the disk is full' : (error as Error).message
  return new WiretrailError('SAVE_FAILED', `Could not save ${destination}: ${reason}`)
}
