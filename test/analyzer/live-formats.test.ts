// The same live traffic in the file variants other tools write: three tcpdumps record one run of
// the loopback scenario at once (Ethernet on lo with nanosecond stamps, `-i any` as Linux cooked
// v1 and v2), editcap and tshark rewrite it as pcapng and as microsecond pcap, and text2pcap makes
// frames from hex text with its own dummy headers. Every file is checked against tshark on that
// file, time stamps to the nanosecond against tshark's frame.time_epoch.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { analyzerView, tsharkView, type CaptureView } from './compare.ts'
import { startScenario, type Scenario } from './loopback-scenario.ts'
import { runPeer, startTcpdump } from './peers.ts'
import { tsharkFields } from './tshark.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('formats')
const at = (name: string) => join(dir, name)
let scenario: Scenario

async function analyse(file: string): Promise<Walkthrough> {
  const r = await runAnalysis(file)
  await r.reader.close()
  return withAllWords(r.walkthrough)
}

/** Epoch time stamps as exact integers of nanoseconds. */
async function ourStamps(file: string): Promise<bigint[]> {
  const out: bigint[] = []
  await readCapture(file, { onFrame: (f) => out.push(BigInt(f.tsSec) * 1_000_000_000n + BigInt(f.tsNsec)) })
  return out
}
async function tsharkStamps(file: string): Promise<bigint[]> {
  const rows = await tsharkFields(file, ['frame.time_epoch'])
  return rows.map(([t = '']) => {
    const [s = '0', f = ''] = t.split('.')
    return BigInt(s) * 1_000_000_000n + BigInt(f.padEnd(9, '0').slice(0, 9))
  })
}

beforeAll(async () => {
  scenario = await startScenario(2)
  const captures = await Promise.all([
    startTcpdump({ file: at('lo-nsec.pcap'), filter: scenario.filter, marker: { address: scenario.dnsAddress }, nanoseconds: true }),
    startTcpdump({ file: at('any-sll.pcap'), filter: scenario.filter, marker: { address: scenario.dnsAddress }, iface: 'any', linkType: 'LINUX_SLL' }),
    startTcpdump({ file: at('any-sll2.pcap'), filter: scenario.filter, marker: { address: scenario.dnsAddress }, iface: 'any', linkType: 'LINUX_SLL2' }),
  ])
  try {
    await scenario.traffic()
  } finally {
    for (const c of captures) await c.stop()
    await scenario.close()
  }
  await runPeer('editcap', ['-F', 'pcapng', at('lo-nsec.pcap'), at('editcap.pcapng')], { check: true })
  await runPeer('tshark', ['-n', '-r', at('lo-nsec.pcap'), '-F', 'pcapng', '-w', at('tshark.pcapng')], { check: true })
  await runPeer('editcap', ['-F', 'pcap', at('lo-nsec.pcap'), at('lo-usec.pcap')], { check: true })
  await runPeer('editcap', ['-F', 'pcapng', at('any-sll2.pcap'), at('any-sll2.pcapng')], { check: true })
}, 90_000)

afterAll(async () => {
  await scenario?.close()
})

describe('one run of live traffic, in the formats other tools write', () => {
  const files: [string, string, number][] = [
    ['lo-nsec.pcap', 'pcap, Ethernet, nanosecond magic (tcpdump --time-stamp-precision=nano)', 1],
    ['lo-usec.pcap', 'pcap, microsecond (editcap -F pcap)', 1],
    ['editcap.pcapng', 'pcapng (editcap -F pcapng)', 1],
    ['tshark.pcapng', 'pcapng (tshark -F pcapng)', 1],
    ['any-sll.pcap', 'Linux cooked v1 (tcpdump -i any -y LINUX_SLL)', 113],
    ['any-sll2.pcap', 'Linux cooked v2 (tcpdump -i any -y LINUX_SLL2)', 276],
    ['any-sll2.pcapng', 'Linux cooked v2 in pcapng', 276],
  ]
  const views = new Map<string, CaptureView>()
  for (const [name, what, linkType] of files) {
    it(`${what}: agrees with tshark`, async () => {
      const w = await analyse(at(name))
      expect(w.fileErrors).toEqual([])
      expect(w.source.linkTypes.map((l) => l.id)).toEqual([linkType])
      const mine = analyzerView(w)
      expect(mine).toEqual(await tsharkView(at(name), scenario.decodeAs))
      expect(mine.tcpStreams).toBe(5)
      expect(mine.httpRequests).toHaveLength(6)
      views.set(name, mine)
    })
  }

  it('every variant shows the same exchanges (frame numbers aside for -i any)', () => {
    const strip = (v: CaptureView) => ({ q: v.dnsQueries.map((x) => x.replace(/^\d+\|/, '')), r: v.dnsResponses.map((x) => x.replace(/^\d+\|/, '')), h: v.httpRequests.map((x) => x.replace(/^\d+\|/, '')), s: v.httpResponses.map((x) => x.replace(/^\d+\|/, '')), c: v.closes })
    expect(views.size).toBe(files.length)
    const first = strip(views.get('lo-nsec.pcap')!)
    for (const [name] of files) expect(strip(views.get(name)!), name).toEqual(first)
  })

  it('reads time stamps to the nanosecond, as tshark does', async () => {
    for (const name of ['lo-nsec.pcap', 'editcap.pcapng', 'tshark.pcapng', 'lo-usec.pcap', 'any-sll2.pcapng']) {
      const mine = await ourStamps(at(name))
      expect(mine.length, name).toBeGreaterThan(40)
      expect(mine, name).toEqual(await tsharkStamps(at(name)))
    }
    // The kernel's nanosecond stamps are really there (not microseconds times 1000).
    const ns = await ourStamps(at('lo-nsec.pcap'))
    expect(ns.some((t) => t % 1000n !== 0n)).toBe(true)
    const w = await analyse(at('lo-nsec.pcap'))
    expect(w.source.timestampResolution).toBe('nsec')
    expect((await analyse(at('lo-usec.pcap'))).source.timestampResolution).toBe('usec')
  })
})

