// The walkthrough's TCP connections, each made when it is read (EntityList): what the pass ended
// with (trackers/tcp.ts, a row of columns per connection) and what the build adds to it — the
// journal's socket (its id, descriptor and creation time), the HTTP exchanges on it and the
// resolution that gave its server address — in columns beside them. A million packets of page
// loads have tens of thousands of connections; as objects they were ≈ 28 MB of the worker's heap
// for as long as the capture was open.
import { endpoint } from '../decode/core.ts'
import type { Connection, SocketPhase } from '../shared/walkthrough.ts'
import { EntityRows } from './entity-rows.ts'
import type { FrameTable } from './frame-table.ts'
import type { HttpExchangeStore } from './http-exchanges.ts'
import type { TcpTracker } from './trackers/tcp.ts'

/** What the journal says of a connection's socket. */
interface JournalSocket {
  socketId: string
  socket: SocketPhase
}

export class ConnectionList extends EntityRows<Connection> {
  readonly length: number
  /** The resolution that gave each connection's server address (−1: none). */
  private readonly resolutionOf: Int32Array
  /** Connection i's exchanges are httpPool[httpStart[i]] … httpPool[httpStart[i + 1] − 1], in order. */
  private readonly httpStart: Uint32Array
  private readonly httpPool: Uint32Array
  /** Only a recording's connections have one. */
  private readonly sockets = new Map<number, JournalSocket>()
  /** Connections by their endpoints' text ("client server"), made when a journal's socket is first
   * matched (only recordings have a journal). */
  private byEnds: Map<string, number[]> | null = null

  constructor(
    private readonly tcp: TcpTracker,
    private readonly table: FrameTable,
    http: HttpExchangeStore,
  ) {
    super()
    const n = (this.length = tcp.count)
    this.resolutionOf = new Int32Array(n).fill(-1)
    const start = (this.httpStart = new Uint32Array(n + 1))
    for (let e = 0; e < http.length; e++) {
      const c = http.connection(e)
      if (c >= 0 && c < n) start[c + 1]!++
    }
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!
    this.httpPool = new Uint32Array(start[n]!)
    const next = start.slice(0, n)
    for (let e = 0; e < http.length; e++) {
      const c = http.connection(e)
      if (c >= 0 && c < n) this.httpPool[next[c]!++] = e
    }
  }

  protected row(i: number): Connection {
    const c = this.tcp.view(i)
    const socket = this.sockets.get(i)
    if (socket) c.phases.socket = socket.socket
    c.http = Array.from(this.httpPool.subarray(this.httpStart[i]!, this.httpStart[i + 1]!))
    // The keys in the order the walkthrough always had them: the socket's id, then the resolution.
    if (socket) c.socketId = socket.socketId
    const resolution = this.resolutionOf[i]!
    if (resolution >= 0) c.resolution = resolution
    return c
  }

  /** Connection `i`'s phases as its row has them, but the transfer phase's frames only the first
   * `transferFrames` (what the steps' plan reads: a whole row copies every data frame). */
  phases(i: number, transferFrames: number): Connection['phases'] {
    const phases = this.tcp.phases(i, transferFrames)
    const socket = this.sockets.get(i)
    if (socket) phases.socket = socket.socket
    return phases
  }

  /** Connection `i`'s exchanges (its row's `http`), in order, without a copy. */
  exchanges(i: number): ArrayLike<number> {
    return this.httpPool.subarray(this.httpStart[i]!, this.httpStart[i + 1]!)
  }

  /** What the steps' plan reads of every connection (its purpose and server), from the columns;
   * the rest from the whole row. */
  override field<K extends keyof Connection>(i: number, key: K): Connection[K] {
    if (key === 'purpose') return this.purpose(i) as Connection[K]
    if (key === 'server') {
      const e = this.tcp.ends(i)!
      return endpoint(e.serverIp, e.serverPort) as Connection[K]
    }
    return super.field(i, key)
  }

  /** The purpose of connection `i` without making it (undefined: no such connection). */
  purpose(i: number): Connection['purpose'] | undefined {
    if (!(Number.isInteger(i) && i >= 0 && i < this.length)) return undefined
    const app = this.tcp.app(i)
    return app === 'http' ? 'http' : app === 'tls' ? 'https' : app === 'dns' ? 'dns' : 'other'
  }

  /** The server's address of connection `i` ("127.53.4.80", "::1"). */
  serverIp(i: number): string {
    return this.tcp.ends(i)!.serverIp
  }

  /** When connection `i` starts as the walkthrough times it: its connect phase's start, else its
   * socket's (the journal's, or its first frame's). */
  start(i: number): number {
    const { connect, first } = this.tcp.firstFrames(i)
    if (connect >= 0) return this.table.t[connect]!
    return this.sockets.get(i)?.socket.start ?? this.table.t[first]!
  }

  /** The journal's socket with endpoints `client` → `server` ("ip:port") goes to the first
   * connection between them that has none yet: its id, and its socket phase from the socket's
   * creation (`createdAt`, seconds since frame 1; undefined: not known, the connection's first
   * frame). Returns the connection's index, or −1 when none is left. */
  claimSocket(client: string, server: string, socketId: string, fd: number | null, createdAt: number | undefined): number {
    if (!this.byEnds) {
      this.byEnds = new Map()
      for (let i = 0; i < this.length; i++) {
        const e = this.tcp.ends(i)!
        const key = `${endpoint(e.clientIp, e.clientPort)} ${endpoint(e.serverIp, e.serverPort)}`
        const list = this.byEnds.get(key)
        if (list) list.push(i)
        else this.byEnds.set(key, [i])
      }
    }
    for (const i of this.byEnds.get(`${client} ${server}`) ?? []) {
      if (this.sockets.has(i)) continue
      const c = this.tcp.view(i)
      const created = createdAt ?? c.phases.socket?.start ?? 0
      // socket() comes before connect(): the journal's time has sub-microsecond digits that the
      // SYN's pcap time stamp (whole microseconds) lost, so it may read a fraction later.
      const at = Math.min(created, c.phases.connect?.start ?? created)
      this.sockets.set(i, { socketId, socket: { start: at, end: at, frames: [], visible: true, fd } })
      return i
    }
    return -1
  }

  /** Connection `i`'s server address came from resolution `resolution`. */
  setResolution(i: number, resolution: number): void {
    this.resolutionOf[i] = resolution
  }
}
