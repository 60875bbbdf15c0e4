// The sequence diagram's columns and arrows: the client, the DNS servers (in the order the resolver
// asked them: the nearby DNS server, then root first) and the web servers as vertical lines; one
// arrow per packet. A cold lookup through the nearby DNS server carries the numbers of the notes'
// figure (STORY 03 §3): 1 the question to the nearby server, 2… each server it asks down from the
// root, then its answer to the client, then the connection to the web server (1–8 in the lab).
// The columns come from the lesson's window (all of a page load's conversations) and the packets
// drawn; the arrows are made for the packets given (a large capture's diagram draws those on screen).
import { dnsHopRole, type DnsServerRole } from '../../src-main/shared/dns-roles.ts'
import type { Connection, DnsTransaction, FrameSummary, LocalizedText, ResolutionChain } from '../../src-main/shared/walkthrough.ts'
import { splitEndpoint } from './ipv4.ts'

export type ParticipantRole = 'client' | 'dns' | 'web' | 'other'

export interface Participant {
  key: string
  role: ParticipantRole
  /** The endpoint shown under the role ("127.53.1.1:10053"). */
  address: string
  /** For DNS servers: the zone it answered for ("kr."). */
  zone?: string
  /** For DNS servers: what it is, named by shared/dns-roles.ts ("nearby DNS server (local DNS
   * server)", "root (.)", "kr. (TLD)", "co.kr. zone server"), from what the walkthrough knows. */
  dnsRole?: DnsServerRole
  label?: LocalizedText
}

export interface Arrow {
  frame: number
  from: number
  to: number
  /** The step of the notes' figure this packet belongs to (1–8 for a cold lookup in the lab); 0 for
   * the walking server's priming (RFC 8109), the exchange before the walk that the figure does not
   * draw (PRIMING_MARK). */
  mark?: number
}

export interface SequenceModel {
  participants: Participant[]
  /** One per frame given, in the same order. */
  arrows: Arrow[]
}

/** The conversations the columns come from, by their index in the walkthrough. */
export interface SequenceInput {
  dns: ReadonlyMap<number, DnsTransaction>
  resolutions: ReadonlyMap<number, ResolutionChain>
  connections: ReadonlyMap<number, Connection>
}

const hostOf = (endpoint: string): string => splitEndpoint(endpoint).host
const portOf = (endpoint: string): number | null => splitEndpoint(endpoint).port

/** Servers are keyed by their endpoint (several lab servers can share an address on macOS), clients
 * by address. A packet is placed by the connection or DNS transaction it belongs to when the
 * walkthrough says so, else by its addresses (frame summaries may carry bare addresses). */
