// Turns the streaming pass's state into the Walkthrough: connections with their phases, DNS,
// resolution chains, HTTP exchanges (with Referer/redirect causes), TLS sessions, the page-load
// links (which resolution produced which connection's address) and the steps.
import { basename } from 'node:path'
import type { ReadResult } from '../capture/types.ts'
import { linkTypeName } from '../decode/link.ts'
import { TH_FIN, TH_RST } from '../decode/tcp.ts'
import type { LessonWalkthrough } from '../shared/lesson.ts'
import { WALKTHROUGH_SCHEMA_VERSION, type FrameSummary } from '../shared/walkthrough.ts'
import { ConnectionList } from './connection-list.ts'
import type { HttpExchangeStore } from './http-exchanges.ts'
import type { StreamingPass } from './pass.ts'
import type { Journal } from './journal.ts'
import { addressesOf, buildResolutions } from './resolutions.ts'
import type { ResolutionTable } from './resolution-store.ts'
import { buildSteps, stepJournal, type PlanContext } from './steps.ts'
import { dnsEntries } from './trackers/dns.ts'

/** `frames`: the summaries that go inline (the first frames; the rest are paged on demand). The
 * steps come without their words: `words` writes them for the steps something shows (steps.ts). */
export function buildWalkthrough(a: StreamingPass, read: ReadResult, journal: Journal | null, path: string, frames: FrameSummary[]): LessonWalkthrough {
  const first = a.firstEpoch
  const n = a.table.length
  // Times count from frame 1; a recording that stopped before any packet (the network down) counts
  // from the moment it started, so its steps (the URL, the failure) still have sensible times.
  const started = journal?.recording ? Date.parse(journal.recording.startedAt) / 1000 : Number.NaN
  const firstEpoch = n === 0 && Number.isFinite(started) ? started : first.sec + first.nsec / 1e9
  const connections = new ConnectionList(a.tcp, a.table, a.http.store)
  const dns = a.dns.transactions
  const http = a.http.store

  // Journal sockets: creation time and descriptor for the connection with the same endpoints.
  if (journal) {
    for (const s of journal.sockets.values()) {
      if (!s.local || !s.remote || s.protocol === 'udp') continue
      const client = s.local.address.includes(':') ? `[${s.local.address}]:${s.local.port}` : `${s.local.address}:${s.local.port}`
      const server = s.remote.address.includes(':') ? `[${s.remote.address}]:${s.remote.port}` : `${s.remote.address}:${s.remote.port}`
      connections.claimSocket(client, server, s.socketId, s.fd, s.createdAt !== undefined ? s.createdAt / 1000 - firstEpoch : undefined)
    }
  }

  const store = a.http.store
  linkHttpCauses(store, connections)

  const { table, chains } = buildResolutions(dnsEntries(a.dns.transactions), journal, firstEpoch)
  linkResolutions(table, chains, connections)
  // The chains' rows, as the walkthrough keeps them: what the steps are planned from, and what
  // their words read.
  const resolutions = table.finish(chains)

  const frameTime = (frame: number) => (frame >= 1 && frame <= n ? a.table.t[frame - 1]! : 0)
  // A close step's words: which end sent each FIN or RST of its frames (their TCP flags and source).
  const tcpEnd = (frame: number) => {
    const flags = frame >= 1 && frame <= n ? a.table.tcpFlags[frame - 1]! : 0
    if ((flags & (TH_FIN | TH_RST)) === 0) return null
    return { address: a.table.addresses[a.table.src[frame - 1]!]!, port: a.table.srcPort[frame - 1]!, fin: (flags & TH_FIN) !== 0, rst: (flags & TH_RST) !== 0 }
  }
  const context: PlanContext = { dns, resolutions, connections, http, tls: a.tls.sessions, journal: stepJournal(journal), firstEpoch, frameTime, tcpEnd }
  const { steps, words } = buildSteps(context)

  const rec = journal?.recording ?? null
  const lastT = n > 0 ? a.table.t[n - 1]! : 0
  const w: LessonWalkthrough = {
    schema: WALKTHROUGH_SCHEMA_VERSION,
    source: {
      fileName: basename(path),
      format: read.info.format,
      byteOrder: read.info.byteOrder,
      timestampResolution: read.info.timestampResolution,
      linkTypes: read.info.linkTypes.map((id) => ({ id, name: linkTypeName(id) })),
      sizeBytes: read.info.sizeBytes,
      firstFrameEpoch: n > 0 ? firstEpoch : 0,
      duration: lastT,
      packetsOrigin: rec ? rec.packets : 'unknown',
    },
    packets: n,
    frames,
    dns,
    resolutions,
    connections,
    http,
    tls: a.tls.sessions,
    steps,
    words,
    fileErrors: [...read.problems, ...(journal?.problems ?? [])],
    recording: rec
      ? {
          ...(rec.experiment ? { experiment: { id: rec.experiment.id, changes: rec.experiment.changes } } : {}),
          typedUrl: rec.typedUrl,
          url: rec.url,
          target: rec.target,
          resolverMode: rec.resolverMode,
          startedAt: rec.startedAt,
          packets: rec.packets,
          resolverEvents: journal!.resolverEvents.filter((e) => e.kind === 'cache-hit' || e.kind === 'limit' || e.kind === 'timeout'),
          tlsKeyLogLines: journal!.keyLogLines.length,
          interfaces: journal!.hosts,
          ...(journal!.notes.length > 0 ? { notes: journal!.notes } : {}),
        }
      : null,
  }
  if (a.http.unmatchedResponses.length) w.httpUnmatchedResponses = a.http.unmatchedResponses
  if (n > frames.length) w.framesTruncated = true
  return w
}

