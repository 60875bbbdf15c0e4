// Hostile and broken responses: spoofed ids and questions, out-of-bailiwick glue and answers,
// referral loops, CNAME loops, malformed bytes, compression loops, oversized names, and the
// limits. In every case: nothing untrusted reaches the cache (asserted entry by entry), the
// resolution ends in bounded time with a reason, and the exact sequence of servers is asserted.
import { afterEach, describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { Resolver, type ResolutionResult } from '../../src-main/resolver/index.ts'
import { a, AA, answer, authoritative, referral, type ReceivedQuery, type Reply, type Script } from './helpers/fake-dns.ts'
import { startMiniLab, WWW_LAB, type MiniLab } from './helpers/mini-lab.ts'

const EVIL = '127.201.66.6'

let lab: MiniLab | undefined
afterEach(async () => {
  await lab?.close()
  lab = undefined
})

function resolverFor(l: MiniLab, extra: Partial<ConstructorParameters<typeof Resolver>[0]> = {}): Resolver {
  return new Resolver({ mode: 'iterative', roots: l.roots, portFor: l.net.portFor, timeoutMs: 800, ...extra })
}

/** The cache as "name type trust data…" lines, sorted. */
function cacheLines(resolver: Resolver): string[] {
  return resolver.cache
    .snapshot()
    .map((e) => `${e.name} ${e.type} ${e.trust}${e.negative ? ` ${e.negative}` : ''} ${e.records.map((r) => r.data).join(',')}`)
    .sort()
}

/** What the cache must hold after a clean www.lab.cyber.co.kr A resolution in the mini lab. */
function cleanChainCache(l: MiniLab): string[] {
  return [
    `co.kr. NS referral ns1.co.kr.`,
    `cyber.co.kr. NS referral ns1.cyber.co.kr.`,
    `kr. NS referral ns1.kr.`,
    `lab.cyber.co.kr. NS referral ns1.lab.cyber.co.kr.`,
    `ns1.co.kr. A glue ${l.addr['co.kr']}`,
    `ns1.cyber.co.kr. A glue ${l.addr['cyber.co.kr']}`,
    `ns1.kr. A glue ${l.addr.kr}`,
    `ns1.lab.cyber.co.kr. A glue ${l.addr['lab.cyber.co.kr']}`,
    `www.lab.cyber.co.kr. A answer ${WWW_LAB}`,
  ]
}

const expectedChain = (l: MiniLab): string[] =>
  [l.addr.root, l.addr.kr, l.addr['co.kr'], l.addr['cyber.co.kr'], l.addr['lab.cyber.co.kr']].map((s) => `${s} udp www.lab.cyber.co.kr. A`)

/** The kr. server's real referral, preceded by `spoof` (sent first, on the same socket). */
function krWithSpoof(spoof: (q: ReceivedQuery) => Reply): Script {
  const real = authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns1.co.kr', address: '127.201.2.1' }] } })
  return (q) => [spoof(q), real(q) as Reply]
}

const poisonReferral = (extra: Partial<{ id: number; questions: dnsPacket.Question[] }>): Extract<Reply, { packet: unknown }> => ({
  packet: { ...extra, flags: 0, authorities: [{ type: 'NS', name: 'co.kr', ttl: 86400, data: 'ns.evil.kr' }], additionals: [a('ns.evil.kr', EVIL)] },
})

async function failureOf(promise: Promise<ResolutionResult>): Promise<{ code: string; message: string; partial: ResolutionResult }> {
  return (await promise.then(
    () => {
      throw new Error('expected the resolution to fail')
    },
    (e: unknown) => e,
  )) as { code: string; message: string; partial: ResolutionResult }
}

describe('spoofed responses (RFC 5452)', () => {
  it('throws away a response with the wrong id and keeps waiting for the real one', async () => {
    lab = await startMiniLab(201, { kr: krWithSpoof((q) => poisonReferral({ id: (q.id + 1) & 0xffff })) })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    const discarded = result.events.filter((e) => e.kind === 'discarded')
    expect(discarded).toEqual([expect.objectContaining({ zone: 'kr.', reason: expect.stringMatching(/^id \d+ ≠ query id \d+$/) })])
    expect(lab.net.sequence()).toEqual(expectedChain(lab))
    expect(cacheLines(resolver)).toEqual(cleanChainCache(lab))
  })

  it('throws away a response that repeats another question', async () => {
    lab = await startMiniLab(201, { kr: krWithSpoof(() => poisonReferral({ questions: [{ name: 'www.evil.kr', type: 'A', class: 'IN' }] })) })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.events.find((e) => e.kind === 'discarded')).toMatchObject({ reason: 'question www.evil.kr. IN A ≠ asked www.lab.cyber.co.kr. IN A' })
    expect(lab.net.sequence()).toEqual(expectedChain(lab))
    expect(cacheLines(resolver)).toEqual(cleanChainCache(lab))
  })

  it('never sees a response from another port (the socket is connected to the server)', async () => {
    lab = await startMiniLab(201, { kr: krWithSpoof(() => ({ fromOtherPort: poisonReferral({}).packet })) })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    expect(cacheLines(resolver)).toEqual(cleanChainCache(lab))
  })

  it('waits out a server that only ever sends spoofs, then asks the next server', async () => {
    lab = await startMiniLab(201, {
      kr: authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns0.co.kr', address: '127.201.2.9' }, { name: 'ns1.co.kr', address: '127.201.2.1' }] } }),
    })
    await lab.net.add('127.201.2.9', (q) => poisonReferral({ id: q.id ^ 0x8000 }))
    const resolver = resolverFor(lab, { timeoutMs: 600 })
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    expect(result.events.map((e) => e.kind).filter((k) => ['discarded', 'timeout', 'retry'].includes(k))).toEqual(['discarded', 'timeout', 'retry'])
    expect(lab.net.log.map((q) => q.server)).toEqual([lab.addr.root, lab.addr.kr, '127.201.2.9', '127.201.2.1', lab.addr['cyber.co.kr'], lab.addr['lab.cyber.co.kr']])
    expect(cacheLines(resolver).join('\n')).not.toContain(EVIL)
  })
})

