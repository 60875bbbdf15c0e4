// Root hints as data (IANA's named.root built in, any other file in the same format) and RFC 8109
// priming: the resolver asks a hinted root for `. NS` before its first walk and starts from the
// root servers that answer lists — so stale hints (a renumbered root) still work. Scripted
// servers on 127.205.x.y; every test asserts the exact sequence of servers asked.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Answer } from 'dns-packet'
import { afterEach, describe, expect, it } from 'vitest'
import { builtInRootHints, parseRootHints, readRootHintsFile, Resolver, type RootHints } from '../../src-main/resolver/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import { scratchDir } from '../support/scratch.ts'
import { a, AA, authoritative, FakeNetwork, type Script } from './helpers/fake-dns.ts'

describe('root hints files', () => {
  it("parses IANA's named.root (built in): 13 root servers, each with its IPv4 and IPv6 address", () => {
    const hints = builtInRootHints()
    expect(hints.source).toBe("IANA's named.root (built in)")
    expect(hints.servers.map((s) => s.name)).toEqual('abcdefghijklm'.split('').map((l) => `${l}.root-servers.net.`))
    expect(hints.servers[0]).toEqual({ name: 'a.root-servers.net.', addresses: ['198.41.0.4', '2001:503:ba3e::2:30'] })
    // b.root-servers.net. was renumbered in November 2023.
    expect(hints.servers[1]).toEqual({ name: 'b.root-servers.net.', addresses: ['170.247.170.2', '2801:1b8:10::b'] })
    expect(hints.servers.every((s) => s.addresses.length === 2)).toBe(true)
  })

  it('reads a file in the same format, names and case as BIND and unbound accept them', async () => {
    const dir = scratchDir('hints')
    const file = join(dir, 'replica.hints')
    writeFileSync(file, '; two roots\n.   3600000  IN  NS  A.ROOT.Replica.\n.   3600000      NS  b.root.replica.\nA.ROOT.REPLICA. 3600000 A 127.100.0.1\nb.root.replica. 3600000 AAAA ::1\n')
    expect(await readRootHintsFile(file)).toEqual({
      source: file,
      servers: [
        { name: 'a.root.replica.', addresses: ['127.100.0.1'] },
        { name: 'b.root.replica.', addresses: ['::1'] },
      ],
    })
  })

  it.each([
    ['a syntax error, with its line', '. 3600000 NS a.root.test.\na.root.test. 3600000 A 300.1.1.1\n', /^root hints test\.hints: line 2: .*300\.1\.1\.1/],
    ['a record that is not a hint', '. 3600000 NS a.root.test.\na.root.test. 3600000 A 127.0.0.1\nexample. 3600000 MX 10 mail.example.\n', /example\. MX is not a root hint/],
    ['no NS record for the root', 'a.root.test. 3600000 A 127.0.0.1\n', /no NS record for the root \(\.\)/],
    ['root servers without any address', '. 3600000 NS a.root.test.\n. 3600000 NS b.root.test.\n', /none of the 2 root servers named \(a\.root\.test\., b\.root\.test\.\) has an A or AAAA record/],
    ['an address for a name no NS record gives', '. 3600000 NS a.root.test.\na.root.test. 3600000 A 127.0.0.1\nc.root.test. 3600000 A 127.0.0.3\n', /addresses for c\.root\.test\., which no root NS record names/],
  ])('rejects %s with ROOT_HINTS_INVALID', (_what, text, message) => {
    expect(() => parseRootHints(text, 'test.hints')).toThrow(expect.objectContaining({ code: 'ROOT_HINTS_INVALID', message: expect.stringMatching(message) }))
  })

  it('says why a file cannot be read: missing, a folder, or far too large to be hints', async () => {
    const dir = scratchDir('hints')
    await expect(readRootHintsFile(join(dir, 'none.hints'))).rejects.toMatchObject({ code: 'ROOT_HINTS_UNREADABLE', message: `cannot read the root hints file ${join(dir, 'none.hints')}: no such file` })
    mkdirSync(join(dir, 'folder'))
    await expect(readRootHintsFile(join(dir, 'folder'))).rejects.toMatchObject({ code: 'ROOT_HINTS_UNREADABLE' })
    writeFileSync(join(dir, 'big.hints'), ';'.repeat(300_000))
    await expect(readRootHintsFile(join(dir, 'big.hints'))).rejects.toMatchObject({ code: 'ROOT_HINTS_INVALID', message: expect.stringContaining('300000 bytes, more than a hints file holds') })
  })
})

// The replica of RFC 8109's reason to exist: the hints name a root server at its old address
// (as b.root-servers.net.'s hints did after its renumbering), which still answers priming; the
// current root servers are elsewhere.
const OLD_ROOT = '127.205.0.9'
const ROOT_A = '127.205.0.1'
const ROOT_B = '127.205.0.2'
const COM = '127.205.5.1'
const EXAMPLE = '127.205.6.1'
const WWW = '192.0.2.80'

const rootNs: Answer[] = [
  { type: 'NS', name: '.', ttl: 518400, data: 'a.root.test' },
  { type: 'NS', name: '.', ttl: 518400, data: 'b.root.test' },
]
const rootGlue = [a('a.root.test', ROOT_A, 518400), a('b.root.test', ROOT_B, 518400)]

function rootServer(): Script {
  const zone = authoritative({ zone: '.', delegations: { com: [{ name: 'ns1.com', address: COM }] } })
  return (query) => (query.name === '.' && query.type === 'NS' ? { packet: { flags: AA, answers: rootNs, additionals: rootGlue } } : zone(query))
}

let net: FakeNetwork | undefined
afterEach(async () => {
  await net?.close()
  net = undefined
})

