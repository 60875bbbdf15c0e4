// Turns one TCP socket's tap events into the segments a kernel would have put on the wire:
// the three-way handshake (with MSS and window-scale options), data cut at the MSS, ACKs, FIN or RST.
// Hand-written TCP segment synthesis: the app sees only its socket calls, not the kernel's packets,
// so it writes the frames those calls imply, keeping sequence and acknowledgement numbers consistent
// so that Wireshark's TCP analysis finds nothing to flag:
//   - every ACK number acknowledges only bytes already written in the other direction;
//   - a pure ACK is written only when its acknowledgement number moves forward (never a "dup ACK");
//   - the window never changes after the handshake and is large (scale 7), so it never fills;
//   - the client acknowledges every second full segment and the end of every read, as delayed ACK does.
// The payload bytes, ports and addresses are the real ones; ISNs are random as a kernel's are.
import { randomInt } from 'node:crypto'
import type { Endpoint, SocketEvent } from '../sockets/tap.ts'
import type { PacketBytes } from './capture-file/types.ts'
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, TcpFrame } from './frames/tcp.ts'
import { linkPair, type LinkPair } from './frames/link.ts'

export interface SynthFrame {
  /** Epoch ms (sub-ms fraction), from the tap event. */
  at: number
  /** The frame, laid out when it is written (capture-file's PacketBytes; packetBytes() gives a copy). */
  packet: PacketBytes
  socketId: string
  /** The step this frame belongs to, for the pcapng comment and the journal. */
  note: string
  /** Which side sent it. */
  from: 'client' | 'server'
}

export type NoteFor = (direction: 'out' | 'in', bytes: Uint8Array, segment: { index: number; count: number }, given?: string) => string

const MSS_IPV4 = 1460 // Ethernet MTU 1500 − 20 (IPv4) − 20 (TCP)
const MSS_IPV6 = 1440 // 1500 − 40 (IPv6) − 20 (TCP)
const WINDOW = 0xffff // × 2^7 (frames/tcp.ts's WINDOW_SCALE) ≈ 8 MiB: never full in a page load
const SYN_WINDOW = 0xffff // SYN windows are never scaled (RFC 7323 §2.2)
const ACK_EVERY = 2

type State = 'new' | 'syn-sent' | 'established' | 'reset'

export class TcpFlow {
  readonly socketId: string
  private local: Endpoint | null = null
  private remote: Endpoint | null = null
  private state: State = 'new'
  private synAt = 0
  private synWritten = false
  private readonly clientIsn = randomInt(0, 2 ** 32)
  private readonly serverIsn = randomInt(0, 2 ** 32)
  private clientNext = 0
  private serverNext = 0
  private clientIpId = randomInt(0, 0x10000)
  private serverIpId = randomInt(0, 0x10000)
  private finOut = false
  private finIn = false
  private pairs: { local: Endpoint; remote: Endpoint; client: LinkPair; server: LinkPair } | null = null
  private readonly noteFor: NoteFor

  constructor(socketId: string, noteFor: NoteFor) {
    this.socketId = socketId
    this.noteFor = noteFor
  }

  get mss(): number {
    return this.remote?.family === 6 ? MSS_IPV6 : MSS_IPV4
  }

  /** Frames implied by one tap event (often none, e.g. 'socket', 'tls-keylog'). */
  handle(event: SocketEvent): SynthFrame[] {
    switch (event.kind) {
      case 'connecting':
        this.remote = event.remote
        this.synAt = event.at
        this.state = 'syn-sent'
        if (event.local !== undefined) {
          this.local = event.local
          return [this.syn()]
        }
        return []
      case 'connected':
        return this.onConnected(event.at, event.local, event.remote)
      case 'write':
        return this.state === 'established' && !this.finOut ? this.data('client', event.at, event.bytes, event.note) : []
      case 'read':
        return this.state === 'established' && !this.finIn ? this.data('server', event.at, event.bytes) : []
      case 'shutdown':
        if (event.how === 'rst') return this.reset(event.direction === 'out' ? 'client' : 'server', event.at)
        return event.direction === 'out' ? this.clientFin(event.at) : this.serverFin(event.at)
      default:
        return []
    }
  }

  private frame(from: 'client' | 'server', at: number, flags: number, note: string, payload?: Uint8Array, syn = false): SynthFrame {
    const local = this.local as Endpoint
    const remote = this.remote as Endpoint
    const client = from === 'client'
    const seq = client ? this.clientNext : this.serverNext
    const ack = flags & TCP_ACK ? (client ? this.serverNext : this.clientNext) : 0
    const ipId = client ? this.clientIpId++ : this.serverIpId++
    const packet = new TcpFrame(this.pairFrom(client), client ? local.port : remote.port, client ? remote.port : local.port, seq, ack, flags, syn ? SYN_WINDOW : WINDOW, syn ? this.mss : 0, payload, ipId)
    return { at, packet, socketId: this.socketId, note, from }
  }

