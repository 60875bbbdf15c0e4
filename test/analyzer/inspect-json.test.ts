// `wiretrail inspect --json` writes the walkthrough array by array (a big capture's walkthrough is
// near V8's longest string): the bytes must be exactly JSON.stringify's, for real walkthroughs.
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { walkthroughJson, writeJson } from '../../src-main/cli/inspect.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

async function written(value: Record<string, unknown>): Promise<string> {
  const out = new PassThrough({ highWaterMark: 1024 })
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  await writeJson(value, out)
  out.end()
  return Buffer.concat(chunks).toString('utf8')
}

describe('inspect --json output', () => {
  for (const file of ['http-espn-pageload-images-gzip.pcapng', 'dns-edns-dnssec-referrals-ipv6-frags.pcap']) {
    it(`is JSON.stringify's text, written in pieces (${file})`, async () => {
      const { walkthrough, reader } = await runAnalysis(`${CORPUS_DIR}/${file}`)
      await reader.close()
      for (const withFrames of [false, true]) {
        const value = walkthroughJson(walkthrough, withFrames)
        const text = await written(value)
        expect(text).toBe(`${JSON.stringify(value)}\n`)
        expect(text.length).toBeGreaterThan(10_000)
      }
    })
  }

  it('leaves out undefined members as JSON.stringify does, and keeps nulls', async () => {
    const value = { a: undefined, b: null, c: [1, undefined, 'x'], d: { e: undefined, f: 2 } }
    expect(await written(value)).toBe(`${JSON.stringify(value)}\n`)
  })
})
