// One DNS server endpoint: a UDP socket and a TCP server on the same address and port, both handing
// each query's bytes to a handler and sending back what it returns (nothing for a dropped query).
// TCP messages carry a two-byte length prefix (src-main/dns/tcp-framing.ts); several queries may come
// on one connection and are answered in order (RFC 7766 §6.2.1). Nothing a client sends can crash it:
// handler failures are reported to `onError` and the query goes unanswered.
import type dgram from 'node:dgram'
import net from 'node:net'
import { bindUdp, boundPort, closeServer, closeUdp, listenTcp } from '../listen.ts'
import { frameTcpMessage, TcpMessageFramer } from '../../dns/tcp-framing.ts'

export interface DnsRequestContext {
  transport: 'udp' | 'tcp'
  remote: { address: string; port: number }
  /** The server's own address and port the query came to. */
  local: { address: string; port: number }
}

/** Returns the reply's bytes (without the TCP length prefix), or null to send nothing. */
export type DnsHandler = (query: Buffer, context: DnsRequestContext) => Buffer | null | Promise<Buffer | null>

export interface DnsListener {
  address: string
  port: number
  close(): Promise<void>
}

export interface DnsListenOptions {
  address: string
  /** 0 picks a free port (the same number for UDP and TCP). */
  port: number
  handler: DnsHandler
  /** Names the server in errors: "DNS server a.root-servers.lab.". */
  label: string
  onError?: (error: unknown) => void
}

/** A TCP connection that sends nothing for this long is closed (RFC 7766 §6.2.3 suggests seconds). */
const TCP_IDLE_MS = 10_000
/** Free-port attempts when UDP got a port that TCP cannot have. */
const PORT_ATTEMPTS = 10

export async function listenDns(options: DnsListenOptions): Promise<DnsListener> {
  const { address, label } = options
  const onError = options.onError ?? (() => {})
  for (let attempt = 1; ; attempt += 1) {
    const udp = await bindUdp(address, options.port, label)
    const port = boundPort(udp)
    const connections = new Set<net.Socket>()
    const tcp = net.createServer((socket) => serveTcpConnection(socket, options.handler, connections, onError))
    try {
      await listenTcp(tcp, address, port, label)
    } catch (error) {
      await closeUdp(udp)
      if (options.port === 0 && attempt < PORT_ATTEMPTS) continue
      throw error
    }
    udp.on('message', (message, remote) => serveUdpQuery(udp, message, remote, { address, port }, options.handler, onError))
    udp.on('error', onError)
    tcp.on('error', onError)
    return {
      address,
      port,
      async close() {
        for (const socket of connections) socket.destroy()
        await Promise.all([closeUdp(udp), closeServer(tcp)])
      },
    }
  }
}

async function serveUdpQuery(
  udp: dgram.Socket,
  message: Buffer,
  remote: dgram.RemoteInfo,
  local: { address: string; port: number },
  handler: DnsHandler,
  onError: (error: unknown) => void,
): Promise<void> {
  try {
    const reply = await handler(message, { transport: 'udp', remote: { address: remote.address, port: remote.port }, local })
    if (reply !== null) udp.send(reply, remote.port, remote.address, (error) => error && onError(error))
  } catch (error) {
    onError(error)
  }
}

function serveTcpConnection(
  socket: net.Socket,
  handler: DnsHandler,
  connections: Set<net.Socket>,
  onError: (error: unknown) => void,
): void {
  connections.add(socket)
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy())
  socket.on('error', () => socket.destroy()) // a reset by the client is not our error
  socket.on('close', () => connections.delete(socket))
  const remote = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }
  const local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 }
  const framer = new TcpMessageFramer()
  // Replies are chained so they go out in the order the queries came, even when a handler is async.
  let replies: Promise<void> = Promise.resolve()

  socket.on('data', (chunk: Buffer) => {
    for (const query of framer.push(chunk)) {
      replies = replies.then(async () => {
        try {
          const reply = await handler(Buffer.from(query.buffer, query.byteOffset, query.byteLength), { transport: 'tcp', remote, local })
          if (reply === null || socket.destroyed) return
          socket.write(frameTcpMessage(reply))
        } catch (error) {
          onError(error)
        }
      })
    }
  })
}