/** What linkResolutions reads and writes of the connections (ConnectionList). */
export type LinkedConnections = Pick<ConnectionList, 'length' | 'serverIp' | 'start' | 'setResolution'>

/** Which resolution gave each connection its server address: the latest one answered (its last
 * hop's time) at or before the connection's first packet; of those answered at the same time, the
 * later resolution. Each connection and the chain are linked both ways. `chains`: the walkthrough's
 * list of `table`'s chains. */
export function linkResolutions(table: ResolutionTable, chains: readonly number[], connections: LinkedConnections): void {
  const resolvedAt = new Float64Array(chains.length)
  chains.forEach((c, ri) => {
    const last = table.last(c)
    resolvedAt[ri] = last < 0 ? 0 : table.t(last)
  })
  // Resolutions by the addresses they gave, so each connection looks only at its own address; each
  // address's list in the order of their times (ties: the later resolution last), so the latest one
  // before a connection is found by binary search (a large capture resolves the same few names
  // thousands of times). A time that is no number answers no connection.
  const byAddress = new Map<string, number[]>()
  // Chains with the same answers share one array of them (DnsStore.sharedAnswers): their addresses
  // are read once.
  const addressesOfAnswers = new Map<number, Set<string>>()
  chains.forEach((c, ri) => {
    if (Number.isNaN(resolvedAt[ri])) return
    const set = table.answerSet(c)
    let addresses = addressesOfAnswers.get(set)
    if (addresses === undefined) addressesOfAnswers.set(set, (addresses = addressesOf(table.answers(c))))
    for (const address of addresses) {
      const list = byAddress.get(address)
      if (list) list.push(ri)
      else byAddress.set(address, [ri])
    }
  })
  // Chains come in the order their first query was asked, so most lists are in order already (and
  // a comparison sort calls its function for every pair it looks at even then): sorted only when not.
  const before = (x: number, y: number) => resolvedAt[x]! - resolvedAt[y]! || x - y
  for (const list of byAddress.values()) if (!inOrder(list, before)) list.sort(before)
  for (let ci = 0; ci < connections.length; ci++) {
    const ip = connections.serverIp(ci)
    const start = connections.start(ci)
    // The last in the list answered at or before the connection's start: the latest, and of those
    // answered at the same time, the later resolution.
    const list = byAddress.get(ip) ?? []
    let lo = 0
    let hi = list.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (resolvedAt[list[mid]!]! <= start + 1e-6) lo = mid + 1
      else hi = mid
    }
    const best = lo > 0 ? list[lo - 1]! : -1
    if (best >= 0) {
      connections.setResolution(ci, best)
      table.linkConnection(chains[best]!, ci)
    }
  }
}

