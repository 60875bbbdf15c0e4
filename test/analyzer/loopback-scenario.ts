// Real traffic on loopback for the live-capture tests, made the way other programs make it:
//  - DNS: a tiny authoritative server (dns-packet over node:dgram and node:net, port 10053 on its
//    own 127/8 address), asked by dig over UDP and TCP and by a node:dgram client (an NXDOMAIN);
//  - HTTP: a node:http server on port 0 (no well-known port: the analyzer must find HTTP by its
//    content, tshark is told with -d), asked by raw node:net clients: keep-alive with a chunked
//    gzip page, a 404 and a HEAD; a content-length reply ended by a client RST; a
//    `Connection: close` reply ended by the server's FIN; one request over IPv6 (::1).
// Every address is in 127.0.0.0/8 or ::1. Nothing asks the machine's resolver.
import dgram from 'node:dgram'
import http from 'node:http'
import net from 'node:net'
import { gzipSync } from 'node:zlib'
import dnsPacket from 'dns-packet'
import { runPeer } from './peers.ts'

export const PAGE = '<html><head><link rel="stylesheet" href="/style.css"></head><body>' + '<p>Wiretrail loopback page</p>'.repeat(120) + '</body></html>'
export const STYLE = 'body { font-family: serif; }\n'.repeat(40)

export interface Scenario {
  dnsAddress: string
  webAddress: string
  httpPort: number
  httpPort6: number
  /** tcpdump filter covering exactly this scenario's packets. */
  filter: string
  /** tshark -d arguments so it dissects what the analyzer finds by content. */
  decodeAs: string[]
  /** Runs all the traffic; resolves when every response has been read and every socket closed. */
  traffic(): Promise<void>
  close(): Promise<void>
}

function answer(query: dnsPacket.Packet, webAddress: string): Buffer {
  const q = query.questions?.[0]
  const name = (q?.name ?? '').toLowerCase()
  const known = name === 'www.lab.test' || name === 'alias.lab.test'
  const answers: dnsPacket.Answer[] = []
  if (name === 'alias.lab.test') answers.push({ type: 'CNAME', name: 'alias.lab.test', ttl: 300, data: 'www.lab.test' })
  if (known && q?.type === 'A') answers.push({ type: 'A', name: 'www.lab.test', ttl: 300, data: webAddress })
  const authorities: dnsPacket.Answer[] = known ? [] : [{ type: 'SOA', name: 'lab.test', ttl: 300, data: { mname: 'ns.lab.test', rname: 'admin.lab.test', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 300 } }]
  return dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), questions: query.questions ?? [], answers, authorities })
}

