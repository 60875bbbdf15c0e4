// One client TCP connection (optionally TLS over it), driven phase by phase as the notes' socket
// library does (STORY 04): socket() → connect() → write()/read() → close(), each phase reported to
// the socket tap with the exact bytes and the time. node:net / node:tls directly, never node:http,
// so every byte on the wire is the app's.
//
// Closing: the socket is half-open capable; a FIN from the server is reported ('shutdown' in) and
// answered with our own FIN, as a browser calls close() once read() reports the end (STORY 04 §5).
// Every way the TCP socket ends goes through `sendFin`/`sendReset`, so the tap always knows whether
// a FIN or an RST left.
import { isIP, isIPv6, Socket } from 'node:net'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { CiphertextStream } from './ciphertext-stream.ts'
import { summarizeChain } from './certificates.ts'
import { connectError, SocketError, tlsError } from './errors.ts'
import { descriptorOf, endpointText, localEndpointOf } from './socket-handle.ts'
import { newSocketId, noTap, tapNow, type CertificateSummary, type Endpoint, type SocketEvent, type SocketPurpose, type SocketTap } from './tap.ts'

export interface TlsOptions {
  /** SNI and the name the certificate must carry. */
  servername: string
  /** CA certificates (PEM) to trust instead of the system's (the lab CA for lab hosts). */
  ca?: string | string[]
  /** Offered ALPN protocols; default http/1.1 only (Wiretrail speaks HTTP/1.1). */
  alpn?: string[]
}

export interface ConnectOptions {
  address: string
  port: number
  tap?: SocketTap
  purpose?: SocketPurpose
  label?: string
  connectTimeoutMs?: number
  /** TLS handshake limit, after the TCP connection is up. */
  tlsTimeoutMs?: number
  signal?: AbortSignal
  tls?: TlsOptions
}

export interface TlsInfo {
  servername: string
  protocol: string
  cipher: string
  alpn: string | null
  handshakeMs: number
  authorized: boolean
  certificates: CertificateSummary[]
}

/** Where the bytes read go: the HTTP exchange currently using the connection. */
export interface Receiver {
  data(bytes: Uint8Array): void
  /** The peer closed its side (FIN). */
  end(): void
  error(error: Error): void
}

export interface CloseInfo {
  firstBy: 'local' | 'remote' | null
  how: 'fin' | 'rst'
  error?: { code: string; message: string }
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000
const DEFAULT_TLS_TIMEOUT_MS = 10_000
const DEFAULT_LINGER_MS = 2_000

export class ClientConnection {
  readonly socketId: string
  readonly remote: Endpoint
  fd: number | null = null
  local: Endpoint | null = null
  handshakeMs = 0
  tls: TlsInfo | null = null
  /** The peer sent FIN (or RST): no more requests on this connection. */
  peerEnded = false
  /** Bytes that arrived while no exchange was waiting (a misbehaving server). */
  unsolicited = 0
  readonly closed: Promise<CloseInfo>

  private readonly raw: Socket
  private readonly tap: SocketTap
  private tlsSocket: TLSSocket | null = null
  private ciphertext: CiphertextStream | null = null
  private receiver: Receiver | null = null
  /** What the next TLS record going out carries, for its frame note ("HTTP request GET /"). */
  private pendingNote: string | undefined
  private finSent = false
  private resetSent = false
  private firstBy: 'local' | 'remote' | null = null
  private how: 'fin' | 'rst' = 'fin'
  private closeError: { code: string; message: string } | undefined
  private isClosed = false
  private lingerTimer: NodeJS.Timeout | undefined
  private resolveClosed!: (info: CloseInfo) => void

  private constructor(options: ConnectOptions) {
    this.socketId = newSocketId('tcp')
    this.remote = { address: options.address, port: options.port, family: isIPv6(options.address) ? 6 : 4 }
    this.tap = options.tap ?? noTap
    this.raw = new Socket({ allowHalfOpen: true })
    this.closed = new Promise((resolve) => {
      this.resolveClosed = resolve
    })
  }

  /** socket() + connect() (+ the TLS handshake for HTTPS). Rejects with SocketError. */
  static open(options: ConnectOptions): Promise<ClientConnection> {
    if (isIP(options.address) === 0) {
      return Promise.reject(new SocketError('SOCKET_CONNECT_FAILED', `"${options.address}" is not an IP address; names are resolved before connect()`))
    }
    const connection = new ClientConnection(options)
    return connection.connect(options)
  }

  private emit(event: SocketEvent): void {
    try {
      this.tap.emit(event)
    } catch {
      // A tap must never break the connection it watches.
    }
  }

