// The analyzer keeps DNS transactions as rows of a compact store (analyzer/dns-store.ts) and makes a
// transaction into the walkthrough's object only when it is read. Checked on real captures: every
// field read alone is the field of the whole object, in the schema's order; the records are the
// capture's (against tshark's answer names and counts); a classification set through the store is
// what a later read gives; a store grown past its first chunk keeps every row; and responses it
// calls the same (the build classifies each once) classify alike on real captures.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DnsStore } from '../../src-main/analyzer/dns-store.ts'
import { buildResolutions, classify } from '../../src-main/analyzer/resolutions.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { dnsEntries, type DnsTx } from '../../src-main/analyzer/trackers/dns.ts'
import type { DnsTransaction } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { writeSyntheticCapture } from '../support/synthetic-capture.ts'
import { tsharkFields } from './tshark.ts'

/** The schema's fields of a DnsTransaction, in its order (docs/walkthrough-schema.md). */
const FIELDS: (keyof DnsTransaction)[] = ['id', 'qname', 'qtype', 'rcode', 'aa', 'tc', 'rd', 'ra', 'transport', 'client', 'server', 'query_frame', 'response_frame', 'rtt_ms', 'answers', 'authority', 'additional', 'outcome']

/** Every field of a transaction that the resolution chains read through a DnsTx (each its own
 * getter over the store's column): a key the two types come to share is a compile error here until
 * it is listed. */
const ENTRY_FIELDS: Record<keyof DnsTransaction & keyof DnsTx, true> = { id: true, qname: true, qtype: true, rcode: true, aa: true, ra: true, rd: true, tc: true, server: true, query_frame: true, response_frame: true, rtt_ms: true, answers: true, authority: true, additional: true, outcome: true }

const FILES = ['dns-iterative-lab-root-referrals.pcap', 'dns-edns-dnssec-referrals-ipv6-frags.pcap', 'dns-axfr-over-tcp.pcapng', 'dns-wireshark-sample-many-rrtypes.pcap', 'dns-udp-truncated-retry-tcp.pcapng']

/** How many responses of `path` the store calls the same as an earlier one; each such pair checked
 * against the classifier (what the build's memo relies on: it classifies such a response once). */
async function alikeResponses(path: string): Promise<{ responses: number; distinct: number; alike: number }> {
  const r = await runAnalysis(path, { previewAfterFrames: 0 })
  try {
    const entries = dnsEntries(r.walkthrough.dns as DnsStore).filter((d) => d.response_frame !== null)
    const firstOf: DnsTx[] = []
    let alike = 0
    for (const d of entries) {
      const same = firstOf.find((e) => e.sameResponse(d))
      if (same === undefined) {
        firstOf.push(d)
        continue
      }
      alike++
      expect(d.responseHash).toBe(same.responseHash)
      // The classifier, at any zone, gives both the same outcome.
      for (const zone of ['.', d.qname, '(recursive)']) expect(`${d.response_frame}: ${classify(d, zone)}`).toBe(`${d.response_frame}: ${classify(same, zone)}`)
    }
    return { responses: entries.length, distinct: firstOf.length, alike }
  } finally {
    await r.reader.close()
  }
}

describe('responses the store calls the same (the build classifies each such response once)', () => {
  it('are classified alike on real captures, and the rest are told apart', async () => {
    let alike = 0
    for (const file of ['dns-iterative-lab-root-referrals.pcap', 'dns-iterative-lab-a-aaaa-referrals.pcap', 'dns-root-server-responses-referral.pcap', 'dns-edns-dnssec-referrals-ipv6-frags.pcap', 'dns-a-ptr-cname-nxdomain.pcapng', 'dns-many-queries-mdns-llmnr.pcap']) {
      const found = await alikeResponses(`${CORPUS_DIR}/${file}`)
      expect(found.distinct, file).toBeGreaterThan(1)
      alike += found.alike
    }
    expect(alike).toBeGreaterThan(10)
  }, 120_000)

  it('are most of a page-load capture’s, each classified alike', async () => {
    const path = join(scratchDir('dns-store-alike'), 'page-loads.pcap')
    await writeSyntheticCapture(path, 20_000)
    const found = await alikeResponses(path)
    expect(found.alike).toBeGreaterThan(found.distinct)
  }, 120_000)
})

