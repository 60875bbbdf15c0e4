// The desktop app runs the analyzer from a bundle: electron.config.ts builds the main process
// (out/main/index.js, with this module inside it or in a chunk beside it) and the worker as its own
// entry (out/main/analyzer-worker.js). Here: the lookup rules on made-up folders, then a real
// bundle made with esbuild the same way (two entries, shared chunks), whose analyzeCapture() must
// find and start the bundled worker — not the TypeScript source through tsx.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { afterEach, describe, expect, it } from 'vitest'
import { locateWorker } from '../../src-main/analyzer/index.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { wholeLesson } from '../support/lesson.ts'

const tmp = scratchDir('bundle')

describe('locateWorker', () => {
  const saved = process.env.WIRETRAIL_ANALYZER_WORKER
  afterEach(() => {
    if (saved === undefined) delete process.env.WIRETRAIL_ANALYZER_WORKER
    else process.env.WIRETRAIL_ANALYZER_WORKER = saved
  })

  it('takes analyzer-worker.js beside the bundle, or one folder up from a chunk folder', () => {
    delete process.env.WIRETRAIL_ANALYZER_WORKER
    const main = join(tmp, 'look', 'main')
    mkdirSync(join(main, 'chunks'), { recursive: true })
    writeFileSync(join(main, 'analyzer-worker.js'), '')
    expect(locateWorker(undefined, main)).toEqual({ url: pathToFileURL(join(main, 'analyzer-worker.js')), viaTsx: false })
    expect(locateWorker(undefined, join(main, 'chunks'))).toEqual({ url: pathToFileURL(join(main, 'analyzer-worker.js')), viaTsx: false })
  })

  it('falls back to worker.ts through tsx in a checkout, and says where it looked when nothing is there', () => {
    delete process.env.WIRETRAIL_ANALYZER_WORKER
    const src = join(tmp, 'look', 'src')
    mkdirSync(src, { recursive: true })
    expect(() => locateWorker(undefined, src)).toThrow(expect.objectContaining({ code: 'ANALYZER_WORKER_NOT_FOUND', message: expect.stringContaining(src) }))
    writeFileSync(join(src, 'worker.ts'), '')
    expect(locateWorker(undefined, src)).toEqual({ url: pathToFileURL(join(src, 'worker.ts')), viaTsx: true })
  })

  it('an explicit path or $WIRETRAIL_ANALYZER_WORKER wins, and must exist', () => {
    const main = join(tmp, 'look', 'main')
    process.env.WIRETRAIL_ANALYZER_WORKER = join(main, 'analyzer-worker.js')
    expect(locateWorker(undefined, '/nonexistent').url.pathname).toBe(join(main, 'analyzer-worker.js'))
    expect(() => locateWorker('/nonexistent/worker.js')).toThrow(expect.objectContaining({ code: 'ANALYZER_WORKER_NOT_FOUND', message: expect.stringContaining('/nonexistent/worker.js') }))
  })
})

describe('a bundled main process', () => {
  it('finds the bundled analyzer-worker.js beside it and analyses through it', async () => {
    delete process.env.WIRETRAIL_ANALYZER_WORKER
    const outdir = join(tmp, 'out', 'main')
    await build({
      entryPoints: { index: 'src-main/analyzer/index.ts', 'analyzer-worker': 'src-main/analyzer/worker.ts' },
      outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'error',
      // CommonJS dependencies (pcap-parser) call require() on Node built-ins inside the ESM bundle.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    })
    writeFileSync(join(outdir, '..', 'package.json'), '{"type":"module"}')
    const bundled = (await import(pathToFileURL(join(outdir, 'index.js')).href)) as typeof import('../../src-main/analyzer/index.ts')
    expect(bundled.locateWorker()).toEqual({ url: pathToFileURL(join(outdir, 'analyzer-worker.js')), viaTsx: false })
    const a = await bundled.analyzeCapture(`${CORPUS_DIR}/dns-iterative-lab-root-referrals.pcap`)
    try {
      expect(a.walkthrough.packets).toBe(18)
      expect(wholeLesson(a).dns).toHaveLength(5)
      const d = await a.detail(3)
      expect(d.layers.map((l) => l.name.split(',')[0])).toEqual(['Frame 3: 72 bytes on wire', 'Ethernet II', 'Internet Protocol Version 4', 'User Datagram Protocol', 'Domain Name System (query)'])
    } finally {
      await a.close()
    }
  })
})
