// The iterator against scripted servers (the notes' hierarchy on 127.201.x.1): the referral chain,
// the cache with a TTL countdown on an injected clock, negative caching, CNAMEs across zones,
// glueless delegations, lame and silent servers, TC=1 → TCP. Every test asserts the exact
// sequence of servers asked.
import { afterEach, describe, expect, it } from 'vitest'
import { Resolver, type ResolutionResult } from '../../src-main/resolver/index.ts'
import { a, AA, answer, authoritative, referral, TC, type Script } from './helpers/fake-dns.ts'
import { MAIL, startMiniLab, WWW_GLASS, WWW_LAB, type MiniLab } from './helpers/mini-lab.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'

let lab: MiniLab | undefined
afterEach(async () => {
  await lab?.close()
  lab = undefined
})

/** A clock the test moves by hand (ms). */
function manualClock(): { now: () => number; advance(seconds: number): void } {
  let t = 1_000_000
  return { now: () => t, advance: (s) => void (t += s * 1000) }
}

function resolverFor(l: MiniLab, extra: Partial<ConstructorParameters<typeof Resolver>[0]> = {}): Resolver {
  return new Resolver({ mode: 'iterative', roots: l.roots, portFor: l.net.portFor, timeoutMs: 800, ...extra })
}

const chain = (r: ResolutionResult): string[] => r.hops.map((h) => `${h.zone} ${h.outcome}${h.detail && h.outcome !== 'cache' ? ` ${h.detail}` : ''}`)

describe('the referral chain', () => {
  it('walks root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr → answer (AA)', async () => {
    lab = await startMiniLab(201)
    const events: ResolverEvent[] = []
    const resolver = resolverFor(lab, { onEvent: (e) => events.push(e) })
    const result = await resolver.resolve('WWW.lab.cyber.co.kr')
    expect(result).toMatchObject({ qname: 'www.lab.cyber.co.kr.', qtype: 'A', rcode: 'NOERROR', addresses: [WWW_LAB], source: 'authoritative' })
    expect(chain(result)).toEqual([
      '. referral kr.',
      'kr. referral co.kr.',
      'co.kr. referral cyber.co.kr.',
      'cyber.co.kr. referral lab.cyber.co.kr.',
      'lab.cyber.co.kr. answer',
    ])
    const { addr } = lab
    expect(lab.net.sequence()).toEqual(
      [addr.root, addr.kr, addr['co.kr'], addr['cyber.co.kr'], addr['lab.cyber.co.kr']].map((s) => `${s} udp www.lab.cyber.co.kr. A`),
    )
    // Iterative queries: RD=0, EDNS0 with 1232 bytes, a fresh random id each time.
    expect(lab.net.log.every((q) => !q.rd && q.edns === 1232)).toBe(true)
    expect(new Set(lab.net.log.map((q) => q.id)).size).toBeGreaterThan(1)
    // One event per step, in order, all in the same resolution; the answer is marked authoritative.
    const steps = events.filter((e) => e.kind !== 'cache-store').map((e) => e.kind)
    expect(steps).toEqual(['start', ...Array(5).fill(['query-sent', 'response']).flat(), 'done'])
    // What was cached: each referral's NS and glue, then the answer.
    expect(events.filter((e) => e.kind === 'cache-store').map((e) => (e.kind === 'cache-store' ? `${e.qname} ${e.qtype} ${e.ttl}` : ''))).toEqual([
      'kr. NS 86400',
      'ns1.kr. A 86400',
      'co.kr. NS 86400',
      'ns1.co.kr. A 86400',
      'cyber.co.kr. NS 86400',
      'ns1.cyber.co.kr. A 86400',
      'lab.cyber.co.kr. NS 86400',
      'ns1.lab.cyber.co.kr. A 86400',
      'www.lab.cyber.co.kr. A 3600',
    ])
    expect(new Set(events.map((e) => e.resolutionId)).size).toBe(1)
    expect(events.at(-1)).toMatchObject({ kind: 'done', rcode: 'NOERROR', source: 'authoritative' })
    const referral = events.find((e) => e.kind === 'response' && e.outcome === 'referral')
    expect(referral).toMatchObject({ referral: { zone: 'kr.', servers: [{ name: 'ns1.kr.', addresses: [addr.kr] }] } })
    expect(result.events).toEqual(events)
  })

  it('caches with a TTL countdown, says "cache", and asks again only below the cached delegation once it expires', async () => {
    lab = await startMiniLab(201)
    const clock = manualClock()
    const resolver = resolverFor(lab, { clock: clock.now })
    await resolver.resolve('www.lab.cyber.co.kr')
    lab.net.log.length = 0

    clock.advance(100)
    const warm = await resolver.resolve('www.lab.cyber.co.kr')
    expect(warm).toMatchObject({ source: 'cache', addresses: [WWW_LAB] })
    expect(warm.answers[0]!.ttl).toBe(3500)
    expect(warm.hops).toEqual([expect.objectContaining({ server: 'cache', outcome: 'cache', rtt_ms: 0 })])
    expect(warm.events.find((e) => e.kind === 'cache-hit')).toMatchObject({ ttlLeft: 3500, negative: false })
    expect(lab.net.log).toEqual([])

    clock.advance(3500) // the A record (3600 s) is gone; the delegations (86400 s) are not
    const again = await resolver.resolve('www.lab.cyber.co.kr')
    expect(again.source).toBe('authoritative')
    expect(chain(again)).toEqual(['lab.cyber.co.kr. cache', 'lab.cyber.co.kr. answer'])
    expect(lab.net.sequence()).toEqual([`${lab.addr['lab.cyber.co.kr']} udp www.lab.cyber.co.kr. A`])
  })

  it('answers MX with the exchange name and follows to its address', async () => {
    lab = await startMiniLab(201)
    const resolver = resolverFor(lab)
    const mx = await resolver.resolve('cyber.co.kr', 'MX')
    expect(mx.answers).toEqual([{ name: 'cyber.co.kr.', type: 'MX', class: 'IN', ttl: 3600, data: '10 mail.cyber.co.kr.' }])
    expect(mx.addresses).toEqual([])
    const mail = await resolver.resolve('mail.cyber.co.kr')
    expect(mail.addresses).toEqual([MAIL])
  })
})