async function startNet(oldRoot: Script | null = rootServer()): Promise<FakeNetwork> {
  net = new FakeNetwork()
  if (oldRoot !== null) await net.add(OLD_ROOT, oldRoot)
  else await net.add(OLD_ROOT, () => null) // listens, never answers
  await net.add(ROOT_A, rootServer())
  await net.add(ROOT_B, rootServer())
  await net.add(COM, authoritative({ zone: 'com', delegations: { 'example.com': [{ name: 'ns1.example.com', address: EXAMPLE }] } }))
  await net.add(EXAMPLE, authoritative({ zone: 'example.com', records: [a('www.example.com', WWW), a('mail.example.com', '192.0.2.25')] }))
  return net
}

const hints: RootHints = { source: 'stale.hints', servers: [{ name: 'old.root.test.', addresses: [OLD_ROOT] }] }

function resolverFor(n: FakeNetwork, extra: Partial<ConstructorParameters<typeof Resolver>[0]> = {}): Resolver {
  return new Resolver({ mode: 'iterative', rootHints: hints, portFor: n.portFor, timeoutMs: 500, ...extra })
}

describe('priming (RFC 8109)', () => {
  it('asks the hinted root for . NS first, then walks from the root servers it lists', async () => {
    const n = await startNet()
    const events: ResolverEvent[] = []
    const result = await resolverFor(n, { onEvent: (e) => events.push(e) }).resolve('www.example.com')
    expect(result.addresses).toEqual([WWW])
    expect(n.sequence()).toEqual([`${OLD_ROOT} udp . NS`, `${ROOT_A} udp www.example.com. A`, `${COM} udp www.example.com. A`, `${EXAMPLE} udp www.example.com. A`])
    // The priming query is what RFC 8109 §3 says: RD=0, EDNS0.
    expect(n.log[0]).toMatchObject({ rd: false, edns: 1232 })
    // A nested resolution of its own, which says what it is for.
    const starts = events.filter((e) => e.kind === 'start')
    expect(starts).toHaveLength(2)
    expect(starts[1]).toMatchObject({ qname: '.', qtype: 'NS', parentResolutionId: starts[0]!.resolutionId, purpose: 'priming (RFC 8109): the current list of root servers, asked of a root server from the root hints (stale.hints)' })
    // It caches the root NS RRset and the root servers' addresses from the additional section (their
    // 6-day TTL capped at a day, as unbound's cache-max-ttl does).
    const stored = events.filter((e) => e.kind === 'cache-store').map((e) => (e.kind === 'cache-store' ? `${e.qname} ${e.qtype} ${e.ttl}` : ''))
    expect(stored.slice(0, 3)).toEqual(['. NS 86400', 'a.root.test. A 86400', 'b.root.test. A 86400'])
    // The walk then starts from the cached root servers, and the hops say so.
    expect(result.hops.map((h) => `${h.depth} ${h.zone} ${h.server} ${h.outcome}`)).toEqual([
      `1 . ${OLD_ROOT} answer`,
      '0 . cache cache',
      `0 . ${ROOT_A} referral`,
      `0 com. ${COM} referral`,
      `0 example.com. ${EXAMPLE} answer`,
    ])
  })

  it('primes once: the next resolution starts from the cached root servers', async () => {
    const n = await startNet()
    const resolver = resolverFor(n)
    await resolver.resolve('www.example.com')
    n.log.length = 0
    const second = await resolver.resolve('mail.example.com')
    expect(second.addresses).toEqual(['192.0.2.25'])
    // The example.com. delegation is cached: straight there, no priming, no root.
    expect(n.sequence()).toEqual([`${EXAMPLE} udp mail.example.com. A`])
    resolver.flush()
    n.log.length = 0
    await resolver.resolve('mail.example.com')
    expect(n.sequence()[0]).toBe(`${OLD_ROOT} udp . NS`)
  })

  it('primes once for resolutions that start together (they wait for it)', async () => {
    const n = await startNet()
    const resolver = resolverFor(n)
    const results = await Promise.all(['www.example.com', 'mail.example.com', 'www.example.com'].map((name) => resolver.resolve(name)))
    expect(results.map((r) => r.addresses[0])).toEqual([WWW, '192.0.2.25', WWW])
    expect(n.sequence().filter((q) => q.endsWith(' . NS'))).toEqual([`${OLD_ROOT} udp . NS`])
  })

  it('fails with the reason when no hinted root answers, saying it was priming', async () => {
    const n = await startNet(null)
    const error = await resolverFor(n, { limits: { triesPerServer: 1 } })
      .resolve('www.example.com')
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'DNS_TIMEOUT',
      message: expect.stringMatching(/^no server of \. answered www\.example\.com\. A \(priming: asking for the list of root servers, \. NS\) within 500 ms \(old\.root\.test\. 127\.205\.0\.9:\d+: timeout\)$/),
      details: expect.objectContaining({ phase: 'resolve' }),
    })
    expect(n.sequence()).toEqual([`${OLD_ROOT} udp . NS`])
  })

  it('does not prime from roots given as servers (the lab, --root), unless asked to', async () => {
    const n = await startNet()
    const roots = [{ address: ROOT_A, port: n.portFor(ROOT_A) }]
    await new Resolver({ mode: 'iterative', roots, portFor: n.portFor, timeoutMs: 500 }).resolve('www.example.com')
    expect(n.sequence()[0]).toBe(`${ROOT_A} udp www.example.com. A`)
    n.log.length = 0
    await new Resolver({ mode: 'iterative', roots, portFor: n.portFor, timeoutMs: 500, priming: true }).resolve('www.example.com')
    expect(n.sequence().slice(0, 2)).toEqual([`${ROOT_A} udp . NS`, `${ROOT_A} udp www.example.com. A`])
  })
})
