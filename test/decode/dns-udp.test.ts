// Ethernet → IPv4 → UDP → DNS on a real query/response pair (dns-a-ptr-cname-nxdomain.pcapng,
// frames 7 and 8 of the shared corpus): the layer stack, and every field checked at its byte
// offset and length, with the values tcpdump prints for the same bytes.
import { describe, expect, it } from 'vitest'
import { DNS_QUERY, DNS_RESPONSE } from './fixtures.ts'
import { dissect, find, findAll, tsharkPositions } from './helpers.ts'

const at = (f: { offset: number; length: number; value?: unknown }) => [f.offset, f.length, f.value]

describe('Ethernet / IPv4 / UDP / DNS', () => {
  it('dissects the query into four layers with each field at its offset', () => {
    const d = dissect(DNS_QUERY)
    expect(d.names).toEqual(['Ethernet II', 'Internet Protocol Version 4, Src: 172.16.16.170, Dst: 4.2.2.1', 'User Datagram Protocol, Src Port: 49343, Dst Port: 53', 'Domain Name System (query)'])
    expect(d.ctx.issues).toEqual([])
    const [eth, ip, udp, dns] = d.ctx.layers
    expect([eth!.offset, eth!.length, ip!.offset, ip!.length, udp!.offset, udp!.length, dns!.offset, dns!.length]).toEqual([0, 14, 14, 20, 34, 8, 42, 27])
    expect(at(find(eth!, 'eth.dst'))).toEqual([0, 6, 'c0:c1:c0:17:8c:e8'])
    expect(at(find(eth!, 'eth.src'))).toEqual([6, 6, 'c4:b3:01:bc:95:63'])
    expect(at(find(eth!, 'eth.type'))).toEqual([12, 2, 0x0800])
    expect(at(find(ip!, 'ip.len'))).toEqual([16, 2, 55])
    expect(at(find(ip!, 'ip.id'))).toEqual([18, 2, 51819])
    expect(at(find(ip!, 'ip.ttl'))).toEqual([22, 1, 64])
    expect(at(find(ip!, 'ip.proto'))).toEqual([23, 1, 17])
    expect(at(find(ip!, 'ip.src'))).toEqual([26, 4, '172.16.16.170'])
    expect(at(find(ip!, 'ip.dst'))).toEqual([30, 4, '4.2.2.1'])
    expect(find(ip!, 'ip.flags.df')).toMatchObject({ offset: 20, length: 1, mask: 0x40, value: false })
    expect(at(find(udp!, 'udp.srcport'))).toEqual([34, 2, 49343])
    expect(at(find(udp!, 'udp.dstport'))).toEqual([36, 2, 53])
    expect(at(find(udp!, 'udp.length'))).toEqual([38, 2, 35])
    expect(at(find(dns!, 'dns.id'))).toEqual([42, 2, 0x24fe])
    expect(find(dns!, 'dns.flags.recdesired')).toMatchObject({ offset: 44, length: 2, mask: 0x0100, value: true })
    expect(find(dns!, 'dns.flags.response')).toMatchObject({ offset: 44, length: 2, mask: 0x8000, value: false })
    expect(at(find(dns!, 'dns.count.queries'))).toEqual([46, 2, 1])
    expect(at(find(dns!, 'dns.qry.name'))).toEqual([54, 11, 'intel.com.'])
    expect(at(find(dns!, 'dns.qry.type'))).toEqual([65, 2, 'A'])
    expect(at(find(dns!, 'dns.qry.class'))).toEqual([67, 2, 'IN'])
    expect(d.dns).toMatchObject({ id: 0x24fe, response: false, rd: true, questions: [{ name: 'intel.com.', type: 'A', class: 'IN' }], malformed: false, length: 27 })
  })

  it('follows the compression pointer of the answer and keeps the pointer bytes as the name', () => {
    const d = dissect(DNS_RESPONSE)
    expect(d.ctx.issues).toEqual([])
    const dns = d.ctx.layers[3]!
    const flags = find(dns, 'dns.flags')
    expect(at(flags)).toEqual([44, 2, 0x8180])
    // Every flag child shares bytes 44–45 and says which bits with its mask.
    expect(flags.children!.map((c) => [c.key, c.offset, c.length, c.mask])).toEqual([
      ['dns.flags.response', 44, 2, 0x8000],
      ['dns.flags.opcode', 44, 2, 0x7800],
      ['dns.flags.authoritative', 44, 2, 0x0400],
      ['dns.flags.truncated', 44, 2, 0x0200],
      ['dns.flags.recdesired', 44, 2, 0x0100],
      ['dns.flags.recavail', 44, 2, 0x0080],
      ['dns.flags.z', 44, 2, 0x0040],
      ['dns.flags.authenticated', 44, 2, 0x0020],
      ['dns.flags.checkdisable', 44, 2, 0x0010],
      ['dns.flags.rcode', 44, 2, 0x000f],
    ])
    expect(find(dns, 'dns.flags.rcode').value).toBe(0)
    // The answer's name is the 2-byte pointer c0 0c at 69, read as the question's name.
    expect(at(find(dns, 'dns.resp.name'))).toEqual([69, 2, 'intel.com.'])
    expect(at(find(dns, 'dns.resp.ttl'))).toEqual([75, 4, 300])
    expect(at(find(dns, 'dns.resp.len'))).toEqual([79, 2, 4])
    expect(at(find(dns, 'dns.a'))).toEqual([81, 4, '13.91.95.74'])
    expect(d.dns!.answers).toEqual([{ name: 'intel.com.', type: 'A', class: 'IN', ttl: 300, data: '13.91.95.74' }])
    expect(d.dns!.length).toBe(DNS_RESPONSE.length - 42)
  })

  it('puts those fields where tshark puts them', async () => {
    for (const frame of [DNS_QUERY, DNS_RESPONSE]) {
      const theirs = await tsharkPositions(frame)
      for (const key of ['eth.type', 'ip.ttl', 'ip.src', 'ip.flags', 'ip.flags.df', 'udp.length', 'dns.id', 'dns.flags', 'dns.flags.recdesired', 'dns.qry.name', 'dns.qry.type']) {
        expect(findAll(dissect(frame).ctx.layers, key).map((f) => [f.offset, f.length]), key).toEqual(theirs.get(key))
      }
    }
  })
})