export async function startScenario(block: number): Promise<Scenario> {
  const dnsAddress = `127.144.${block}.53`
  const webAddress = `127.144.${block}.80`
  const udp = dgram.createSocket('udp4')
  udp.on('message', (msg, rinfo) => udp.send(answer(dnsPacket.decode(msg), webAddress), rinfo.port, rinfo.address))
  await new Promise<void>((r, j) => udp.once('error', j).bind(10053, dnsAddress, () => r()))
  const dnsSockets: net.Socket[] = []
  const tcpDns = net.createServer((s) => {
    dnsSockets.push(s)
    let buf = Buffer.alloc(0)
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d])
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0)
        const reply = answer(dnsPacket.decode(buf.subarray(2, 2 + len)), webAddress)
        buf = buf.subarray(2 + len)
        const framed = Buffer.alloc(2 + reply.length)
        framed.writeUInt16BE(reply.length, 0)
        reply.copy(framed, 2)
        s.write(framed)
      }
    })
  })
  await new Promise<void>((r, j) => tcpDns.once('error', j).listen(10053, dnsAddress, () => r()))

  // Server side of each client connection, by the client's port: the client waits until it has
  // read every byte the server wrote, so the capture holds whole exchanges.
  const serverSockets = new Map<number, net.Socket>()
  const finished = new Map<net.Socket, number>()
  const handler: http.RequestListener = (req, res) => {
    res.on('finish', () => finished.set(req.socket, (finished.get(req.socket) ?? 0) + 1))
    const url = req.url ?? '/'
    if (url === '/index.html') {
      const body = gzipSync(Buffer.from(PAGE))
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' })
      if (req.method === 'HEAD') return res.end()
      // No content-length: node sends it chunked; three writes make three chunks.
      res.write(body.subarray(0, 100))
      res.write(body.subarray(100, 300))
      res.end(body.subarray(300))
    } else if (url === '/style.css') {
      res.writeHead(200, { 'content-type': 'text/css', 'content-length': String(STYLE.length) }).end(STYLE)
    } else if (url === '/close') {
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'close', 'content-length': '3' }).end('bye')
    } else {
      res.writeHead(404, { 'content-type': 'text/plain', 'content-length': '9' }).end('not found')
    }
  }
  const web = http.createServer({ keepAlive: true }, handler)
  const web6 = http.createServer({ keepAlive: true }, handler)
  for (const s of [web, web6]) s.on('connection', (sock) => serverSockets.set(sock.remotePort!, sock))
  await new Promise<void>((r, j) => web.once('error', j).listen(0, webAddress, () => r()))
  await new Promise<void>((r, j) => web6.once('error', j).listen(0, '::1', () => r()))
  const httpPort = (web.address() as net.AddressInfo).port
  const httpPort6 = (web6.address() as net.AddressInfo).port

  /** Sends raw request text and waits until `responses` replies were written and read. */
  const exchange = async (sock: net.Socket, text: string, responses: number) => {
    const serverSide = await waitFor(() => serverSockets.get(sock.localPort!), 'the server to accept the connection')
    const before = finished.get(serverSide) ?? 0
    sock.write(text)
    await waitFor(() => (finished.get(serverSide) ?? 0) >= before + responses && sock.bytesRead === serverSide.bytesWritten, `${responses} responses to ${JSON.stringify(text.split('\r\n')[0])}`)
  }
  const connect = (host: string, port: number) => new Promise<net.Socket>((r, j) => {
    const s = net.connect({ host, port }, () => r(s))
    s.once('error', j)
    s.resume()
  })
  const closed = (s: net.Socket) => new Promise<void>((r) => (s.destroyed && s.closed ? r() : s.once('close', () => r())))
  const get = (path: string, host: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: wiretrail-test\r\nAccept-Encoding: gzip\r\n${extra}\r\n`

  let closedAll = false
  return {
    dnsAddress,
    webAddress,
    httpPort,
    httpPort6,
    filter: `host ${dnsAddress} or host ${webAddress} or (ip6 and tcp port ${httpPort6})`,
    decodeAs: ['-d', 'udp.port==10053,dns', '-d', 'tcp.port==10053,dns', '-d', `tcp.port==${httpPort},http`, '-d', `tcp.port==${httpPort6},http`],
    async traffic() {
      // DNS: dig over UDP (EDNS, cookie) and TCP, then a node:dgram query for a missing name.
      for (const args of [['www.lab.test', 'A'], ['alias.lab.test', 'A', '+tcp']]) {
        const r = await runPeer('dig', ['-4', `@${dnsAddress}`, '-p', '10053', ...args, '+tries=1', '+time=3'], { check: true })
        if (!r.stdout.includes('status: NOERROR')) throw new Error(`dig ${args.join(' ')} did not get NOERROR:\n${r.stdout}`)
      }
      const client = dgram.createSocket('udp4')
      await new Promise<void>((resolve) => {
        client.once('message', () => resolve())
        client.send(dnsPacket.encode({ type: 'query', id: 0x4321, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'nothere.lab.test' }] }), 10053, dnsAddress)
      })
      client.close()

      const host = `www.lab.test:${httpPort}`
      // 1: keep-alive, three requests in turn (the second pipelined with the third), client FIN.
      const a = await connect(webAddress, httpPort)
      await exchange(a, get('/index.html', host), 1)
      await exchange(a, get('/missing', host, `Referer: http://${host}/index.html\r\n`) + `HEAD /index.html HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 2)
      a.end()
      await closed(a)
      // 2: a reply with content-length, then the client resets the connection.
      const b = await connect(webAddress, httpPort)
      await exchange(b, get('/style.css', host, `Referer: http://${host}/index.html\r\n`), 1)
      b.resetAndDestroy()
      await closed(b)
      // 3: Connection: close, so the server sends the first FIN.
      const c = await connect(webAddress, httpPort)
      await exchange(c, get('/close', host, 'Connection: close\r\n'), 1)
      await closed(c)
      // 4: IPv6 loopback.
      const d = await connect('::1', httpPort6)
      await exchange(d, get('/style.css', `[::1]:${httpPort6}`), 1)
      d.end()
      await closed(d)
      // The server side of each must be closed too (its FIN/ACK are in the capture).
      await waitFor(() => [...serverSockets.values(), ...dnsSockets].every((s) => s.closed), 'the server sockets to close')
    },
    async close() {
      if (closedAll) return
      closedAll = true
      udp.close()
      for (const s of [tcpDns, web, web6]) {
        s.close()
        if ('closeAllConnections' in s) s.closeAllConnections()
      }
    },
  }
}

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v !== undefined && v !== false) return v
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}
