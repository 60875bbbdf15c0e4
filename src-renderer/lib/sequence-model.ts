// The sequence diagram's columns and arrows: the client, the DNS servers (in the order the resolver
// asked them, root first) and the web servers as vertical lines; one arrow per packet.
import type { FrameSummary, Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { splitEndpoint } from './ipv4.ts'

export type ParticipantRole = 'client' | 'dns' | 'web' | 'other'

export interface Participant {
  key: string
  role: ParticipantRole
  /** The endpoint shown under the role ("127.53.1.1:10053"). */
  address: string
  /** For DNS servers: the zone it answered for ("kr."). */
  zone?: string
}

export interface Arrow {
  frame: number
  from: number
  to: number
}

export interface SequenceModel {
  participants: Participant[]
  /** Index i holds frame i + 1's arrow. */
  arrows: Arrow[]
}

const hostOf = (endpoint: string): string => splitEndpoint(endpoint).host
const portOf = (endpoint: string): number | null => splitEndpoint(endpoint).port

/** Servers are keyed by their endpoint (several lab servers can share an address on macOS), clients
 * by address. A packet is placed by the connection or DNS transaction it belongs to when the
 * walkthrough says so, else by its addresses (frame summaries may carry bare addresses). */
export function buildSequence(walkthrough: Walkthrough): SequenceModel {
  const participants: Participant[] = []
  const byKey = new Map<string, number>()
  const add = (participant: Participant): number => {
    const existing = byKey.get(participant.key)
    if (existing !== undefined) {
      const known = participants[existing]
      if (known && known.zone === undefined && participant.zone !== undefined) known.zone = participant.zone
      return existing
    }
    byKey.set(participant.key, participants.length)
    participants.push(participant)
    return participants.length - 1
  }
  const server = (endpoint: string, role: ParticipantRole, zone?: string): number => {
    const participant: Participant = { key: `server:${endpoint}`, role, address: endpoint }
    if (zone !== undefined) participant.zone = zone
    return add(participant)
  }
  // A DNS server that asks others in turn (the nearby DNS server walking down from the root) is one
  // machine with one lifeline: its questions leave from its server column, not from a second
  // "client" column (which also squeezes every column). Only when someone else asked it: where
  // every server shares the client's address (single-address mode), nothing is merged.
  const dnsServerByHost = new Map<string, string>()
  for (const tx of walkthrough.dns) if (!dnsServerByHost.has(hostOf(tx.server))) dnsServerByHost.set(hostOf(tx.server), tx.server)
  const askedByOthers = new Set(walkthrough.dns.filter((tx) => hostOf(tx.client) !== hostOf(tx.server)).map((tx) => hostOf(tx.server)))
  const client = (endpoint: string): number => {
    const host = hostOf(endpoint)
    const own = dnsServerByHost.get(host)
    if (own !== undefined && askedByOthers.has(host)) return server(own, 'dns')
    return add({ key: `client:${host}`, role: 'client', address: host })
  }

  for (const tx of walkthrough.dns) client(tx.client)
  for (const connection of walkthrough.connections) client(connection.client)
  // DNS servers in the order the resolver asked them (root, kr, co.kr, …); cache hits have no server.
  for (const chain of walkthrough.resolutions) {
    for (const hop of chain.hops) {
      const tx = hop.dns === undefined ? undefined : walkthrough.dns[hop.dns]
      const endpoint = tx?.server ?? (hop.outcome === 'cache' ? null : hop.server.includes(':') ? hop.server : `${hop.server}:53`)
      if (endpoint !== null && parseable(endpoint)) server(endpoint, 'dns', hop.zone)
    }
  }
  for (const tx of walkthrough.dns) server(tx.server, 'dns')
  for (const connection of walkthrough.connections) {
    const role: ParticipantRole = connection.purpose === 'http' || connection.purpose === 'https' ? 'web' : connection.purpose === 'dns' ? 'dns' : 'other'
    server(connection.server, role)
  }

  /** A bare address or an endpoint → its column: exact server endpoint, a server with that address,
   * the client with that address, or a new "other" column. */
  const columnOf = (endpoint: string): number => {
    const exact = byKey.get(`server:${endpoint}`)
    if (exact !== undefined) return exact
    const host = hostOf(endpoint)
    const port = portOf(endpoint)
    const clientColumn = byKey.get(`client:${host}`)
    if (port === null || clientColumn === undefined) {
      const sameHost = participants.findIndex((p) => p.role !== 'client' && hostOf(p.address) === host)
      if (sameHost !== -1 && !(clientColumn !== undefined && port !== null)) return sameHost
    }
    if (clientColumn !== undefined) return clientColumn
    return add({ key: `other:${host}`, role: 'other', address: host })
  }

  /** Direction within a known pair: from the client when the source is the client's endpoint. */
  const pair = (frame: FrameSummary, clientEndpoint: string, serverEndpoint: string): Arrow => {
    const c = client(clientEndpoint)
    const s = server(serverEndpoint, 'other')
    const fromClient =
      hostOf(frame.src) === hostOf(clientEndpoint) &&
      (portOf(frame.src) === null || portOf(frame.src) === portOf(clientEndpoint)) &&
      !(hostOf(frame.src) === hostOf(serverEndpoint) && portOf(frame.src) === portOf(serverEndpoint))
    return fromClient ? { frame: frame.frame, from: c, to: s } : { frame: frame.frame, from: s, to: c }
  }

  const arrows = walkthrough.frames.map((frame): Arrow => {
    const connection = frame.connection === undefined ? undefined : walkthrough.connections[frame.connection]
    if (connection) return pair(frame, connection.client, connection.server)
    const tx = frame.dns === undefined ? undefined : walkthrough.dns[frame.dns]
    if (tx) return pair(frame, tx.client, tx.server)
    return { frame: frame.frame, from: columnOf(frame.src), to: columnOf(frame.dst) }
  })
  return { participants, arrows }
}

function parseable(endpoint: string): boolean {
  return hostOf(endpoint) !== '' && !endpoint.startsWith('(')
}
