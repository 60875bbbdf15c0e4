// The TLS tracker: a connection's two streams are framed into records (tls-stream.ts); handshake
// messages fill the session (SNI, version, cipher, certificates) and name their frames; when the
// capture carries the session's keys (a pcapng Decryption Secrets Block, the journal's key log),
// records are decrypted (tls-decrypt.ts) and the plaintext handshake continues here while
// application data goes to the HTTP tracker.
import { cipherName, tlsVersionName, type HandshakeMessage } from '../../decode/tls.ts'
import type { EntityList } from '../../shared/lesson.ts'
import type { TlsSession } from '../../shared/walkthrough.ts'
import type { AppInfo, ConnectionEnds, TcpHandoff } from '../handoff.ts'
import type { HttpConnectionParser } from '../http-stream.ts'
import type { StreamConsumer } from '../tcp-reassembly.ts'
import { TlsDecryptor, parseKeyLog, type KeyLog } from '../tls-decrypt.ts'
import { TlsSessionStore } from '../tls-sessions.ts'
import { TlsDirection, type TlsRecordEvent, type TlsSink } from '../tls-stream.ts'
import type { HttpTracker, TunnelHandoff } from './http.ts'

export class TlsTracker implements TcpHandoff, TunnelHandoff {
  /** The sessions while the pass reads (objects the connections fill in); empty once it has ended. */
  private live: TlsSession[] = []
  /** The sessions once the pass has ended (end()). */
  private ended: TlsSessionStore | null = null
  readonly keyLog: KeyLog = new Map()
  /** Connection index → its session's index. */
  private readonly byConnection = new Map<number, number>()
  /** Told of every frame that completes a TLS record (the pass marks it in the frame index, as
   * tshark's `tls` filter keeps the frames where a record's reassembly ends); `tunnelled`: inside an
   * HTTP CONNECT tunnel, where tshark's `http` keeps the frame too. */
  carries: (frame: number, tunnelled: boolean) => void = () => {}

  constructor(
    private readonly appInfo: AppInfo,
    private readonly http: HttpTracker,
  ) {}

  /** NSS key-log text (a Decryption Secrets Block, the journal's lines). */
  secrets(text: string): void {
    parseKeyLog(text, this.keyLog)
  }

  /** Every session so far (all of them, as a store, once the pass has ended). */
  get sessions(): EntityList<TlsSession> {
    return this.ended ?? this.live
  }

  /** The session on connection `index`, or undefined. */
  sessionOf(index: number): TlsSession | undefined {
    const s = this.byConnection.get(index)
    return s === undefined ? undefined : this.sessions.at(s)
  }

  /** The pass has ended (the connections' streams have been flushed): the sessions become rows of
   * the store, and the objects go. */
  end(): void {
    if (this.ended) return
    this.ended = new TlsSessionStore(this.live)
    this.live = []
  }

  attach(c: ConnectionEnds): [StreamConsumer, StreamConsumer] {
    return this.session(c, false)
  }

  tunnel(c: ConnectionEnds): [StreamConsumer, StreamConsumer] {
    return this.session(c, true)
  }

  private session(c: ConnectionEnds, tunnelled: boolean): [StreamConsumer, StreamConsumer] {
    const session: TlsSession = { connection: c.index, sni: null, version: null, cipher: null, clientHelloFrame: null, serverHelloFrame: null, certificateFrame: null, certificates: [], decrypted: false }
    this.byConnection.set(c.index, this.live.push(session) - 1)
    const conn = new TlsConnection(this, c, session, tunnelled)
    return [conn.client, conn.server]
  }

  /** The HTTP tracker's parser for what a session decrypts. */
  decryptedHttp(c: ConnectionEnds): HttpConnectionParser {
    return this.http.decrypted(c)
  }

  /** A handshake message completed in `frame`: its name joins the frame's Info. */
  handshakeInfo(frame: number, session: TlsSession, name: string): void {
    const prev = this.appInfo.get(frame)
    this.appInfo.set(frame, { protocol: session.version === 'TLS 1.3' ? 'TLSv1.3' : 'TLS', info: prev?.protocol.startsWith('TLS') ? `${prev.info}, ${name}` : name })
  }
}

/** One connection's TLS: its two directions' records fill its session, and are decrypted when the
 * capture has the session's keys (one object per connection, no closures). */
class TlsConnection implements TlsSink {
  readonly client: TlsDirection
  readonly server: TlsDirection
  private decryptor: TlsDecryptor | null = null
  private http: HttpConnectionParser | null = null

  constructor(
    private readonly tracker: TlsTracker,
    private readonly c: ConnectionEnds,
    private readonly session: TlsSession,
    private readonly tunnelled: boolean,
  ) {
    this.client = new TlsDirection(true, this)
    this.server = new TlsDirection(false, this)
  }

  handshake(h: HandshakeMessage, fromClient: boolean, frame: number): void {
    const session = this.session
    if (h.serverHello?.negotiated === 0x0304) this.client.tls13 = this.server.tls13 = true
    this.tracker.handshakeInfo(frame, session, h.name)
    if (h.clientHello && fromClient) {
      session.sni = h.clientHello.sni
      if (session.clientHelloFrame === null) session.clientHelloFrame = frame + 1
      if (this.tracker.keyLog.size && !this.decryptor) this.decryptor = new TlsDecryptor(this.tracker.keyLog, h.clientHello.random)
    } else if (h.serverHello && !fromClient) {
      session.version = tlsVersionName(h.serverHello.negotiated)
      session.cipher = cipherName(h.serverHello.cipher)
      if (!h.serverHello.helloRetryRequest || session.serverHelloFrame === null) session.serverHelloFrame = frame + 1
      this.decryptor?.serverHello(h.serverHello)
    } else if (h.certificates) {
      if (session.certificateFrame === null) session.certificateFrame = frame + 1
      for (const cert of h.certificates) {
        const entry: TlsSession['certificates'][number] = { subject: cert.subject, issuer: cert.issuer }
        if (cert.notAfter) entry.notAfter = cert.notAfter
        session.certificates.push(entry)
      }
    }
    if (this.decryptor?.hasKeys) this.client.keepBodies = this.server.keepBodies = true
  }

  applicationData(): void {}

  // In a tunnel the HTTP dissector hands tshark's TLS every segment, so a frame where a record
  // starts shows TLS (and HTTP) too; over plain TCP only the frame completing a record does.
  recordStart(_fromClient: boolean, frame: number): void {
    if (this.tunnelled && frame >= 0) this.tracker.carries(frame, true)
  }

  record(r: TlsRecordEvent): void {
    if (r.frame >= 0) this.tracker.carries(r.frame, this.tunnelled)
    if (!this.decryptor) return
    const plain = this.decryptor.record(r)
    if (!plain) return
    this.session.decrypted = true
    if (plain.kind === 'handshake') {
      ;(r.fromClient ? this.client : this.server).handshakeBytes(plain.bytes, r.frame)
    } else if (plain.kind === 'application') {
      this.http ??= this.tracker.decryptedHttp(this.c)
      ;(r.fromClient ? this.http.client : this.http.server).data(plain.bytes, 0, plain.bytes.length, r.frame)
    }
  }
}
