// The DNS transactions of a capture as compact entities: one row per transaction in typed-array
// columns, its records in record columns, and every name and record datum as an id into one table
// of texts (each distinct text once). A capture of a million packets holds about a hundred thousand
// transactions; as objects (with an object per record and a string per name) they were a large part
// of the heap the garbage collector keeps marking. A row becomes the walkthrough's DnsTransaction
// only when something asks for it (`at`): the steps, the questions, the detail's links, a window
// of the lesson, inspect --json. `at` builds every field of the schema's type, in its order (the
// JSON is byte for byte what the objects gave), so a field added to DnsTransaction is a compile
// error here until it is stored.
import { endpoint } from '../decode/core.ts'
import { dnsClassName, dnsRcodeName, dnsTypeName } from '../dns/types.ts'
import type { DnsRecordView, HopOutcome } from '../shared/resolver-events.ts'
import { EntityRows } from './entity-rows.ts'
import type { DnsTransaction } from '../shared/walkthrough.ts'
import type { PlannedDns } from './steps.ts'
import { grown, intern, resized } from './columns.ts'

/** Bits of a row's `bits` column. */
const AA = 1
const TC = 2
const RD = 4
const RA = 8
const TCP = 16
/** The response was seen (rcode and the records are set). */
const ANSWERED = 32

/** The outcomes a transaction may be classified as, by their code in the `outcome` column (-1: none
 * yet). Every HopOutcome has one: the compiler says when a new one is missing. */
const OUTCOME_CODES: Record<HopOutcome, number> = { answer: 0, referral: 1, cname: 2, nxdomain: 3, nodata: 4, lame: 5, timeout: 6, cache: 7, throwaway: 8 }
const OUTCOMES = Object.keys(OUTCOME_CODES).sort((a, b) => OUTCOME_CODES[a as HopOutcome] - OUTCOME_CODES[b as HopOutcome]) as HopOutcome[]

/** FNV-1a's 32-bit offset basis and prime (the hashes that find a response or an answer set seen before). */
const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** Rows and records are allocated in chunks of this many at first, then doubled. */
const FIRST_CHUNK = 1024

/** What a response gives a transaction. */
export interface DnsResponseFields {
  rcode: number
  /** The OPT record's full rcode (RFC 6891 §6.1.3), or -1 without one. */
  extendedRcode: number
  aa: boolean
  tc: boolean
  ra: boolean
  frame: number
  t: number
}

export class DnsStore extends EntityRows<DnsTransaction> {
  length = 0
  private id = new Uint16Array(FIRST_CHUNK)
  private bits = new Uint8Array(FIRST_CHUNK)
  /** Question name and type: a text id (-1: the message had no question) and the type's code. */
  private qname = new Int32Array(FIRST_CHUNK)
  private qtype = new Uint16Array(FIRST_CHUNK)
  private rcode = new Uint16Array(FIRST_CHUNK)
  /** The EDNS full rcode when above 15, else -1. */
  private extendedRcode = new Int32Array(FIRST_CHUNK)
  /** Endpoints: address ids of the frame table (its `addresses`) and ports. */
  private clientAddress = new Uint32Array(FIRST_CHUNK)
  private clientPort = new Uint16Array(FIRST_CHUNK)
  private serverAddress = new Uint32Array(FIRST_CHUNK)
  private serverPort = new Uint16Array(FIRST_CHUNK)
  /** 1-based frames; 0: not in the capture. */
  private queryFrame = new Uint32Array(FIRST_CHUNK)
  private responseFrame = new Uint32Array(FIRST_CHUNK)
  /** Seconds since frame 1; -1: not in the capture. */
  private queryTime = new Float64Array(FIRST_CHUNK)
  private responseTime = new Float64Array(FIRST_CHUNK)
  private outcomeCode = new Int8Array(FIRST_CHUNK)
  /** The response's records: the first in the record columns, and how many per section. */
  private firstRecord = new Uint32Array(FIRST_CHUNK)
  private answerCount = new Uint16Array(FIRST_CHUNK)
  private authorityCount = new Uint16Array(FIRST_CHUNK)
  private additionalCount = new Uint16Array(FIRST_CHUNK)

