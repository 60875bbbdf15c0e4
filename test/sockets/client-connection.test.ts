import { createServer, type Server, type Socket } from 'node:net'
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClientConnection } from '../../src-main/sockets/client-connection.ts'
import type { SocketEvent } from '../../src-main/sockets/tap.ts'
import { makeTestPki, recordingTap, type TestPki } from './helpers.ts'

function listen<S extends Server | TlsServer>(server: S): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

function collect(connection: ClientConnection): Promise<Buffer> {
  const parts: Buffer[] = []
  return new Promise((resolve, reject) => {
    connection.setReceiver({ data: (b) => parts.push(Buffer.from(b)), end: () => resolve(Buffer.concat(parts)), error: reject })
  })
}

function find<K extends SocketEvent['kind']>(events: SocketEvent[], kind: K): Extract<SocketEvent, { kind: K }> {
  const event = events.find((e) => e.kind === kind)
  if (event === undefined) throw new Error(`no ${kind} event`)
  return event as Extract<SocketEvent, { kind: K }>
}

describe('a plain TCP connection, phase by phase', () => {
  let server: Server
  let port = 0
  const seenPorts: number[] = []
  const received: Buffer[] = []

  beforeAll(async () => {
    server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
      seenPorts.push(socket.remotePort ?? 0)
      socket.once('data', (data) => {
        received.push(data)
        if (data.toString() === 'server closes') socket.end('bye from server')
        else if (data.toString() === 'reset me') socket.resetAndDestroy()
        else socket.write('echo:' + data.toString())
      })
      socket.on('end', () => socket.end())
      socket.on('error', () => {})
    })
    port = await listen(server)
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('reports socket (with its descriptor), connect (with the port the stack chose), write, read and a server-first close', async () => {
    const tap = recordingTap()
    const connection = await ClientConnection.open({ address: '127.0.0.1', port, tap, purpose: 'http', label: 'test' })
    const body = collect(connection)
    await connection.write(Buffer.from('server closes'))
    expect((await body).toString()).toBe('bye from server')
    const info = await connection.closed
    expect(info).toEqual({ firstBy: 'remote', how: 'fin' })

    const id = connection.socketId
    expect(tap.kinds(id)).toEqual(['socket', 'connecting', 'connected', 'write', 'read', 'shutdown', 'shutdown', 'close'])
    const socket = find(tap.of(id), 'socket')
    expect(socket.fd).toBeGreaterThan(2)
    const connecting = find(tap.of(id), 'connecting')
    const connected = find(tap.of(id), 'connected')
    expect(connecting.local?.port).toBe(connected.local.port)
    expect(connected.local.port).toBe(seenPorts.at(-1)) // the server saw the same client port
    expect(connected.remote).toEqual({ address: '127.0.0.1', port, family: 4 })
    expect(tap.bytes(id, 'write').toString()).toBe('server closes')
    expect(tap.bytes(id, 'read').toString()).toBe('bye from server')
    const shutdowns = tap.of(id).filter((e) => e.kind === 'shutdown')
    expect(shutdowns.map((e) => e.kind === 'shutdown' && `${e.direction}:${e.how}`)).toEqual(['in:fin', 'out:fin'])
    expect(find(tap.of(id), 'close').firstBy).toBe('remote')
  })

  it('closes first with FIN when the client is done', async () => {
    const tap = recordingTap()
    const connection = await ClientConnection.open({ address: '127.0.0.1', port, tap })
    const firstReply = new Promise<string>((resolve) => connection.setReceiver({ data: (b) => resolve(Buffer.from(b).toString()), end: () => {}, error: () => {} }))
    await connection.write(Buffer.from('hello'))
    expect(await firstReply).toBe('echo:hello')
    expect(connection.reusable).toBe(true)
    const info = await connection.close()
    expect(info.firstBy).toBe('local')
    const shutdowns = tap.of(connection.socketId).filter((e) => e.kind === 'shutdown')
    expect(shutdowns.map((e) => e.kind === 'shutdown' && `${e.direction}:${e.how}`)).toEqual(['out:fin', 'in:fin'])
  })

  it('reports a reset from the server as an RST and an error to the reader', async () => {
    const tap = recordingTap()
    const connection = await ClientConnection.open({ address: '127.0.0.1', port, tap })
    const outcome = collect(connection).then(() => 'ended', (error: { code?: string }) => error.code)
    await connection.write(Buffer.from('reset me'))
    expect(await outcome).toBe('SOCKET_RESET')
    const info = await connection.closed
    expect(info).toMatchObject({ firstBy: 'remote', how: 'rst', error: { code: 'ECONNRESET' } })
    expect(tap.kinds(connection.socketId)).toContain('shutdown')
  })

  it('names the endpoint when a connection is refused, and still reports the socket', async () => {
    const closedServer = createServer()
    const unusedPort = await listen(closedServer)
    await new Promise<void>((resolve) => closedServer.close(() => resolve()))
    const tap = recordingTap()
    await expect(ClientConnection.open({ address: '127.0.0.1', port: unusedPort, tap })).rejects.toMatchObject({
      code: 'SOCKET_CONNECT_REFUSED',
      message: `connect() to 127.0.0.1:${unusedPort} was refused: nothing listens on that port (the server answered with RST)`,
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const kinds = tap.events.map((e) => e.kind)
    expect(kinds).toEqual(['socket', 'connecting', 'shutdown', 'close'])
    const connecting = find(tap.events, 'connecting')
    expect(connecting.local?.port).toBeGreaterThan(0) // the SYN had a real source port
  })

  it('refuses a host name: names are resolved before connect()', async () => {
    await expect(ClientConnection.open({ address: 'localhost', port })).rejects.toMatchObject({ code: 'SOCKET_CONNECT_FAILED' })
  })

  it('stops connecting when cancelled', async () => {
    const controller = new AbortController()
    controller.abort()
    await expect(ClientConnection.open({ address: '127.0.0.1', port, signal: controller.signal })).rejects.toMatchObject({ code: 'SOCKET_ABORTED' })
  })
})

describe('TLS over the tapped TCP socket', () => {
  let pki: TestPki
  let tlsServer: TlsServer
  let proxy: Server
  let proxyPort = 0
  // What really crossed the wire, as a TCP proxy between client and TLS server saw it.
  const wire: { fromClient: Buffer[]; toClient: Buffer[] } = { fromClient: [], toClient: [] }

  beforeAll(async () => {
    pki = makeTestPki(['www.lab.test', '127.0.0.1'])
    tlsServer = createTlsServer({ key: pki.keyPem, cert: pki.certPem + pki.caPem, ALPNProtocols: ['http/1.1'] }, (socket) => {
      socket.on('data', (data) => socket.end(`got ${data.length} bytes`))
      socket.on('error', () => {})
    })
    const tlsPort = await listen(tlsServer)
    proxy = createServer({ allowHalfOpen: true }, (client) => {
      const upstream = createServer().listen // placeholder to keep types simple
      void upstream
      import('node:net').then(({ connect }) => {
        const server = connect({ host: '127.0.0.1', port: tlsPort, allowHalfOpen: true })
        client.on('data', (d) => {
          wire.fromClient.push(d)
          server.write(d)
        })
        server.on('data', (d) => {
          wire.toClient.push(d)
          client.write(d)
        })
        client.on('end', () => server.end())
        server.on('end', () => client.end())
        client.on('error', () => server.destroy())
        server.on('error', () => client.destroy())
      })
    })
    proxyPort = await listen(proxy)
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => tlsServer.close(() => resolve()))
    await new Promise<void>((resolve) => proxy.close(() => resolve()))
  })

  it('taps the ciphertext exactly as it crossed the wire, shows SNI and the chain, and keeps the keys', async () => {
    wire.fromClient.length = 0
    wire.toClient.length = 0
    const tap = recordingTap()
    const connection = await ClientConnection.open({ address: '127.0.0.1', port: proxyPort, tap, purpose: 'https', tls: { servername: 'www.lab.test', ca: pki.caPem } })
    expect(connection.tls).toMatchObject({ servername: 'www.lab.test', protocol: 'TLSv1.3', alpn: 'http/1.1', authorized: true })
    expect(connection.tls?.certificates.map((c) => c.subject)).toEqual(['CN=www.lab.test', 'CN=Wiretrail Test CA'])
    expect(connection.tls?.certificates[1]?.selfSigned).toBe(true)
    const body = collect(connection)
    await connection.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    expect((await body).toString()).toBe('got 18 bytes')
    await connection.closed

    const id = connection.socketId
    expect(tap.bytes(id, 'write').equals(Buffer.concat(wire.fromClient))).toBe(true)
    expect(tap.bytes(id, 'read').equals(Buffer.concat(wire.toClient))).toBe(true)
    expect(tap.bytes(id, 'write').includes(Buffer.from('GET /'))).toBe(false) // ciphertext, not plaintext
    const plain = tap.of(id).filter((e) => e.kind === 'tls-plaintext')
    expect(plain.map((e) => e.kind === 'tls-plaintext' && e.direction)).toEqual(['out', 'in'])
    const keylog = tap.of(id).flatMap((e) => (e.kind === 'tls-keylog' ? [e.line.split(' ')[0]] : []))
    expect(keylog).toEqual(expect.arrayContaining(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0']))
    const kinds = tap.kinds(id)
    expect(kinds.indexOf('connected')).toBeLessThan(kinds.indexOf('tls-handshake'))
    expect(kinds.indexOf('write')).toBeLessThan(kinds.indexOf('tls-handshake')) // ClientHello before the handshake ends
  })

  it('rejects a certificate from a CA that is not trusted, and one for another name', async () => {
    await expect(ClientConnection.open({ address: '127.0.0.1', port: proxyPort, tls: { servername: 'www.lab.test', ca: makeTestPki(['other.test']).caPem } })).rejects.toMatchObject({ code: 'TLS_CERT_REJECTED' })
    await expect(ClientConnection.open({ address: '127.0.0.1', port: proxyPort, tls: { servername: 'www.elsewhere.test', ca: pki.caPem } })).rejects.toMatchObject({
      code: 'TLS_CERT_REJECTED',
      message: expect.stringContaining('www.elsewhere.test'),
    })
  })
})
