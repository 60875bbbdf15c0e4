// The analyzer's progress while it reads a capture larger than one read: the whole is the file's size
// from the first event on, and the part read grows towards it. The app's bar and its "reading" →
// "analysing" stage are computed from these two numbers (services/engine-progress.ts).
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis, type AnalyzeProgress } from '../../src-main/analyzer/run.ts'
import { scratchDir } from '../support/scratch.ts'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'

describe('progress while a capture is read', () => {
  it('reports the file size as the total in every event, and bytes read that only grow up to it', async () => {
    const path = join(scratchDir('run-progress'), 'replicated.pcap')
    await writeSyntheticCapture(path, 10_000)
    const size = (await stat(path)).size
    const events: AnalyzeProgress[] = []
    const result = await runAnalysis(path, { onProgress: (p) => events.push({ ...p }) })
    await result.reader.close()
    const reading = events.filter((e) => e.bytesRead < size)
    expect(size).toBeGreaterThan(2 * 1024 * 1024) // more than one read of the reader
    expect(reading.length).toBeGreaterThan(0) // at least one event while the file was still being read
    expect(events.map((e) => e.totalBytes)).toEqual(events.map(() => size))
    for (let i = 1; i < events.length; i++) expect(events[i]!.bytesRead).toBeGreaterThanOrEqual(events[i - 1]!.bytesRead)
    expect(events.at(-1)).toMatchObject({ bytesRead: size, totalBytes: size, frames: 10_000 })
  }, 120_000)
})