  private records = 0
  private recordName = new Uint32Array(FIRST_CHUNK)
  private recordType = new Uint16Array(FIRST_CHUNK)
  /** The class without mDNS's cache-flush bit (as the record views write it). */
  private recordClass = new Uint16Array(FIRST_CHUNK)
  private recordTtl = new Uint32Array(FIRST_CHUNK)
  private recordData = new Uint32Array(FIRST_CHUNK)

  /** Names and record data, each distinct text once. */
  private readonly texts: string[] = []
  private readonly textIds = new Map<string, number>()
  private readonly endpoints = new Map<number, string>()
  /** Text id → 1 + the id of its lowercase form in lowerNames (0: not yet known; questionKey). */
  private lowered = new Int32Array(0)
  private readonly lowerNames: string[] = []
  private readonly lowerNameIds = new Map<string, number>()
  /** Each distinct answer set once (sharedAnswers), by a hash of its records: where its records
   * are (the first transaction that had it) and the one array every such transaction shares. */
  private readonly answerSets = new Map<number, { first: number; count: number; answers: DnsRecordView[] }[]>()

  /** `addresses`: the frame table's address texts (the endpoints' ids index it). */
  constructor(private readonly addresses: readonly string[]) {
    super()
  }

  /** A new transaction from its first message (a query, or a response whose query the capture lacks). */
  add(messageId: number, qname: string | null, qtype: number, rd: boolean, transport: 'udp' | 'tcp', clientAddress: number, clientPort: number, serverAddress: number, serverPort: number): number {
    if (this.length === this.id.length) this.growRows()
    const i = this.length++
    this.id[i] = messageId
    this.bits[i] = (rd ? RD : 0) | (transport === 'tcp' ? TCP : 0)
    this.qname[i] = qname === null ? -1 : this.text(qname)
    this.qtype[i] = qtype
    this.rcode[i] = 0
    this.extendedRcode[i] = -1
    this.clientAddress[i] = clientAddress
    this.clientPort[i] = clientPort
    this.serverAddress[i] = serverAddress
    this.serverPort[i] = serverPort
    this.queryFrame[i] = 0
    this.responseFrame[i] = 0
    this.queryTime[i] = -1
    this.responseTime[i] = -1
    this.outcomeCode[i] = -1
    this.firstRecord[i] = this.records
    this.answerCount[i] = 0
    this.authorityCount[i] = 0
    this.additionalCount[i] = 0
    return i
  }

  /** The query of transaction `i` was frame `frame` (1-based) at `t`. */
  setQuery(i: number, frame: number, t: number): void {
    this.queryFrame[i] = frame
    this.queryTime[i] = t
  }

  /** The response of transaction `i`; its records follow with `addRecord` (answers, then authority,
   * then additional, as the message holds them). */
  setResponse(i: number, r: DnsResponseFields): void {
    this.bits[i] = (this.bits[i]! & (RD | TCP)) | ANSWERED | (r.aa ? AA : 0) | (r.tc ? TC : 0) | (r.ra ? RA : 0)
    this.rcode[i] = r.rcode
    this.extendedRcode[i] = r.extendedRcode > 15 ? r.extendedRcode : -1
    this.responseFrame[i] = r.frame
    this.responseTime[i] = r.t
    this.firstRecord[i] = this.records
    this.answerCount[i] = 0
    this.authorityCount[i] = 0
    this.additionalCount[i] = 0
  }

