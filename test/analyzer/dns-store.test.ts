// The analyzer keeps DNS transactions as rows of a compact store (analyzer/dns-store.ts) and makes a
// transaction into the walkthrough's object only when it is read. Checked on real captures: every
// field read alone is the field of the whole object, in the schema's order; the records are the
// capture's (against tshark's answer names and counts); a classification set through the store is
// what a later read gives; and a store grown past its first chunk keeps every row.
import { describe, expect, it } from 'vitest'
import { DnsStore } from '../../src-main/analyzer/dns-store.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import type { DnsTransaction } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from './tshark.ts'

/** The schema's fields of a DnsTransaction, in its order (docs/walkthrough-schema.md). */
const FIELDS: (keyof DnsTransaction)[] = ['id', 'qname', 'qtype', 'rcode', 'aa', 'tc', 'rd', 'ra', 'transport', 'client', 'server', 'query_frame', 'response_frame', 'rtt_ms', 'answers', 'authority', 'additional', 'outcome']

const FILES = ['dns-iterative-lab-root-referrals.pcap', 'dns-edns-dnssec-referrals-ipv6-frags.pcap', 'dns-axfr-over-tcp.pcapng', 'dns-wireshark-sample-many-rrtypes.pcap', 'dns-udp-truncated-retry-tcp.pcapng']

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
        for (let i = 0; i < store.length; i++) {
          const tx = store.at(i)!
          expect(Object.keys(tx)).toEqual(tx.extended_rcode === undefined ? FIELDS : [...FIELDS, 'extended_rcode'])
          for (const key of FIELDS) expect(s.field(i, key), `transaction ${i} ${key}`).toEqual(tx[key])
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
    expect(store.at(0)!.answers[0]!.data).toBe('192.0.2.0')
    expect(store.at(rows - 1)!.answers[0]!.data).toBe(`192.0.2.${(rows - 1) % 250}`)
  })
})
