// The instrumented socket library: TCP (and TLS over it) with every phase reported to the tap.
export { endpointText } from './socket-handle.ts'
export { ClientConnection, type CloseInfo, type ConnectOptions, type Receiver, type TlsInfo, type TlsOptions } from './client-connection.ts'
export { SocketError, type SocketErrorCode } from './errors.ts'
export * from './tap.ts'