/** Whether `list` is in the order `compare` sorts it into (no pair the wrong way round). */
function inOrder(list: readonly number[], compare: (x: number, y: number) => number): boolean {
  for (let k = 1; k < list.length; k++) if (compare(list[k - 1]!, list[k]!) > 0) return false
  return true
}

/** Referer names the page that asked for a resource; a 3xx Location names the next request. Every
 * build links them from scratch: a preview's build ran on part of the pass (run.ts). */
function linkHttpCauses(http: HttpExchangeStore, connections: ConnectionList): void {
  http.clearCauses()
  // Each distinct URL's text made once, by scheme, host and URI (the store's texts, the same strings
  // each time): a capture asks for the same URLs again and again, and a text made anew for each
  // exchange was hashed anew in the maps below.
  const made = { http: new Map<string, Map<string, string>>(), https: new Map<string, Map<string, string>>() }
  const urlOf = (i: number) => {
    const uri = http.uri(i)
    const scheme = connections.purpose(http.connection(i)) === 'https' || http.decrypted(i) ? 'https' : 'http'
    const host = http.host(i) ?? ''
    let byUri = made[scheme].get(host)
    if (byUri === undefined) made[scheme].set(host, (byUri = new Map()))
    let url = byUri.get(uri)
    if (url === undefined) byUri.set(uri, (url = /^[a-z]+:\/\//i.test(uri) ? uri : `${scheme}://${host}${uri}`))
    return url
  }
  // Each distinct Location resolved once against each page's URL: a capture's redirects repeat
  // (the same page asked for again and again), and the URL parser was much of this loop.
  const resolved = new Map<string, Map<string, string>>()
  const resolveLocation = (loc: string, base: string): string => {
    let byLocation = resolved.get(base)
    if (byLocation === undefined) resolved.set(base, (byLocation = new Map()))
    let target = byLocation.get(loc)
    if (target === undefined) {
      target = loc
      try {
        target = new URL(loc, base).href
      } catch {
        /* keep as written */
      }
      byLocation.set(loc, target)
    }
    return target
  }
  const seen = new Map<string, number>()
  /** Redirect targets (absolute Location of a 3xx response) → the latest exchange that gave it. */
  const redirects = new Map<string, number>()
  for (let i = 0; i < http.length; i++) {
    const url = urlOf(i)
    const ref = http.referer(i)
    // A redirect first: an earlier 3xx whose Location is this URL is the nearer cause even when
    // the request also carries a Referer (an <img> whose address answered 301 keeps its page's).
    const j = redirects.get(url)
    if (j !== undefined) {
      http.cause(i, j, 'redirect')
      redirects.delete(url)
    } else if (ref && seen.has(ref)) http.cause(i, seen.get(ref)!, 'referer')
    const status = http.statusOf(i)
    const responseHead = status !== null && status >= 300 && status < 400 ? http.responseHead(i) : null
    if (responseHead) {
      const loc = /\r?\nlocation:\s*(\S+)/i.exec(responseHead)?.[1]
      if (loc) redirects.set(resolveLocation(loc, url), i)
    }
    // A HEAD or OPTIONS response has no page in it: it cannot be what a later Referer names.
    const method = http.method(i)
    if (method !== 'HEAD' && method !== 'OPTIONS') seen.set(url, i)
  }
}
