// The TLS sessions once the pass has ended, as a compact store (EntityList): a row of typed-array
// columns per session, the texts (server names, versions, cipher suites, certificates' names and
// dates) each once, and a session made into the schema's TlsSession only when something reads it.
// While the pass reads, each session is an object its connection's TLS tracker fills in
// (trackers/tls.ts); a capture of HTTPS page loads has a session per connection, each naming the
// same few certificates.
import type { TlsSession } from '../shared/walkthrough.ts'
import { intern } from './columns.ts'
import { EntityRows } from './entity-rows.ts'

/** No value: a null text or frame, an absent notAfter. */
const NONE = -1

export class TlsSessionStore extends EntityRows<TlsSession> {
  readonly length: number
  private readonly texts: string[] = []
  private readonly textIds = new Map<string, number>()
  private readonly connection: Int32Array
  private readonly sni: Int32Array
  private readonly version: Int32Array
  private readonly cipher: Int32Array
  private readonly clientHelloFrame: Int32Array
  private readonly serverHelloFrame: Int32Array
  private readonly certificateFrame: Int32Array
  private readonly decrypted: Uint8Array
  /** Session i's certificates are rows certStart[i] … certStart[i + 1] − 1 of the cert columns. */
  private readonly certStart: Uint32Array
  private readonly subject: Int32Array
  private readonly issuer: Int32Array
  private readonly notAfter: Int32Array

  constructor(sessions: readonly TlsSession[]) {
    super()
    const n = (this.length = sessions.length)
    let certs = 0
    for (const s of sessions) certs += s.certificates.length
    this.connection = new Int32Array(n)
    this.sni = new Int32Array(n)
    this.version = new Int32Array(n)
    this.cipher = new Int32Array(n)
    this.clientHelloFrame = new Int32Array(n)
    this.serverHelloFrame = new Int32Array(n)
    this.certificateFrame = new Int32Array(n)
    this.decrypted = new Uint8Array(n)
    this.certStart = new Uint32Array(n + 1)
    this.subject = new Int32Array(certs)
    this.issuer = new Int32Array(certs)
    this.notAfter = new Int32Array(certs)
    let k = 0
    sessions.forEach((s, i) => {
      this.connection[i] = s.connection
      this.sni[i] = this.textId(s.sni)
      this.version[i] = this.textId(s.version)
      this.cipher[i] = this.textId(s.cipher)
      this.clientHelloFrame[i] = s.clientHelloFrame ?? NONE
      this.serverHelloFrame[i] = s.serverHelloFrame ?? NONE
      this.certificateFrame[i] = s.certificateFrame ?? NONE
      this.decrypted[i] = s.decrypted ? 1 : 0
      for (const c of s.certificates) {
        this.subject[k] = this.textId(c.subject)
        this.issuer[k] = this.textId(c.issuer)
        this.notAfter[k] = this.textId(c.notAfter ?? null)
        k++
      }
      this.certStart[i + 1] = k
    })
  }

  /** The connection of session i from its column (the lesson links each connection to its session). */
  override field<K extends keyof TlsSession>(i: number, key: K): TlsSession[K] {
    return key === 'connection' ? (this.connection[i] as TlsSession[K]) : super.field(i, key)
  }

  /** Session i, key for key as the tracker made it. */
  protected row(i: number): TlsSession {
    const certificates: TlsSession['certificates'] = []
    for (let k = this.certStart[i]!; k < this.certStart[i + 1]!; k++) {
      const cert: TlsSession['certificates'][number] = { subject: this.texts[this.subject[k]!]!, issuer: this.texts[this.issuer[k]!]! }
      if (this.notAfter[k] !== NONE) cert.notAfter = this.texts[this.notAfter[k]!]!
      certificates.push(cert)
    }
    return {
      connection: this.connection[i]!,
      sni: this.text(this.sni[i]!),
      version: this.text(this.version[i]!),
      cipher: this.text(this.cipher[i]!),
      clientHelloFrame: this.frame(this.clientHelloFrame[i]!),
      serverHelloFrame: this.frame(this.serverHelloFrame[i]!),
      certificateFrame: this.frame(this.certificateFrame[i]!),
      certificates,
      decrypted: this.decrypted[i] === 1,
    }
  }

  private textId(value: string | null): number {
    return value === null ? NONE : intern(this.texts, this.textIds, value)
  }

  private text(id: number): string | null {
    return id === NONE ? null : this.texts[id]!
  }

  private frame(value: number): number | null {
    return value === NONE ? null : value
  }
}
