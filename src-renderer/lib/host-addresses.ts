// Where the IP pane gets its addresses: the recording host's interfaces (the journal's `host`
// record, in walkthrough.recording.interfaces) when there are any, else the addresses seen in the
// packets of the lesson's window (the pane then says the netmask is assumed, since no packet
// carries it).
import type { Connection, DnsTransaction, HostInterface, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { parseIpv4, splitEndpoint } from './ipv4.ts'

export type { HostInterface }

export function hostInterfaces(walkthrough: Pick<Walkthrough, 'recording'>): HostInterface[] {
  return walkthrough.recording?.interfaces ?? []
}

/** The servers the client talked to, from the connections and DNS transactions given (the lesson
 * window's); which address is the client's own is shared/this-computer.ts's rule. */
export function addressesSeen(seen: { connections: Iterable<Connection>; dns: Iterable<DnsTransaction> }): { servers: { address: string; role: 'dns' | 'web' | 'other' }[] } {
  const servers = new Map<string, 'dns' | 'web' | 'other'>()
  for (const connection of seen.connections) {
    const role = connection.purpose === 'http' || connection.purpose === 'https' ? 'web' : connection.purpose === 'dns' ? 'dns' : 'other'
    servers.set(splitEndpoint(connection.server).host, role)
  }
  for (const tx of seen.dns) {
    const host = splitEndpoint(tx.server).host
    if (!servers.has(host)) servers.set(host, 'dns')
  }
  const ipv4 = (address: string): boolean => parseIpv4(address) !== null
  return {
    servers: [...servers].filter(([address]) => ipv4(address)).map(([address, role]) => ({ address, role })),
  }
}