describe('negative answers', () => {
  it('caches NXDOMAIN for min(SOA TTL, SOA MINIMUM) and for every type of the name', async () => {
    lab = await startMiniLab(201)
    const clock = manualClock()
    const resolver = resolverFor(lab, { clock: clock.now })
    const first = await resolver.resolve('nosuch.lab.cyber.co.kr')
    expect(first).toMatchObject({ rcode: 'NXDOMAIN', answers: [], addresses: [], source: 'authoritative' })
    expect(first.authority).toEqual([expect.objectContaining({ type: 'SOA', name: 'lab.cyber.co.kr.' })])
    expect(chain(first).at(-1)).toBe('lab.cyber.co.kr. nxdomain')
    const entry = resolver.cache.snapshot().find((e) => e.negative !== null)
    expect(entry).toMatchObject({ name: 'nosuch.lab.cyber.co.kr.', type: '*', negative: 'nxdomain', ttl: 300 })

    lab.net.log.length = 0
    clock.advance(60)
    const cached = await resolver.resolve('nosuch.lab.cyber.co.kr', 'AAAA')
    expect(cached).toMatchObject({ rcode: 'NXDOMAIN', source: 'cache' })
    expect(cached.events.find((e) => e.kind === 'cache-hit')).toMatchObject({ negative: true, negativeKind: 'nxdomain', ttlLeft: 240 })
    expect(lab.net.log).toEqual([])

    clock.advance(241)
    await resolver.resolve('nosuch.lab.cyber.co.kr')
    expect(lab.net.sequence()).toEqual([`${lab.addr['lab.cyber.co.kr']} udp nosuch.lab.cyber.co.kr. A`])
  })

  it('caches NODATA for that type only', async () => {
    lab = await startMiniLab(201)
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr', 'AAAA')
    expect(result).toMatchObject({ rcode: 'NOERROR', nodata: true, answers: [] })
    expect(chain(result).at(-1)).toBe('lab.cyber.co.kr. nodata')
    expect(resolver.cache.snapshot().find((e) => e.negative === 'nodata')).toMatchObject({ name: 'www.lab.cyber.co.kr.', type: 'AAAA', ttl: 300 })
    const a = await resolver.resolve('www.lab.cyber.co.kr', 'A')
    expect(a.source).toBe('authoritative') // the NODATA for AAAA says nothing about A
  })
})

