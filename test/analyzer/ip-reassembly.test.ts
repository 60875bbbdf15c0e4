// IP fragment reassembly (ip-reassembly.ts): a DNS response too big for one packet, split into
// IPv4 fragments (and, separately, IPv6 fragment headers) that arrive out of order, once twice
// and once overlapping. The analyzer must rebuild the same datagram tshark rebuilds, on the same
// frame; a datagram with a fragment missing is never invented.
import { join } from 'node:path'
import dnsPacket from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { IpReassembly } from '../../src-main/analyzer/ip-reassembly.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { IpResult } from '../../src-main/decode/ipv4.ts'
import { analyzerView, tsharkView } from './compare.ts'
import { ipv4, ipv6, udp, writePcap } from './frames.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('frag')
const TXT = Array.from({ length: 6 }, (_, i) => `fragment test record ${i} `.repeat(8))
const query = dnsPacket.encode({ type: 'query', id: 0xf00d, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'TXT', name: 'big.lab.test' }] })
const response = dnsPacket.encode({ type: 'response', id: 0xf00d, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE, questions: [{ type: 'TXT', name: 'big.lab.test' }], answers: TXT.map((t) => ({ type: 'TXT' as const, name: 'big.lab.test', ttl: 60, data: t })) })
const datagram = udp(53, 33000, response) // the UDP datagram the fragments carry

async function analyse(frames: Uint8Array[], name: string) {
  const file = join(dir, name)
  writePcap(file, frames)
  const { walkthrough, reader } = await runAnalysis(file)
  await reader.close()
  return { w: withAllWords(walkthrough), file }
}

describe('IPv4 fragments', () => {
  const C = '127.144.6.1'
  const S = '127.144.6.53'
  const frag = (from: number, to: number, more: boolean) => ipv4(S, C, 17, datagram.subarray(from, to), { id: 0x4242, offset: from, more })
  const q = ipv4(C, S, 17, udp(33000, 53, query))

  it('out of order, duplicated and overlapping: one DNS response, on the frame tshark names', async () => {
    expect(datagram.length).toBeGreaterThan(1000)
    const frames = [
      q,
      frag(800, datagram.length, false), // the last fragment first
      frag(0, 400, true),
      frag(0, 400, true), // the same again
      frag(392, 800, true), // overlaps the first by 8 bytes
    ]
    const { w, file } = await analyse(frames, 'v4.pcap')
    expect(analyzerView(w)).toEqual(await tsharkView(file))
    expect(w.dns).toHaveLength(1)
    expect(w.dns[0]).toMatchObject({ id: 0xf00d, qtype: 'TXT', rcode: 'NOERROR', query_frame: 1, response_frame: 5 })
    expect(w.dns[0]!.answers.map((a) => a.data)).toEqual(TXT.map((t) => `"${t}"`))
    expect(w.frames[1]!.info).toMatch(/^Fragmented IP protocol \(proto 17, off=800/)
    // The frame that completes the datagram shows what it carries, as in Wireshark.
    expect(w.frames[4]).toMatchObject({ protocol: 'DNS', info: expect.stringMatching(/^Standard query response 0xf00d TXT big\.lab\.test TXT/) })
  })

  it('a missing fragment: no response is made up', async () => {
    const { w, file } = await analyse([q, frag(0, 400, true), frag(800, datagram.length, false)], 'v4-missing.pcap')
    expect(analyzerView(w)).toEqual(await tsharkView(file))
    expect(w.dns).toEqual([expect.objectContaining({ query_frame: 1, response_frame: null })])
  })
})

describe('IPv6 fragments', () => {
  const C = 'fd00::6:1'
  const S = 'fd00::6:53'
  const frag = (from: number, to: number, more: boolean) => ipv6(S, C, 17, datagram.subarray(from, to), { id: 0x10203040, offset: from, more, next: 17 })

  it('three fragment headers in reverse order make the response', async () => {
    const frames = [ipv6(C, S, 17, udp(33000, 53, query)), frag(816, datagram.length, false), frag(408, 816, true), frag(0, 408, true)]
    const { w, file } = await analyse(frames, 'v6.pcap')
    expect(analyzerView(w)).toEqual(await tsharkView(file))
    expect(w.dns[0]).toMatchObject({ id: 0xf00d, response_frame: 4, server: '[fd00::6:53]:53' })
  })
})

describe('IpReassembly', () => {
  const ip = (id: number, offset: number, more: boolean, src = '10.0.0.1'): IpResult => ({ version: 4, src, dst: '10.0.0.2', protocol: 17, payloadOffset: 0, payloadEnd: 0, payloadLength: 0, ttl: 64, fragment: { id, offset, more } })
  const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill)

  it('keeps datagrams with different ids or sources apart', () => {
    const r = new IpReassembly()
    expect(r.add(ip(1, 0, true), bytes(8, 1), 0, 0)).toBeNull()
    expect(r.add(ip(2, 0, true), bytes(8, 2), 1, 0)).toBeNull()
    expect(r.add(ip(1, 8, false, '10.0.0.9'), bytes(8, 9), 2, 0)).toBeNull()
    const done = r.add(ip(1, 8, false), bytes(8, 3), 3, 0)!
    expect([...done.bytes]).toEqual([...bytes(8, 1), ...bytes(8, 3)])
    expect(done.frames).toEqual([0, 3])
  })

  it('forgets a datagram whose fragments are more than 60 s apart', () => {
    const r = new IpReassembly()
    r.add(ip(7, 0, true), bytes(8, 1), 0, 0)
    expect(r.add(ip(7, 8, false), bytes(8, 2), 1, 61)).toBeNull()
  })

  it('holds a bounded amount however many fragments never complete', () => {
    const r = new IpReassembly()
    // One datagram that never ends: no more than twice the largest datagram is kept.
    for (let i = 0; i < 500; i++) r.add(ip(9, 0, true), bytes(1000, 1), i, 0)
    expect(r.heldBytes).toBeLessThanOrEqual(2 * (65535 + 40))
    // Thirty thousand datagrams that never end: the oldest go once all hold 16 MiB.
    for (let id = 0; id < 30_000; id++) r.add(ip(id, 0, true, '10.0.0.3'), bytes(1000, 2), id, 1)
    expect(r.heldBytes).toBeLessThanOrEqual(16 * 1024 * 1024)
    expect(r.heldBytes).toBeGreaterThan(15 * 1024 * 1024)
    // The newest are still there: their last fragment completes them.
    expect(r.add(ip(29_999, 1000, false, '10.0.0.3'), bytes(10, 3), 30_001, 2)?.bytes.length).toBe(1010)
  })
})
