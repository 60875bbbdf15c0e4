// The preview sent while a large capture is read is built from the pass's state as it stands, and
// the pass goes on: the walkthrough at the end must not depend on whether, or when, it was sent
// (it is sent after a number of frames or after a time, so the same file opened twice could
// otherwise differ).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { scratchDir } from '../support/scratch.ts'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'

const ARRAYS = ['http', 'connections', 'dns', 'resolutions', 'tls', 'steps'] as const

async function walkthrough(path: string, previewAfterFrames: number): Promise<{ json: Record<(typeof ARRAYS)[number], string>; previews: number; caused: number }> {
  let previews = 0
  const result = await runAnalysis(path, { previewAfterFrames, onProgress: (p) => void (p.preview && previews++) })
  try {
    const w = result.walkthrough
    // JSON keeps the keys' order, as inspect --json and the app's items show them.
    const json = Object.fromEntries(ARRAYS.map((name) => [name, JSON.stringify(Array.from({ length: w[name].length }, (_, i) => w[name].at(i)))])) as Record<(typeof ARRAYS)[number], string>
    let caused = 0
    for (let i = 0; i < w.http.length; i++) if (w.http.at(i)!.causedBy !== undefined) caused++
    return { json, previews, caused }
  } finally {
    await result.reader.close()
  }
}

describe('the preview', () => {
  it('leaves the walkthrough (the HTTP exchanges’ Referer and redirect causes and their keys’ order among it) as without it', async () => {
    const path = join(scratchDir('preview'), 'replicated.pcap')
    await writeSyntheticCapture(path, 30_000)
    const without = await walkthrough(path, 0)
    expect(without.previews).toBe(0)
    expect(without.caused).toBeGreaterThan(0)
    // After the first read (1 MiB), and in the middle.
    for (const at of [1, 15_000]) {
      const withPreview = await walkthrough(path, at)
      expect(withPreview.previews, `preview after ${at} frames`).toBe(1)
      for (const name of ARRAYS) expect(withPreview.json[name] === without.json[name], `${name}, preview after ${at} frames`).toBe(true)
    }
  }, 180_000)
})
