// VLAN tags (IEEE 802.1Q, and 802.1ad QinQ with an outer 0x88a8 tag): each tag is a 4-byte layer
// between Ethernet and IP; everything after it moves by 4 bytes per tag. The frames are the
// query of dns-udp.test.ts with tags inserted.
import { describe, expect, it } from 'vitest'
import { newContext } from '../../src-main/decode/core.ts'
import { LINKTYPE_RAW } from '../../src-main/decode/link.ts'
import { decodeNetwork, newDecodeScratch } from '../../src-main/decode/packet.ts'
import { DNS_QUERY } from './fixtures.ts'
import { dissect, find, findAll, tsharkPositions } from './helpers.ts'

// tcpdump -n -e -XX -vv
// c4:b3:01:bc:95:63 > c0:c1:c0:17:8c:e8, ethertype 802.1Q (0x8100), length 73: vlan 100, p 3, ethertype IPv4 (0x0800), (tos 0x0, ttl 64, id 51819, offset 0, flags [none], proto UDP (17), length 55)
//     172.16.16.170.49343 > 4.2.2.1.53: [udp sum ok] 9470+ A? intel.com. (27)
//   0x0000:  c0c1 c017 8ce8 c4b3 01bc 9563 8100 6064  ...........c..`d
//   0x0010:  0800 4500 0037 ca6b 0000 4011 ed8d ac10  ..E..7.k..@.....
//   0x0020:  10aa 0402 0201 c0bf 0035 0023 07dd 24fe  .........5.#..$.
//   0x0030:  0100 0001 0000 0000 0000 0569 6e74 656c  ...........intel
//   0x0040:  0363 6f6d 0000 0100 01                   .com.....
const VLAN = new Uint8Array([
  0xc0, 0xc1, 0xc0, 0x17, 0x8c, 0xe8, 0xc4, 0xb3, 0x01, 0xbc, 0x95, 0x63, 0x81, 0x00, 0x60, 0x64,
  0x08, 0x00, 0x45, 0x00, 0x00, 0x37, 0xca, 0x6b, 0x00, 0x00, 0x40, 0x11, 0xed, 0x8d, 0xac, 0x10,
  0x10, 0xaa, 0x04, 0x02, 0x02, 0x01, 0xc0, 0xbf, 0x00, 0x35, 0x00, 0x23, 0x07, 0xdd, 0x24, 0xfe,
  0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x69, 0x6e, 0x74, 0x65, 0x6c,
  0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
])

// tcpdump -n -e -XX -vv
// c4:b3:01:bc:95:63 > c0:c1:c0:17:8c:e8, ethertype 802.1Q-QinQ (0x88a8), length 77: vlan 200, p 0, ethertype 802.1Q (0x8100), vlan 100, p 3, ethertype IPv4 (0x0800), (tos 0x0, ttl 64, id 51819, offset 0, flags [none], proto UDP (17), length 55)
//     172.16.16.170.49343 > 4.2.2.1.53: [udp sum ok] 9470+ A? intel.com. (27)
//   0x0000:  c0c1 c017 8ce8 c4b3 01bc 9563 88a8 00c8  ...........c....
//   0x0010:  8100 6064 0800 4500 0037 ca6b 0000 4011  ..`d..E..7.k..@.
//   0x0020:  ed8d ac10 10aa 0402 0201 c0bf 0035 0023  .............5.#
//   0x0030:  07dd 24fe 0100 0001 0000 0000 0000 0569  ..$............i
//   0x0040:  6e74 656c 0363 6f6d 0000 0100 01         ntel.com.....
const QINQ = new Uint8Array([
  0xc0, 0xc1, 0xc0, 0x17, 0x8c, 0xe8, 0xc4, 0xb3, 0x01, 0xbc, 0x95, 0x63, 0x88, 0xa8, 0x00, 0xc8,
  0x81, 0x00, 0x60, 0x64, 0x08, 0x00, 0x45, 0x00, 0x00, 0x37, 0xca, 0x6b, 0x00, 0x00, 0x40, 0x11,
  0xed, 0x8d, 0xac, 0x10, 0x10, 0xaa, 0x04, 0x02, 0x02, 0x01, 0xc0, 0xbf, 0x00, 0x35, 0x00, 0x23,
  0x07, 0xdd, 0x24, 0xfe, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x69,
  0x6e, 0x74, 0x65, 0x6c, 0x03, 0x63, 0x6f, 0x6d, 0x00, 0x00, 0x01, 0x00, 0x01,
])

