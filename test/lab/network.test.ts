// loadLabNetwork: the topology and zone texts other areas serve from BIND/NSD/unbound, rewritten
// for an address block, and consistent with each other.
import { describe, expect, it } from 'vitest'
import { parseMasterFile } from '../../src-main/lab/dns/master-file.ts'
import { loadLabNetwork, rewriteAddresses, rootHintsText } from '../../src-main/lab/network.ts'
import { isWiretrailError } from '../../src-main/shared/errors.ts'

describe('loadLabNetwork', () => {
  const network = loadLabNetwork({ addressBlock: 71 })
  const records = network.zones.flatMap((zone) => parseMasterFile(zone.text, { origin: zone.origin, file: zone.file }).records)

  it('rewrites every address to the block: servers, web hosts, zones, cases', () => {
    expect(network.dnsServers.every((server) => server.address.startsWith('127.71.'))).toBe(true)
    expect(network.webServers.map((web) => web.address)).toEqual(['127.71.4.80', '127.71.7.80'])
    expect(network.localDns.address).toBe('127.71.53.53')
    expect(records.filter((r) => r.type === 'A').every((r) => String(r.data).startsWith('127.71.'))).toBe(true)
    expect(network.cases.find((c) => c.type === 'PTR')?.name).toBe('80.4.71.127.in-addr.arpa.')
    expect(network.roots.map((root) => `${root.name} ${root.address}`)).toEqual(['a.root-servers.lab. 127.71.0.1', 'b.root-servers.lab. 127.71.0.2'])
  })

  it('every server\'s address in topology.json is the address the zones give for its name (a standby server\'s: no zone names it)', () => {
    for (const server of network.dnsServers) {
      if (server.note?.startsWith('standby')) {
        // Only an experiment names it, in memory (test/lab/experiments.test.ts, lame).
        expect(records.filter((r) => r.name === server.name || r.data === server.name), server.name).toEqual([])
        continue
      }
      const addresses = new Set(records.filter((r) => r.type === 'A' && r.name === server.name).map((r) => r.data))
      expect([...addresses], server.name).toEqual([server.address])
    }
  })

  it('every delegation in the zones points at servers that serve the delegated zone (except the lame one)', () => {
    const servedBy = new Map(network.dnsServers.map((server) => [server.name, server]))
    const delegations = records.filter((r) => r.type === 'NS')
    expect(delegations.length).toBeGreaterThan(10)
    for (const ns of delegations) {
      const server = servedBy.get(String(ns.data))
      expect(server, `NS ${ns.data} for ${ns.name}`).toBeDefined()
      const zone = ns.name
      if (server?.note?.startsWith('lame')) expect(server.zones).not.toContain(zone)
      else expect(server?.zones, `${server?.name} should serve ${zone}`).toContain(zone)
    }
  })

  it('the root hints name both root servers with their addresses', () => {
    const hints = rootHintsText(network)
    expect(hints).toContain('.\t3600000\tIN\tNS\ta.root-servers.lab.')
    expect(hints).toContain('b.root-servers.lab.\t3600000\tIN\tA\t127.71.0.2')
  })

  it('rewriteAddresses touches whole lab addresses only', () => {
    expect(rewriteAddresses('127.53.4.80 10.127.53.4.80 1127.53.4.8 x.53.127.in-addr.arpa. 153.127.in-addr.arpa', 9)).toBe(
      '127.9.4.80 10.127.53.4.80 1127.53.4.8 x.9.127.in-addr.arpa. 153.127.in-addr.arpa',
    )
  })

  it('an address block outside 1–254 is refused with LAB_BAD_OPTION', () => {
    let caught: unknown
    try {
      loadLabNetwork({ addressBlock: 255 })
    } catch (error) {
      caught = error
    }
    expect(isWiretrailError(caught) && caught.code).toBe('LAB_BAD_OPTION')
  })

  it('a missing assets directory is LAB_TOPOLOGY_INVALID naming the file', () => {
    expect(() => loadLabNetwork({ assetsDir: '/tmp/lab-area/no-such-assets' })).toThrow(/cannot read \/tmp\/lab-area\/no-such-assets\/topology\.json/)
  })
})
