// IPv6 (RFC 8200) with extension headers: each one is its own layer with its next-header and
// length fields at their offsets, and the upper layer is found after the chain. A fragment header
// marks the packet as a fragment (reassembly is the analyzer's: test/analyzer/ip-reassembly.test.ts).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { dissect, find, findAll, tsharkPositions } from './helpers.ts'

// Built for this test: Hop-by-Hop (Router Alert, PadN) → Destination Options (PadN) → UDP → DNS.
// tcpdump -n -e -XX -vv
// 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 108: (hlim 64, next-header Options (0) payload length: 54) fd00::1 > fd00::53: HBH (rtalert: 0x0000) (padn) DSTOPT (padn) 54321 > 53: [bad udp cksum 0x0000 -> 0x02c0!] 28280+ AAAA? ext.lab.test. (30)
//   0x0000:  0200 0000 0002 0200 0000 0001 86dd 6000  ..............`.
//   0x0010:  0000 0036 0040 fd00 0000 0000 0000 0000  ...6.@..........
//   0x0020:  0000 0000 0001 fd00 0000 0000 0000 0000  ................
//   0x0030:  0000 0000 0053 3c00 0502 0000 0100 1100  .....S<.........
//   0x0040:  0104 0000 0000 d431 0035 0026 0000 6e78  .......1.5.&..nx
//   0x0050:  0100 0001 0000 0000 0000 0365 7874 036c  ...........ext.l
//   0x0060:  6162 0474 6573 7400 001c 0001            ab.test.....
const IPV6_EXT = new Uint8Array([
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x36, 0x00, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x53, 0x3c, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00, 0x11, 0x00,
  0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0xd4, 0x31, 0x00, 0x35, 0x00, 0x26, 0x00, 0x00, 0x6e, 0x78,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x65, 0x78, 0x74, 0x03, 0x6c,
  0x61, 0x62, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00, 0x00, 0x1c, 0x00, 0x01,
])

// Built for this test: the first fragment (offset 0, M=1, id 0xcafe0001) of a UDP datagram.
// tcpdump -n -e -XX -vv
// 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6 (0x86dd), length 78: (hlim 64, next-header Fragment (44) payload length: 24) fd00::53 > fd00::1: frag (0xcafe0001:0|16) 54321 > 53: domain [length 8 < 12] (invalid)
//   0x0000:  0200 0000 0002 0200 0000 0001 86dd 6000  ..............`.
//   0x0010:  0000 0018 2c40 fd00 0000 0000 0000 0000  ....,@..........
//   0x0020:  0000 0000 0053 fd00 0000 0000 0000 0000  .....S..........
//   0x0030:  0000 0000 0001 1100 0001 cafe 0001 d431  ...............1
//   0x0040:  0035 0026 0000 6e78 0100 0001 0000       .5.&..nx......
const FRAG6 = new Uint8Array([
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x86, 0xdd, 0x60, 0x00,
  0x00, 0x00, 0x00, 0x18, 0x2c, 0x40, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x53, 0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x01, 0xca, 0xfe, 0x00, 0x01, 0xd4, 0x31,
  0x00, 0x35, 0x00, 0x26, 0x00, 0x00, 0x6e, 0x78, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
])

