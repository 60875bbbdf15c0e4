// Stub mode: one question with RD=1 to a recursive server (the notes' "DNS server set in the
// TCP/IP settings"), its answer relayed and cached as "recursive", failures with reasons.
import { getServers } from 'node:dns'
import { afterEach, describe, expect, it } from 'vitest'
import { osStubServer, parseServer, Resolver } from '../../src-main/resolver/index.ts'
import { a, FakeNetwork, type Script } from './helpers/fake-dns.ts'

const RA = 0x0080
let net: FakeNetwork | undefined
afterEach(async () => {
  await net?.close()
  net = undefined
})

async function recursiveServer(script: Script): Promise<{ resolver: Resolver; address: string }> {
  net = new FakeNetwork()
  const server = await net.add('127.203.53.53', script, { name: 'local DNS server' })
  return { resolver: new Resolver({ mode: 'stub', stub: server.ref, timeoutMs: 1500 }), address: server.address }
}

describe('stub mode', () => {
  it('asks once with RD=1 and takes the whole CNAME chain from the recursive server', async () => {
    const { resolver, address } = await recursiveServer((q) => ({
      packet: {
        flags: RA,
        answers: [{ type: 'CNAME', name: q.name, ttl: 600, data: 'www.lab.glasscom.com' }, a('www.lab.glasscom.com', '198.51.100.80', 120)],
      },
    }))
    const result = await resolver.resolve('shop.lab.cyber.co.kr')
    expect(result).toMatchObject({ rcode: 'NOERROR', source: 'recursive', addresses: ['198.51.100.80'] })
    expect(result.hops).toEqual([expect.objectContaining({ server: address, zone: '.', outcome: 'answer', transport: 'udp' })])
    expect(net!.log).toHaveLength(1)
    expect(net!.log[0]).toMatchObject({ rd: true, edns: 1232 })
    expect(result.events.find((e) => e.kind === 'query-sent')).toMatchObject({ recursionDesired: true })
    expect(resolver.cache.snapshot().map((e) => `${e.name} ${e.type} ${e.trust}`)).toEqual(['shop.lab.cyber.co.kr. CNAME recursive', 'www.lab.glasscom.com. A recursive'])

    const again = await resolver.resolve('shop.lab.cyber.co.kr')
    expect(again).toMatchObject({ source: 'cache', addresses: ['198.51.100.80'] })
    expect(again.hops.map((h) => h.outcome)).toEqual(['cache', 'cache'])
    expect(net!.log).toHaveLength(1)
  })

  it('relays NXDOMAIN and caches it from the SOA', async () => {
    const { resolver } = await recursiveServer(() => ({
      packet: { flags: RA | 3, authorities: [{ type: 'SOA', name: 'lab.cyber.co.kr', ttl: 300, data: { mname: 'ns1.lab.cyber.co.kr', rname: 'hostmaster.lab.cyber.co.kr', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 60 } }] },
    }))
    expect(await resolver.resolve('nosuch.lab.cyber.co.kr')).toMatchObject({ rcode: 'NXDOMAIN', source: 'recursive' })
    expect(await resolver.resolve('nosuch.lab.cyber.co.kr')).toMatchObject({ rcode: 'NXDOMAIN', source: 'cache' })
    expect(resolver.cache.snapshot()).toEqual([expect.objectContaining({ negative: 'nxdomain', ttl: 60, trust: 'recursive' })])
  })

  it('fails with DNS_SERVFAIL and the reason when the server refuses recursion', async () => {
    const { resolver } = await recursiveServer(() => ({ packet: { flags: 5 } }))
    await expect(resolver.resolve('www.lab.cyber.co.kr')).rejects.toMatchObject({
      code: 'DNS_SERVFAIL',
      message: expect.stringContaining('REFUSED: the server does not offer recursion to us'),
    })
  })

  it('fails with DNS_SERVFAIL when the server says SERVFAIL, after one query', async () => {
    const { resolver } = await recursiveServer(() => ({ packet: { flags: RA | 2 } }))
    await expect(resolver.resolve('www.lab.cyber.co.kr')).rejects.toMatchObject({ code: 'DNS_SERVFAIL', message: expect.stringContaining('rcode SERVFAIL') })
    expect(net!.log).toHaveLength(1)
  })

  it('throws away a referral from a server that does not recurse (Unbound: THROWAWAY when RD was set)', async () => {
    const { resolver } = await recursiveServer(() => ({
      packet: { flags: 0, authorities: [{ type: 'NS', name: 'kr', ttl: 1, data: 'a.dns.kr' }] },
    }))
    const failure = await resolver.resolve('www.lab.cyber.co.kr').catch((error: { partial?: { hops: { outcome: string; detail: string | null }[] }; message: string }) => error)
    expect(failure).toMatchObject({ code: 'DNS_SERVFAIL', message: expect.stringContaining('a referral instead of an answer: the server did not recurse') })
    expect((failure as { partial: { hops: unknown[] } }).partial.hops).toEqual([expect.objectContaining({ outcome: 'throwaway', detail: 'a referral instead of an answer: the server did not recurse' })])
  })
})

describe('server addresses', () => {
  it('parses address[:port] forms', () => {
    expect(parseServer('127.53.53.53')).toEqual({ address: '127.53.53.53', port: 53 })
    expect(parseServer('127.53.53.53:10053')).toEqual({ address: '127.53.53.53', port: 10053 })
    expect(parseServer('[::1]:5353')).toEqual({ address: '::1', port: 5353 })
    expect(parseServer('::1')).toEqual({ address: '::1', port: 53 })
    expect(() => parseServer('dns.example')).toThrowError(/not a server address/)
    expect(() => parseServer('127.0.0.1:70000')).toThrowError(/not 1–65535/)
  })

  it("takes the OS-configured server from Node's dns.getServers() (nothing is sent to it)", () => {
    const first = getServers()[0]
    expect(osStubServer()).toEqual(first === undefined ? null : { ...parseServer(first), name: 'the OS-configured DNS server' })
  })
})
