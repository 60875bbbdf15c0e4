// The player's steps: one per meaningful event, in time order, each naming the notes' concept it
// shows (concepts.ts) with an English and Korean title and detail written for *this* event (the
// server, the name, the frame), and the frames behind it.
//
// Which concept a step names is decided here, once, so that the explanation beside the bytes is
// right for exactly what the step highlights, and so that a default recording of the notes' page
// presents the notes in their order: URL → what and how → the request message → this computer's
// IP address → why a name must become an address → the resolver's first query → walking down the
// hierarchy → referrals → the authoritative answer → the cache; then the four socket phases as four
// (socket → descriptor, connect → address and port, write, read → receive buffer, close), with the
// second request (one per file), a redirect's follow-up (3xx), and the status codes.
//
// In two halves. buildSteps plans the steps: which ones there are, in what order, each with its
// kind, concept, time, frames and refs (StepCore). StepWriter writes a step's title and detail from
// those, the entities its refs name and the journal, when something asks for them (a lesson window,
// an outline row, a search, inspect --json, the text and HTML exports): one case per kind, which the
// compiler checks are all there. A capture of a million packets has hundreds of thousands of steps,
// and their words, written all at once, were most of the analyzer's heap (issue 11 §1).
//
// Korean text is written with both-ways particles (을(를), 이(가), (으)로 …) after every filled-in
// value; `text()` resolves them by how the value is read (shared/korean.ts).
import type { ConceptId } from '../shared/concepts.ts'
import { framesInText } from '../shared/frame-list.ts'
import { withParticles } from '../shared/korean.ts'
import { entityAt, entityField, firstEntity, type EntityList, type WordsOf } from '../shared/lesson.ts'
import type { Connection, DnsTransaction, HttpExchange, LocalizedText, ResolutionChain, ResolutionHop, Step, StepCore, StepKind, StepWords, TlsSession } from '../shared/walkthrough.ts'
import { addressingOf, describeAddressing, type Addressing } from './ip-anatomy.ts'
import { thisComputer } from '../shared/this-computer.ts'
import type { NetworkPhase } from '../shared/errors.ts'
import type { Journal } from './journal.ts'
import { StepPlanner, type StepColumns } from './step-store.ts'
import type { PlannedHop, PlannedResolutions } from './resolution-store.ts'
import { dnsHopRole, isZoneTransfer } from '../shared/dns-roles.ts'
import { isExperimentId, EXPERIMENTS } from '../lab/experiments/index.ts'
import { errorMeaning } from '../shared/error-meanings.ts'
import type { RecordedExperiment } from '../shared/journal.ts'

/** What the steps are planned and their words written from: the walkthrough's entities, the
 * journal's records the steps read, and the frames' times. */
export interface StepContext {
  /** The transactions (a DnsStore in the worker: each is made when read). */
  dns: EntityList<DnsTransaction>
  resolutions: EntityList<ResolutionChain>
  connections: EntityList<Connection>
  /** The exchanges (an HttpExchangeStore in the worker: each is made when read). */
  http: EntityList<HttpExchange>
  tls: EntityList<TlsSession>
  journal: StepJournal | null
  /** Epoch seconds of frame 1, to place journal events. */
  firstEpoch: number
  /** Relative time of a frame (1-based). */
  frameTime(frame: number): number
  /** Who sent the FIN or RST frame `frame` carries (its source address and port) and which, or null
   * when it carries neither; absent without a frame table at hand (a close step then does not say
   * which FINs it saw). */
  tcpEnd?(frame: number): { address: string; port: number; fin: boolean; rst: boolean } | null
}

/** What the steps are planned from: the context, and of each connection what the plan reads
 * (ConnectionList: from its columns, not the whole connection made for each). */
export interface PlanContext extends StepContext {
  dns: PlannedTransactions
  resolutions: PlannedResolutions
  connections: PlannedConnections
  http: PlannedExchanges
}

export interface PlannedTransactions extends EntityList<DnsTransaction> {
  /** What the plan reads of transaction i. */
  planned(i: number): PlannedDns
}

/** What the plan of a hop's steps reads of its transaction: from the store's columns, not the whole
 * transaction with its records, made for every hop of a large capture. */
export type PlannedDns = Pick<DnsTransaction, 'qname' | 'qtype' | 'rd' | 'aa' | 'tc' | 'rcode' | 'query_frame' | 'response_frame'>

export interface PlannedExchanges extends EntityList<HttpExchange> {
  /** What the plan reads of exchange i. */
  planned(i: number): PlannedHttp
}

/** What the plan of an exchange's steps reads of it: from the store's columns, not the whole
 * exchange with its heads (the response's head is read only for a redirect); its frames may be a
 * view of the store's. */
export interface PlannedHttp extends Pick<HttpExchange, 'request_frame' | 'cause' | 'causedBy' | 'status' | 'response_frame'> {
  requestFrames?: ArrayLike<number> | undefined
  responseFrames?: ArrayLike<number> | undefined
}

export interface PlannedConnections extends EntityList<Connection> {
  /** Connection i's phases, the transfer phase's frames only the first `transferFrames`. */
  phases(i: number, transferFrames: number): Connection['phases']
  /** Connection i's exchanges (its `http`), in order. */
  exchanges(i: number): ArrayLike<number>
}

/** The frames a connection's transfer step shows at most (a connection with no HTTP the capture
 * shows: TLS without keys, another protocol), of all its data frames. */
const TRANSFER_STEP_FRAMES = 64

/** What of the journal the steps read (the writer keeps only this, not the whole journal). */
export type StepJournal = Pick<Journal, 'recording' | 'hosts' | 'hsts' | 'http' | 'end'>

/** The journal's parts the steps read. */
export function stepJournal(journal: Journal | null): StepJournal | null {
  return journal && { recording: journal.recording, hosts: journal.hosts, hsts: journal.hsts, http: journal.http, end: journal.end }
}

/** Plans one step (buildSteps); `record`: the journal record a journal-only step tells (its index
 * in the journal's hsts or http records). */
type Plan = (t: number, kind: StepKind, concept: ConceptId, frames: ArrayLike<number>, refs: Step['refs'], record?: number) => void

const name = (n: string) => (n === '.' ? '. (root)' : n)
/** What the hop's server is, named by the one role function (shared/dns-roles.ts). */
const roleOf = (hop: ResolutionHop): LocalizedText => dnsHopRole(hop).label
const nameKo = (n: string) => (n === '.' ? '루트(.)' : n)
/** A hop's zone, or null for the pseudo-zones — '(recursive)', '(cache)', '(unknown)' (asked, never
 * answered, and nothing else said which zone): a sentence then names no zone. */
const knownZone = (zone: string): string | null => (zone.startsWith('(') ? null : zone)
const fr = (frames: ArrayLike<number>) => framesInText(frames).en
const frKo = (frames: ArrayLike<number>) => framesInText(frames).ko
const hexId = (id: number) => `0x${id.toString(16).padStart(4, '0')}`
const portOf = (endpoint: string) => endpoint.slice(endpoint.lastIndexOf(':') + 1)
const hostOf = (endpoint: string) => (endpoint.startsWith('[') ? endpoint.slice(1, endpoint.indexOf(']')) : endpoint.slice(0, endpoint.lastIndexOf(':')))
const firstLine = (head: string | null) => (head ?? '').split('\r\n')[0] ?? ''
const headerLines = (head: string) => Math.max(0, head.split('\r\n').length - 3)

/** Where a request stopped: the notes' concept for that step, and the step's title. */
const FAILED_AT: Record<NetworkPhase | 'none', { concept: ConceptId; en: (server: string) => string; ko: (server: string) => string }> = {
  resolve: { concept: 'dns.resolver', en: (s) => `The address of ${s} could not be found`, ko: (s) => `${s}의 IP 주소를 알아내지 못했다` },
  connect: { concept: 'socket.connect', en: (s) => `connect() to ${s} failed`, ko: (s) => `접속(connect) 실패: ${s}` },
  tls: { concept: 'tls.handshake', en: (s) => `The TLS handshake with ${s} failed`, ko: (s) => `TLS 핸드셰이크 실패: ${s}` },
  send: { concept: 'socket.send', en: (s) => `write() to ${s} failed`, ko: (s) => `송신(write) 실패: ${s}` },
  receive: { concept: 'socket.receive', en: (s) => `read() from ${s} failed`, ko: (s) => `수신(read) 실패: ${s}` },
  none: { concept: 'http.request-message', en: (s) => `The request for ${s} was not sent`, ko: (s) => `${s} 리퀘스트를 보내지 못했다` },
}

/** A step's text: the Korean's both-ways particles are resolved here, for every template. */
function text(en: string, ko: string): LocalizedText {
  return { en, ko: withParticles(ko) }
}

/** A cache hit, told for what the entry was used for (the journal says: the answer, a CNAME on the
 * way, or the servers of the closest zone the cache knows — where the walk starts, with its queries
 * still to come) and whose cache it is (this computer's resolver — the browser's host cache, one
 * page load long — or the nearby DNS server's), with the entry's age. The entry is named by its own
 * name and type, not the question's: a walk that starts at cached servers has not answered anything. */
function cacheHitText(chain: ResolutionChain, hop: ResolutionHop): { title: LocalizedText; detail: LocalizedText } {
  const cached = hop.cached ?? { name: chain.qname, type: chain.qtype, use: 'answer' as const, data: [] }
  const qname = name(cached.name)
  const qtype = cached.type
  const nearby = hop.cache === 'nearby'
  const negative = hop.negative === 'nxdomain' ? { en: ' "does not exist"', ko: ' "존재하지 않음"' } : hop.negative === 'nodata' ? { en: ` "no ${qtype} record"`, ko: ` "${qtype} 레코드 없음"` } : { en: '', ko: '' }
  const whose = nearby ? { en: 'the nearby DNS server', ko: '가까운 DNS 서버' } : { en: "this computer's resolver (as a browser's host cache, kept for this page load)", ko: '이 컴퓨터의 리졸버(이 페이지 로드 동안 유지되는 브라우저의 호스트 캐시처럼)' }
  const age = hop.ageMs !== undefined ? (hop.ageMs / 1000).toFixed(1) : null
  const answering = nearby && cached.use === 'answer'
  const ttl =
    hop.ttlLeft === undefined
      ? { en: '', ko: '' }
      : {
          en: ` ${age !== null ? `It was stored ${age} s ago${hop.storedTtl !== undefined ? ` with a TTL of ${hop.storedTtl} s` : ''}; ` : ''}${hop.ttlLeft} s of its TTL are left${answering ? `, so the answer carries TTL ${hop.ttlLeft}` : ''}.`,
          ko: ` ${age !== null ? `${age}초 전에${hop.storedTtl !== undefined ? ` TTL ${hop.storedTtl}초로` : ''} 기록했고, ` : ''}TTL이 ${hop.ttlLeft}초 남아 있다${answering ? `. 그래서 회답의 TTL은 ${hop.ttlLeft}이다` : ''}.`,
        }
  const list = `${cached.data.slice(0, 3).join(', ')}${cached.data.length > 3 ? ', …' : ''}`
  if (cached.use === 'delegation') {
    const question = name(chain.qname)
    const root = cached.name === '.'
    const servers = root ? { en: 'the root servers', ko: '루트 DNS 서버' } : { en: `the ${cached.name} servers`, ko: `${cached.name} 도메인의 DNS 서버` }
    const walker = nearby ? { en: 'The nearby DNS server', ko: '가까운 DNS 서버' } : { en: 'The resolver', ko: '리졸버' }
    return {
      title: text(`${walker.en} starts at ${servers.en}, known from its cache`, `${walker.ko}이(가) 캐시에 있는 ${servers.ko}부터 묻는다`),
      detail: text(
        `No packet is sent for this: ${whose.en} still holds the NS records of ${qname}${list ? ` (${list})` : ''} with their addresses, so the walk for ${question} ${chain.qtype} starts there${root ? ' (the list priming fetched)' : ' instead of at the root'}. The answer is not cached: the queries that follow are sent.${ttl.en}`,
        `이 단계에서는 패킷을 보내지 않는다. ${whose.ko}이(가) ${nameKo(cached.name)}의 NS 레코드${list ? `(${list})` : ''}와(과) 그 IP 주소를 아직 갖고 있으므로 ${nameKo(chain.qname)} ${chain.qtype} 조회는 거기서 시작한다${root ? '(프라이밍으로 받은 목록)' : '(루트부터 시작하지 않는다)'}. 회답이 캐시에 있는 것은 아니므로 이어지는 조회는 실제로 보낸다.${ttl.ko}`,
      ),
    }
  }
  if (cached.use === 'alias') {
    const target = cached.data[0] ?? '?'
    return {
      title: text(`${qname} is an alias of ${target}: from ${nearby ? "the nearby DNS server's" : "this computer's"} cache`, `${qname}은(는) ${target}의 별칭(CNAME): ${nearby ? '가까운 DNS 서버의' : '이 컴퓨터의'} 캐시에서`),
      detail: text(
        `No packet is sent for this: ${whose.en} still holds the CNAME record of ${qname}, so the resolution goes on with ${target}.${ttl.en}`,
        `이 단계에서는 패킷을 보내지 않는다. ${whose.ko}이(가) ${qname}의 CNAME 레코드를 아직 갖고 있으므로 ${target}(으)로 조회를 계속한다.${ttl.ko}`,
      ),
    }
  }
  if (nearby) {
    return {
      title: text(`The nearby DNS server answers ${qname} ${qtype}${negative.en} from its cache`, `가까운 DNS 서버가 캐시에서 ${qname} ${qtype}${negative.ko}을(를) 회답`),
      detail: text(
        `It asks no other server: no packets up the hierarchy. Its answer has no AA flag: it comes from its cache, not from the server where the name is registered.${ttl.en}`,
        `다른 DNS 서버에는 묻지 않는다(상위 서버로 가는 패킷이 없다). 캐시에서 회답하므로 AA 플래그가 없다(등록처 DNS 서버의 회답이 아니다).${ttl.ko}`,
      ),
    }
  }
  return {
    title: text(`${qname} ${qtype}${negative.en} is answered from this computer's cache`, `${qname} ${qtype}${negative.ko}: 이 컴퓨터의 캐시에서 회답`),
    detail: text(`No packet is sent: ${whose.en} still holds the answer.${ttl.en}`, `패킷을 보내지 않는다. ${whose.ko}이(가) 회답을 갖고 있다.${ttl.ko}`),
  }
}

