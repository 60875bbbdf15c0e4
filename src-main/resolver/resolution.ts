// One resolution (a name and a type) as an explicit state machine: the states are documented in
// states.ts, `step()` dispatches to one handler per state, and `run()` is the driver loop. Nested
// resolutions (the address of a glueless NS name) are Resolutions too, sharing their parent's
// trace (events, hops, query budget and deadline).
import { randomInt } from 'node:crypto'
import { isIPv6 } from 'node:net'
import type { CacheHitUse, DnsRecordView, DnsResolverRole, DnsServerRef, DnsTransport, HopOutcome, ResolverEvent } from '../shared/resolver-events.ts'
import { dnsLegLabel, dnsServerRole } from '../shared/dns-roles.ts'
import type { SocketTap } from '../sockets/tap.ts'
import { encodeQuery, type DnsMessage } from '../dns/message.ts'
import { selfAndAncestors } from '../dns/names.ts'
import { ANY_TYPE, type CacheHit, type CacheTrust, type DnsCache } from './cache.ts'
import { classifyResponse, type Classification } from '../dns/classify.ts'
import { delegationTo, newSlot, pickServer, primingGlue, serverText, type Delegation, type ServerSlot } from './delegation.ts'
import { ResolutionError, type ResolverCode } from './errors.ts'
import { LAME_MEMORY_SECONDS, TIMEOUT_MEMORY_SECONDS, type ServerMemory } from './server-memory.ts'
import { ResolverState } from './states.ts'
import { exchangeTcp } from './tcp.ts'
import { Trace, type NewEvent } from './trace.ts'
import type { RouteCheck } from './routes.ts'
import { isNoRouteError, type ExchangeOutcome } from './transport.ts'
import type { ResolutionHop, ResolutionResult, ResolverLimits, ResolverMode } from './types.ts'
import { exchangeUdp } from './udp.ts'

/** What every resolution of one Resolver shares. */
export interface ResolverContext {
  mode: ResolverMode
  /** Root servers in the order to ask them (iterative mode): the hints, or the given roots. */
  rootServers(): DnsServerRef[]
  /** Where the root servers come from, for people ("the root hints (IANA's named.root (built in))"). */
  rootSource: string
  /** RFC 8109 priming before the first walk (see states.ts `prime`). */
  priming: boolean
  /** The priming resolution under way, which concurrent resolutions wait for instead of priming too. */
  primingInFlight: Promise<unknown> | null
  /** The recursive server (stub mode). */
  stubServer(): DnsServerRef
  endpointFor(address: string): { address: string; port: number }
  tap: SocketTap
  cache: DnsCache
  memory: ServerMemory
  limits: ResolverLimits
  timeoutMs: number
  ipv6: boolean | 'auto'
  /** Whether an address can be reached from here at all (IPv6 servers in 'auto' mode). */
  routes: RouteCheck
  onEvent: ((event: ResolverEvent) => void) | undefined
  /** Who asks (events, leg names, whose cache). */
  role: DnsResolverRole
  /** Where queries are sent from (a DNS server's own address), when not the OS's choice. */
  localAddress?: string
}

/** What a caller says about one resolution. */
export interface ResolveContext {
  /** The client's question a DNS server resolves this for (the nearby server's stub leg). */
  forQuery?: Extract<ResolverEvent, { kind: 'start' }>['forQuery']
}

let resolutionCounter = 0

function endpointText(server: DnsServerRef): string {
  return `${server.address.includes(':') ? `[${server.address}]` : server.address}:${server.port}`
}
/** Servers named in a failure message (the rest are counted). */
const MAX_SERVERS_LISTED = 4
/** Below this much time left before the deadline, no new query is sent. */
const MIN_QUERY_WINDOW_MS = 20

