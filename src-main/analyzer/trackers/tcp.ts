// The TCP tracker: segments become connections (tshark's tcp.stream: a new SYN after a close, or
// with another initial sequence number, starts a new one), each with the socket library's phases —
// connect (the handshake), transfer (the data), close (FIN or RST) — and its two directions
// reassembled (tcp-reassembly.ts). At the first payload byte the handoff table (handoff.ts) names
// the application protocol, and that protocol's tracker takes the two streams.
//
// A connection's live state (its reassembly, the parsers its tracker attached, the sets and arrays
// it grows) exists while the pass reads. Its parsers go as soon as it has closed both ways — every
// byte up to each side's FIN delivered, or a RST — having ended then as they would at the capture's
// end: most of a long capture's connections are long finished when it ends. A segment that still
// comes is classified from the sequence numbers kept (a retransmission stays one); new bytes are
// counted and not read, and their frame says so (TCP_DATA_AFTER_CLOSE). When the pass ends, what the walkthrough, the packet pane
// and Follow TCP stream read of each connection goes into columns of typed arrays
// (ConnectionColumns) and the objects go: a capture of a million packets has tens of thousands of
// connections, and an object graph each stayed on the heap for as long as the capture was open.
import { codedIssue, endpoint } from '../../decode/core.ts'
import { looksLikeHttpStart } from '../../decode/http.ts'
import { tcpApp, type AppProtocol } from '../../decode/ports.ts'
import { TH_ACK, TH_FIN, TH_RST, TH_SYN, type TcpResult } from '../../decode/tcp.ts'
import type { Connection, DecodeIssue } from '../../shared/walkthrough.ts'
import { FLAG_ISSUE, FLAG_TCP_CLOSING, FLAG_TCP_DATA, type FrameTable } from '../frame-table.ts'
import { tcpProtocol, type ConnectionEnds, type TcpHandoff } from '../handoff.ts'
import { HeldBudget, NO_READER, TcpDirection, type TcpAnomaly } from '../tcp-reassembly.ts'

export interface ConnState extends ConnectionEnds {
  /** The two endpoints as numbers (endpointKey): what each segment is matched on. */
  clientEnd: number
  serverEnd: number
  synFrame: number
  /** The SYN's sequence number as a signed 32-bit integer (`seq | 0`): kept to be compared only,
   * and V8 keeps a number above 2^31 in a field as a heap object of its own (one per connection). */
  synSeq: number
  synAckFrame: number
  ackFrame: number
  firstFrame: number
  lastFrame: number
  closeStart: number
  closeBy: 'client' | 'server' | 'unknown'
  closeKind: 'fin' | 'rst' | 'none'
  rst: boolean
  /** Its parsers have gone (it closed both ways before the capture's end). */
  released: boolean
  toServer: TcpDirection
  toClient: TcpDirection
  /** The application protocol, decided at the first payload byte (null before). */
  app: AppProtocol | null
  /** The anomalies seen (null until the first: most connections have none). */
  notes: Set<TcpAnomaly> | null
}

/** An endpoint as one number, its address's id in the frame table and its port: a segment is
 * matched to its connection without making text (ids stay far below 2^37, so this is exact). */
function endpointKey(address: number, port: number): number {
  return address * 65536 + port
}

/** The protocols whose trackers read a connection's bytes, as the issue names them. */
const READ_AS: Record<AppProtocol, string> = { http: 'HTTP', tls: 'TLS', dns: 'DNS', mdns: 'mDNS', llmnr: 'LLMNR', unknown: 'TCP' }

/** The detail pane's note on a frame whose TCP payload came after its connection had closed both
 * ways (TcpTracker.unreadAfterClose): `bytes` bytes ending at `end` in the frame, which the
 * connection's `app` reader would have read. Sending after one's own FIN breaks TCP (RFC 9293,
 * 3.10.7: a FIN means no more data); the walkthrough read every exchange up to the close. */
export function dataAfterCloseIssue(app: AppProtocol | null, bytes: number, end: number): DecodeIssue {
  return codedIssue('TCP', 'warning', 'TCP_DATA_AFTER_CLOSE', { bytes, readAs: READ_AS[app ?? 'unknown'] }, end - bytes, bytes)
}

/** The higher of a connection's two endpoint keys (what TcpTracker.byEnds keys its second level by). */
function higherEnd(c: ConnState): number {
  return c.clientEnd > c.serverEnd ? c.clientEnd : c.serverEnd
}

