// The cache on its own: TTL countdown on an injected clock, RFC 2308 negative TTLs, trust order
// (glue never answers, lower trust never overwrites higher), TTL 0, eviction.
import { describe, expect, it } from 'vitest'
import { DnsCache } from '../../src-main/resolver/cache.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'

const rr = (name: string, type: string, data: string, ttl = 300): DnsRecordView => ({ name, type, class: 'IN', ttl, data })
const SOA = rr('lab.cyber.co.kr.', 'SOA', 'ns1.lab.cyber.co.kr. hostmaster.lab.cyber.co.kr. 1 3600 900 604800 300', 3600)

function clocked(): { cache: DnsCache; advance(seconds: number): void } {
  let t = 0
  return { cache: new DnsCache({ clock: () => t }), advance: (s) => void (t += s * 1000) }
}

describe('DnsCache', () => {
  it('counts TTLs down and forgets an entry when it reaches 0', () => {
    const { cache, advance } = clocked()
    cache.storeRecords([rr('www.lab.cyber.co.kr.', 'A', '192.0.2.226', 5)], 'answer')
    expect(cache.get('WWW.lab.cyber.co.kr', 'A')).toMatchObject({ ttlLeft: 5, records: [{ ttl: 5 }] })
    advance(3.5)
    expect(cache.get('www.lab.cyber.co.kr.', 'A')).toMatchObject({ ttlLeft: 2, records: [{ ttl: 2 }] })
    advance(1.5)
    expect(cache.get('www.lab.cyber.co.kr.', 'A')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('stores an RRset with the smallest TTL of its records and without duplicates', () => {
    const { cache } = clocked()
    cache.storeRecords([rr('x.', 'A', '192.0.2.1', 600), rr('x.', 'A', '192.0.2.2', 60), rr('x.', 'A', '192.0.2.1', 600)], 'answer')
    expect(cache.get('x.', 'A')!.records.map((r) => `${r.data} ${r.ttl}`)).toEqual(['192.0.2.1 60', '192.0.2.2 60'])
  })

  it('does not store TTL 0 records', () => {
    const { cache } = clocked()
    expect(cache.storeRecords([rr('x.', 'A', '192.0.2.1', 0)], 'answer')).toEqual([])
    expect(cache.size).toBe(0)
  })

  it('keeps negative answers for min(SOA TTL, SOA MINIMUM) and not at all without an SOA', () => {
    const { cache } = clocked()
    expect(cache.storeNegative('nosuch.lab.cyber.co.kr.', 'A', 'nxdomain', SOA, 'answer')).toMatchObject({ type: '*', ttl: 300 })
    const shortSoa = { ...SOA, ttl: 30 }
    expect(cache.storeNegative('www.lab.cyber.co.kr.', 'AAAA', 'nodata', shortSoa, 'answer')).toMatchObject({ type: 'AAAA', ttl: 30 })
    expect(cache.storeNegative('other.lab.cyber.co.kr.', 'A', 'nxdomain', undefined, 'answer')).toBeUndefined()
    expect(cache.getAnswer('nosuch.lab.cyber.co.kr.', '*')).toMatchObject({ entry: { negative: 'nxdomain' }, ttlLeft: 300 })
  })

  it('never answers from glue or referral NS, and never lets them overwrite an answer', () => {
    const { cache } = clocked()
    cache.storeRecords([rr('ns1.co.kr.', 'A', '127.53.2.1', 86400)], 'glue')
    expect(cache.get('ns1.co.kr.', 'A')).toBeDefined()
    expect(cache.getAnswer('ns1.co.kr.', 'A', 'answer')).toBeUndefined()
    cache.storeRecords([rr('ns1.co.kr.', 'A', '127.53.2.1', 3600)], 'answer')
    expect(cache.storeRecords([rr('ns1.co.kr.', 'A', '6.6.6.6', 86400)], 'glue')).toEqual([])
    expect(cache.getAnswer('ns1.co.kr.', 'A', 'answer')!.records.map((r) => r.data)).toEqual(['127.53.2.1'])
  })

  it('lets an answer replace a cached NXDOMAIN for the name', () => {
    const { cache } = clocked()
    cache.storeNegative('new.lab.cyber.co.kr.', 'A', 'nxdomain', SOA, 'answer')
    cache.storeRecords([rr('new.lab.cyber.co.kr.', 'A', '192.0.2.9')], 'answer')
    expect(cache.get('new.lab.cyber.co.kr.', '*')).toBeUndefined()
  })

  it('evicts the oldest entry when full', () => {
    const cache = new DnsCache({ clock: () => 0, maxEntries: 2 })
    cache.storeRecords([rr('a.', 'A', '192.0.2.1')], 'answer')
    cache.storeRecords([rr('b.', 'A', '192.0.2.2')], 'answer')
    cache.storeRecords([rr('c.', 'A', '192.0.2.3')], 'answer')
    expect(cache.snapshot().map((e) => e.name)).toEqual(['b.', 'c.'])
  })
})