export function buildSequence(input: SequenceInput, frames: readonly FrameSummary[]): SequenceModel {
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
  // "client" column (which also squeezes every column). The analyzer says which server walked
  // (`walkedBy`, issue 8 §2); a walkthrough without it falls back to a DNS server's address that
  // someone else asked. Where every server shares the client's address (single-address mode),
  // nothing is merged.
  const inOrder = <T>(map: ReadonlyMap<number, T>): T[] => [...map].sort(([a], [b]) => a - b).map(([, value]) => value)
  const transactions = inOrder(input.dns)
  const connections = inOrder(input.connections)
  const walkerByHost = new Map<string, string>()
  for (const chain of input.resolutions.values()) if (chain.walkedBy !== undefined) walkerByHost.set(hostOf(chain.walkedBy), chain.walkedBy)
  const dnsServerByHost = new Map<string, string>()
  for (const tx of transactions) if (!dnsServerByHost.has(hostOf(tx.server))) dnsServerByHost.set(hostOf(tx.server), tx.server)
  const askedByOthers = new Set(transactions.filter((tx) => hostOf(tx.client) !== hostOf(tx.server)).map((tx) => hostOf(tx.server)))
  const client = (endpoint: string): number => {
    const host = hostOf(endpoint)
    const walker = walkerByHost.get(host) ?? (askedByOthers.has(host) ? dnsServerByHost.get(host) : undefined)
    if (walker !== undefined) return server(walker, 'dns')
    return add({ key: `client:${host}`, role: 'client', address: host })
  }
  /** Names a DNS column by its role; a role once known (nearby, root …) is kept. */
  const name = (index: number, facts: { role?: DnsServerRole; zone: string }): void => {
    const participant = participants[index]
    if (!participant || participant.role !== 'dns' || (participant.dnsRole !== undefined && participant.dnsRole !== 'unknown')) return
    const named = dnsHopRole(facts)
    participant.dnsRole = named.role
    participant.label = named.label
  }

  for (const tx of transactions) client(tx.client)
  for (const connection of connections) client(connection.client)
  // DNS servers in the order the resolver asked them (root, kr, co.kr, …); cache hits have no server.
  for (const chain of inOrder(input.resolutions)) {
    for (const hop of chain.hops) {
      const tx = hop.dns === undefined ? undefined : input.dns.get(hop.dns)
      const endpoint = tx?.server ?? (hop.outcome === 'cache' ? null : hop.server.includes(':') ? hop.server : `${hop.server}:53`)
      if (endpoint !== null && parseable(endpoint)) name(server(endpoint, 'dns', hop.zone), { zone: hop.zone, ...(hop.role !== undefined ? { role: hop.role } : {}) })
    }
  }
  for (const tx of transactions) server(tx.server, 'dns')
  for (const connection of connections) {
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

  const arrows = frames.map((frame): Arrow => {
    const connection = frame.connection === undefined ? undefined : input.connections.get(frame.connection)
    if (connection) return pair(frame, connection.client, connection.server)
    const tx = frame.dns === undefined ? undefined : input.dns.get(frame.dns)
    if (tx) return pair(frame, tx.client, tx.server)
    return { frame: frame.frame, from: columnOf(frame.src), to: columnOf(frame.dst) }
  })
  markTheNotesSteps(input, arrows)
  return { participants, arrows }
}

/** The mark of a priming exchange: the walking server asks a root from its hints for `. NS` before
 * its first walk (RFC 8109). The notes' figure starts the walk at the root with the root servers'
 * addresses already known ("registered in every DNS server"), so priming is not one of its steps:
 * it is drawn, marked 0 (before 2, the first question to the root), and 1–8 stay the figure's. */
export const PRIMING_MARK = 0

/** Numbers the first cold lookup through a recursive server whose walk is nested (its walk has
 * packets) as the notes' figure does: 1 the client's question; 2, 3, … each exchange of the walk
 * (query and its response); then the answer to the client; then the connection to the server whose
 * address it gave. The lab's five zones (., kr., co.kr., cyber.co.kr., lab.cyber.co.kr.) make 1–8;
 * a priming exchange in the walk is marked PRIMING_MARK and takes no number. */
function markTheNotesSteps(input: SequenceInput, arrows: Arrow[]): void {
  const byFrame = new Map(arrows.map((arrow) => [arrow.frame, arrow]))
  const first = [...input.resolutions]
    .sort(([a], [b]) => a - b)
    .find(([, chain]) => chain.walkedBy !== undefined && chain.parent === undefined && chain.hops.some((h) => h.leg === 'walk' && h.frames.length > 0))
  if (!first) return
  const [index, chain] = first
  const mark = (frame: number | null | undefined, n: number): void => {
    const arrow = frame ? byFrame.get(frame) : undefined
    if (arrow && arrow.mark === undefined) arrow.mark = n
  }
  const stub = chain.hops.find((h) => h.leg === 'stub')
  const stubTx = stub?.dns !== undefined ? input.dns.get(stub.dns) : undefined
  if (!stubTx) return
  let n = 1
  mark(stubTx.query_frame, n++)
  for (const hop of chain.hops) {
    if (hop.leg !== 'walk' || hop.frames.length === 0) continue
    const tx = hop.dns === undefined ? undefined : input.dns.get(hop.dns)
    if (tx && tx.qname === '.' && tx.qtype === 'NS' && !tx.rd) {
      for (const frame of hop.frames) mark(frame, PRIMING_MARK)
      continue
    }
    for (const frame of hop.frames) mark(frame, n)
    n++
  }
  mark(stubTx.response_frame, n++)
  const connection = [...input.connections.values()].find((c) => c.resolution === index)
  for (const frame of connection?.phases.connect?.frames ?? []) mark(frame, n)
}

function parseable(endpoint: string): boolean {
  return hostOf(endpoint) !== '' && !endpoint.startsWith('(')
}