/** What Follow TCP stream reads of a connection (follow.ts). */
export type ConnectionEndsAndFrames = Pick<ConnState, 'index' | 'clientIp' | 'clientPort' | 'serverIp' | 'serverPort' | 'firstFrame' | 'lastFrame'>

export class TcpTracker {
  /** The connections while the pass reads (tcp.stream order); empty once it has ended. */
  private live: ConnState[] = []
  /** The connections once the pass has ended (flush). */
  private ended: ConnectionColumns | null = null
  /** The current connection of each pair of endpoints, by the lower endpointKey: the connection
   * itself while the lower endpoint has one partner (nearly always: a client's port), else a map
   * by the higher endpointKey (a map each was ≈ 4 MB of heap on a million packets). */
  private readonly byEnds = new Map<number, ConnState | Map<number, ConnState>>()
  /** Out-of-order bytes held by all connections together (tcp-reassembly.ts). */
  private readonly held = new HeldBudget()
  /** Frames whose TCP payload came after their connection had closed both ways: how many of its
   * bytes nobody read (a few frames in a capture, if any). */
  private readonly afterClose = new Map<number, number>()
  /** A released direction's bytes that nobody reads (one function for every connection). */
  private readonly unread = (frame: number, bytes: number): void => {
    this.afterClose.set(frame, (this.afterClose.get(frame) ?? 0) + bytes)
    this.table.flags[frame]! |= FLAG_ISSUE
  }

