// The lab's web servers: for each web host an HTTP and an HTTPS listener on its own address. Both
// serve every lab site by Host header (see site.ts). HTTPS picks the certificate by SNI and refuses
// the handshake for a name that is not a lab web host: the lab CA signs lab hosts only.
import http from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import tls from 'node:tls'
import { boundPort, closeServer, listenTcp } from '../listen.ts'
import type { LabCertificateAuthority } from './lab-ca.ts'
import type { SiteWrites } from './site-writes.ts'
import { createSiteHandler, type LabSite } from './site.ts'

export interface WebListenerOptions {
  site: LabSite
  allSites: readonly LabSite[]
  address: string
  httpPort: number
  httpsPort: number
  ca: LabCertificateAuthority
  /** PUT/DELETE's in-memory overlay, one per lab (every listener serves every site). */
  writes?: SiteWrites
}

export interface WebListener {
  host: string
  address: string
  httpPort: number
  httpsPort: number
  close(): Promise<void>
}

/** How HTTP parse errors are answered: the status and what was wrong, instead of a bare close. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy()
    return
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW'
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'
  const reason = tooLarge ? 'the request header is larger than the server accepts' : `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'}: ${error.message})`
  const body = `${status}: ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  )
}

export async function startWebListener(options: WebListenerOptions): Promise<WebListener> {
  const { site, address, ca } = options
  const handlerOptions = { sites: options.allSites, defaultHost: site.host, ...(options.writes !== undefined ? { writes: options.writes } : {}) }
  const plain = http.createServer(createSiteHandler({ ...handlerOptions, scheme: 'http' }))
  const own = ca.servers.get(site.host)
  if (own === undefined) throw new Error(`no certificate for ${site.host}`)
  const contexts = new Map(
    [...ca.servers].map(([host, credentials]) => [host, tls.createSecureContext({ cert: credentials.certificatePem, key: credentials.privateKeyPem })]),
  )
  const secure = https.createServer(
    {
      cert: own.certificatePem, // for clients that send no SNI (an IP address URL)
      key: own.privateKeyPem,
      SNICallback: (servername, callback) => {
        const context = contexts.get(servername.toLowerCase())
        if (context === undefined) callback(new Error(`no lab certificate for "${servername}": the lab CA signs lab web hosts only`), undefined)
        else callback(null, context)
      },
    },
    createSiteHandler({ ...handlerOptions, scheme: 'https' }),
  )
  for (const server of [plain, secure]) {
    server.on('clientError', answerClientError)
    // A failed TLS handshake (a non-lab name, a client that does not trust the CA) is the client's
    // problem; it must not surface as a server error.
    server.on('tlsClientError', () => {})
  }
  try {
    await listenTcp(plain, address, options.httpPort, `HTTP server ${site.host}`)
    await listenTcp(secure, address, options.httpsPort, `HTTPS server ${site.host}`)
  } catch (error) {
    await Promise.all([closeServer(plain), closeServer(secure)])
    throw error
  }
  return {
    host: site.host,
    address,
    httpPort: boundPort(plain),
    httpsPort: boundPort(secure),
    async close() {
      // closeAllConnections ends idle keep-alive connections too, so the ports are free at once.
      const closing = [closeServer(plain), closeServer(secure)]
      plain.closeAllConnections()
      secure.closeAllConnections()
      await Promise.all(closing)
    },
  }
}
