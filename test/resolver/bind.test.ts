// Wiretrail against BIND 9 (software nobody here wrote) serving the lab's own zone files on port 53
// of the lab addresses, one view per server address. BIND listens only on addresses an interface
// has, so it runs in a private network namespace whose lo gets the lab addresses; the resolutions
// run there too (helpers/bind-netns.mts) and come back as JSON. The chains and answers must be
// the expected ones, and the same as against the embedded lab's own servers.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadLabNetwork, startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { Resolver, type ResolutionHop, type ResolutionResult } from '../../src-main/resolver/index.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'
import { requirePeer, requireRoot } from './helpers/peers.ts'

const BLOCK = 231
const LAB_BLOCK = 233
const network = loadLabNetwork({ addressBlock: BLOCK })

interface Summary {
  rcode: string
  source: string
  answers: DnsRecordView[]
  addresses: string[]
  hops: ResolutionHop[]
  tcpFallback: boolean
  error?: { code: string; message: string }
}
let fromBind: { named: string; cases: Record<string, Summary>; lame: Summary }
let lab: RunningLab

beforeAll(async () => {
  requirePeer('named', 'bind9')
  requirePeer('unshare', 'util-linux')
  requirePeer('ip', 'iproute2')
  requireRoot('BIND in a network namespace')
  const script = join(import.meta.dirname, 'helpers', 'bind-netns.mts')
  const run = spawnSync('unshare', ['--net', '--fork', '--', process.execPath, '--import', 'tsx', script, String(BLOCK)], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (run.status !== 0) throw new Error(`BIND run failed (status ${run.status}):\n${run.stderr}\n${run.stdout}`)
  fromBind = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as typeof fromBind
  lab = await startLab({ addressBlock: LAB_BLOCK, dnsPort: 0, web: false, localDns: false })
}, 90_000)
afterAll(async () => {
  await lab?.close()
})

const unblock = (text: string, block: number): string => text.replaceAll(`127.${block}.`, '127.B.').replaceAll(`${block}.127.in-addr`, 'B.127.in-addr')
/** The chain of the resolution itself (depth 0), the lame delegation's REFUSED hops left out. Nested resolutions may
 * differ: BIND gives no additional address for an NS name outside the delegated zone
 * (ns.reverse.root-servers.lab. for the reverse zone), the lab's server does, so against BIND that
 * name is resolved first. Lame hops may differ: BIND rotates the order of an NS RRset (cyclic
 * rrset-order), so store.co.kr.'s lame server is sometimes listed, and asked, first. */
const hopLines = (hops: ResolutionHop[], block: number): string[] =>
  hops.filter((h) => h.depth === 0 && !(h.outcome === 'throwaway' && h.detail?.startsWith('REFUSED'))).map((h) => unblock(`${h.zone} ${h.outcome}${h.transport === 'tcp' ? ' tcp' : ''}${h.detail && h.outcome !== 'answer' ? ` ${h.detail}` : ''}`, block))
/** Answers as a set (servers rotate the order of an RRset: BIND's rrset-order is cyclic). */
const data = (answers: DnsRecordView[], block: number): string[] => answers.map((a) => unblock(`${a.name} ${a.type} ${a.data}`, block)).sort()

describe('against BIND 9', () => {
  it('follows root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr → answer for www.lab.cyber.co.kr', () => {
    const result = fromBind.cases['www.lab.cyber.co.kr. A']!
    expect(result.error).toBeUndefined()
    expect(result.addresses).toEqual([`127.${BLOCK}.4.80`])
    expect(result.source).toBe('authoritative')
    expect(result.hops.map((h) => `${h.zone} ${h.server}:${h.port} ${h.outcome}${h.detail ? ` ${h.detail}` : ''}`)).toEqual([
      `. 127.${BLOCK}.0.1:53 referral kr.`,
      `kr. 127.${BLOCK}.1.1:53 referral co.kr.`,
      `co.kr. 127.${BLOCK}.2.1:53 referral cyber.co.kr.`,
      `cyber.co.kr. 127.${BLOCK}.3.1:53 referral lab.cyber.co.kr.`,
      `lab.cyber.co.kr. 127.${BLOCK}.4.1:53 answer`,
    ])
  })

  it('resolves the glueless name server of the reverse zone first (BIND gives no address for it)', () => {
    const result = fromBind.cases[`80.4.${BLOCK}.127.in-addr.arpa. PTR`]!
    expect(result.answers.map((a) => a.data)).toEqual(['www.lab.cyber.co.kr.'])
    expect(result.hops.map((h) => `${h.depth} ${h.qname} ${h.zone} ${h.outcome}`)).toEqual([
      `0 80.4.${BLOCK}.127.in-addr.arpa. . referral`,
      '1 ns.reverse.root-servers.lab. . answer',
      `0 80.4.${BLOCK}.127.in-addr.arpa. ${BLOCK}.127.in-addr.arpa. answer`,
    ])
  })

  it('gets TC=1 from BIND for the big RRset, then the whole answer over TCP', () => {
    const result = fromBind.cases['big.lab.cyber.co.kr. TXT']!
    expect(result.answers).toHaveLength(8)
    expect(result.tcpFallback).toBe(true)
    expect(result.hops.at(-1)).toMatchObject({ zone: 'lab.cyber.co.kr.', outcome: 'answer', transport: 'tcp' })
  })

  it("throws away the REFUSED of BIND's zone-less view (a lame delegation)", () => {
    expect(fromBind.lame.error).toMatchObject({ code: 'DNS_SERVFAIL', message: expect.stringContaining('REFUSED') })
  })

  it.each(network.cases.map((c) => [`${c.name} ${c.type}`, c] as const))('%s: the expected answer, by the same chain as the embedded lab', async (key, c) => {
    const bind = fromBind.cases[key]!
    expect(bind.error).toBeUndefined()
    const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.dnsPortFor, timeoutMs: 3000 })
    const own: ResolutionResult = await resolver.resolve(c.name.replace(`${BLOCK}.127.in-addr`, `${LAB_BLOCK}.127.in-addr`), c.type)
    expect(bind.rcode).toBe(c.rcode)
    if (c.answer !== undefined) expect(bind.answers.map((a) => a.data).sort()).toEqual([...c.answer].sort())
    if (c.answerCount !== undefined) expect(bind.answers).toHaveLength(c.answerCount)
    expect(hopLines(bind.hops, BLOCK)).toEqual(hopLines(own.hops, LAB_BLOCK))
    expect(data(bind.answers, BLOCK)).toEqual(data(own.answers, LAB_BLOCK))
  })
})