  /** One record of the response just set (`section`: 0 answers, 1 authority, 2 additional). */
  addRecord(i: number, section: 0 | 1 | 2, name: string, typeCode: number, classCode: number, ttl: number, data: string): void {
    if (this.records === this.recordName.length) this.growRecords()
    const r = this.records++
    this.recordName[r] = this.text(name)
    this.recordType[r] = typeCode
    this.recordClass[r] = classCode & 0x7fff
    this.recordTtl[r] = ttl
    this.recordData[r] = this.text(data)
    if (section === 0) this.answerCount[i]!++
    else if (section === 1) this.authorityCount[i]!++
    else this.additionalCount[i]!++
  }

  /** The classification of transaction `i`'s response (resolutions.ts). */
  setOutcome(i: number, outcome: HopOutcome | null): void {
    this.outcomeCode[i] = outcome === null ? -1 : OUTCOME_CODES[outcome]
  }

  /** Whether transaction `i` was asked by `clientAddress` of `serverAddress` (frame table ids) with
   * this question: its name compared without regard to case, and its type code; `null` for a
   * message without a question, `undefined` for any question. What the DNS tracker matches a
   * response on (with the id, ports and transport it finds the candidates by). */
  asks(i: number, clientAddress: number, serverAddress: number, qname: string | null | undefined, qtype: number): boolean {
    if (this.clientAddress[i] !== clientAddress || this.serverAddress[i] !== serverAddress) return false
    if (qname === undefined) return true
    const asked = this.qname[i]!
    if (qname === null || asked < 0) return qname === null && asked < 0
    if (this.qtype[i] !== qtype) return false
    const text = this.texts[asked]!
    // toLowerCase returns the same string when there is nothing to change: no text made then.
    return text === qname || text.toLowerCase() === qname.toLowerCase()
  }

  /** Transaction `i`'s question as the resolution chains group transactions by it: its name
   * without regard to case, its type and whether it asked for recursion, as one number (−1: no
   * question), so no text is made per transaction to find its chain. */
  questionKey(i: number): number {
    const q = this.qname[i]!
    if (q < 0) return -1
    return (this.lowerNameId(q) * 65536 + this.qtype[i]!) * 2 + ((this.bits[i]! & RD) !== 0 ? 1 : 0)
  }

  /** The client's address as the frame table's id (the same address, the same id). */
  clientAddressId(i: number): number {
    return this.clientAddress[i]!
  }

  /** An id of text `q`'s lowercase form: the same for every text that differs only in case. */
  private lowerNameId(q: number): number {
    if (q >= this.lowered.length) this.lowered = resized(this.lowered, Math.max(q + 1, this.lowered.length * 2))
    let id = this.lowered[q]! - 1
    if (id < 0) {
      id = intern(this.lowerNames, this.lowerNameIds, this.texts[q]!.toLowerCase())
      this.lowered[q] = id + 1
    }
    return id
  }

  /** What the resolution chains read without building the whole transaction. */
  queryT(i: number): number {
    return this.queryTime[i]!
  }

  responseT(i: number): number {
    return this.responseTime[i]!
  }

  clientIp(i: number): string {
    return this.addresses[this.clientAddress[i]!]!
  }

  serverIp(i: number): string {
    return this.addresses[this.serverAddress[i]!]!
  }

  serverPortOf(i: number): number {
    return this.serverPort[i]!
  }

  /** What the steps' plan reads of transaction i (steps.ts PlannedDns), from the columns, in one
   * object of fixed shape. */
  planned(i: number): PlannedDns {
    return { qname: this.qnameOf(i), qtype: this.qtypeOf(i), rd: this.rdOf(i), aa: this.aaOf(i), tc: this.tcOf(i), rcode: this.rcodeOf(i), query_frame: this.queryFrameOf(i), response_frame: this.responseFrameOf(i) }
  }

  /** One field of transaction `i`, as `at(i)` would give it, without making the rest (the steps'
   * words and the lesson read a few fields by name). Readers that know the field they want (the
   * resolution chains' DnsEntry reads a dozen of every transaction) call its reader below directly:
   * no switch over the keys per read. */
  override field<K extends keyof DnsTransaction>(i: number, key: K): DnsTransaction[K] {
    return this.fieldOf(i, key) as DnsTransaction[K]
  }

