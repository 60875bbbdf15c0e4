// Error codes of the socket layer: what went wrong in which phase (connect, TLS, send, receive).
// Every error carries `details.phase` and `details.remote` (the server's ip:port; TLS errors also
// `details.server`, the name asked for), so a failed load can say where and at which step it
// stopped.
import { WiretrailError, type NetworkPhase } from '../shared/errors.ts'
import type { SocketErrorCode } from './error-codes.ts'

export type { SocketErrorCode }

export class SocketError extends WiretrailError<SocketErrorCode> {}

/** Maps a Node socket error in the connect phase to a SocketError naming the remote endpoint. */
export function connectError(error: NodeJS.ErrnoException, where: string, timeoutMs: number): SocketError {
  const details = { phase: 'connect' satisfies NetworkPhase, remote: where, cause: error.code }
  switch (error.code) {
    case 'ECONNREFUSED':
      return new SocketError('SOCKET_CONNECT_REFUSED', `connect() to ${where} was refused: nothing listens on that port (the server answered with RST)`, details)
    case 'ETIMEDOUT':
      return new SocketError('SOCKET_CONNECT_TIMEOUT', `connect() to ${where} got no answer within ${timeoutMs} ms: the SYN was dropped on the way, or nothing is at that address`, details)
    case 'ECONNRESET':
      return new SocketError('SOCKET_RESET', `${where} reset the connection`, details)
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return new SocketError('SOCKET_UNREACHABLE', `connect() to ${where} failed: this computer has no route to it (${error.code})`, details)
    case 'EACCES':
    case 'EPERM':
      return new SocketError('SOCKET_CONNECT_FAILED', `connect() to ${where} is not permitted (${error.code}): a firewall blocks it`, details)
    default:
      return new SocketError('SOCKET_CONNECT_FAILED', `connect() to ${where} failed: ${error.code ?? ''} ${error.message}`.trim(), details)
  }
}

/** Why a TLS handshake failed, from OpenSSL's / Node's error code: the certificate (and what is
 * wrong with it), the application protocol, or the handshake itself. */
export function tlsError(error: NodeJS.ErrnoException, servername: string, where: string): SocketError {
  const code = error.code ?? 'EUNKNOWN'
  const details = { phase: 'tls' satisfies NetworkPhase, server: servername, remote: where, cause: code }
  const who = `${servername} (${where})`
  if (code === 'ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL') {
    return new SocketError(
      'TLS_NO_HTTP1',
      `${who} refused HTTP/1.1, the only application protocol Wiretrail offers in the TLS handshake (ALPN): it speaks only HTTP/2 or another protocol (alert no_application_protocol, RFC 7301) [${code}]`,
      details,
    )
  }
  const reason = certificateReason(code)
  if (reason === null) return new SocketError('TLS_HANDSHAKE_FAILED', `the TLS handshake with ${who} failed: ${error.message} [${code}]`, details)
  const why: Record<Exclude<ReturnType<typeof certificateReason>, null>, string> = {
    untrusted: 'it is not signed by a certificate authority this computer trusts',
    'name-mismatch': `it is not for ${servername}: ${error.message}`,
    expired: 'it has expired',
    'not-yet-valid': 'it is not valid yet',
    other: error.message,
  }
  return new SocketError('TLS_CERT_REJECTED', `the certificate of ${who} was rejected: ${why[reason]} [${code}]`, { ...details, reason })
}

function certificateReason(code: string): 'untrusted' | 'name-mismatch' | 'expired' | 'not-yet-valid' | 'other' | null {
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'name-mismatch'
  if (code === 'CERT_HAS_EXPIRED') return 'expired'
  if (code === 'CERT_NOT_YET_VALID') return 'not-yet-valid'
  if (/SELF_SIGNED|UNABLE_TO_(GET_ISSUER|VERIFY_LEAF)|CERT_UNTRUSTED|CERT_CHAIN_TOO_LONG|INVALID_CA/.test(code)) return 'untrusted'
  if (/CERT/.test(code)) return 'other'
  return null
}