describe('CNAMEs', () => {
  it('takes an in-zone chain from one answer', async () => {
    lab = await startMiniLab(201)
    const result = await resolverFor(lab).resolve('web.lab.cyber.co.kr')
    expect(result.answers.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual(['web.lab.cyber.co.kr. CNAME www.lab.cyber.co.kr.', `www.lab.cyber.co.kr. A ${WWW_LAB}`])
    expect(chain(result).at(-1)).toBe('lab.cyber.co.kr. answer')
  })

  it('restarts from the root for a target in another TLD, and ignores out-of-zone data that came with the CNAME', async () => {
    const poisoned: Script = (q) =>
      q.name === 'alias.cyber.co.kr.'
        ? answer([{ type: 'CNAME', name: 'alias.cyber.co.kr', ttl: 600, data: 'www.lab.glasscom.com' }, a('www.lab.glasscom.com', '203.0.113.66')])
        : referral('lab.cyber.co.kr', [{ name: 'ns1.lab.cyber.co.kr', address: '127.201.4.1' }])
    lab = await startMiniLab(201, { 'cyber.co.kr': poisoned })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('alias.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_GLASS])
    expect(chain(result)).toEqual([
      '. referral kr.',
      'kr. referral co.kr.',
      'co.kr. referral cyber.co.kr.',
      'cyber.co.kr. cname www.lab.glasscom.com.',
      '. referral com.',
      'com. referral glasscom.com.',
      'glasscom.com. answer',
    ])
    const response = result.events.find((e) => e.kind === 'response' && e.outcome === 'cname')
    expect(response).toMatchObject({ reason: expect.stringContaining('www.lab.glasscom.com. A: outside cyber.co.kr.') })
    const glass = resolver.cache.snapshot().filter((e) => e.name === 'www.lab.glasscom.com.')
    expect(glass.map((e) => e.records.map((r) => r.data))).toEqual([[WWW_GLASS]])
  })
})

describe('glueless delegations', () => {
  it('resolves the NS name in a nested resolution, then asks it', async () => {
    const shopZone = authoritative({ zone: 'shop.com', records: [a('www.shop.com', '198.51.100.7')] })
    lab = await startMiniLab(201, {
      // com. delegates shop.com. to ns.shop-host.cyber.co.kr. without glue (it is not under com.)
      com: authoritative({
        zone: 'com',
        delegations: {
          'glasscom.com': [{ name: 'ns1.glasscom.com', address: '127.201.6.1' }],
          'shop.com': [{ name: 'ns.shop-host.cyber.co.kr', address: null }],
        },
      }),
      'cyber.co.kr': authoritative({
        zone: 'cyber.co.kr',
        delegations: { 'lab.cyber.co.kr': [{ name: 'ns1.lab.cyber.co.kr', address: '127.201.4.1' }] },
        records: [a('ns.shop-host.cyber.co.kr', '127.201.7.1')],
      }),
    })
    await lab.net.add('127.201.7.1', shopZone)
    const events: ResolverEvent[] = []
    const result = await resolverFor(lab, { onEvent: (e) => events.push(e) }).resolve('www.shop.com')
    expect(result.addresses).toEqual(['198.51.100.7'])
    const starts = events.filter((e) => e.kind === 'start')
    expect(starts).toHaveLength(2)
    expect(starts[1]).toMatchObject({ qname: 'ns.shop-host.cyber.co.kr.', parentResolutionId: starts[0]!.resolutionId, purpose: expect.stringContaining('without glue') })
    expect(result.hops.map((h) => `${h.depth} ${h.zone} ${h.outcome}`)).toEqual([
      '0 . referral',
      '0 com. referral',
      '1 . referral',
      '1 kr. referral',
      '1 co.kr. referral',
      '1 cyber.co.kr. answer',
      '0 shop.com. answer',
    ])
  })

  it('gives up on an NS name whose address needs itself, with a reason, in bounded time', async () => {
    lab = await startMiniLab(201, {
      com: authoritative({ zone: 'com', delegations: { 'loop.com': [{ name: 'ns.loop.com', address: null }] } }),
    })
    const failure = await resolverFor(lab)
      .resolve('www.loop.com')
      .catch((e: unknown) => e)
    expect(failure).toMatchObject({ code: 'DNS_DEPTH_LIMIT', message: expect.stringContaining('ns.loop.com. needs the address of ns.loop.com. itself') })
    expect(lab.net.sequence()).toEqual([
      `${lab.addr.root} udp www.loop.com. A`,
      `${lab.addr.com} udp www.loop.com. A`,
      `${lab.addr.com} udp ns.loop.com. A`, // the nested resolution starts at the cached com. delegation
    ])
  })
})

describe('servers that fail', () => {
  it('throws away a lame delegation\'s REFUSED, asks the other server of the zone, then remembers it', async () => {
    const refused: Script = () => ({ packet: { flags: 5 /* REFUSED */ } })
    lab = await startMiniLab(201, {
      'co.kr': authoritative({
        zone: 'co.kr',
        delegations: { 'cyber.co.kr': [{ name: 'ns0.cyber.co.kr', address: '127.201.3.2' }, { name: 'ns1.cyber.co.kr', address: '127.201.3.1' }] },
      }),
    })
    await lab.net.add('127.201.3.2', refused)
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    // Unbound's word for REFUSED is THROWAWAY (iter_resptype.c): the response means nothing here.
    expect(chain(result)).toContain('cyber.co.kr. throwaway REFUSED: the server does not serve cyber.co.kr. (a lame delegation)')
    expect(lab.net.log.map((q) => q.server).slice(3, 5)).toEqual(['127.201.3.2', '127.201.3.1'])
    expect(result.events.find((e) => e.kind === 'retry')).toMatchObject({ server: { address: '127.201.3.1' }, reason: expect.stringContaining('a lame delegation') })

    // Next time (cache emptied, server memory kept) the lame server is asked last.
    resolver.cache.clear()
    lab.net.log.length = 0
    await resolver.resolve('www.lab.cyber.co.kr')
    expect(lab.net.log.map((q) => q.server)).not.toContain('127.201.3.2')
  })

  it('times out on a silent server, retries the other server of the zone, and says so', async () => {
    lab = await startMiniLab(201, {
      kr: authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns0.co.kr', address: '127.201.2.9' }, { name: 'ns1.co.kr', address: '127.201.2.1' }] } }),
    })
    await lab.net.add('127.201.2.9', () => null)
    const events: ResolverEvent[] = []
    const result = await resolverFor(lab, { timeoutMs: 600, onEvent: (e) => events.push(e) }).resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    expect(lab.net.log.map((q) => q.server).slice(2, 4)).toEqual(['127.201.2.9', '127.201.2.1'])
    const kinds = events.map((e) => e.kind)
    expect(kinds.slice(kinds.indexOf('timeout'), kinds.indexOf('timeout') + 3)).toEqual(['timeout', 'retry', 'query-sent'])
    expect(events.find((e) => e.kind === 'timeout')).toMatchObject({ server: { address: '127.201.2.9' }, zone: 'co.kr.', attempt: 1, timeoutMs: 600 })
    expect(chain(result)).toContain('co.kr. timeout no answer within 600 ms')
  })

  it('fails with DNS_TIMEOUT after trying every server of the zone twice, round-robin', async () => {
    lab = await startMiniLab(201, {
      kr: authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns0.co.kr', address: '127.201.2.8' }, { name: 'ns1.co.kr', address: '127.201.2.9' }] } }),
    })
    await lab.net.add('127.201.2.8', () => null)
    await lab.net.add('127.201.2.9', () => null)
    const failure = (await resolverFor(lab, { timeoutMs: 500 }).resolve('www.lab.cyber.co.kr').catch((e: unknown) => e)) as { code: string; message: string; partial: ResolutionResult }
    expect(failure.code).toBe('DNS_TIMEOUT')
    expect(failure.message).toMatch(/no server of co\.kr\. answered www\.lab\.cyber\.co\.kr\. A within 500 ms/)
    expect(lab.net.log.map((q) => q.server).slice(2)).toEqual(['127.201.2.8', '127.201.2.9', '127.201.2.8', '127.201.2.9'])
    expect(failure.partial.hops.filter((h) => h.outcome === 'timeout')).toHaveLength(4)
    expect(failure.partial.events.at(-1)).toMatchObject({ kind: 'done', rcode: 'SERVFAIL', error: { code: 'DNS_TIMEOUT' } })
  })

  it('treats ICMP port unreachable as a failed server and moves on at once', async () => {
    lab = await startMiniLab(201, {
      kr: authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns0.co.kr', address: '127.201.2.7' }, { name: 'ns1.co.kr', address: '127.201.2.1' }] } }),
    })
    // 127.201.2.7 has no fake server: portFor gives port 9, where nothing listens.
    const result = await resolverFor(lab, { timeoutMs: 5000 }).resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    expect(result.events.find((e) => e.kind === 'query-error')).toMatchObject({ server: { address: '127.201.2.7', port: 9 }, reason: expect.stringContaining('port unreachable') })
    expect(result.events.some((e) => e.kind === 'timeout')).toBe(false)
  })
})

describe('TC=1 → TCP', () => {
  it('asks the same server again over TCP with a length prefix and takes the full answer', async () => {
    const records = Array.from({ length: 8 }, (_, i) => ({ type: 'TXT', name: 'big.lab.cyber.co.kr', ttl: 300, data: `${i} ${'x'.repeat(200)}` }) as const)
    const big: Script = (q) => {
      if (q.name !== 'big.lab.cyber.co.kr.') return authoritative({ zone: 'lab.cyber.co.kr' })(q)
      return q.transport === 'udp' ? { packet: { flags: AA | TC } } : answer([...records])
    }
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': big })
    const result = await resolverFor(lab).resolve('big.lab.cyber.co.kr', 'TXT')
    expect(result.answers).toHaveLength(8)
    expect(result.answers[7]!.data).toBe(`"7 ${'x'.repeat(200)}"`)
    expect(lab.net.sequence().slice(-2)).toEqual([`${lab.addr['lab.cyber.co.kr']} udp big.lab.cyber.co.kr. TXT`, `${lab.addr['lab.cyber.co.kr']} tcp big.lab.cyber.co.kr. TXT`])
    const kinds = result.events.map((e) => e.kind).filter((k) => k !== 'cache-store')
    expect(kinds.slice(-5)).toEqual(['query-sent', 'tcp-fallback', 'query-sent', 'response', 'done'])
    const udpQuery = result.events.filter((e) => e.kind === 'query-sent').at(-2)
    expect(result.events.find((e) => e.kind === 'tcp-fallback')).toMatchObject({ id: udpQuery?.kind === 'query-sent' ? udpQuery.id : -1, rttMs: expect.any(Number) })
    expect(result.events.filter((e) => e.kind === 'query-sent').at(-1)).toMatchObject({ transport: 'tcp' })
    expect(result.hops.at(-1)).toMatchObject({ outcome: 'answer', transport: 'tcp' })
  })
})