export class Resolution {
  readonly id: string
  private state: ResolverState = ResolverState.init
  /** The name being resolved now: the question's name, or the target of the last CNAME. */
  private name: string
  private readonly visited: Set<string>
  private readonly chain: DnsRecordView[] = []
  private cnames = 0
  private referrals = 0
  private delegation: Delegation | null = null
  /** Priming was done (or waited for) once in this resolution: if the cache still has no root
   * servers (an unusable priming answer), walk from the hints instead of priming again. */
  private primed = false
  private current: ServerSlot | null = null
  private transport: DnsTransport = 'udp'
  /** The query in flight carried an OPT record (EDNS0). */
  private sentEdns = false
  private queryId = 0
  private response: { message: DnsMessage; rttMs: number } | null = null
  private retryReason: string | null = null
  // The outcome, set by the handler that reaches `finished`.
  private final: DnsRecordView[] = []
  private rcode = 'NOERROR'
  private authority: DnsRecordView[] = []
  private nodata = false
  private source: ResolutionResult['source'] = 'authoritative'

  constructor(
    private readonly ctx: ResolverContext,
    private readonly trace: Trace,
    private readonly qname: string,
    private readonly qtype: string,
    private readonly depth: number,
    private readonly parent: Resolution | null,
    private readonly purpose?: string,
    private readonly context: ResolveContext = {},
    /** This is the `. NS` priming resolution itself: it starts from the hints, never primes. */
    private readonly isPriming = false,
  ) {
    resolutionCounter += 1
    this.id = `res-${resolutionCounter}`
    this.name = qname
    this.visited = new Set([qname])
  }

  static start(ctx: ResolverContext, qname: string, qtype: string, context: ResolveContext = {}): Promise<ResolutionResult> {
    return new Resolution(ctx, new Trace(ctx.limits.resolutionMs, ctx.onEvent), qname, qtype, 0, null, undefined, context).run()
  }

  /** The driver loop: one handler per state until `finished`; failures end it with a reason. */
  async run(): Promise<ResolutionResult> {
    this.emit({
      kind: 'start',
      qname: this.qname,
      qtype: this.qtype,
      mode: this.ctx.mode,
      resolver: this.ctx.role,
      ...(this.context.forQuery ? { forQuery: this.context.forQuery } : {}),
      ...(this.parent ? { parentResolutionId: this.parent.id } : {}),
      ...(this.purpose ? { purpose: this.purpose } : {}),
    })
    try {
      while (this.state !== ResolverState.finished) {
        if (performance.now() > this.trace.deadline) {
          this.fail('DNS_DEADLINE', `resolving ${this.qname} ${this.qtype} took longer than ${this.ctx.limits.resolutionMs} ms`, 'resolutionMs')
        }
        this.state = await this.step()
      }
    } catch (error) {
      const failure =
        error instanceof ResolutionError
          ? error
          : new ResolutionError('DNS_SERVFAIL', `internal error resolving ${this.qname}: ${(error as Error).message}`)
      const partial = { ...this.result(), rcode: 'SERVFAIL' }
      this.emit({ kind: 'done', qname: this.qname, qtype: this.qtype, rcode: 'SERVFAIL', answers: [], source: this.source, error: { code: failure.code, message: failure.message } })
      throw new ResolutionError(failure.code, failure.message, failure.details, partial)
    }
    const result = this.result()
    this.emit({ kind: 'done', qname: this.qname, qtype: this.qtype, rcode: this.rcode, answers: result.answers, source: this.source })
    return result
  }

  private step(): ResolverState | Promise<ResolverState> {
    switch (this.state) {
      case ResolverState.init:
        return this.init()
      case ResolverState.prime:
        return this.prime()
      case ResolverState.queryTargets:
        return this.queryTargets()
      case ResolverState.resolveTarget:
        return this.resolveTarget()
      case ResolverState.sendQuery:
        return this.sendQuery()
      case ResolverState.classify:
        return this.classify()
      case ResolverState.finished:
        return ResolverState.finished
    }
  }

  // ── init: the cache first, then where to start asking ─────────────────────────────────────