  private fieldOf(i: number, key: keyof DnsTransaction): DnsTransaction[keyof DnsTransaction] {
    switch (key) {
      case 'id':
        return this.idOf(i)
      case 'qname':
        return this.qnameOf(i)
      case 'qtype':
        return this.qtypeOf(i)
      case 'rcode':
        return this.rcodeOf(i)
      case 'aa':
        return this.aaOf(i)
      case 'tc':
        return this.tcOf(i)
      case 'rd':
        return this.rdOf(i)
      case 'ra':
        return this.raOf(i)
      case 'transport':
        return this.transportOf(i)
      case 'client':
        return this.clientOf(i)
      case 'server':
        return this.serverOf(i)
      case 'query_frame':
        return this.queryFrameOf(i)
      case 'response_frame':
        return this.responseFrameOf(i)
      case 'rtt_ms':
        return this.rttOf(i)
      case 'answers':
        return this.answersOf(i)
      case 'authority':
        return this.authorityOf(i)
      case 'additional':
        return this.additionalOf(i)
      case 'outcome':
        return this.outcomeOf(i)
      case 'extended_rcode':
        return this.extendedRcodeOf(i)
    }
  }

  /** Each field of transaction `i` as `at(i)` gives it (row() builds the whole transaction from these). */
  idOf(i: number): number {
    return this.id[i]!
  }

  qnameOf(i: number): string {
    const q = this.qname[i]!
    return q < 0 ? '' : this.texts[q]!
  }

  qtypeOf(i: number): string {
    return this.qname[i]! < 0 ? '' : dnsTypeName(this.qtype[i]!)
  }

  rcodeOf(i: number): string | null {
    return (this.bits[i]! & ANSWERED) !== 0 ? dnsRcodeName(this.rcode[i]!) : null
  }

  aaOf(i: number): boolean {
    return (this.bits[i]! & AA) !== 0
  }

  tcOf(i: number): boolean {
    return (this.bits[i]! & TC) !== 0
  }

  rdOf(i: number): boolean {
    return (this.bits[i]! & RD) !== 0
  }

  raOf(i: number): boolean {
    return (this.bits[i]! & RA) !== 0
  }

  transportOf(i: number): 'udp' | 'tcp' {
    return (this.bits[i]! & TCP) !== 0 ? 'tcp' : 'udp'
  }

  clientOf(i: number): string {
    return this.endpoint(this.clientAddress[i]!, this.clientPort[i]!)
  }

  serverOf(i: number): string {
    return this.endpoint(this.serverAddress[i]!, this.serverPort[i]!)
  }

  queryFrameOf(i: number): number | null {
    const frame = this.queryFrame[i]!
    return frame === 0 ? null : frame
  }

  responseFrameOf(i: number): number | null {
    return (this.bits[i]! & ANSWERED) !== 0 ? this.responseFrame[i]! : null
  }

  rttOf(i: number): number | null {
    const queryT = this.queryTime[i]!
    return (this.bits[i]! & ANSWERED) !== 0 && queryT >= 0 ? Math.round((this.responseTime[i]! - queryT) * 1e6) / 1e3 : null
  }

  answersOf(i: number): DnsRecordView[] {
    return this.recordsOf(this.firstRecord[i]!, this.answerCount[i]!)
  }

  authorityOf(i: number): DnsRecordView[] {
    return this.recordsOf(this.firstRecord[i]! + this.answerCount[i]!, this.authorityCount[i]!)
  }

  additionalOf(i: number): DnsRecordView[] {
    return this.recordsOf(this.firstRecord[i]! + this.answerCount[i]! + this.authorityCount[i]!, this.additionalCount[i]!)
  }

