// The resolution chains as resolutions.ts built them until session 14, as objects (a ResolutionChain
// with its ResolutionHops, edited in place), and build.ts's linking of connections to them: the rule
// written out plainly, that the chains built straight into ResolutionTable's rows are checked
// against (resolution-store.test.ts). Kept as it was, apart from the imports and the exports a test
// needs; `classify`, `guessZone` (the zone a server was asked as), `isAncestorOrSelf` and the rest it
// shares with the analyzer are the analyzer's.
import type { CacheHitUse, DnsRecordView, HopOutcome, ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import { MAX_CACHED_DATA, type ResolutionChain, type ResolutionHop } from '../../src-main/shared/walkthrough.ts'
import type { DnsTx } from '../../src-main/analyzer/trackers/dns.ts'
import type { Journal } from '../../src-main/analyzer/journal.ts'
import { classifyResponse } from '../../src-main/dns/classify.ts'
import { guessZone } from '../../src-main/analyzer/resolutions.ts'
import { orderByTime } from '../../src-main/analyzer/frame-sort.ts'
import { dnsServerRole } from '../../src-main/shared/dns-roles.ts'

const lower = (s: string) => s.toLowerCase()

/** A chain's connections before the build links any (build.ts linkConnection): one empty array
 * shared by every chain, frozen so that nothing adds to it. A million packets make ≈ 93 000 chains,
 * and an empty array each was ≈ 3.8 MB of the build's peak beside them. */
const NO_CONNECTIONS: number[] = Object.freeze([]) as unknown as number[]

/** Connection `ci` got its server's address from `chain` (build.ts). */
export function linkConnection(chain: ResolutionChain, ci: number): void {
  if (chain.connections === NO_CONNECTIONS) chain.connections = [ci]
  else chain.connections.push(ci)
}

/** Is `zone` the name itself or one of its ancestors ("." is everyone's)? */
function isAncestorOrSelf(zone: string, name: string): boolean {
  const z = lower(zone)
  const n = lower(name)
  return z === '.' || n === z || n.endsWith(`.${z}`)
}

function parentZone(zone: string): string {
  const i = zone.indexOf('.')
  if (zone === '.' || i < 0 || i === zone.length - 1) return '.'
  return zone.slice(i + 1)
}

/** Classifies a response with the resolver's own classifier (src-main/dns/classify.ts), asked as
 * `zone` ("." when nothing says which zone the server was asked as: every name is then in its
 * bailiwick, and only what the response itself shows decides). A query without a response in the
 * capture is a timeout. */
function classify(d: DnsTx, zone = '.'): HopOutcome {
  const tx = d
  if (tx.response_frame === null || tx.rcode === null) return 'timeout'
  return classifyResponse({ rcode: tx.rcode, aa: tx.aa, ra: tx.ra, answers: tx.answers, authority: tx.authority, additional: tx.additional }, { qname: tx.qname, qtype: tx.qtype, zone, recursionDesired: tx.rd }).outcome
}

function referralZone(d: DnsTx): string | undefined {
  return d.authority.find((r) => r.type === 'NS')?.name
}

function serverText(d: DnsTx): string {
  return d.serverPort === 53 ? d.serverIp : d.server
}

function hopOf(d: DnsTx, index: number, zone: string): ResolutionHop {
  const outcome = d.outcome ?? classify(d)
  const hop: ResolutionHop = {
    server: serverText(d),
    zone,
    outcome,
    dns: index,
    frames: framesOf(d.query_frame, d.response_frame),
    t: d.queryT >= 0 ? d.queryT : d.responseT,
    rtt_ms: d.rtt_ms,
  }
  if (outcome === 'referral') {
    const z = referralZone(d)
    if (z) hop.referredTo = z
  }
  return hop
}

/** A hop's frames, the query's then the response's, in an array of exactly their number (filter's
 * result has room for 16: a large capture holds a hop per transaction). */
function framesOf(query: number | null, response: number | null): number[] {
  if (query === null) return response === null ? [] : [response]
  return response === null ? [query] : [query, response]
}

function finalize(chain: ResolutionChain, dns: DnsTx[]): void {
  // The last hop whose transaction has a response (read backwards: no copy of the hops made).
  for (let h = chain.hops.length - 1; h >= 0; h--) {
    const last = chain.hops[h]!.dns
    if (last === undefined || dns[last]!.response_frame === null) continue
    const tx = dns[last]!
    chain.rcode = tx.rcode
    chain.answers = tx.keptAnswers
    return
  }
}

/** `firstEpoch`: epoch seconds of frame 1, to place journal events that have no frame (cache hits)
 * at their moment on the timeline. */
export function buildResolutions(dns: DnsTx[], journal: Journal | null, firstEpoch = 0): ResolutionChain[] {
  classifyAll(dns)
  if (journal && journal.resolverEvents.some((e) => e.kind === 'start')) return fromJournal(dns, journal, firstEpoch)
  return inferred(dns)
}

/** Every transaction's classification as asked at "." (chainsOf classifies again where a referral
 * says which zone a server was asked as). A capture holds the same responses again and again (the
 * same names asked of the same servers): a response the same as one classified before, in all the
 * classifier reads (DnsTx.sameResponse), gets that one's outcome without being classified again. */
function classifyAll(dns: DnsTx[]): void {
  const classified = new Map<number, { tx: DnsTx; outcome: HopOutcome }[]>()
  for (const d of dns) {
    if (d.response_frame === null) {
      d.setOutcome(classify(d))
      continue
    }
    const hash = d.responseHash
    let seen = classified.get(hash)
    if (seen === undefined) classified.set(hash, (seen = []))
    const same = seen.find((s) => s.tx.sameResponse(d))
    if (same !== undefined) {
      d.setOutcome(same.outcome)
      continue
    }
    const outcome = d.setOutcome(classify(d))
    seen.push({ tx: d, outcome })
  }
}

function inferred(dns: DnsTx[]): ResolutionChain[] {
  const walks = assignWalks(dns)
  const claimed = new Set<number>()
  for (const list of walks.values()) for (const i of list) claimed.add(i)
  const chains = chainsOf(dns, dns.map((_, i) => i).filter((i) => !claimed.has(i)))
  linkGlueless(chains, dns)
  const walkers = new Set(dns.filter((d) => !d.rd && d.queryT >= 0).map((d) => d.clientIp))
  // What each walking server has learned so far: the zone each server it asks serves.
  const learned = new Map<string, Map<string, string>>()
  const count = chains.length
  for (let ci = 0; ci < count; ci++) {
    const chain = chains[ci]!
    for (let hi = chain.hops.length - 1; hi >= 0; hi--) {
      const hop = chain.hops[hi]!
      if (hop.dns === undefined || !dns[hop.dns]!.rd) continue
      const d = dns[hop.dns]!
      // A server this capture shows walking for someone is the client's nearby DNS server.
      if (!walkers.has(d.serverIp)) continue
      hop.role = 'nearby'
      hop.leg = 'stub'
      chain.walkedBy = d.server
      const list = walks.get(hop.dns)
      let zones = learned.get(d.serverIp)
      if (!zones) learned.set(d.serverIp, (zones = new Map()))
      if (list && list.length > 0) nestWalk(chains, ci, hi, chainsOf(dns, list), dns, zones)
      else if (d.response_frame !== null && (d.rcode === 'NOERROR' || d.rcode === 'NXDOMAIN') && !d.aa) {
        // Nothing upstream between the question and the answer: S answered from its cache. Not
        // when the answer has AA: S holds that zone itself (a locally served zone, such as the
        // reverse zones of private addresses, RFC 6303) and answered as its registered server.
        const ttl = d.answers[0]?.ttl ?? d.authority.find((r) => r.type === 'SOA')?.ttl
        const cacheHop: ResolutionHop = { server: hop.server, zone: '(cache)', outcome: 'cache', frames: [], t: d.responseT, rtt_ms: null, cache: 'nearby', role: 'nearby', leg: 'walk' }
        if (ttl !== undefined) cacheHop.ttlLeft = ttl
        if (d.rcode === 'NXDOMAIN') cacheHop.negative = 'nxdomain'
        else if (d.answers.length === 0) cacheHop.negative = 'nodata'
        chain.hops.splice(hi + 1, 0, cacheHop)
      }
    }
  }
  linkParentHops(chains, dns)
  return chains
}

/** For each stub query (RD=1, answered) to a server S that the capture shows sending iterative
 * queries (RD=0), the iterative queries S sent between that question and its answer. When several
 * questions to S are open at once, a query goes to the one whose name it serves (the same name and
 * type, the same name, an ancestor — QNAME minimisation —, or else the latest asked). */
function assignWalks(dns: DnsTx[]): Map<number, number[]> {
  const walks = new Map<number, number[]>()
  const stubsByServerIp = new Map<string, number[]>()
  dns.forEach((d, i) => {
    if (!d.rd || d.queryT < 0 || d.responseT < 0) return
    const list = stubsByServerIp.get(d.serverIp)
    if (list) list.push(i)
    else stubsByServerIp.set(d.serverIp, [i])
  })
  dns.forEach((d, i) => {
    if (d.rd) return
    const open = stubsByServerIp.get(d.clientIp)
    if (!open) return
    const t = start(d)
    let best = -1
    let bestScore = -1
    for (const si of open) {
      const s = dns[si]!
      if (si === i || t < s.queryT || t > s.responseT) continue
      // The same name and type first: a client asks A and AAAA of one name at once, and the
      // server's A query belongs to the A question.
      const score = lower(s.qname) === lower(d.qname) ? (s.qtype === d.qtype ? 4 : 3) : isAncestorOrSelf(d.qname, s.qname) ? 2 : 1
      if (score > bestScore || (score === bestScore && s.queryT > dns[best]!.queryT)) {
        best = si
        bestScore = score
      }
    }
    if (best < 0) return
    const list = walks.get(best)
    if (list) list.push(i)
    else walks.set(best, [i])
  })
  return walks
}

/** Puts S's walk (its chains, built alone) into chain `ci` after its stub hop `hi`: the chains for
 * the question's name, its ancestors (QNAME minimisation, priming ".") and CNAME targets become the
 * walk's hops in time order; the rest (addresses of NS names, …) become sub-chains of `ci`. Each
 * server's zone is what S learned of it (`zoneByIp`, kept across S's walks): the zone of the
 * referral whose glue gave its address, or of an NS answer (priming) that named it or came from it. */
function nestWalk(chains: ResolutionChain[], ci: number, hi: number, walk: ResolutionChain[], dns: DnsTx[], zoneByIp: Map<string, string>): void {
  linkGlueless(walk, dns)
  const chain = chains[ci]!
  const wanted = [lower(chain.qname)]
  const main: number[] = []
  const order = walk.map((_, i) => i).sort((a, b) => (walk[a]!.hops[0]?.t ?? 0) - (walk[b]!.hops[0]?.t ?? 0))
  for (const wi of order) {
    const w = walk[wi]!
    if (w.parent !== undefined || !wanted.some((name) => isAncestorOrSelf(w.qname, name))) continue
    main.push(wi)
    for (const hop of w.hops) {
      if (hop.outcome !== 'cname' || hop.dns === undefined) continue
      for (const r of dns[hop.dns]!.answers) if (r.type === 'CNAME') wanted.push(lower(r.data))
    }
  }
  const hops = main.flatMap((wi) => walk[wi]!.hops).sort((a, b) => a.t - b.t)
  const inMain = new Set(hops)
  const everything = walk.flatMap((w) => w.hops).sort((a, b) => a.t - b.t)
  for (const hop of everything) {
    const d = dns[hop.dns!]!
    const known = zoneByIp.get(d.serverIp)
    if (known !== undefined && known !== hop.zone) {
      hop.zone = known
      hop.outcome = d.setOutcome(classify(d, known))
    }
    hop.leg = 'walk'
    if (inMain.has(hop) || !hop.role) hop.role = dnsServerRole({ zone: hop.zone }).role
    learnZones(d, hop, zoneByIp)
  }
  chain.hops.splice(hi + 1, 0, ...hops)
  // The rest are sub-chains: of the nested chain, or of another sub-chain.
  const newIndex = new Map<number, number>()
  walk.forEach((w, wi) => {
    if (!main.includes(wi)) newIndex.set(wi, chains.push(w) - 1)
  })
  walk.forEach((w, wi) => {
    if (main.includes(wi)) return
    const parent = w.parent === undefined ? undefined : newIndex.get(w.parent)
    w.parent = parent ?? ci
  })
}

/** What a walking server learns from one response about the servers it may ask next: the zone of a
 * referral's NS names and their glue, the zone of an authoritative NS answer (priming: ". NS"), its
 * server and the names it lists, and the address of such a name when it is looked up. Names are
 * kept under "ns:" beside the addresses. */
function learnZones(d: DnsTx, hop: ResolutionHop, zones: Map<string, string>): void {
  const tx = d
  const glue = (zone: string, names: Set<string>): void => {
    for (const name of names) zones.set(`ns:${name}`, zone)
    for (const r of tx.additional) if ((r.type === 'A' || r.type === 'AAAA') && names.has(lower(r.name))) zones.set(r.data, zone)
  }
  if (hop.outcome === 'referral' && hop.referredTo) glue(hop.referredTo, new Set(tx.authority.filter((r) => r.type === 'NS').map((r) => lower(r.data))))
  if (hop.outcome === 'answer' && tx.qtype === 'NS' && tx.aa) {
    zones.set(d.serverIp, tx.qname)
    glue(tx.qname, new Set(tx.answers.filter((r) => r.type === 'NS').map((r) => lower(r.data))))
  }
  for (const r of tx.answers) {
    const zone = (r.type === 'A' || r.type === 'AAAA') && zones.get(`ns:${lower(r.name)}`)
    if (zone) zones.set(r.data, zone)
  }
}

/** A sub-chain's parent hop: the latest referral in the parent chain, before the sub-chain began,
 * that named the sub-chain's name as an NS without glue (or, failing that, that named it at all). */
function linkParentHops(chains: ResolutionChain[], dns: DnsTx[]): void {
  for (const chain of chains) {
    if (chain.parent === undefined) continue
    const parent = chains[chain.parent]
    const first = chain.hops[0]
    if (!parent || !first) continue
    let best = -1
    parent.hops.forEach((hop, hi) => {
      if (hop.outcome !== 'referral' || hop.dns === undefined || hop.t > first.t) return
      if (dns[hop.dns]!.authority.some((r) => r.type === 'NS' && lower(r.data) === lower(chain.qname))) best = hi
    })
    if (best >= 0) chain.parentHop = best
  }
}

/** Chains of the transactions `indexes` (hop.dns stays an index into `dns`). */
function chainsOf(dns: DnsTx[], indexes: number[]): ResolutionChain[] {
  // In the order they start, each one's start read once from the store; transactions starting
  // together keep their order (frame-sort.ts).
  const starts = new Float64Array(indexes.length)
  for (let k = 0; k < indexes.length; k++) starts[k] = start(dns[indexes[k]!]!)
  const order = orderByTime(starts).map((k) => indexes[k]!)
  const chains: ResolutionChain[] = []
  // The chain open for each client (by its address's number) and question (name without regard to
  // case, type, RD: DnsTx.questionKey): numbers, no text made per transaction.
  const open = new Map<number, Map<number, { chain: number; lastT: number; done: boolean }>>()
  for (const i of order) {
    const d = dns[i]!
    if (!d.qname) continue
    let byQuestion = open.get(d.clientAddress)
    if (byQuestion === undefined) open.set(d.clientAddress, (byQuestion = new Map()))
    const key = d.questionKey
    const t = start(d)
    const cur = byQuestion.get(key)
    const chain = cur && !cur.done && t - cur.lastT < 30 ? chains[cur.chain]! : undefined
    const prev = chain?.hops[chain.hops.length - 1]
    const retried = prev?.dns === undefined ? undefined : dns[prev.dns]
    // The same question asked again of the same server after a truncated response (TC: the retry
    // over TCP) is asked as the zone it was before, not as the zone its truncated referral named.
    const tcRetry = retried !== undefined && retried.tc && retried.serverIp === d.serverIp
    const referredTo = prev?.outcome === 'referral' && !tcRetry ? prev.referredTo : undefined
    // The previous referral says which zone this server was asked as: classify again with it
    // (bailiwick, upward referrals), as the resolver did when it asked.
    const askedAs = tcRetry && !prev!.zone.startsWith('(') ? prev!.zone : referredTo
    const outcome = askedAs !== undefined && !d.rd ? d.setOutcome(classify(d, askedAs)) : d.outcome!
    const zone = askedAs ?? (prev && (prev.outcome !== 'referral' || tcRetry) && !d.rd ? prev.zone : guessZone(d, outcome))
    const hop = hopOf(d, i, zone)
    let chainIndex: number
    if (chain) {
      chain.hops.push(hop)
      chainIndex = cur!.chain
    } else {
      // Made with its first hop and every key it has now, in the order they are written (a large
      // capture holds ≈ one chain per transaction, most with one hop: an array grown by push would
      // hold room for 16, and a key added later a second block of properties).
      chainIndex = chains.push({ qname: d.qname, qtype: d.qtype, hops: [hop], rcode: null, answers: [], connections: NO_CONNECTIONS, mode: d.rd ? 'stub' : 'iterative' }) - 1
    }
    const done = outcome === 'answer' || outcome === 'nxdomain' || outcome === 'nodata' || outcome === 'cname'
    const lastT = d.responseT >= 0 ? d.responseT : t
    if (cur) {
      cur.chain = chainIndex
      cur.lastT = lastT
      cur.done = done
    } else byQuestion.set(key, { chain: chainIndex, lastT, done })
  }
  for (const c of chains) finalize(c, dns)
  return chains
}

function start(d: DnsTx): number {
  return d.queryT >= 0 ? d.queryT : d.responseT
}

/** A chain for an NS name that a referral gave without glue, started after that referral by the
 * same client, is that referral's sub-resolution (the latest such referral wins). Indexed by
 * client and NS name so a capture with many thousands of chains stays linear. */
function linkGlueless(chains: ResolutionChain[], dns: DnsTx[]): void {
  // By NS name (lowercase), then by client: each chain looks its name up as the name it has (no text
  // made for it; most chains of a large capture name no such NS), its client only when one does.
  const referrals = new Map<string, Map<string, { chain: number; t: number }[]>>()
  chains.forEach((other, oi) => {
    for (const hop of other.hops) {
      if (hop.outcome !== 'referral' || hop.dns === undefined) continue
      const d = dns[hop.dns]!
      const glued = new Set(d.additional.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => lower(r.name)))
      for (const r of d.authority) {
        if (r.type !== 'NS' || glued.has(lower(r.data))) continue
        const name = lower(r.data)
        let byClient = referrals.get(name)
        if (byClient === undefined) referrals.set(name, (byClient = new Map()))
        const list = byClient.get(d.clientIp)
        if (list) list.push({ chain: oi, t: hop.t })
        else byClient.set(d.clientIp, [{ chain: oi, t: hop.t }])
      }
    }
  })
  if (referrals.size === 0) return
  chains.forEach((chain, ci) => {
    const first = chain.hops[0]
    if (!first || first.dns === undefined) return
    const list = referrals.get(lower(chain.qname))?.get(dns[first.dns]!.clientIp)
    if (!list) return
    let best = -1
    let bestT = -Infinity
    for (const r of list) {
      if (r.chain !== ci && r.t <= first.t && r.t > bestT) {
        best = r.chain
        bestT = r.t
      }
    }
    if (best >= 0) chain.parent = best
  })
}

