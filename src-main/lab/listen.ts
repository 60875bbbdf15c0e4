// Opening the lab's listening sockets, with errors that say which server, address and port failed
// and what to do about it.
import dgram from 'node:dgram'
import net from 'node:net'
import { LabError } from './errors.ts'

/** Binds a UDP socket. `what` names the server in errors ("DNS server a.root-servers.lab."). */
/** Receive buffer asked for each lab DNS server's UDP socket. Linux's default (208 KiB) holds about
 * 200 small datagrams: a burst of 1,000 questions sent at once to the nearby DNS server (issue 12's
 * load test) lost 990 of them before the server's event loop could read them, and the clients'
 * retries, due at the same moment, were lost alike. DNS servers ask for more (unbound has its
 * so-rcvbuf option for this); Linux caps the size at net.core.rmem_max without an error. */
const UDP_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024

export function bindUdp(address: string, port: number, what: string): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: 'udp4' })
    const onError = (error: NodeJS.ErrnoException): void => {
      socket.close()
      reject(listenError(error, 'UDP', address, port, what))
    }
    socket.once('error', onError)
    socket.bind({ address, port, exclusive: true }, () => {
      socket.off('error', onError)
      try {
        socket.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES)
      } catch {
        // Best effort: a system that refuses the size keeps its default buffer.
      }
      resolve(socket)
    })
  })
}

/** Starts a TCP server listening on address:port. */
export function listenTcp(server: net.Server, address: string, port: number, what: string): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(listenError(error, 'TCP', address, port, what))
    }
    server.once('error', onError)
    server.listen({ host: address, port, exclusive: true }, () => {
      server.off('error', onError)
      resolve(server)
    })
  })
}

/** The port a bound socket or server actually got (port 0 asks the OS for a free one). */
export function boundPort(socket: dgram.Socket | net.Server): number {
  const address = socket.address()
  if (address === null || typeof address === 'string') throw new Error('socket is not bound to an IP address')
  return address.port
}

export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve()
      return
    }
    server.close(() => resolve())
  })
}

export function closeUdp(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve())
    } catch {
      resolve() // already closed
    }
  })
}

function listenError(error: NodeJS.ErrnoException, protocol: string, address: string, port: number, what: string): LabError {
  const where = `${address}:${port} (${protocol}, ${what})`
  const details = { address, port, protocol, errno: error.code }
  switch (error.code) {
    case 'EADDRINUSE':
      return new LabError('LAB_LISTEN_FAILED', `cannot listen on ${where}: the port is already in use (another lab running? choose other ports or another address block)`, details)
    case 'EADDRNOTAVAIL':
      return new LabError('LAB_LISTEN_FAILED', `cannot listen on ${where}: this system has no such loopback address (macOS has only 127.0.0.1: use the single-address mode)`, details)
    case 'EACCES':
      return new LabError('LAB_LISTEN_FAILED', `cannot listen on ${where}: permission denied (ports below 1024 need administrator rights; the lab's defaults are unprivileged)`, details)
    default:
      return new LabError('LAB_LISTEN_FAILED', `cannot listen on ${where}: ${error.message}`, details, { cause: error })
  }
}
