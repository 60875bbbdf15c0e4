// Starting one of the analyzer's worker threads from a file: a built one (.mjs/.js) as it is, a
// TypeScript source (a checkout: the CLI, tests) through tsx's loader, registered inside the new
// thread first; and finding which of the two there is. One place for both threads the analyzer
// starts: its own (index.ts) and the one it counts compressed bodies on (count-thread.ts).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

/** A worker thread's entry: the first built file of `built` that exists (run as it is), else the
 * TypeScript `source` if it exists (run through tsx), else null. */
export function findWorkerEntry(built: readonly string[], source: string): { url: URL; viaTsx: boolean } | null {
  for (const candidate of built) {
    if (existsSync(candidate)) return { url: pathToFileURL(candidate), viaTsx: false }
  }
  return existsSync(source) ? { url: pathToFileURL(source), viaTsx: true } : null
}

export function startWorkerThread(url: URL, viaTsx: boolean, options: WorkerOptions): Worker {
  // A built entry runs as it is, with none of this process's command-line options unless it is
  // given some: a caller run through `node --import tsx` (the CLI from a checkout, the bench) would
  // have each built worker load tsx's loader too, for a bundle that needs none (≈ 60 ms of a small
  // capture's opening, ≈ 80 ms of CPU).
  if (!viaTsx) return new Worker(url, { execArgv: [], ...options })
  // A plain Node worker cannot load TypeScript: register tsx's loader inside it first.
  // Resolve tsx's ESM API file (require.resolve finds its .cjs twin, which cannot register hooks).
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  const esm = cjs.replace(/\.cjs$/, '.mjs')
  const tsxApi = pathToFileURL(existsSync(esm) ? esm : cjs).href
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}) }).catch((e) => { console.error(e); process.exit(70) })`
  return new Worker(boot, { ...options, eval: true })
}