  /** A direction's anomaly goes to the connection of the frame it names: every frame a direction
   * reports (the segment being read, one it held, its connection's last frame at the end) is one of
   * its connection's, and segment() has set the frame's connection first. One function for every
   * connection: a closure and its context each were 45 000 objects on a million packets, on the
   * heap for the whole pass. */
  private readonly anomaly = (a: TcpAnomaly, frame: number): void => {
    // A held snaplen hole carries no frame (a negative number): it is never the first held item
    // with a gap before it, so no anomaly names it; were one to, it is dropped, not a crash.
    const c = frame >= 0 ? this.live[this.table.connection[frame]!] : undefined
    if (c) (c.notes ??= new Set()).add(a)
  }

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
    const mine = this.byEnds.get(lo)
    let c = mine === undefined ? undefined : mine instanceof Map ? mine.get(hi) : higherEnd(mine) === hi ? mine : undefined
    const syn = (tcp.flags & TH_SYN) !== 0
    const ack = (tcp.flags & TH_ACK) !== 0
    // A new SYN on a finished conversation (or with another ISN) is a new connection: port reuse.
    if (c && syn && !ack && ((c.synFrame >= 0 && c.synSeq !== (tcp.seq | 0)) || c.closeStart >= 0)) c = undefined
    if (!c) c = this.open(lo, hi, srcAddress, dstAddress, tcp, i)
    c.lastFrame = i
    this.table.connection[i] = c.index
    let fromClient = src === c.clientEnd
    // The payload is b[payloadOffset, payloadEnd): no view made per segment (the reader's chunk
    // holds it; StreamConsumer.data gets the place).
    if (tcp.payloadLength > 0 && c.app === null) {
      // Without a handshake the roles were guessed from the ports; the first bytes may say
      // otherwise (a request line sent from port 80): the content wins, as in Wireshark.
      if (c.synFrame < 0 && c.synAckFrame < 0 && !c.toServer.started && !c.toClient.started) {
        const kind = looksLikeHttpStart(b, tcp.payloadOffset, tcp.payloadEnd)
        if ((kind === 'request' && !fromClient) || (kind === 'response' && fromClient)) {
          swapRoles(c)
          fromClient = !fromClient
        }
      }
      c.app = tcpProtocol(c.clientPort, c.serverPort, b.subarray(tcp.payloadOffset, tcp.payloadEnd))
      const tracker = this.trackers[c.app]
      if (tracker) [c.toServer.consumer, c.toClient.consumer] = tracker.attach(c)
    }
    const dir = fromClient ? c.toServer : c.toClient
    if (syn) {
      dir.syn(tcp.seq)
      if (!ack && c.synFrame < 0) {
        c.synFrame = i
        c.synSeq = tcp.seq | 0
      } else if (ack && c.synAckFrame < 0) c.synAckFrame = i
    } else if (ack && fromClient && c.synAckFrame >= 0 && c.ackFrame < 0) c.ackFrame = i
    // The frames of its transfer and close phases are marked in the frame table, not listed per
    // connection: a list each grew on the heap for the whole pass (≈ 9 MB of arrays, 45 000 of
    // them, on a million packets), and the columns gather them from the marks at the end (flush).
    if (tcp.payloadLength > 0) {
      this.table.flags[i]! |= FLAG_TCP_DATA
      dir.segment(tcp.seq + (syn ? 1 : 0), b, tcp.payloadOffset, tcp.payloadEnd, tcp.payloadLength, i)
    }
    const fin = (tcp.flags & TH_FIN) !== 0
    const rst = (tcp.flags & TH_RST) !== 0
    if ((fin || rst) && c.closeStart < 0) {
      c.closeStart = i
      c.closeBy = fromClient ? 'client' : 'server'
      c.closeKind = rst ? 'rst' : 'fin'
    }
    if (c.closeStart >= 0) this.table.flags[i]! |= FLAG_TCP_CLOSING
    if (fin) {
      dir.fin(tcp.seq + (syn ? 1 : 0) + tcp.payloadLength, i)
    }
    if (rst) {
      c.rst = true
      c.toServer.finish(i)
      c.toClient.finish(i)
    }
    // Closed both ways: its parsers have read all they will (finish ended them as flush would).
    // A connection without a reader has none to let go (and one whose first payload comes now
    // still gets its protocol's reader, as before).
    if (!c.released && c.app !== null && this.trackers[c.app] !== null && (c.rst || (c.toServer.deliveredToFin && c.toClient.deliveredToFin))) {
      c.released = true
      c.toServer.release(this.unread)
      c.toClient.release(this.unread)
    }
    return c
  }

  /** How many bytes of frame `i`'s TCP payload came after its connection had closed both ways
   * (0: none): nobody read them. */
  unreadAfterClose(i: number): number {
    return this.afterClose.get(i) ?? 0
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
    const c: ConnState = {
      index: this.live.length,
      clientIp: cIp,
      serverIp: sIp,
      clientPort: cPort,
      serverPort: sPort,
      clientAddress: cAddress,
      serverAddress: sAddress,
      clientEnd: endpointKey(cAddress, cPort),
      serverEnd: endpointKey(sAddress, sPort),
      synFrame: -1,
      synSeq: 0,
      synAckFrame: -1,
      ackFrame: -1,
      firstFrame: i,
      lastFrame: i,
      closeStart: -1,
      closeBy: 'unknown',
      closeKind: 'none',
      rst: false,
      released: false,
      toServer: new TcpDirection(NO_READER, this.anomaly, this.held),
      toClient: new TcpDirection(NO_READER, this.anomaly, this.held),
      app: null,
      notes: null,
    }
    this.live.push(c)
    const mine = this.byEnds.get(lo)
    if (mine === undefined || (!(mine instanceof Map) && higherEnd(mine) === hi)) this.byEnds.set(lo, c)
    else if (mine instanceof Map) mine.set(hi, c)
    else this.byEnds.set(lo, new Map([[higherEnd(mine), mine], [hi, c]]))
    return c
  }

  /** Connections so far (all of them once the pass has ended). */
  get count(): number {
    return this.ended ? this.ended.length : this.live.length
  }

  /** End of capture: flush what TCP still holds (close-delimited bodies end here), then keep each
   * connection as a row of columns. */
  flush(): void {
    if (this.ended) return
    for (const c of this.live) {
      c.toServer.finish(c.lastFrame)
      c.toClient.finish(c.lastFrame)
    }
    // Nothing more comes: the parsers go before the walkthrough is built (tcp-reassembly.ts), and
    // with them the rest of each connection's live state.
    for (const c of this.live) {
      c.toServer.release()
      c.toClient.release()
    }
    this.ended = new ConnectionColumns(this.live, this.table)
    this.live = []
    this.byEnds.clear()
  }

  /** The application protocol of connection `index` (null: no payload, or no such connection). */
  app(index: number): AppProtocol | null {
    if (this.ended) return index >= 0 && index < this.ended.length ? this.ended.app(index) : null
    return this.live[index]?.app ?? null
  }

  /** Connection `index`'s endpoints and first and last frames (undefined: no such connection). */
  ends(index: number): ConnectionEndsAndFrames | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return undefined
    if (!this.ended) return this.live[index]
    return this.ended.ends(index, this.table)
  }

  /** The first frame of connection `index`'s handshake (its connect phase starts there), or −1
   * when the capture holds none of it; and its first frame at all. */
  firstFrames(index: number): { connect: number; first: number } {
    if (this.ended) return this.ended.firstFrames(index)
    const c = this.live[index]!
    return { connect: firstConnectFrame(c.synFrame, c.synAckFrame, c.ackFrame), first: c.firstFrame }
  }

  /** Connection `index` as the walkthrough shows it (frames 1-based, times from the table). */
  view(index: number): Connection {
    return this.ended ? this.ended.view(index, this.table) : viewOf(connectionRow(this.live[index]!, this.table), this.table)
  }

  /** Connection `index`'s phases as its view has them, but the transfer phase's frames only the
   * first `transferFrames` (the steps' plan reads no more of them: a view copies every data frame
   * of every connection). */
  phases(index: number, transferFrames: number): Connection['phases'] {
    return this.ended ? this.ended.phases(index, this.table, transferFrames) : phasesOf(connectionRow(this.live[index]!, this.table), this.table, transferFrames)
  }
}

