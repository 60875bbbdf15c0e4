import { createServer, type Server, type Socket } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildRequest, exchange } from '../../src-main/http/index.ts'
import { ClientConnection } from '../../src-main/sockets/client-connection.ts'
import { parseLoadableUrl } from '../../src-main/url/index.ts'
import { recordingTap } from '../sockets/helpers.ts'

// One server; the request path picks its behaviour.
const page = Buffer.from('<html><body><img src="gazou.jpg"></body></html>')
const behaviours: Record<string, (socket: Socket) => void> = {
  '/gzip-chunked': (s) => {
    const body = gzipSync(page)
    const half = Math.floor(body.length / 2)
    s.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n${half.toString(16)}\r\n`)
    s.write(Buffer.concat([body.subarray(0, half), Buffer.from(`\r\n${(body.length - half).toString(16)}\r\n`), body.subarray(half), Buffer.from('\r\n0\r\n\r\n')]))
  },
  '/keep': (s) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nkeep`),
  '/bad-status': (s) => s.end('HTTP/1.1 OK\r\n\r\n'),
  '/endless': (s) => {
    s.write('HTTP/1.1 200 OK\r\n\r\n')
    const timer = setInterval(() => (s.destroyed ? clearInterval(timer) : s.write(Buffer.alloc(4096, 0x78))), 1)
  },
  '/silent': () => {},
  '/truncated': (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 6419\r\n\r\nonly this'),
}

describe('an HTTP exchange over an instrumented connection', () => {
  let server: Server
  let port = 0
  beforeAll(async () => {
    server = createServer({ allowHalfOpen: true }, (socket) => {
      let buffered = ''
      socket.on('data', (d) => {
        buffered += d.toString('latin1')
        while (buffered.includes('\r\n\r\n')) {
          const head = buffered.slice(0, buffered.indexOf('\r\n\r\n'))
          buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4)
          const path = head.split(' ')[1] ?? ''
          behaviours[path]?.(socket)
        }
      })
      socket.on('end', () => socket.end())
      socket.on('error', () => {})
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    port = (server.address() as { port: number }).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  const url = (path: string) => parseLoadableUrl(`http://127.0.0.1:${port}${path}`)

  it('decodes a gzip body sent in chunks and names the phases in order', async () => {
    const connection = await ClientConnection.open({ address: '127.0.0.1', port })
    const phases: string[] = []
    const result = await exchange(connection, buildRequest({ url: url('/gzip-chunked') }), { onPhase: (p) => phases.push(p) })
    expect(Buffer.from(result.content).equals(page)).toBe(true)
    expect(result.contentCodings).toEqual(['gzip'])
    expect(result.response.framing).toBe('chunked')
    expect(phases).toEqual(['request:sent', 'response:firstByte', 'response:headers', 'response:end'])
    expect(result.timing.doneAt).toBeGreaterThanOrEqual(result.timing.firstByteAt)
    await connection.close()
  })

  it('reuses a kept-alive connection for a second request, with the request bytes as sent', async () => {
    const tap = recordingTap()
    const connection = await ClientConnection.open({ address: '127.0.0.1', port, tap })
    const first = await exchange(connection, buildRequest({ url: url('/keep') }))
    expect(first.reusable).toBe(true)
    const second = await exchange(connection, buildRequest({ url: url('/keep'), close: true }))
    expect(second.reusable).toBe(false)
    await connection.close()
    expect(tap.bytes(connection.socketId, 'write').toString('latin1')).toBe(first.request.head + second.request.head)
    const writes = tap.of(connection.socketId).filter((e) => e.kind === 'write')
    expect(writes.map((e) => e.kind === 'write' && e.note)).toEqual(['HTTP request GET /keep', 'HTTP request GET /keep'])
  })

  it('rejects a bad status line with a clear error', async () => {
    const connection = await ClientConnection.open({ address: '127.0.0.1', port })
    await expect(exchange(connection, buildRequest({ url: url('/bad-status') }))).rejects.toMatchObject({ code: 'HTTP_BAD_STATUS_LINE', message: expect.stringContaining('"HTTP/1.1 OK"') })
    connection.abort()
  })

  it('stops a never-ending body at the size limit, and a silent server at the idle limit', async () => {
    const endless = await ClientConnection.open({ address: '127.0.0.1', port })
    await expect(exchange(endless, buildRequest({ url: url('/endless') }), { limits: { maxBodyBytes: 200_000 } })).rejects.toMatchObject({ code: 'HTTP_BODY_TOO_LARGE' })
    endless.abort()
    expect((await endless.closed).how).toBe('rst')
    const silent = await ClientConnection.open({ address: '127.0.0.1', port })
    await expect(exchange(silent, buildRequest({ url: url('/silent') }), { idleTimeoutMs: 300 })).rejects.toMatchObject({ code: 'HTTP_RESPONSE_TIMEOUT', message: expect.stringContaining('no byte of the response') })
    silent.abort()
  })

  it('says how much of the body was missing when the server closes early', async () => {
    const connection = await ClientConnection.open({ address: '127.0.0.1', port })
    await expect(exchange(connection, buildRequest({ url: url('/truncated') }))).rejects.toMatchObject({ code: 'HTTP_TRUNCATED', message: expect.stringContaining('after 9 of 6419 body bytes') })
    expect((await connection.closed).firstBy).toBe('remote')
  })
})