describe('bailiwick', () => {
  it('ignores out-of-bailiwick glue and unrelated additional records in a referral', async () => {
    const kr: Script = () => ({
      packet: {
        flags: 0,
        authorities: [
          { type: 'NS', name: 'co.kr', ttl: 86400, data: 'ns1.co.kr' },
          { type: 'NS', name: 'co.kr', ttl: 86400, data: 'ns.evil.com' },
        ],
        additionals: [a('ns1.co.kr', '127.201.2.1', 86400), a('ns.evil.com', EVIL, 86400), a('www.lab.cyber.co.kr', EVIL, 86400)],
      },
    })
    lab = await startMiniLab(201, { kr })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.addresses).toEqual([WWW_LAB])
    const krResponse = result.events.find((e) => e.kind === 'response' && e.zone === 'kr.')
    expect(krResponse).toMatchObject({
      outcome: 'referral',
      referral: { zone: 'co.kr.', servers: [{ name: 'ns1.co.kr.', addresses: ['127.201.2.1'] }, { name: 'ns.evil.com.', addresses: [] }] },
      reason: expect.stringContaining(`glue ns.evil.com. A ${EVIL}: outside kr. (out of bailiwick)`),
    })
    expect(krResponse).toMatchObject({ reason: expect.stringContaining(`additional www.lab.cyber.co.kr. A ${EVIL}: not a name server of co.kr.`) })
    expect(lab.net.sequence()).toEqual(expectedChain(lab))
    expect(cacheLines(resolver)).toEqual(
      [...cleanChainCache(lab).filter((l) => !l.startsWith('co.kr. NS')), 'co.kr. NS referral ns1.co.kr.,ns.evil.com.'].sort(),
    )
  })

  it('ignores answer and authority records outside the zone of an authoritative answer', async () => {
    const labServer: Script = () => ({
      packet: {
        flags: AA,
        answers: [a('www.lab.cyber.co.kr', WWW_LAB), a('www.lab.glasscom.com', EVIL)],
        authorities: [{ type: 'NS', name: 'com', ttl: 86400, data: 'ns.evil.com' }],
        additionals: [a('ns.evil.com', EVIL)],
      },
    })
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const resolver = resolverFor(lab)
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    expect(result.answers.map((r) => r.data)).toEqual([WWW_LAB])
    expect(cacheLines(resolver)).toEqual(cleanChainCache(lab))
  })

  it('calls an answer without AA lame and caches none of it', async () => {
    const labServers: Script = () => answer([a('www.lab.cyber.co.kr', EVIL)], 0)
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServers })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('www.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_SERVFAIL')
    expect(failure.message).toContain('lame (an answer without AA: the server is not authoritative for lab.cyber.co.kr.)')
    expect(cacheLines(resolver).join('\n')).not.toContain(EVIL)
  })
})