/** What the walkthrough shows of a connection, live or from its columns (frames 0-based). */
interface ConnectionRow {
  index: number
  client: string
  server: string
  synFrame: number
  synAckFrame: number
  ackFrame: number
  firstFrame: number
  rst: boolean
  closeStart: number
  closeBy: ConnState['closeBy']
  closeKind: ConnState['closeKind']
  dataFrames: ArrayLike<number>
  closeFrames: ArrayLike<number>
  app: AppProtocol | null
  toServer: number
  toClient: number
  notes: Iterable<TcpAnomaly>
}

/** A connection still being read (the preview's build), its phases' frames found by their marks. */
function connectionRow(c: ConnState, table: FrameTable): ConnectionRow {
  const dataFrames = marked(table, c.index, FLAG_TCP_DATA, c.firstFrame, c.lastFrame)
  const closeFrames = c.closeStart >= 0 ? marked(table, c.index, FLAG_TCP_CLOSING, c.closeStart, c.lastFrame) : []
  return { ...c, client: endpoint(c.clientIp, c.clientPort), server: endpoint(c.serverIp, c.serverPort), dataFrames, closeFrames, toServer: c.toServer.bytes, toClient: c.toClient.bytes, notes: c.notes ?? [] }
}

/** Connection `index`'s frames in [from, to] that carry `flag` (FLAG_TCP_DATA or FLAG_TCP_CLOSING). */
function marked(table: FrameTable, index: number, flag: number, from: number, to: number): number[] {
  const out: number[] = []
  for (let i = from; i <= to; i++) if (table.connection[i] === index && (table.flags[i]! & flag) !== 0) out.push(i)
  return out
}

/** The connection as the walkthrough shows it (frames 1-based, times from the table). */
function viewOf(c: ConnectionRow, table: FrameTable): Connection {
  const purpose: Connection['purpose'] = c.app === 'http' ? 'http' : c.app === 'tls' ? 'https' : c.app === 'dns' ? 'dns' : 'other'
  return {
    protocol: 'tcp',
    stream: c.index,
    client: c.client,
    server: c.server,
    purpose,
    phases: phasesOf(c, table, Number.POSITIVE_INFINITY),
    bytes: { toServer: c.toServer, toClient: c.toClient },
    http: [],
    notes: [...c.notes],
  }
}

/** What a connection's phases are made of (a ConnectionRow has it all). */
type PhaseRow = Pick<ConnectionRow, 'synFrame' | 'synAckFrame' | 'ackFrame' | 'firstFrame' | 'rst' | 'closeStart' | 'closeBy' | 'closeKind' | 'dataFrames' | 'closeFrames'>

/** A connection's phases (frames 1-based, times from the table), the transfer phase's frames the
 * first `transferFrames` of them (its start and end are the whole phase's). */
function phasesOf(c: PhaseRow, table: FrameTable, transferFrames: number): Connection['phases'] {
  const t = (i: number) => table.t[i]!
  const phase = (frames: ArrayLike<number>, count = frames.length) => (frames.length ? { start: t(frames[0]!), end: t(frames[frames.length - 1]!), frames: oneBased(frames, count) } : null)
  // The handshake's frames the capture holds, in frame order (a view is made for every connection
  // the steps and the lesson read: no filtered copy and sort each time).
  const connectFrames: number[] = []
  inOrder(connectFrames, c.synFrame)
  inOrder(connectFrames, c.synAckFrame)
  inOrder(connectFrames, c.ackFrame)
  if (c.synFrame >= 0 && c.synAckFrame < 0 && c.rst && c.closeStart >= 0) connectFrames.push(c.closeStart)
  const closeBase = phase(c.closeFrames)
  const first = t(c.firstFrame)
  return {
    socket: { start: first, end: first, frames: [], visible: false, fd: null },
    connect: phase(connectFrames),
    transfer: phase(c.dataFrames, Math.min(c.dataFrames.length, transferFrames)),
    // One literal with the phase's keys in their order: a spread of the phase and then two keys
    // more went through V8's runtime (a slow own-property define) for every connection read.
    close: closeBase ? { start: closeBase.start, end: closeBase.end, frames: closeBase.frames, by: c.closeBy, kind: c.closeKind } : null,
  }
}

