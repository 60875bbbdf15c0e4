// Decrypting real HTTPS: node:tls clients talk HTTP/1.1 to a node:https server with a self-signed
// certificate (made by openssl in this test) on loopback, with TLS 1.3 and TLS 1.2 suites forced
// one connection each; tcpdump records it and the clients' `keylog` events give the secrets. The
// analyzer gets the secrets (a) as a recording journal beside the pcap and (b) inside a pcapng
// Decryption Secrets Block made by `editcap --inject-secrets`, and must show the decrypted
// exchanges exactly where tshark (with the same key log) shows them.
import { readFileSync, writeFileSync } from 'node:fs'
import type http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import tls from 'node:tls'
import { gzipSync } from 'node:zlib'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { JOURNAL_SUFFIX, type JournalRecord } from '../../src-main/shared/journal.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { runPeer, startTcpdump } from './peers.ts'
import { offsetMismatches } from '../decode/helpers.ts'
import { tsharkFields } from './tshark.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

const dir = scratchDir('tls')
const at = (name: string) => join(dir, name)
const ADDRESS = '127.144.3.43'
const PAGE = '<html><body>' + '<p>decrypted page</p>'.repeat(300) + '</body></html>'
const STYLE = 'p { color: teal; }\n'.repeat(30)
/** Incompressible and larger than a TLS record (16 KiB): many records, split across segments. */
const BIG = randomBytes(150_000).toString('base64')