/** The steps in time order, without their words (a row each: step-store.ts), and the one function
 * that writes them. */
export interface PlannedSteps {
  steps: StepColumns
  words: WordsOf
}

/** What planning and writing look up again and again, found once per walkthrough (on a large
 * capture a scan of every TLS session per connection, or of every server per ip-anatomy step's
 * words, was a large part of the build). */
interface StepLookups {
  /** Connection → its TLS session (the first on it). */
  tlsOf: ReadonlyMap<number, number>
  /** This computer's address, as firstAddressing finds it. */
  addressing: { frame: number; addressing: Addressing } | null
}

function stepLookups(ctx: StepContext): StepLookups {
  const tlsOf = new Map<number, number>()
  let i = 0
  for (const s of ctx.tls) {
    if (!tlsOf.has(s.connection)) tlsOf.set(s.connection, i)
    i++
  }
  return { tlsOf, addressing: firstAddressing(ctx) }
}

export function buildSteps(ctx: PlanContext): PlannedSteps {
  const planner = new StepPlanner()
  const plan: Plan = (t, kind, concept, frames, refs, record) => planner.add(t, kind, concept, frames, refs, record)
  const lookups = stepLookups(ctx)
  const startedAt = recordingSteps(ctx, plan)
  addressingStep(ctx, plan, startedAt, lookups)
  dnsSteps(ctx, plan)
  connectionSteps(ctx, plan, lookups)
  hstsSteps(ctx, plan)
  failedRequestSteps(ctx, plan)
  // In time order; steps at the same time keep the order they were planned in.
  const { steps, records } = planner.finish()
  // Bound, not a closure here: a closure would keep this scope's planner (as `plan` uses it).
  const writer = new StepWriter(ctx, records, lookups)
  return { steps, words: writer.words.bind(writer) }
}

/** How many entities each of the words' lists keeps (LastRead): steps in time order interleave
 * the hops of resolutions in flight together and the exchanges of parallel connections. */
const LAST_READ = 16

/** An entity list that keeps the last LAST_READ entities it made and gives them again when asked
 * for the same index: the words of nearby steps read the same chain, transaction, connection or
 * exchange again and again (a hop's query and its response, a chain's stub hop for each hop under
 * it, every step of a connection), and a store makes its entity anew at each read — on a million
 * packets the step search read every chain from the resolution store several times over. Only for
 * the words, which change nothing they read. */
class LastRead<T extends object> implements EntityList<T> {
  private readonly indexes = new Float64Array(LAST_READ).fill(Number.NaN)
  private readonly entities: (T | undefined)[] = new Array<T | undefined>(LAST_READ).fill(undefined)
  /** The slot the next entity made goes to (the oldest). */
  private next = 0

  constructor(private readonly list: EntityList<T>) {}

  get length(): number {
    return this.list.length
  }

  at(index: number): T | undefined {
    const slot = this.indexes.indexOf(index)
    if (slot >= 0) return this.entities[slot]
    const entity = this.list.at(index)
    this.indexes[this.next] = index
    this.entities[this.next] = entity
    this.next = (this.next + 1) % LAST_READ
    return entity
  }

  field<K extends keyof T>(index: number, key: K): T[K] {
    const slot = this.indexes.indexOf(index)
    const entity = slot >= 0 ? this.entities[slot] : undefined
    return entity !== undefined ? entity[key] : entityField(this.list, index, key)
  }

  [Symbol.iterator](): Iterator<T> {
    return this.list[Symbol.iterator]()
  }
}

/** Writes a step's title and detail from what it keeps (StepCore), the entities its refs name and
 * the journal: one case per kind (the compiler says when a kind has none). Nothing is kept between
 * calls: the words of a step that is not shown are never held. */
export class StepWriter {
  constructor(
    private readonly ctx: StepContext,
    /** Journal-only steps (HSTS, failed requests), by index → the record they tell. */
    private readonly records: ReadonlyMap<number, number>,
    private readonly lookups: StepLookups,
  ) {}

  /** The context the words read, its entity lists each keeping what it made last (LastRead), made
   * again when the build gives the context another list (it keeps the chains as a store once the
   * steps are planned). */
  private reading: { from: StepContext['dns' | 'resolutions' | 'connections' | 'http' | 'tls'][]; ctx: StepContext } | null = null

  private readingContext(): StepContext {
    const ctx = this.ctx
    const from = [ctx.dns, ctx.resolutions, ctx.connections, ctx.http, ctx.tls]
    if (this.reading === null || this.reading.from.some((list, i) => list !== from[i])) {
      this.reading = { from, ctx: { ...ctx, dns: new LastRead(ctx.dns), resolutions: new LastRead(ctx.resolutions), connections: new LastRead(ctx.connections), http: new LastRead(ctx.http), tls: new LastRead(ctx.tls) } }
    }
    return this.reading.ctx
  }

  words(step: StepCore): StepWords {
    const ctx = this.readingContext()
    switch (step.kind) {
      case 'url':
        return urlWords(ctx)
      case 'http-request-built':
        return requestBuiltWords(ctx, step)
      case 'ip-anatomy':
        return addressingWords(this.lookups)
      case 'name-lookup':
        return nameLookupWords(ctx, step)
      case 'dns-query':
        return queryWords(ctx, step)
      case 'dns-timeout':
        return timeoutWords(ctx, step)
      case 'dns-cache-hit': {
        const { chain, hop } = hopOf(ctx, step)
        return cacheHitText(chain, hop)
      }
      case 'dns-referral':
        return referralWords(ctx, step)
      case 'dns-root-hints':
        return rootHintsWords(ctx, step)
      case 'dns-answer':
        return answerWords(ctx, step)
      case 'dns-cname':
        return cnameWords(ctx, step)
      case 'dns-nxdomain':
        return nxdomainWords(ctx, step)
      case 'dns-nodata':
        return nodataWords(ctx, step)
      case 'dns-lame':
        return lameWords(ctx, step)
      case 'dns-tcp-fallback':
        return tcpFallbackWords(ctx, step)
      case 'socket-create':
        return socketWords(ctx, step)
      case 'connect':
        return connectWords(ctx, step)
      case 'tls-handshake':
        return tlsWords(ctx, step)
      case 'send':
        return step.refs.http === undefined ? transferWords(ctx, step, this.lookups) : requestWords(ctx, step)
      case 'http-redirect':
        return requestWords(ctx, step)
      case 'receive':
      case 'http-response':
        return responseWords(ctx, step)
      case 'close':
        return closeWords(ctx, step)
      case 'hsts-upgrade':
        return hstsWords(ctx, this.record(step))
      case 'fetch-failed':
        return failedRequestWords(ctx, this.record(step))
    }
  }

  private record(step: StepCore): number {
    const record = this.records.get(step.index)
    if (record === undefined) throw new Error(`step ${step.index} (${step.kind}) was not planned from a journal record`)
    return record
  }
}

/** A recording made under a lab experiment says so in its first step (issue 14 §1): which one and
 * what it changed in the lab, so what follows is read knowing the lab was not as its zone files
 * say. The text is the experiments table's, in both languages; an id the table does not know (a
 * recording from another version) is named with the journal's own words. Empty for none. */
function experimentNote(experiment: RecordedExperiment | undefined): LocalizedText {
  if (experiment === undefined) return { en: '', ko: '' }
  if (!isExperimentId(experiment.id)) {
    return { en: ` Recorded under the lab experiment ${experiment.id}: ${experiment.changes}`, ko: ` 실습 네트워크 실험 ${experiment.id} 중에 녹화했다: ${experiment.changes}` }
  }
  const { title, changes } = EXPERIMENTS[experiment.id]
  return { en: ` Recorded under the lab experiment "${title.en}" (${experiment.id}): ${changes.en}`, ko: ` 실습 네트워크 실험 "${title.ko}"(${experiment.id}) 중에 녹화했다. ${changes.ko}` }
}

/** What a recording's URL says (an unparsable URL is still shown as typed). */
function pageOf(url: string): { path: string; host: string; scheme: string; isDefault: boolean } {
  let path = '/'
  let host = ''
  let scheme = ''
  try {
    const u = new URL(url)
    path = u.pathname
    host = u.hostname
    scheme = u.protocol
  } catch {
    /* an unparsable URL is still shown as typed */
  }
  return { path, host, scheme, isDefault: path.endsWith('/') }
}

/** The recording the journal describes (a url or http-request-built step is planned only with one). */
function recordingOf(ctx: StepContext): NonNullable<StepJournal['recording']> {
  const rec = ctx.journal?.recording
  if (!rec) throw new Error('a step from the recording was planned without one')
  return rec
}

/** STORY 01 from the journal: the URL as typed, then what the request asks and how (method, URI),
 * then the request message itself, written before anything goes on the wire. Returns the
 * recording's start time (relative), or null without a journal. */
function recordingSteps(ctx: StepContext, plan: Plan): number | null {
  const rec = ctx.journal?.recording ?? null
  if (!rec) return null
  const t = Date.parse(rec.startedAt) / 1000 - ctx.firstEpoch
  if (dnsLookupOf(rec.url)) {
    // A recording of a dns: URI (RFC 4501): another access method, the resolver alone.
    plan(t, 'url', 'url.other-schemes', [], {})
    return t
  }
  plan(t, 'url', pageOf(rec.url).isDefault ? 'url.default-file' : 'url.anatomy', [], {})
  if (!ctx.http.at(0)) return t
  plan(t, 'http-request-built', 'http.method-uri', [], { http: 0 })
  plan(t, 'http-request-built', 'http.request-message', [], { http: 0 })
  return t
}

function urlWords(ctx: StepContext): StepWords {
  const rec = recordingOf(ctx)
  const under = experimentNote(rec.experiment)
  const lookup = dnsLookupOf(rec.url)
  if (lookup) {
    return {
      title: text(`The address is a DNS lookup: ${rec.typedUrl}`, `주소는 DNS 조회이다: ${rec.typedUrl}`),
      detail: text(
        `The scheme dns: names another access method: no web server and no HTTP request, only the resolver, which asks for the name ${lookup.name}, class IN, type ${lookup.type}.${under.en}`,
        `스킴 dns:는 다른 액세스 방법을 나타낸다. 웹 서버도 HTTP 리퀘스트도 없이 리졸버만 움직여 이름 ${lookup.name}, 클래스 IN, 타입 ${lookup.type}의 레코드를 조회한다.${under.ko}`,
      ),
    }
  }
  const { path, host, scheme, isDefault } = pageOf(rec.url)
  return {
    title: text(`The browser reads the URL ${rec.typedUrl}`, `브라우저가 URL ${rec.typedUrl}을(를) 해독한다`),
    detail: text(
      `Scheme ${scheme} (how to access), server name ${host}, path ${path}${isDefault ? ' (ends in "/": the server picks its default file, e.g. index.html)' : ''}.${rec.typedUrl !== rec.url ? ` Loaded as ${rec.url}.` : ''}${under.en}`,
      `스킴 ${scheme}(액세스 방법), 웹 서버명 ${host}, 경로 ${path}${isDefault ? ' ("/"로 끝나므로 서버가 미리 정한 파일, 예: index.html)' : ''}.${rec.typedUrl !== rec.url ? ` 실제로는 ${rec.url}을(를) 연다.` : ''}${under.ko}`,
    ),
  }
}

