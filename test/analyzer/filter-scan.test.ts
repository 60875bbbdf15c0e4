// The packet list's fast paths over the frame index give what the slow ones gave, on real captures:
//   - a display filter scanned a column at a time (filter-scan.ts) gives, frame by frame, the same
//     three-valued verdict as compile.ts's per-frame test over the index — over every frame and over
//     a view's subset — for filters that take every path (columns, ids, names, several values per
//     frame, functions and field-against-field left to the per-frame test);
//   - DNS names taken down by the pass answer dns.qry.name with no frame read back from the file,
//     and as tshark -Y does, mDNS messages with two questions included;
//   - the radix sorts put frames in the order of a comparison sort of the same keys, ties in frame
//     order, for every column both ways, and times out of order (negative, equal, −0) too;
//   - the worker's frame → step map (a typed array) sends every frame to the step the Map did, and
//     phase and hop bars to the first step of theirs.
import { describe, expect, it } from 'vitest'
import { SCAN_FALSE, SCAN_TRUE, SCAN_UNKNOWN, scanFilter } from '../../src-main/analyzer/filter-scan.ts'
import { PROTOCOL_BITS } from '../../src-main/analyzer/frame-table.ts'
import { DetailReader } from '../../src-main/analyzer/detail.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { FrameViews, indexFields, protocolName } from '../../src-main/analyzer/views.ts'
import { compileFilter } from '../../src-main/filter/compile.ts'
import { parseFilter } from '../../src-main/filter/parse.ts'
import { createStepFinder, STEP_PHASE } from '../../src-main/shared/lesson.ts'
import type { FrameSortColumn } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from './tshark.ts'

const FILES = [
  'dns-many-queries-mdns-llmnr.pcap', // mDNS with two questions in a message, LLMNR, IPv6
  'http-espn-pageload-images-gzip.pcapng', // HTTP heads, many connections
  'linux-sll-mixed-dns-http.pcap', // Linux cooked, ARP, ICMP
  'null-loopback-ipv6-http-connect-tls.pcap', // IPv6 only, TLS in a CONNECT tunnel
  'dns-udp-truncated-retry-tcp.pcapng', // DNS over TCP (names dissected)
]

const FILTERS = [
  'dns',
  'mdns xor udp',
  'icmp || icmpv6 || arp',
  'frame',
  'eth',
  'tcp.flags.syn == 1 && tcp.flags.ack == 0 && ip.dst != 127.0.0.1',
  'udp.port == 53 || tcp.port in {80, 443}',
  'tcp.port != 80',
  'tcp.port === 80',
  'tcp.port !== 80',
  '!(tcp.port in {80, 443})',
  'tcp.srcport in {1024..65535} && tcp.dstport < 1024',
  'tcp.flags.syn',
  'tcp.stream in {0, 2, 5}',
  'frame.number in {1..20, 33}',
  'frame.len > 1000 || frame.cap_len < 60',
  'frame.time_relative >= 0.5',
  'frame.time_delta > 0.01',
  'ip.addr == 192.168.0.0/16',
  'ip.addr != 10.0.0.0/8',
  'ip.src == ip.dst',
  'ipv6.addr == ::1',
  'ipv6.src != fe80::/10',
  'dns.qry.name',
  'dns.qry.name contains "google"',
  'dns.qry.name == "Yaels-iPhone.local"',
  'dns.qry.name != "Yaels-iPhone.local"',
  'dns.qry.name === "Yaels-iPhone.local"',
  'dns.qry.name matches "^www\\\\."',
  '!(dns.qry.name in {"www.google.com", "daisy.ubuntu.com"})',
  'len(dns.qry.name) > 15',
  'dns.flags.response == 1 && dns.qry.name contains "g"',
  'http.host contains "espn"',
  'http.request || tls',
  'frame.comment',
  'udp.length > 100 && !dns',
  // Typed columns read in one pass: two ports, two addresses, flags as a whole, a set over lengths.
  'udp.port in {53, 5353} && !(udp.srcport == 53)',
  'ip.addr === 192.168.1.1 || ipv6.addr !== ::1',
  'tcp.flags == 0x012 || tcp.flags.fin == 1',
  'frame.cap_len in {60..100} && frame.time_relative < 1',
]