/** od-style hex text that text2pcap reads: an offset, then the bytes, 16 to a line. */
function hexText(direction: 'I' | 'O', bytes: Uint8Array): string {
  let out = ''
  for (let o = 0; o < bytes.length; o += 16) {
    const line = Array.from(bytes.subarray(o, o + 16), (b) => b.toString(16).padStart(2, '0')).join(' ')
    out += `${o === 0 ? `${direction} ` : ''}${o.toString(16).padStart(6, '0')} ${line}\n`
  }
  return out
}

describe('frames made by text2pcap from hex text', () => {
  it('DNS over UDP and an HTTP exchange without a handshake, as pcap and pcapng', async () => {
    const query = dnsPacket.encode({ type: 'query', id: 0xbeef, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'AAAA', name: 'text2pcap.lab.test' }] })
    const reply = dnsPacket.encode({ type: 'response', id: 0xbeef, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: [{ type: 'AAAA', name: 'text2pcap.lab.test' }], answers: [{ type: 'AAAA', name: 'text2pcap.lab.test', ttl: 60, data: '::1' }] })
    writeFileSync(at('dns.txt'), hexText('O', query) + hexText('I', reply))
    const request = Buffer.from('POST /form HTTP/1.1\r\nHost: lab.test\r\nContent-Length: 5\r\n\r\nhello')
    const chunked = '4\r\nmade\r\n0\r\n\r\n'
    const response = Buffer.from(`HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n${chunked}`)
    writeFileSync(at('http.txt'), hexText('O', request) + hexText('I', response))
    for (const format of ['pcap', 'pcapng']) {
      const dnsFile = at(`t2p-dns.${format}`)
      const httpFile = at(`t2p-http.${format}`)
      await runPeer('text2pcap', ['-q', '-D', '-F', format, '-4', '127.144.2.10,127.144.2.53', '-u', '40000,53', at('dns.txt'), dnsFile], { check: true })
      await runPeer('text2pcap', ['-q', '-D', '-F', format, '-4', '127.144.2.10,127.144.2.80', '-T', '40001,80', at('http.txt'), httpFile], { check: true })
      const wd = await analyse(dnsFile)
      expect(analyzerView(wd)).toEqual(await tsharkView(dnsFile))
      expect(wd.dns).toHaveLength(1)
      expect(wd.dns[0]).toMatchObject({ id: 0xbeef, qname: 'text2pcap.lab.test.', qtype: 'AAAA', rcode: 'NOERROR', answers: [{ type: 'AAAA', data: '::1' }] })
      const wh = await analyse(httpFile)
      expect(analyzerView(wh)).toEqual(await tsharkView(httpFile))
      expect(wh.http).toEqual([expect.objectContaining({ method: 'POST', uri: '/form', status: 201, bodyBytes: { wire: chunked.length, decoded: 4 } })])
      // No SYN in the file, and text2pcap's "O" lines go from the second address and port: the
      // request leaves port 80. The content says who asked, so that side is the client.
      const first = await tsharkFields(httpFile, ['ip.src', 'tcp.srcport', 'http.request.method'])
      expect(first[0]).toEqual(['127.144.2.80', '80', 'POST'])
      expect(wh.connections[0]).toMatchObject({ client: '127.144.2.80:80', server: '127.144.2.10:40001', purpose: 'http' })
      expect(wh.connections[0]!.phases.connect).toBeNull()
    }
  })
})