/** Puts frame index `frame` (none when negative) into `frames`, which stays in ascending order. */
function inOrder(frames: number[], frame: number): void {
  if (frame < 0) return
  let k = frames.length
  frames.push(frame)
  for (; k > 0 && frames[k - 1]! > frame; k--) frames[k] = frames[k - 1]!
  frames[k] = frame
}

/** The earliest of a handshake's frames that the capture holds (viewOf's connect phase starts
 * there), or −1. */
function firstConnectFrame(syn: number, synAck: number, ack: number): number {
  let first = syn
  if (synAck >= 0 && (first < 0 || synAck < first)) first = synAck
  if (ack >= 0 && (first < 0 || ack < first)) first = ack
  return first
}

/** Frame numbers (1-based) of frame indexes, in an array of exactly their length (Array.from grows
 * one as it goes, and thousands of connections' frame lists would keep the slack). */
function oneBased(frames: ArrayLike<number>, count = frames.length): number[] {
  const out = new Array<number>(count)
  for (let k = 0; k < count; k++) out[k] = frames[k]! + 1
  return out
}

const CLOSE_BY: readonly ConnState['closeBy'][] = ['unknown', 'client', 'server']
const CLOSE_KIND: readonly ConnState['closeKind'][] = ['none', 'fin', 'rst']
/** The application protocols, with 0 for none yet. */
/** Every AppProtocol has a code (the compiler says when one is missing); 0 is none yet. */
const APP_CODE: Record<AppProtocol, number> = { dns: 1, mdns: 2, llmnr: 3, http: 4, tls: 5, unknown: 6 }
const APPS: (AppProtocol | null)[] = [null]
for (const [app, code] of Object.entries(APP_CODE) as [AppProtocol, number][]) APPS[code] = app

/** The ended connections, a row each: numbers in typed arrays, the data and close frames in one
 * pool, the rare notes in a map. Endpoint text is written when a row is read. */
class ConnectionColumns {
  readonly length: number
  private readonly clientAddress: Uint32Array
  private readonly serverAddress: Uint32Array
  private readonly clientPort: Uint16Array
  private readonly serverPort: Uint16Array
  /** synFrame, synAckFrame, ackFrame, firstFrame, lastFrame, closeStart (−1: none), 6 a row. */
  private readonly frames: Int32Array
  /** closeBy, closeKind, rst, app codes, 4 a row. */
  private readonly codes: Uint8Array
  private readonly bytes: Float64Array
  /** Where each row's data frames, then its close frames, start in `pool` (3 a row: data start,
   * close start, end). */
  private readonly spans: Uint32Array
  private readonly pool: Uint32Array
  private readonly notes = new Map<number, TcpAnomaly[]>()

