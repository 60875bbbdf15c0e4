// Cold vs warm (issue 14 §1): two walkthroughs of the same page compared step against step — each
// top-level lookup against the same question in the other recording (how it was answered, the
// zones asked, its time), each connection against the one to the same server (handshake or not),
// and what disappeared and the time saved. Pure: main summarises each recording as it is opened
// (summarizeRecording, kept instead of the whole walkthrough) and compares two summaries.
import type { ComparedConnection, ComparedLookup, ConnectionRow, LookupAnswer, LookupRow, RecordingSummary, WalkthroughComparison } from '../shared/comparison.ts'
import type { ResolutionChain, Walkthrough } from '../shared/walkthrough.ts'

const round = (ms: number): number => Math.round(ms * 1000) / 1000

/** A walk that asked any server is a walk, even when it started from a cached referral (an expired
 * answer is asked again of the zone's server only); a cache answered only when nobody was asked. */
function answerOf(chain: ResolutionChain, zones: readonly string[]): LookupAnswer {
  if (zones.length > 0) return 'walk'
  const cache = chain.hops.find((hop) => hop.outcome === 'cache')?.cache
  if (cache !== undefined) return `cache-${cache}`
  return 'recursive'
}

function lookupOf(chain: ResolutionChain): ComparedLookup {
  // The walk's zones: every hop that asked a server down the hierarchy (not the question to the
  // recursive server, not a cache).
  const zones = chain.hops.filter((hop) => hop.leg !== 'stub' && hop.outcome !== 'cache' && hop.zone !== '(recursive)').map((hop) => hop.zone)
  const answered = chain.hops.filter((hop) => hop.outcome === 'cache' || hop.rtt_ms !== null)
  let ms: number | null = null
  if (answered.length > 0 && answered.every((hop) => hop.outcome === 'cache' && hop.frames.length === 0)) ms = 0
  if (answered.some((hop) => hop.rtt_ms !== null)) {
    const start = Math.min(...chain.hops.filter((hop) => hop.frames.length > 0).map((hop) => hop.t))
    const end = Math.max(...answered.map((hop) => hop.t * 1000 + (hop.rtt_ms ?? 0)))
    ms = round(end - start * 1000)
  }
  return { qname: chain.qname, qtype: chain.qtype, answer: answerOf(chain, zones), zones, ms }
}

function connectionOf(connection: Walkthrough['connections'][number]): ComparedConnection {
  const connect = connection.phases.connect
  return { server: connection.server, handshake: connect !== null, handshakeMs: connect === null ? null : round((connect.end - connect.start) * 1000) }
}

/** What the comparison reads of a walkthrough (main has the overview and fetches the arrays from
 * the analyzer's worker: capture.entities). */
export type ComparedWalkthrough = Pick<Walkthrough, 'source' | 'recording' | 'resolutions' | 'connections'>

/** What the comparison needs of one recording. */
export function summarizeRecording(walkthrough: ComparedWalkthrough): RecordingSummary {
  return {
    fileName: walkthrough.source.fileName,
    url: walkthrough.recording?.url ?? null,
    durationMs: round(walkthrough.source.duration * 1000),
    lookups: walkthrough.resolutions.filter((chain) => chain.parent === undefined).map(lookupOf),
    connections: walkthrough.connections.filter((connection) => connection.purpose !== 'dns').map(connectionOf),
  }
}

/** Pairs the n-th item of `a` with the n-th item of `b` that has the same key; the rest of `b` follow. */
function pairByKey<T, R>(a: readonly T[], b: readonly T[], key: (item: T) => string, row: (first: T | null, second: T | null) => R): R[] {
  const left = [...b]
  const rows = a.map((item) => {
    const at = left.findIndex((other) => other !== undefined && key(other) === key(item))
    const match = at === -1 ? null : left[at]!
    if (at !== -1) left[at] = undefined as T
    return row(item, match)
  })
  for (const item of left) if (item !== undefined) rows.push(row(null, item))
  return rows
}

export function compareRecordings(first: RecordingSummary, second: RecordingSummary): WalkthroughComparison {
  const lookups: LookupRow[] = pairByKey(first.lookups, second.lookups, (l) => `${l.qname} ${l.qtype}`, (a, b) => {
    const { qname, qtype } = (a ?? b)!
    const disappeared = a === null ? [] : a.zones.filter((zone) => !(b?.zones ?? []).includes(zone))
    const savedMs = a?.ms != null && b?.ms != null ? round(a.ms - b.ms) : null
    return { qname, qtype, first: a, second: b, disappeared, savedMs }
  })
  const connections: ConnectionRow[] = pairByKey(first.connections, second.connections, (c) => c.server, (a, b) => ({ server: (a ?? b)!.server, first: a, second: b }))
  const zones = [...new Set(lookups.flatMap((row) => row.disappeared))]
  const handshakes = (s: RecordingSummary) => s.connections.filter((c) => c.handshake).length
  return {
    first,
    second,
    lookups,
    connections,
    disappeared: { zones, handshakes: Math.max(0, handshakes(first) - handshakes(second)) },
    savedMs: { dns: round(lookups.reduce((sum, row) => sum + (row.savedMs ?? 0), 0)), total: round(first.durationMs - second.durationMs) },
  }
}
