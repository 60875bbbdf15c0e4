// The one response classifier (src-main/dns/classify.ts) gives the resolver and the analyzer the
// same word for the same response. The resolver walks scripted servers that answer every way a
// server can (referral, answer, CNAME, NXDOMAIN, NODATA, REFUSED, an upward referral, an answer
// without AA, SERVFAIL) while the recorder's tap writes its packets; the analyzer then reads that
// capture *without* the journal (so it cannot copy the resolver's words) and must classify every
// response exactly as the resolver did when it received it.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import dnsPacket from 'dns-packet'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { LAB_DNS_PORT } from '../../src-main/decode/ports.ts'
import { classifyResponse } from '../../src-main/dns/classify.ts'
import { CaptureTap } from '../../src-main/recorder/capture-tap.ts'
import { createCaptureWriter } from '../../src-main/recorder/capture-file/index.ts'
import { JournalWriter } from '../../src-main/recorder/journal-writer.ts'
import { Resolver, type ResolutionHop } from '../../src-main/resolver/index.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { a, AA, answer, authoritative, type Script } from '../resolver/helpers/fake-dns.ts'
import { startMiniLab, type MiniLab } from '../resolver/helpers/mini-lab.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('classify')
const pcap = join(dir, 'classify.pcap')
let lab: MiniLab
const hops: ResolutionHop[] = []
let walkthrough: Walkthrough

const soa = (zone: string) => ({ type: 'SOA', name: zone, ttl: 300, data: { mname: `ns1.${zone}`, rname: `hostmaster.${zone}`, serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 60 } }) as dnsPacket.Answer

beforeAll(async () => {
  // lab.cyber.co.kr. has two servers: ns0 (127.209.4.9) misbehaves by name, ns1 is the mini lab's.
  const misbehaving: Script = (q) => {
    const name = q.name
    if (name.startsWith('refused.')) return { packet: { flags: 5 } }
    if (name.startsWith('servfail.')) return { packet: { flags: 2 } }
    if (name.startsWith('up.')) return { packet: { flags: 0, authorities: [{ type: 'NS', name: 'co.kr', ttl: 60, data: 'ns1.co.kr' }] } }
    if (name.startsWith('noaa.')) return answer([a(name.slice(0, -1), '192.0.2.9')], 0)
    if (name.startsWith('alias.')) return answer([{ type: 'CNAME', name: name.slice(0, -1), ttl: 60, data: 'www.lab.glasscom.com' } as dnsPacket.Answer])
    if (name.startsWith('gone.')) return { packet: { flags: AA | 3, authorities: [soa('lab.cyber.co.kr')] } }
    if (name.startsWith('empty.')) return { packet: { flags: AA, authorities: [soa('lab.cyber.co.kr')] } }
    return answer([a(name.slice(0, -1), '192.0.2.10')])
  }
  // Port 10053 (the lab's), which the analyzer and tshark dissect as DNS, on this file's own addresses.
  lab = await startMiniLab(209, { 'cyber.co.kr': authoritative({ zone: 'cyber.co.kr', delegations: { 'lab.cyber.co.kr': [{ name: 'ns0.lab.cyber.co.kr', address: '127.209.4.9' }] } }) }, { port: LAB_DNS_PORT })
  await lab.net.add('127.209.4.9', misbehaving, { port: LAB_DNS_PORT })
  const writer = createCaptureWriter(pcap, { format: 'pcap' })
  const tap = new CaptureTap({ writer, journal: new JournalWriter(`${pcap}.unused.jsonl`) })
  // One resolver per name, so no answer comes from its cache and every name walks from the root.
  for (const name of ['www', 'refused', 'servfail', 'up', 'noaa', 'alias', 'gone', 'empty']) {
    const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.net.portFor, timeoutMs: 500, tap, limits: { triesPerServer: 1 } })
    const result = await resolver.resolve(`${name}.lab.cyber.co.kr`).catch((error: { partial?: { hops: ResolutionHop[] } }) => error.partial!)
    hops.push(...result.hops.filter((h) => h.server !== 'cache'))
  }
  tap.close()
  writer.close()
  const analysed = await runAnalysis(pcap)
  await analysed.reader.close()
  walkthrough = withAllWords(analysed.walkthrough)
}, 60_000)

afterAll(async () => {
  await lab?.close()
})

describe('one classifier for the resolver and the analyzer', () => {
  it('the resolver met every word a response can get', () => {
    expect(new Set(hops.map((h) => h.outcome))).toEqual(new Set(['referral', 'answer', 'throwaway', 'lame', 'cname', 'nxdomain', 'nodata']))
  })

  it('the analyzer, reading only the packets, gives every response the word the resolver gave it', () => {
    const fromResolver = hops.map((h) => `${h.server} ${h.qname} ${h.outcome}`)
    const fromCapture = walkthrough.dns.map((d) => `${d.server.replace(/:\d+$/, '')} ${d.qname} ${d.outcome}`)
    expect(fromCapture).toEqual(fromResolver)
    expect(fromCapture).toContain('127.209.4.9 refused.lab.cyber.co.kr. throwaway')
    expect(fromCapture).toContain('127.209.4.9 up.lab.cyber.co.kr. lame')
    expect(fromCapture).toContain('127.209.4.9 noaa.lab.cyber.co.kr. lame')
  })

  it('classifies from what the response holds, not from how it got it', () => {
    const nxdomain = { rcode: 'NXDOMAIN', aa: true, ra: false, answers: [], authority: [{ name: 'lab.', type: 'SOA', class: 'IN', ttl: 60, data: 'ns.lab. h.lab. 1 2 3 4 60' }], additional: [] }
    expect(classifyResponse(nxdomain, { qname: 'x.lab.', qtype: 'A', zone: 'lab.', recursionDesired: false })).toMatchObject({ outcome: 'nxdomain', name: 'x.lab.' })
    // The same NXDOMAIN without AA from a server asked iteratively: not authoritative (Unbound's REC_LAME when RA=1).
    expect(classifyResponse({ ...nxdomain, aa: false, ra: true }, { qname: 'x.lab.', qtype: 'A', zone: 'lab.', recursionDesired: false })).toMatchObject({
      outcome: 'lame',
      reason: 'NXDOMAIN without AA: the server is not authoritative for lab. (a recursive server answering from its cache)',
    })
    // Asked with RD=1, a recursive server's non-AA answer is what it is for.
    expect(classifyResponse({ ...nxdomain, aa: false, ra: true }, { qname: 'x.lab.', qtype: 'A', zone: '.', recursionDesired: true }).outcome).toBe('nxdomain')
    // Names compare case-insensitively (RFC 4343).
    const mixed = { rcode: 'NOERROR', aa: true, ra: false, answers: [{ name: 'WWW.Lab.', type: 'A', class: 'IN', ttl: 1, data: '192.0.2.1' }], authority: [], additional: [] }
    expect(classifyResponse(mixed, { qname: 'www.lab.', qtype: 'A', zone: 'lab.', recursionDesired: false })).toMatchObject({ outcome: 'answer', rrset: [{ name: 'www.lab.' }] })
  })
})