/** The first request, before it is sent: what and how (http.method-uri), then the message. */
function requestBuiltWords(ctx: StepContext, step: StepCore): StepWords {
  const first = ctx.http.at(step.refs.http!)!
  if (step.concept === 'http.method-uri') {
    const how = METHOD_MEANING[first.method]
    const what = how?.what ?? { en: 'the program or resource on the server', ko: '서버의 프로그램이나 리소스' }
    return {
      title: text(`What and how: ${first.method} ${first.uri}`, `무엇을, 어떻게: ${first.method} ${first.uri}`),
      detail: text(
        `The URI ${first.uri} says what: ${what.en}. The method ${first.method} says how${how ? `: ${how.how.en} (${first.method})` : ''}.`,
        `URI ${first.uri}은(는) "무엇을"(${what.ko}), 메소드 ${first.method}은(는) "어떻게"${how ? `(${how.how.ko}, ${first.method})` : ''}를 나타낸다.`,
      ),
    }
  }
  const line = firstLine(first.requestHead)
  return {
    title: text(`The request message is written: ${first.method} ${first.uri}`, `리퀘스트 메시지 작성: ${first.method} ${first.uri}`),
    detail: text(
      `Request line "${line}", then ${headerLines(first.requestHead)} header line(s), then a blank line. It is sent later, once the server's address is known (${fr([first.request_frame])}).`,
      `리퀘스트 라인 "${line}", 헤더 ${headerLines(first.requestHead)}행, 공백 행. 서버의 IP 주소를 알아낸 뒤에 송신된다(${frKo([first.request_frame])}).`,
    ),
  }
}

/** This computer's address (the first client address, from the first query or connection) and
 * what the journal's interfaces say of its network; null when it is no IPv4 address. */
function firstAddressing(ctx: StepContext): { frame: number; addressing: Addressing } | null {
  // The IP pane and the subnet question name this computer by the same rule.
  const first = thisComputer(
    firstEntity(ctx.dns, (d) => d.query_frame !== null),
    firstEntity(ctx.connections, (c) => c.phases.connect !== null),
  )
  if (!first) return null
  // Each server once, with the role it is first seen in (addressingOf keeps the first of each
  // address): a large capture names the same few servers in thousands of exchanges.
  const servers: { address: string; role: 'web' | 'dns' }[] = []
  const seen = new Set<string>()
  const add = (endpoint: string, role: 'web' | 'dns') => {
    const address = hostOf(endpoint)
    if (seen.has(address)) return
    seen.add(address)
    servers.push({ address, role })
  }
  // Two fields of each (entityField: a store gives them from its columns, not as whole entities);
  // an endpoint seen before names an address seen before.
  const endpoints = new Set<string>()
  const addEndpoint = (endpoint: string, role: 'web' | 'dns') => {
    if (endpoints.has(endpoint)) return
    endpoints.add(endpoint)
    add(endpoint, role)
  }
  for (let i = 0; i < ctx.connections.length; i++) {
    const purpose = entityField(ctx.connections, i, 'purpose')
    if (purpose === 'http' || purpose === 'https') addEndpoint(entityField(ctx.connections, i, 'server'), 'web')
  }
  for (let i = 0; i < ctx.dns.length; i++) addEndpoint(entityField(ctx.dns, i, 'server'), 'dns')
  const addressing = addressingOf({ local: first.address, interfaces: ctx.journal?.hosts ?? [], servers, target: ctx.journal?.recording?.target ?? null })
  return addressing ? { frame: first.frame, addressing } : null
}

/** STORY 02 §1: this computer's address and netmask, with the first packet it sent (its IP header
 * carries the address). */
function addressingStep(ctx: StepContext, plan: Plan, startedAt: number | null, lookups: StepLookups): void {
  const first = lookups.addressing
  if (!first) return
  plan(startedAt ?? ctx.frameTime(first.frame), 'ip-anatomy', 'ip.address', [first.frame], {})
}

function addressingWords(lookups: StepLookups): StepWords {
  const first = lookups.addressing
  if (!first) throw new Error('an ip-anatomy step was planned without an address')
  const words = describeAddressing(first.addressing)
  return { title: words.title, detail: words.detail }
}

/** STORY 02 §2–STORY 03: every hop of every resolution, in order. */
function dnsSteps(ctx: PlanContext, plan: Plan): void {
  let firstQuery = true
  let hierarchyShown = false
  let lookupShown = false
  // Each chain's hops read from the store's columns (PlannedResolutions), no chain made.
  const chains = ctx.resolutions
  for (let ri = 0; ri < chains.length; ri++) {
    const hopCount = chains.hopCount(ri)
    // STORY 02 §2, once: the browser needs an address, not a name, so it calls the resolver.
    if (!lookupShown && hopCount > 0) {
      const qtype = entityField(chains, ri, 'qtype')
      if ((qtype === 'A' || qtype === 'AAAA') && entityField(chains, ri, 'parent') === undefined) {
        lookupShown = true
        const hop0 = chains.plannedHop(ri, 0)
        const t0 = hop0.outcome === 'cache' && hop0.atMs !== undefined ? hop0.atMs / 1000 - ctx.firstEpoch : hop0.t
        plan(t0, 'name-lookup', 'ip.names-vs-addresses', [], { resolution: ri })
      }
    }
    let next: PlannedHop | undefined
    for (let hi = 0; hi < hopCount; hi++) {
      const prev = hi > 0 ? next : undefined
      const hop = (next = chains.plannedHop(ri, hi))
      const refs = { resolution: ri, hop: hi }
      if (hop.outcome === 'cache') {
        const atMs = hop.atMs
        const t = atMs !== undefined ? atMs / 1000 - ctx.firstEpoch : hop.t
        plan(t, 'dns-cache-hit', hop.negative ? 'dns.negative-cache' : 'dns.cache', [], refs)
        continue
      }
      if (hop.dns === undefined) continue
      const tx = ctx.dns.planned(hop.dns)
      const txRefs = { dns: hop.dns, resolution: ri, hop: hi }
      if (tx.query_frame !== null) {
        // The first query shows the resolver at work (STORY 02 §3–5); the first step down the
        // hierarchy (a query to the root after a stub query, or the first query after a referral)
        // shows the hierarchy (STORY 03 §2–3); every other query shows name, class and type. A
        // retry (failedBefore) is the same step, told as one (queryWords).
        const priming = isPrimingQuery(tx)
        let concept: ConceptId = 'dns.query'
        // A zone transfer is no name lookup: the query's type is its lesson, not the resolver.
        if (firstQuery && !isZoneTransfer(tx.qtype)) concept = 'dns.resolver'
        else if (!hierarchyShown && !priming && (hop.zone === '.' || prev?.outcome === 'referral')) {
          concept = 'dns.hierarchy'
          hierarchyShown = true
        }
        firstQuery = false
        plan(ctx.frameTime(tx.query_frame), 'dns-query', concept, [tx.query_frame], txRefs)
      }
      if (tx.response_frame === null) {
        if (tx.query_frame !== null) {
          // With a retry, the moment it stopped waiting is when it asked again.
          const retryFrame = retryFrameOf(ctx, hop, hi + 1 < hopCount ? chains.plannedHop(ri, hi + 1) : undefined)
          plan(retryFrame !== null ? ctx.frameTime(retryFrame) : ctx.frameTime(tx.query_frame), 'dns-timeout', 'dns.resolver', [tx.query_frame], txRefs)
        }
        continue
      }
      dnsResponseSteps(ctx, plan, hop, tx, txRefs)
    }
  }
}

/** The hop a DNS step shows (its refs' resolution and hop) and its chain. */
function hopOf(ctx: StepContext, step: StepCore): { ri: number; hi: number; chain: ResolutionChain; hop: ResolutionHop } {
  const ri = step.refs.resolution!
  const hi = step.refs.hop!
  const chain = ctx.resolutions.at(ri)!
  return { ri, hi, chain, hop: chain.hops[hi]! }
}

/** Who asked a hop's question in a nested chain (issue 8 §2): the walk's questions are the nearby
 * server's, not this computer's; so are those of its sub-chains (a glueless NS name's address),
 * whose stub hop is their parent's. Null when this computer's resolver asked. */
function askerOf(ctx: StepContext, ri: number, hop: ResolutionHop): LocalizedText | null {
  const walker = hop.leg === 'walk' ? stubHopOf(ctx.resolutions, ri) : undefined
  return walker ? roleOf(walker) : null
}

/** Who asked, as a sentence names it ("the nearby DNS server", "the resolver"). */
function askedBy(asker: LocalizedText | null, hop: ResolutionHop): LocalizedText {
  return asker ? { en: `the ${asker.en}`, ko: asker.ko } : hop.leg === 'stub' ? { en: "this computer's resolver", ko: '이 컴퓨터의 리졸버' } : { en: 'the resolver', ko: '리졸버' }
}

/** The frame where hop `hi`'s failed question is asked again, if the chain holds a retry. */
function retryFrameOf(ctx: StepContext, hop: QuestionHop, next: QuestionHop | undefined): number | null {
  const retried = retriedBy(ctx, hop, next)
  return retried?.dns !== undefined ? entityField(ctx.dns, retried.dns, 'query_frame') : null
}

/** A query (or a retry: the same question asked again after what failed before it). */
function queryWords(ctx: StepContext, step: StepCore): StepWords {
  const { ri, hi, chain, hop } = hopOf(ctx, step)
  const tx = ctx.dns.at(hop.dns!)!
  const asker = askerOf(ctx, ri, hop)
  const failed = failedBefore(ctx, chain.hops, hi)
  if (failed.length > 0) return retryWords(ctx, hop, tx, failed, asker)
  const priming = isPrimingQuery(tx)
  const id = hexId(tx.id)
  return {
    title:
      asker && priming
        ? text(`The ${asker.en} asks ${hop.server} (${roleOf(hop).en}) for the list of root servers (. NS)`, `${asker.ko}이(가) ${hop.server}(${roleOf(hop).ko})에 루트 서버 목록(. NS)을 조회`)
        : asker
          ? text(`The ${asker.en} asks ${hop.server} (${roleOf(hop).en}) for ${name(tx.qname)} ${tx.qtype}`, `${asker.ko}이(가) ${hop.server}(${roleOf(hop).ko})에 ${nameKo(tx.qname)} ${tx.qtype} 조회`)
          : hop.leg === 'stub'
            ? text(`This computer's resolver asks ${hop.server} (${roleOf(hop).en}) for ${name(tx.qname)} ${tx.qtype}`, `이 컴퓨터의 리졸버가 ${hop.server}(${roleOf(hop).ko})에 ${nameKo(tx.qname)} ${tx.qtype} 조회`)
            : text(`Ask ${hop.server} (${roleOf(hop).en}) for ${name(tx.qname)} ${tx.qtype}`, `${hop.server}(${roleOf(hop).ko})에 ${nameKo(tx.qname)} ${tx.qtype} 조회`),
    detail: text(
      `Query id ${id} from ${tx.client} to ${tx.server} over ${tx.transport.toUpperCase()}: name ${tx.qname}, class IN, type ${tx.qtype}${tx.rd ? ', recursion desired' : ', iterative (no recursion)'} (${fr([tx.query_frame!])}).${transferAsked(tx).en}`,
      `조회 ID ${id}, ${tx.client} → ${tx.server} (${tx.transport.toUpperCase()}): 이름 ${tx.qname}, 클래스 IN, 타입 ${tx.qtype}${tx.rd ? ', 재귀 요청' : ', 반복 조회'} (${frKo([tx.query_frame!])}).${transferAsked(tx).ko}`,
    ),
  }
}

/** What a zone transfer's question asks for (RFC 5936 AXFR, RFC 1995 IXFR), and that RD asks for
 * nothing there; empty for any other question. */
function transferAsked(tx: Pick<DnsTransaction, 'qname' | 'qtype' | 'rd'>): LocalizedText {
  if (!isZoneTransfer(tx.qtype)) return { en: '', ko: '' }
  const what =
    tx.qtype === 'AXFR'
      ? { en: `a zone transfer: every record of the zone ${name(tx.qname)}`, ko: `존 전송 요청이다. ${nameKo(tx.qname)} 존의 모든 레코드를 달라는 것으로` }
      : { en: `an incremental zone transfer: what changed in the zone ${name(tx.qname)} since the version (SOA serial) the client holds`, ko: `증분 존 전송 요청이다. 클라이언트가 가진 버전(SOA 일련번호) 이후 ${nameKo(tx.qname)} 존에서 바뀐 것을 달라는 것으로` }
  const rd = tx.rd
    ? { en: ' The recursion-desired bit is set, but no server recurses for a transfer.', ko: ' 재귀 요청 비트가 켜져 있지만 존 전송을 재귀로 처리하는 서버는 없다.' }
    : { en: '', ko: '' }
  return {
    en: ` Type ${tx.qtype} asks for ${what.en}, which only a server holding the zone (its primary or a secondary) sends.${rd.en}`,
    ko: withParticles(` 타입 ${tx.qtype}은(는) ${what.ko}, 이 존을 가진 서버(주 서버나 보조 서버)만 보낼 수 있다.${rd.ko}`),
  }
}

