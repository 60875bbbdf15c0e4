// IPv6 in the iterative resolver, with its defaults (ipv6: 'auto'): AAAA glue is used; a name
// server with only an IPv6 address is found by asking for its AAAA after its A came back empty; a
// server unreachable over IPv4 is tried over IPv6; an IPv6 address this computer has no route to is
// skipped with a note (nothing sent); a zone served only over IPv6 from a computer without IPv6 is
// DNS_UNREACHABLE, saying so. The servers run in a private network namespace (helpers/
// ipv6-netns.mts), where only ::1 and 127/8 can be reached — a network without IPv6.
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runInEmptyNetns } from '../support/netns.ts'

interface Case {
  addresses?: string[]
  hops?: string[]
  notes: string[]
  asked: string[]
  error?: { code: string; message: string }
}
let cases: Record<'aaaaGlue' | 'gluelessAaaa' | 'otherFamily' | 'noRouteSkipped' | 'ipv6OnlyUnreachable' | 'ipv6Off', Case>

beforeAll(async () => {
  const script = join(import.meta.dirname, 'helpers', 'ipv6-netns.mts')
  const run = await runInEmptyNetns([process.execPath, '--import', 'tsx', script], { timeoutMs: 60_000 })
  if (run.code !== 0) throw new Error(`the IPv6 scenarios failed (status ${run.code}):\n${run.stderr}\n${run.stdout}`)
  cases = JSON.parse(run.stdout) as typeof cases
})

describe('IPv6 name servers', () => {
  it('uses AAAA glue: the zone\'s only server is at ::1', () => {
    expect(cases.aaaaGlue).toEqual({
      addresses: ['192.0.2.61'],
      hops: ['0 . 127.206.0.1 referral', '0 v6glue.test. ::1 answer'],
      notes: [],
      asked: ['127.206.0.1 www.v6glue.test. A', '::1 www.v6glue.test. A'],
    })
  })

  it('asks for the AAAA of a glueless name server that has no A record', () => {
    expect(cases.gluelessAaaa.addresses).toEqual(['192.0.2.62'])
    expect(cases.gluelessAaaa.asked).toEqual([
      '127.206.0.1 www.v6host.test. A',
      '127.206.0.1 ns.dnshost6.test. A',
      '127.206.2.1 ns.dnshost6.test. A',
      '127.206.2.1 ns.dnshost6.test. AAAA',
      '::1 www.v6host.test. A',
    ])
    expect(cases.gluelessAaaa.notes).toEqual([
      'nested ns.dnshost6.test. A: address of ns.dnshost6.test., a name server of v6host.test. given without glue',
      'nested ns.dnshost6.test. AAAA: IPv6 address of ns.dnshost6.test., a name server of v6host.test. given without glue (it has no A record)',
    ])
    expect(cases.gluelessAaaa.hops).toContain('1 dnshost6.test. 127.206.2.1 nodata')
  })

  it('tries a server over IPv6 when it is unreachable over IPv4', () => {
    expect(cases.otherFamily).toEqual({
      addresses: ['192.0.2.63'],
      hops: ['0 . 127.206.0.1 referral', '0 dual.test. 127.206.3.1 throwaway', '0 dual.test. ::1 answer'],
      notes: ['query-error 127.206.3.1: port unreachable (ICMP): nothing listens there'],
      asked: ['127.206.0.1 www.dual.test. A', '::1 www.dual.test. A'],
    })
  })

  it('skips an IPv6 address this computer has no route to, with a note, sending nothing', () => {
    expect(cases.noRouteSkipped.addresses).toEqual(['192.0.2.64'])
    expect(cases.noRouteSkipped.notes).toEqual([
      'query-error 127.206.4.1: port unreachable (ICMP): nothing listens there',
      'skipped 2001:db8::53: this computer has no IPv6 route to 2001:db8::53 (ENETUNREACH): skipped',
    ])
    expect(cases.noRouteSkipped.asked).toEqual(['127.206.0.1 www.nov6.test. A', '127.206.4.2 www.nov6.test. A'])
  })

  it('says DNS_UNREACHABLE, and why, for a zone served only over IPv6 from a computer without IPv6', () => {
    expect(cases.ipv6OnlyUnreachable.error).toEqual({
      code: 'DNS_UNREACHABLE',
      message: expect.stringMatching(
        /^cannot reach the server of farv6\.test\. to resolve www\.farv6\.test\. A: no IPv6 route to it \(ENETUNREACH\), and it has no IPv4 address: this computer has no IPv6 connectivity \(ns\.farv6\.test\. \[2001:db8::54\]:\d+\)$/,
      ),
    })
    expect(cases.ipv6OnlyUnreachable.asked).toEqual(['127.206.0.1 www.farv6.test. A'])
  })

  it('uses no IPv6 address at all with ipv6: false', () => {
    expect(cases.ipv6Off.error?.code).toBe('DNS_SERVFAIL')
    expect(cases.ipv6Off.asked).toEqual(['127.206.0.1 www.dual.test. A'])
  })
})
