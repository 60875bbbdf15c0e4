// Which resolution gave each connection its server's address (analyzer/build.ts linkResolutions):
// the latest one answered (its last hop's time) at or before the connection's first packet, the
// later resolution of two answered at the same time — checked against that rule written plainly,
// on chains whose answers repeat and whose times come in and out of their order (a nested walk's
// sub-chains come last, a chain of several hops ends after chains begun later), and in order.
import { describe, expect, it } from 'vitest'
import { linkResolutions, type LinkedConnections } from '../../src-main/analyzer/build.ts'
import { ResolutionTable } from '../../src-main/analyzer/resolution-store.ts'
import type { DnsRecordView } from '../../src-main/shared/resolver-events.ts'
import type { ResolutionChain, ResolutionHop } from '../../src-main/shared/walkthrough.ts'

/** A deterministic pseudo-random sequence in [0, 1). */
function randoms(seed: number): () => number {
  let x = seed
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    return x / 2 ** 32
  }
}

const ADDRESSES = ['127.53.4.80', '127.53.4.81', '::1', '10.0.0.7', '10.0.0.8']

function record(data: string): DnsRecordView {
  return { name: 'www.lab.cyber.co.kr', type: data.includes(':') ? 'AAAA' : 'A', class: 'IN', ttl: 300, data }
}

function chainOf(times: number[], answers: DnsRecordView[]): ResolutionChain {
  const hops: ResolutionHop[] = times.map((t) => ({ server: '127.53.53.53', zone: '(recursive)', outcome: 'answer', frames: [], t, rtt_ms: null }))
  return { qname: 'www.lab.cyber.co.kr', qtype: 'A', hops, rcode: 'NOERROR', answers, connections: [] }
}

/** The rule, plainly: every chain looked at for every connection. */
function expected(chains: ResolutionChain[], servers: string[], starts: number[]): (number | undefined)[] {
  return servers.map((ip, ci) => {
    let best: number | undefined
    let bestAt = -Infinity
    chains.forEach((chain, ri) => {
      const at = chain.hops.length > 0 ? chain.hops[chain.hops.length - 1]!.t : 0
      if (Number.isNaN(at) || at > starts[ci]! + 1e-6) return
      if (!chain.answers.some((r) => (r.type === 'A' || r.type === 'AAAA') && r.data === ip)) return
      if (at >= bestAt) {
        best = ri
        bestAt = at
      }
    })
    return best
  })
}

/** Links the chains (written into a table as resolutions.ts writes them) to the connections; each
 * chain's connections are read back into its object. */
function linked(chains: ResolutionChain[], servers: string[], starts: number[]): (number | undefined)[] {
  const table = new ResolutionTable()
  const rows = chains.map((chain) => {
    const c = table.addChain(chain.qname, chain.qtype, chain.mode)
    for (const hop of chain.hops) table.append(c, table.addPacketlessHop(hop.server, hop.zone, hop.outcome, hop.t, hop.rtt_ms))
    table.setRcode(c, chain.rcode)
    table.setAnswers(c, chain.answers)
    return c
  })
  const resolution: (number | undefined)[] = servers.map(() => undefined)
  const connections: LinkedConnections = {
    length: servers.length,
    serverIp: (i) => servers[i]!,
    start: (i) => starts[i]!,
    setResolution: (i, r) => {
      resolution[i] = r
    },
  }
  linkResolutions(table, rows, connections)
  const store = table.finish(rows)
  chains.forEach((chain, ri) => (chain.connections = store.at(ri)!.connections))
  return resolution
}

describe('linking connections to the resolution that gave their address', () => {
  it.each([
    ['in order', true],
    ['out of order', false],
  ])('gives each connection the latest resolution answered before it (chains %s)', (_, ordered) => {
    for (let seed = 1; seed <= 20; seed++) {
      const random = randoms(seed)
      // Answer sets shared by several chains, as the DNS store shares them.
      const sets = Array.from({ length: 8 }, () => ADDRESSES.filter(() => random() < 0.4).map(record))
      let t = 0
      const chains = Array.from({ length: 300 }, () => {
        // Times on a coarse grid, so that chains answered at the same moment are common.
        t += Math.floor(random() * 3) / 4
        const hops = ordered ? 1 + Math.floor(random() * 2) : Math.floor(random() * 3)
        const times = Array.from({ length: hops }, () => (ordered ? t : Math.floor(random() * 200) / 4))
        if (!ordered && random() < 0.02) times.push(Number.NaN)
        return chainOf(times, sets[Math.floor(random() * sets.length)]!)
      })
      const servers = Array.from({ length: 200 }, () => ADDRESSES[Math.floor(random() * ADDRESSES.length)]!)
      const starts = Array.from({ length: 200 }, () => Math.floor(random() * 240) / 4)
      const want = expected(chains, servers, starts)
      expect(want.filter((r) => r !== undefined).length).toBeGreaterThan(50)
      expect(linked(chains, servers, starts)).toStrictEqual(want)
      // Each chain names the connections linked to it, in order.
      chains.forEach((chain, ri) => expect(chain.connections).toStrictEqual(want.flatMap((r, ci) => (r === ri ? [ci] : []))))
    }
  })

  it('takes a chain begun first and answered last for what comes after its answer only', () => {
    const answers = [record('127.53.4.80')]
    // A walk of three hops begun at 1 s and answered at 5 s, a cached answer asked at 2 s, and two
    // more answered together at 7 s.
    const chains = [chainOf([1, 3, 5], answers), chainOf([2], answers), chainOf([7], answers), chainOf([7], [record('127.53.4.80'), record('::1')])]
    const starts = [0.5, 3, 5, 6, 7, 9, 9]
    const servers = ['127.53.4.80', '127.53.4.80', '127.53.4.80', '127.53.4.80', '127.53.4.80', '127.53.4.80', '::1']
    expect(linked(chains, servers, starts)).toStrictEqual([undefined, 1, 0, 0, 3, 3, 3])
    expect(chains.map((c) => c.connections)).toStrictEqual([[2, 3], [1], [], [4, 5, 6]])
  })
})