interface Case {
  name: string
  version: 'TLSv1.3' | 'TLSv1.2'
  /** What the client offers (Node's `ciphers` takes TLS 1.3 names too); the only suite offered. */
  cipher: string
  expectVersion: string
  expectCipher: string
  /** Connect to the server that accepts only P-256, while offering an X25519 key share first:
   * the server answers with a HelloRetryRequest (RFC 8446 §4.1.4). */
  retry?: boolean
}
const CASES: Case[] = [
  { name: 'TLS 1.3 AES-256-GCM', version: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', expectVersion: 'TLS 1.3', expectCipher: 'TLS_AES_256_GCM_SHA384' },
  { name: 'TLS 1.3 AES-128-GCM', version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', expectVersion: 'TLS 1.3', expectCipher: 'TLS_AES_128_GCM_SHA256' },
  { name: 'TLS 1.3 ChaCha20-Poly1305', version: 'TLSv1.3', cipher: 'TLS_CHACHA20_POLY1305_SHA256', expectVersion: 'TLS 1.3', expectCipher: 'TLS_CHACHA20_POLY1305_SHA256' },
  { name: 'TLS 1.3 after a HelloRetryRequest', version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', expectVersion: 'TLS 1.3', expectCipher: 'TLS_AES_128_GCM_SHA256', retry: true },
  { name: 'TLS 1.2 ECDHE-RSA-AES128-GCM-SHA256', version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', expectVersion: 'TLS 1.2', expectCipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256' },
  { name: 'TLS 1.2 ECDHE-RSA-AES256-GCM-SHA384', version: 'TLSv1.2', cipher: 'ECDHE-RSA-AES256-GCM-SHA384', expectVersion: 'TLS 1.2', expectCipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' },
  { name: 'TLS 1.2 ECDHE-RSA-CHACHA20-POLY1305', version: 'TLSv1.2', cipher: 'ECDHE-RSA-CHACHA20-POLY1305', expectVersion: 'TLS 1.2', expectCipher: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256' },
]

let port = 0
let retryPort = 0
const keyLog: { line: string; socketId: string; at: number }[] = []
let server: https.Server
let retryServer: https.Server

/** One keep-alive connection: GET /style.css, GET /index.html (gzip, chunked), GET /big.txt, then close_notify + FIN. */
async function load(c: Case, index: number, ca: string): Promise<void> {
  const socketId = `tls-${index}`
  const options: tls.ConnectionOptions = { host: ADDRESS, port: c.retry ? retryPort : port, servername: 'www.lab.test', ca, minVersion: c.version, maxVersion: c.version, ciphers: c.cipher }
  if (c.retry) options.ecdhCurve = 'X25519:P-256'
  const sock = tls.connect(options)
  sock.on('keylog', (line: Buffer) => keyLog.push({ line: line.toString('latin1').trim(), socketId, at: Date.now() }))
  await new Promise<void>((r, j) => sock.once('secureConnect', () => r()).once('error', j))
  let received = ''
  sock.setEncoding('latin1')
  sock.on('data', (d: string) => (received += d))
  const until = async (done: () => boolean, what: string) => {
    const stop = Date.now() + 10_000
    while (!done()) {
      if (Date.now() > stop) throw new Error(`${c.name}: timed out waiting for ${what}; got ${JSON.stringify(received.slice(0, 200))}`)
      await new Promise((r) => setTimeout(r, 5))
    }
  }
  const host = `Host: www.lab.test:${options.port}\r\n`
  sock.write(`GET /style.css HTTP/1.1\r\n${host}\r\n`)
  await until(() => received.endsWith(STYLE), 'the stylesheet')
  sock.write(`GET /index.html HTTP/1.1\r\n${host}Accept-Encoding: gzip\r\nReferer: https://www.lab.test:${port}/\r\n\r\n`)
  await until(() => received.endsWith('\r\n0\r\n\r\n'), 'the chunked page')
  sock.write(`GET /big.txt HTTP/1.1\r\n${host}\r\n`)
  await until(() => received.endsWith(BIG), 'the big body')
  sock.end()
  await new Promise<void>((r) => sock.once('close', () => r()))
}

beforeAll(async () => {
  await runPeer('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('key.pem'), '-out', at('cert.pem'), '-days', '2', '-subj', '/CN=www.lab.test', '-addext', 'subjectAltName=DNS:www.lab.test'], { check: true })
  const cert = readFileSync(at('cert.pem'), 'utf8')
  const handler: http.RequestListener = (req, res) => {
    if (req.url === '/index.html') {
      const body = gzipSync(Buffer.from(PAGE))
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' })
      res.write(body.subarray(0, 64))
      res.end(body.subarray(64))
    } else if (req.url === '/big.txt') res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(BIG.length) }).end(BIG)
    else res.writeHead(200, { 'content-type': 'text/css', 'content-length': String(STYLE.length) }).end(STYLE)
  }
  const key = readFileSync(at('key.pem'))
  server = https.createServer({ key, cert, minVersion: 'TLSv1.2', keepAlive: true }, handler)
  retryServer = https.createServer({ key, cert, minVersion: 'TLSv1.3', ecdhCurve: 'P-256', keepAlive: true }, handler)
  await new Promise<void>((r, j) => server.once('error', j).listen(0, ADDRESS, () => r()))
  await new Promise<void>((r, j) => retryServer.once('error', j).listen(0, ADDRESS, () => r()))
  port = (server.address() as AddressInfo).port
  retryPort = (retryServer.address() as AddressInfo).port
  const capture = await startTcpdump({ file: at('https.pcap'), filter: `host ${ADDRESS} and (tcp port ${port} or tcp port ${retryPort} or udp port 9)`, marker: { address: ADDRESS } })
  try {
    for (const [i, c] of CASES.entries()) await load(c, i, cert)
  } finally {
    await capture.stop()
    for (const s of [server, retryServer]) {
      s.close()
      s.closeAllConnections()
    }
  }
  writeFileSync(at('keys.txt'), keyLog.map((k) => `${k.line}\n`).join(''))
  // (a) the journal a recording would have written beside its capture
  const records: JournalRecord[] = keyLog.map((k) => ({ type: 'socket', event: { kind: 'tls-keylog', line: k.line, socketId: k.socketId, at: k.at } }))
  writeFileSync(at('https.pcap') + JOURNAL_SUFFIX, records.map((r) => JSON.stringify(r)).join('\n') + '\n')
  // (b) the secrets inside the capture file
  await runPeer('editcap', ['--inject-secrets', `tls,${at('keys.txt')}`, at('https.pcap'), at('https-dsb.pcapng')], { check: true })
  // (c) the same capture with no secrets at all
  await runPeer('editcap', ['-F', 'pcap', at('https.pcap'), at('https-nokeys.pcap')], { check: true })
}, 90_000)

afterAll(() => {
  server?.close()
  retryServer?.close()
})

async function analyse(file: string): Promise<Walkthrough> {
  const r = await runAnalysis(file)
  await r.reader.close()
  return withAllWords(r.walkthrough)
}

/** tshark's view of the decrypted HTTP: `frame|METHOD uri` and `frame|status`. */
async function tsharkHttp(file: string, keyFile?: string): Promise<{ requests: string[]; responses: string[] }> {
  const extra = ['-d', `tcp.port==${port},tls`, '-d', `tcp.port==${retryPort},tls`, '-o', `tls.keylog_file:${keyFile ?? ''}`, '-Y', 'http']
  const rows = await tsharkFields(file, ['frame.number', 'http.request.method', 'http.request.uri', 'http.response.code'], extra)
  const out = { requests: [] as string[], responses: [] as string[] }
  for (const [frame, methods = '', uris = '', codes = ''] of rows) {
    if (methods) methods.split('\u001f').forEach((m, k) => out.requests.push(`${frame}|${m} ${uris.split('\u001f')[k]}`))
    if (codes) codes.split('\u001f').forEach((c) => out.responses.push(`${frame}|${c}`))
  }
  return out
}

function ourHttp(w: Walkthrough): { requests: string[]; responses: string[] } {
  const byFrame = (a: string, b: string) => Number(a.split('|')[0]) - Number(b.split('|')[0])
  return {
    requests: w.http.map((h) => `${h.request_frame}|${h.method} ${h.uri}`).sort(byFrame),
    responses: w.http.filter((h) => h.response_frame !== null).map((h) => `${h.response_frame}|${h.status}`).sort(byFrame),
  }
}

function checkDecrypted(w: Walkthrough): void {
  expect(w.connections).toHaveLength(CASES.length)
  expect(w.tls).toHaveLength(CASES.length)
  CASES.forEach((c, i) => {
    const session = w.tls.find((s) => s.connection === i)!
    expect(session, c.name).toMatchObject({ sni: 'www.lab.test', version: c.expectVersion, cipher: c.expectCipher, decrypted: true })
    // The certificate travels encrypted in TLS 1.3: it is known only because decryption worked.
    expect(session.certificates.map((x) => x.subject), c.name).toEqual([expect.stringContaining('www.lab.test')])
    const ex = w.http.filter((h) => h.connection === i)
    expect(ex.map((h) => `${h.method} ${h.uri} ${h.status}`), c.name).toEqual(['GET /style.css 200', 'GET /index.html 200', 'GET /big.txt 200'])
    for (const h of ex) expect(h.decrypted, c.name).toBe(true)
    expect(ex[0]!.bodyBytes, c.name).toEqual({ wire: STYLE.length, decoded: STYLE.length })
    expect(ex[1]!.bodyBytes!.decoded, c.name).toBe(PAGE.length)
    expect(ex[2]!.bodyBytes, c.name).toEqual({ wire: BIG.length, decoded: BIG.length })
    expect(ex[1]).toMatchObject({ contentEncoding: 'gzip', transferEncoding: 'chunked', host: `www.lab.test:${c.retry ? retryPort : port}` })
    expect(w.connections[i]!.purpose).toBe('https')
    expect(w.connections[i]!.phases.close).toMatchObject({ kind: 'fin', by: 'client' })
  })
}

describe('HTTPS on loopback, decrypted with the session keys', () => {
  it('the retry case really had a HelloRetryRequest (two ServerHello messages, tshark says)', async () => {
    const rows = await tsharkFields(at('https.pcap'), ['tcp.stream', 'tls.handshake.type'], ['-d', `tcp.port==${retryPort},tls`, '-Y', 'tls.handshake.type == 2'])
    const retry = CASES.findIndex((c) => c.retry)
    const helloes = rows.filter(([stream]) => Number(stream) === retry).flatMap(([, types = '']) => types.split('\u001f').filter((t) => t === '2'))
    expect(helloes).toHaveLength(2)
  })

  it('every suite got its own key-log lines', () => {
    expect(keyLog.filter((k) => k.line.startsWith('CLIENT_RANDOM '))).toHaveLength(CASES.filter((c) => c.version === 'TLSv1.2').length)
    expect(keyLog.filter((k) => k.line.startsWith('SERVER_TRAFFIC_SECRET_0 '))).toHaveLength(CASES.filter((c) => c.version === 'TLSv1.3').length)
  })

  it('with the keys from the recording journal: decrypted HTTP, where tshark sees it', async () => {
    const w = await analyse(at('https.pcap'))
    expect(w.recording).toBeNull()
    checkDecrypted(w)
    expect(ourHttp(w)).toEqual(await tsharkHttp(at('https.pcap'), at('keys.txt')))
  })

  it('with the keys in a pcapng Decryption Secrets Block (editcap --inject-secrets)', async () => {
    const w = await analyse(at('https-dsb.pcapng'))
    checkDecrypted(w)
    expect(ourHttp(w)).toEqual(await tsharkHttp(at('https-dsb.pcapng')))
    expect(ourHttp(w)).toEqual(ourHttp(await analyse(at('https.pcap'))))
  })

  it('puts every field of the TLS frames where tshark puts it', async () => {
    expect(await offsetMismatches(at('https-nokeys.pcap'), Number.MAX_SAFE_INTEGER, ['-d', `tcp.port==${port},tls`, '-d', `tcp.port==${retryPort},tls`])).toEqual([])
  })

  it('without keys: handshakes only, nothing decrypted, nothing invented', async () => {
    const w = await analyse(at('https-nokeys.pcap'))
    expect(w.http).toEqual([])
    expect(await tsharkHttp(at('https-nokeys.pcap'))).toEqual({ requests: [], responses: [] })
    CASES.forEach((c, i) => {
      const s = w.tls.find((x) => x.connection === i)!
      expect(s).toMatchObject({ sni: 'www.lab.test', version: c.expectVersion, cipher: c.expectCipher, decrypted: false })
      // TLS 1.2 sends the certificate in clear; TLS 1.3 does not.
      expect(s.certificates.length, c.name).toBe(c.version === 'TLSv1.2' ? 1 : 0)
    })
  })
})
