// Which address a capture's lesson calls "this computer" (STORY 02 §1, the IP-address step): the
// client of its first DNS question or of its first connection, whichever was sent first. One rule
// for the IP-address step, its question and the IP pane, so that a capture of several clients (a
// router's, or the bench's synthetic one) never has the step name one computer and the pane show
// another.
import type { Connection, DnsTransaction } from './walkthrough.ts'
import { splitEndpoint } from './ipv4.ts'

export type FirstQuery = Pick<DnsTransaction, 'query_frame' | 'client'>
export type FirstConnection = { client: Connection['client']; phases: { connect: Pick<NonNullable<Connection['phases']['connect']>, 'frames'> | null } }

/** This computer's address as the packets show it, and the frame that first shows it; null when
 * neither a question nor a connection was seen. */
export function thisComputer(firstQuery: FirstQuery | undefined, firstConnection: FirstConnection | undefined): { frame: number; address: string } | null {
  const candidates: { frame: number; address: string }[] = []
  if (firstQuery && firstQuery.query_frame !== null) candidates.push({ frame: firstQuery.query_frame, address: splitEndpoint(firstQuery.client).host })
  const connect = firstConnection?.phases.connect?.frames[0]
  if (firstConnection && connect !== undefined) candidates.push({ frame: connect, address: splitEndpoint(firstConnection.client).host })
  candidates.sort((a, b) => a.frame - b.frame)
  return candidates[0] ?? null
}

/** The first question and the first connection among `dns` and `connections` by frame (the IP
 * pane's lesson window holds them in no particular order). */
export function earliest(dns: Iterable<FirstQuery>, connections: Iterable<FirstConnection>): { query: FirstQuery | undefined; connection: FirstConnection | undefined } {
  let query: FirstQuery | undefined
  for (const d of dns) if (d.query_frame !== null && (query === undefined || d.query_frame < query.query_frame!)) query = d
  let connection: FirstConnection | undefined
  for (const c of connections) {
    const frame = c.phases.connect?.frames[0]
    if (frame !== undefined && (connection === undefined || frame < connection.phases.connect!.frames[0]!)) connection = c
  }
  return { query, connection }
}
