// The resolution chains as a compact store (analyzer/resolution-store.ts): every chain made from it
// is the object resolutions.ts built, key for key and in the same order (so the walkthrough's JSON
// is byte for byte what it was), on real captures — inferred chains, iterative walks, a recording
// with its journal — and on hops with every key the schema has.
import { describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import { ResolutionStore } from '../../src-main/analyzer/resolution-store.ts'
import { buildResolutions, linkConnection } from '../../src-main/analyzer/resolutions.ts'
import { dnsEntries } from '../../src-main/analyzer/trackers/dns.ts'
import type { ResolutionChain, ResolutionHop } from '../../src-main/shared/walkthrough.ts'

const CAPTURES = '../shared/captures'

/** The chains resolutions.ts builds for a capture, as objects (what the build used to keep). */
async function chainsOf(path: string, journalPath?: string): Promise<ResolutionChain[]> {
  const journal = journalPath ? await readJournal(journalPath) : null
  const pass = new StreamingPass(journal)
  await readCapture(path, { onFrame: (f) => pass.onFrame(f), onSecrets: (_kind, text) => pass.secrets(text) })
  pass.flush()
  await pass.settled()
  return buildResolutions(dnsEntries(pass.dns.transactions), journal, pass.firstEpoch.sec + pass.firstEpoch.nsec / 1e9)
}

/** Every object's keys, in order, at every depth (JSON leaves out a key whose value is undefined;
 * this does not). */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder)
  if (value === null || typeof value !== 'object') return value
  return Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
}

function expectSame(store: ResolutionStore, chains: ResolutionChain[]): void {
  expect(store.length).toBe(chains.length)
  for (let i = 0; i < chains.length; i++) {
    const made = store.at(i)!
    expect(JSON.stringify(made)).toBe(JSON.stringify(chains[i]))
    expect(keyOrder(made)).toStrictEqual(keyOrder(chains[i]))
  }
  expect([...store].map((c) => JSON.stringify(c))).toStrictEqual(chains.map((c) => JSON.stringify(c)))
}

describe('the resolution chains kept as a store', () => {
  it.each([
    'dns-iterative-lab-a-aaaa-referrals.pcap',
    'dns-iterative-lab-root-referrals.pcap',
    'dns-root-server-responses-referral.pcap',
    'dns-edns-dnssec-referrals-ipv6-frags.pcap',
    'dns-many-queries-mdns-llmnr.pcap',
    'dns-a-ptr-cname-nxdomain.pcapng',
    'http-espn-pageload-images-gzip.pcapng',
  ])('gives back every chain of %s as it was built', async (name) => {
    const chains = await chainsOf(`${CAPTURES}/${name}`)
    expect(chains.length).toBeGreaterThan(0)
    expectSame(new ResolutionStore(chains), chains)
  })

  it('links connections to chains one by one, each chain its own list (the chains share one empty list until then)', async () => {
    for (const [path, journal] of [[`${CAPTURES}/dns-many-queries-mdns-llmnr.pcap`], ['test/fuzz/seeds/lab-sample.pcapng', 'test/fuzz/seeds/lab-sample.pcapng.wiretrail.jsonl']] as const) {
      const chains = await chainsOf(path, journal)
      expect(chains.length).toBeGreaterThanOrEqual(2)
      expect(chains.every((c) => c.connections.length === 0)).toBe(true)
      // Nothing adds to the shared empty list by mistake: it is frozen.
      expect(() => chains[0]!.connections.push(9)).toThrow(TypeError)
      linkConnection(chains[0]!, 4)
      linkConnection(chains[0]!, 7)
      linkConnection(chains[1]!, 4)
      expect(chains.map((c) => c.connections).slice(0, 2)).toStrictEqual([[4, 7], [4]])
      expect(chains.slice(2).every((c) => c.connections.length === 0)).toBe(true)
      expectSame(new ResolutionStore(chains), chains)
    }
  })

  it('gives back the chains of a recording read with its journal (its resolver’s hops and a cache hit)', async () => {
    const path = 'test/fuzz/seeds/lab-sample.pcapng'
    const chains = await chainsOf(path, `${path}.wiretrail.jsonl`)
    expect(chains.some((c) => c.hops.some((h) => h.outcome === 'cache' && h.cached !== undefined && h.atMs !== undefined))).toBe(true)
    expectSame(new ResolutionStore(chains), chains)
  })

  it('keeps every key a hop or a chain can have, absent, null or undefined as it was, and shares answer sets', () => {
    const answers = [{ name: 'www.lab.cyber.co.kr', type: 'A', class: 'IN', ttl: 300, data: '127.53.4.80' }]
    const cacheHit: ResolutionHop = {
      server: '(cache)',
      zone: '(cache)',
      outcome: 'cache',
      frames: [],
      t: 0.25,
      rtt_ms: null,
      ttlLeft: 120,
      storedTtl: 300,
      ageMs: 180000,
      cache: 'nearby',
      negative: 'nodata',
      cached: { name: 'lab.cyber.co.kr', type: 'NS', use: 'delegation', data: ['ns.lab.cyber.co.kr'] },
    }
    cacheHit.atMs = 1_700_000_000_123
    const referral: ResolutionHop = { server: '127.53.1.1', zone: '.', outcome: 'referral', dns: 3, frames: [7, 8], t: 1.5, rtt_ms: 0.125, referredTo: 'kr.' }
    referral.leg = 'walk'
    referral.role = 'root'
    const stub: ResolutionHop = { server: '127.53.53.53:10053', zone: '(recursive)', outcome: 'answer', dns: 2, frames: [5], t: -0, rtt_ms: 3 }
    stub.role = 'nearby'
    stub.leg = 'stub'
    const first: ResolutionChain = { qname: 'www.lab.cyber.co.kr', qtype: 'A', hops: [stub, referral, cacheHit], rcode: 'NOERROR', answers, connections: [4, 0, 9] }
    first.mode = 'stub'
    first.walkedBy = '127.53.53.53:10053'
    const second: ResolutionChain = { qname: 'ns.lab.cyber.co.kr', qtype: 'AAAA', hops: [], rcode: null, answers, connections: [], parent: undefined }
    second.parentHop = 1
    const third: ResolutionChain = { qname: 'x', qtype: 'A', hops: [{ ...referral, dns: 0, frames: [2 ** 31 + 5] }], rcode: 'NXDOMAIN', answers: [], connections: [], parent: 0, parentHop: 0 }
    const chains = [first, second, third]
    const store = new ResolutionStore(chains)
    expectSame(store, chains)
    expect(Object.keys(store.at(1)!)).toStrictEqual(['qname', 'qtype', 'hops', 'rcode', 'answers', 'connections', 'parent', 'parentHop'])
    expect(store.at(1)!.parent).toBeUndefined()
    expect(store.at(0)!.hops[2]!.cached).toStrictEqual(cacheHit.cached)
    expect(Object.is(store.at(0)!.hops[0]!.t, -0)).toBe(true)
    // One answer set, kept once: both chains read the same array.
    expect(store.at(0)!.answers).toBe(store.at(1)!.answers)
    // Each read is a new object; an index reads as an array's `at` reads it.
    expect(store.at(0)).not.toBe(store.at(0))
    for (const i of [-1, -3, -4, 3, 1.5, Number.NaN]) expect(JSON.stringify(store.at(i))).toBe(JSON.stringify(chains.at(i)))
  })
})