describe('DNS transactions as a compact store', () => {
  for (const file of FILES) {
    it(`${file}: each field read alone is the whole transaction's, and the records are tshark's`, async () => {
      const path = `${CORPUS_DIR}/${file}`
      const r = await runAnalysis(path, { previewAfterFrames: 0 })
      try {
        const store = r.walkthrough.dns
        expect(store).toBeInstanceOf(DnsStore)
        expect(store.length).toBeGreaterThan(0)
        const s = store as DnsStore
        const all = Array.from(store)
        expect(all).toHaveLength(store.length)
        const entries = dnsEntries(s)
        for (let i = 0; i < store.length; i++) {
          const tx = store.at(i)!
          expect(Object.keys(tx)).toEqual(tx.extended_rcode === undefined ? FIELDS : [...FIELDS, 'extended_rcode'])
          for (const key of FIELDS) expect(s.field(i, key), `transaction ${i} ${key}`).toEqual(tx[key])
          expect(s.field(i, 'extended_rcode')).toBe(tx.extended_rcode)
          // What the resolution chains read, each through its own getter, is the same field.
          for (const key of Object.keys(ENTRY_FIELDS) as (keyof typeof ENTRY_FIELDS)[]) expect(entries[i]![key], `entry ${i} ${key}`).toEqual(tx[key])
          expect(all[i]).toEqual(tx)
          // A new object at each read: changing one changes nothing kept.
          expect(store.at(i)).not.toBe(tx)
        }
        // Indexes read as an array's `at` reads them (entity-rows.ts): past the end nothing, a
        // negative one from the end.
        expect(store.at(store.length)).toBeUndefined()
        expect(store.at(-1)).toEqual(all[store.length - 1])
        // Every response's records as tshark counts and names them (answers, authority, additional;
        // tshark counts the OPT pseudo-record among the additional ones).
        const theirs = new Map((await tsharkFields(path, ['frame.number', 'dns.count.answers', 'dns.count.auth_rr', 'dns.resp.name'])).map(([n = '', an = '', ns = '', names = '']) => [Number(n), { an, ns, names }]))
        let compared = 0
        for (const tx of all) {
          if (tx.response_frame === null || tx.transport === 'tcp') continue
          const t = theirs.get(tx.response_frame)
          if (!t || t.an === '') continue
          expect(`${tx.response_frame}: ${tx.answers.length} ${tx.authority.length}`).toBe(`${tx.response_frame}: ${t.an} ${t.ns}`)
          const names = [...tx.answers, ...tx.authority, ...tx.additional].map((rec) => rec.name.replace(/\.$/, '') || '<Root>')
          for (const name of names) expect(t.names.split('\u001f')).toContain(name)
          compared++
        }
        if (!file.includes('axfr')) expect(compared).toBeGreaterThan(0)
      } finally {
        await r.reader.close()
      }
    }, 60_000)
  }

  it('keeps a classification set through it, and every row and record past its first chunk', () => {
    const addresses = ['', '127.0.0.1', '127.53.0.1']
    const store = new DnsStore(addresses)
    const rows = 5000
    for (let i = 0; i < rows; i++) {
      const tx = store.add(i & 0xffff, `host${i % 37}.example.`, 1, true, 'udp', 1, 40000 + (i % 100), 2, 53)
      store.setQuery(tx, 2 * i + 1, i / 10)
      store.setResponse(tx, { rcode: i % 3 === 0 ? 3 : 0, extendedRcode: i % 500 === 0 ? 23 : -1, aa: i % 2 === 0, tc: false, ra: true, frame: 2 * i + 2, t: i / 10 + 0.0125 })
      store.addRecord(tx, 0, `host${i % 37}.example.`, 1, 1, 300, `192.0.2.${i % 250}`)
      store.addRecord(tx, 2, `ns.example.`, 28, 0x8001, 60, '2001:db8::1')
    }
    store.setOutcome(4321, 'referral')
    expect(store.length).toBe(rows)
    expect(store.at(4321)).toEqual({
      id: 4321,
      qname: 'host29.example.',
      qtype: 'A',
      rcode: 'NOERROR',
      aa: false,
      tc: false,
      rd: true,
      ra: true,
      transport: 'udp',
      client: '127.0.0.1:40021',
      server: '127.53.0.1:53',
      query_frame: 8643,
      response_frame: 8644,
      rtt_ms: 12.5,
      answers: [{ name: 'host29.example.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.71' }],
      authority: [],
      additional: [{ name: 'ns.example.', type: 'AAAA', class: 'IN', ttl: 60, data: '2001:db8::1' }],
      outcome: 'referral',
    })
    expect(store.at(4500)).toMatchObject({ rcode: 'NXDOMAIN', extended_rcode: 'BADCOOKIE', outcome: null })
    expect([store.field(4500, 'extended_rcode'), store.field(4501, 'extended_rcode')]).toEqual(['BADCOOKIE', undefined])
    expect(store.at(0)!.answers[0]!.data).toBe('192.0.2.0')
    expect(store.at(rows - 1)!.answers[0]!.data).toBe(`192.0.2.${(rows - 1) % 250}`)
  })

  it('says which responses are the same as the classifier reads them (TTLs aside), and shares answer sets only with their TTLs', () => {
    const store = new DnsStore(['', '127.0.0.1', '127.53.0.1'])
    /** A transaction answered with `records` ([section, name, type, ttl, data]). */
    const tx = (records: [0 | 1 | 2, string, number, number, string][], { aa = true, rcode = 0, qname = 'www.example.', rd = false, answered = true } = {}): number => {
      const i = store.add(7, qname, 1, rd, 'udp', 1, 40000, 2, 53)
      store.setQuery(i, 2 * i + 1, i)
      if (!answered) return i
      store.setResponse(i, { rcode, extendedRcode: -1, aa, tc: false, ra: false, frame: 2 * i + 2, t: i + 0.001 })
      for (const [section, name, type, ttl, data] of records) store.addRecord(i, section, name, type, 1, ttl, data)
      return i
    }
    const referral: [0 | 1 | 2, string, number, number, string][] = [
      [1, 'example.', 2, 172800, 'ns1.example.'],
      [2, 'ns1.example.', 1, 172800, '192.0.2.53'],
    ]
    const a = tx([[0, 'www.example.', 1, 300, '192.0.2.1']])
    const sameLaterTtl = tx([[0, 'www.example.', 1, 120, '192.0.2.1']])
    const sameAgain = tx([[0, 'www.example.', 1, 300, '192.0.2.1']])
    const differences = [
      tx([[0, 'www.example.', 1, 300, '192.0.2.1']], { aa: false }),
      tx([[0, 'www.example.', 1, 300, '192.0.2.1']], { rd: true }),
      tx([[0, 'www.example.', 1, 300, '192.0.2.1']], { rcode: 3 }),
      tx([[0, 'www.example.', 1, 300, '192.0.2.1']], { qname: 'WWW.example.' }),
      tx([[0, 'www.example.', 1, 300, '192.0.2.2']]),
      tx([[0, 'www.example.', 28, 300, '192.0.2.1']]),
      tx([[1, 'www.example.', 1, 300, '192.0.2.1']]),
      tx([], { answered: false }),
      tx([[0, 'www.example.', 1, 300, '192.0.2.1'], ...referral]),
    ]
    expect(store.sameResponse(a, sameLaterTtl)).toBe(true)
    expect(store.responseHash(a)).toBe(store.responseHash(sameLaterTtl))
    expect(store.sameResponse(a, sameAgain)).toBe(true)
    for (const other of differences) {
      expect(store.sameResponse(a, other), `transaction ${other}`).toBe(false)
      expect(store.sameResponse(other, a), `transaction ${other}`).toBe(false)
    }
    // The same records in another order are another response (the classifier reads them in order).
    const forward = tx(referral)
    const backward = tx([...referral].reverse())
    expect(store.sameResponse(forward, backward)).toBe(false)
    expect(store.sameResponse(forward, tx(referral))).toBe(true)
    // A chain keeps its answers with their TTLs: one array for the same answers, TTLs included.
    expect(store.sharedAnswers(a)).toBe(store.sharedAnswers(sameAgain))
    expect(store.sharedAnswers(a)).not.toBe(store.sharedAnswers(sameLaterTtl))
    expect(store.sharedAnswers(sameLaterTtl)).toEqual([{ name: 'www.example.', type: 'A', class: 'IN', ttl: 120, data: '192.0.2.1' }])
    expect(store.sharedAnswers(differences[4]!)).toEqual([{ name: 'www.example.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.2' }])
  })
  it('groups a client’s questions for a chain by name without regard to case, type and RD, as numbers', () => {
    const store = new DnsStore(['', '127.0.0.1', '127.0.0.2', '127.53.0.1', '127.53.1.1'])
    /** Client `client` asks server `server` (address ids) at `t`, answered with `records`. */
    const ask = (client: number, server: number, qname: string | null, qtype: number, rd: boolean, t: number, records: [0 | 1 | 2, string, number, string][], aa = false): number => {
      const i = store.add(7 + store.length, qname, qtype, rd, 'udp', client, 40000, server, 53)
      store.setQuery(i, 2 * i + 1, t)
      store.setResponse(i, { rcode: 0, extendedRcode: -1, aa, tc: false, ra: false, frame: 2 * i + 2, t: t + 0.001 })
      for (const [section, name, type, data] of records) store.addRecord(i, section, name, type, 1, 300, data)
      return i
    }
    const referral: [0 | 1 | 2, string, number, string][] = [
      [1, 'example.', 2, 'ns1.example.'],
      [2, 'ns1.example.', 1, '127.53.1.1'],
    ]
    const answer: [0 | 1 | 2, string, number, string][] = [[0, 'www.example.', 1, '192.0.2.1']]
    // One walk from client 1, its two questions written in different cases: one chain.
    const root = ask(1, 3, 'WWW.Example.', 1, false, 1, referral)
    const tld = ask(1, 4, 'www.EXAMPLE.', 1, false, 2, answer, true)
    // The same name from another client, of another type, and with RD: chains of their own.
    const otherClient = ask(2, 3, 'www.example.', 1, false, 3, referral)
    const otherType = ask(1, 3, 'www.example.', 28, false, 4, referral)
    const recursive = ask(1, 3, 'www.example.', 1, true, 5, answer)
    const none = ask(1, 3, null, 0, false, 6, [])
    expect(store.questionKey(root)).toBe(store.questionKey(tld))
    for (const other of [otherType, recursive]) expect(store.questionKey(other)).not.toBe(store.questionKey(root))
    expect(store.questionKey(otherClient)).toBe(store.questionKey(root))
    expect(store.clientAddressId(otherClient)).not.toBe(store.clientAddressId(root))
    expect(store.questionKey(none)).toBe(-1)
    const built = buildResolutions(dnsEntries(store), null)
    const chains = [...built.table.finish(built.chains)]
    expect(chains.map((c) => ({ qname: c.qname, qtype: c.qtype, mode: c.mode, dns: c.hops.map((h) => h.dns), outcomes: c.hops.map((h) => h.outcome) }))).toEqual([
      { qname: 'WWW.Example.', qtype: 'A', mode: 'iterative', dns: [root, tld], outcomes: ['referral', 'answer'] },
      { qname: 'www.example.', qtype: 'A', mode: 'iterative', dns: [otherClient], outcomes: ['referral'] },
      { qname: 'www.example.', qtype: 'AAAA', mode: 'iterative', dns: [otherType], outcomes: ['referral'] },
      { qname: 'www.example.', qtype: 'A', mode: 'stub', dns: [recursive], outcomes: ['answer'] },
    ])
    expect(chains[0]!.answers).toEqual([{ name: 'www.example.', type: 'A', class: 'IN', ttl: 300, data: '192.0.2.1' }])
  })
})