function fromJournal(dns: DnsTx[], journal: Journal, firstEpoch: number): ResolutionChain[] {
  // Seconds since frame 1 of a journal event (its `at` is epoch milliseconds); never before frame 1.
  const timeOf = (atMs: number): number => (firstEpoch > 0 ? Math.max(0, atMs / 1000 - firstEpoch) : 0)
  const chains: ResolutionChain[] = []
  const byId = new Map<string, number>()
  /** The nearby DNS server's resolutions: the client's question each one answers. */
  const forQuery = new Map<number, NonNullable<Extract<ResolverEvent, { kind: 'start' }>['forQuery']>>()
  const used = new Set<number>()
  // Transactions by id and server, in capture order: each query event takes the first unused one.
  const byKey = new Map<string, number[]>()
  dns.forEach((d, i) => {
    const key = `${d.id}|${d.serverIp}|${d.serverPort}`
    const list = byKey.get(key)
    if (list) list.push(i)
    else byKey.set(key, [i])
  })
  const findTx = (id: number, address: string, port: number): number => {
    const i = byKey.get(`${id}|${address}|${port}`)?.shift()
    if (i === undefined) return -1
    used.add(i)
    return i
  }
  const pending = new Map<string, number>() // resolutionId|id → dns index
  // A timeout event names the server, not the query id: the resolution's last query to that server.
  const lastQueryTo = new Map<string, number>() // resolutionId|address|port → dns index
  for (const e of journal.resolverEvents) {
    if (e.kind === 'start') {
      const idx = chains.push({ qname: e.qname, qtype: e.qtype, hops: [], rcode: null, answers: [], connections: NO_CONNECTIONS, mode: e.mode }) - 1
      byId.set(e.resolutionId, idx)
      if (e.resolver === 'nearby' && e.forQuery) forQuery.set(idx, e.forQuery)
      if (e.parentResolutionId && byId.has(e.parentResolutionId)) chains[idx]!.parent = byId.get(e.parentResolutionId)!
      continue
    }
    const ci = byId.get(e.resolutionId)
    if (ci === undefined) continue
    const chain = chains[ci]!
    if (e.kind === 'query-sent') {
      const di = findTx(e.id, e.server.address, e.server.port)
      if (di >= 0) {
        pending.set(`${e.resolutionId}|${e.id}`, di)
        lastQueryTo.set(`${e.resolutionId}|${e.server.address}|${e.server.port}`, di)
      }
    } else if (e.kind === 'response' || e.kind === 'timeout') {
      const timedOut = e.kind === 'timeout' ? lastQueryTo.get(`${e.resolutionId}|${e.server.address}|${e.server.port}`) : undefined
      // A query that timed out has no response in the capture (a late one would have been its).
      const di = e.kind === 'response' ? pending.get(`${e.resolutionId}|${e.id}`) : timedOut !== undefined && dns[timedOut]!.response_frame === null ? timedOut : undefined
      const server = e.server.port === 53 ? e.server.address : `${e.server.address}:${e.server.port}`
      // A server asked to recurse (the nearby DNS server, or another) was not asked as any zone:
      // the resolver's "." for it is not the root.
      const role = e.server.role
      const zone = role === 'nearby' || role === 'recursive' ? '(recursive)' : e.zone
      if (di !== undefined) {
        const hop = hopOf(dns[di]!, di, zone)
        if (e.kind === 'response') hop.outcome = e.outcome
        if (e.kind === 'response' && e.referral) hop.referredTo = e.referral.zone
        hop.server = server
        if (role !== undefined) hop.role = role
        chain.hops.push(hop)
      } else {
        const rttMs = e.kind === 'response' ? e.rttMs : e.timeoutMs
        const hop: ResolutionHop = { server, zone, outcome: e.kind === 'response' ? e.outcome : 'timeout', frames: [], t: timeOf(e.at - rttMs), rtt_ms: e.kind === 'response' ? e.rttMs : null, ...(role !== undefined ? { role } : {}) }
        chain.hops.push(hop)
      }
    } else if (e.kind === 'cache-hit') {
      const use = cacheUseOf(e, chain)
      const hop: ResolutionHop = {
        server: '(cache)',
        zone: '(cache)',
        outcome: 'cache',
        frames: [],
        t: timeOf(e.at),
        rtt_ms: null,
        ttlLeft: e.ttlLeft,
        ...(e.storedTtl !== undefined ? { storedTtl: e.storedTtl } : {}),
        ...(e.ageMs !== undefined ? { ageMs: e.ageMs } : {}),
        ...(e.cache !== undefined ? { cache: e.cache } : {}),
        ...(e.negative ? { negative: e.negativeKind ?? 'nxdomain' } : {}),
        cached: { name: e.qname, type: e.qtype, use, data: e.records.slice(0, MAX_CACHED_DATA).map((r) => r.data) },
      }
      hop.atMs = e.at
      chain.hops.push(hop)
      // Only an answer from the cache answers the question (its done event says so too); a cached
      // CNAME or a zone's servers are a step on the way.
      if (use === 'answer') {
        if (!e.negative) chain.answers = e.records
        chain.rcode = e.negative && e.negativeKind === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR'
      }
    } else if (e.kind === 'done') {
      chain.rcode = e.rcode
      chain.answers = e.answers
    }
  }
  for (const c of chains) if (c.rcode === null) finalize(c, dns)
  nestNearbyWalks(chains, forQuery, dns)
  // Transactions no journal event claimed (other programs' DNS) still get chains of their own.
  const rest = dns.map((d, i) => ({ d, i })).filter((x) => !used.has(x.i))
  if (rest.length) {
    const extra = inferred(rest.map((x) => x.d))
    const before = chains.length
    for (const c of extra) {
      for (const h of c.hops) if (h.dns !== undefined) h.dns = rest[h.dns]!.i
      if (c.parent !== undefined) c.parent += before
      chains.push(c)
    }
  }
  linkParentHops(chains, dns)
  return chains
}