async function open(file: string) {
  return runAnalysis(`${CORPUS_DIR}/${file}`, { previewAfterFrames: 0 })
}

describe('display filters over the columns', () => {
  for (const file of FILES) {
    it(`${file}: the column scan's verdicts are the per-frame test's, frame by frame`, async () => {
      const r = await open(file)
      try {
        const table = r.reader.pass.table
        const index = indexFields(r.reader)
        // A view's subset: the UDP frames, in frame order.
        const udp = Uint32Array.from([...Array(table.length).keys()].filter((i) => (table.proto[i]! & PROTOCOL_BITS.udp) !== 0))
        let decided = 0
        for (const filter of FILTERS) {
          const expr = parseFilter(filter)!
          const test = compileFilter(expr, index)
          const code = (i: number) => {
            const v = test.test(i)
            return v === true ? SCAN_TRUE : v === false ? SCAN_FALSE : SCAN_UNKNOWN
          }
          const all = scanFilter(expr, index, table, null)
          expect(all.length, filter).toBe(table.length)
          expect([...all], `${file}: ${filter}`).toEqual([...Array(table.length).keys()].map(code))
          const some = scanFilter(expr, index, table, udp)
          expect([...some], `${file}: ${filter} over the UDP frames`).toEqual([...udp].map(code))
          decided += all.filter((v) => v !== SCAN_UNKNOWN).length
        }
        expect(decided).toBeGreaterThan(0)
      } finally {
        await r.reader.close()
      }
    })
  }

  it('answers dns.qry.name from the names the pass took down, as tshark -Y does, mDNS messages with two questions included', async () => {
    const file = 'dns-many-queries-mdns-llmnr.pcap'
    const path = `${CORPUS_DIR}/${file}`
    const r = await open(file)
    try {
      const table = r.reader.pass.table
      // Frame 25 asks two names (tshark: _apple-mobdev._tcp.local,_sleep-proxy._udp.local).
      expect([table.names[table.dnsName[24]!], ...(table.moreDnsNames.get(24) ?? []).map((id) => table.names[id])]).toEqual(['_apple-mobdev._tcp.local.', '_sleep-proxy._udp.local.'])
      for (const filter of [
        'dns.qry.name == "_sleep-proxy._udp.local"',
        'dns.qry.name != "Yaels-iPhone.local"',
        'dns.qry.name === "Yaels-iPhone.local"',
        'dns.qry.name contains "google"',
        '!(dns.qry.name in {"www.google.com", "_apple-mobdev._tcp.local"})',
        'dns.qry.name matches "local$" && udp.port == 5353',
      ]) {
        let dissected = 0
        const { view, count } = await r.views.filtered({ filter }, { onProgress: (p) => (dissected = Math.max(dissected, p.dissected)) })
        const ours = (await r.views.rows(view, 0, count)).map((row) => row.frame)
        const theirs = (await tsharkFields(path, ['frame.number'], ['-Y', filter])).map(([n = '']) => Number(n))
        expect(ours, filter).toEqual(theirs)
        expect(ours.length, filter).toBeGreaterThan(0)
        // Every DNS message here is a datagram: nothing is read back from the file.
        expect(dissected, filter).toBe(0)
      }
    } finally {
      await r.reader.close()
    }
  })
})

/** Address texts in the packet list's order: IPv4 numerically, before any other text. */
function collate(text: string): string {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  return v4 ? `0${v4.slice(1).map((x) => x.padStart(3, '0')).join('.')}` : `1${text}`
}