  private init(): ResolverState {
    const { cache } = this.ctx
    const minTrust: CacheTrust = this.ctx.mode === 'stub' ? 'recursive' : 'answer'
    for (;;) {
      const hit = cache.getAnswer(this.name, this.qtype, minTrust)
      if (hit !== undefined) {
        const negative = hit.entry.negative
        this.cacheHit(hit, this.name, this.qtype, 'answer', negative)
        this.source = 'cache'
        if (negative === 'nodata') {
          this.nodata = true
          this.authority = hit.records
        } else this.final = hit.records
        return ResolverState.finished
      }
      const nx = cache.getAnswer(this.name, ANY_TYPE, minTrust)
      if (nx !== undefined) {
        this.cacheHit(nx, this.name, this.qtype, 'answer', 'nxdomain')
        this.source = 'cache'
        this.rcode = 'NXDOMAIN'
        this.authority = nx.records
        return ResolverState.finished
      }
      const cname = this.qtype === 'CNAME' ? undefined : cache.getAnswer(this.name, 'CNAME', minTrust)
      if (cname === undefined || cname.entry.negative !== null || cname.records[0] === undefined) break
      this.cacheHit(cname, this.name, 'CNAME', 'alias', null)
      this.chain.push(cname.records[0])
      this.restartAt(cname.records[0].data)
    }
    if (this.ctx.mode === 'stub') {
      this.delegation = this.stubDelegation()
      return ResolverState.queryTargets
    }
    const cached = this.cachedDelegation()
    if (cached === null && this.ctx.priming && !this.isPriming && !this.primed) return ResolverState.prime
    this.delegation = cached ?? this.rootDelegation()
    return ResolverState.queryTargets
  }

  // ── prime: learn the root servers from a hinted root (RFC 8109) ───────────────────────────

  private async prime(): Promise<ResolverState> {
    this.primed = true
    const inFlight = this.ctx.primingInFlight
    if (inFlight !== null) {
      // Another resolution is priming: wait for it and use what it cached (its failure is its own;
      // this one then walks from the hints).
      await inFlight.catch(() => undefined)
      return ResolverState.init
    }
    const purpose = `priming (RFC 8109): the current list of root servers, asked of a root server from ${this.ctx.rootSource}`
    const sub = new Resolution(this.ctx, this.trace, '.', 'NS', this.depth + 1, this, purpose, {}, true)
    const running = sub.run()
    this.ctx.primingInFlight = running
    try {
      await running
    } finally {
      this.ctx.primingInFlight = null
    }
    return ResolverState.init
  }

  private stubDelegation(): Delegation {
    const server = this.ctx.stubServer()
    return { zone: '.', slots: [newSlot({ ...server, role: server.role ?? 'recursive' })], glueless: [], unresolvable: [] }
  }

  private rootDelegation(): Delegation {
    return { zone: '.', slots: this.ctx.rootServers().map((server) => newSlot({ ...server, role: 'root' })), glueless: [], unresolvable: [] }
  }

  /** The closest enclosing zone whose NS RRset (and at least one server address) is cached; the
   * root's too once priming has cached it (never for the priming resolution itself). */
  private cachedDelegation(): Delegation | null {
    for (const zone of selfAndAncestors(this.name)) {
      if (zone === '.' && (!this.ctx.priming || this.isPriming)) return null
      const ns = this.ctx.cache.get(zone, 'NS')
      if (ns === undefined || ns.entry.negative !== null) continue
      const delegation = delegationTo(this.ctx, zone, ns.records.map((r) => ({ name: r.data, addresses: [] })))
      if (delegation.slots.length === 0) continue
      this.cacheHit(ns, zone, 'NS', 'delegation', null, `delegation to ${zone} from cache`)
      return delegation
    }
    return null
  }

  // ── queryTargets: whom to ask next ────────────────────────────────────────────────────────

  private queryTargets(): ResolverState {
    const d = this.delegation!
    const usable = d.slots.filter((s) => s.done === null && s.tries < this.ctx.limits.triesPerServer)
    let pick = pickServer(usable.filter((s) => s.tries === 0), d.zone, this.ctx.memory)
    if (pick === undefined && d.glueless.length > 0) return ResolverState.resolveTarget
    pick ??= pickServer(usable, d.zone, this.ctx.memory)
    if (pick === undefined) return this.failZone(d)
    if (this.retryReason !== null) {
      this.emit({ kind: 'retry', server: pick.ref, zone: d.zone, reason: this.retryReason })
      this.retryReason = null
    }
    this.current = pick
    this.transport = 'udp'
    return ResolverState.sendQuery
  }

