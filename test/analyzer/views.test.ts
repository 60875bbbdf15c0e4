// Views of the packet list over the frame index: a protocol filter keeps the frames tshark's filter
// of the same name keeps, a connection keeps its tcp.stream, a sort orders by the column with ties
// in frame order, and the rows of a view are the same lines as the frame list — checked on real
// captures of the shared corpus, and once through the worker (analyzeCapture).
import { describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { FrameProtocol, FrameQuery } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from './tshark.ts'

const FILES = ['http-espn-pageload-images-gzip.pcapng', 'dns-udp-truncated-retry-tcp.pcapng', 'tls12-ecdhe.pcap', 'null-loopback-ipv6-http-connect-tls.pcap', 'dns-many-queries-mdns-llmnr.pcap']

async function tsharkFrames(file: string, filter: string): Promise<number[]> {
  return (await tsharkFields(file, ['frame.number'], ['-Y', filter])).map(([n = '']) => Number(n))
}

/** Frame numbers of a whole view. */
async function viewFrames(r: Awaited<ReturnType<typeof runAnalysis>>, query: Parameters<typeof r.views.create>[0]): Promise<number[]> {
  const { view, count } = r.views.create(query)
  const rows = await r.views.rows(view, 0, count)
  expect(rows).toHaveLength(count)
  return rows.map((row) => row.frame)
}

describe('packet-list views agree with tshark', () => {
  for (const file of FILES) {
    it(file, async () => {
      const path = `${CORPUS_DIR}/${file}`
      const r = await runAnalysis(path, { previewAfterFrames: 0 })
      try {
        // Protocol filters, as tshark's display filters of the same names.
        for (const [protocols, filter] of [
          [['dns'], 'dns'],
          [['tcp'], 'tcp'],
          [['udp'], 'udp'],
          [['http'], 'http'],
          [['tls'], 'tls'],
          [['ipv6'], 'ipv6'],
          [['dns', 'http'], 'dns || http'],
        ] as [FrameProtocol[], string][]) {
          expect(await viewFrames(r, { protocols }), `${file}: ${filter}`).toEqual(await tsharkFrames(path, filter))
        }
        // A connection: tshark's tcp.stream of the same number.
        if (r.walkthrough.connections.length > 0) {
          const last = r.walkthrough.connections.length - 1
          expect(await viewFrames(r, { connection: last })).toEqual(await tsharkFrames(path, `tcp.stream == ${last}`))
        }
        // Every frame: the same lines as the frame list, in order.
        const all = r.views.create({})
        expect(all.count).toBe(r.walkthrough.packets)
        expect(await r.views.rows(all.view, 0, 30)).toEqual(r.walkthrough.frames.slice(0, 30))
        // Sorted by length (longest first), ties in frame order; position finds a frame.
        const byLength = r.views.create({ sort: { column: 'length', descending: true } })
        const rows = await r.views.rows(byLength.view, 0, byLength.count)
        const expected = [...r.walkthrough.frames].sort((a, b) => b.length - a.length || a.frame - b.frame).map((f) => f.frame)
        expect(rows.map((row) => row.frame)).toEqual(expected.slice(0, rows.length))
        expect(r.views.position(byLength.view, expected[3]!)).toBe(3)
        // Where each frame is (Go to packet, a step's frame): in a filter's view (frame order, a
        // binary search), a view by number, and a sorted one; null for frames the view does not hold.
        for (const query of [{ protocols: ['tcp'] }, { protocols: ['udp'], sort: { column: 'number' } }, { protocols: ['tcp'], sort: { column: 'time', descending: true } }] as FrameQuery[]) {
          const { view, count } = r.views.create(query)
          const order = (await r.views.rows(view, 0, count)).map((row) => row.frame)
          const frames = [0, ...r.walkthrough.frames.map((f) => f.frame), r.walkthrough.packets + 1]
          expect(frames.map((f) => r.views.position(view, f)), `${file}: ${JSON.stringify(query)}`).toEqual(frames.map((f) => (order.includes(f) ? order.indexOf(f) : null)))
        }
      } finally {
        await r.reader.close()
      }
    })
  }
})

describe('views through the worker', () => {
  it('filters, sorts by time and source, and says where a frame is', async () => {
    const a = await analyzeCapture(`${CORPUS_DIR}/http-wikipedia-pageload-images.pcap`)
    try {
      const dns = await a.view({ protocols: ['dns'] })
      expect(dns.count).toBe(28) // 14 queries, 14 responses (MANIFEST.md)
      const rows = await a.rows(dns.view, 0, 5)
      expect(rows.every((row) => row.protocol === 'DNS')).toBe(true)
      expect(await a.position(dns.view, rows[2]!.frame)).toBe(2)
      expect(await a.position(dns.view, 99_999)).toBeNull()
      const bySource = await a.view({ protocols: ['tcp'], sort: { column: 'source' } })
      const sources = (await a.rows(bySource.view, 0, bySource.count)).map((row) => row.src)
      const numeric = (ip: string) => ip.split('.').reduce((n, x) => n * 256 + Number(x), 0)
      // The list's order of addresses: IPv4 by number first, then the rest (IPv6, link addresses) as text.
      const isV4 = (ip: string) => /^\d+\.\d+\.\d+\.\d+$/.test(ip)
      const bySourceAddress = (p: string, q: string) =>
        isV4(p) && isV4(q) ? numeric(p) - numeric(q) : isV4(p) !== isV4(q) ? (isV4(p) ? -1 : 1) : p < q ? -1 : p > q ? 1 : 0
      expect(sources.map(numeric)).toEqual([...sources].map(numeric).sort((x, y) => x - y))
      // Sorts one after another reuse one scratch array (views.ts scratch()): a larger view, then a
      // smaller one again, each in the order the rows themselves give (ties in frame order).
      const every = await a.rows((await a.view({})).view, 0, 100_000)
      for (const [query, expected] of [
        [{ sort: { column: 'length', descending: true } }, [...every].sort((x, y) => y.length - x.length || x.frame - y.frame)],
        [{ sort: { column: 'source' } }, [...every].sort((x, y) => bySourceAddress(x.src, y.src) || x.frame - y.frame)],
        [{ protocols: ['dns'], sort: { column: 'length' } }, every.filter((f) => f.protocol === 'DNS').sort((x, y) => x.length - y.length || x.frame - y.frame)],
      ] as [FrameQuery, typeof every][]) {
        const { view, count } = await a.view(query)
        expect((await a.rows(view, 0, count)).map((row) => row.frame), JSON.stringify(query)).toEqual(expected.map((f) => f.frame))
      }
      const picked = await a.view({ frames: [9, 3, 3, 200_000, 1] })
      expect((await a.rows(picked.view, 0, picked.count)).map((row) => row.frame)).toEqual([1, 3, 9])
      await expect(a.rows(12345, 0, 1)).rejects.toMatchObject({ code: 'ANALYZER_BAD_VIEW' })
    } finally {
      await a.close()
    }
  })
})