/** A question the capture holds no answer to: what the resolver did next (the retry), if it did. */
function timeoutWords(ctx: StepContext, step: StepCore): StepWords {
  const { ri, hi, chain, hop } = hopOf(ctx, step)
  const tx = ctx.dns.at(hop.dns!)!
  const retried = retriedAfter(ctx, chain.hops, hi)
  const by = askedBy(askerOf(ctx, ri, hop), hop)
  const id = hexId(tx.id)
  const retryFrame = retryFrameOf(ctx, hop, chain.hops[hi + 1])
  const waited = retryFrame !== null ? ctx.frameTime(retryFrame) - ctx.frameTime(tx.query_frame!) : null
  const zone = knownZone(hop.zone)
  return {
    title: text(`No answer from ${hop.server}`, `${hop.server}에서 응답 없음`),
    detail:
      retried && waited !== null
        ? text(`The capture holds no response to query ${id}: after ${ms(waited)} ${by.en} stops waiting and asks ${retried.server === hop.server ? 'it again' : `another server${zone ? ` of ${name(zone)}` : ''}, ${retried.server}`} (the retry).`, `조회 ${id}에 대한 응답이 캡처에 없다. ${by.ko}은(는) ${ms(waited)} 기다린 뒤 ${retried.server === hop.server ? '같은 서버에 다시' : `${zone ? `${nameKo(zone)}의 ` : ''}다른 서버 ${retried.server}에`} 묻는다(재시도).`)
        : text(`The capture holds no response to query ${id}; a resolver would try again or ask another server.`, `조회 ${id}에 대한 응답이 캡처에 없다. 리졸버는 다시 보내거나 다른 서버에 묻는다.`),
  }
}

/** STORY 02 §2, once: the browser needs an address, not a name, so it calls the resolver. */
function nameLookupWords(ctx: StepContext, step: StepCore): StepWords {
  const chain = ctx.resolutions.at(step.refs.resolution!)!
  const q = chain.qname.replace(/\.$/, '')
  return {
    title: text(`The browser asks the resolver for the IP address of ${q}`, `브라우저가 리졸버에 ${q}의 IP 주소를 묻는다`),
    detail: text(
      `The OS sends messages to IP addresses, not names: gethostbyname("${q}") hands the name to the resolver${queriesNeeded(chain).en}.`,
      `OS에 송신을 의뢰할 때는 이름이 아니라 IP 주소로 상대를 지정해야 한다. gethostbyname("${q}") 함수가 이름을 리졸버에 넘긴다${queriesNeeded(chain).ko}.`,
    ),
  }
}

/** Who sends the queries that find a chain's record: in a nested chain this computer's resolver
 * asks the nearby DNS server (the stub leg) and that server sends the walk's queries (STORY 03 §3),
 * so the walk is not counted as the resolver's. */
function queriesNeeded(chain: ResolutionChain): LocalizedText {
  let own = 0
  let walk = 0
  for (const hop of chain.hops) {
    if (hop.frames.length === 0) continue
    if (hop.leg === 'walk') walk++
    else own++
  }
  if (own === 0 && walk === 0) return { en: '', ko: '' }
  const queries = (n: number) => `${n} quer${n === 1 ? 'y' : 'ies'}`
  const stub = chain.hops.find((h) => h.leg === 'stub')
  if (walk === 0 || stub === undefined) return { en: `, which needs ${queries(own)} to find the ${chain.qtype} record`, ko: `. ${chain.qtype} 레코드를 찾기까지 조회 ${own}번` }
  const server = roleOf(stub)
  return {
    en: `, which sends ${queries(own)} to ${stub.server} (${server.en}); that server sends ${queries(walk)} of its own, walking down the hierarchy, to find the ${chain.qtype} record`,
    ko: `. 리졸버는 ${stub.server}(${server.ko})에 ${own}번 조회하고, 그 서버가 계층을 따라 내려가며 ${walk}번 더 조회해 ${chain.qtype} 레코드를 찾는다`,
  }
}

/** The stub hop of chain `ri`, or of the nearest chain above it that has one (a sub-chain of a
 * nested walk was asked by the same server). */
function stubHopOf(chains: EntityList<ResolutionChain>, ri: number): ResolutionHop | undefined {
  let chain = entityAt(chains, ri)
  for (let depth = 0; chain && depth <= chains.length; depth++) {
    const stub = chain.hops.find((h) => h.leg === 'stub')
    if (stub) return stub
    chain = chain.parent === undefined ? undefined : entityAt(chains, chain.parent)
  }
  return undefined
}

/** Outcomes after which a resolver asks again: no answer, a refusal, a lame or unusable answer. */
const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['timeout', 'throwaway', 'lame'])

/** The same question (name and type) to the same zone on the same leg: a retry asks it again. */
function sameQuestion(ctx: StepContext, a: QuestionHop, b: QuestionHop): boolean {
  if (a.dns === undefined || b.dns === undefined || a.zone !== b.zone || a.leg !== b.leg) return false
  const dns = ctx.dns
  return entityField(dns, a.dns, 'qname') === entityField(dns, b.dns, 'qname') && entityField(dns, a.dns, 'qtype') === entityField(dns, b.dns, 'qtype') && entityField(dns, a.dns, 'query_frame') !== null && entityField(dns, b.dns, 'query_frame') !== null
}

/** The failed exchanges right before hop `hi` that it asks again (in order): [] when it is no retry. */
function failedBefore(ctx: StepContext, hops: ResolutionHop[], hi: number): ResolutionHop[] {
  const failed: ResolutionHop[] = []
  for (let i = hi - 1; i >= 0; i--) {
    const before = hops[i]!
    if (!FAILED_OUTCOMES.has(before.outcome) || !sameQuestion(ctx, before, hops[hi]!)) break
    failed.unshift(before)
  }
  return failed
}

/** The hop that asks hop `hi`'s failed question again, if the chain holds one. */
function retriedAfter(ctx: StepContext, hops: ResolutionHop[], hi: number): ResolutionHop | undefined {
  return retriedBy(ctx, hops[hi]!, hops[hi + 1])
}

/** What a hop's question is read from (a chain's hop, or the plan's view of it: PlannedHop). */
type QuestionHop = Pick<ResolutionHop, 'outcome' | 'dns' | 'zone' | 'leg'>

/** `next` (the hop after `hop` in its chain) when it asks `hop`'s failed question again. */
function retriedBy<H extends QuestionHop>(ctx: StepContext, hop: H, next: H | undefined): H | undefined {
  if (!FAILED_OUTCOMES.has(hop.outcome)) return undefined
  return next !== undefined && sameQuestion(ctx, hop, next) ? next : undefined
}

const ms = (seconds: number): string => `${Math.round(seconds * 1e6) / 1000} ms`

/** A retry: the same question asked of another server of the zone (or the same one again) after
 * no answer, a refusal or an unusable answer — what went wrong, and the time the detour cost: from
 * the first question that failed to this one (silent-root, lame: docs/lab.md#experiments). */
function retryWords(ctx: StepContext, hop: ResolutionHop, tx: DnsTransaction, failed: ResolutionHop[], asker: LocalizedText | null): StepWords {
  const first = ctx.dns.at(failed[0]!.dns!)!
  const queryFrames = failed.map((h) => ctx.dns.at(h.dns!)!.query_frame!)
  const cost = ms(ctx.frameTime(tx.query_frame!) - ctx.frameTime(first.query_frame!))
  const why = failed.map((h) => {
    const t = ctx.dns.at(h.dns!)!
    if (h.outcome === 'timeout') return { en: `${h.server} did not answer`, ko: `${h.server}은(는) 답하지 않았다` }
    const zone = knownZone(h.zone)
    if (t.rcode === 'REFUSED') return zone ? { en: `${h.server} refused (REFUSED: it will not answer for ${name(zone)})`, ko: `${h.server}은(는) 거절했다(REFUSED: ${nameKo(zone)}에 대해서는 답하지 않겠다는 뜻)` } : { en: `${h.server} refused (REFUSED: it will not answer this question)`, ko: `${h.server}은(는) 거절했다(REFUSED: 이 질문에는 답하지 않겠다는 뜻)` }
    return { en: `${h.server}'s answer could not be used (${t.rcode ?? 'no rcode'}, ${h.outcome})`, ko: `${h.server}의 응답은 쓸 수 없었다(${t.rcode ?? '응답 코드 없음'}, ${h.outcome})` }
  })
  const again = failed.some((h) => h.server === hop.server)
  const who = askedBy(asker, hop)
  const zone = knownZone(hop.zone)
  const whom = again ? { en: hop.server, ko: `${hop.server}에` } : { en: `another server${zone ? ` of ${name(zone)}` : ''}, ${hop.server}`, ko: `${zone ? `${nameKo(zone)}의 ` : ''}다른 서버 ${hop.server}에` }
  const Who = { en: capitalized(who.en), ko: who.ko }
  return {
    title: text(`Retry: ${who.en} asks ${whom.en}${again ? ' again' : ''} for ${name(tx.qname)} ${tx.qtype}`, `재시도: ${who.ko}이(가) ${whom.ko} 다시 ${nameKo(tx.qname)} ${tx.qtype} 조회`),
    detail: text(
      `${why.map((w) => w.en).join('; ')}. ${Who.en} asks ${whom.en} the same question again: query id ${hexId(tx.id)} from ${tx.client} to ${tx.server} over ${tx.transport.toUpperCase()} (${fr([tx.query_frame!])}). The detour cost ${cost}: from the first question to ${failed[0]!.server} (${fr([queryFrames[0]!])}) to this one.`,
      `${why.map((w) => w.ko).join('. ')}. ${Who.ko}은(는) 같은 질문을 ${whom.ko} 다시 보낸다. 조회 ID ${hexId(tx.id)}, ${tx.client} → ${tx.server} (${tx.transport.toUpperCase()}) (${frKo([tx.query_frame!])}). 돌아가느라 ${cost}이(가) 더 걸렸다. ${failed[0]!.server}에 처음 물은 때(${frKo([queryFrames[0]!])})부터 이 조회까지의 시간이다.`,
    ),
  }
}

/** A `. NS` query without recursion: RFC 8109 priming. */
function isPrimingQuery(tx: Pick<DnsTransaction, 'qname' | 'qtype' | 'rd'>): boolean {
  return tx.qname === '.' && tx.qtype === 'NS' && !tx.rd
}

/** The steps of a response, by the hop's outcome (the truncated flag adds the TCP retry). */
function dnsResponseSteps(ctx: StepContext, plan: Plan, hop: PlannedHop, tx: PlannedDns, refs: Step['refs']): void {
  const t = ctx.frameTime(tx.response_frame!)
  const frames = [tx.response_frame!]
  const truncated = () => {
    if (tx.tc) plan(t, 'dns-tcp-fallback', 'dns.query', frames, refs)
  }
  switch (hop.outcome) {
    case 'referral':
      // A truncated referral is only the part that fit (its glue often cut): told as the retry.
      if (!tx.tc) plan(t, 'dns-referral', 'dns.referral', frames, refs)
      truncated()
      return
    case 'answer':
      if (isPrimingQuery(tx)) {
        plan(t, 'dns-root-hints', 'dns.root-hints', frames, refs)
        return
      }
      // A truncated answer is only the part that fit: not told as an answer, only as the retry.
      if (tx.tc) {
        truncated()
        return
      }
      plan(t, 'dns-answer', isZoneTransfer(tx.qtype) ? 'dns.query' : tx.aa ? 'dns.authoritative-answer' : 'dns.resolver', frames, refs)
      truncated()
      return
    case 'cname':
      plan(t, 'dns-cname', 'dns.query', frames, refs)
      return
    case 'nxdomain':
      plan(t, 'dns-nxdomain', 'dns.negative-cache', frames, refs)
      return
    case 'nodata':
      plan(t, 'dns-nodata', 'dns.negative-cache', frames, refs)
      return
    default:
      // REFUSED from a server a referral named for the zone: the notes' hierarchy (each level's
      // servers are registered with the level above; here the registration names a server that
      // refuses the zone). From a recursive server: the resolver's (refusedWords).
      plan(t, 'dns-lame', tx.rcode === 'REFUSED' ? (hop.zone === '(recursive)' ? 'dns.resolver' : 'dns.hierarchy') : 'dns.referral', frames, refs)
  }
}

