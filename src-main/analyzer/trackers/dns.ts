// The DNS tracker: DNS messages (a UDP datagram, or one message of a DNS-over-TCP stream) become
// transactions — a query and the response that answers it, matched on id, 5-tuple and question, in
// the order they were asked (responses may come out of order). A response whose query is not in the
// capture is a transaction of its own. Resolution chains are built from these afterwards
// (resolutions.ts).
import { endpoint } from '../../decode/core.ts'
import { dnsInfo } from '../../decode/dns.ts'
import { readLean, LeanMessage } from '../../dns/lean.ts'
import { dnsClassName, dnsRcodeName, dnsTypeName } from '../../dns/types.ts'
import { readMessage, FLAG } from '../../dns/wire.ts'
import type { DnsRecordView } from '../../shared/resolver-events.ts'
import type { DnsTransaction } from '../../shared/walkthrough.ts'
import { DnsTcpDirection } from '../dns-tcp.ts'
import { PROTOCOL_BITS, type FrameTable } from '../frame-table.ts'
import type { AppInfo, ConnectionEnds, TcpHandoff } from '../handoff.ts'
import type { StreamConsumer } from '../tcp-reassembly.ts'

export interface DnsTx {
  tx: DnsTransaction
  queryT: number
  responseT: number
  key: string
  clientIp: string
  serverIp: string
  serverPort: number
}

export class DnsTracker implements TcpHandoff {
  readonly transactions: DnsTx[] = []
  /** Open queries by transport, endpoints, id and question → their indexes, oldest first. */
  private readonly pending = new Map<string, number[]>()
  /** The message being read (DNS over TCP; the pass reads datagrams into its own). */
  private readonly lean = new LeanMessage()

  constructor(
    private readonly table: FrameTable,
    private readonly appInfo: AppInfo,
  ) {}

  /** DNS over TCP (RFC 7766): each direction is framed by 2-byte lengths. */
  attach(c: ConnectionEnds): [StreamConsumer, StreamConsumer] {
    const direction = (fromClient: boolean) =>
      new DnsTcpDirection((bytes, frame) => {
        const m = this.lean
        if (!readLean(bytes, 0, bytes.length, false, m)) return
        if (fromClient) this.message(m, 'tcp', c.clientAddress, c.clientPort, c.serverAddress, c.serverPort, frame, this.table.t[frame]!)
        else this.message(m, 'tcp', c.serverAddress, c.serverPort, c.clientAddress, c.clientPort, frame, this.table.t[frame]!)
        // The Info column writes every record with its type (tshark's words): the full reading.
        this.appInfo.set(frame, { protocol: 'DNS', info: dnsInfo(readMessage(bytes, 0, bytes.length)!) })
        this.table.proto[frame]! |= PROTOCOL_BITS.dns
      })
    return [direction(true), direction(false)]
  }

  /** One DNS message seen in frame `i` (0-based) at time `t`, from address `srcAddress` to
   * `dstAddress` (ids in the frame table: the key is made of numbers, the endpoints' texts only for
   * a new transaction). */
  message(msg: LeanMessage, transport: 'udp' | 'tcp', srcAddress: number, srcPort: number, dstAddress: number, dstPort: number, i: number, t: number): void {
    const hasQuestion = msg.questions > 0
    const qname = hasQuestion ? msg.questionNames[0]! : ''
    const qtype = hasQuestion ? dnsTypeName(msg.questionTypes[0]!) : ''
    const question = hasQuestion ? `${qname.toLowerCase()}|${qtype}` : ''
    const srcIp = this.table.addresses[srcAddress]!
    const dstIp = this.table.addresses[dstAddress]!
    const rd = (msg.flags & FLAG.RD) !== 0
    if (!msg.response) {
      const key = `${transport}|${srcAddress}:${srcPort}|${dstAddress}:${dstPort}|${msg.id}|${question}`
      const src = endpoint(srcIp, srcPort)
      const dst = endpoint(dstIp, dstPort)
      const tx: DnsTransaction = {
        id: msg.id,
        qname,
        qtype,
        rcode: null,
        aa: false,
        tc: false,
        rd,
        ra: false,
        transport,
        client: src,
        server: dst,
        query_frame: i + 1,
        response_frame: null,
        rtt_ms: null,
        answers: [],
        authority: [],
        additional: [],
        outcome: null,
      }
      const idx = this.transactions.push({ tx, queryT: t, responseT: -1, key, clientIp: srcIp, serverIp: dstIp, serverPort: dstPort }) - 1
      const list = this.pending.get(key)
      if (list) list.push(idx)
      else this.pending.set(key, [idx])
      this.table.dns[i] = idx
      return
    }
    // A response answers the oldest open query with the same id, 5-tuple and question — not
    // simply the previous query: responses may arrive out of order.
    const key = `${transport}|${dstAddress}:${dstPort}|${srcAddress}:${srcPort}|${msg.id}|${question}`
    let list = this.pending.get(key)
    if (!list && !hasQuestion) {
      // A response without a question section (e.g. some errors): match on id and 5-tuple alone.
      const prefix = `${transport}|${dstAddress}:${dstPort}|${srcAddress}:${srcPort}|${msg.id}|`
      for (const [k, v] of this.pending) if (k.startsWith(prefix) && v.length) list = v
    }
    let idx = list?.shift()
    if (list && list.length === 0) this.pending.delete(key)
    if (idx === undefined) {
      const tx: DnsTransaction = { id: msg.id, qname, qtype, rcode: null, aa: false, tc: false, rd, ra: false, transport, client: endpoint(dstIp, dstPort), server: endpoint(srcIp, srcPort), query_frame: null, response_frame: null, rtt_ms: null, answers: [], authority: [], additional: [], outcome: null }
      idx = this.transactions.push({ tx, queryT: -1, responseT: t, key, clientIp: dstIp, serverIp: srcIp, serverPort: srcPort }) - 1
    }
    const d = this.transactions[idx]!
    const tx = d.tx
    tx.rcode = dnsRcodeName(msg.rcode)
    if (msg.extendedRcode > 15) tx.extended_rcode = extendedName(msg.extendedRcode)
    tx.aa = (msg.flags & FLAG.AA) !== 0
    tx.tc = (msg.flags & FLAG.TC) !== 0
    tx.ra = (msg.flags & FLAG.RA) !== 0
    tx.response_frame = i + 1
    const sections: [DnsRecordView[], DnsRecordView[], DnsRecordView[]] = [[], [], []]
    for (let r = 0; r < msg.records; r++) {
      sections[msg.recordSections[r]!].push({ name: msg.recordNames[r]!, type: dnsTypeName(msg.recordTypes[r]!), class: dnsClassName(msg.recordClasses[r]! & 0x7fff), ttl: msg.recordTtls[r]!, data: msg.recordData[r]! })
    }
    tx.answers = sections[0]
    tx.authority = sections[1]
    tx.additional = sections[2]
    d.responseT = t
    if (d.queryT >= 0) tx.rtt_ms = Math.round((t - d.queryT) * 1e6) / 1e3
    this.table.dns[i] = idx
  }
}

function extendedName(r: number): string {
  const names: Record<number, string> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE' }
  return names[r] ?? String(r)
}
