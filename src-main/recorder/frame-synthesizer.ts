// From socket tap events to frames: one TcpFlow per TCP socket (handshake, segments, ACKs, FIN/RST)
// and one UDP datagram per UDP write/read (the resolver's DNS queries and answers).
import { randomInt } from 'node:crypto'
import type { Endpoint, SocketEvent, SocketPurpose } from '../sockets/tap.ts'
import { linkPair } from './frames/link.ts'
import { UdpFrame } from './frames/udp.ts'
import { dnsMessageNote, tcpPayloadNote } from './frame-notes.ts'
import { TcpFlow, type SynthFrame } from './tcp-flow.ts'

interface UdpSocket {
  local: Endpoint | null
  remote: Endpoint | null
  ipId: number
}

interface SocketState {
  protocol: 'udp' | 'tcp'
  purpose: SocketPurpose
  label?: string
  tcp?: TcpFlow
  udp?: UdpSocket
}

export class FrameSynthesizer {
  private readonly sockets = new Map<string, SocketState>()
  /** Events that should have made a frame but could not (a UDP write before its local port was known). */
  skipped = 0

  handle(event: SocketEvent): SynthFrame[] {
    const state = this.stateFor(event)
    if (event.kind === 'socket') {
      state.purpose = event.purpose
      if (event.label !== undefined) state.label = event.label
      return []
    }
    const frames = state.protocol === 'tcp' ? (state.tcp as TcpFlow).handle(event) : this.udp(state, event)
    if (event.kind === 'close') this.sockets.delete(event.socketId)
    return frames
  }

  private stateFor(event: SocketEvent): SocketState {
    let state = this.sockets.get(event.socketId)
    if (state === undefined) {
      const protocol = event.kind === 'socket' ? event.protocol : event.socketId.startsWith('udp') ? 'udp' : 'tcp'
      const purpose: SocketPurpose = event.kind === 'socket' ? event.purpose : 'other'
      state = { protocol, purpose }
      if (protocol === 'tcp') {
        const owner = state
        state.tcp = new TcpFlow(event.socketId, (direction, bytes, segment, given) => {
          const note = tcpPayloadNote(owner.purpose, direction, bytes, segment, given)
          return owner.purpose === 'dns' && owner.label !== undefined ? `${note} (${owner.label})` : note
        })
      } else {
        state.udp = { local: null, remote: null, ipId: randomInt(0, 0x10000) }
      }
      this.sockets.set(event.socketId, state)
    }
    return state
  }

  private udp(state: SocketState, event: SocketEvent): SynthFrame[] {
    const udp = state.udp as UdpSocket
    switch (event.kind) {
      case 'connecting':
        udp.remote = event.remote
        if (event.local) udp.local = event.local
        return []
      case 'connected':
        udp.local = event.local
        udp.remote = event.remote
        return []
      case 'write':
      case 'read': {
        const peer = event.remote ?? udp.remote
        if (udp.local === null || peer === null) {
          this.skipped += 1
          return []
        }
        const out = event.kind === 'write'
        const [src, dst] = out ? [udp.local, peer] : [peer, udp.local]
        const packet = new UdpFrame(linkPair({ family: peer.family, src: src.address, dst: dst.address }), src.port, dst.port, event.bytes, udp.ipId++)
        const what = state.purpose === 'dns' ? (dnsMessageNote(event.bytes) ?? `${event.bytes.length} bytes of DNS`) : `${event.bytes.length} bytes`
        // DNS sockets name their leg both ways ("this computer ↔ nearby DNS server …"); others the
        // step of what they send.
        const context = state.label && (out || state.purpose === 'dns') ? ` (${state.label})` : ''
        const note = `${out ? 'sendto()' : 'recvfrom()'}: ${what}${context}`
        return [{ at: event.at, packet, socketId: event.socketId, note, from: out ? 'client' : 'server' }]
      }
      default:
        return []
    }
  }
}
