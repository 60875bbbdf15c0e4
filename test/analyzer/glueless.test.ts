// A chain for an NS name that a referral gave without glue, begun after that referral by the same
// client, is that referral's sub-resolution (analyzer/resolutions.ts linkGlueless): checked against
// the rule written plainly, every chain against every referral, on a real iterative capture whose
// resolver looked up the addresses of glueless name servers on its way.
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

describe('glueless name servers’ address lookups', () => {
  it('are nested under the latest referral before them that named the server without glue', async () => {
    const r = await runAnalysis(`${CORPUS_DIR}/dns-edns-dnssec-referrals-ipv6-frags.pcap`, { previewAfterFrames: 0 })
    try {
      const w = r.walkthrough
      const chains = [...w.resolutions]
      const dns = [...w.dns]
      const lower = (s: string) => s.toLowerCase()
      const expected = chains.map((chain, ci) => {
        const first = chain.hops[0]
        if (!first || first.dns === undefined) return undefined
        const client = dns[first.dns]!.client.slice(0, dns[first.dns]!.client.lastIndexOf(':')).replace(/^\[|\]$/g, '')
        let best: number | undefined
        let bestT = -Infinity
        chains.forEach((other, oi) => {
          for (const hop of other.hops) {
            if (oi === ci || hop.outcome !== 'referral' || hop.dns === undefined || hop.t > first.t || hop.t <= bestT) continue
            const d = dns[hop.dns]!
            if (d.client.slice(0, d.client.lastIndexOf(':')).replace(/^\[|\]$/g, '') !== client) continue
            const glued = d.additional.filter((x) => x.type === 'A' || x.type === 'AAAA').map((x) => lower(x.name))
            if (d.authority.some((x) => x.type === 'NS' && lower(x.data) === lower(chain.qname) && !glued.includes(lower(x.data)))) {
              best = oi
              bestT = hop.t
            }
          }
        })
        return best
      })
      expect(expected.filter((p) => p !== undefined).length).toBeGreaterThanOrEqual(10)
      expect(chains.map((c) => c.parent)).toStrictEqual(expected)
    } finally {
      await r.reader.close()
    }
  })
})