  private failZone(d: Delegation): never {
    const tried = d.slots.filter((s) => s.tries > 0)
    const list = (slots: ServerSlot[]): string => {
      const shown = slots.slice(0, MAX_SERVERS_LISTED).map((s) => `${serverText(s.ref)}: ${s.lastProblem ?? 'not asked'}`)
      if (slots.length > MAX_SERVERS_LISTED) shown.push(`and ${slots.length - MAX_SERVERS_LISTED} more`)
      return shown.join('; ')
    }
    if (tried.length > 0 && tried.every((s) => isNoRouteError(s.lastErrno))) {
      // Nothing was delivered anywhere: the network (or every family these servers have) is not
      // reachable from this computer — Wi-Fi off, no route, a firewall. Say that, not "timeout".
      return this.fail('DNS_UNREACHABLE', unreachableMessage(this.ctx.mode === 'stub' ? null : zoneText(d.zone), this.question(), tried), undefined, serversOf(tried))
    }
    if (tried.length === 0) {
      const depthOnly = d.unresolvable.length > 0 && d.unresolvable.every((u) => u.code === 'DNS_DEPTH_LIMIT')
      const why = d.unresolvable.map((u) => `${u.name} (${u.reason})`).join('; ')
      return this.fail(depthOnly ? 'DNS_DEPTH_LIMIT' : 'DNS_NO_SERVERS', `no address for any name server of ${d.zone}${why ? `: ${why}` : ''}`, depthOnly ? 'depth' : undefined)
    }
    if (tried.every((s) => s.done === null)) {
      return this.fail('DNS_TIMEOUT', `no server of ${d.zone} answered ${this.question()} within ${this.ctx.timeoutMs} ms (${list(tried)})`, undefined, serversOf(tried))
    }
    return this.fail('DNS_SERVFAIL', `no usable answer for ${this.question()} from the servers of ${d.zone} (${list(tried)})`, undefined, serversOf(tried))
  }

  // ── resolveTarget: the address of a glueless NS name, in a nested resolution ──────────────

  private async resolveTarget(): Promise<ResolverState> {
    const d = this.delegation!
    const nsName = d.glueless.shift()!
    for (let r: Resolution | null = this; r !== null; r = r.parent) {
      if (r.visited.has(nsName)) {
        const reason = `finding ${nsName} needs the address of ${nsName} itself (a glueless loop)`
        this.emit({ kind: 'limit', limit: 'depth', reason })
        d.unresolvable.push({ name: nsName, reason, code: 'DNS_DEPTH_LIMIT' })
        return ResolverState.queryTargets
      }
    }
    if (this.depth + 1 > this.ctx.limits.depth) {
      const reason = `glueless name servers nested deeper than ${this.ctx.limits.depth}`
      this.emit({ kind: 'limit', limit: 'depth', reason })
      d.unresolvable.push({ name: nsName, reason, code: 'DNS_DEPTH_LIMIT' })
      return ResolverState.queryTargets
    }
    const purpose = `address of ${nsName}, a name server of ${d.zone} given without glue`
    try {
      let result = await new Resolution(this.ctx, this.trace, nsName, 'A', this.depth + 1, this, purpose).run()
      // A name server with no IPv4 address may have an IPv6 one (a zone served over IPv6 only).
      if (result.addresses.length === 0 && result.rcode === 'NOERROR' && this.ctx.ipv6 !== false) {
        result = await new Resolution(this.ctx, this.trace, nsName, 'AAAA', this.depth + 1, this, `IPv6 ${purpose} (it has no A record)`).run()
      }
      if (result.addresses.length === 0) d.unresolvable.push({ name: nsName, reason: `${result.rcode}${result.nodata ? `, no ${this.ctx.ipv6 === false ? 'A' : 'A or AAAA'} record` : ''}`, code: 'DNS_NO_SERVERS' })
      const more = delegationTo(this.ctx, d.zone, [{ name: nsName, addresses: result.addresses }])
      d.slots.push(...more.slots)
    } catch (error) {
      const e = error as ResolutionError
      if (e.code === 'DNS_QUERY_LIMIT' || e.code === 'DNS_DEADLINE') throw e // the budget is shared: stop here too
      d.unresolvable.push({ name: nsName, reason: e.message, code: e.code })
    }
    return ResolverState.queryTargets
  }

  // ── sendQuery: one exchange with the chosen server ────────────────────────────────────────

