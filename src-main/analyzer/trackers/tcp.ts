// The TCP tracker: segments become connections (tshark's tcp.stream: a new SYN after a close, or
// with another initial sequence number, starts a new one), each with the socket library's phases —
// connect (the handshake), transfer (the data), close (FIN or RST) — and its two directions
// reassembled (tcp-reassembly.ts). At the first payload byte the handoff table (handoff.ts) names
// the application protocol, and that protocol's tracker takes the two streams.
import { endpoint } from '../../decode/core.ts'
import { looksLikeHttpStart } from '../../decode/http.ts'
import { tcpApp, type AppProtocol } from '../../decode/ports.ts'
import { TH_ACK, TH_FIN, TH_RST, TH_SYN, type TcpResult } from '../../decode/tcp.ts'
import type { Connection } from '../../shared/walkthrough.ts'
import type { FrameTable } from '../frame-table.ts'
import { tcpProtocol, type ConnectionEnds, type TcpHandoff } from '../handoff.ts'
import { HeldBudget, NO_READER, TcpDirection, type TcpAnomaly } from '../tcp-reassembly.ts'

export interface ConnState extends ConnectionEnds {
  /** The two endpoints as numbers (endpointKey): what each segment is matched on. */
  clientEnd: number
  serverEnd: number
  client: string
  server: string
  synFrame: number
  synSeq: number
  synAckFrame: number
  ackFrame: number
  firstFrame: number
  lastFrame: number
  dataFrames: number[]
  closeStart: number
  closeBy: 'client' | 'server' | 'unknown'
  closeKind: 'fin' | 'rst' | 'none'
  closeFrames: number[]
  finFrom: [boolean, boolean]
  rst: boolean
  toServer: TcpDirection
  toClient: TcpDirection
  /** The application protocol, decided at the first payload byte (null before). */
  app: AppProtocol | null
  notes: Set<string>
}

/** An endpoint as one number, its address's id in the frame table and its port: a segment is
 * matched to its connection without making text (ids stay far below 2^37, so this is exact). */
function endpointKey(address: number, port: number): number {
  return address * 65536 + port
}

export class TcpTracker {
  readonly connections: ConnState[] = []
  /** The current connection of each pair of endpoints: the lower endpointKey, then the higher. */
  private readonly byEnds = new Map<number, Map<number, ConnState>>()
  /** Out-of-order bytes held by all connections together (tcp-reassembly.ts). */
  private readonly held = new HeldBudget()

  /** `trackers`: who takes each application protocol's streams (null: nobody). */
  constructor(
    private readonly table: FrameTable,
    private readonly trackers: Record<AppProtocol, TcpHandoff | null>,
  ) {}

  /** One TCP segment of frame `i` from address `srcAddress` to `dstAddress` (ids in the frame
   * table), its IP payload in `b`; returns its connection. */
  segment(srcAddress: number, dstAddress: number, tcp: TcpResult, b: Uint8Array, i: number): ConnState {
    const src = endpointKey(srcAddress, tcp.srcPort)
    const dst = endpointKey(dstAddress, tcp.dstPort)
    const lo = src < dst ? src : dst
    const hi = src < dst ? dst : src
    let c = this.byEnds.get(lo)?.get(hi)
    const syn = (tcp.flags & TH_SYN) !== 0
    const ack = (tcp.flags & TH_ACK) !== 0
    // A new SYN on a finished conversation (or with another ISN) is a new connection: port reuse.
    if (c && syn && !ack && ((c.synFrame >= 0 && c.synSeq !== tcp.seq) || c.closeStart >= 0)) c = undefined
    if (!c) c = this.open(lo, hi, srcAddress, dstAddress, tcp, i)
    c.lastFrame = i
    this.table.connection[i] = c.index
    let fromClient = src === c.clientEnd
    const payload = b.subarray(tcp.payloadOffset, tcp.payloadEnd)
    if (tcp.payloadLength > 0 && c.app === null) {
      // Without a handshake the roles were guessed from the ports; the first bytes may say
      // otherwise (a request line sent from port 80): the content wins, as in Wireshark.
      if (c.synFrame < 0 && c.synAckFrame < 0 && !c.toServer.started && !c.toClient.started) {
        const kind = looksLikeHttpStart(payload, 0, payload.length)
        if ((kind === 'request' && !fromClient) || (kind === 'response' && fromClient)) {
          swapRoles(c)
          fromClient = !fromClient
        }
      }
      c.app = tcpProtocol(c.clientPort, c.serverPort, payload)
      const tracker = this.trackers[c.app]
      if (tracker) [c.toServer.consumer, c.toClient.consumer] = tracker.attach(c)
    }
    const dir = fromClient ? c.toServer : c.toClient
    if (syn) {
      dir.syn(tcp.seq)
      if (!ack && c.synFrame < 0) {
        c.synFrame = i
        c.synSeq = tcp.seq
      } else if (ack && c.synAckFrame < 0) c.synAckFrame = i
    } else if (ack && fromClient && c.synAckFrame >= 0 && c.ackFrame < 0) c.ackFrame = i
    if (tcp.payloadLength > 0) {
      c.dataFrames.push(i)
      dir.segment(tcp.seq + (syn ? 1 : 0), payload, tcp.payloadLength, i)
    }
    const fin = (tcp.flags & TH_FIN) !== 0
    const rst = (tcp.flags & TH_RST) !== 0
    if ((fin || rst) && c.closeStart < 0) {
      c.closeStart = i
      c.closeBy = fromClient ? 'client' : 'server'
      c.closeKind = rst ? 'rst' : 'fin'
    }
    if (c.closeStart >= 0) c.closeFrames.push(i)
    if (fin) {
      c.finFrom[fromClient ? 0 : 1] = true
      dir.finish(i)
    }
    if (rst) {
      c.rst = true
      c.toServer.finish(i)
      c.toClient.finish(i)
    }
    return c
  }

