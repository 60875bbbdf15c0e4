// The packet list's Info for DNS is tshark's, word for word: the question, then every record of the
// answer, authority and additional sections, so a referral shows the servers and glue it carries
// ("… NS dnsemp2.emp2.net A 14.0.0.10"); SOA, MX and SRV show tshark's parts, other types their
// name only; opcodes and rcodes in tshark's words. Checked on every DNS frame of captures written by
// others (iterative resolution with referrals, DNSSEC, EDNS, AXFR over TCP, mDNS/LLMNR), against
// tshark's _ws.col.Info.
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { tsharkFields } from '../analyzer/tshark.ts'

const FILES = [
  'dns-iterative-lab-root-referrals.pcap',
  'dns-iterative-lab-a-aaaa-referrals.pcap',
  'dns-edns-dnssec-referrals-ipv6-frags.pcap',
  'dns-root-server-responses-referral.pcap',
  'dns-wireshark-sample-many-rrtypes.pcap',
  'dns-a-ptr-cname-nxdomain.pcapng',
  'dns-axfr-over-tcp.pcapng',
  'dns-many-queries-mdns-llmnr.pcap',
  'more/dns-uri-rr-and-nxdomain-soa.pcap',
  'more/dns-udp-a-with-ns-glue-aaaa-edns.pcap',
]

describe('DNS Info as tshark writes it', () => {
  for (const file of FILES) {
    it(file, async () => {
      const path = `${CORPUS_DIR}/${file}`
      const r = await runAnalysis(path, { previewAfterFrames: 0 })
      try {
        const ours = await r.reader.frames(1, r.walkthrough.packets)
        const theirs = new Map((await tsharkFields(path, ['frame.number', '_ws.col.Protocol', '_ws.col.Info'])).map(([n = '', protocol = '', info = '']) => [Number(n), { protocol, info }]))
        let compared = 0
        for (const row of ours) {
          const t = theirs.get(row.frame)
          // Frames flagged malformed end in our "[Malformed: …]" where tshark says less: compared elsewhere.
          if (!t || !['DNS', 'MDNS', 'LLMNR'].includes(row.protocol) || row.flagged) continue
          expect(`${row.frame}: ${row.info}`).toBe(`${row.frame}: ${t.info}`)
          compared++
        }
        expect(compared).toBeGreaterThan(0)
      } finally {
        await r.reader.close()
      }
    })
  }

  it('a referral lists its NS records and their glue', async () => {
    const r = await runAnalysis(`${CORPUS_DIR}/dns-iterative-lab-root-referrals.pcap`, { previewAfterFrames: 0 })
    try {
      const [referral] = await r.reader.frames(11, 1)
      expect(referral!.info).toBe('Standard query response 0xd54e A pc2.emp2.net NS dnsemp2.emp2.net A 14.0.0.10')
    } finally {
      await r.reader.close()
    }
  })
})