describe('IPv6 extension headers', () => {
  it('walks Hop-by-Hop and Destination Options to UDP and DNS, with every offset', () => {
    const d = dissect(IPV6_EXT)
    expect(d.names).toEqual(['Ethernet II', 'Internet Protocol Version 6, Src: fd00::1, Dst: fd00::53', 'IPv6 Hop-by-Hop Options Header', 'IPv6 Destination Options Header', 'User Datagram Protocol, Src Port: 54321, Dst Port: 53', 'Domain Name System (query)'])
    const [, ip6, hbh, dst, udp] = d.ctx.layers
    expect(find(ip6!, 'ipv6.plen')).toMatchObject({ offset: 18, length: 2, value: 54 })
    expect(find(ip6!, 'ipv6.nxt')).toMatchObject({ offset: 20, length: 1, value: 0 })
    expect(find(ip6!, 'ipv6.hlim')).toMatchObject({ offset: 21, length: 1, value: 64 })
    expect(find(ip6!, 'ipv6.src')).toMatchObject({ offset: 22, length: 16, value: 'fd00::1' })
    expect(find(ip6!, 'ipv6.dst')).toMatchObject({ offset: 38, length: 16, value: 'fd00::53' })
    expect(find(ip6!, 'ipv6.upper')).toMatchObject({ length: 0, generated: true, value: 'UDP (17)' })
    expect([hbh!.offset, hbh!.length, dst!.offset, dst!.length, udp!.offset]).toEqual([54, 8, 62, 8, 70])
    expect(find(hbh!, 'ipv6.ext.nxt')).toMatchObject({ offset: 54, length: 1, value: 60 })
    expect(find(dst!, 'ipv6.ext.nxt')).toMatchObject({ offset: 62, length: 1, value: 17 })
    expect(find(dst!, 'ipv6.ext.len')).toMatchObject({ offset: 63, length: 1, value: 0 })
    expect(d.net.ip).toMatchObject({ version: 6, protocol: 17, payloadOffset: 70, payloadLength: 38 })
    expect(d.dns).toMatchObject({ id: 0x6e78, questions: [{ name: 'ext.lab.test.', type: 'AAAA' }] })
    // The checksum is zero (not computed for this frame); nothing else is wrong.
    expect(d.ctx.issues).toEqual([])
  })

  it('names each extension header in the pane\'s layer list once, as RFC 8200 does, on real captures', async () => {
    const cases = [
      { capture: 'more/ipv6-routing-header-icmpv6-udp.pcap', layer: 'IPv6 Routing Header', tshark: 'ipv6.routing' },
      { capture: 'more/tcp-bigtcp-ipv6-jumbo-hop-by-hop-80kb.pcap', layer: 'IPv6 Hop-by-Hop Options Header', tshark: 'ipv6.hopopts' },
    ]
    for (const { capture, layer, tshark } of cases) {
      const path = join(CORPUS_DIR, capture)
      // tshark finds that header in frame 1, right after the IPv6 header.
      expect(await tsharkFields(path, ['frame.protocols'], ['-c', '1'])).toEqual([[expect.stringContaining(`:ipv6:${tshark}:`)]])
      const { reader } = await runAnalysis(path)
      const names = (await reader.detail(1)).layers.map((l) => l.name)
      await reader.close()
      expect(names[3]).toBe(layer)
      for (const name of names) expect(name, 'a word said twice').not.toMatch(/\b(\S+) \1\b/)
    }
  })

  it('agrees with tshark on where the IPv6 and UDP fields are', async () => {
    const theirs = await tsharkPositions(IPV6_EXT)
    const layers = dissect(IPV6_EXT).ctx.layers
    for (const key of ['ipv6.plen', 'ipv6.nxt', 'ipv6.src', 'ipv6.dst', 'ipv6.flow', 'ipv6.tclass', 'udp.srcport', 'udp.length', 'dns.qry.name']) expect(findAll(layers, key).map((f) => [f.offset, f.length]), key).toEqual(theirs.get(key))
  })

  it('reports a fragment header and stops before the transport layer', () => {
    const d = dissect(FRAG6)
    expect(d.net.ip!.fragment).toEqual({ id: 0xcafe0001, offset: 0, more: true })
    expect(d.net.ip).toMatchObject({ protocol: 17, payloadOffset: 62, payloadLength: 16 })
    expect(d.names).toEqual(['Ethernet II', 'Internet Protocol Version 6, Src: fd00::53, Dst: fd00::1', 'IPv6 Fragment Header'])
    const frag = d.ctx.layers[2]!
    expect(find(frag, 'ipv6.fragment.nxt')).toMatchObject({ offset: 54, length: 1, value: 17 })
    expect(find(frag, 'ipv6.fragment.offset')).toMatchObject({ offset: 56, length: 2, value: 0 })
    expect(find(frag, 'ipv6.fragment.more')).toMatchObject({ offset: 56, length: 2, value: true })
    expect(find(frag, 'ipv6.fragment.id')).toMatchObject({ offset: 58, length: 4, value: 0xcafe0001 })
  })

  it('flags an extension header that runs past the payload, and keeps the IPv6 layer', () => {
    const cut = IPV6_EXT.slice(0, 58) // 4 bytes of the 8-byte Hop-by-Hop header
    cut[18] = 0
    cut[19] = 4 // payload length 4: what is there
    const d = dissect(cut)
    expect(d.names[1]).toMatch(/^Internet Protocol Version 6/)
    expect(d.ctx.issues).toEqual([expect.objectContaining({ layer: 'IPv6', severity: 'error', offset: 54, message: expect.stringContaining('cut short') })])
    expect(d.net.ip).toBeUndefined()
  })
})