  constructor(live: readonly ConnState[], table: FrameTable) {
    const n = (this.length = live.length)
    this.clientAddress = new Uint32Array(n)
    this.serverAddress = new Uint32Array(n)
    this.clientPort = new Uint16Array(n)
    this.serverPort = new Uint16Array(n)
    this.frames = new Int32Array(n * 6)
    this.codes = new Uint8Array(n * 4)
    this.bytes = new Float64Array(n * 2)
    this.spans = new Uint32Array(n * 3)
    // The data and close frames, from the frame table's marks (segment()): counted per row, then
    // placed, in frame order, which is the order the segments came in.
    const { connection, flags } = table
    const frames = table.length
    const at = new Uint32Array(n * 2)
    for (let i = 0; i < frames; i++) {
      const f = flags[i]! & (FLAG_TCP_DATA | FLAG_TCP_CLOSING)
      if (f === 0) continue
      const k = connection[i]!
      if (f & FLAG_TCP_DATA) at[k * 2]!++
      if (f & FLAG_TCP_CLOSING) at[k * 2 + 1]!++
    }
    let pooled = 0
    for (let k = 0; k < n; k++) {
      const data = at[k * 2]!
      const close = at[k * 2 + 1]!
      this.spans[k * 3] = at[k * 2] = pooled
      this.spans[k * 3 + 1] = at[k * 2 + 1] = pooled + data
      this.spans[k * 3 + 2] = pooled += data + close
    }
    this.pool = new Uint32Array(pooled)
    for (let i = 0; i < frames; i++) {
      const f = flags[i]! & (FLAG_TCP_DATA | FLAG_TCP_CLOSING)
      if (f === 0) continue
      const k = connection[i]!
      if (f & FLAG_TCP_DATA) this.pool[at[k * 2]!++] = i
      if (f & FLAG_TCP_CLOSING) this.pool[at[k * 2 + 1]!++] = i
    }
    live.forEach((c, i) => {
      this.clientAddress[i] = c.clientAddress
      this.serverAddress[i] = c.serverAddress
      this.clientPort[i] = c.clientPort
      this.serverPort[i] = c.serverPort
      this.frames.set([c.synFrame, c.synAckFrame, c.ackFrame, c.firstFrame, c.lastFrame, c.closeStart], i * 6)
      this.codes.set([CLOSE_BY.indexOf(c.closeBy), CLOSE_KIND.indexOf(c.closeKind), c.rst ? 1 : 0, c.app === null ? 0 : APP_CODE[c.app]], i * 4)
      this.bytes[i * 2] = c.toServer.bytes
      this.bytes[i * 2 + 1] = c.toClient.bytes
      if (c.notes) this.notes.set(i, [...c.notes])
    })
  }

  app(i: number): AppProtocol | null {
    return APPS[this.codes[i * 4 + 3]!] ?? null
  }

  ends(i: number, table: FrameTable): ConnectionEndsAndFrames {
    return { index: i, clientIp: table.addresses[this.clientAddress[i]!]!, clientPort: this.clientPort[i]!, serverIp: table.addresses[this.serverAddress[i]!]!, serverPort: this.serverPort[i]!, firstFrame: this.frames[i * 6 + 3]!, lastFrame: this.frames[i * 6 + 4]! }
  }

  firstFrames(i: number): { connect: number; first: number } {
    const f = i * 6
    return { connect: firstConnectFrame(this.frames[f]!, this.frames[f + 1]!, this.frames[f + 2]!), first: this.frames[f + 3]! }
  }

  view(i: number, table: FrameTable): Connection {
    const ends = this.ends(i, table)
    return viewOf(
      {
        ...this.phaseRow(i),
        index: i,
        client: endpoint(ends.clientIp, ends.clientPort),
        server: endpoint(ends.serverIp, ends.serverPort),
        app: this.app(i),
        toServer: this.bytes[i * 2]!,
        toClient: this.bytes[i * 2 + 1]!,
        notes: this.notes.get(i) ?? [],
      },
      table,
    )
  }

  phases(i: number, table: FrameTable, transferFrames: number): Connection['phases'] {
    return phasesOf(this.phaseRow(i), table, transferFrames)
  }

  private phaseRow(i: number): PhaseRow {
    const f = i * 6
    return {
      synFrame: this.frames[f]!,
      synAckFrame: this.frames[f + 1]!,
      ackFrame: this.frames[f + 2]!,
      firstFrame: this.frames[f + 3]!,
      closeStart: this.frames[f + 5]!,
      closeBy: CLOSE_BY[this.codes[i * 4]!]!,
      closeKind: CLOSE_KIND[this.codes[i * 4 + 1]!]!,
      rst: this.codes[i * 4 + 2] === 1,
      dataFrames: this.pool.subarray(this.spans[i * 3]!, this.spans[i * 3 + 1]!),
      closeFrames: this.pool.subarray(this.spans[i * 3 + 1]!, this.spans[i * 3 + 2]!),
    }
  }
}

/** Client and server change places (no data has been delivered either way yet). */
function swapRoles(c: ConnState): void {
  ;[c.clientIp, c.serverIp] = [c.serverIp, c.clientIp]
  ;[c.clientPort, c.serverPort] = [c.serverPort, c.clientPort]
  ;[c.clientAddress, c.serverAddress] = [c.serverAddress, c.clientAddress]
  ;[c.clientEnd, c.serverEnd] = [c.serverEnd, c.clientEnd]
  if (c.closeBy !== 'unknown') c.closeBy = c.closeBy === 'client' ? 'server' : 'client'
}