  private async sendQuery(): Promise<ResolverState> {
    const slot = this.current!
    const zone = this.delegation!.zone
    const { limits } = this.ctx
    if (this.ctx.ipv6 === 'auto' && isIPv6(slot.ref.address)) {
      // Nothing is sent to an IPv6 server this computer has no route to: skipped, with a note.
      const route = await this.ctx.routes.reach(slot.ref.address)
      if (!route.ok) {
        slot.tries += 1
        slot.done = 'error'
        slot.lastErrno = route.errno
        slot.lastProblem = `skipped: no IPv6 route (${route.errno})`
        const reason = `this computer has no IPv6 route to ${slot.ref.address} (${route.errno}): skipped`
        this.emit({ kind: 'skipped', server: slot.ref, zone, reason })
        this.retryReason = `${serverText(slot.ref)} ${reason}`
        return ResolverState.queryTargets
      }
    }
    this.trace.queries += 1
    if (this.trace.queries > limits.queries) {
      this.fail('DNS_QUERY_LIMIT', `resolving ${this.qname} ${this.qtype} needed more than ${limits.queries} queries`, 'queries')
    }
    // Timers can fire a few ms before the deadline they were cut to (libuv's loop clock lags), so a
    // query with almost no time left is not worth sending: the deadline has, in effect, passed.
    const remaining = this.trace.deadline - performance.now()
    if (remaining < MIN_QUERY_WINDOW_MS) this.fail('DNS_DEADLINE', `resolving ${this.qname} ${this.qtype} took longer than ${limits.resolutionMs} ms`, 'resolutionMs')
    if (this.transport === 'udp') slot.tries += 1
    const id = randomInt(0, 0x10000) // RFC 5452 §4: unpredictable 16-bit id
    this.queryId = id
    const transport = this.transport
    const server = slot.ref
    const timeoutMs = Math.ceil(Math.min(this.ctx.timeoutMs, remaining))
    const exchange = transport === 'udp' ? exchangeUdp : exchangeTcp
    const edns = !this.ctx.memory.noEdns(server)
    this.sentEdns = edns
    const outcome: ExchangeOutcome = await exchange({
      server,
      query: encodeQuery({ id, qname: this.name, qtype: this.qtype, recursionDesired: this.ctx.mode === 'stub', edns }),
      expected: { id, qname: this.name, qtype: this.qtype, address: server.address, port: server.port },
      timeoutMs,
      tap: this.ctx.tap,
      ...(this.ctx.localAddress !== undefined && isIPv6(this.ctx.localAddress) === isIPv6(server.address) ? { localAddress: this.ctx.localAddress } : {}),
      // The socket's label names the capture leg (the frames' comments): who asks whom, what, RD.
      label: `${dnsLegLabel(this.ctx.role, dnsServerRole({ zone, nearby: server.role === 'nearby', recursionDesired: server.role === 'recursive' })).en} ${endpointText(server)}, RD=${this.ctx.mode === 'stub' ? 1 : 0}`,
      onSent: (socketId) =>
        this.emit({ kind: 'query-sent', server, zone, qname: this.name, qtype: this.qtype, transport, id, socketId, recursionDesired: this.ctx.mode === 'stub' }),
      onDiscard: (reason) => this.emit({ kind: 'discarded', server, zone, id, transport, reason }),
    })

    switch (outcome.kind) {
      case 'response':
        this.response = { message: outcome.message, rttMs: outcome.rttMs }
        return ResolverState.classify
      case 'truncated':
        if (transport === 'tcp') return this.serverFailed(slot, 'error', 'TC=1 over TCP', outcome.rttMs)
        this.emit({
          kind: 'tcp-fallback',
          server,
          zone,
          id,
          rttMs: outcome.rttMs,
          reason: `TC=1: the answer did not fit in a UDP datagram (the truncated reply was ${outcome.size} bytes); asking again over TCP`,
        })
        this.transport = 'tcp'
        return ResolverState.sendQuery
      case 'timeout':
        this.emit({ kind: 'timeout', server, zone, attempt: slot.tries, timeoutMs })
        this.addHop(server, zone, 'timeout', outcome.rttMs, `no answer within ${Math.round(timeoutMs)} ms`)
        this.ctx.memory.penalize(zone, server, TIMEOUT_MEMORY_SECONDS)
        slot.lastProblem = `timeout${slot.tries > 1 ? ` ×${slot.tries}` : ''}`
        if (transport === 'tcp') slot.done = 'error'
        this.retryReason = `${serverText(server)} did not answer within ${Math.round(timeoutMs)} ms`
        return ResolverState.queryTargets
      case 'error':
        this.emit({ kind: 'query-error', server, zone, id, transport, reason: outcome.reason, rttMs: outcome.rttMs })
        if (outcome.errno !== undefined) slot.lastErrno = outcome.errno
        else delete slot.lastErrno
        return this.serverFailed(slot, 'error', outcome.reason, outcome.rttMs)
    }
  }