  private open(lo: number, hi: number, srcAddress: number, dstAddress: number, tcp: TcpResult, i: number): ConnState {
    const syn = (tcp.flags & TH_SYN) !== 0
    const ack = (tcp.flags & TH_ACK) !== 0
    let srcIsClient: boolean
    if (syn) srcIsClient = !ack
    else {
      // No handshake in the capture: the side on a service port is the server.
      const srcService = tcpApp(tcp.srcPort, tcp.srcPort) !== 'unknown' || tcp.srcPort < 1024
      const dstService = tcpApp(tcp.dstPort, tcp.dstPort) !== 'unknown' || tcp.dstPort < 1024
      srcIsClient = srcService === dstService ? tcp.srcPort > tcp.dstPort : dstService
    }
    const [cAddress, cPort, sAddress, sPort] = srcIsClient ? [srcAddress, tcp.srcPort, dstAddress, tcp.dstPort] : [dstAddress, tcp.dstPort, srcAddress, tcp.srcPort]
    const cIp = this.table.addresses[cAddress]!
    const sIp = this.table.addresses[sAddress]!
    const notes = new Set<string>()
    const anomaly = (a: TcpAnomaly) => notes.add(a)
    const c: ConnState = {
      index: this.connections.length,
      clientIp: cIp,
      serverIp: sIp,
      clientPort: cPort,
      serverPort: sPort,
      clientAddress: cAddress,
      serverAddress: sAddress,
      clientEnd: endpointKey(cAddress, cPort),
      serverEnd: endpointKey(sAddress, sPort),
      client: endpoint(cIp, cPort),
      server: endpoint(sIp, sPort),
      synFrame: -1,
      synSeq: 0,
      synAckFrame: -1,
      ackFrame: -1,
      firstFrame: i,
      lastFrame: i,
      dataFrames: [],
      closeStart: -1,
      closeBy: 'unknown',
      closeKind: 'none',
      closeFrames: [],
      finFrom: [false, false],
      rst: false,
      toServer: new TcpDirection(NO_READER, anomaly, this.held),
      toClient: new TcpDirection(NO_READER, anomaly, this.held),
      app: null,
      notes,
    }
    this.connections.push(c)
    let his = this.byEnds.get(lo)
    if (!his) this.byEnds.set(lo, (his = new Map()))
    his.set(hi, c)
    return c
  }

  /** End of capture: flush what TCP still holds (close-delimited bodies end here). */
  flush(): void {
    for (const c of this.connections) {
      c.toServer.finish(c.lastFrame)
      c.toClient.finish(c.lastFrame)
    }
    // Nothing more comes: the parsers go before the walkthrough is built (tcp-reassembly.ts).
    for (const c of this.connections) {
      c.toServer.release()
      c.toClient.release()
    }
  }

  /** The connection as the walkthrough shows it (frames 1-based, times from the table). */
  view(c: ConnState): Connection {
    const t = (i: number) => this.table.t[i]!
    const phase = (frames: number[]) => (frames.length ? { start: t(frames[0]!), end: t(frames[frames.length - 1]!), frames: frames.map((x) => x + 1) } : null)
    const connectFrames = [c.synFrame, c.synAckFrame, c.ackFrame].filter((x) => x >= 0).sort((a, b) => a - b)
    if (c.synFrame >= 0 && c.synAckFrame < 0 && c.rst && c.closeStart >= 0) connectFrames.push(c.closeStart)
    const connect = phase(connectFrames)
    const transfer = phase(c.dataFrames)
    const closeBase = phase(c.closeFrames)
    const purpose: Connection['purpose'] = c.app === 'http' ? 'http' : c.app === 'tls' ? 'https' : c.app === 'dns' ? 'dns' : 'other'
    const first = t(c.firstFrame)
    return {
      protocol: 'tcp',
      stream: c.index,
      client: c.client,
      server: c.server,
      purpose,
      phases: {
        socket: { start: first, end: first, frames: [], visible: false, fd: null },
        connect,
        transfer,
        close: closeBase ? { ...closeBase, by: c.closeBy, kind: c.closeKind } : null,
      },
      bytes: { toServer: c.toServer.bytes, toClient: c.toClient.bytes },
      http: [],
      notes: [...c.notes],
    }
  }
}

/** Client and server change places (no data has been delivered either way yet). */
function swapRoles(c: ConnState): void {
  ;[c.clientIp, c.serverIp] = [c.serverIp, c.clientIp]
  ;[c.clientPort, c.serverPort] = [c.serverPort, c.clientPort]
  ;[c.clientAddress, c.serverAddress] = [c.serverAddress, c.clientAddress]
  ;[c.clientEnd, c.serverEnd] = [c.serverEnd, c.clientEnd]
  ;[c.client, c.server] = [c.server, c.client]
  c.finFrom = [c.finFrom[1], c.finFrom[0]]
  if (c.closeBy !== 'unknown') c.closeBy = c.closeBy === 'client' ? 'server' : 'client'
}
