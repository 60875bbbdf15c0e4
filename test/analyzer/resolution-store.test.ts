// The resolution chains built straight into rows (analyzer/resolution-store.ts ResolutionTable,
// driven by resolutions.ts and build.ts): every chain the store gives is the object the rule written
// out plainly builds (test/support/resolutions-plain.ts: the chains as objects, edited in place, as
// the analyzer built them before), key for key and in the same order (so the walkthrough's JSON is
// byte for byte what it was), with the same connections linked — on real captures (inferred chains,
// iterative walks, glueless sub-chains, a capture taken at a recursive resolver), on lab recordings
// read with their journals (the nearby DNS server's walk nested, cache hits), and on random sequences
// of the table's writes mirrored on objects. What the steps' plan reads from the columns
// (hopCount, plannedHop, qtype, parent) is the same as the chain's.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { StreamingPass } from '../../src-main/analyzer/pass.ts'
import { linkResolutions } from '../../src-main/analyzer/build.ts'
import { ResolutionTable, type HopTextKey, type ResolutionStore } from '../../src-main/analyzer/resolution-store.ts'
import { buildResolutions } from '../../src-main/analyzer/resolutions.ts'
import { dnsEntries } from '../../src-main/analyzer/trackers/dns.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'
import type { ResolutionChain, ResolutionHop } from '../../src-main/shared/walkthrough.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad, type RecordResult } from '../../src-main/recorder/index.ts'
import * as plain from '../support/resolutions-plain.ts'
import { scratchDir } from '../support/scratch.ts'

const CAPTURES = '../shared/captures'

/** Every object's keys, in order, at every depth (JSON leaves out a key whose value is undefined;
 * this does not). */
function keyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(keyOrder)
  if (value === null || typeof value !== 'object') return value
  return Object.entries(value).map(([k, v]) => [k, keyOrder(v)])
}

/** The store gives `chains`: each chain whole (JSON and every key in order), by iteration, and what
 * the steps' plan reads of it from the columns. */
function expectSame(store: ResolutionStore, chains: ResolutionChain[]): void {
  expect(store.length).toBe(chains.length)
  for (let i = 0; i < chains.length; i++) {
    const made = store.at(i)!
    const chain = chains[i]!
    expect(JSON.stringify(made)).toBe(JSON.stringify(chain))
    expect(keyOrder(made)).toStrictEqual(keyOrder(chain))
    expect(store.field(i, 'qname')).toBe(chain.qname)
    expect(store.field(i, 'qtype')).toBe(chain.qtype)
    expect(store.field(i, 'parent')).toBe(chain.parent)
    expect(store.hopCount(i)).toBe(chain.hops.length)
    chain.hops.forEach((hop, hi) => {
      expect(store.plannedHop(i, hi)).toStrictEqual({ outcome: hop.outcome, zone: hop.zone, dns: hop.dns, t: hop.t, atMs: hop.atMs, negative: hop.negative, leg: hop.leg })
    })
  }
  expect([...store].map((c) => JSON.stringify(c))).toStrictEqual(chains.map((c) => JSON.stringify(c)))
}

/** Connections to every address the chains' answers gave, each starting at one of the chains' times
 * (a little before, at, and after): what links them to resolutions. */
function connectionsFor(chains: ResolutionChain[]): { serverIp: string; start: number }[] {
  const out: { serverIp: string; start: number }[] = []
  chains.forEach((chain, i) => {
    const last = chain.hops[chain.hops.length - 1]
    const t = last ? last.t : 0
    for (const r of chain.answers) {
      if (r.type !== 'A' && r.type !== 'AAAA') continue
      for (const after of [[-0.5, 0, 0.25][i % 3]!, 0.1]) out.push({ serverIp: r.data, start: t + after })
    }
  })
  return out
}

function linked(list: { serverIp: string; start: number }[]) {
  const resolutionOf: (number | undefined)[] = list.map(() => undefined)
  return {
    resolutionOf,
    connections: { length: list.length, serverIp: (i: number) => list[i]!.serverIp, start: (i: number) => list[i]!.start, setResolution: (i: number, r: number) => (resolutionOf[i] = r) },
  }
}

/** The chains of a capture (its journal read with it) built both ways, linked to the same
 * connections: the store, and the objects the plain rule built. */