  outcomeOf(i: number): HopOutcome | null {
    const code = this.outcomeCode[i]!
    return code < 0 ? null : OUTCOMES[code]!
  }

  /** The EDNS full rcode's name when above 15 (the key is absent otherwise). */
  extendedRcodeOf(i: number): string | undefined {
    const extended = this.extendedRcode[i]!
    return extended < 0 ? undefined : dnsRcodeName(extended)
  }

  /** The transaction as the walkthrough shows it (a new object each time: change it through the store). */
  protected row(i: number): DnsTransaction {
    const tx: DnsTransaction = {
      id: this.idOf(i),
      qname: this.qnameOf(i),
      qtype: this.qtypeOf(i),
      rcode: this.rcodeOf(i),
      aa: this.aaOf(i),
      tc: this.tcOf(i),
      rd: this.rdOf(i),
      ra: this.raOf(i),
      transport: this.transportOf(i),
      client: this.clientOf(i),
      server: this.serverOf(i),
      query_frame: this.queryFrameOf(i),
      response_frame: this.responseFrameOf(i),
      rtt_ms: this.rttOf(i),
      answers: this.answersOf(i),
      authority: this.authorityOf(i),
      additional: this.additionalOf(i),
      outcome: this.outcomeOf(i),
    }
    const extended = this.extendedRcodeOf(i)
    if (extended !== undefined) tx.extended_rcode = extended
    return tx
  }

  /** The answers of transaction `i` as one array shared with every transaction whose answers are the
   * same records (each distinct answer set once): a resolution chain keeps its final answers for the
   * whole time the capture is open, and most chains of a capture end in an answer seen before.
   * Read-only, like every record view. */
  sharedAnswers(i: number): DnsRecordView[] {
    const first = this.firstRecord[i]!
    const count = this.answerCount[i]!
    // Found by a hash of the records' columns, then compared column by column: no key text made.
    const hash = this.recordsHash(FNV_OFFSET, first, count, true)
    let sets = this.answerSets.get(hash)
    if (sets === undefined) this.answerSets.set(hash, (sets = []))
    for (const set of sets) if (set.count === count && this.sameRecords(set.first, first, count, true)) return set.answers
    const answers = this.recordsOf(first, count)
    sets.push({ first, count, answers })
    return answers
  }

  /** A hash of what a classification reads of transaction `i`'s response (dns/classify.ts: the
   * rcode, AA, RA, RD, the question, and each record's name, type, class and data — not its TTL),
   * for finding a response classified before (sameResponse says whether it is). */
  responseHash(i: number): number {
    let h = FNV_OFFSET
    h = Math.imul(h ^ (this.bits[i]! & (ANSWERED | AA | RA | RD)), FNV_PRIME)
    h = Math.imul(h ^ this.rcode[i]!, FNV_PRIME)
    h = Math.imul(h ^ this.qname[i]!, FNV_PRIME)
    h = Math.imul(h ^ this.qtype[i]!, FNV_PRIME)
    h = Math.imul(h ^ this.answerCount[i]!, FNV_PRIME)
    h = Math.imul(h ^ this.authorityCount[i]!, FNV_PRIME)
    h = Math.imul(h ^ this.additionalCount[i]!, FNV_PRIME)
    return this.recordsHash(h, this.firstRecord[i]!, this.answerCount[i]! + this.authorityCount[i]! + this.additionalCount[i]!, false)
  }

  /** Whether transactions `i` and `j` have the same response as a classification reads it (their
   * question's name compared as stored: the same text). */
  sameResponse(i: number, j: number): boolean {
    const mask = ANSWERED | AA | RA | RD
    if ((this.bits[i]! & mask) !== (this.bits[j]! & mask) || this.rcode[i] !== this.rcode[j] || this.qname[i] !== this.qname[j] || this.qtype[i] !== this.qtype[j]) return false
    const count = this.answerCount[i]! + this.authorityCount[i]! + this.additionalCount[i]!
    if (this.answerCount[i] !== this.answerCount[j] || this.authorityCount[i] !== this.authorityCount[j] || this.additionalCount[i] !== this.additionalCount[j]) return false
    return this.sameRecords(this.firstRecord[i]!, this.firstRecord[j]!, count, false)
  }