describe('loops', () => {
  it('calls an upward referral (back to co.kr.) lame: a referral loop ends at once', async () => {
    const cyber: Script = () => referral('co.kr', [{ name: 'ns1.co.kr', address: '127.201.2.1' }])
    lab = await startMiniLab(201, { 'cyber.co.kr': cyber })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('www.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_SERVFAIL')
    expect(failure.message).toContain('an upward referral to co.kr. (asked as cyber.co.kr.)')
    expect(lab.net.sequence()).toEqual(expectedChain(lab).slice(0, 4))
    expect(cacheLines(resolver)).toEqual(cleanChainCache(lab).filter((l) => !l.includes('lab.cyber.co.kr')))
  })

  it('calls a sideways referral (to glasscom.com.) lame', async () => {
    const cyber: Script = () => referral('glasscom.com', [{ name: 'ns1.glasscom.com', address: EVIL }])
    lab = await startMiniLab(201, { 'cyber.co.kr': cyber })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('www.lab.cyber.co.kr'))
    expect(failure.message).toContain('a referral to glasscom.com., which is not below cyber.co.kr.')
    expect(cacheLines(resolver).join('\n')).not.toMatch(/glasscom|127\.201\.66/)
  })

  it('stops a chain of ever-deeper referrals at the referral limit', async () => {
    // Every server refers one label deeper, to itself: a.b.c.d.e.f.kr needs 7 referrals.
    const deeper: Script = (q) => {
      const labels = q.name.split('.').filter(Boolean)
      const asked = q.server === '127.201.1.1' ? 1 : Number(q.server.split('.')[3]) // which depth this server plays
      const child = labels.slice(labels.length - asked - 1).join('.')
      return referral(child, [{ name: `ns.${child}`, address: `127.201.1.${asked + 1}` }])
    }
    lab = await startMiniLab(201, { kr: deeper })
    for (let i = 2; i <= 7; i++) await lab.net.add(`127.201.1.${i}`, deeper)
    const resolver = resolverFor(lab, { limits: { referrals: 4 } })
    const failure = await failureOf(resolver.resolve('a.b.c.d.e.f.kr'))
    expect(failure.code).toBe('DNS_REFERRAL_LIMIT')
    expect(failure.message).toBe('resolving a.b.c.d.e.f.kr. A followed more than 4 referrals (the last to c.d.e.f.kr.)')
    expect(lab.net.log.map((q) => q.server)).toEqual([lab.addr.root, '127.201.1.1', '127.201.1.2', '127.201.1.3', '127.201.1.4'])
    expect(failure.partial.events.find((e) => e.kind === 'limit')).toMatchObject({ limit: 'referrals' })
  })

  it('stops a CNAME loop inside one answer and caches none of it', async () => {
    const labServer: Script = (q) =>
      q.name === 'loop1.lab.cyber.co.kr.'
        ? answer([
            { type: 'CNAME', name: 'loop1.lab.cyber.co.kr', ttl: 300, data: 'loop2.lab.cyber.co.kr' },
            { type: 'CNAME', name: 'loop2.lab.cyber.co.kr', ttl: 300, data: 'loop1.lab.cyber.co.kr' },
          ])
        : answer([])
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('loop1.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_CNAME_LOOP')
    expect(failure.message).toBe('CNAME loop: loop1.lab.cyber.co.kr. → loop2.lab.cyber.co.kr. → loop1.lab.cyber.co.kr.')
    expect(cacheLines(resolver).join('\n')).not.toContain('CNAME')
  })

  it('stops a CNAME loop across answers after one round, keeping only what each server said of itself', async () => {
    const labServer: Script = (q) => {
      const next = q.name === 'ping.lab.cyber.co.kr.' ? 'pong.lab.cyber.co.kr' : 'ping.lab.cyber.co.kr'
      return answer([{ type: 'CNAME', name: q.name, ttl: 300, data: next } as dnsPacket.Answer])
    }
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('ping.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_CNAME_LOOP')
    const labAddr = lab.addr['lab.cyber.co.kr']
    expect(lab.net.sequence().slice(-2)).toEqual([`${labAddr} udp ping.lab.cyber.co.kr. A`, `${labAddr} udp pong.lab.cyber.co.kr. A`])
    expect(cacheLines(resolver).filter((l) => l.includes('CNAME'))).toEqual(['ping.lab.cyber.co.kr. CNAME answer pong.lab.cyber.co.kr.'])
  })

  it('stops a long CNAME chain at the CNAME limit', async () => {
    const labServer: Script = (q) => {
      const n = Number(/^c(\d+)\./.exec(q.name)?.[1] ?? 0)
      return answer([{ type: 'CNAME', name: q.name, ttl: 300, data: `c${n + 1}.lab.cyber.co.kr` } as dnsPacket.Answer])
    }
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const failure = await failureOf(resolverFor(lab, { limits: { cnames: 3 } }).resolve('c0.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_CNAME_LIMIT')
    expect(failure.message).toBe('more than 3 CNAMEs from c0.lab.cyber.co.kr.')
    expect(lab.net.log.filter((q) => q.server === lab!.addr['lab.cyber.co.kr']).map((q) => q.name)).toEqual([
      'c0.lab.cyber.co.kr.',
      'c1.lab.cyber.co.kr.',
      'c2.lab.cyber.co.kr.',
      'c3.lab.cyber.co.kr.',
    ])
  })

  it('refuses a 64-CNAME chain inside one answer with DNS_CNAME_LIMIT, and caches none of it', async () => {
    const chain = Array.from({ length: 64 }, (_, i) => ({ type: 'CNAME', name: `c${i}.lab.cyber.co.kr`, ttl: 300, data: `c${i + 1}.lab.cyber.co.kr` }) as dnsPacket.Answer)
    const labServer: Script = () => answer([...chain, a('c64.lab.cyber.co.kr', WWW_LAB)])
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const resolver = resolverFor(lab)
    const failure = await failureOf(resolver.resolve('c0.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_CNAME_LIMIT')
    expect(failure.message).toBe('more than 8 CNAMEs from c0.lab.cyber.co.kr.')
    expect(failure.partial.events.find((e) => e.kind === 'limit')).toMatchObject({ limit: 'cnames' })
    expect(lab.net.log.filter((q) => q.server === lab!.addr['lab.cyber.co.kr'])).toHaveLength(1)
    expect(cacheLines(resolver).join('\n')).not.toContain('CNAME')
  })

  it('counts CNAMEs inside answers and across lookups toward one limit', async () => {
    // Each answer holds two links and ends outside what the server answers for: 2 + 2 + … > 5.
    const labServer: Script = (q) => {
      const n = Number(/^c(\d+)\./.exec(q.name)?.[1] ?? 0)
      return answer([
        { type: 'CNAME', name: `c${n}.lab.cyber.co.kr`, ttl: 300, data: `c${n + 1}.lab.cyber.co.kr` } as dnsPacket.Answer,
        { type: 'CNAME', name: `c${n + 1}.lab.cyber.co.kr`, ttl: 300, data: `c${n + 2}.lab.cyber.co.kr` } as dnsPacket.Answer,
      ])
    }
    lab = await startMiniLab(201, { 'lab.cyber.co.kr': labServer })
    const failure = await failureOf(resolverFor(lab, { limits: { cnames: 5 } }).resolve('c0.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_CNAME_LIMIT')
    expect(failure.message).toBe('more than 5 CNAMEs from c0.lab.cyber.co.kr.')
    expect(lab.net.log.filter((q) => q.server === lab!.addr['lab.cyber.co.kr']).map((q) => q.name)).toEqual(['c0.lab.cyber.co.kr.', 'c2.lab.cyber.co.kr.', 'c4.lab.cyber.co.kr.'])
  })
})

describe('malformed bytes', () => {
  /** A response header with the query's id (QR=1, AA=1, one question, one answer), then `rest`. */
  const header = (q: ReceivedQuery, counts = [1, 1, 0, 0]): Buffer => {
    const h = Buffer.alloc(12)
    h.writeUInt16BE(q.id, 0)
    h.writeUInt16BE(0x8400, 2)
    counts.forEach((c, i) => h.writeUInt16BE(c, 4 + 2 * i))
    return h
  }
  const question = (q: ReceivedQuery): Buffer => {
    // dns-packet's question.encode returns the question, not the buffer: encode a query and cut.
    const query = dnsPacket.encode({ type: 'query', id: 0, questions: [{ name: q.name, type: q.type as 'A', class: 'IN' }] })
    return query.subarray(12)
  }

  const cases: [string, (q: ReceivedQuery) => Buffer, RegExp][] = [
    ['random bytes after a matching id', (q) => Buffer.concat([header(q), Buffer.from('\xff\xfe garbage \x00\x01', 'latin1')]), /malformed response/],
    [
      'an answer name that is a compression pointer to itself',
      (q) => {
        const head = Buffer.concat([header(q), question(q)])
        const pointer = Buffer.from([0xc0 | (head.length >> 8), head.length & 0xff])
        return Buffer.concat([head, pointer, Buffer.from([0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6])])
      },
      /malformed response \(undecodable: answers record 1: compression pointer at byte \d+ points to itself/,
    ],
    [
      'an answer name longer than 255 octets',
      (q) => {
        const long = Buffer.from(Array.from({ length: 5 }, () => [60, ...Buffer.from('z'.repeat(60))]).flat())
        return Buffer.concat([header(q), question(q), long, Buffer.from([0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 6, 6, 6, 6])])
      },
      /malformed response \(undecodable: answers record 1: name longer than 255 bytes\)/,
    ],
    ['a message cut short inside a record', (q) => Buffer.concat([header(q), question(q), Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0])]), /malformed response/],
  ]

  for (const [what, bytes, reason] of cases) {
    it(`throws away ${what}, waits out the timeout, and asks the next server`, async () => {
      lab = await startMiniLab(201, {
        'cyber.co.kr': authoritative({
          zone: 'cyber.co.kr',
          delegations: { 'lab.cyber.co.kr': [{ name: 'ns0.lab.cyber.co.kr', address: '127.201.4.9' }, { name: 'ns1.lab.cyber.co.kr', address: '127.201.4.1' }] },
        }),
      })
      await lab.net.add('127.201.4.9', (q) => ({ raw: bytes(q) }))
      const resolver = resolverFor(lab, { timeoutMs: 600 })
      const result = await resolver.resolve('www.lab.cyber.co.kr')
      expect(result.addresses).toEqual([WWW_LAB])
      expect(result.events.find((e) => e.kind === 'discarded')).toMatchObject({ server: { address: '127.201.4.9' }, reason: expect.stringMatching(reason) })
      expect(lab.net.log.map((q) => q.server).slice(-2)).toEqual(['127.201.4.9', '127.201.4.1'])
      expect(cacheLines(resolver).join('\n')).not.toContain('6.6.6.6')
    })
  }
})

describe('budgets', () => {
  it('fails with DNS_QUERY_LIMIT when a resolution needs more queries than allowed', async () => {
    lab = await startMiniLab(201)
    const failure = await failureOf(resolverFor(lab, { limits: { queries: 3 } }).resolve('www.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_QUERY_LIMIT')
    expect(failure.message).toBe('resolving www.lab.cyber.co.kr. A needed more than 3 queries')
    expect(lab.net.log).toHaveLength(3)
  })

  it('fails with DNS_DEADLINE when the whole resolution runs out of time, however long the per-query timeout', async () => {
    lab = await startMiniLab(201, { kr: () => null })
    const failure = await failureOf(resolverFor(lab, { timeoutMs: 60_000, limits: { resolutionMs: 600 } }).resolve('www.lab.cyber.co.kr'))
    expect(failure.code).toBe('DNS_DEADLINE')
    expect(failure.message).toBe('resolving www.lab.cyber.co.kr. A took longer than 600 ms')
    expect(lab.net.log.map((q) => q.server)).toEqual([lab.addr.root, lab.addr.kr])
  })
})
