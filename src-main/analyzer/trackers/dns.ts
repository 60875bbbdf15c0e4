// The DNS tracker: DNS messages (a UDP datagram, or one message of a DNS-over-TCP stream) become
// transactions — a query and the response that answers it, matched on id, 5-tuple and question, in
// the order they were asked (responses may come out of order). A response whose query is not in the
// capture is a transaction of its own. The transactions are kept as rows of a DnsStore (compact
// columns, made into objects when read). Resolution chains are built from these afterwards
// (resolutions.ts).
import { dnsInfo } from '../../decode/dns.ts'
import { readLean, LeanMessage } from '../../dns/lean.ts'
import { readMessage, FLAG } from '../../dns/wire.ts'
import type { DnsRecordView, HopOutcome } from '../../shared/resolver-events.ts'
import type { DnsTransaction } from '../../shared/walkthrough.ts'
import { DnsStore, type DnsResponseFields } from '../dns-store.ts'
import { DnsTcpDirection, DnsTcpSegments } from '../dns-tcp.ts'
import { PROTOCOL_BITS, type FrameTable } from '../frame-table.ts'
import type { AppInfo, ConnectionEnds, TcpHandoff } from '../handoff.ts'
import type { StreamConsumer } from '../tcp-reassembly.ts'

/** What the resolution chains read of a transaction (resolutions.ts): its fields, each read from the
 * store's columns when asked (records are made anew at each read), and what the chains group by. */
export interface DnsTx extends Readonly<Pick<DnsTransaction, 'id' | 'qname' | 'qtype' | 'rcode' | 'aa' | 'ra' | 'rd' | 'tc' | 'server' | 'query_frame' | 'response_frame' | 'rtt_ms' | 'answers' | 'authority' | 'additional' | 'outcome'>> {
  readonly queryT: number
  readonly responseT: number
  readonly clientIp: string
  readonly serverIp: string
  readonly serverPort: number
  /** The client's address as a number (the same address, the same number). */
  readonly clientAddress: number
  /** The question as a number (DnsStore.questionKey: its name without regard to case, type and RD;
   * −1: none). */
  readonly questionKey: number
  /** The answers as a chain keeps them: one array for every transaction with the same answers. */
  readonly keptAnswers: DnsRecordView[]
  /** Keeps a classification (the store's outcome column). */
  setOutcome(outcome: HopOutcome): HopOutcome
  /** A hash of what a classification reads of the response (DnsStore.responseHash). */
  readonly responseHash: number
  /** Whether `other` has the same response as a classification reads it (so the same outcome). */
  sameResponse(other: DnsTx): boolean
}

/** Transaction `index` of `store` as a DnsTx: each getter reads its column through the store's
 * reader of that field (no lookup by key name: the chains read these for every transaction). */
class DnsEntry implements DnsTx {
  constructor(
    private readonly store: DnsStore,
    private readonly index: number,
  ) {}

  get id(): number {
    return this.store.idOf(this.index)
  }
  get qname(): string {
    return this.store.qnameOf(this.index)
  }
  get qtype(): string {
    return this.store.qtypeOf(this.index)
  }
  get rcode(): string | null {
    return this.store.rcodeOf(this.index)
  }
  get aa(): boolean {
    return this.store.aaOf(this.index)
  }
  get ra(): boolean {
    return this.store.raOf(this.index)
  }
  get rd(): boolean {
    return this.store.rdOf(this.index)
  }
  get tc(): boolean {
    return this.store.tcOf(this.index)
  }
  get server(): string {
    return this.store.serverOf(this.index)
  }
  get query_frame(): number | null {
    return this.store.queryFrameOf(this.index)
  }
  get response_frame(): number | null {
    return this.store.responseFrameOf(this.index)
  }
  get rtt_ms(): number | null {
    return this.store.rttOf(this.index)
  }
  get answers(): DnsRecordView[] {
    return this.store.answersOf(this.index)
  }
  get authority(): DnsRecordView[] {
    return this.store.authorityOf(this.index)
  }
  get additional(): DnsRecordView[] {
    return this.store.additionalOf(this.index)
  }
  get keptAnswers(): DnsRecordView[] {
    return this.store.sharedAnswers(this.index)
  }
  get outcome(): HopOutcome | null {
    return this.store.outcomeOf(this.index)
  }
  get queryT(): number {
    return this.store.queryT(this.index)
  }
  get responseT(): number {
    return this.store.responseT(this.index)
  }
  get clientIp(): string {
    return this.store.clientIp(this.index)
  }
  get serverIp(): string {
    return this.store.serverIp(this.index)
  }
  get serverPort(): number {
    return this.store.serverPortOf(this.index)
  }
  get clientAddress(): number {
    return this.store.clientAddressId(this.index)
  }
  get questionKey(): number {
    return this.store.questionKey(this.index)
  }

  setOutcome(outcome: HopOutcome): HopOutcome {
    this.store.setOutcome(this.index, outcome)
    return outcome
  }

  get responseHash(): number {
    return this.store.responseHash(this.index)
  }

  sameResponse(other: DnsTx): boolean {
    return other instanceof DnsEntry && other.store === this.store && this.store.sameResponse(this.index, other.index)
  }
}

/** Every transaction of `store` as a DnsTx (small objects: the fields are read when asked). */
export function dnsEntries(store: DnsStore): DnsTx[] {
  return Array.from({ length: store.length }, (_, i) => new DnsEntry(store, i))
}

