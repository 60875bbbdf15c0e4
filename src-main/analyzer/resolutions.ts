// Resolution chains: the DNS transactions that answer one question, grouped and ordered as the
// notes tell it — root → TLD → … → the authoritative answer — with glueless sub-chains (the
// address of an NS name looked up in the middle) and cache hits from the journal.
//
// With a journal the resolver's own events say which query belonged to which resolution. Without
// one the grouping is inferred: queries from one client for the same name and type, in time
// order; iterative queries (RD=0) chain across servers, and each hop's zone is the zone the
// previous referral pointed to. Responses are classified with the resolver's words (HopOutcome).
//
// Nesting (issue 8 §2, docs/walkthrough-schema.md): a stub query (RD=1) to a server S whose own
// iterative queries the capture holds (a capture taken at a recursive resolver, or a lab recording
// "as in the notes") is one resolution: the stub hop, then S's hops root → … → answer, whatever S
// asked on the way (QNAME-minimised names, priming, CNAME targets) in time order, and the names it
// looked up for glueless delegations as sub-chains under the referral that needed them. When S sent
// nothing upstream between the question and its answer, it answered from its cache: a cache hop
// says so.
//
// The chains are rows of a ResolutionTable (resolution-store.ts) from the start: no object is made
// for a chain or a hop. A chain is its row number; a list of chains (the walkthrough's, a walk's) is
// an array of them, and a chain's parent is a position in the list it ends up in.
import type { CacheHitUse, DnsRecordView, HopOutcome, ResolverEvent } from '../shared/resolver-events.ts'
import { MAX_CACHED_DATA } from '../shared/walkthrough.ts'
import type { DnsTx } from './trackers/dns.ts'
import type { Journal } from './journal.ts'
import { classifyResponse } from '../dns/classify.ts'
import { canonicalName } from '../dns/names.ts'
import { orderByTime } from './frame-sort.ts'
import { dnsServerRole, isZoneTransfer } from '../shared/dns-roles.ts'
import { ResolutionTable } from './resolution-store.ts'

const lower = (s: string) => s.toLowerCase()

/** No hop (ResolutionTable's first, last, next and prev). */
const NO_HOP = -1

/** The chains built: rows of `table`, and the walkthrough's list of them in its order. */
export interface BuiltResolutions {
  table: ResolutionTable
  chains: number[]
}

/** Is `zone` the name itself or one of its ancestors ("." is everyone's)? */
export function isAncestorOrSelf(zone: string, name: string): boolean {
  const z = lower(zone)
  const n = lower(name)
  return z === '.' || n === z || n.endsWith(`.${z}`)
}

export function parentZone(zone: string): string {
  const i = zone.indexOf('.')
  if (zone === '.' || i < 0 || i === zone.length - 1) return '.'
  return zone.slice(i + 1)
}

/** Classifies a response with the resolver's own classifier (src-main/dns/classify.ts), asked as
 * `zone` ("." when nothing says which zone the server was asked as: every name is then in its
 * bailiwick, and only what the response itself shows decides). A query without a response in the
 * capture is a timeout. */