  /** The address pair of one direction, made once per endpoint change (every frame needs one). */
  private pairFrom(client: boolean): LinkPair {
    const local = this.local as Endpoint
    const remote = this.remote as Endpoint
    if (this.pairs === null || this.pairs.local !== local || this.pairs.remote !== remote) {
      this.pairs = {
        local,
        remote,
        client: linkPair({ family: remote.family, src: local.address, dst: remote.address }),
        server: linkPair({ family: remote.family, src: remote.address, dst: local.address }),
      }
    }
    return client ? this.pairs.client : this.pairs.server
  }

  private syn(): SynthFrame {
    this.synWritten = true
    this.clientNext = this.clientIsn
    const remote = this.remote as Endpoint
    const frame = this.frame('client', this.synAt, TCP_SYN, `connect(): SYN to ${endpoint(remote)}, the stack chose port ${this.local?.port} (handshake 1/3)`, undefined, true)
    this.clientNext = (this.clientIsn + 1) >>> 0
    return frame
  }

  private onConnected(at: number, local: Endpoint, remote: Endpoint): SynthFrame[] {
    if (this.state !== 'syn-sent' && this.state !== 'new') return []
    this.local = local
    this.remote = remote
    const frames: SynthFrame[] = []
    if (!this.synWritten) {
      this.synAt ||= at
      frames.push(this.syn())
    }
    this.serverNext = this.serverIsn
    frames.push(this.frame('server', at, TCP_SYN | TCP_ACK, 'connect(): SYN-ACK from the server (handshake 2/3)', undefined, true))
    this.serverNext = (this.serverIsn + 1) >>> 0
    frames.push(this.frame('client', at, TCP_ACK, 'connect(): ACK, the connection is established (handshake 3/3)'))
    this.state = 'established'
    return frames
  }

  private data(from: 'client' | 'server', at: number, bytes: Uint8Array, givenNote?: string): SynthFrame[] {
    const frames: SynthFrame[] = []
    const count = Math.max(1, Math.ceil(bytes.length / this.mss))
    let unacked = 0
    for (let index = 0; index < count; index += 1) {
      const payload = bytes.subarray(index * this.mss, (index + 1) * this.mss)
      const last = index === count - 1
      const note = this.noteFor(from === 'client' ? 'out' : 'in', bytes, { index, count }, givenNote)
      frames.push(this.frame(from, at, TCP_ACK | (last ? TCP_PSH : 0), note, payload))
      if (from === 'client') this.clientNext = (this.clientNext + payload.length) >>> 0
      else this.serverNext = (this.serverNext + payload.length) >>> 0
      unacked += 1
      // The receiving stack acknowledges every second full segment and what ends a read.
      if (from === 'server' && (unacked === ACK_EVERY || last)) {
        frames.push(this.frame('client', at, TCP_ACK, `ACK: the client's stack has received ${(this.serverNext - this.serverIsn - 1) >>> 0} bytes so far`))
        unacked = 0
      }
    }
    return frames
  }

  private clientFin(at: number): SynthFrame[] {
    if (this.finOut || this.state !== 'established') return []
    this.finOut = true
    const first = !this.finIn
    const frames = [this.frame('client', at, TCP_FIN | TCP_ACK, first ? 'close(): the client closes first (FIN)' : 'close(): the client closes too (FIN)')]
    this.clientNext = (this.clientNext + 1) >>> 0
    frames.push(this.frame('server', at, TCP_ACK, "ACK: the server's stack acknowledges the client's FIN"))
    return frames
  }

  private serverFin(at: number): SynthFrame[] {
    if (this.finIn || this.state !== 'established') return []
    this.finIn = true
    const first = !this.finOut
    const frames = [this.frame('server', at, TCP_FIN | TCP_ACK, first ? 'close(): the server closes first (FIN); read() will report the end' : 'close(): the server closes too (FIN)')]
    this.serverNext = (this.serverNext + 1) >>> 0
    frames.push(this.frame('client', at, TCP_ACK, "ACK: the client's stack acknowledges the server's FIN"))
    return frames
  }

  private reset(from: 'client' | 'server', at: number): SynthFrame[] {
    if (this.state === 'reset') return []
    if (this.state === 'syn-sent' && from === 'server') {
      // A refused connect(): the server's stack answers the SYN with RST+ACK (needs our port).
      if (!this.synWritten) return []
      this.state = 'reset'
      this.serverNext = 0
      return [this.frame('server', at, TCP_RST | TCP_ACK, 'connect() refused: the server answers the SYN with RST (nothing listens on that port)')]
    }
    if (this.state !== 'established') return []
    this.state = 'reset'
    const who = from === 'client' ? 'the client aborts the connection' : 'the server resets the connection'
    return [this.frame(from, at, TCP_RST | TCP_ACK, `RST: ${who}`)]
  }
}

function endpoint(e: Endpoint): string {
  return e.family === 6 ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`
}
