// `wiretrail inspect --json` writes the walkthrough as it goes: its arrays (DNS, resolutions,
// connections, HTTP, TLS, steps) and the frame list (--frames) are paged from the analyzer's worker
// while they are written — the bytes must be exactly JSON.stringify's of the whole walkthrough (the
// schema as it was), for real walkthroughs. `--summary` prints the counts only.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { walkthroughCounts, walkthroughJson, writeJson } from '../../src-main/cli/inspect.ts'
import { overviewOf } from '../../src-main/shared/lesson.ts'
import type { FrameSummary, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { withAllWords } from '../support/lesson.ts'

const run = promisify(execFile)
const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')

async function written(value: Record<string, unknown>): Promise<string> {
  const out = new PassThrough({ highWaterMark: 1024 })
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  await writeJson(value, out)
  out.end()
  return Buffer.concat(chunks).toString('utf8')
}

async function* paged<T>(items: T[], page: number): AsyncGenerator<T> {
  for (let i = 0; i < items.length; i += page) {
    await new Promise((resolve) => setImmediate(resolve))
    yield* items.slice(i, i + page)
  }
}

/** What --json printed when it held the whole walkthrough: every field but the inline frame list,
 * in the walkthrough's order, then the frames (or frames_omitted). */
function asBefore(w: Walkthrough, frames: FrameSummary[] | null): Record<string, unknown> {
  const { frames: _inline, framesTruncated: _truncated, ...rest } = w
  return frames === null ? { ...rest, frames_omitted: { count: w.packets, hint: 'use --frames to include the per-frame list' } } : { ...rest, frames }
}

describe('inspect --json output', () => {
  for (const file of ['http-espn-pageload-images-gzip.pcapng', 'dns-edns-dnssec-referrals-ipv6-frags.pcap']) {
    it(`is JSON.stringify's text of the whole walkthrough, written in pieces, its arrays and frames paged (${file})`, async () => {
      const analysed = await runAnalysis(`${CORPUS_DIR}/${file}`)
      const { reader } = analysed
      const w = withAllWords(analysed.walkthrough)
      await reader.close()
      expect(w.frames).toHaveLength(w.packets)
      const overview = overviewOf(w, 0)
      const arrays = { dns: w.dns, resolutions: w.resolutions, connections: w.connections, http: w.http, tls: w.tls, steps: w.steps }
      const pagedArrays = { dns: paged(w.dns, 3), resolutions: paged(w.resolutions, 3), connections: paged(w.connections, 3), http: paged(w.http, 3), tls: paged(w.tls, 3), steps: paged(w.steps, 3) }
      expect(await written(walkthroughJson(overview, pagedArrays, null))).toBe(`${JSON.stringify(asBefore(w, null))}\n`)
      const text = await written(walkthroughJson(overview, { ...arrays, steps: paged(w.steps, 5) }, paged(w.frames, 7)))
      expect(text).toBe(`${JSON.stringify(asBefore(w, w.frames))}\n`)
      expect(text.length).toBeGreaterThan(10_000)
    })
  }

  it('leaves out undefined members as JSON.stringify does, and keeps nulls', async () => {
    const value = { a: undefined, b: null, c: [1, undefined, 'x'], d: { e: undefined, f: 2 } }
    expect(await written(value)).toBe(`${JSON.stringify(value)}\n`)
  })

  it('prints every frame with --frames and only the counts with --summary (the CLI)', async () => {
    const file = `${CORPUS_DIR}/http-wikipedia-pageload-images.pcap`
    const analysed = await runAnalysis(file)
    const { reader } = analysed
    const walkthrough = withAllWords(analysed.walkthrough)
    await reader.close()
    const full = JSON.parse((await run(process.execPath, [CLI, 'inspect', file, '--json', '--frames'], { maxBuffer: 64 << 20 })).stdout) as { frames: FrameSummary[]; packets: number; framesTruncated?: boolean }
    // The whole walkthrough, paged out of the worker: the same object the analysis built.
    expect(full).toEqual(JSON.parse(JSON.stringify(asBefore(walkthrough, walkthrough.frames))))
    expect(full.frames).toHaveLength(136)
    expect(full.framesTruncated).toBeUndefined()
    const counts = JSON.parse((await run(process.execPath, [CLI, 'inspect', file, '--json', '--summary'])).stdout)
    expect(counts).toEqual(walkthroughCounts(overviewOf(walkthrough)))
    expect(counts).toMatchObject({ frames: 136, dns: 14, connections: 10, http: 15 })
    expect((await run(process.execPath, [CLI, 'inspect', file, '--summary'])).stdout).toBe(Object.entries(counts).map(([k, v]) => `${k} ${v}\n`).join(''))
  })
})