describe('802.1Q and QinQ tags', () => {
  it('one tag: VLAN 100, priority 3, and the IPv4/UDP/DNS layers 4 bytes further on', () => {
    const d = dissect(VLAN)
    expect(d.names).toEqual(['Ethernet II', '802.1Q Virtual LAN', 'Internet Protocol Version 4, Src: 172.16.16.170, Dst: 4.2.2.1', 'User Datagram Protocol, Src Port: 49343, Dst Port: 53', 'Domain Name System (query)'])
    expect(d.ctx.issues).toEqual([])
    const [eth, vlan, ip, udp, dns] = d.ctx.layers
    expect(find(eth!, 'eth.type')).toMatchObject({ offset: 12, length: 2, value: 0x8100 })
    expect([vlan!.offset, vlan!.length]).toEqual([14, 4])
    expect(find(vlan!, 'vlan.id')).toMatchObject({ offset: 14, length: 2, mask: 0x0fff, value: 100 })
    expect(find(vlan!, 'vlan.priority')).toMatchObject({ offset: 14, length: 2, mask: 0xe000, value: 3 })
    expect(find(vlan!, 'vlan.dei')).toMatchObject({ offset: 14, length: 2, mask: 0x1000, value: 0 })
    expect(find(vlan!, 'vlan.etype')).toMatchObject({ offset: 16, length: 2, value: 0x0800 })
    expect(find(ip!, 'ip.src')).toMatchObject({ offset: 30, length: 4, value: '172.16.16.170' })
    expect(find(udp!, 'udp.dstport')).toMatchObject({ offset: 40, length: 2, value: 53 })
    expect(find(dns!, 'dns.id')).toMatchObject({ offset: 46, length: 2, value: 0x24fe })
    expect(d.dns!.questions[0]!.name).toBe('intel.com.')
  })

  it('two tags: the outer service tag (VLAN 200) then the customer tag (VLAN 100)', async () => {
    const d = dissect(QINQ)
    expect(d.names.slice(0, 4)).toEqual(['Ethernet II', 'IEEE 802.1ad (QinQ service tag)', '802.1Q Virtual LAN', 'Internet Protocol Version 4, Src: 172.16.16.170, Dst: 4.2.2.1'])
    expect(find(d.ctx.layers, 'ieee8021ad.id')).toMatchObject({ offset: 14, length: 2, value: 200 })
    expect(find(d.ctx.layers, 'ieee8021ah.etype')).toMatchObject({ offset: 16, length: 2, value: 0x8100 })
    expect(findAll(d.ctx.layers, 'vlan.id').map((f) => [f.offset, f.value])).toEqual([[18, 100]])
    expect(findAll(d.ctx.layers, 'vlan.etype').map((f) => [f.offset, f.value])).toEqual([[20, 0x0800]])
    expect(find(d.ctx.layers, 'dns.qry.name')).toMatchObject({ offset: 62, length: 11 })
    const theirs = await tsharkPositions(QINQ)
    for (const key of ['ieee8021ad.priority', 'ieee8021ad.id', 'ieee8021ah.etype', 'vlan.id', 'vlan.etype', 'ip.src', 'udp.srcport', 'dns.id', 'dns.qry.name']) expect(findAll(d.ctx.layers, key).map((f) => [f.offset, f.length]), key).toEqual(theirs.get(key))
  })
})

describe('the streaming pass’s reused results (DecodeScratch)', () => {
  it('one link result for frame after frame: two tags, one tag, none, raw IP, a cut-short tag — each lands where a fresh decode does', () => {
    const scratch = newDecodeScratch()
    const frames: [Uint8Array, number][] = [
      [QINQ, 1],
      [VLAN, 1],
      [DNS_QUERY, 1],
      [DNS_QUERY.subarray(14), LINKTYPE_RAW],
      [VLAN.subarray(0, 16), 1], // the tag is cut after 2 of its 4 bytes: nothing to hand on
      [QINQ, 1],
    ]
    const seen = frames.map(([bytes, linkType]) => {
      const fresh = decodeNetwork(newContext(false), linkType, bytes, false)
      const reused = decodeNetwork(newContext(false), linkType, bytes, false, scratch)
      // Read before the next frame's decode refills it.
      const got = [reused.ip?.payloadOffset, reused.ip?.src, reused.ip?.dst, reused.arp]
      expect(got).toEqual([fresh.ip?.payloadOffset, fresh.ip?.src, fresh.ip?.dst, fresh.arp])
      return got[0]
    })
    // The UDP header after 22, 18, 14 and 0 bytes of link layer plus the 20-byte IPv4 header.
    expect(seen).toEqual([42, 38, 34, 20, undefined, 42])
    expect(scratch.link).toEqual({ etherType: 0x0800, offset: 22 })
  })
})