/** Lab recordings "as in the notes": the journal names the client's question each of the nearby
 * DNS server's resolutions answers (its start event's forQuery). That resolution's hops go into the
 * client's resolution after its stub hop, and the nearby resolution's sub-chains follow them. */
function nestNearbyWalks(chains: ResolutionChain[], forQuery: Map<number, NonNullable<Extract<ResolverEvent, { kind: 'start' }>['forQuery']>>, dns: DnsTx[]): void {
  const moved = new Map<number, number>() // nearby chain → the client's chain it went into
  for (const [ni, q] of forQuery) {
    let target: { ci: number; hi: number } | null = null
    chains.forEach((chain, ci) => {
      if (ci === ni || forQuery.has(ci) || target) return
      chain.hops.forEach((hop, hi) => {
        if (target || hop.dns === undefined) return
        const d = dns[hop.dns]!
        if (d.id === q.id && d.serverIp === q.server.address && d.serverPort === q.server.port && d.clientIp === q.client.address && d.rd) target = { ci, hi }
      })
    })
    if (!target) continue
    const { ci, hi } = target as { ci: number; hi: number }
    const chain = chains[ci]!
    const stub = chain.hops[hi]!
    stub.leg = 'stub'
    chain.walkedBy = dns[stub.dns!]!.server
    // Priming (RFC 8109: the server's `. NS` to a root from its hints, before its first walk) is
    // part of the walk, first, as in a capture taken at any recursive resolver (nestWalk); the
    // addresses of NS names stay sub-chains.
    const priming = chains.flatMap((c, pi) => (c.parent === ni && isPriming(c) ? [pi] : []))
    const walk = [...chains[ni]!.hops, ...priming.flatMap((pi) => chains[pi]!.hops)].sort((a, b) => a.t - b.t).map((hop) => ({ ...hop, leg: 'walk' as const }))
    chain.hops.splice(hi + 1, 0, ...walk)
    moved.set(ni, ci)
    for (const pi of priming) moved.set(pi, ci)
  }
  if (moved.size === 0) return
  // Drop the moved chains; every index that named one now names where it went.
  const kept: number[] = []
  const newIndex = new Map<number, number>()
  chains.forEach((_, i) => {
    if (!moved.has(i)) newIndex.set(i, kept.push(i) - 1)
  })
  for (const [from, to] of moved) newIndex.set(from, newIndex.get(to)!)
  const result = kept.map((i) => chains[i]!)
  for (const chain of result) if (chain.parent !== undefined) chain.parent = newIndex.get(chain.parent)
  chains.length = 0
  chains.push(...result)
  // What the nearby server looked up on the way (the address of a glueless NS name) is its walk too,
  // as in a capture (nestWalk): its hops are 'walk' hops, at any depth of sub-chains.
  const walked = (chain: ResolutionChain, depth = 0): boolean =>
    chain.parent !== undefined && depth < chains.length && (chains[chain.parent]!.walkedBy !== undefined || walked(chains[chain.parent]!, depth + 1))
  for (const chain of chains) if (walked(chain)) for (const hop of chain.hops) hop.leg = 'walk'
}