describe('sorts', () => {
  for (const file of FILES) {
    it(`${file}: every column both ways is a stable comparison sort of the same keys`, async () => {
      const r = await open(file)
      try {
        const t = r.reader.pass.table
        const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
        const compare: Record<FrameSortColumn, (a: number, b: number) => number> = {
          number: (a, b) => a - b,
          time: (a, b) => t.t[a]! - t.t[b]!,
          length: (a, b) => t.origLen[a]! - t.origLen[b]!,
          source: (a, b) => text(collate(t.addresses[t.src[a]!]!), collate(t.addresses[t.src[b]!]!)),
          destination: (a, b) => text(collate(t.addresses[t.dst[a]!]!), collate(t.addresses[t.dst[b]!]!)),
          protocol: (a, b) => text(protocolName(t.proto[a]!), protocolName(t.proto[b]!)),
        }
        for (const column of Object.keys(compare) as FrameSortColumn[]) {
          for (const descending of [false, true]) {
            for (const protocols of [undefined, ['tcp' as const]]) {
              const { view, count } = r.views.create({ sort: { column, descending }, ...(protocols ? { protocols } : {}) })
              const ours = (await r.views.rows(view, 0, count)).map((row) => row.frame - 1)
              const frames = [...Array(t.length).keys()].filter((i) => protocols === undefined || (t.proto[i]! & PROTOCOL_BITS.tcp) !== 0)
              const sign = descending ? -1 : 1
              const expected = frames.sort((a, b) => sign * compare[column](a, b) || a - b)
              expect(ours, `${file}: ${column} ${descending ? 'descending' : 'ascending'}${protocols ? ' (tcp)' : ''}`).toEqual(expected)
            }
          }
        }
      } finally {
        await r.reader.close()
      }
    })
  }
})

describe('sorts by time out of order', () => {
  it('orders times that go back, repeat and are negative as a comparison sort does, ties in frame order', () => {
    // A table as the pass fills it, with times as broken captures have them (the file is not read:
    // a sort reads the columns only).
    const pass = new StreamingPass(null)
    const times: number[] = []
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    for (let k = 0; k < 3000; k++) {
      const r = random()
      const t = r < 0.1 ? -0 : r < 0.2 ? -r * 1e6 : r < 0.5 ? Math.floor(r * 20) : r * 1e9 + 0.000001 * k
      times.push(t)
      pass.table.push(k * 100, 60, 60 + (k % 7), t, 1, 0)
    }
    const views = new FrameViews(pass.table, new DetailReader({ path: 'unread.pcap', pass, notes: new Map() }))
    for (const descending of [false, true]) {
      const { view, count } = views.create({ sort: { column: 'time', descending } })
      expect(count).toBe(times.length)
      const order = new Array<number>(count)
      for (let i = 0; i < count; i++) order[views.position(view, i + 1)!] = i
      const sign = descending ? -1 : 1
      expect(order).toEqual([...times.keys()].sort((a, b) => sign * (times[a]! - times[b]!) || a - b))
    }
  })
})

describe('the frame → step map', () => {
  it('sends every frame to the step the Map did, from the worker’s typed array', async () => {
    for (const file of ['http-espn-pageload-images-gzip.pcapng', 'dns-many-queries-mdns-llmnr.pcap']) {
      const r = await open(file)
      try {
        const t = r.reader.pass.table
        const frameOf = (frame: number) => {
          if (frame < 1 || frame > t.length) return undefined
          const c = t.connection[frame - 1]!
          const d = t.dns[frame - 1]!
          return { ...(c >= 0 ? { connection: c } : {}), ...(d >= 0 ? { dns: d } : {}) }
        }
        const steps = Array.from(r.walkthrough.steps)
        expect(steps.length).toBeGreaterThan(10)
        const byMap = createStepFinder(steps, frameOf)
        const byArray = createStepFinder(steps, frameOf, t.length)
        const frames = [...Array(t.length + 2).keys()]
        expect(frames.map((f) => byArray.find({ frame: f })), file).toEqual(frames.map((f) => byMap.find({ frame: f })))
        // And through the lesson the worker serves.
        expect(frames.map((f) => r.lesson.stepFor({ frame: f }))).toEqual(frames.map((f) => byMap.find({ frame: f })))
        // A phase bar and a hop bar go to the first step of that phase or hop.
        let bars = 0
        for (const step of steps) {
          const phase = STEP_PHASE[step.kind]
          const { connection, resolution, hop } = step.refs
          if (connection !== undefined && phase !== null) {
            bars++
            expect(byArray.find({ connection, phase })).toBe(steps.find((s) => s.refs.connection === connection && STEP_PHASE[s.kind] === phase)!.index)
          }
          if (resolution !== undefined && hop !== undefined) {
            bars++
            expect(byArray.find({ resolution, hop })).toBe(steps.find((s) => s.refs.resolution === resolution && s.refs.hop === hop)!.index)
          }
        }
        expect(byArray.find({ connection: 99_999, phase: 'connect' })).toBeNull()
        if (file.startsWith('http')) expect(bars).toBeGreaterThan(20)
      } finally {
        await r.reader.close()
      }
    }
  })
})
