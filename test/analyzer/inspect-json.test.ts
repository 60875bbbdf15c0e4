// `wiretrail inspect --json` writes the walkthrough as it goes: arrays item by item, and the frame
// list (--frames) paged from the analyzer's worker while it is written — the bytes must be exactly
// JSON.stringify's of the whole object, for real walkthroughs. `--summary` prints the counts only.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { walkthroughCounts, walkthroughJson, writeJson } from '../../src-main/cli/inspect.ts'
import type { FrameSummary } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

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

async function* paged(frames: FrameSummary[], page: number): AsyncGenerator<FrameSummary> {
  for (let i = 0; i < frames.length; i += page) {
    await new Promise((resolve) => setImmediate(resolve))
    yield* frames.slice(i, i + page)
  }
}

describe('inspect --json output', () => {
  for (const file of ['http-espn-pageload-images-gzip.pcapng', 'dns-edns-dnssec-referrals-ipv6-frags.pcap']) {
    it(`is JSON.stringify's text, written in pieces, the frame list paged (${file})`, async () => {
      const { walkthrough, reader } = await runAnalysis(`${CORPUS_DIR}/${file}`)
      await reader.close()
      expect(walkthrough.frames).toHaveLength(walkthrough.packets)
      const without = walkthroughJson(walkthrough, null)
      expect(await written(without)).toBe(`${JSON.stringify(without)}\n`)
      const text = await written(walkthroughJson(walkthrough, paged(walkthrough.frames, 7)))
      expect(text).toBe(`${JSON.stringify(walkthroughJson(walkthrough, walkthrough.frames))}\n`)
      expect(text.length).toBeGreaterThan(10_000)
    })
  }

  it('leaves out undefined members as JSON.stringify does, and keeps nulls', async () => {
    const value = { a: undefined, b: null, c: [1, undefined, 'x'], d: { e: undefined, f: 2 } }
    expect(await written(value)).toBe(`${JSON.stringify(value)}\n`)
  })

  it('prints every frame with --frames and only the counts with --summary (the CLI)', async () => {
    const file = `${CORPUS_DIR}/http-wikipedia-pageload-images.pcap`
    const { walkthrough, reader } = await runAnalysis(file)
    await reader.close()
    const full = JSON.parse((await run(process.execPath, [CLI, 'inspect', file, '--json', '--frames'], { maxBuffer: 64 << 20 })).stdout) as { frames: FrameSummary[]; packets: number; framesTruncated?: boolean }
    expect(full.frames).toEqual(walkthrough.frames)
    expect(full.frames).toHaveLength(136)
    expect(full.framesTruncated).toBeUndefined()
    const counts = JSON.parse((await run(process.execPath, [CLI, 'inspect', file, '--json', '--summary'])).stdout)
    expect(counts).toEqual(walkthroughCounts(walkthrough))
    expect(counts).toMatchObject({ frames: 136, dns: 14, connections: 10, http: 15 })
    expect((await run(process.execPath, [CLI, 'inspect', file, '--summary'])).stdout).toBe(Object.entries(counts).map(([k, v]) => `${k} ${v}\n`).join(''))
  })
})