/** What a response step's words are made of: the transaction, its server, the round trip, and
 * `who`: what the server is, and in a nested chain who asked it (the nearby DNS server) or that it
 * answers this computer (the stub leg). */
function responseOf(ctx: StepContext, step: StepCore) {
  const { ri, hi, chain, hop } = hopOf(ctx, step)
  const tx = ctx.dns.at(step.refs.dns!)!
  const asker = askerOf(ctx, ri, hop)
  return {
    hop,
    tx,
    server: hop.server,
    frames: step.frames,
    rtt: tx.rtt_ms !== null ? ` after ${tx.rtt_ms} ms` : '',
    rttKo: tx.rtt_ms !== null ? ` (${tx.rtt_ms} ms 후)` : '',
    who: {
      role: roleOf(hop),
      asker,
      leg: hop.leg,
      /** The zone the server was asked as ("(recursive)" for a recursive server). */
      zone: hop.zone,
      /** Who asked, as a sentence names it ("the nearby DNS server", "the resolver"). */
      by: askedBy(asker, hop),
      /** The hop that asks this failed question again, when the chain holds one. */
      retried: retriedAfter(ctx, chain.hops, hi),
    },
  }
}

type Response = ReturnType<typeof responseOf>

function referralWords(ctx: StepContext, step: StepCore): StepWords {
  const { hop, tx, server, frames, rtt, rttKo, who } = responseOf(ctx, step)
  const ns = tx.authority.filter((r) => r.type === 'NS').map((r) => r.data)
  const glue = tx.additional.filter((r) => r.type === 'A' || r.type === 'AAAA').length
  const to = hop.referredTo ?? '?'
  const list = `${ns.slice(0, 3).join(', ')}${ns.length > 3 ? ', …' : ''}`
  // A glueless delegation (RFC 1034 §4.3.2 "glue"): the NS names' addresses are not given, so
  // whoever walks must look one up before it can ask these servers.
  const glueless =
    glue === 0 && ns.length > 0
      ? {
          en: ` No glue: before it can ask them, ${who.asker ? `the ${who.asker.en}` : 'the resolver'} looks up the address of ${ns[0]} on its own (a glueless delegation).`,
          ko: ` 글루가 없으므로 ${who.asker ? who.asker.ko : '리졸버'}은(는) 먼저 ${ns[0]}의 IP 주소를 따로 조회한다(글루 없는 위임).`,
        }
      : { en: '', ko: '' }
  return {
    title: who.asker ? text(`${server} (${who.role.en}) refers the ${who.asker.en} to the ${to} servers`, `${server}(${who.role.ko})이(가) ${who.asker.ko}에게 ${to} 도메인의 DNS 서버를 소개한다`) : text(`${server} refers the resolver to the ${to} servers`, `${server}이(가) ${to} 도메인의 DNS 서버를 소개한다`),
    detail: text(`No answer for ${tx.qname}${rtt}: ${ns.length} NS record(s) for ${to} (${list}) with ${glue} glue address(es) (${fr(frames)}).${glueless.en}`, `${tx.qname}에 대한 회답 대신${rttKo} ${to}의 NS 레코드 ${ns.length}개(${list})와 글루 주소 ${glue}개 (${frKo(frames)}).${glueless.ko}`),
  }
}

/** RFC 8109 priming: a root server's answer to `. NS` (asked without recursion) is the step where
 * the resolver learns the root servers, starting from its root hints. In a nested walk the one who
 * primes is the nearby DNS server (`asker`): the notes' "the root's addresses are registered in
 * every DNS server" (STORY 03 §3), and this is where it reads them. */
function rootHintsWords(ctx: StepContext, step: StepCore): StepWords {
  const { tx, server, frames, rtt, rttKo, who } = responseOf(ctx, step)
  const hintsSource = ctx.journal?.recording?.rootHints
  const names = tx.answers.filter((r) => r.type === 'NS').map((r) => r.data)
  const glue = tx.additional.filter((r) => (r.type === 'A' || r.type === 'AAAA') && names.includes(r.name)).length
  const list = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`
  const ttl = tx.answers.find((r) => r.type === 'NS')?.ttl
  if (who.asker) {
    const a = who.asker
    // "At most their TTL": a server may keep them for less (the lab's and unbound's caches hold
    // nothing longer than a day, so the cache step right after shows 86400 s), never for more.
    const kept = ttl !== undefined ? { en: ` for at most their TTL (${ttl} s in this answer; a server may keep them for less: many keep nothing longer than a day)`, ko: `(길어야 TTL 동안, 이 회답에서는 ${ttl}초. 서버가 더 짧게 둘 수도 있다: 하루보다 오래 두지 않는 서버가 많다)` } : { en: '', ko: '' }
    return {
      title: text(`Root hints: ${server} (${who.role.en}) gives the ${a.en} the list of the ${names.length} root servers`, `루트 힌트: ${a.ko}이(가) ${server}(${who.role.ko})에서 루트 서버 ${names.length}개의 목록을 받는다`),
      detail: text(
        `Every DNS server has the root servers' addresses registered in it in advance (its root hints${hintsSource ? `, ${hintsSource}` : ''}). Before its first walk the ${a.en} asks one of them for the current list (". NS", without recursion: RFC 8109 priming)${rtt}: ${names.length} root server(s) (${list}) with ${glue} address(es) in the additional section. It keeps them in its cache${kept.en} and starts every walk down the hierarchy at one of them, without asking for the list again until then (${fr(frames)}).`,
        `모든 DNS 서버에는 루트 서버의 IP 주소가 미리 등록되어 있다(루트 힌트${hintsSource ? `, ${hintsSource}` : ''}). ${a.ko}은(는) 처음 조회하기 전에 그중 한 서버에 현재 목록을 묻는다(". NS", 재귀 요청 없음: RFC 8109 프라이밍)${rttKo}. 루트 서버 ${names.length}개(${list})와 추가 섹션의 주소 ${glue}개. 이 목록을 캐시에 두고${kept.ko} 계층을 내려가는 모든 조회를 그중 한 서버에서 시작하며, 그동안은 목록을 다시 묻지 않는다 (${frKo(frames)}).`,
      ),
    }
  }
  return {
    title: text(`Root hints: ${server} lists the ${names.length} root servers`, `루트 힌트: ${server}에서 루트 서버 ${names.length}개의 목록을 받는다`),
    detail: text(
      `The resolver starts from the root servers' addresses it already has (the root hints${hintsSource ? `, ${hintsSource}` : ''}) and asks one of them for the current list (". NS", RFC 8109 priming)${rtt}: ${names.length} root server(s) (${list}) with ${glue} address(es) in the additional section. Every walk down the hierarchy starts at one of them (${fr(frames)}).`,
      `리졸버는 미리 갖고 있는 루트 서버 주소(루트 힌트${hintsSource ? `, ${hintsSource}` : ''})에서 시작해 그중 한 서버에 현재 목록을 묻는다(". NS", RFC 8109 프라이밍)${rttKo}. 루트 서버 ${names.length}개(${list})와 추가 섹션의 주소 ${glue}개. 계층을 내려가는 모든 조회는 이 중 한 서버에서 시작한다 (${frKo(frames)}).`,
    ),
  }
}

function answerWords(ctx: StepContext, step: StepCore): StepWords {
  const response = responseOf(ctx, step)
  if (isZoneTransfer(response.tx.qtype)) return zoneTransferWords(response)
  const { tx, server, frames, rtt, rttKo, who } = response
  const data = tx.answers.map((r) => `${r.type} ${r.data}`)
  const shown = `${data.slice(0, 2).join(', ')}${data.length > 2 ? ', …' : ''}`
  return {
    title:
      who.leg === 'stub'
        ? text(`${server} (${who.role.en}) answers this computer ${name(tx.qname)}: ${shown}`, `${server}(${who.role.ko})의 회답(이 컴퓨터에게): ${nameKo(tx.qname)} → ${shown}`)
        : who.asker
          ? text(`${server} (${who.role.en}) answers the ${who.asker.en} ${name(tx.qname)}: ${shown}`, `${server}(${who.role.ko})의 회답(${who.asker.ko}에게): ${nameKo(tx.qname)} → ${shown}`)
          : text(`${server} answers ${name(tx.qname)}: ${shown}`, `${server}의 회답: ${nameKo(tx.qname)} → ${shown}`),
    detail: text(
      `${tx.aa ? 'Authoritative answer (AA set): the server where the name is registered' : 'Answer without the AA flag: it came from a cache or a recursive server'}${rtt}; ${tx.answers.length} record(s), TTL ${tx.answers[0]?.ttl ?? 0} s (${fr(frames)}).`,
      `${tx.aa ? '권한 있는 응답(AA 설정): 이름이 등록된 서버의 회답' : 'AA 플래그 없음: 캐시나 풀 서비스 리졸버의 회답'}${rttKo}, 레코드 ${tx.answers.length}개, TTL ${tx.answers[0]?.ttl ?? 0}초 (${frKo(frames)}).`,
    ),
  }
}

/** A zone transfer's answer: the zone's records between two copies of its SOA (RFC 5936 §2.2; an
 * IXFR's changes likewise, RFC 1995 §4). One message may hold the whole zone or its first part. */
function zoneTransferWords({ tx, server, frames, rtt, rttKo, who }: Response): StepWords {
  const zone = { en: name(tx.qname), ko: nameKo(tx.qname) }
  const records = tx.answers
  const first = records[0]
  const last = records[records.length - 1]
  const soa = first?.type === 'SOA' ? first : undefined
  const serial = soa ? soa.data.trim().split(/\s+/)[2] : undefined
  const whole = soa !== undefined && records.length > 1 && last?.type === 'SOA'
  const framing = soa === undefined
    ? { en: `; it does not begin with the zone's SOA record`, ko: `. 존의 SOA 레코드로 시작하지 않는다` }
    : whole
      ? { en: `, from its SOA record (serial ${serial}) to the same SOA again, which ends the transfer`, ko: `. 존의 SOA 레코드(일련번호 ${serial})로 시작해 같은 SOA로 끝나며, 두 번째 SOA가 전송의 끝을 알린다` }
      : { en: `, starting with its SOA record (serial ${serial}); the transfer goes on in the following messages until that SOA comes again`, ko: `. 존의 SOA 레코드(일련번호 ${serial})로 시작하며, 같은 SOA가 다시 올 때까지 다음 메시지로 전송이 이어진다` }
  const what = tx.qtype === 'AXFR' ? { en: 'every record of the zone', ko: '존의 모든 레코드' } : { en: 'the changes to the zone', ko: '존의 변경분' }
  return {
    title: text(`${server} (${who.role.en}) sends the zone ${zone.en}: ${records.length} record(s)`, `${server}(${who.role.ko})이(가) ${zone.ko} 존을 보낸다: 레코드 ${records.length}개`),
    detail: text(
      `Zone transfer (${tx.qtype})${rtt}: the server sends ${what.en}, ${records.length} record(s) in this message${framing.en} (${fr(frames)}).`,
      `존 전송(${tx.qtype})${rttKo}: 서버가 ${what.ko}을(를) 보내며, 이 메시지에 레코드 ${records.length}개가 있다${framing.ko} (${frKo(frames)}).`,
    ),
  }
}

/** A response with TC set (RFC 1035 §4.1.1; RFC 7766 §5: ask again over TCP): what reached the
 * client over UDP is only what fit. */
function tcpFallbackWords(ctx: StepContext, step: StepCore): StepWords {
  const { tx, frames } = responseOf(ctx, step)
  const n = tx.answers.length + tx.authority.length + tx.additional.length
  return {
    title: text('The answer was truncated (TC): ask again over TCP', '응답이 잘림(TC): TCP로 다시 조회'),
    detail: text(
      `The response has the TC (truncated) flag set: the whole answer did not fit in the UDP message, so ${n === 0 ? 'it carries no records' : `its ${n} record(s) are only the part that fit`} and it is not used; a resolver asks the same question again over TCP, where a message may be up to 65,535 bytes (${fr(frames)}).`,
      `응답에 TC(잘림) 플래그가 켜져 있다. 회답 전체가 UDP 메시지에 다 들어가지 않았으므로 ${n === 0 ? '레코드가 하나도 없고' : `레코드 ${n}개는 들어간 일부일 뿐이며`} 이 응답은 쓰지 않는다. 리졸버는 메시지를 65,535바이트까지 보낼 수 있는 TCP로 같은 질문을 다시 보낸다 (${frKo(frames)}).`,
    ),
  }
}

