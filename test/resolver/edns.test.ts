// A server that does not understand EDNS (or a middlebox before it that drops OPT records) answers
// FORMERR to an EDNS query. The resolver asks it again without the OPT record, as resolvers do
// (RFC 6891 §7), and keeps asking it without EDNS afterwards; other servers still get EDNS.
import { afterEach, describe, expect, it } from 'vitest'
import { Resolver } from '../../src-main/resolver/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import { a, authoritative, FakeNetwork, type Script } from './helpers/fake-dns.ts'

const ROOT = '127.207.0.1'
const OLD = '127.207.1.1'

let net: FakeNetwork | undefined
afterEach(async () => {
  await net?.close()
  net = undefined
})

/** Answers FORMERR (rcode 1) to any query carrying an OPT record; otherwise serves the zone. */
function noEdns(zone: Script): Script {
  return (query) => (query.edns !== null ? { packet: { flags: 1 } } : zone(query))
}

describe('EDNS fallback', () => {
  it('asks a server that answers FORMERR to EDNS again without it, and remembers', async () => {
    net = new FakeNetwork()
    await net.add(ROOT, authoritative({ zone: '.', delegations: { 'old.test': [{ name: 'ns.old.test', address: OLD }] } }))
    await net.add(OLD, noEdns(authoritative({ zone: 'old.test', records: [a('www.old.test', '192.0.2.70'), a('mail.old.test', '192.0.2.71')] })))
    const events: ResolverEvent[] = []
    const resolver = new Resolver({ mode: 'iterative', roots: [{ address: ROOT, port: net.portFor(ROOT) }], portFor: net.portFor, timeoutMs: 800, onEvent: (e) => events.push(e) })
    const result = await resolver.resolve('www.old.test')
    expect(result.addresses).toEqual(['192.0.2.70'])
    expect(net.log.map((q) => `${q.server} ${q.name} edns=${q.edns}`)).toEqual([`${ROOT} www.old.test. edns=1232`, `${OLD} www.old.test. edns=1232`, `${OLD} www.old.test. edns=null`])
    expect(result.hops.map((h) => `${h.zone} ${h.outcome} ${h.detail ?? ''}`.trim())).toEqual(['. referral old.test.', 'old.test. throwaway rcode FORMERR', 'old.test. answer'])
    expect(events.find((e) => e.kind === 'retry')).toMatchObject({
      reason: expect.stringMatching(/^ns\.old\.test\. 127\.207\.1\.1:\d+ answered FORMERR to a query with EDNS \(an OPT record\): asking again without EDNS, as RFC 6891 §7 allows$/),
    })
    // The next query to that server goes without EDNS at once; the root still gets EDNS.
    net.log.length = 0
    await resolver.resolve('mail.old.test')
    expect(net.log.map((q) => `${q.server} ${q.name} edns=${q.edns}`)).toEqual([`${OLD} mail.old.test. edns=null`])
  })
})
