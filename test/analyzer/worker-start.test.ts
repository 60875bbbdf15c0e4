// Starting the analyzer's threads (analyzer/worker-start.ts): a built worker runs with none of its
// caller's command-line options. A caller run through `node --import tsx` (the CLI from a checkout,
// `npm run bench`) would otherwise have every built worker load tsx's loader again, for a bundle
// that needs none: ≈ 60 ms more to open a capture, ≈ 80 ms more CPU (the bench's fresh process).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { findWorkerEntry, startWorkerThread } from '../../src-main/analyzer/worker-start.ts'
import { scratchDir } from '../support/scratch.ts'

/** The first message a worker posts. */
function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
}

describe('starting a worker thread', () => {
  it("runs a built entry without the caller's command-line options, unless it is given some", async () => {
    // This test's own process runs with options (vitest's), which a worker inherits by default.
    expect(process.execArgv.length).toBeGreaterThan(0)
    const dir = scratchDir('worker-start')
    writeFileSync(join(dir, 'options.mjs'), "import { parentPort } from 'node:worker_threads'\nparentPort.postMessage(process.execArgv)\n")
    const found = findWorkerEntry([join(dir, 'options.mjs')], join(dir, 'options.ts'))
    expect(found).toEqual({ url: pathToFileURL(join(dir, 'options.mjs')), viaTsx: false })
    const bare = startWorkerThread(found!.url, found!.viaTsx, {})
    try {
      expect(await firstMessage(bare)).toEqual([])
    } finally {
      await bare.terminate()
    }
    const given = startWorkerThread(found!.url, found!.viaTsx, { execArgv: ['--no-warnings'] })
    try {
      expect(await firstMessage(given)).toEqual(['--no-warnings'])
    } finally {
      await given.terminate()
    }
  })
})