  /** FNV-1a over `count` records from row `first` (each record's name, type, class, data, and TTL when `ttl`). */
  private recordsHash(h: number, first: number, count: number, ttl: boolean): number {
    for (let r = first; r < first + count; r++) {
      h = Math.imul(h ^ this.recordName[r]!, FNV_PRIME)
      h = Math.imul(h ^ this.recordType[r]!, FNV_PRIME)
      h = Math.imul(h ^ this.recordClass[r]!, FNV_PRIME)
      h = Math.imul(h ^ this.recordData[r]!, FNV_PRIME)
      if (ttl) h = Math.imul(h ^ this.recordTtl[r]!, FNV_PRIME)
    }
    return h >>> 0
  }

  /** Whether the `count` records from rows `a` and `b` are the same (TTLs too when `ttl`). */
  private sameRecords(a: number, b: number, count: number, ttl: boolean): boolean {
    if (a === b) return true
    for (let k = 0; k < count; k++) {
      const x = a + k
      const y = b + k
      if (this.recordName[x] !== this.recordName[y] || this.recordType[x] !== this.recordType[y] || this.recordClass[x] !== this.recordClass[y] || this.recordData[x] !== this.recordData[y]) return false
      if (ttl && this.recordTtl[x] !== this.recordTtl[y]) return false
    }
    return true
  }

  private recordsOf(first: number, count: number): DnsRecordView[] {
    const out: DnsRecordView[] = new Array(count)
    for (let k = 0; k < count; k++) {
      const r = first + k
      out[k] = { name: this.texts[this.recordName[r]!]!, type: dnsTypeName(this.recordType[r]!), class: dnsClassName(this.recordClass[r]!), ttl: this.recordTtl[r]!, data: this.texts[this.recordData[r]!]! }
    }
    return out
  }

  /** "address:port" ("[v6]:port"), written once per address and port (hops keep it as their server). */
  private endpoint(address: number, port: number): string {
    const key = address * 65536 + port
    let text = this.endpoints.get(key)
    if (text === undefined) {
      text = endpoint(this.addresses[address]!, port)
      this.endpoints.set(key, text)
    }
    return text
  }

  private text(s: string): number {
    return intern(this.texts, this.textIds, s)
  }

  private growRows(): void {
    const n = this.id.length * 2
    this.id = grown(this.id, n)
    this.bits = grown(this.bits, n)
    this.qname = grown(this.qname, n)
    this.qtype = grown(this.qtype, n)
    this.rcode = grown(this.rcode, n)
    this.extendedRcode = grown(this.extendedRcode, n)
    this.clientAddress = grown(this.clientAddress, n)
    this.clientPort = grown(this.clientPort, n)
    this.serverAddress = grown(this.serverAddress, n)
    this.serverPort = grown(this.serverPort, n)
    this.queryFrame = grown(this.queryFrame, n)
    this.responseFrame = grown(this.responseFrame, n)
    this.queryTime = grown(this.queryTime, n)
    this.responseTime = grown(this.responseTime, n)
    this.outcomeCode = grown(this.outcomeCode, n)
    this.firstRecord = grown(this.firstRecord, n)
    this.answerCount = grown(this.answerCount, n)
    this.authorityCount = grown(this.authorityCount, n)
    this.additionalCount = grown(this.additionalCount, n)
  }

  private growRecords(): void {
    const n = this.recordName.length * 2
    this.recordName = grown(this.recordName, n)
    this.recordType = grown(this.recordType, n)
    this.recordClass = grown(this.recordClass, n)
    this.recordTtl = grown(this.recordTtl, n)
    this.recordData = grown(this.recordData, n)
  }
}