  private serverFailed(slot: ServerSlot, done: ServerSlot['done'], reason: string, rttMs: number): ResolverState {
    const zone = this.delegation!.zone
    slot.done = done
    slot.lastProblem = reason
    this.addHop(slot.ref, zone, 'throwaway', rttMs, reason)
    this.retryReason = `${serverText(slot.ref)}: ${reason}`
    return ResolverState.queryTargets
  }

  // ── classify: what did the server say ─────────────────────────────────────────────────────

  private classify(): ResolverState {
    const { message, rttMs } = this.response!
    this.response = null
    const slot = this.current!
    const zone = this.delegation!.zone
    const c = classifyResponse({ rcode: message.rcodeName, aa: message.aa, ra: message.ra, answers: message.answers, authority: message.authority, additional: message.additional }, { qname: this.name, qtype: this.qtype, zone, recursionDesired: this.ctx.mode === 'stub' })
    this.emitResponse(c, message, slot.ref, zone, rttMs)
    const trust: CacheTrust = this.ctx.mode === 'stub' ? 'recursive' : 'answer'
    if (message.rcodeName === 'FORMERR' && this.sentEdns) {
      // A server (or a middlebox before it) that does not understand EDNS answers FORMERR to the
      // OPT record: ask it again without one, and keep doing so (RFC 6891 §7; resolvers do).
      this.ctx.memory.rememberNoEdns(slot.ref)
      this.emit({ kind: 'retry', server: slot.ref, zone, reason: `${serverText(slot.ref)} answered FORMERR to a query with EDNS (an OPT record): asking again without EDNS, as RFC 6891 §7 allows` })
      this.transport = 'udp'
      return ResolverState.sendQuery
    }

    switch (c.outcome) {
      case 'answer':
        // The CNAMEs inside this one answer count toward the same limit as CNAME restarts: a
        // server cannot make us accept a longer chain by putting it all in one response.
        for (const record of c.chain) this.restartAt(record.data)
        this.store([...c.chain, ...c.rrset], trust)
        // The priming answer's additional section holds the root servers' addresses (RFC 8109 §4).
        if (this.isPriming) this.store(primingGlue(message, c.rrset), 'glue')
        this.chain.push(...c.chain)
        this.final = c.rrset
        this.source = this.ctx.mode === 'stub' ? 'recursive' : 'authoritative'
        return ResolverState.finished
      case 'cname':
        this.followCnames(c.chain, c.target, trust)
        return ResolverState.init
      case 'nxdomain':
        this.followCnames(c.chain, null, trust)
        this.storeNegative(c.name, 'nxdomain', c.soa, trust)
        this.rcode = 'NXDOMAIN'
        this.authority = c.soa ? [c.soa] : []
        this.source = this.ctx.mode === 'stub' ? 'recursive' : 'authoritative'
        return ResolverState.finished
      case 'nodata':
        this.storeNegative(c.name, 'nodata', c.soa, trust)
        this.nodata = true
        this.authority = c.soa ? [c.soa] : []
        this.source = this.ctx.mode === 'stub' ? 'recursive' : 'authoritative'
        return ResolverState.finished
      case 'referral': {
        this.referrals += 1
        if (this.referrals > this.ctx.limits.referrals) {
          this.fail('DNS_REFERRAL_LIMIT', `resolving ${this.qname} ${this.qtype} followed more than ${this.ctx.limits.referrals} referrals (the last to ${c.zone})`, 'referrals')
        }
        this.store(c.ns, 'referral')
        this.store(c.glue, 'glue')
        this.delegation = delegationTo(this.ctx, c.zone, c.servers)
        return ResolverState.queryTargets
      }
      case 'lame':
        this.ctx.memory.penalize(zone, slot.ref, LAME_MEMORY_SECONDS)
        slot.done = 'lame'
        slot.lastProblem = `lame (${c.reason})`
        this.retryReason = `${serverText(slot.ref)} is lame for ${zone}: ${c.reason}`
        return ResolverState.queryTargets
      case 'throwaway':
        // A REFUSED from a server the parent delegated to is a lame delegation: ask it last next
        // time, as for a lame answer.
        if (message.rcodeName === 'REFUSED') this.ctx.memory.penalize(zone, slot.ref, LAME_MEMORY_SECONDS)
        slot.done = 'throwaway'
        slot.lastProblem = c.reason
        this.retryReason = `${serverText(slot.ref)} answered ${c.reason}`
        return ResolverState.queryTargets
    }
  }

