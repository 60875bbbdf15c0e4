// The Open Recent list: most recent first, no duplicates, at most MAX_RECENT, persisted in
// <config>/recent.json. Files that no longer exist stay until the user opens them (then the open
// fails with a clear error and the entry is dropped) or clears the list.
import { join } from 'node:path'
import { readJsonFile, writeJsonFile } from './json-file.ts'

export const MAX_RECENT = 10

export class RecentFiles {
  readonly #file: string
  #paths: string[] | null = null
  #writing: Promise<void> = Promise.resolve()

  constructor(configDir: string) {
    this.#file = join(configDir, 'recent.json')
  }

  async list(): Promise<string[]> {
    if (this.#paths === null) {
      const stored = await readJsonFile(this.#file)
      const paths = Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string' && p !== '') : []
      // ??=: two first calls read the file at once (the native menu's state and an open's add);
      // a change stored while this read was on its way is newer than what it read.
      this.#paths ??= [...new Set(paths)].slice(0, MAX_RECENT)
    }
    return [...this.#paths]
  }

  async add(path: string): Promise<string[]> {
    const current = await this.list()
    return this.#store([path, ...current.filter((p) => p !== path)].slice(0, MAX_RECENT))
  }

  async remove(path: string): Promise<string[]> {
    return this.#store((await this.list()).filter((p) => p !== path))
  }

  async clear(): Promise<void> {
    await this.#store([])
  }

  async #store(paths: string[]): Promise<string[]> {
    this.#paths = paths
    // Writes are chained so two quick adds cannot interleave their renames.
    this.#writing = this.#writing.then(() => writeJsonFile(this.#file, paths))
    await this.#writing
    return [...paths]
  }
}