export function classify(d: DnsTx, zone = '.'): HopOutcome {
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

/** A hop of transaction `index` asked as `zone` (its frames: the query's, then the response's). */
function hopOf(table: ResolutionTable, d: DnsTx, index: number, zone: string): number {
  const outcome = d.outcome ?? classify(d)
  const hop = table.addTxHop(serverText(d), zone, outcome, index, d.query_frame, d.response_frame, d.queryT >= 0 ? d.queryT : d.responseT, d.rtt_ms)
  if (outcome === 'referral') {
    const z = referralZone(d)
    if (z) table.setHopText(hop, 'referredTo', z)
  }
  return hop
}

/** The zone a server answered for, when nothing before it in the chain says so: '(unknown)' when
 * it did not answer (a question alone names no zone: a server asked for picslife.ru. may be its own
 * zone's, not the ru. servers, and the role named from the zone would say "TLD"). A zone transfer
 * names its zone (only the zone's own servers send one, whatever RD says). RD=1 is what the client
 * asked for, not what the server is: a response with RA=0 says it does not recurse (an
 * authoritative server asked by `dig @server`), and then only its authority section may name a
 * zone. Exported for the plain rule the store is checked against (test/support). */
export function guessZone(d: DnsTx, outcome: HopOutcome): string {
  if (isZoneTransfer(d.qtype)) return canonicalName(d.qname)
  if (d.rd) return d.response_frame === null || d.ra ? '(recursive)' : (authoritativeZone(d) ?? '(unknown)')
  if (d.response_frame === null) return '(unknown)'
  if (outcome === 'referral') return parentZone(referralZone(d) ?? d.qname)
  const soa = d.authority.find((r) => r.type === 'SOA' || r.type === 'NS')
  if (soa) return soa.name
  return parentZone(d.qname)
}

/** The zone a server that does not recurse answered for as its server (AA), as the authority
 * section names it: the zone's NS beside an answer, the SOA of a negative answer. Nothing without
 * AA (a referral's NS records name the zone below, not the server's). */
function authoritativeZone(d: DnsTx): string | undefined {
  if (!d.aa) return undefined
  const named = d.authority.find((r) => r.type === 'SOA' || (r.type === 'NS' && d.answers.length > 0))
  return named?.name
}

function finalize(table: ResolutionTable, chain: number, dns: DnsTx[]): void {
  // The last hop whose transaction has a response.
  for (let h = table.last(chain); h !== NO_HOP; h = table.prev(h)) {
    const last = table.dns(h)
    if (last === undefined || dns[last]!.response_frame === null) continue
    const tx = dns[last]!
    table.setRcode(chain, tx.rcode)
    table.setAnswers(chain, tx.keptAnswers)
    return
  }
}

/** `firstEpoch`: epoch seconds of frame 1, to place journal events that have no frame (cache hits)
 * at their moment on the timeline. */
export function buildResolutions(dns: DnsTx[], journal: Journal | null, firstEpoch = 0): BuiltResolutions {
  // About a row of each per transaction: most chains of a large capture have one hop.
  const table = new ResolutionTable(dns.length)
  classifyAll(dns)
  const chains = journal && journal.resolverEvents.some((e) => e.kind === 'start') ? fromJournal(table, dns, journal, firstEpoch) : inferred(table, dns)
  return { table, chains }
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

function inferred(table: ResolutionTable, dns: DnsTx[]): number[] {
  const walks = assignWalks(dns)
  const claimed = new Set<number>()
  for (const list of walks.values()) for (const i of list) claimed.add(i)
  const chains = chainsOf(table, dns, dns.map((_, i) => i).filter((i) => !claimed.has(i)))
  linkGlueless(table, chains, dns)
  const walkers = new Set(dns.filter((d) => !d.rd && d.queryT >= 0).map((d) => d.clientIp))
  // What each walking server has learned so far: the zone each server it asks serves.
  const learned = new Map<string, Map<string, string>>()
  const count = chains.length
  for (let ci = 0; ci < count; ci++) {
    const chain = chains[ci]!
    // From the last hop back; what is put after a hop is not visited.
    for (let hop = table.last(chain), before = NO_HOP; hop !== NO_HOP; hop = before) {
      before = table.prev(hop)
      const di = table.dns(hop)
      if (di === undefined || !dns[di]!.rd) continue
      const d = dns[di]!
      // A server this capture shows walking for someone is the client's nearby DNS server.
      if (!walkers.has(d.serverIp)) continue
      table.setHopText(hop, 'role', 'nearby')
      table.setHopText(hop, 'leg', 'stub')
      table.setWalkedBy(chain, d.server)
      const list = walks.get(di)
      let zones = learned.get(d.serverIp)
      if (!zones) learned.set(d.serverIp, (zones = new Map()))
      if (list && list.length > 0) nestWalk(table, chains, ci, hop, chainsOf(table, dns, list), dns, zones)
      else if (d.response_frame !== null && (d.rcode === 'NOERROR' || d.rcode === 'NXDOMAIN') && !d.aa) {
        // Nothing upstream between the question and the answer: S answered from its cache. Not
        // when the answer has AA: S holds that zone itself (a locally served zone, such as the
        // reverse zones of private addresses, RFC 6303) and answered as its registered server.
        const ttl = d.answers[0]?.ttl ?? d.authority.find((r) => r.type === 'SOA')?.ttl
        const cacheHop = table.addPacketlessHop(table.server(hop), '(cache)', 'cache', d.responseT, null)
        table.setHopText(cacheHop, 'cache', 'nearby')
        table.setHopText(cacheHop, 'role', 'nearby')
        table.setHopText(cacheHop, 'leg', 'walk')
        if (ttl !== undefined) table.setHopRare(cacheHop, 'ttlLeft', ttl)
        if (d.rcode === 'NXDOMAIN') table.setHopText(cacheHop, 'negative', 'nxdomain')
        else if (d.answers.length === 0) table.setHopText(cacheHop, 'negative', 'nodata')
        table.insertAfter(chain, hop, [cacheHop])
      }
    }
  }
  linkParentHops(table, chains, dns)
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
function nestWalk(table: ResolutionTable, chains: number[], ci: number, stubHop: number, walk: number[], dns: DnsTx[], zoneByIp: Map<string, string>): void {
  linkGlueless(table, walk, dns)
  const chain = chains[ci]!
  const wanted = [lower(table.qname(chain))]
  const main: number[] = []
  const startOf = (w: number) => {
    const first = table.first(w)
    return first === NO_HOP ? 0 : table.t(first)
  }
  const order = walk.map((_, i) => i).sort((a, b) => startOf(walk[a]!) - startOf(walk[b]!))
  for (const wi of order) {
    const w = walk[wi]!
    if (table.parent(w) !== undefined || !wanted.some((name) => isAncestorOrSelf(table.qname(w), name))) continue
    main.push(wi)
    for (let hop = table.first(w); hop !== NO_HOP; hop = table.next(hop)) {
      const di = table.dns(hop)
      if (table.outcome(hop) !== 'cname' || di === undefined) continue
      for (const r of dns[di]!.answers) if (r.type === 'CNAME') wanted.push(lower(r.data))
    }
  }
  const byTime = (a: number, b: number) => table.t(a) - table.t(b)
  const hops = main.flatMap((wi) => table.hops(walk[wi]!)).sort(byTime)
  const inMain = new Set(hops)
  const everything = walk.flatMap((w) => table.hops(w)).sort(byTime)
  for (const hop of everything) {
    const d = dns[table.dns(hop)!]!
    const known = zoneByIp.get(d.serverIp)
    if (known !== undefined && known !== table.zone(hop)) {
      table.setHopText(hop, 'zone', known)
      table.setHopText(hop, 'outcome', d.setOutcome(classify(d, known)))
    }
    table.setHopText(hop, 'leg', 'walk')
    if (inMain.has(hop) || !table.role(hop)) table.setHopText(hop, 'role', dnsServerRole({ zone: table.zone(hop) }).role)
    learnZones(table, d, hop, zoneByIp)
  }
  // The walk's own chains are not kept: their hops go into the nested chain.
  table.insertAfter(chain, stubHop, hops)
  // The rest are sub-chains: of the nested chain, or of another sub-chain.
  const newIndex = new Map<number, number>()
  walk.forEach((w, wi) => {
    if (!main.includes(wi)) newIndex.set(wi, chains.push(w) - 1)
  })
  walk.forEach((w, wi) => {
    if (main.includes(wi)) return
    const p = table.parent(w)
    const parent = p === undefined ? undefined : newIndex.get(p)
    table.setParent(w, parent ?? ci)
  })
}

/** What a walking server learns from one response about the servers it may ask next: the zone of a
 * referral's NS names and their glue, the zone of an authoritative NS answer (priming: ". NS"), its
 * server and the names it lists, and the address of such a name when it is looked up. Names are
 * kept under "ns:" beside the addresses. */
function learnZones(table: ResolutionTable, d: DnsTx, hop: number, zones: Map<string, string>): void {
  const tx = d
  const glue = (zone: string, names: Set<string>): void => {
    for (const name of names) zones.set(`ns:${name}`, zone)
    for (const r of tx.additional) if ((r.type === 'A' || r.type === 'AAAA') && names.has(lower(r.name))) zones.set(r.data, zone)
  }
  const outcome = table.outcome(hop)
  const referredTo = table.referredTo(hop)
  if (outcome === 'referral' && referredTo) glue(referredTo, new Set(tx.authority.filter((r) => r.type === 'NS').map((r) => lower(r.data))))
  if (outcome === 'answer' && tx.qtype === 'NS' && tx.aa) {
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
function linkParentHops(table: ResolutionTable, chains: number[], dns: DnsTx[]): void {
  for (const chain of chains) {
    const p = table.parent(chain)
    if (p === undefined) continue
    const parent = chains[p]
    const first = table.first(chain)
    if (parent === undefined || first === NO_HOP) continue
    const firstT = table.t(first)
    const qname = lower(table.qname(chain))
    let best = -1
    for (let hop = table.first(parent), hi = 0; hop !== NO_HOP; hop = table.next(hop), hi++) {
      const di = table.dns(hop)
      if (table.outcome(hop) !== 'referral' || di === undefined || table.t(hop) > firstT) continue
      if (dns[di]!.authority.some((r) => r.type === 'NS' && lower(r.data) === qname)) best = hi
    }
    if (best >= 0) table.setParentHop(chain, best)
  }
}

/** Chains of the transactions `indexes` (hop.dns stays an index into `dns`). */
function chainsOf(table: ResolutionTable, dns: DnsTx[], indexes: number[]): number[] {
  // In the order they start, each one's start read once from the store; transactions starting
  // together keep their order (frame-sort.ts).
  const starts = new Float64Array(indexes.length)
  for (let k = 0; k < indexes.length; k++) starts[k] = start(dns[indexes[k]!]!)
  const chains: number[] = []
  // The chain open for each client (by its address's number) and question (name without regard to
  // case, type, RD: DnsTx.questionKey), as its position in `chains`: numbers, no text or object
  // made per transaction. Each chain's last time and whether it is done, by its position.
  const open = new Map<number, Map<number, number>>()
  const lastTOf = new Float64Array(indexes.length)
  const doneOf = new Uint8Array(indexes.length)
  for (const k of orderByTime(starts)) {
    const i = indexes[k]!
    const d = dns[i]!
    const qname = d.qname
    if (!qname) continue
    let byQuestion = open.get(d.clientAddress)
    if (byQuestion === undefined) open.set(d.clientAddress, (byQuestion = new Map()))
    const key = d.questionKey
    const t = starts[k]!
    const cur = byQuestion.get(key)
    const chain = cur !== undefined && !doneOf[cur] && t - lastTOf[cur]! < 30 ? chains[cur]! : undefined
    const prev = chain === undefined ? NO_HOP : table.last(chain)
    const prevOutcome = prev === NO_HOP ? undefined : table.outcome(prev)
    const retried = prev === NO_HOP ? undefined : table.dns(prev)
    // The same question asked again of the same server after a truncated response (TC: the retry
    // over TCP) is asked as the zone it was before, not as the zone its truncated referral named.
    const tcRetry = retried !== undefined && dns[retried]!.tc && dns[retried]!.serverIp === d.serverIp
    const referredTo = prevOutcome === 'referral' && !tcRetry ? table.referredTo(prev) : undefined
    // The previous referral (or the truncated try) says which zone this server was asked as:
    // classify again with it (bailiwick, upward referrals), as the resolver did when it asked.
    const askedAs = tcRetry && !table.zone(prev).startsWith('(') ? table.zone(prev) : referredTo
    const outcome = askedAs !== undefined && !d.rd ? d.setOutcome(classify(d, askedAs)) : d.outcome!
    const zone = askedAs ?? (prev !== NO_HOP && (prevOutcome !== 'referral' || tcRetry) && !d.rd ? table.zone(prev) : guessZone(d, outcome))
    const hop = hopOf(table, d, i, zone)
    let chainIndex: number
    if (chain !== undefined) {
      table.append(chain, hop)
      chainIndex = cur!
    } else {
      const made = table.addChain(qname, d.qtype, d.rd ? 'stub' : 'iterative')
      table.append(made, hop)
      chainIndex = chains.push(made) - 1
    }
    doneOf[chainIndex] = outcome === 'answer' || outcome === 'nxdomain' || outcome === 'nodata' || outcome === 'cname' ? 1 : 0
    const responseT = d.responseT
    lastTOf[chainIndex] = responseT >= 0 ? responseT : t
    if (cur !== chainIndex) byQuestion.set(key, chainIndex)
  }
  for (const c of chains) finalize(table, c, dns)
  return chains
}

function start(d: DnsTx): number {
  return d.queryT >= 0 ? d.queryT : d.responseT
}

/** A chain for an NS name that a referral gave without glue, started after that referral by the
 * same client, is that referral's sub-resolution (the latest such referral wins). Indexed by
 * client and NS name so a capture with many thousands of chains stays linear. */
function linkGlueless(table: ResolutionTable, chains: number[], dns: DnsTx[]): void {
  // By NS name (lowercase), then by client: each chain looks its name up as the name it has (no text
  // made for it; most chains of a large capture name no such NS), its client only when one does.
  const referrals = new Map<string, Map<string, { chain: number; t: number }[]>>()
  chains.forEach((other, oi) => {
    for (let hop = table.first(other); hop !== NO_HOP; hop = table.next(hop)) {
      const di = table.dns(hop)
      if (table.outcome(hop) !== 'referral' || di === undefined) continue
      const d = dns[di]!
      const glued = new Set(d.additional.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => lower(r.name)))
      for (const r of d.authority) {
        if (r.type !== 'NS' || glued.has(lower(r.data))) continue
        const name = lower(r.data)
        let byClient = referrals.get(name)
        if (byClient === undefined) referrals.set(name, (byClient = new Map()))
        const list = byClient.get(d.clientIp)
        if (list) list.push({ chain: oi, t: table.t(hop) })
        else byClient.set(d.clientIp, [{ chain: oi, t: table.t(hop) }])
      }
    }
  })
  if (referrals.size === 0) return
  chains.forEach((chain, ci) => {
    const first = table.first(chain)
    const fd = first === NO_HOP ? undefined : table.dns(first)
    if (fd === undefined) return
    const list = referrals.get(lower(table.qname(chain)))?.get(dns[fd]!.clientIp)
    if (!list) return
    const firstT = table.t(first)
    let best = -1
    let bestT = -Infinity
    for (const r of list) {
      if (r.chain !== ci && r.t <= firstT && r.t > bestT) {
        best = r.chain
        bestT = r.t
      }
    }
    if (best >= 0) table.setParent(chain, best)
  })
}

function fromJournal(table: ResolutionTable, dns: DnsTx[], journal: Journal, firstEpoch: number): number[] {
  // Seconds since frame 1 of a journal event (its `at` is epoch milliseconds); never before frame 1.
  const timeOf = (atMs: number): number => (firstEpoch > 0 ? Math.max(0, atMs / 1000 - firstEpoch) : 0)
  const chains: number[] = []
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
      const made = table.addChain(e.qname, e.qtype, e.mode)
      const idx = chains.push(made) - 1
      byId.set(e.resolutionId, idx)
      if (e.resolver === 'nearby' && e.forQuery) forQuery.set(idx, e.forQuery)
      if (e.parentResolutionId && byId.has(e.parentResolutionId)) table.setParent(made, byId.get(e.parentResolutionId)!)
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
        const hop = hopOf(table, dns[di]!, di, zone)
        if (e.kind === 'response') table.setHopText(hop, 'outcome', e.outcome)
        if (e.kind === 'response' && e.referral) table.setHopText(hop, 'referredTo', e.referral.zone)
        table.setHopText(hop, 'server', server)
        if (role !== undefined) table.setHopText(hop, 'role', role)
        table.append(chain, hop)
      } else {
        const rttMs = e.kind === 'response' ? e.rttMs : e.timeoutMs
        const hop = table.addPacketlessHop(server, zone, e.kind === 'response' ? e.outcome : 'timeout', timeOf(e.at - rttMs), e.kind === 'response' ? e.rttMs : null)
        if (role !== undefined) table.setHopText(hop, 'role', role)
        table.append(chain, hop)
      }
    } else if (e.kind === 'cache-hit') {
      const use = cacheUseOf(e, table.qname(chain), table.qtype(chain))
      const hop = table.addPacketlessHop('(cache)', '(cache)', 'cache', timeOf(e.at), null)
      table.setHopRare(hop, 'ttlLeft', e.ttlLeft)
      if (e.storedTtl !== undefined) table.setHopRare(hop, 'storedTtl', e.storedTtl)
      if (e.ageMs !== undefined) table.setHopRare(hop, 'ageMs', e.ageMs)
      if (e.cache !== undefined) table.setHopText(hop, 'cache', e.cache)
      if (e.negative) table.setHopText(hop, 'negative', e.negativeKind ?? 'nxdomain')
      table.setHopRare(hop, 'cached', { name: e.qname, type: e.qtype, use, data: e.records.slice(0, MAX_CACHED_DATA).map((r) => r.data) })
      table.setHopRare(hop, 'atMs', e.at)
      table.append(chain, hop)
      // Only an answer from the cache answers the question (its done event says so too); a cached
      // CNAME or a zone's servers are a step on the way.
      if (use === 'answer') {
        if (!e.negative) table.setAnswers(chain, e.records)
        table.setRcode(chain, e.negative && e.negativeKind === 'nxdomain' ? 'NXDOMAIN' : 'NOERROR')
      }
    } else if (e.kind === 'done') {
      table.setRcode(chain, e.rcode)
      table.setAnswers(chain, e.answers)
    }
  }
  for (const c of chains) if (table.rcode(c) === null) finalize(table, c, dns)
  nestNearbyWalks(table, chains, forQuery, dns)
  // Transactions no journal event claimed (other programs' DNS) still get chains of their own.
  const rest = dns.map((d, i) => ({ d, i })).filter((x) => !used.has(x.i))
  if (rest.length) {
    const extra = inferred(table, rest.map((x) => x.d))
    // An inferred chain's parent is its place among `extra`; the journal's chains come first.
    const before = chains.length
    for (const c of extra) {
      for (let h = table.first(c); h !== NO_HOP; h = table.next(h)) {
        const di = table.dns(h)
        if (di !== undefined) table.setDns(h, rest[di]!.i)
      }
      const p = table.parent(c)
      if (p !== undefined) table.setParent(c, p + before)
      chains.push(c)
    }
  }
  linkParentHops(table, chains, dns)
  return chains
}

/** Lab recordings "as in the notes": the journal names the client's question each of the nearby
 * DNS server's resolutions answers (its start event's forQuery). That resolution's hops go into the
 * client's resolution after its stub hop, and the nearby resolution's sub-chains follow them. */
function nestNearbyWalks(table: ResolutionTable, chains: number[], forQuery: Map<number, NonNullable<Extract<ResolverEvent, { kind: 'start' }>['forQuery']>>, dns: DnsTx[]): void {
  const moved = new Map<number, number>() // nearby chain → the client's chain it went into
  for (const [ni, q] of forQuery) {
    let target: { ci: number; stub: number } | null = null
    for (let ci = 0; ci < chains.length && !target; ci++) {
      if (ci === ni || forQuery.has(ci)) continue
      for (let hop = table.first(chains[ci]!); hop !== NO_HOP; hop = table.next(hop)) {
        const di = table.dns(hop)
        if (di === undefined) continue
        const d = dns[di]!
        if (d.id === q.id && d.serverIp === q.server.address && d.serverPort === q.server.port && d.clientIp === q.client.address && d.rd) {
          target = { ci, stub: hop }
          break
        }
      }
    }
    if (!target) continue
    const { ci, stub } = target
    const chain = chains[ci]!
    table.setHopText(stub, 'leg', 'stub')
    table.setWalkedBy(chain, dns[table.dns(stub)!]!.server)
    // Priming (RFC 8109: the server's `. NS` to a root from its hints, before its first walk) is
    // part of the walk, first, as in a capture taken at any recursive resolver (nestWalk); the
    // addresses of NS names stay sub-chains.
    const priming = chains.flatMap((c, pi) => (table.parent(c) === ni && isPriming(table, c) ? [pi] : []))
    // Copies of the hops (the chains they are in are dropped below), each a 'walk' hop.
    const walk = [...table.hops(chains[ni]!), ...priming.flatMap((pi) => table.hops(chains[pi]!))]
      .sort((a, b) => table.t(a) - table.t(b))
      .map((hop) => {
        const copy = table.copyHop(hop)
        table.setHopText(copy, 'leg', 'walk')
        return copy
      })
    table.insertAfter(chain, stub, walk)
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
  for (const chain of result) {
    const p = table.parent(chain)
    if (p !== undefined) table.setParent(chain, newIndex.get(p))
  }
  chains.length = 0
  chains.push(...result)
  // What the nearby server looked up on the way (the address of a glueless NS name) is its walk too,
  // as in a capture (nestWalk): its hops are 'walk' hops, at any depth of sub-chains.
  const walked = (chain: number, depth = 0): boolean => {
    const p = table.parent(chain)
    return p !== undefined && depth < chains.length && (table.walkedBy(chains[p]!) !== undefined || walked(chains[p]!, depth + 1))
  }
  for (const chain of chains) if (walked(chain)) for (let hop = table.first(chain); hop !== NO_HOP; hop = table.next(hop)) table.setHopText(hop, 'leg', 'walk')
}

/** The `. NS` resolution a resolver makes before its first walk (RFC 8109 priming). */
function isPriming(table: ResolutionTable, chain: number): boolean {
  return table.qname(chain) === '.' && table.qtype(chain) === 'NS'
}

/** Addresses a chain's answers gave (A/AAAA data), for linking connections. */
export function addressesOf(records: DnsRecordView[]): Set<string> {
  return new Set(records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data))
}

/** What a resolution used a cache entry for: the journal says (its `use`); journals written before
 * it did are read by the rule the resolver follows — a CNAME while asking another type is an alias
 * on the way, another zone's NS RRset is where the walk starts, anything else is the answer. */
function cacheUseOf(e: Extract<ResolverEvent, { kind: 'cache-hit' }>, qname: string, qtype: string): CacheHitUse {
  if (e.use !== undefined) return e.use
  if (e.qtype === 'CNAME' && qtype !== 'CNAME') return 'alias'
  if (e.qtype === 'NS' && !(qtype === 'NS' && e.qname === qname)) return 'delegation'
  return 'answer'
}
