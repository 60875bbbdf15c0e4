// The socket layer's error codes (errors.ts raises them). Kept apart from errors.ts, which needs Node's
// types, so that the renderer's and the CLI's words for every code (shared/error-meanings.ts) can name them.
export type SocketErrorCode =
  | 'SOCKET_CONNECT_REFUSED' // the server answered the SYN with RST: nothing listens on that port
  | 'SOCKET_CONNECT_TIMEOUT' // the SYN got no answer (dropped by a firewall, or nothing there)
  | 'SOCKET_UNREACHABLE' // no route to the address (the network is down, or has no route for its family)
  | 'SOCKET_CONNECT_FAILED' // anything else connect() can fail with (not permitted, bad address …)
  | 'SOCKET_RESET' // the peer reset an established connection
  | 'SOCKET_SEND_FAILED' // write() failed on an open connection
  | 'SOCKET_ERROR' // an established connection failed otherwise (the OS's error code says how)
  | 'SOCKET_CLOSED' // write on a connection that is already closed
  | 'SOCKET_ABORTED' // the caller cancelled (AbortSignal)
  | 'TLS_HANDSHAKE_FAILED'
  | 'TLS_CERT_REJECTED' // the server's certificate chain did not verify (details.reason says why)
  | 'TLS_NO_HTTP1' // the server refused HTTP/1.1 in ALPN (it speaks only HTTP/2 or another protocol)