function cnameWords(ctx: StepContext, step: StepCore): StepWords {
  const { tx, frames, rtt, rttKo } = responseOf(ctx, step)
  const target = tx.answers.find((r) => r.type === 'CNAME')?.data ?? '?'
  return {
    title: text(`${name(tx.qname)} is an alias of ${target}`, `${nameKo(tx.qname)}은(는) ${target}의 별칭(CNAME)이다`),
    detail: text(`The record registered for this name is of type CNAME: the resolution continues with the canonical name ${target}${rtt} (${fr(frames)}).`, `이 이름에 등록된 레코드는 CNAME 타입이다. 정식 이름 ${target}(으)로 조회를 계속한다${rttKo} (${frKo(frames)}).`),
  }
}

function nxdomainWords(ctx: StepContext, step: StepCore): StepWords {
  const { tx, server, frames, rtt, rttKo } = responseOf(ctx, step)
  const keep = negativeTtlOf(tx)
  return {
    title: text(`${name(tx.qname)} does not exist (NXDOMAIN)`, `${nameKo(tx.qname)}은(는) 존재하지 않는다(NXDOMAIN)`),
    detail: text(`${server} says the name does not exist${rtt}; ${keep.en} (${fr(frames)}).`, `${server}이(가) 이름이 없다고 회답${rttKo}. ${keep.ko} (${frKo(frames)}).`),
  }
}

function nodataWords(ctx: StepContext, step: StepCore): StepWords {
  const { tx, frames, rtt, rttKo } = responseOf(ctx, step)
  const keep = negativeTtlOf(tx)
  return {
    title: text(`${name(tx.qname)} has no ${tx.qtype} record`, `${nameKo(tx.qname)}에 ${tx.qtype} 레코드가 없다`),
    detail: text(`The name exists but not with type ${tx.qtype} (NOERROR, empty answer)${rtt}; ${keep.en} (${fr(frames)}).`, `이름은 있지만 ${tx.qtype} 타입은 없다(NOERROR, 빈 회답)${rttKo}. ${keep.ko} (${frKo(frames)}).`),
  }
}

/** How long a negative answer may be cached, as its own bytes say (RFC 2308 §5): the SOA record of
 * the authority section, kept for the smaller of its TTL and its MINIMUM field. A response without
 * an SOA gives no time, and RFC 2308 says such a response should not be cached at all. */
function negativeTtlOf(tx: Pick<DnsTransaction, 'authority'>): LocalizedText {
  const soa = tx.authority.find((r) => r.type === 'SOA')
  if (soa === undefined) {
    return { en: 'its authority section has no SOA record, so it gives no time for keeping this in a cache (RFC 2308: such an answer should not be cached)', ko: '권한 섹션에 SOA 레코드가 없어 이 사실을 캐시에 둘 기간을 알려 주지 않는다(RFC 2308: 이런 회답은 캐시하지 않는다)' }
  }
  const minimum = Number(soa.data.trim().split(/\s+/)[6])
  const seconds = Number.isFinite(minimum) ? Math.min(soa.ttl, minimum) : soa.ttl
  return {
    en: `the SOA record of ${soa.name} in the authority section says how long this may be cached: ${seconds} s (the smaller of its TTL, ${soa.ttl}, and its MINIMUM field${Number.isFinite(minimum) ? `, ${minimum}` : ''}; RFC 2308)`,
    ko: `권한 섹션에 있는 ${nameKo(soa.name)}의 SOA 레코드가 이 사실을 캐시할 기간을 정한다: ${seconds}초(SOA의 TTL ${soa.ttl}과(와) MINIMUM 필드${Number.isFinite(minimum) ? ` ${minimum}` : ''} 중 작은 값, RFC 2308)`,
  }
}

/** A response that cannot be used: a refusal (refusedWords), or another outcome. */
function lameWords(ctx: StepContext, step: StepCore): StepWords {
  const response = responseOf(ctx, step)
  const { hop, tx, server, frames, rtt, rttKo } = response
  if (tx.rcode === 'REFUSED') return refusedWords(response)
  return {
    title: text(`${server} gives no usable answer (${tx.rcode})`, `${server}의 응답을 쓸 수 없다(${tx.rcode})`),
    detail: text(`Outcome "${hop.outcome}": the resolver must ask another server${rtt} (${fr(frames)}).`, `결과 "${hop.outcome}": 다른 서버에 물어야 한다${rttKo} (${frKo(frames)}).`),
  }
}

/** REFUSED (rcode 5): the server will not answer this question. It says nothing about whether the
 * name exists (that is NXDOMAIN); from a server a referral named for the zone it is a lame
 * delegation (RFC 8499), and the resolver asks the zone's other servers. */
function refusedWords({ tx, server, frames, rtt, rttKo, who }: Response): StepWords {
  // Asked to recurse, or asked as no zone the capture shows: nothing to say of a zone.
  const recursive = knownZone(who.zone) === null
  const zone = { en: name(who.zone), ko: nameKo(who.zone) }
  const why = recursive
    ? {
        en: `REFUSED${rtt}: this server will not answer this question (a server may answer only some clients or some zones). It does not say that ${tx.qname} does not exist: that would be NXDOMAIN`,
        ko: `REFUSED${rttKo}: 이 서버는 이 질문에 답하지 않겠다고 한다(서버는 일부 클라이언트나 일부 존에만 답할 수 있다). ${tx.qname}이(가) 존재하지 않는다는 뜻이 아니다. 그것은 NXDOMAIN이다`,
      }
    : {
        en: `REFUSED${rtt}: this server will not answer questions for the zone ${zone.en} — which does not say that ${tx.qname} does not exist (that would be NXDOMAIN). The level above registered it as a server of ${zone.en} (the referral named it), yet it refuses the zone: it is lame for it (a lame delegation), and its reply cannot be used`,
        ko: `REFUSED${rttKo}: 이 서버는 ${zone.ko} 존에 관한 질문에는 답하지 않겠다고 한다. ${tx.qname}이(가) 존재하지 않는다는 뜻이 아니다(그것은 NXDOMAIN이다). 상위 계층은 이 서버를 ${zone.ko}의 DNS 서버로 등록해 두었지만(위임이 이 서버를 소개했다) 이 서버는 그 존에 대한 답을 거절한다. 그 존에 대해서는 레임 서버(레임 위임)이고 이 응답은 쓸 수 없다`,
      }
  const next = who.retried
    ? who.retried.server === server
      ? { en: ` ${capitalized(who.by.en)} asks it again (the retry).`, ko: ` ${who.by.ko}은(는) 같은 서버에 다시 묻는다(재시도).` }
      : { en: ` ${capitalized(who.by.en)} asks another server${recursive ? '' : ` of ${zone.en}`} instead: ${who.retried.server} (the retry).`, ko: ` ${who.by.ko}은(는) 대신 ${recursive ? '다른 서버' : `${zone.ko}의 다른 서버`} ${who.retried.server}에 묻는다(재시도).` }
    : { en: '', ko: '' }
  return {
    title: who.asker
      ? text(`${server} (${who.role.en}) refuses to answer the ${who.asker.en} (REFUSED)`, `${server}(${who.role.ko})이(가) ${who.asker.ko}에게 답하기를 거절한다(REFUSED)`)
      : text(`${server} refuses to answer (REFUSED)`, `${server}이(가) 답하기를 거절한다(REFUSED)`),
    detail: text(`${why.en} (${fr(frames)}).${next.en}`, `${why.ko} (${frKo(frames)}).${next.ko}`),
  }
}

