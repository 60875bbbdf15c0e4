// Sorting the packet list by time (views.ts, frame-sort.ts) puts frames in the order a plain stable
// comparison sort of their times gives, ties in frame order, both ways:
//   - on a real capture whose times go back (two interfaces written out of step);
//   - on a capture of real frames whose time stamps lie decades apart, with bursts, exact ties and
//     times a microsecond apart far from the first frame (the sort spreads by time within time, and
//     must stay exact whatever the span): checked against the time stamps written to the file too;
//   - on times that defeat spreading by value (each half the last, down to subnormal differences),
//     which fall back to the radix sort of the times' bits.
// The build's time orders (the steps' plan, a resolution's transactions: orderByTime) are the order
// an array's comparison sort of their positions gives, ties in position order, NaN times included.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DetailReader } from '../../src-main/analyzer/detail.ts'
import { orderByTime } from '../../src-main/analyzer/frame-sort.ts'
import { PROTOCOL_BITS } from '../../src-main/analyzer/frame-table.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { FrameViews } from '../../src-main/analyzer/views.ts'
import { readCapture } from '../../src-main/capture/index.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { writePcapRecords } from './frames.ts'

/** The frames of a view, in its order, as 0-based frame indexes. */
async function viewOrder(views: FrameViews, descending: boolean, protocols?: ['tcp']): Promise<number[]> {
  const { view, count } = views.create({ sort: { column: 'time', descending }, ...(protocols ? { protocols } : {}) })
  return (await views.rows(view, 0, count)).map((row) => row.frame - 1)
}

/** The same, for a table with no file behind it: frames placed by their positions in the view. */
function positions(views: FrameViews, descending: boolean): number[] {
  const { view, count } = views.create({ sort: { column: 'time', descending } })
  const order = new Array<number>(count)
  for (let i = 0; i < count; i++) order[views.position(view, i + 1)!] = i
  return order
}

/** What a plain stable comparison sort of the times gives (Array.prototype.sort is stable). */
function byComparison(frames: number[], time: ArrayLike<number>, descending: boolean): number[] {
  const sign = descending ? -1 : 1
  return [...frames].sort((a, b) => sign * (time[a]! - time[b]!))
}