async function bothWays(path: string, journalPath?: string): Promise<{ store: ResolutionStore; chains: ResolutionChain[] }> {
  const journal = journalPath ? await readJournal(journalPath) : null
  const pass = new StreamingPass(journal)
  await readCapture(path, { onFrame: (f) => pass.onFrame(f), onSecrets: (_kind, text) => pass.secrets(text) })
  pass.flush()
  await pass.settled()
  const firstEpoch = pass.firstEpoch.sec + pass.firstEpoch.nsec / 1e9
  const chains = plain.buildResolutions(dnsEntries(pass.dns.transactions), journal, firstEpoch)
  const built = buildResolutions(dnsEntries(pass.dns.transactions), journal, firstEpoch)
  const list = connectionsFor(chains)
  const before = linked(list)
  plain.linkResolutions(chains, before.connections)
  const now = linked(list)
  linkResolutions(built.table, built.chains, now.connections)
  expect(now.resolutionOf).toStrictEqual(before.resolutionOf)
  return { store: built.table.finish(built.chains), chains }
}

describe('the resolution chains built into rows', () => {
  it.each([
    // Chains of one client's iterative walk, and one nested in a stub query (the capture taken at
    // a recursive resolver: its walk, and the glueless NS names it looked up as sub-chains).
    'dns-iterative-lab-a-aaaa-referrals.pcap',
    'dns-iterative-lab-root-referrals.pcap',
    'dns-root-server-responses-referral.pcap',
    // 63 chains, 14 of them sub-chains of a referral without glue, 4 with a question unanswered.
    'dns-edns-dnssec-referrals-ipv6-frags.pcap',
    'dns-many-queries-mdns-llmnr.pcap',
    'dns-a-ptr-cname-nxdomain.pcapng',
    'dns-udp-truncated-retry-tcp.pcapng',
    'http-espn-pageload-images-gzip.pcapng',
    'more/dns-queries-only-10-clients.pcap',
  ])('gives back every chain of %s as the plain rule builds it, with the same connections', async (name) => {
    const { store, chains } = await bothWays(`${CAPTURES}/${name}`)
    expect(chains.length).toBeGreaterThan(0)
    expectSame(store, chains)
  })

  it('covers the nesting: walks nested in a stub query, sub-chains with their parent hop, connections linked', async () => {
    const { store, chains } = await bothWays(`${CAPTURES}/dns-iterative-lab-a-aaaa-referrals.pcap`)
    expect(chains.filter((c) => c.walkedBy !== undefined).length).toBeGreaterThan(0)
    expect(chains.filter((c) => c.parentHop !== undefined).length).toBeGreaterThan(0)
    expect(chains.some((c) => c.hops.some((h) => h.leg === 'walk') && c.hops.some((h) => h.leg === 'stub'))).toBe(true)
    expect(chains.some((c) => c.connections.length > 0)).toBe(true)
    expectSame(store, chains)
  })

  it.each(['test/fuzz/seeds/lab-sample.pcapng', 'test/fuzz/seeds/lab-tls.pcap'])('gives back the chains of the recording %s read with its journal (a cache hit)', async (path) => {
    const { store, chains } = await bothWays(path, `${path}.wiretrail.jsonl`)
    expect(chains.some((c) => c.hops.some((h) => h.outcome === 'cache' && h.cached !== undefined && h.atMs !== undefined))).toBe(true)
    expectSame(store, chains)
  })

  it('writes each chain and hop to its own row: every field of every row read back as written, in a list of another order', () => {
    const table = new ResolutionTable()
    const answers = Array.from({ length: 40 }, (_, c): DnsRecordView[] => [{ name: `n${c}.`, type: 'A', class: 'IN', ttl: c, data: `10.0.0.${c}` }])
    const rows: number[] = []
    for (let c = 0; c < 40; c++) {
      const chain = table.addChain(`n${c}.`, ['A', 'AAAA', 'NS'][c % 3]!, c % 2 ? 'stub' : 'iterative')
      rows.push(chain)
      for (let k = 0; k <= c % 3; k++) {
        const hop = table.addTxHop(`10.1.${c}.${k}`, `z${c}.${k}.`, (['answer', 'referral', 'timeout'] as const)[k]!, 1000 * c + k, 2 * c + 1, k === 2 ? null : 2 * c + 2, c + k / 10, k === 2 ? null : c + k)
        table.setHopText(hop, 'role', (['root', 'tld', 'zone'] as const)[k]!)
        table.append(chain, hop)
      }
      table.setRcode(chain, `RC${c}`)
      table.setAnswers(chain, answers[c]!)
      if (c % 4 === 1) table.setWalkedBy(chain, `w${c}`)
      if (c > 0) table.setParent(chain, c - 1)
      if (c % 5 === 2) table.setParentHop(chain, c % 3)
      table.linkConnection(chain, 100 + c)
      if (c % 2) table.linkConnection(chain, 200 + c)
    }
    const order = [...rows].reverse()
    const store = table.finish(order)
    order.forEach((c, i) => {
      const chain = store.at(i)!
      expect(chain.qname).toBe(`n${c}.`)
      expect(chain.qtype).toBe(['A', 'AAAA', 'NS'][c % 3])
      expect(chain.mode).toBe(c % 2 ? 'stub' : 'iterative')
      expect(chain.rcode).toBe(`RC${c}`)
      expect(chain.answers).toBe(answers[c])
      expect(chain.walkedBy).toBe(c % 4 === 1 ? `w${c}` : undefined)
      expect(chain.parent).toBe(c > 0 ? c - 1 : undefined)
      expect(chain.parentHop).toBe(c % 5 === 2 ? c % 3 : undefined)
      expect(chain.connections).toStrictEqual(c % 2 ? [100 + c, 200 + c] : [100 + c])
      expect(chain.hops.length).toBe((c % 3) + 1)
      chain.hops.forEach((hop, k) => {
        expect(hop).toStrictEqual({
          server: `10.1.${c}.${k}`,
          zone: `z${c}.${k}.`,
          outcome: ['answer', 'referral', 'timeout'][k],
          dns: 1000 * c + k,
          frames: k === 2 ? [2 * c + 1] : [2 * c + 1, 2 * c + 2],
          t: c + k / 10,
          rtt_ms: k === 2 ? null : c + k,
          role: ['root', 'tld', 'zone'][k],
        })
      })
    })
  })

  it('keeps every key a hop or a chain can have, absent, null or undefined as it was, and shares answer sets', () => {
    const table = new ResolutionTable()
    const answers: DnsRecordView[] = [{ name: 'www.lab.cyber.co.kr', type: 'A', class: 'IN', ttl: 300, data: '127.53.4.80' }]
    const cached = { name: 'lab.cyber.co.kr', type: 'NS', use: 'delegation' as const, data: ['ns.lab.cyber.co.kr'] }
    // A journal's cache hit, in the order fromJournal writes it.
    const cacheHit = table.addPacketlessHop('(cache)', '(cache)', 'cache', 0.25, null)
    table.setHopRare(cacheHit, 'ttlLeft', 120)
    table.setHopRare(cacheHit, 'storedTtl', 300)
    table.setHopRare(cacheHit, 'ageMs', 180000)
    table.setHopText(cacheHit, 'cache', 'nearby')
    table.setHopText(cacheHit, 'negative', 'nodata')
    table.setHopRare(cacheHit, 'cached', cached)
    table.setHopRare(cacheHit, 'atMs', 1_700_000_000_123)
    const referral = table.addTxHop('127.53.1.1', '.', 'referral', 3, 7, 8, 1.5, 0.125)
    table.setHopText(referral, 'referredTo', 'kr.')
    table.setHopText(referral, 'leg', 'walk')
    table.setHopText(referral, 'role', 'root')
    const stub = table.addTxHop('127.53.53.53:10053', '(recursive)', 'answer', 2, 5, null, -0, 3)
    table.setHopText(stub, 'role', 'nearby')
    table.setHopText(stub, 'leg', 'stub')
    // A frame number past 2³¹ and a hop with only its response.
    const far = table.addTxHop('127.53.1.1', '.', 'referral', 0, null, 2 ** 31 + 5, 2, null)
    const first = table.addChain('www.lab.cyber.co.kr', 'A', 'stub')
    for (const hop of [stub, referral, cacheHit]) table.append(first, hop)
    table.setRcode(first, 'NOERROR')
    table.setAnswers(first, answers)
    table.setWalkedBy(first, '127.53.53.53:10053')
    for (const connection of [4, 0, 9]) table.linkConnection(first, connection)
    const second = table.addChain('ns.lab.cyber.co.kr', 'AAAA', undefined)
    table.setAnswers(second, answers)
    table.setParent(second, undefined)
    table.setParentHop(second, 1)
    const third = table.addChain('x', 'A', 'iterative')
    table.append(third, far)
    table.setRcode(third, 'NXDOMAIN')
    table.setParentHop(third, 0)
    table.setParent(third, 0)
    const store = table.finish([first, second, third])
    const hop = (h: Partial<ResolutionHop>) => h as ResolutionHop
    expectSame(store, [
      {
        qname: 'www.lab.cyber.co.kr',
        qtype: 'A',
        hops: [
          hop({ server: '127.53.53.53:10053', zone: '(recursive)', outcome: 'answer', dns: 2, frames: [5], t: -0, rtt_ms: 3, role: 'nearby', leg: 'stub' }),
          hop({ server: '127.53.1.1', zone: '.', outcome: 'referral', dns: 3, frames: [7, 8], t: 1.5, rtt_ms: 0.125, referredTo: 'kr.', leg: 'walk', role: 'root' }),
          hop({ server: '(cache)', zone: '(cache)', outcome: 'cache', frames: [], t: 0.25, rtt_ms: null, ttlLeft: 120, storedTtl: 300, ageMs: 180000, cache: 'nearby', negative: 'nodata', cached, atMs: 1_700_000_000_123 }),
        ],
        rcode: 'NOERROR',
        answers,
        connections: [4, 0, 9],
        mode: 'stub',
        walkedBy: '127.53.53.53:10053',
      },
      { qname: 'ns.lab.cyber.co.kr', qtype: 'AAAA', hops: [], rcode: null, answers, connections: [], mode: undefined, parent: undefined, parentHop: 1 },
      { qname: 'x', qtype: 'A', hops: [hop({ server: '127.53.1.1', zone: '.', outcome: 'referral', dns: 0, frames: [2 ** 31 + 5], t: 2, rtt_ms: null })], rcode: 'NXDOMAIN', answers: [], connections: [], mode: 'iterative', parentHop: 0, parent: 0 },
    ])
    expect(Object.keys(store.at(1)!)).toStrictEqual(['qname', 'qtype', 'hops', 'rcode', 'answers', 'connections', 'mode', 'parent', 'parentHop'])
    expect(Object.is(store.at(0)!.hops[0]!.t, -0)).toBe(true)
    // One answer set, kept once: both chains read the same array.
    expect(store.at(0)!.answers).toBe(store.at(1)!.answers)
    // Each read is a new object; an index reads as an array's `at` reads it.
    expect(store.at(0)).not.toBe(store.at(0))
    const chains = [...store]
    for (const i of [-1, -3, -4, 3, 1.5, Number.NaN]) expect(JSON.stringify(store.at(i))).toBe(JSON.stringify(chains.at(i)))
  })

  it('reads back random sequences of writes as the same writes to objects give them', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = randoms(seed)
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
      // Room for 16 rows at first: the columns grow several times over.
      const table = new ResolutionTable(16)
      const chains: ResolutionChain[] = [] // by chain row
      const hops: ResolutionHop[] = [] // by hop row
      const chainOfHop: (number | undefined)[] = []
      const free: number[] = [] // hops in no chain yet
      const answerSets: DnsRecordView[][] = [[], [{ name: 'a.', type: 'A', class: 'IN', ttl: 1, data: '10.0.0.1' }], [{ name: 'b.', type: 'AAAA', class: 'IN', ttl: 2, data: '::1' }]]
      const texts: Record<HopTextKey, readonly string[]> = {
        server: ['127.53.1.1', '127.53.53.53:10053', '(cache)'],
        zone: ['.', 'kr.', '(recursive)', '(cache)'],
        outcome: ['answer', 'referral', 'timeout', 'cache', 'cname'],
        referredTo: ['kr.', 'co.kr.'],
        negative: ['nxdomain', 'nodata'],
        role: ['root', 'tld', 'zone', 'nearby'],
        cache: ['stub', 'nearby'],
        leg: ['stub', 'walk'],
      }
      const newHop = (): void => {
        const t = pick([0, 1.5, -0, 7.25, Number.NaN])
        const rtt = pick([null, 0.5, 3])
        const [server, zone, outcome] = [pick(texts.server), pick(texts.zone), pick(texts.outcome) as ResolutionHop['outcome']]
        let h: number
        if (random() < 0.7) {
          const dns = Math.floor(random() * 50)
          const query = pick([null, 3, 2 ** 31 + 1])
          const response = pick([null, 4])
          h = table.addTxHop(server, zone, outcome, dns, query, response, t, rtt)
          hops[h] = { server, zone, outcome, dns, frames: [query, response].filter((f) => f !== null), t, rtt_ms: rtt }
        } else {
          h = table.addPacketlessHop(server, zone, outcome, t, rtt)
          hops[h] = { server, zone, outcome, frames: [], t, rtt_ms: rtt }
        }
        free.push(h)
      }
      for (let step = 0; step < 400; step++) {
        const r = random()
        const anyChain = () => Math.floor(random() * chains.length)
        const anyHop = () => Math.floor(random() * hops.length)
        if (r < 0.1 || chains.length === 0) {
          const [qname, qtype, mode] = [pick(['a.', 'b.', '.']), pick(['A', 'AAAA', 'NS']), pick(['stub', 'iterative', undefined] as const)]
          chains[table.addChain(qname, qtype, mode)] = { qname, qtype, hops: [], rcode: null, answers: answerSets[0]!, connections: [], mode }
        } else if (r < 0.3 || hops.length === 0) newHop()
        else if (r < 0.4 && free.length > 0) {
          const h = free.splice(Math.floor(random() * free.length), 1)[0]!
          const c = anyChain()
          table.append(c, h)
          chains[c]!.hops.push(hops[h]!)
          chainOfHop[h] = c
        } else if (r < 0.45 && free.length > 0) {
          // A few free hops after a hop of a chain.
          const placed = chainOfHop.flatMap((c, h) => (c === undefined ? [] : [h]))
          if (placed.length === 0) continue
          const after = pick(placed)
          const c = chainOfHop[after]!
          const moving = free.splice(0, 1 + Math.floor(random() * Math.min(3, free.length)))
          table.insertAfter(c, after, moving)
          chains[c]!.hops.splice(chains[c]!.hops.indexOf(hops[after]!) + 1, 0, ...moving.map((h) => hops[h]!))
          for (const h of moving) chainOfHop[h] = c
        } else if (r < 0.5) {
          const h = anyHop()
          const copy = table.copyHop(h)
          hops[copy] = { ...hops[h]! }
          free.push(copy)
        } else if (r < 0.7) {
          const h = anyHop()
          const key = pick(Object.keys(texts) as HopTextKey[])
          const value = pick(texts[key])
          table.setHopText(h, key, value as never)
          ;(hops[h] as unknown as Record<string, unknown>)[key] = value
        } else if (r < 0.75) {
          const h = anyHop()
          const [key, value] = pick([['ttlLeft', 60], ['storedTtl', 300], ['ageMs', 5], ['atMs', 1_700_000_000_000], ['cached', { name: 'a.', type: 'A', use: 'answer', data: ['10.0.0.1'] }]] as const)
          table.setHopRare(h, key, value as never)
          ;(hops[h] as unknown as Record<string, unknown>)[key] = value
        } else if (r < 0.8) {
          const c = anyChain()
          const p = pick([undefined, 0, 3, 17])
          table.setParent(c, p)
          chains[c]!.parent = p
        } else if (r < 0.84) {
          const c = anyChain()
          const p = Math.floor(random() * 4)
          table.setParentHop(c, p)
          chains[c]!.parentHop = p
        } else if (r < 0.88) {
          const c = anyChain()
          const w = pick(['127.53.53.53:10053', '10.0.0.53'])
          table.setWalkedBy(c, w)
          chains[c]!.walkedBy = w
        } else if (r < 0.92) {
          const c = anyChain()
          const rcode = pick([null, 'NOERROR', 'NXDOMAIN'])
          table.setRcode(c, rcode)
          chains[c]!.rcode = rcode
        } else if (r < 0.96) {
          const c = anyChain()
          const set = pick(answerSets)
          table.setAnswers(c, set)
          chains[c]!.answers = set
        } else {
          const c = anyChain()
          const connection = Math.floor(random() * 100)
          table.linkConnection(c, connection)
          chains[c]!.connections.push(connection)
        }
      }
      // What resolutions.ts reads back while it builds.
      chains.forEach((chain, c) => {
        expect(table.qname(c)).toBe(chain.qname)
        expect(table.qtype(c)).toBe(chain.qtype)
        expect(table.rcode(c)).toBe(chain.rcode)
        expect(table.parent(c)).toBe(chain.parent)
        expect(table.walkedBy(c)).toBe(chain.walkedBy)
        expect(table.answers(c)).toStrictEqual(chain.answers)
        expect(table.hopCount(c)).toBe(chain.hops.length)
        const rows = table.hops(c)
        expect(rows.map((h) => hops[h])).toStrictEqual(chain.hops)
        expect(rows[0] ?? -1).toBe(table.first(c))
        expect(rows.at(-1) ?? -1).toBe(table.last(c))
        rows.forEach((h, k) => {
          expect(table.prev(h)).toBe(rows[k - 1] ?? -1)
          expect(table.next(h)).toBe(rows[k + 1] ?? -1)
          const hop = hops[h]!
          expect([table.server(h), table.zone(h), table.outcome(h), table.referredTo(h), table.role(h), table.dns(h), table.t(h)]).toStrictEqual([hop.server, hop.zone, hop.outcome, hop.referredTo, hop.role, hop.dns, hop.t])
        })
      })
      // A list of some of the chains, in another order.
      const list = chains.map((_, c) => c).filter(() => random() < 0.8)
      for (let k = list.length - 1; k > 0; k--) {
        const j = Math.floor(random() * (k + 1))
        ;[list[k], list[j]] = [list[j]!, list[k]!]
      }
      expectSame(table.finish(list), list.map((c) => chains[c]!))
    }
  })
})