function capitalized(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** STORY 04 (and STORY 01 §5–6 for the messages they carry): each connection's four phases. */
function connectionSteps(ctx: PlanContext, plan: Plan, lookups: StepLookups): void {
  // The first request and the first successful response that are not caused by an earlier
  // exchange show write() and read() themselves; later ones show what is new about them.
  let writeShown = false
  let readShown = false
  const connections = ctx.connections
  for (let ci = 0; ci < connections.length; ci++) {
    const phases = connections.phases(ci, TRANSFER_STEP_FRAMES)
    const exchanges = connections.exchanges(ci)
    const socket = phases.socket
    if (socket) plan(socket.start, 'socket-create', 'socket.create', [], { connection: ci })
    if (phases.connect) plan(phases.connect.start, 'connect', 'socket.connect', phases.connect.frames, { connection: ci })
    const tlsIndex = lookups.tlsOf.get(ci)
    const tls = tlsIndex === undefined ? undefined : ctx.tls.at(tlsIndex)
    if (tls && tls.clientHelloFrame !== null) {
      // Each message the step names, where its bytes are (the certificate often in a later frame).
      const frames = [...new Set([tls.clientHelloFrame, tls.serverHelloFrame, tls.certificateFrame].filter((x): x is number => x !== null))].sort((a, b) => a - b)
      plan(ctx.frameTime(tls.clientHelloFrame), 'tls-handshake', 'tls.handshake', frames, { connection: ci, tls: tlsIndex })
    }
    for (let k = 0; k < exchanges.length; k++) {
      const hi = exchanges[k]!
      const ex = ctx.http.planned(hi)
      const showWrite = !writeShown && ex.causedBy === undefined
      if (showWrite) writeShown = true
      requestStep(ctx, plan, ex, hi, ci, showWrite)
      if (ex.status !== null && ex.response_frame !== null) {
        const showRead = !readShown && ex.status >= 200 && ex.status < 300 && ex.cause !== 'redirect' && ex.causedBy === undefined
        if (showRead) readShown = true
        responseStep(ctx, plan, ex, hi, ci, showRead)
      }
    }
    if (exchanges.length === 0 && phases.transfer) plan(phases.transfer.start, 'send', 'socket.send', phases.transfer.frames, { connection: ci })
    const close = phases.close
    if (close && close.kind !== 'none' && !(phases.connect && close.kind === 'rst' && phases.connect.frames.length <= 2 && phases.transfer === null)) {
      plan(close.start, 'close', 'socket.close', close.frames, { connection: ci })
    }
  }
}

/** The connection a step's refs name. */
function connectionOf(ctx: StepContext, step: StepCore): Connection {
  return ctx.connections.at(step.refs.connection!)!
}

function socketWords(ctx: StepContext, step: StepCore): StepWords {
  const c = connectionOf(ctx, step)
  const socket = c.phases.socket!
  return {
    title: text(`Create a socket${socket.fd !== null ? ` (descriptor ${socket.fd})` : ''} for ${c.server}`, `${c.server}와(과) 통신할 소켓 작성${socket.fd !== null ? `(디스크립터 ${socket.fd})` : ''}`),
    detail: socket.visible
      ? text(`The recording's journal saw socket() return descriptor ${socket.fd ?? '?'}; nothing is on the wire yet.`, `저널에 socket()이 디스크립터 ${socket.fd ?? '?'}을(를) 돌려준 것이 기록되어 있다. 아직 아무것도 송신되지 않는다.`)
      : text('Not visible on the wire: socket() happens inside the OS before the first packet.', '회선에서는 보이지 않는다: socket()은 첫 패킷 전에 OS 안에서 일어난다.'),
  }
}

function connectWords(ctx: StepContext, step: StepCore): StepWords {
  const c = connectionOf(ctx, step)
  const p = c.phases.connect!
  const serverPort = portOf(c.server)
  const clientPort = portOf(c.client)
  const refused = c.phases.close?.kind === 'rst' && p.frames.length <= 2
  return {
    title: text(refused ? `Connecting to ${c.server} is refused` : `Connect to ${c.server} (port ${serverPort})`, refused ? `${c.server} 접속 거부` : `${c.server}(포트 ${serverPort})에 접속`),
    detail: text(
      refused ? `SYN answered by RST: nothing listens on port ${serverPort} (${fr(p.frames)}).` : `connect() takes the descriptor, the server's IP address ${hostOf(c.server)} and port ${serverPort}. Three-way handshake SYN, SYN-ACK, ACK; our side's port ${clientPort} was picked by the stack (${fr(p.frames)}).`,
      refused ? `SYN에 RST 응답: 포트 ${serverPort}에서 기다리는 프로그램이 없다 (${frKo(p.frames)}).` : `connect는 디스크립터, 서버의 IP 주소 ${hostOf(c.server)}, 포트 번호 ${serverPort}을(를) 받는다. SYN, SYN-ACK, ACK 3단계 핸드셰이크. 클라이언트 측 포트 ${clientPort}은(는) 프로토콜 스택이 할당 (${frKo(p.frames)}).`,
    ),
  }
}

function tlsWords(ctx: StepContext, step: StepCore): StepWords {
  const tls = ctx.tls.at(step.refs.tls!)!
  const cert = tls.certificates[0]
  // Each part says which frame carries it, so none is told of bytes that are not highlighted.
  const at = (frame: number | null) => (frame === null ? { en: '', ko: '' } : { en: ` (${fr([frame])})`, ko: `(${frKo([frame])})` })
  const hello = at(tls.clientHelloFrame)
  const picked = at(tls.serverHelloFrame)
  const certAt = at(tls.certificateFrame)
  return {
    title: text(`TLS handshake${tls.sni ? ` for ${tls.sni}` : ''}`, `TLS 핸드셰이크${tls.sni ? ` (${tls.sni})` : ''}`),
    detail: text(
      `ClientHello${hello.en} ${tls.sni ? `names the server (SNI ${tls.sni})` : 'names no server (it carries no SNI extension)'}; the server picks ${tls.version ?? 'a version'} with ${tls.cipher ?? 'a cipher'}${picked.en}${cert ? `; certificate for ${cert.subject}, issued by ${cert.issuer}${certAt.en}` : ''}${tls.decrypted ? '. The capture carries the keys: the records are decrypted' : ''}.`,
      `ClientHello${hello.ko}에는 ${tls.sni ? `서버 이름(SNI ${tls.sni})이 있다` : '서버 이름이 없다(SNI 확장 없음)'}. 서버가 ${tls.version ?? '버전'}과(와) ${tls.cipher ?? '암호'}을(를) 선택했다${picked.ko ? ` ${picked.ko}` : ''}${cert ? `. 인증서: ${cert.subject}, 발급자 ${cert.issuer}${certAt.ko ? ` ${certAt.ko}` : ''}` : ''}${tls.decrypted ? '. 캡처에 키가 있어 복호화했다' : ''}.`,
    ),
  }
}

/** A connection that carries no HTTP the capture shows (TLS without keys, another protocol). */
function transferWords(ctx: StepContext, step: StepCore, lookups: StepLookups): StepWords {
  const ci = step.refs.connection!
  const c = ctx.connections.at(ci)!
  const p = c.phases.transfer!
  const encrypted = lookups.tlsOf.has(ci)
  return {
    title: text(`Data over ${c.client} ⇄ ${c.server}`, `${c.client} ⇄ ${c.server} 데이터 송수신`),
    detail: text(`write() and read(): ${c.bytes.toServer} bytes to the server, ${c.bytes.toClient} bytes back, in ${p.frames.length} segment(s)${encrypted ? ' (encrypted)' : ''} (${fr(p.frames)}).`, `write와 read: 서버로 ${c.bytes.toServer}바이트, 클라이언트로 ${c.bytes.toClient}바이트, 세그먼트 ${p.frames.length}개${encrypted ? '(암호화)' : ''} (${frKo(p.frames)}).`),
  }
}

function closeWords(ctx: StepContext, step: StepCore): StepWords {
  const c = connectionOf(ctx, step)
  const close = c.phases.close!
  const kind = close.kind.toUpperCase()
  const whoEn = close.by === 'server' ? 'The server' : close.by === 'client' ? 'The client' : 'One side'
  const whoKo = close.by === 'server' ? '서버' : close.by === 'client' ? '클라이언트' : '한쪽'
  const title = text(`${whoEn} closes with ${kind}`, `${whoKo}이(가) ${kind}(으)로 연결을 끊는다`)
  if (close.kind !== 'fin') return { title, detail: text(`RST aborts the connection ${c.client} ⇄ ${c.server} at once (${fr(close.frames)}).`, `RST로 ${c.client} ⇄ ${c.server} 연결을 즉시 강제 종료 (${frKo(close.frames)}).`) }
  const seen = endsSeen(ctx, c, close.frames)
  if (seen !== null && seen.fin.client !== seen.fin.server) {
    const [by, other, otherRst] = seen.fin.client
      ? [{ en: 'the client', ko: '클라이언트' }, { en: 'the server', ko: '서버' }, seen.rst.server]
      : [{ en: 'the server', ko: '서버' }, { en: 'the client', ko: '클라이언트' }, seen.rst.client]
    return {
      title,
      detail: otherRst
        ? text(
            `close(): ${by.en} sends its FIN to end the connection ${c.client} ⇄ ${c.server}; ${other.en} answers with RST instead of a FIN of its own, which aborts the connection (${fr(close.frames)}).`,
            `close(): ${by.ko}이(가) FIN을 보내 ${c.client} ⇄ ${c.server} 연결을 끊기 시작하지만, ${other.ko}은(는) 자신의 FIN 대신 RST로 응답해 연결을 강제 종료한다 (${frKo(close.frames)}).`,
          )
        : text(
            `close(): ${by.en} sends its FIN to end the connection ${c.client} ⇄ ${c.server}; the capture holds no FIN from ${other.en}, so only this direction is seen closed (${fr(close.frames)}).`,
            `close(): ${by.ko}이(가) FIN을 보내 ${c.client} ⇄ ${c.server} 연결을 끊기 시작한다. ${other.ko}의 FIN은 캡처에 없어 한 방향만 닫힌 것이 보인다 (${frKo(close.frames)}).`,
          ),
    }
  }
  return { title, detail: text(`close(): a FIN each way ends the connection ${c.client} ⇄ ${c.server} (${fr(close.frames)}).`, `close(): 양방향 FIN으로 ${c.client} ⇄ ${c.server} 연결 종료 (${frKo(close.frames)}).`) }
}

/** Which ends' FIN and RST a close phase's frames hold, or null without a frame table to tell. */
function endsSeen(ctx: StepContext, c: Connection, frames: readonly number[]): { fin: { client: boolean; server: boolean }; rst: { client: boolean; server: boolean } } | null {
  const tcpEnd = ctx.tcpEnd
  if (tcpEnd === undefined) return null
  const at = (endpoint: string) => ({ address: hostOf(endpoint), port: Number(portOf(endpoint)) })
  const client = at(c.client)
  const server = at(c.server)
  const seen = { fin: { client: false, server: false }, rst: { client: false, server: false } }
  for (const frame of frames) {
    const sent = tcpEnd(frame)
    if (sent === null) continue
    const side = sent.address === client.address && sent.port === client.port ? 'client' : sent.address === server.address && sent.port === server.port ? 'server' : null
    if (side === null) continue
    if (sent.fin) seen.fin[side] = true
    if (sent.rst) seen.rst[side] = true
  }
  return seen
}

/** A request on the wire: write() itself (the first one), a redirect's follow-up (3xx), a second
 * request for a file the page named (Referer), or another page (what and how). */
function requestStep(ctx: PlanContext, plan: Plan, ex: PlannedHttp, hi: number, ci: number, showWrite: boolean): void {
  const frames = ex.requestFrames?.length ? ex.requestFrames : [ex.request_frame]
  const t = ctx.frameTime(frames[0]!)
  const refs = { connection: ci, http: hi }
  if (ex.cause === 'redirect' && ex.causedBy !== undefined) plan(t, 'http-redirect', 'http.redirect', frames, refs)
  else if (ex.cause === 'referer' && ex.causedBy !== undefined) plan(t, 'send', 'http.subresource', frames, refs)
  else if (showWrite) plan(t, 'send', 'socket.send', frames, refs)
  else plan(t, 'send', 'http.method-uri', frames, refs)
}

/** The words of requestStep's steps, by the kind and concept it chose. */
function requestWords(ctx: StepContext, step: StepCore): StepWords {
  const ex = ctx.http.at(step.refs.http!)!
  const fd = connectionOf(ctx, step).phases.socket?.fd ?? null
  const line = firstLine(ex.requestHead)
  const frames = step.frames
  const to = ex.host ? ` to ${ex.host}` : ''
  const toKo = ex.host ? ` → ${ex.host}` : ''
  const decrypted = ex.decrypted ? ' (decrypted from TLS)' : ''
  const decryptedKo = ex.decrypted ? '(TLS 복호화)' : ''
  const lines = headerLines(ex.requestHead)
  if (step.kind === 'http-redirect') {
    const from = ctx.http.at(ex.causedBy!)!
    return {
      title: text(`Redirected: ${ex.method} ${ex.uri}${to}`, `리다이렉트: ${ex.method} ${ex.uri}${toKo}`),
      detail: text(
        `The ${from.status ?? '3xx'} answer to ${from.uri} named ${ex.uri} in its Location header, so the browser sends a new request there by itself: "${line}"${ex.referer ? '' : ', with no Referer'}${decrypted} (${fr(frames)}).`,
        `${from.uri}에 대한 ${from.status ?? '3xx'} 응답이 Location 헤더로 ${ex.uri}을(를) 알려 주었으므로 브라우저가 스스로 그 주소로 리퀘스트를 새로 보낸다: "${line}"${ex.referer ? '' : ', Referer 없음'}${decryptedKo} (${frKo(frames)}).`,
      ),
    }
  }
  if (step.concept === 'http.subresource') {
    const page = ctx.http.at(ex.causedBy!)!
    return {
      title: text(`write(): ${ex.method} ${ex.uri}${to}`, `write(): ${ex.method} ${ex.uri}${toKo}`),
      detail: text(
        `A second request, for a file the page ${page.uri} names: "${line}" with ${lines} header line(s); Referer ${ex.referer} says which page asked for it${decrypted} (${fr(frames)}).`,
        `페이지 ${page.uri}이(가) 가리키는 파일을 위한 또 하나의 리퀘스트: "${line}", 헤더 ${lines}행. Referer ${ex.referer}이(가) 요청한 페이지를 알려준다${decryptedKo} (${frKo(frames)}).`,
      ),
    }
  }
  if (step.concept === 'socket.send') {
    const bytes = ex.requestHead.length
    return {
      title: text(`write(): ${ex.method} ${ex.uri}${to}`, `write(): ${ex.method} ${ex.uri}${toKo}`),
      detail: text(
        `write() hands the request message (${bytes} bytes of head: "${line}", ${lines} header line(s), a blank line) to the protocol stack${fd !== null ? ` with descriptor ${fd}` : ''}; the stack sends it to the server in ${frames.length} segment(s)${decrypted} (${fr(frames)}).`,
        `write가 리퀘스트 메시지(헤더까지 ${bytes}바이트: "${line}", 헤더 ${lines}행, 공백 행)를 ${fd !== null ? `디스크립터 ${fd}와(과) 함께 ` : ''}프로토콜 스택에 넘기고, 스택은 세그먼트 ${frames.length}개로 서버에 송신한다${decryptedKo} (${frKo(frames)}).`,
      ),
    }
  }
  return {
    title: text(`write(): ${ex.method} ${ex.uri}${to}`, `write(): ${ex.method} ${ex.uri}${toKo}`),
    detail: text(
      `Another request: the method ${ex.method} says how, the URI ${ex.uri} says what: "${line}" with ${lines} header line(s)${decrypted} (${fr(frames)}).`,
      `또 하나의 리퀘스트: 메소드 ${ex.method}은(는) "어떻게", URI ${ex.uri}은(는) "무엇을" 나타낸다. "${line}", 헤더 ${lines}행${decryptedKo} (${frKo(frames)}).`,
    ),
  }
}

/** What each method asks the server to do (the notes' STORY 01 §4): the URI's part ("what") and
 * the method's ("how"). */
const METHOD_MEANING: Readonly<Record<string, { what: LocalizedText; how: LocalizedText }>> = {
  GET: { what: { en: 'the file to read on the server', ko: '서버에서 읽을 파일' }, how: { en: 'read it', ko: '읽기' } },
  HEAD: { what: { en: 'the file on the server', ko: '서버의 파일' }, how: { en: 'send back only its header, not its data', ko: '데이터 없이 헤더만 반송' } },
  POST: { what: { en: 'the program or resource on the server', ko: '서버의 프로그램이나 리소스' }, how: { en: "send it the form's data in the message body", ko: '메시지 본문에 폼 데이터를 담아 송신' } },
  PUT: { what: { en: 'the file on the server', ko: '서버의 파일' }, how: { en: 'replace that file with the message body, or create it when there is none', ko: '그 파일을 메시지 본문으로 치환하고, 없으면 새로 작성' } },
  DELETE: { what: { en: 'the file on the server', ko: '서버의 파일' }, how: { en: 'delete that file', ko: '그 파일을 삭제' } },
  OPTIONS: { what: { en: 'the resource on the server', ko: '서버의 리소스' }, how: { en: 'report the communication options: which methods it allows', ko: '통신 옵션 통지·조사: 허용되는 메소드' } },
  TRACE: {
    what: { en: 'the resource on the server', ko: '서버의 리소스' },
    how: { en: 'send back the request line and headers exactly as the server received them, to see how a proxy on the way rewrites a request', ko: '서버가 받은 리퀘스트 라인과 헤더를 그대로 반송, 프록시 등이 리퀘스트를 치환하는 상태 조사' },
  },
}

/** What the server did, for the methods that change or ask about the resource (PUT, DELETE,
 * OPTIONS, TRACE) and for a refused method (405) or a missing file (404): one sentence for exactly
 * this exchange's method and status, or null where the status line says it all. */
function methodOutcome(ex: HttpExchange): LocalizedText | null {
  const status = ex.status
  if (status === null) return null
  const { method, uri } = ex
  const header = (name: string): string | null => new RegExp(`\\r?\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(ex.responseHead ?? '')?.[1]?.trim() ?? null
  const code = ex.reason ? `${status} ${ex.reason}` : String(status)
  const allow = header('allow')
  const allowEn = allow !== null ? `its Allow header lists the methods allowed there: ${allow}` : 'the response has no Allow header to list them'
  const allowKo = allow !== null ? `Allow 헤더가 그곳에 허용된 메소드를 나열한다: ${allow}` : '응답에 그것을 나열할 Allow 헤더가 없다'
  if (status === 405) return text(`405 Method Not Allowed: the server does not allow ${method} on ${uri}; ${allowEn}.`, withParticles(`405 Method Not Allowed: 서버는 ${uri}에 ${method}을(를) 허용하지 않는다. ${allowKo}.`))
  if (method === 'PUT' && status === 201) return text(`201 Created: the server made a new file at ${uri} from the request's body (there was none there before).`, `201 Created: 서버가 리퀘스트의 본문으로 ${uri}에 새 파일을 만들었다(전에는 없었다).`)
  if (method === 'PUT' && (status === 200 || status === 204)) return text(`${code}: the server replaced the file at ${uri} with the request's body.`, `${code}: 서버가 ${uri}의 파일을 리퀘스트의 본문으로 치환했다.`)
  if (method === 'DELETE' && (status === 200 || status === 204)) return text(`${code}: the server deleted the file at ${uri}.`, `${code}: 서버가 ${uri}의 파일을 삭제했다.`)
  if (method === 'DELETE' && status === 202) return text(`202 Accepted: the server took the request to delete ${uri} but has not done it yet.`, `202 Accepted: 서버가 ${uri} 삭제 요청을 받아들였지만 아직 삭제하지 않았다.`)
  if (status === 404) return method === 'DELETE' ? text(`404 Not Found: there is no file at ${uri} to delete.`, `404 Not Found: ${uri}에는 삭제할 파일이 없다.`) : text(`404 Not Found: the server has no file at ${uri}.`, `404 Not Found: 서버의 ${uri}에는 파일이 없다.`)
  if (method === 'OPTIONS' && status >= 200 && status < 300) return text(`The server's communication options for ${uri}: ${allowEn}.`, `${uri}에 대한 서버의 통신 옵션: ${allowKo}.`)
  if (method === 'TRACE' && status >= 200 && status < 300) {
    const size = ex.bodyBytes?.decoded ?? 0
    return text(
      `The body (${size} bytes${ex.contentType ? `, ${ex.contentType}` : ''}) is the request line and header lines as the server received them; compare them with the request sent: a proxy on the way would show here what it changed.`,
      `본문(${size}바이트${ex.contentType ? `, ${ex.contentType}` : ''})은 서버가 받은 리퀘스트 라인과 헤더 그대로이다. 보낸 리퀘스트와 비교해 보면, 중간에 프록시가 있을 때 무엇을 바꾸었는지 여기서 보인다.`,
    )
  }
  if (method === 'HEAD' && status >= 200 && status < 300) return text('HEAD: the server sent the header a GET would get, and no body.', 'HEAD: 서버가 GET과 같은 헤더만 보내고 본문은 보내지 않았다.')
  return null
}

/** The Location header of a response head, if it has one. */
const locationOf = (head: string | null): string | undefined => /\r?\nlocation:[ \t]*([^\r\n]*)/i.exec(head ?? '')?.[1]?.trim()

/** A response: read() into the receive buffer (the first one), a redirect (3xx), another status
 * class (1xx, 4xx, 5xx), or the response message's parts; with what the server did for the
 * methods that change or ask about the resource (methodOutcome). */
function responseStep(ctx: PlanContext, plan: Plan, ex: PlannedHttp, hi: number, ci: number, showRead: boolean): void {
  const status = ex.status!
  const frames = ex.responseFrames?.length ? ex.responseFrames : [ex.response_frame!]
  const t = ctx.frameTime(ex.response_frame!)
  const refs = { connection: ci, http: hi }
  if (status >= 300 && status < 400 && locationOf(entityField(ctx.http, hi, 'responseHead'))) plan(t, 'http-response', 'http.redirect', frames, refs)
  else if (status < 200 || status >= 300) plan(t, 'http-response', 'http.status-code', frames, refs)
  else if (showRead) plan(t, 'receive', 'socket.receive', frames, refs)
  else plan(t, 'http-response', 'http.response-message', frames, refs)
}

/** The words of responseStep's steps, by the kind and concept it chose. */
function responseWords(ctx: StepContext, step: StepCore): StepWords {
  const ex = ctx.http.at(step.refs.http!)!
  const fd = connectionOf(ctx, step).phases.socket?.fd ?? null
  const outcome = methodOutcome(ex)
  const told = (en: string, ko: string): LocalizedText => (outcome === null ? text(en, ko) : text(`${en} ${outcome.en}`, `${ko} ${outcome.ko}`))
  const status = ex.status!
  const frames = step.frames
  const line = firstLine(ex.responseHead)
  const b = ex.bodyBytes
  const sizeEn = b ? `${b.wire} bytes${b.decoded !== b.wire ? ` (${b.decoded} after decoding${ex.contentEncoding ? ` ${ex.contentEncoding}` : ''})` : ''}` : 'no body'
  const sizeKo = b ? `${b.wire}바이트${b.decoded !== b.wire ? `(${ex.contentEncoding ? `${ex.contentEncoding} ` : ''}디코딩 후 ${b.decoded}바이트)` : ''}` : '없음'
  const te = ex.transferEncoding ? `, ${ex.transferEncoding}` : ''
  const type = ex.contentType ? `, ${ex.contentType}` : ''
  const title = text(`read(): ${status} ${ex.reason ?? ''} for ${ex.uri}`.trim(), `read(): ${ex.uri}에 대한 ${status} ${ex.reason ?? ''}`.trim())
  if (step.kind === 'receive') {
    return {
      title,
      detail: told(
        `read()${fd !== null ? ` on descriptor ${fd}` : ''} collects the response as it arrives, ${frames.length} segment(s), into the receive buffer: status line "${line}"${type}, body ${sizeEn}${te} (${fr(frames)}).`,
        `${fd !== null ? `디스크립터 ${fd}에 대한 ` : ''}read가 도착한 응답(세그먼트 ${frames.length}개)을 수신 버퍼에 저장한다: 스테이터스 라인 "${line}"${type}, 본문 ${sizeKo}${te} (${frKo(frames)}).`,
      ),
    }
  }
  if (step.concept === 'http.redirect') {
    const location = locationOf(ex.responseHead)
    return {
      title,
      detail: text(
        `Status line "${line}": a 3xx code, another action is needed. Location ${location} names where to ask instead (${fr(frames)}).`,
        `스테이터스 라인 "${line}": 3xx 코드로, 다른 조치가 필요하다. Location ${location}이(가) 대신 물어볼 곳을 알려 준다 (${frKo(frames)}).`,
      ),
    }
  }
  if (step.concept === 'http.status-code') {
    const klass = Math.floor(status / 100)
    const meaningEn = klass === 1 ? 'progress' : klass === 3 ? 'another action is needed' : klass === 4 ? "an error on the client's side" : klass === 5 ? "an error on the server's side" : 'not a standard class'
    const meaningKo = klass === 1 ? '처리 경과 통지' : klass === 3 ? '다른 조치 필요' : klass === 4 ? '클라이언트 측 오류' : klass === 5 ? '서버 측 오류' : '표준이 아닌 코드'
    return { title, detail: told(`Status line "${line}": ${klass}xx, ${meaningEn}${type}, body ${sizeEn}${te} (${fr(frames)}).`, `스테이터스 라인 "${line}": ${klass}xx, ${meaningKo}${type}, 본문 ${sizeKo}${te} (${frKo(frames)}).`) }
  }
  const binary = ex.contentType !== null && !/^text\/|json|xml|javascript|html/i.test(ex.contentType)
  return {
    title,
    detail: told(
      `Status line "${line}", ${headerLines(ex.responseHead ?? '')} header line(s), a blank line, then the body: ${sizeEn}${type}${binary ? ' (binary data)' : ''}${te} (${fr(frames)}).`,
      `스테이터스 라인 "${line}", 헤더 ${headerLines(ex.responseHead ?? '')}행, 공백 행, 그리고 본문: ${sizeKo}${type}${binary ? '(바이너리 데이터)' : ''}${te} (${frKo(frames)}).`,
    ),
  }
}

/** HSTS (journal only: no packet): an http:// URL the browser made https:// itself, because the
 * host sent Strict-Transport-Security over HTTPS before (RFC 6797 §8.3). */
function hstsSteps(ctx: StepContext, plan: Plan): void {
  ctx.journal?.hsts.forEach((u, record) => plan(u.at / 1000 - ctx.firstEpoch, 'hsts-upgrade', 'http.hsts', [], {}, record))
}

function hstsWords(ctx: StepContext, record: number): StepWords {
  const u = ctx.journal!.hsts[record]!
  return {
    title: text(`HSTS: ${u.from} becomes ${u.to} with no request`, `HSTS: ${u.from}을(를) 요청 없이 ${u.to}(으)로 바꾼다`),
    detail: text(
      `${u.host} sent Strict-Transport-Security in its HTTPS response to ${u.learntFrom}, so the browser reaches it over HTTPS only: it changes the scheme (and port 80 to 443) itself before anything is sent, and no http:// request goes out (RFC 6797 §8.3; Chrome shows this as a "307 Internal Redirect").`,
      `${u.host}이(가) ${u.learntFrom}에 대한 HTTPS 응답에 Strict-Transport-Security 헤더를 보냈으므로 브라우저는 이 호스트에 HTTPS로만 접속한다. 아무것도 보내기 전에 스킴(과 포트 80 → 443)을 스스로 바꾸므로 http:// 리퀘스트는 나가지 않는다(RFC 6797 §8.3, 크롬에서는 "307 Internal Redirect"로 보인다).`,
    ),
  }
}

/** Requests that failed (the journal's http records with an error): the step where the load, or
 * one of its files, stopped, named by the phase it stopped in and the server. */
function failedRequestSteps(ctx: StepContext, plan: Plan): void {
  const end = ctx.journal?.end ?? null
  ctx.journal?.http.forEach((h, record) => {
    if (h.error === undefined) return
    const at = h.at !== undefined ? h.at / 1000 - ctx.firstEpoch : end !== null ? end.at / 1000 - ctx.firstEpoch : 0
    plan(at, 'fetch-failed', FAILED_AT[h.phase ?? 'none'].concept, [], {}, record)
  })
}

function failedRequestWords(ctx: StepContext, record: number): StepWords {
  const end = ctx.journal!.end
  const h = ctx.journal!.http[record]!
  const server = h.server ?? h.url
  const page = end?.error !== undefined && h.error === `${end.error.code}: ${end.error.message}`
  const where = FAILED_AT[h.phase ?? 'none']
  return {
    title: text(where.en(server), where.ko(server)),
    detail: text(
      `${h.method} ${h.url}: ${h.error}. ${page ? 'The page did not load; the capture keeps everything up to here.' : 'The page goes on without it.'}`,
      `${h.method} ${h.url}: ${koreanError(h.error)}. ${page ? '페이지를 불러오지 못했다. 여기까지의 통신은 캡처에 남아 있다.' : '이 파일 없이 페이지를 계속 불러온다.'}`,
    ),
  }
}

/** A request's error as the journal keeps it ("CODE: message", the engine's English), for the Korean
 * step: what the code means from the one table of error words (quoted, as the app says it), then the
 * code and the engine's message with its specifics. A code the table does not know (a journal from
 * another version) is shown as kept. */
function koreanError(error: string | undefined): string {
  if (error === undefined) return `${error}` // as the English template writes it
  const code = /^([A-Z][A-Z0-9_]*): /.exec(error)?.[1]
  const meaning = code === undefined ? null : errorMeaning(code)
  return meaning === null ? error : `"${meaning.ko}" (${error})`
}

/** The name and type of a recording of a dns: URI ("dns:cyber.co.kr?type=MX", as the recorder
 * writes it in the journal), or null for a page. */
function dnsLookupOf(url: string): { name: string; type: string } | null {
  const match = /^dns:([^?]+)(?:\?type=([A-Za-z0-9]+))?$/i.exec(url)
  return match ? { name: match[1]!, type: (match[2] ?? 'A').toUpperCase() } : null
}