describe('sorting by time', () => {
  it('orders a real capture whose times go back as a comparison sort does, both ways', async () => {
    // Two interfaces (Ethernet and Linux cooked) whose packets were not written in time order.
    const r = await runAnalysis(`${CORPUS_DIR}/pcapng-multi-interface-comments.pcapng`, { previewAfterFrames: 0 })
    try {
      const t = r.reader.pass.table
      const all = [...Array(t.length).keys()]
      let back = 0
      for (let i = 1; i < t.length; i++) if (t.t[i]! < t.t[i - 1]!) back++
      expect(back).toBeGreaterThan(0)
      for (const descending of [false, true]) {
        const ours = await viewOrder(r.views, descending)
        expect(ours, descending ? 'latest first' : 'earliest first').toEqual(byComparison(all, t.t, descending))
        expect(ours).not.toEqual(descending ? [...all].reverse() : all)
        const tcp = all.filter((i) => (t.proto[i]! & PROTOCOL_BITS.tcp) !== 0)
        expect(tcp.length).toBeGreaterThan(10)
        expect(await viewOrder(r.views, descending, ['tcp'])).toEqual(byComparison(tcp, t.t, descending))
      }
    } finally {
      await r.reader.close()
    }
  })

  it('orders real frames whose time stamps lie decades apart exactly as they were written, ties in frame order', async () => {
    // Real frames (a page load and a DNS-heavy host), copied several times into one classic pcap:
    // each copy keeps its frames' own spacing (bursts of microseconds) but starts in another decade,
    // from 1970 to 2106; the copies' frames are interleaved in the file a few at a time, so the
    // file's times go back and forth by decades. Two copies share a start (exact ties across
    // copies) and one starts a microsecond after another, far from the first frame.
    const frames: { data: Uint8Array; sec: number; usec: number }[] = []
    for (const file of ['http-espn-pageload-images-gzip.pcapng', 'dns-many-queries-mdns-llmnr.pcap']) {
      let first = -1
      await readCapture(`${CORPUS_DIR}/${file}`, {
        onFrame: (f) => {
          if (f.linkType !== 1) return
          const us = f.tsSec * 1e6 + Math.floor(f.tsNsec / 1000)
          if (first < 0) first = us
          frames.push({ data: f.data.slice(), sec: 0, usec: us - first })
        },
      })
    }
    const starts = [4_000_000_000, 86_400, 2_000_000_000, 1_000_000_000, 4_000_000_000, 2_000_000_000]
    const startUs = [0, 17, 0, 999_999, 0, 1]
    const written: { data: Uint8Array; sec: number; usec: number }[] = []
    const cursor = starts.map(() => 0)
    const per = Math.ceil(frames.length / 3)
    // Copy c holds a third of the frames (c mod 3), shifted to its start.
    for (let done = false; !done; ) {
      done = true
      for (let c = 0; c < starts.length; c++) {
        for (let k = 0; k < 1 + (c % 4) && cursor[c]! < per; k++) {
          const src = frames[(c % 3) * per + cursor[c]!]
          cursor[c]!++
          if (src === undefined) continue
          const us = startUs[c]! + src.usec
          written.push({ data: src.data, sec: starts[c]! + Math.floor(us / 1e6), usec: us % 1e6 })
        }
        if (cursor[c]! < per) done = false
      }
    }
    const path = join(scratchDir('time-sort'), 'decades.pcap')
    writePcapRecords(path, written)
    const r = await runAnalysis(path, { previewAfterFrames: 0 })
    try {
      const t = r.reader.pass.table
      expect(t.length).toBe(written.length)
      expect(written.length).toBeGreaterThan(1000)
      const all = [...Array(t.length).keys()]
      // The file's own time stamps, compared as integers (seconds, then microseconds).
      const stamp = (i: number) => written[i]!.sec * 1e6 + written[i]!.usec
      const exact = (descending: boolean) => [...all].sort((a, b) => (descending ? -1 : 1) * (stamp(a) - stamp(b)))
      // Ties across copies and neighbours a microsecond apart are there to be told apart.
      expect(new Set(all.map(stamp)).size).toBeLessThan(all.length)
      for (const descending of [false, true]) {
        const ours = await viewOrder(r.views, descending)
        expect(ours, descending ? 'latest first' : 'earliest first').toEqual(exact(descending))
        expect(ours).toEqual(byComparison(all, t.t, descending))
        const tcp = all.filter((i) => (t.proto[i]! & PROTOCOL_BITS.tcp) !== 0)
        expect(await viewOrder(r.views, descending, ['tcp'])).toEqual(byComparison(tcp, t.t, descending))
      }
    } finally {
      await r.reader.close()
    }
  })

  it('orders times that halve down to subnormal differences, and crowds of equal times, as a comparison sort does', async () => {
    // A table as the pass fills it (a sort reads the columns only, not the file).
    const pass = new StreamingPass(null)
    const times: number[] = []
    let seed = 11
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    const push = (t: number) => {
      pass.table.push(times.length * 100, 60, 60, t, 1, 0)
      times.push(t)
    }
    // 2⁻ᵏ down to the smallest subnormal, shuffled: every spread leaves nearly all in one bucket.
    const halving = [...Array(1075).keys()].map((k) => 2 ** -k)
    for (let k = halving.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1))
      ;[halving[k], halving[j]] = [halving[j]!, halving[k]!]
    }
    for (const t of halving) {
      push(t)
      // Crowds of equal times between them, and −0 beside 0.
      if (random() < 0.3) for (let k = 0; k < 40; k++) push(k % 2 === 0 ? 0.5 : -0)
      if (random() < 0.1) push(5e-324)
    }
    const views = new FrameViews(pass.table, new DetailReader({ path: 'unread.pcap', pass, notes: new Map() }))
    const all = [...times.keys()]
    for (const descending of [false, true]) {
      expect(positions(views, descending), descending ? 'latest first' : 'earliest first').toEqual(byComparison(all, times, descending))
    }
    // Only subnormal differences: the spread cannot split the range at all.
    const tiny = new StreamingPass(null)
    const tinyTimes = [...Array(500).keys()].map((k) => ((k * 7919) % 13) * 5e-324)
    tinyTimes.forEach((t, k) => tiny.table.push(k * 100, 60, 60, t, 1, 0))
    const tinyViews = new FrameViews(tiny.table, new DetailReader({ path: 'unread.pcap', pass: tiny, notes: new Map() }))
    for (const descending of [false, true]) {
      expect(positions(tinyViews, descending)).toEqual(byComparison([...tinyTimes.keys()], tinyTimes, descending))
    }
  })

  it("orders the build's positions by time as an array's comparison sort does, NaN times included", () => {
    // What the build sorted before: the positions, compared by time, ties by position.
    const compared = (times: Float64Array) => Array.from({ length: times.length }, (_, p) => p).sort((a, b) => times[a]! - times[b]! || a - b)
    // A plan's times: runs in time order (a resolution's hops, a connection's steps), interleaved,
    // with exact ties (steps at one frame's time) and times far apart.
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const times = new Float64Array(60000)
    for (let p = 0, run = 0; p < times.length; p++) {
      if (p % 40 === 0) run = next() * 3600
      times[p] = p % 7 === 0 ? Math.floor(run) : run + (p % 40) * 0.001 + (next() < 0.3 ? 0 : next() * 1e-4)
    }
    times[123] = 1e9
    expect(Array.from(orderByTime(times))).toEqual(compared(times))
    expect(Array.from(orderByTime(new Float64Array(0)))).toEqual([])
    // A NaN compares as equal to any time in that sort; the order it gave is kept (spreading the
    // times by value would put the NaN first).
    for (const nan of [[1, Number.NaN, 0], [0.3, 0.1, Number.NaN, 0.2, 0.1], [...times.subarray(0, 500), Number.NaN]]) {
      const withNaN = Float64Array.from(nan)
      expect(Array.from(orderByTime(withNaN))).toEqual(compared(withNaN))
    }
    expect(Array.from(orderByTime(Float64Array.from([1, Number.NaN, 0])))).toEqual([0, 1, 2])
  })
})
