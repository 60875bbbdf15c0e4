// The socket tap: every socket the engine opens (the resolver's UDP/TCP sockets, the HTTP client's
// TCP/TLS sockets) reports its life here, phase by phase, as the notes' socket library does:
//   socket()  -> 'socket'     (a descriptor exists)
//   connect() -> 'connecting' then 'connected' (remote IP + port; the stack picked our local port)
//   write()   -> 'write'      (bytes handed to the protocol stack)
//   read()    -> 'read'       (bytes that arrived in the receive buffer)
//   close()   -> 'shutdown' (FIN/RST in one direction) and finally 'close'
// and for HTTPS, over the same TCP socket: 'tls-handshake' (SNI, chain), 'tls-keylog' (session
// keys), 'tls-plaintext' (what the encrypted 'write'/'read' bytes carried).
//
// Events may be kept and processed after emit() returns: never mutate `bytes` afterwards.
//
// The recorder implements SocketTap and turns these events into packets (UDP datagrams, TCP
// handshake/segments/FIN) and journal records; code that opens sockets only calls `tap.emit`.
// A tap must never throw into the socket code and must be cheap when nobody listens.
//
// Ownership: the recorder area owns this file; changes are additive only (new optional fields or
// new event kinds), because the resolver's transports emit these events too.

export type SocketProtocol = 'udp' | 'tcp'
/** What the socket is for; the walkthrough names connections by it. */
export type SocketPurpose = 'dns' | 'http' | 'https' | 'other'

export interface Endpoint {
  /** IPv4 dotted quad or IPv6 text form, without brackets. */
  address: string
  port: number
  family: 4 | 6
}

interface SocketEventBase {
  /** Unique per socket within one process run, e.g. "tcp-7". The same id on every event of a socket. */
  socketId: string
  /** Wall-clock time of the event: epoch milliseconds with sub-millisecond fraction
   * (`performance.timeOrigin + performance.now()`), so pcap can carry microseconds. */
  at: number
}

export type SocketEvent =
  | (SocketEventBase & {
      kind: 'socket'
      protocol: SocketProtocol
      purpose: SocketPurpose
      /** The OS descriptor number where Node exposes it (`socket._handle.fd`, Unix only), else null. */
      fd: number | null
      /** Free text for the UI, e.g. "query kr. server 127.53.1.1 for www.lab.cyber.co.kr A". */
      label?: string
    })
  | (SocketEventBase & {
      kind: 'connecting'
      remote: Endpoint
      /** Our address and the port the stack assigned, when known already at connect() time
       * (getsockname right after connect(2)); lets the recorder write the SYN at once, and write
       * SYN + RST for a refused connection. Otherwise 'connected' carries it. */
      local?: Endpoint
    })
  | (SocketEventBase & {
      kind: 'connected'
      local: Endpoint
      remote: Endpoint
      /** TCP: time from connect() to the handshake completing, in ms. UDP: 0 (no handshake). */
      handshakeMs: number
      /** TLS over this TCP socket, once the TLS handshake is done (HTTPS). */
      tls?: { servername: string; protocol: string; cipher: string; alpn?: string | null }
    })
  | (SocketEventBase & {
      kind: 'write'
      /** Exactly the bytes written to the socket (for TLS: the ciphertext records on the wire). */
      bytes: Uint8Array
      /** What these bytes are, for the frame notes ("HTTP request GET /sample.htm"). */
      note?: string
      /** UDP only: the destination of this datagram. */
      remote?: Endpoint
    })
  | (SocketEventBase & {
      kind: 'read'
      /** Exactly the bytes read from the socket into the receive buffer (TLS: ciphertext). */
      bytes: Uint8Array
      /** UDP only: the source of this datagram. */
      remote?: Endpoint
    })
  | (SocketEventBase & {
      kind: 'shutdown'
      /** 'out': we sent FIN/RST; 'in': the peer did. */
      direction: 'out' | 'in'
      how: 'fin' | 'rst'
    })
  | (SocketEventBase & {
      kind: 'close'
      /** Who closed first (sent the first FIN or RST); null for UDP or when nothing was connected. */
      firstBy: 'local' | 'remote' | null
      /** Set when the socket ended in an error (connect refused, reset, timeout). */
      error?: { code: string; message: string }
    })
  | (SocketEventBase & {
      kind: 'tls-handshake'
      /** The TLS handshake over this TCP socket finished (Wiretrail's HTTPS client reports it here,
       * after 'connected', since the TLS records travel as ordinary 'write'/'read' bytes). */
      servername: string
      protocol: string
      cipher: string
      alpn: string | null
      /** connect() of TLS to secureConnect, in ms. */
      handshakeMs: number
      /** Whether the chain verified against the trusted CAs (lab hosts: the lab CA only). */
      authorized: boolean
      authorizationError?: string
      /** The server's chain, leaf first. */
      certificates: CertificateSummary[]
    })
  | (SocketEventBase & {
      kind: 'tls-keylog'
      /** One NSS key-log line (`CLIENT_RANDOM …`, `CLIENT_HANDSHAKE_TRAFFIC_SECRET …`), no newline. */
      line: string
    })
  | (SocketEventBase & {
      kind: 'tls-plaintext'
      /** Decrypted application bytes, for the walkthrough (never written as packets). */
      direction: 'out' | 'in'
      bytes: Uint8Array
    })

export type SocketEventKind = SocketEvent['kind']

/** One certificate of a server's chain, as the UI shows it. */
export interface CertificateSummary {
  subject: string
  issuer: string
  subjectAltName: string | null
  validFrom: string
  validTo: string
  serialNumber: string
  fingerprint256: string
  /** True for a self-signed (root) certificate. */
  selfSigned: boolean
}

export interface SocketTap {
  emit(event: SocketEvent): void
}

/** The tap used when nothing records: does nothing, costs a call. */
export const noTap: SocketTap = { emit() {} }

let nextSocketNumber = 0
/** Socket ids are unique within the process: "udp-1", "tcp-2", … */
export function newSocketId(protocol: SocketProtocol): string {
  nextSocketNumber += 1
  return `${protocol}-${nextSocketNumber}`
}

/** Current time in the tap's unit (epoch ms with sub-ms fraction). */
export function tapNow(): number {
  return performance.timeOrigin + performance.now()
}
