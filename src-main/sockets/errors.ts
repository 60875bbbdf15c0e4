// Error codes of the socket layer: what went wrong in which phase (connect, TLS, transfer).
import { WiretrailError } from '../shared/errors.ts'

export type SocketErrorCode =
  | 'SOCKET_CONNECT_REFUSED' // the server answered the SYN with RST: nothing listens on that port
  | 'SOCKET_CONNECT_TIMEOUT'
  | 'SOCKET_CONNECT_FAILED' // unreachable network, bad address …
  | 'SOCKET_RESET' // the peer reset an established connection
  | 'SOCKET_CLOSED' // write on a connection that is already closed
  | 'SOCKET_ABORTED' // the caller cancelled (AbortSignal)
  | 'TLS_HANDSHAKE_FAILED'
  | 'TLS_CERT_REJECTED' // the server's certificate chain did not verify

export class SocketError extends WiretrailError<SocketErrorCode> {}

/** Maps a Node socket error in the connect phase to a SocketError naming the remote endpoint. */
export function connectError(error: NodeJS.ErrnoException, where: string, timeoutMs: number): SocketError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new SocketError('SOCKET_CONNECT_REFUSED', `connect() to ${where} was refused: nothing listens on that port (the server answered with RST)`, { remote: where, cause: error.code })
    case 'ETIMEDOUT':
      return new SocketError('SOCKET_CONNECT_TIMEOUT', `connect() to ${where} got no answer within ${timeoutMs} ms`, { remote: where, cause: error.code })
    case 'ECONNRESET':
      return new SocketError('SOCKET_RESET', `${where} reset the connection`, { remote: where, cause: error.code })
    default:
      return new SocketError('SOCKET_CONNECT_FAILED', `connect() to ${where} failed: ${error.code ?? ''} ${error.message}`.trim(), { remote: where, cause: error.code })
  }
}
