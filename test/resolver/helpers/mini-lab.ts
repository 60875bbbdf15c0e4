// The notes' hierarchy as scripted servers (root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr),
// one server per zone on 127.<block>.<zone>.1, for tests that need a working chain to break.
// Individual servers can be replaced by a test's own script via `overrides`.
import { a, authoritative, FakeNetwork, type Script } from './fake-dns.ts'
import type { Answer } from 'dns-packet'

export interface MiniLab {
  net: FakeNetwork
  roots: { address: string; port: number; name: string }[]
  /** Address of each zone's server. */
  addr: Record<'root' | 'kr' | 'co.kr' | 'cyber.co.kr' | 'lab.cyber.co.kr' | 'com' | 'glasscom.com', string>
  close(): Promise<void>
}

export const WWW_LAB = '192.0.2.226'
export const MAIL = '192.0.2.227'
export const WWW_GLASS = '198.51.100.80'

export async function startMiniLab(block: number, overrides: Partial<Record<keyof MiniLab['addr'], Script>> = {}, options: { port?: number } = {}): Promise<MiniLab> {
  const net = new FakeNetwork()
  const addr: MiniLab['addr'] = {
    root: `127.${block}.0.1`,
    kr: `127.${block}.1.1`,
    'co.kr': `127.${block}.2.1`,
    'cyber.co.kr': `127.${block}.3.1`,
    'lab.cyber.co.kr': `127.${block}.4.1`,
    com: `127.${block}.5.1`,
    'glasscom.com': `127.${block}.6.1`,
  }
  const rec = (r: Answer): Answer => r
  const scripts: Record<keyof MiniLab['addr'], Script> = {
    root: authoritative({
      zone: '.',
      delegations: { kr: [{ name: 'ns1.kr', address: addr.kr }], com: [{ name: 'ns1.com', address: addr.com }] },
    }),
    kr: authoritative({ zone: 'kr', delegations: { 'co.kr': [{ name: 'ns1.co.kr', address: addr['co.kr'] }] } }),
    'co.kr': authoritative({ zone: 'co.kr', delegations: { 'cyber.co.kr': [{ name: 'ns1.cyber.co.kr', address: addr['cyber.co.kr'] }] } }),
    'cyber.co.kr': authoritative({
      zone: 'cyber.co.kr',
      delegations: { 'lab.cyber.co.kr': [{ name: 'ns1.lab.cyber.co.kr', address: addr['lab.cyber.co.kr'] }] },
      records: [
        rec({ type: 'MX', name: 'cyber.co.kr', ttl: 3600, data: { preference: 10, exchange: 'mail.cyber.co.kr' } }),
        a('mail.cyber.co.kr', MAIL),
        rec({ type: 'CNAME', name: 'alias.cyber.co.kr', ttl: 600, data: 'www.lab.glasscom.com' }),
      ],
    }),
    'lab.cyber.co.kr': authoritative({
      zone: 'lab.cyber.co.kr',
      records: [a('www.lab.cyber.co.kr', WWW_LAB), rec({ type: 'CNAME', name: 'web.lab.cyber.co.kr', ttl: 600, data: 'www.lab.cyber.co.kr' })],
    }),
    com: authoritative({ zone: 'com', delegations: { 'glasscom.com': [{ name: 'ns1.glasscom.com', address: addr['glasscom.com'] }] } }),
    'glasscom.com': authoritative({ zone: 'glasscom.com', records: [a('www.lab.glasscom.com', WWW_GLASS)] }),
  }
  for (const [zone, address] of Object.entries(addr) as [keyof MiniLab['addr'], string][]) {
    await net.add(address, overrides[zone] ?? scripts[zone], { name: zone === 'root' ? 'a.root.test.' : `ns1.${zone}.`, ...(options.port ? { port: options.port } : {}) })
  }
  return {
    net,
    roots: [{ address: addr.root, port: net.portFor(addr.root), name: 'a.root.test.' }],
    addr,
    close: () => net.close(),
  }
}
