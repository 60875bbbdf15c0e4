// One DNS query over TCP (after TC=1 over UDP): connect, write the query with its 2-byte length
// prefix in one write, read until a whole matching message has arrived, then close our side (FIN)
// and wait briefly for the server's FIN, so every segment of the connection has been reported to
// the tap before the resolver moves on.
import { Socket } from 'node:net'
import { frameTcpMessage, TcpMessageFramer } from '../dns/tcp-framing.ts'
import { newSocketId, tapNow } from '../sockets/tap.ts'
import { matchResponse } from './match.ts'
import { descriptorOf, localEndpointOf } from '../sockets/socket-handle.ts'
import { endpointOf, exchangeErrorReason, type ExchangeOutcome, type ExchangeRequest } from './transport.ts'

/** How long we wait for the server's FIN after ours before dropping the socket. */
const CLOSE_LINGER_MS = 500

export function exchangeTcp(request: ExchangeRequest): Promise<ExchangeOutcome> {
  const { server, tap } = request
  const socketId = newSocketId('tcp')
  const remote = endpointOf(server.address, server.port)
  const socket = new Socket({ allowHalfOpen: true })
  const reader = new TcpMessageFramer()
  const connectAt = tapNow()
  const connectStarted = performance.now()
  let sentAt = 0
  let connected = false
  let announced = false
  let firstBy: 'local' | 'remote' | null = null
  let outcome: ExchangeOutcome | null = null
  let closeError: { code: string; message: string } | undefined
  const elapsed = (): number => (sentAt === 0 ? 0 : performance.now() - sentAt)

  return new Promise<ExchangeOutcome>((resolve) => {
    const timer = setTimeout(() => {
      settle({ kind: 'timeout', rttMs: elapsed() })
      closeError = { code: 'ETIMEDOUT', message: `no complete answer within ${request.timeoutMs} ms` }
      closeLocal()
    }, request.timeoutMs)
    let lingerTimer: NodeJS.Timeout | undefined

    function settle(result: ExchangeOutcome): void {
      if (outcome === null) outcome = result
    }

    function closeLocal(): void {
      if (!connected) {
        socket.destroy()
        return
      }
      if (!socket.writableEnded) {
        firstBy ??= 'local'
        tap.emit({ kind: 'shutdown', socketId, at: tapNow(), direction: 'out', how: 'fin' })
        socket.end()
      }
      lingerTimer ??= setTimeout(() => socket.destroy(), CLOSE_LINGER_MS)
    }

    // libuv creates the descriptor and calls connect(2) in the tick Node queues inside connect();
    // right after it the fd and the port the stack assigned are known (getsockname), so 'socket'
    // and 'connecting' carry them even when the connection is then refused (the recorder writes
    // that SYN and the RST). Stamped with the time connect() was called.
    function announce(): void {
      if (announced) return
      announced = true
      const local = localEndpointOf(socket)
      tap.emit({ kind: 'socket', socketId, at: connectAt, protocol: 'tcp', purpose: 'dns', fd: descriptorOf(socket), label: request.label })
      tap.emit({ kind: 'connecting', socketId, at: connectAt, remote, ...(local ? { local } : {}) })
    }

    socket.on('connect', () => {
      connected = true
      const local = socket.address() as { address: string; port: number }
      announce()
      tap.emit({ kind: 'connected', socketId, at: tapNow(), local: endpointOf(local.address, local.port), remote, handshakeMs: performance.now() - connectStarted })
      const framed = frameTcpMessage(request.query)
      tap.emit({ kind: 'write', socketId, at: tapNow(), bytes: framed })
      sentAt = performance.now()
      socket.write(framed)
      request.onSent(socketId)
    })

    socket.on('data', (chunk: Buffer) => {
      tap.emit({ kind: 'read', socketId, at: tapNow(), bytes: new Uint8Array(chunk) })
      if (outcome !== null) return
      for (const message of reader.push(chunk)) {
        const match = matchResponse(message, server, request.expected)
        if (!match.accepted) {
          request.onDiscard(match.reason)
          continue
        }
        if (match.message === null) {
          settle({ kind: 'error', reason: 'TC=1 over TCP and undecodable: the server cannot send this answer', rttMs: elapsed() })
        } else {
          settle({ kind: 'response', message: match.message, rttMs: elapsed(), size: message.length })
        }
        clearTimeout(timer)
        closeLocal()
        return
      }
    })

    socket.on('end', () => {
      firstBy ??= 'remote'
      tap.emit({ kind: 'shutdown', socketId, at: tapNow(), direction: 'in', how: 'fin' })
      settle({ kind: 'error', reason: `the server closed the connection before a complete answer (${reader.bufferedBytes} bytes of it)`, rttMs: elapsed() })
      clearTimeout(timer)
      closeLocal()
    })

    socket.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'EUNKNOWN'
      // A refused connect() is the server's stack answering our SYN with RST, as a reset is.
      if (code === 'ECONNRESET' || code === 'ECONNREFUSED') {
        firstBy ??= 'remote'
        tap.emit({ kind: 'shutdown', socketId, at: tapNow(), direction: 'in', how: 'rst' })
      }
      announce()
      closeError ??= { code, message: err.message }
      settle({ kind: 'error', reason: exchangeErrorReason('tcp', code, server.address, err.message), rttMs: elapsed(), errno: code })
    })

    socket.on('close', () => {
      announce()
      clearTimeout(timer)
      if (lingerTimer) clearTimeout(lingerTimer)
      tap.emit({ kind: 'close', socketId, at: tapNow(), firstBy: connected ? firstBy : null, ...(closeError ? { error: closeError } : {}) })
      resolve(outcome ?? { kind: 'error', reason: 'connection closed without an answer', rttMs: elapsed() })
    })

    socket.connect({ host: server.address, port: server.port, ...(request.localAddress !== undefined ? { localAddress: request.localAddress } : {}) })
    process.nextTick(announce)
  })
}