export class DnsTracker implements TcpHandoff {
  readonly transactions: DnsStore
  /** Open queries by transport, id and ports (pendingKey) → their indexes, oldest first. A response
   * answers the first of them with its endpoints' addresses and question (DnsStore.asks): numbers
   * to find the list, no text made per message. */
  private readonly pending = new Map<number, number[]>()
  /** Where DNS-over-TCP messages span segments (the packet pane reads it: detail.ts). */
  readonly tcpSegments = new DnsTcpSegments()
  /** The message being read (DNS over TCP; the pass reads datagrams into its own). */
  private readonly lean = new LeanMessage()
  /** What a response gives its transaction, filled anew for each one. */
  private readonly response: DnsResponseFields = { rcode: 0, extendedRcode: -1, aa: false, tc: false, ra: false, frame: 0, t: 0 }

  constructor(
    private readonly table: FrameTable,
    private readonly appInfo: AppInfo,
  ) {
    this.transactions = new DnsStore(table.addresses)
  }

  /** DNS over TCP (RFC 7766): each direction is framed by 2-byte lengths. */
  attach(c: ConnectionEnds): [StreamConsumer, StreamConsumer] {
    const direction = (fromClient: boolean) =>
      new DnsTcpDirection((bytes, frame) => {
        const m = this.lean
        if (!readLean(bytes, 0, bytes.length, false, m)) return
        if (fromClient) this.message(m, 'tcp', c.clientAddress, c.clientPort, c.serverAddress, c.serverPort, frame)
        else this.message(m, 'tcp', c.serverAddress, c.serverPort, c.clientAddress, c.clientPort, frame)
        // The Info column writes every record with its type (tshark's words): the full reading.
        this.appInfo.set(frame, { protocol: 'DNS', info: dnsInfo(readMessage(bytes, 0, bytes.length)!) })
        this.table.proto[frame]! |= PROTOCOL_BITS.dns
      }, this.tcpSegments)
    return [direction(true), direction(false)]
  }

  /** One DNS message seen in frame `i` (0-based; its time is the frame table's), from address
   * `srcAddress` to `dstAddress` (ids in the frame table: the endpoints' texts are made only for a
   * new transaction). */
  message(msg: LeanMessage, transport: 'udp' | 'tcp', srcAddress: number, srcPort: number, dstAddress: number, dstPort: number, i: number): void {
    const store = this.transactions
    const t = this.table.t[i]!
    const hasQuestion = msg.questions > 0
    const qname = hasQuestion ? msg.questionNames[0]! : null
    const qtype = hasQuestion ? msg.questionTypes[0]! : 0
    const rd = (msg.flags & FLAG.RD) !== 0
    if (!msg.response) {
      const idx = store.add(msg.id, qname, qtype, rd, transport, srcAddress, srcPort, dstAddress, dstPort)
      store.setQuery(idx, i + 1, t)
      const key = pendingKey(transport, msg.id, srcPort, dstPort)
      const list = this.pending.get(key)
      if (list) list.push(idx)
      else this.pending.set(key, [idx])
      this.table.dns[i] = idx
      return
    }
    // A response answers the oldest open query with the same id, 5-tuple and question (the name
    // compared without regard to case) — not simply the previous query: responses may arrive out of
    // order. A response without a question section (e.g. some errors) that finds no query without
    // one either answers the oldest open query with its id and 5-tuple.
    const key = pendingKey(transport, msg.id, dstPort, srcPort)
    const list = this.pending.get(key)
    let idx: number | undefined
    if (list) {
      let at = -1
      for (let k = 0; k < list.length; k++) {
        if (store.asks(list[k]!, dstAddress, srcAddress, qname, qtype)) {
          at = k
          break
        }
      }
      if (at < 0 && !hasQuestion) {
        for (let k = 0; k < list.length; k++) {
          if (store.asks(list[k]!, dstAddress, srcAddress, undefined, 0)) {
            at = k
            break
          }
        }
      }
      if (at >= 0) {
        idx = list[at]!
        // Out of the list without splice's array of removed items.
        if (at === 0) list.shift()
        else {
          list.copyWithin(at, at + 1)
          list.length--
        }
        if (list.length === 0) this.pending.delete(key)
      }
    }
    idx ??= store.add(msg.id, qname, qtype, rd, transport, dstAddress, dstPort, srcAddress, srcPort)
    const flags = msg.flags
    const r = this.response
    r.rcode = msg.rcode
    r.extendedRcode = msg.extendedRcode
    r.aa = (flags & FLAG.AA) !== 0
    r.tc = (flags & FLAG.TC) !== 0
    r.ra = (flags & FLAG.RA) !== 0
    r.frame = i + 1
    r.t = t
    store.setResponse(idx, r)
    for (let k = 0; k < msg.records; k++) store.addRecord(idx, msg.recordSections[k]!, msg.recordNames[k]!, msg.recordTypes[k]!, msg.recordClasses[k]!, msg.recordTtls[k]!, msg.recordData[k]!)
    this.table.dns[i] = idx
  }
}

/** Transport, message id and the client's and server's ports as one number (49 bits: exact). */
function pendingKey(transport: 'udp' | 'tcp', id: number, clientPort: number, serverPort: number): number {
  return ((id * 65536 + clientPort) * 65536 + serverPort) * 2 + (transport === 'tcp' ? 1 : 0)
}