  private connect(options: ConnectOptions): Promise<ClientConnection> {
    const { raw } = this
    const where = endpointText(this.remote)
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS
    const createdAt = tapNow()
    const started = performance.now()
    return new Promise<ClientConnection>((resolve, reject) => {
      let settled = false
      const fail = (error: Error): void => {
        if (settled) return
        settled = true
        cleanup()
        reject(error)
      }
      const onAbort = (): void => {
        this.closeError = { code: 'ABORTED', message: 'cancelled' }
        if (this.local !== null && raw.readyState === 'open') this.sendReset()
        else raw.destroy()
        fail(new SocketError('SOCKET_ABORTED', `connecting to ${where} was cancelled`))
      }
      const timer = setTimeout(() => {
        this.closeError = { code: 'ETIMEDOUT', message: `no connection within ${timeoutMs} ms` }
        raw.destroy()
        fail(connectError(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }), where, timeoutMs))
      }, timeoutMs)
      const cleanup = (): void => {
        clearTimeout(timer)
        options.signal?.removeEventListener('abort', onAbort)
      }
      if (options.signal?.aborted) {
        onAbort()
        return
      }
      options.signal?.addEventListener('abort', onAbort, { once: true })

      raw.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET') this.noteReset()
        this.closeError ??= { code: error.code ?? 'EUNKNOWN', message: error.message }
        fail(connectError(error, where, timeoutMs))
      })
      raw.on('close', () => this.onClose())
      raw.setNoDelay(true)
      raw.connect({ host: options.address, port: options.port })
      // libuv creates the descriptor and calls connect(2) in the tick Node queued inside connect();
      // right after it the fd and the port the stack assigned are known (getsockname).
      process.nextTick(() => {
        this.fd = descriptorOf(raw)
        this.local = localEndpointOf(raw)
        this.emit({ kind: 'socket', socketId: this.socketId, at: createdAt, protocol: 'tcp', purpose: options.purpose ?? 'other', fd: this.fd, ...(options.label ? { label: options.label } : {}) })
        this.emit({ kind: 'connecting', socketId: this.socketId, at: createdAt, remote: this.remote, ...(this.local ? { local: this.local } : {}) })
      })
      raw.once('connect', () => {
        this.handshakeMs = performance.now() - started
        this.local = { address: raw.localAddress ?? '', port: raw.localPort ?? 0, family: this.remote.family }
        this.fd ??= descriptorOf(raw)
        this.emit({ kind: 'connected', socketId: this.socketId, at: tapNow(), local: this.local, remote: this.remote, handshakeMs: this.handshakeMs })
        raw.removeAllListeners('error')
        raw.on('error', (error: NodeJS.ErrnoException) => this.onSocketError(error))
        raw.on('end', () => this.onPeerEnd())
        if (options.tls === undefined) {
          raw.on('data', (bytes: Buffer) => {
            this.emit({ kind: 'read', socketId: this.socketId, at: tapNow(), bytes })
            this.deliver(bytes)
          })
          settled = true
          cleanup()
          resolve(this)
          return
        }
        clearTimeout(timer)
        this.startTls(options, options.tls).then(
          () => {
            settled = true
            cleanup()
            resolve(this)
          },
          (error: Error) => fail(error),
        )
      })
    })
  }

  private startTls(options: ConnectOptions, tlsOptions: TlsOptions): Promise<void> {
    const { raw } = this
    const ciphertext = new CiphertextStream({
      send: (bytes, done) => {
        if (this.finSent || this.resetSent || raw.destroyed) {
          done()
          return
        }
        const note = this.pendingNote
        this.pendingNote = undefined
        // TLS may reuse its output buffer once the write is done; the tap keeps a copy.
        this.emit({ kind: 'write', socketId: this.socketId, at: tapNow(), bytes: Buffer.from(bytes), ...(note ? { note } : {}) })
        raw.write(bytes, (error) => done(error ?? null))
      },
      finish: () => this.sendFin(),
      wantMore: () => raw.resume(),
    })
    this.ciphertext = ciphertext
    raw.on('data', (bytes: Buffer) => {
      this.emit({ kind: 'read', socketId: this.socketId, at: tapNow(), bytes })
      if (!ciphertext.deliver(bytes)) raw.pause()
    })
    const started = performance.now()
    const timeoutMs = options.tlsTimeoutMs ?? DEFAULT_TLS_TIMEOUT_MS
    const servername = tlsOptions.servername
    const socket = tlsConnect({
      socket: ciphertext,
      // SNI carries names only (RFC 6066 §3), never an address literal.
      ...(isIP(servername) === 0 ? { servername } : {}),
      ...(tlsOptions.ca !== undefined ? { ca: tlsOptions.ca } : {}),
      ALPNProtocols: tlsOptions.alpn ?? ['http/1.1'],
      rejectUnauthorized: true,
    })
    this.tlsSocket = socket
    socket.on('keylog', (line: Buffer) => {
      this.emit({ kind: 'tls-keylog', socketId: this.socketId, at: tapNow(), line: line.toString('latin1').trimEnd() })
    })
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.closeError = { code: 'ETIMEDOUT', message: `TLS handshake took more than ${timeoutMs} ms` }
        socket.destroy()
        this.sendReset()
        reject(new SocketError('TLS_HANDSHAKE_FAILED', `the TLS handshake with ${servername} (${endpointText(this.remote)}) did not finish within ${timeoutMs} ms`, { phase: 'tls', server: servername, remote: endpointText(this.remote), cause: 'ETIMEDOUT' }))
      }, timeoutMs)
      socket.once('secureConnect', () => {
        clearTimeout(timer)
        const cipher = socket.getCipher()
        const alpn = socket.alpnProtocol
        this.tls = {
          servername,
          protocol: socket.getProtocol() ?? '',
          cipher: cipher.name,
          alpn: typeof alpn === 'string' ? alpn : null,
          handshakeMs: performance.now() - started,
          authorized: socket.authorized,
          certificates: summarizeChain(socket.getPeerCertificate(true)),
        }
        this.emit({ kind: 'tls-handshake', socketId: this.socketId, at: tapNow(), ...this.tls })
        socket.removeAllListeners('error')
        socket.on('error', (error: NodeJS.ErrnoException) => this.onSocketError(error))
        socket.on('data', (bytes: Buffer) => {
          this.emit({ kind: 'tls-plaintext', socketId: this.socketId, at: tapNow(), direction: 'in', bytes })
          this.deliver(bytes)
        })
        socket.on('end', () => {
          // The server's close_notify (or FIN): the exchange ends here, and we close too (our
          // close_notify, then FIN), as a browser calls close() when read() reports the end.
          this.peerEnded = true
          this.receiverEnd()
          if (!socket.writableEnded) socket.end()
        })
        resolve()
      })
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        const code = error.code ?? 'EUNKNOWN'
        this.closeError = { code, message: error.message }
        // OpenSSL has sent its alert (if any); close our side with FIN as a browser does.
        this.sendFin()
        this.lingerThenDestroy(DEFAULT_LINGER_MS)
        reject(tlsError(error, servername, endpointText(this.remote)))
      })
    })
  }

  /** write(): hands bytes to the protocol stack (for HTTPS, to TLS, which writes the records). */
  write(bytes: Uint8Array, note?: string): Promise<void> {
    if (this.isClosed || this.finSent || this.resetSent) {
      return Promise.reject(new SocketError('SOCKET_CLOSED', `write on the connection to ${endpointText(this.remote)} after it was closed`, { phase: 'send', remote: endpointText(this.remote) }))
    }
    return new Promise((resolve, reject) => {
      const done = (error?: Error | null): void => {
        if (!error) {
          resolve()
          return
        }
        const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
        reject(
          error instanceof SocketError
            ? error
            : new SocketError(code === 'ECONNRESET' || code === 'EPIPE' ? 'SOCKET_RESET' : 'SOCKET_SEND_FAILED', `write() to ${endpointText(this.remote)} failed: ${code === 'ECONNRESET' || code === 'EPIPE' ? 'the server reset the connection' : error.message} (${code})`, { phase: 'send', remote: endpointText(this.remote), cause: code }),
        )
      }
      if (this.tlsSocket !== null) {
        this.emit({ kind: 'tls-plaintext', socketId: this.socketId, at: tapNow(), direction: 'out', bytes })
        if (note) this.pendingNote = `TLS application data: ${note}, encrypted`
        this.tlsSocket.write(bytes, done)
      } else {
        this.emit({ kind: 'write', socketId: this.socketId, at: tapNow(), bytes, ...(note ? { note } : {}) })
        this.raw.write(bytes, done)
      }
    })
  }

  /** Points read() at an exchange (or at nothing between exchanges on a kept-alive connection). */
  setReceiver(receiver: Receiver | null): void {
    this.receiver = receiver
    if (receiver !== null && this.peerEnded) receiver.end()
  }

  /** Whether another request may be sent on this connection. */
  get reusable(): boolean {
    return !this.isClosed && !this.peerEnded && !this.finSent && !this.resetSent && this.unsolicited === 0
  }

  /** close(): our FIN (after TLS close_notify), then wait for the peer's FIN. */
  close(lingerMs = DEFAULT_LINGER_MS): Promise<CloseInfo> {
    if (!this.isClosed) {
      if (this.tlsSocket !== null && !this.tlsSocket.destroyed) this.tlsSocket.end()
      else this.sendFin()
      this.lingerThenDestroy(lingerMs)
    }
    return this.closed
  }

  /** The server said it closes ("Connection: close"): wait for its FIN, which is answered with
   * ours (STORY 04 §5: the server usually closes first); close ourselves if it does not come. */
  closeWhenPeerDoes(waitMs = DEFAULT_LINGER_MS): Promise<CloseInfo> {
    if (!this.isClosed && !this.peerEnded) {
      const timer = setTimeout(() => void this.close(), waitMs)
      timer.unref()
      void this.closed.then(() => clearTimeout(timer))
    }
    return this.closed
  }

  /** Aborts with RST (a hostile or broken response: nothing more to read). */
  abort(): void {
    if (this.isClosed) return
    this.tlsSocket?.destroy()
    this.sendReset()
  }

  private deliver(bytes: Buffer): void {
    if (this.receiver === null) {
      this.unsolicited += bytes.length
      return
    }
    this.receiver.data(bytes)
  }

  private receiverEnd(): void {
    this.receiver?.end()
  }

  private onPeerEnd(): void {
    this.peerEnded = true
    this.firstBy ??= 'remote'
    this.emit({ kind: 'shutdown', socketId: this.socketId, at: tapNow(), direction: 'in', how: 'fin' })
    if (this.ciphertext !== null) {
      // TLS sees the end of its input; it ends itself (close_notify, then our FIN via finish()).
      this.ciphertext.deliverEnd()
      this.lingerThenDestroy(DEFAULT_LINGER_MS)
    } else {
      this.receiverEnd()
      // The server closed first; the client answers with close() (STORY 04 §5).
      this.sendFin()
    }
  }

  private onSocketError(error: NodeJS.ErrnoException): void {
    const code = error.code ?? 'EUNKNOWN'
    if (code === 'ECONNRESET') this.noteReset()
    this.closeError ??= { code, message: error.message }
    this.peerEnded = true
    // No phase here: the exchange knows whether its request was sent (send) or not (receive).
    const remote = endpointText(this.remote)
    this.receiver?.error(
      code === 'ECONNRESET' || code === 'EPIPE'
        ? new SocketError('SOCKET_RESET', `${remote} reset the connection (RST)`, { remote, cause: code })
        : new SocketError('SOCKET_ERROR', `the connection to ${remote} failed: ${error.message} (${code})`, { remote, cause: code }),
    )
    if (!this.raw.destroyed) this.raw.destroy()
  }

  private noteReset(): void {
    if (this.how === 'rst' && this.firstBy === 'remote') return
    this.firstBy ??= 'remote'
    this.how = 'rst'
    this.emit({ kind: 'shutdown', socketId: this.socketId, at: tapNow(), direction: 'in', how: 'rst' })
  }

  private sendFin(): void {
    if (this.finSent || this.resetSent || this.raw.destroyed || this.local === null) return
    this.finSent = true
    this.firstBy ??= 'local'
    this.emit({ kind: 'shutdown', socketId: this.socketId, at: tapNow(), direction: 'out', how: 'fin' })
    this.raw.end()
  }

  private sendReset(): void {
    if (this.resetSent || this.raw.destroyed) return
    this.resetSent = true
    this.firstBy ??= 'local'
    this.how = 'rst'
    this.emit({ kind: 'shutdown', socketId: this.socketId, at: tapNow(), direction: 'out', how: 'rst' })
    this.raw.resetAndDestroy()
  }

  /** After our FIN, wait this long for the peer's; then drop the socket (nothing more is sent). */
  private lingerThenDestroy(lingerMs: number): void {
    if (this.lingerTimer !== undefined || this.isClosed) return
    this.lingerTimer = setTimeout(() => {
      if (this.isClosed) return
      if (!this.finSent) this.sendFin()
      this.raw.destroy()
    }, lingerMs)
    this.lingerTimer.unref()
  }

  private onClose(): void {
    if (this.isClosed) return
    this.isClosed = true
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer)
    if (this.tlsSocket !== null && !this.tlsSocket.destroyed) {
      this.tlsSocket.removeAllListeners('error')
      this.tlsSocket.on('error', () => {})
      this.tlsSocket.destroy()
    }
    const firstBy = this.local === null ? null : this.firstBy
    const info: CloseInfo = { firstBy, how: this.how, ...(this.closeError ? { error: this.closeError } : {}) }
    this.emit({ kind: 'close', socketId: this.socketId, at: tapNow(), firstBy, ...(this.closeError ? { error: this.closeError } : {}) })
    if (!this.peerEnded) this.receiver?.end()
    this.resolveClosed(info)
  }
}
