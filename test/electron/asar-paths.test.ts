// Main starts the analyzer's worker from app.asar.unpacked: only the app.asar segment of the path
// changes, on either separator, and paths outside an archive are left alone.
import { describe, expect, it } from 'vitest'
import { analyzerWorkerPath, unpackedPath } from '../../src-main/electron/asar-paths.ts'

describe('unpacked paths', () => {
  it('swaps the app.asar segment for app.asar.unpacked', () => {
    expect(unpackedPath('/opt/Wiretrail/resources/app.asar/out/worker/analyzer-worker.mjs')).toBe('/opt/Wiretrail/resources/app.asar.unpacked/out/worker/analyzer-worker.mjs')
    expect(unpackedPath('C:\\Users\\u\\AppData\\Local\\Programs\\Wiretrail\\resources\\app.asar\\out\\worker\\analyzer-worker.mjs')).toBe(
      'C:\\Users\\u\\AppData\\Local\\Programs\\Wiretrail\\resources\\app.asar.unpacked\\out\\worker\\analyzer-worker.mjs',
    )
  })

  it('leaves a checkout, an unpacked tree and look-alike names unchanged', () => {
    for (const path of ['/home/u/wiretrail/out/worker/analyzer-worker.mjs', '/r/app.asar.unpacked/out/x.mjs', '/r/myapp.asar/x', '/r/app.asarx/x']) {
      expect(unpackedPath(path)).toBe(path)
    }
  })

  it('puts the worker in out/worker beside out/main', () => {
    expect(analyzerWorkerPath('/Applications/Wiretrail.app/Contents/Resources/app.asar/out')).toBe('/Applications/Wiretrail.app/Contents/Resources/app.asar.unpacked/out/worker/analyzer-worker.mjs')
  })
})
