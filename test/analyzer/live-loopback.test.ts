// A capture nobody prepared for: tcpdump records this test's own loopback traffic (dig and node
// clients against small DNS and HTTP servers, see loopback-scenario.ts), and the analyzer's result
// is compared with tshark reading the same file live: DNS transactions, TCP conversations, HTTP
// requests and statuses (with the frames tshark puts them on), and how each connection closed.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { analyzerView, tsharkView } from './compare.ts'
import { PAGE, STYLE, startScenario, type Scenario } from './loopback-scenario.ts'
import { startTcpdump, type CaptureStats } from './peers.ts'
import { offsetMismatches } from '../decode/helpers.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('live')
const pcap = join(dir, 'loopback.pcap')
let scenario: Scenario
let stats: CaptureStats
let w: Walkthrough

beforeAll(async () => {
  scenario = await startScenario(1)
  const capture = await startTcpdump({ file: pcap, filter: scenario.filter, marker: { address: scenario.dnsAddress } })
  try {
    await scenario.traffic()
  } finally {
    stats = await capture.stop()
    await scenario.close()
  }
  const r = await runAnalysis(pcap)
  await r.reader.close()
  w = withAllWords(r.walkthrough)
}, 60_000)

afterAll(async () => {
  await scenario?.close()
})

describe('a loopback capture made by this test', () => {
  it('holds every packet tcpdump captured', () => {
    expect(stats.droppedByKernel).toBe(0)
    expect(stats.captured).toBeGreaterThan(40)
    expect(w.packets).toBe(stats.captured)
    expect(w.source.linkTypes).toEqual([{ id: 1, name: 'ETHERNET' }])
    expect(w.fileErrors).toEqual([])
  })

  it('agrees with tshark on DNS, TCP conversations, HTTP and how connections closed', async () => {
    const live = await tsharkView(pcap, scenario.decodeAs)
    const mine = analyzerView(w)
    expect(mine).toEqual(live)
    // The scenario's shape, so an empty capture cannot agree trivially.
    expect(live.dnsQueries.map((q) => q.split('|').slice(2).join('|'))).toEqual(['www.lab.test|1', 'alias.lab.test|1', 'nothere.lab.test|1'])
    expect(live.tcpStreams).toBe(5)
    expect(live.httpRequests.map((r) => r.split('|')[1])).toEqual(['GET /index.html', 'GET /missing', 'HEAD /index.html', 'GET /style.css', 'GET /close', 'GET /style.css'])
    expect(live.closes.map((c) => c.split('|').slice(1).join('|'))).toEqual(['fin|client', 'fin|client', 'rst|client', 'fin|server', 'fin|client'])
  })

  it('puts every field of every frame where tshark puts it', async () => {
    expect(await offsetMismatches(pcap, Number.MAX_SAFE_INTEGER, scenario.decodeAs)).toEqual([])
  })

  it('shows what tshark does not: phases, decoded bodies, causes, resolution links', () => {
    const web = w.connections.filter((c) => c.purpose === 'http')
    expect(web).toHaveLength(4)
    for (const c of web) expect(c.phases.connect!.frames).toHaveLength(3)
    expect(web[1]!.phases.close).toMatchObject({ kind: 'rst', by: 'client' })
    expect(web[2]!.phases.close).toMatchObject({ kind: 'fin', by: 'server' })
    const dnsTcp = w.connections.find((c) => c.purpose === 'dns')!
    expect(dnsTcp.server).toBe(`${scenario.dnsAddress}:10053`)

    const pageIndex = w.http.findIndex((h) => h.method === 'GET' && h.uri === '/index.html')
    const page = w.http[pageIndex]!
    expect(page).toMatchObject({ status: 200, transferEncoding: 'chunked', contentEncoding: 'gzip', host: `www.lab.test:${scenario.httpPort}` })
    expect(page.bodyBytes!.decoded).toBe(Buffer.byteLength(PAGE))
    const head = w.http.find((h) => h.method === 'HEAD')!
    expect(head.bodyBytes).toEqual({ wire: 0, decoded: 0 })
    const css = w.http.filter((h) => h.uri === '/style.css')
    expect(css.map((h) => h.bodyBytes!.decoded)).toEqual([STYLE.length, STYLE.length])
    expect(css[0]!.causedBy).toBe(pageIndex)
    expect(w.connections[css[1]!.connection]!.server).toBe(`[::1]:${scenario.httpPort6}`)

    expect(w.dns.find((d) => d.id === 0x4321)).toMatchObject({ rcode: 'NXDOMAIN', outcome: 'nxdomain', aa: true })
    const www = w.resolutions.findIndex((r) => r.qname === 'www.lab.test.' && r.answers.some((a) => a.data === scenario.webAddress))
    expect(www).toBeGreaterThanOrEqual(0)
    expect(web[0]!.resolution).toBeDefined()
    expect(w.resolutions[web[0]!.resolution!]!.answers.map((a) => a.data)).toContain(scenario.webAddress)
    expect(w.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(['dns-query', 'dns-answer', 'dns-nxdomain', 'connect', 'send', 'http-response', 'close']))
  })
})