describe('the resolution chains of lab recordings read with their journals, built into rows', () => {
  // The lab's nearby DNS server walks for this computer's resolver (the journal names the question
  // each of its walks answers: nestNearbyWalks), answers again from its cache, looks up a glueless NS
  // name on the way, and says a name does not exist. A lab of this file's own (127.237.0.0/16).
  let lab: RunningLab
  const recordings: RecordResult[] = []
  beforeAll(async () => {
    // The lab's DNS port, 10053: the analyzer reads it as DNS (a free port it would not).
    lab = await startLab({ addressBlock: 237, dnsPort: 10053, httpPort: 0, httpsPort: 0 })
    const dir = scratchDir('resolution-rows')
    const urls = ['http://www.lab.cyber.co.kr/sample.htm', 'http://www.lab.cyber.co.kr/sample.htm', 'dns:www.partner.glasscom.com', 'http://www.lab.cyber.co.kr/no-such-host.html']
    for (const [i, url] of urls.entries()) {
      const result = await recordPageLoad({ url, output: join(dir, `load-${i}.pcapng`), format: 'pcapng', lab })
      expect(result.ok).toBe(true)
      recordings.push(result)
    }
  }, 90_000)
  afterAll(async () => {
    await lab?.close()
  })

  it('gives back every chain of each recording as the plain rule builds it: the walks nested, cache hits, the glueless sub-chain', async () => {
    const all: ResolutionChain[] = []
    for (const r of recordings) {
      const { store, chains } = await bothWays(r.output, r.journal)
      expectSame(store, chains)
      all.push(...chains)
    }
    // What these recordings hold: a walk nested after the stub hop, a cache hit, a sub-chain.
    expect(all.some((c) => c.walkedBy !== undefined && c.hops.some((h) => h.leg === 'walk'))).toBe(true)
    expect(all.some((c) => c.hops.some((h) => h.outcome === 'cache'))).toBe(true)
    expect(all.some((c) => c.parent !== undefined)).toBe(true)
  })
})

/** A deterministic pseudo-random sequence in [0, 1). */
function randoms(seed: number): () => number {
  let x = seed
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
}