/** The `. NS` resolution a resolver makes before its first walk (RFC 8109 priming). */
function isPriming(chain: ResolutionChain): boolean {
  return chain.qname === '.' && chain.qtype === 'NS'
}

/** Addresses a chain's answers gave (A/AAAA data), for linking connections. */
function addressesOf(records: DnsRecordView[]): Set<string> {
  return new Set(records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data))
}

/** What a resolution used a cache entry for: the journal says (its `use`); journals written before
 * it did are read by the rule the resolver follows — a CNAME while asking another type is an alias
 * on the way, another zone's NS RRset is where the walk starts, anything else is the answer. */
function cacheUseOf(e: Extract<ResolverEvent, { kind: 'cache-hit' }>, chain: ResolutionChain): CacheHitUse {
  if (e.use !== undefined) return e.use
  if (e.qtype === 'CNAME' && chain.qtype !== 'CNAME') return 'alias'
  if (e.qtype === 'NS' && !(chain.qtype === 'NS' && e.qname === chain.qname)) return 'delegation'
  return 'answer'
}

/** Which resolution gave each connection its server address: the latest one answered (its last
 * hop's time) at or before the connection's first packet; of those answered at the same time, the
 * later resolution. Each connection and the chain are linked both ways. */
export function linkResolutions(chains: ResolutionChain[], connections: { length: number; serverIp(i: number): string; start(i: number): number; setResolution(i: number, r: number): void }): void {
  const resolvedAt = chains.map((r) => {
    const last = r.hops[r.hops.length - 1]
    return last ? last.t : 0
  })
  // Resolutions by the addresses they gave, so each connection looks only at its own address; each
  // address's list in the order of their times (ties: the later resolution last), so the latest one
  // before a connection is found by binary search (a large capture resolves the same few names
  // thousands of times). A time that is no number answers no connection.
  const byAddress = new Map<string, number[]>()
  // Chains with the same answers share one array of them (DnsStore.sharedAnswers): their addresses
  // are read once.
  const addressesOfAnswers = new Map<DnsRecordView[], Set<string>>()
  chains.forEach((r, ri) => {
    if (Number.isNaN(resolvedAt[ri])) return
    let addresses = addressesOfAnswers.get(r.answers)
    if (addresses === undefined) addressesOfAnswers.set(r.answers, (addresses = addressesOf(r.answers)))
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
      linkConnection(chains[best]!, ci)
    }
  }
}

/** Whether `list` is in the order `compare` sorts it into (no pair the wrong way round). */
function inOrder(list: readonly number[], compare: (x: number, y: number) => number): boolean {
  for (let k = 1; k < list.length; k++) if (compare(list[k - 1]!, list[k]!) > 0) return false
  return true
}