  private store(records: DnsRecordView[], trust: CacheTrust): void {
    if (records.length === 0) return
    for (const entry of this.ctx.cache.storeRecords(records, trust)) {
      this.emit({ kind: 'cache-store', qname: entry.name, qtype: entry.type, ttl: entry.ttl, negative: false })
    }
  }

  private storeNegative(name: string, kind: 'nxdomain' | 'nodata', soa: DnsRecordView | undefined, trust: CacheTrust): void {
    const entry = this.ctx.cache.storeNegative(name, this.qtype, kind, soa, trust)
    if (entry !== undefined) this.emit({ kind: 'cache-store', qname: entry.name, qtype: entry.type, ttl: entry.ttl, negative: true })
  }

  /** Takes CNAMEs into the chain, checking loop and limit at every step before caching any. */
  private followCnames(records: DnsRecordView[], target: string | null, trust: CacheTrust): void {
    for (const record of records) this.restartAt(record.data)
    if (target !== null && target !== this.name) this.restartAt(target)
    this.store(records, trust)
    this.chain.push(...records)
  }

  /** A CNAME restart: counts toward the limit and refuses to revisit a name. */
  private restartAt(target: string): void {
    if (this.visited.has(target)) {
      this.fail('DNS_CNAME_LOOP', `CNAME loop: ${[...this.visited, target].join(' → ')}`, 'cnames')
    }
    this.cnames += 1
    if (this.cnames > this.ctx.limits.cnames) {
      this.fail('DNS_CNAME_LIMIT', `more than ${this.ctx.limits.cnames} CNAMEs from ${this.qname}`, 'cnames')
    }
    this.visited.add(target)
    this.name = target
  }

  // ── events, hops and the result ───────────────────────────────────────────────────────────

  private emitResponse(c: Classification, message: DnsMessage, server: DnsServerRef, zone: string, rttMs: number): void {
    const answers = c.outcome === 'answer' ? [...c.chain, ...c.rrset] : c.outcome === 'cname' || c.outcome === 'nxdomain' ? c.chain : []
    const reason = c.outcome === 'lame' || c.outcome === 'throwaway' ? c.reason : c.ignored.length > 0 ? `ignored: ${c.ignored.join('; ')}` : undefined
    this.emit({
      kind: 'response',
      server,
      zone,
      id: this.queryId,
      transport: this.transport,
      outcome: c.outcome,
      rcode: message.rcodeName,
      authoritative: message.aa,
      truncated: message.tc,
      rttMs,
      answers,
      ...(c.outcome === 'referral' ? { referral: { zone: c.zone, servers: c.servers } } : {}),
      ...(c.outcome === 'cname' ? { cnameTarget: c.target } : {}),
      ...(reason !== undefined ? { reason } : {}),
    })
    const detail =
      c.outcome === 'referral' ? c.zone : c.outcome === 'cname' ? c.target : c.outcome === 'lame' || c.outcome === 'throwaway' ? c.reason : null
    this.addHop(server, zone, c.outcome, rttMs, detail)
  }

