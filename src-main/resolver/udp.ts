// One DNS query over UDP on a fresh socket (RFC 5452 §9.2: a new random source port per query;
// the OS picks a random ephemeral port for bind(port 0) on Linux, Windows and macOS).
//
// The socket is bound, then connected to the server: connect() makes the kernel choose the source
// address the datagram will really carry (so `socket.address()` after it is the exact local
// endpoint the recorder writes into packets), and a connected UDP socket reports ICMP port
// unreachable as an error instead of leaving us to time out.
import { createSocket, type Socket } from 'node:dgram'
import { isIPv6 } from 'node:net'
import { newSocketId, tapNow } from '../sockets/tap.ts'
import { matchResponse } from './match.ts'
import { handleDescriptor } from '../sockets/socket-handle.ts'
import { endpointOf, exchangeErrorReason, type ExchangeOutcome, type ExchangeRequest } from './transport.ts'

export function exchangeUdp(request: ExchangeRequest): Promise<ExchangeOutcome> {
  const { server, tap } = request
  const socketId = newSocketId('udp')
  const remote = endpointOf(server.address, server.port)
  const socket = createSocket(isIPv6(server.address) ? 'udp6' : 'udp4')
  let sentAt = 0
  const elapsed = (): number => (sentAt === 0 ? 0 : performance.now() - sentAt)

  return new Promise<ExchangeOutcome>((resolve) => {
    let finished = false
    // The wait bounds the socket's set-up too (bind and connect are asynchronous), and starts again
    // when the query is sent: a server is judged silent only after the whole wait from the query
    // it did not answer, so under load a slow set-up does not shorten the time the server had.
    const timeOut = (): void => finish({ kind: 'timeout', rttMs: elapsed() })
    let timer = setTimeout(timeOut, request.timeoutMs)

    function finish(outcome: ExchangeOutcome, error?: { code: string; message: string }): void {
      if (finished) return
      finished = true
      clearTimeout(timer)
      socket.removeAllListeners('message')
      socket.on('error', () => {}) // late ICMP errors after we gave up must not crash the process
      try {
        socket.close()
      } catch {
        // already closed by the error path
      }
      tap.emit({ kind: 'close', socketId, at: tapNow(), firstBy: null, ...(error ? { error } : {}) })
      resolve(outcome)
    }

    // Every way the exchange can fail ends here: bind(), connect() (no route: the network is down,
    // or this family has no route), send() (a firewall), and ICMP errors reported on the connected
    // socket afterwards (port unreachable).
    const failWith = (err: NodeJS.ErrnoException): void => {
      const code = err.code ?? 'EUNKNOWN'
      finish({ kind: 'error', reason: exchangeErrorReason('udp', code, server.address, err.message), rttMs: elapsed(), errno: code }, { code, message: err.message })
    }
    socket.on('error', failWith)

    socket.on('message', (msg, rinfo) => {
      const rttMs = elapsed()
      tap.emit({ kind: 'read', socketId, at: tapNow(), bytes: new Uint8Array(msg), remote: endpointOf(rinfo.address, rinfo.port) })
      const match = matchResponse(msg, rinfo, request.expected)
      if (!match.accepted) {
        request.onDiscard(match.reason)
        return
      }
      if (match.message === null || match.message.tc) finish({ kind: 'truncated', rttMs, size: msg.length })
      else finish({ kind: 'response', message: match.message, rttMs, size: msg.length })
    })

    socket.bind({ port: 0, address: request.localAddress ?? (isIPv6(server.address) ? '::' : '0.0.0.0'), exclusive: true }, () => {
      if (finished) return
      tap.emit({ kind: 'socket', socketId, at: tapNow(), protocol: 'udp', purpose: 'dns', fd: fdOf(socket), label: request.label })
      tap.emit({ kind: 'connecting', socketId, at: tapNow(), remote })
      // dgram hands a failed connect() to this callback (not to 'error'): with no route it is
      // ENETUNREACH here, and the socket is not connected, so nothing may be sent on it.
      socket.connect(server.port, server.address, (err?: Error) => {
        if (finished) return
        if (err) {
          failWith(err)
          return
        }
        const local = socket.address()
        tap.emit({ kind: 'connected', socketId, at: tapNow(), local: endpointOf(local.address, local.port), remote, handshakeMs: 0 })
        tap.emit({ kind: 'write', socketId, at: tapNow(), bytes: new Uint8Array(request.query), remote })
        sentAt = performance.now()
        clearTimeout(timer)
        timer = setTimeout(timeOut, request.timeoutMs)
        socket.send(request.query, (sendError) => {
          if (sendError) failWith(sendError)
        })
        request.onSent(socketId)
      })
    })
  })
}

/** dgram keeps its handle under a private symbol ("state symbol"); its `fd` is the descriptor. */
function fdOf(socket: Socket): number | null {
  const stateKey = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol')
  const state = stateKey === undefined ? undefined : (socket as unknown as Record<symbol, { handle?: { fd?: unknown } }>)[stateKey]
  return handleDescriptor(state?.handle)
}
