// Wiretrail and unbound (software nobody here wrote) resolve every lab name from the same lab root:
// the embedded lab serves its zones on port 53 of 127.232.x.y (unbound asks port 53 only), unbound
// iterates from the lab's root hints, and both must give the same final answers (rcode, records)
// as each other and as the lab's table of cases: the notes' chains, a CNAME chain across zones, a
// glueless delegation, a lame server, NXDOMAIN, NODATA, AAAA, MX, a short TTL, TC=1 → TCP, PTR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLabNetwork, rootHintsText, startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { Resolver, type ResolutionResult } from '../../src-main/resolver/index.ts'
import { requireRoot, startUnbound, zoneNamesAndTypes, type UnboundPeer } from './helpers/peers.ts'

const BLOCK = 232
const network = loadLabNetwork({ addressBlock: BLOCK })
const UNBOUND_ADDRESS = `127.${BLOCK}.254.1`
let lab: RunningLab
let unbound: UnboundPeer

beforeAll(async () => {
  requireRoot('the lab on port 53 for unbound')
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 53, web: false, localDns: false })
  unbound = await startUnbound(UNBOUND_ADDRESS, rootHintsText(lab.network), 18953)
}, 60_000)
afterAll(async () => {
  await unbound?.stop()
  await lab?.close()
})

/** The final answer without TTLs, as a set (servers may rotate RRset order). */
const answerSet = (r: ResolutionResult): string[] => r.answers.map((a) => `${a.name} ${a.class} ${a.type} ${a.data}`).sort()

describe('Wiretrail and unbound agree on every lab name', () => {
  it('unbound really iterates from the lab root (the notes chain, asked of unbound)', async () => {
    const viaUnbound = await new Resolver({ mode: 'stub', stub: { address: UNBOUND_ADDRESS, port: 53 }, cache: false, timeoutMs: 5000 }).resolve('www.lab.cyber.co.kr')
    expect(viaUnbound).toMatchObject({ rcode: 'NOERROR', source: 'recursive', addresses: [`127.${BLOCK}.4.80`] })
    expect(viaUnbound.events.find((e) => e.kind === 'response')).toMatchObject({ authoritative: false })
  })


  it('has a case for each kind of name the lab offers', () => {
    expect(lab.network.cases.length).toBeGreaterThanOrEqual(15)
    expect(lab.network.cases.map((c) => c.type)).toEqual(expect.arrayContaining(['A', 'AAAA', 'MX', 'TXT', 'PTR']))
  })
})


describe('table: every case of the lab', () => {
  // The cases come from the lab's topology on disk, read when the tests are collected.
  it.each(network.cases.map((c) => [`${c.name} ${c.type}`, c] as const))('%s', async (_, c) => {
    const wiretrail = await new Resolver({ mode: 'iterative', roots: lab.roots, portFor: () => 53, timeoutMs: 3000 }).resolve(c.name, c.type)
    const peer = await new Resolver({ mode: 'stub', stub: { address: UNBOUND_ADDRESS, port: 53 }, cache: false, timeoutMs: 5000 }).resolve(c.name, c.type)
    expect(wiretrail.rcode).toBe(c.rcode)
    expect(peer.rcode).toBe(wiretrail.rcode)
    expect(answerSet(peer)).toEqual(answerSet(wiretrail))
    if (c.answer !== undefined) expect(wiretrail.answers.map((a) => a.data).sort()).toEqual([...c.answer].sort())
    if (c.answerCount !== undefined) expect(wiretrail.answers).toHaveLength(c.answerCount)
  })
})

describe('table: every name and type in the zone files', () => {
  const pairs = zoneNamesAndTypes(network)
  it('covers every zone', () => {
    expect(pairs.length).toBeGreaterThan(40)
    for (const zone of network.zones) expect(pairs).toContainEqual({ name: zone.origin, type: 'SOA' })
  })
  it.each(pairs.map((p) => [`${p.name} ${p.type}`, p] as const))('%s', async (_, p) => {
    const wiretrail = await new Resolver({ mode: 'iterative', roots: lab.roots, portFor: () => 53, timeoutMs: 3000 }).resolve(p.name, p.type)
    const peer = await new Resolver({ mode: 'stub', stub: { address: UNBOUND_ADDRESS, port: 53 }, cache: false, timeoutMs: 5000 }).resolve(p.name, p.type)
    expect(wiretrail.rcode).toBe('NOERROR')
    expect(wiretrail.answers.length).toBeGreaterThan(0)
    expect(peer.rcode).toBe(wiretrail.rcode)
    expect(answerSet(peer)).toEqual(answerSet(wiretrail))
  })
})
