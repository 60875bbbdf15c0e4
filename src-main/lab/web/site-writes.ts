// Files written with PUT and removed with DELETE (STORY 01 §4: "PUT replaces the file at the URI,
// or creates it; DELETE deletes it"), kept in memory as an overlay over the sites' files on disk:
// the disk never changes. Writes are refused (405) unless an experiment turned them on (the lab
// tweak 'web-writes'), and turning them off forgets every write, so the lab serves its own files
// again. Bounded: at most MAX_WRITTEN_ENTRIES paths (files put and files deleted together), each
// file at most MAX_WRITTEN_BYTES.
import { createHash } from 'node:crypto'

/** Bytes one PUT may store (the lab's own files are a few KiB). */
export const MAX_WRITTEN_BYTES = 64 * 1024
/** Paths the overlay holds at most (put or deleted). */
export const MAX_WRITTEN_ENTRIES = 16
/** A stored Content-Type longer than this, or not a "type/subtype" token, is stored as octet-stream. */
const MAX_CONTENT_TYPE = 100
const CONTENT_TYPE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\/[!#$%&'*+\-.^_`|~0-9A-Za-z]+(\s*;[\t\x20-\x7e]*)?$/

export interface WrittenFile {
  bytes: Buffer
  contentType: string
  etag: string
}

/** What the overlay says about a path: a file put there, deleted, or nothing (the disk decides). */
export type Written = { kind: 'file'; file: WrittenFile } | { kind: 'deleted' } | { kind: 'none' }

export class SiteWrites {
  #enabled = false
  readonly #entries = new Map<string, WrittenFile | 'deleted'>()

  get enabled(): boolean {
    return this.#enabled
  }

  get size(): number {
    return this.#entries.size
  }

  /** Turns writes on; the function returned turns them off and forgets every write (safe twice). */
  enable(): () => void {
    this.#enabled = true
    let undone = false
    return () => {
      if (undone) return
      undone = true
      this.#enabled = false
      this.#entries.clear()
    }
  }

  lookup(host: string, path: string): Written {
    const entry = this.#entries.get(keyOf(host, path))
    if (entry === undefined) return { kind: 'none' }
    return entry === 'deleted' ? { kind: 'deleted' } : { kind: 'file', file: entry }
  }

  /** Whether one more path fits (a path the overlay holds already always does). */
  hasRoomFor(host: string, path: string): boolean {
    return this.#entries.has(keyOf(host, path)) || this.#entries.size < MAX_WRITTEN_ENTRIES
  }

  put(host: string, path: string, bytes: Buffer, contentType: string | undefined): WrittenFile {
    const type = contentType !== undefined && contentType.length <= MAX_CONTENT_TYPE && CONTENT_TYPE.test(contentType) ? contentType : 'application/octet-stream'
    const file = { bytes, contentType: type, etag: `"${bytes.length.toString(16)}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"` }
    this.#entries.set(keyOf(host, path), file)
    return file
  }

  /** `onDisk`: a file of the site is under the path, so the overlay must hide it (not just forget). */
  remove(host: string, path: string, onDisk: boolean): void {
    if (onDisk) this.#entries.set(keyOf(host, path), 'deleted')
    else this.#entries.delete(keyOf(host, path))
  }
}

function keyOf(host: string, path: string): string {
  return `${host}\n${path}`
}