  private cacheHit(hit: CacheHit, name: string, type: string, use: CacheHitUse, negative: 'nxdomain' | 'nodata' | null, detail?: string): void {
    const { ttlLeft, records } = hit
    this.emit({
      kind: 'cache-hit',
      qname: name,
      qtype: type,
      use,
      negative: negative !== null,
      ...(negative ? { negativeKind: negative } : {}),
      ttlLeft,
      storedTtl: hit.entry.ttl,
      ageMs: Math.round(hit.ageMs),
      cache: this.ctx.role,
      records,
    })
    this.trace.hop({
      server: 'cache',
      port: null,
      serverName: null,
      zone: name,
      qname: name,
      qtype: type,
      outcome: 'cache',
      rtt_ms: 0,
      transport: null,
      detail: detail ?? (negative ? `${negative === 'nxdomain' ? 'NXDOMAIN' : 'NODATA'} cached, ${ttlLeft} s left` : `${ttlLeft} s left`),
      depth: this.depth,
      role: null,
    })
  }

  private addHop(server: DnsServerRef, zone: string, outcome: HopOutcome, rttMs: number, detail: string | null): void {
    this.trace.hop({
      server: server.address,
      port: server.port,
      serverName: server.name ?? null,
      zone,
      qname: this.name,
      qtype: this.qtype,
      outcome,
      rtt_ms: Math.round(rttMs * 1000) / 1000,
      transport: this.transport,
      detail,
      depth: this.depth,
      role: server.role ?? null,
    })
  }

  /** The question as failure messages name it; priming says what it was for. */
  private question(): string {
    if (!this.isPriming || this.parent === null) return `${this.name} ${this.qtype}`
    return `${this.parent.question()} (priming: asking for the list of root servers, . NS)`
  }

  private emit(event: NewEvent): void {
    this.trace.emit(this.id, event)
  }

  private fail(code: ResolverCode, message: string, limit?: string, servers?: string[]): never {
    if (limit !== undefined) this.emit({ kind: 'limit', limit, reason: message })
    throw new ResolutionError(code, message, {
      phase: 'resolve',
      qname: this.qname,
      qtype: this.qtype,
      name: this.name,
      zone: this.delegation?.zone ?? null,
      ...(servers ? { servers } : {}),
    })
  }

  private result(): ResolutionResult {
    const answers = [...this.chain, ...this.final]
    return {
      qname: this.qname,
      qtype: this.qtype,
      rcode: this.rcode,
      answers,
      authority: this.authority,
      addresses: this.final.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => r.data),
      nodata: this.nodata,
      hops: this.trace.hops,
      source: this.source,
      events: this.trace.events,
    }
  }
}

function zoneText(zone: string): string {
  return zone === '.' ? 'the root (.)' : zone
}

function serversOf(slots: ServerSlot[]): string[] {
  return slots.map((s) => `${s.ref.address}:${s.ref.port}`)
}

/** "cannot reach any of the 13 servers of the root (.) to resolve …: no route to them (ENETUNREACH) …" */
function unreachableMessage(zone: string | null, question: string, slots: ServerSlot[]): string {
  const errnos = [...new Set(slots.map((s) => s.lastErrno ?? ''))]
  const names = slots.slice(0, MAX_SERVERS_LISTED).map((s) => serverText(s.ref))
  if (slots.length > MAX_SERVERS_LISTED) names.push(`and ${slots.length - MAX_SERVERS_LISTED} more`)
  const firewall = errnos.every((e) => e === 'EACCES' || e === 'EPERM')
  const ipv6Only = slots.every((s) => isIPv6(s.ref.address))
  const why = firewall
    ? `sending is not permitted (${errnos.join(', ')}): a firewall blocks DNS (port 53)`
    : ipv6Only
      ? `no IPv6 route to ${slots.length === 1 ? 'it' : 'them'} (${errnos.join(', ')}), and ${slots.length === 1 ? 'it has' : 'they have'} no IPv4 address: this computer has no IPv6 connectivity`
      : `no route to ${slots.length === 1 ? 'it' : 'them'} (${errnos.join(', ')}): is this computer connected to a network?`
  const count = new Set(slots.map((s) => s.ref.name ?? s.ref.address)).size
  const servers = zone === null ? `recursive DNS server${count === 1 ? '' : 's'}` : `server${count === 1 ? '' : 's'} of ${zone}`
  const addresses = count === slots.length ? '' : ` at ${slots.length} addresses,`
  return `cannot reach ${count === 1 ? 'the' : `any of the ${count}`} ${servers}${addresses} to resolve ${question}: ${why} (${names.join(', ')})`
}
