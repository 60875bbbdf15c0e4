// The lab web servers, checked with curl (names given with --resolve, so nothing asks the system
// resolver): the notes' sample.htm and gazou.jpg, directory URLs, redirects, POST, chunked, gzip,
// 404, keep-alive vs close, bad requests, and HTTPS verified against the lab CA.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type LabWebServer, type RunningLab } from '../../src-main/lab/index.ts'
import { runPeer } from './peers.ts'

const BLOCK = 64
const TMP = '/tmp/lab-area/web-test'
let lab: RunningLab
let cyber: LabWebServer
let glass: LabWebServer
let caPath: string

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
  cyber = lab.web.find((web) => web.host === 'www.lab.cyber.co.kr') as LabWebServer
  glass = lab.web.find((web) => web.host === 'www.lab.glasscom.com') as LabWebServer
  mkdirSync(TMP, { recursive: true })
  caPath = join(TMP, 'lab-ca.pem')
  writeFileSync(caPath, lab.caCertificatePem)
})
afterAll(() => lab?.close())

interface CurlResponse {
  status: number
  headers: Map<string, string>
  body: Buffer
  verbose: string
}

/** curl against a lab web server with its name pinned to the server's address. */
async function curl(web: LabWebServer, path: string, extra: string[] = [], host = web.host): Promise<CurlResponse> {
  const bodyFile = join(TMP, `body-${Math.random().toString(16).slice(2)}`)
  const result = await runPeer('curl', [
    '-sS', '-v', '--max-time', '10', '-o', bodyFile, '-D', '-',
    '--resolve', `${host}:${web.httpPort}:${web.address}`,
    ...extra,
    `http://${host}:${web.httpPort}${path}`,
  ])
  if (result.status !== 0) throw new Error(`curl exited ${result.status}: ${result.stderr}`)
  // curl writes no file for an empty body (304, HEAD).
  return { ...parseHead(result.stdout), body: existsSync(bodyFile) ? readFileSync(bodyFile) : Buffer.alloc(0), verbose: result.stderr }
}

function parseHead(text: string): { status: number; headers: Map<string, string> } {
  const blocks = text.trim().split(/\r\n\r\n/)
  const last = blocks[blocks.length - 1] ?? ''
  const [statusLine, ...lines] = last.split('\r\n')
  const headers = new Map<string, string>()
  for (const line of lines) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim())
  }
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine ?? '')?.[1]), headers }
}

/** Writes raw request bytes and reads until the server closes (both uses here end in a close). */
function rawExchange(web: LabWebServer, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: web.address, port: web.httpPort }, () => socket.write(request))
    let text = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
    socket.setTimeout(5000, () => socket.destroy())
  })
}

const asset = (path: string): Buffer => readFileSync(join(lab.network.assetsDir, 'www', path))

describe('the notes\' sample page and its image (STORY 01 §6)', () => {
  it('sample.htm: 200, text/html, the exact Content-Length, Connection: close, and <img src="gazou.jpg">', async () => {
    const response = await curl(glass, '/sample.htm')
    const file = asset('common/sample.htm')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-length')).toBe(String(file.length))
    expect(response.headers.get('connection')).toBe('close')
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(response.headers.get('last-modified')).toMatch(/GMT$/)
    expect(response.body.equals(file)).toBe(true)
    expect(response.body.toString()).toContain('<img src="gazou.jpg">')
    expect(response.body.toString()).toContain('인터넷 탐험 여행')
  })

  it('gazou.jpg: a real JPEG of about 6 KB with image/jpeg and its length', async () => {
    const response = await curl(cyber, '/gazou.jpg', ['-e', `http://www.lab.cyber.co.kr:${cyber.httpPort}/sample.htm`])
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    expect(Number(response.headers.get('content-length'))).toBe(response.body.length)
    expect(response.body.length).toBeGreaterThan(5000)
    expect(response.body.length).toBeLessThan(8000)
    expect([...response.body.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]) // JPEG SOI marker
    expect(response.headers.get('connection')).toBe('close')
  })

  it('a matching If-None-Match gets 304 Not Modified without a body', async () => {
    const first = await curl(cyber, '/gazou.jpg')
    const again = await curl(cyber, '/gazou.jpg', ['-H', `If-None-Match: ${first.headers.get('etag')}`])
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(first.headers.get('last-modified')).toBe('Wed, 30 Sep 2020 13:00:00 GMT')
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'))
  })
})

describe('methods other than GET (STORY 01 §4)', () => {
  it('HEAD returns the headers of GET and no body', async () => {
    const raw = await rawExchange(cyber, 'HEAD /sample.htm HTTP/1.1\r\nHost: www.lab.cyber.co.kr\r\n\r\n')
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(raw).toContain(`Content-Length: ${asset('common/sample.htm').length}\r\n`)
    expect(raw.endsWith('\r\n\r\n')).toBe(true) // the header block, then nothing: the server closed
  })

  it('OPTIONS lists the methods the file allows; DELETE is 405 (no experiment lets writes in)', async () => {
    const options = await curl(cyber, '/sample.htm', ['-X', 'OPTIONS'])
    expect(options.status).toBe(204)
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS, TRACE')
    const remove = await curl(cyber, '/sample.htm', ['-X', 'DELETE'])
    expect(remove.status).toBe(405)
    expect(remove.headers.get('allow')).toBe('GET, HEAD, OPTIONS, TRACE')
  })
})

describe('file names left out and directories (STORY 01 §3)', () => {
  it('/ gets the host\'s own index.html (routing by Host header)', async () => {
    const cyberIndex = await curl(cyber, '/')
    const glassIndex = await curl(glass, '/')
    expect(cyberIndex.body.equals(asset('www.lab.cyber.co.kr/index.html'))).toBe(true)
    expect(glassIndex.body.equals(asset('www.lab.glasscom.com/index.html'))).toBe(true)
  })

  it('the same address serves the other lab site when the Host header names it', async () => {
    const viaCyberAddress = await curl(cyber, '/', [], 'www.lab.glasscom.com')
    expect(viaCyberAddress.body.toString()).toContain('<title>www.lab.glasscom.com</title>')
  })

  it('/dir without the slash: 301 to /dir/ on the same host and port; /dir/ gives its index.html', async () => {
    const redirect = await curl(cyber, '/dir')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe(`http://www.lab.cyber.co.kr:${cyber.httpPort}/dir/`)
    const followed = await curl(cyber, '/dir', ['-L'])
    expect(followed.status).toBe(200)
    expect(followed.body.equals(asset('common/dir/index.html'))).toBe(true)
  })

  it('/whatisthis is a directory on www.lab.cyber.co.kr (301) and a file on www.lab.glasscom.com', async () => {
    const directory = await curl(cyber, '/whatisthis')
    expect(directory.status).toBe(301)
    expect(directory.headers.get('location')).toMatch(/\/whatisthis\/$/)
    const file = await curl(glass, '/whatisthis')
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(file.body.toString()).toContain('is a file on www.lab.glasscom.com')
  })

  it('/dir1/file1.html, the notes\' example path', async () => {
    const response = await curl(glass, '/dir1/file1.html')
    expect(response.status).toBe(200)
    expect(response.body.toString()).toContain('<h1>/dir1/file1.html</h1>')
  })
})

describe('other responses', () => {
  it('POST /cgi-bin/echo echoes the decoded form fields', async () => {
    const response = await curl(cyber, '/cgi-bin/echo', ['--data-urlencode', 'name=홍길동', '--data-urlencode', 'message=a+b & <c>'])
    expect(response.status).toBe(200)
    const body = response.body.toString()
    expect(body).toContain('<dt>name</dt><dd>홍길동</dd>')
    expect(body).toContain('<dt>message</dt><dd>a+b &#38; &#60;c&#62;</dd>')
    expect(body).toContain('2 fields')
  })

  it('GET /cgi-bin/echo is 405 with Allow: POST, OPTIONS, TRACE; a JSON body is 415', async () => {
    const get = await curl(cyber, '/cgi-bin/echo')
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST, OPTIONS, TRACE')
    const json = await curl(cyber, '/cgi-bin/echo', ['-H', 'Content-Type: application/json', '--data', '{}'])
    expect(json.status).toBe(415)
  })

  it('/chunked comes with Transfer-Encoding: chunked in several chunks and no Content-Length', async () => {
    const response = await curl(cyber, '/chunked', ['--raw'])
    expect(response.headers.get('transfer-encoding')).toBe('chunked')
    expect(response.headers.has('content-length')).toBe(false)
    const raw = response.body.toString()
    const chunkSizes = [...raw.matchAll(/(?:^|\r\n)([0-9a-f]+)\r\n/g)].map((m) => parseInt(m[1] as string, 16))
    expect(chunkSizes.filter((size) => size > 0).length).toBeGreaterThanOrEqual(5)
    expect(raw.endsWith('0\r\n\r\n')).toBe(true)
  })

  it('/gzip is gzip-encoded when accepted (and decodes to the page), plain otherwise', async () => {
    const compressed = await curl(cyber, '/gzip', ['-H', 'Accept-Encoding: gzip'])
    expect(compressed.headers.get('content-encoding')).toBe('gzip')
    expect(compressed.headers.get('vary')).toBe('Accept-Encoding')
    expect([...compressed.body.subarray(0, 2)]).toEqual([0x1f, 0x8b])
    const decoded = await curl(cyber, '/gzip', ['--compressed'])
    expect(decoded.body.toString()).toContain('<h1>A gzip response</h1>')
    expect(Number(compressed.headers.get('content-length'))).toBeLessThan(decoded.body.length / 3)
    const plain = await curl(cyber, '/gzip')
    expect(plain.headers.has('content-encoding')).toBe(false)
    expect(plain.body.toString()).toContain('<h1>A gzip response</h1>')
  })

  it('/old-sample.htm is 301 to /sample.htm, and unknown paths are 404', async () => {
    const moved = await curl(glass, '/old-sample.htm')
    expect(moved.status).toBe(301)
    expect(moved.headers.get('location')).toBe(`http://www.lab.glasscom.com:${glass.httpPort}/sample.htm`)
    const missing = await curl(glass, '/no-such-page.html')
    expect(missing.status).toBe(404)
    expect(missing.body.toString()).toContain('Not Found')
  })

  it('the gallery references 20 images, a stylesheet and a script, all served over one keep-alive connection', async () => {
    const page = await curl(cyber, '/gallery.html')
    const html = page.body.toString()
    const images = [...html.matchAll(/<img src="([^"]+)"/g)].map((m) => m[1] as string)
    expect(images).toHaveLength(20)
    expect(html).toContain('href="style.css"')
    expect(html).toContain('src="script.js"')
    expect(page.headers.get('connection')).toBe('keep-alive')
    const urls = ['/gallery.html', '/style.css', '/script.js', ...images.map((src) => `/${src}`)].map((p) => `http://${cyber.host}:${cyber.httpPort}${p}`)
    const result = await runPeer('curl', ['-sS', '-v', '--max-time', '20', '--resolve', `${cyber.host}:${cyber.httpPort}:${cyber.address}`, ...urls.flatMap((url) => ['-o', '/dev/null', url])])
    expect(result.status).toBe(0)
    expect(result.stderr.match(/< HTTP\/1\.1 200 OK/g)).toHaveLength(23)
    expect(result.stderr.match(/Connected to /g)).toHaveLength(1) // one TCP connection for all 23
    expect(result.stderr).toContain('< Content-Type: text/css; charset=utf-8')
  })

  it('sample.htm closes the connection, so the next request needs a new one', async () => {
    const urls = ['/sample.htm', '/gazou.jpg'].map((p) => `http://${glass.host}:${glass.httpPort}${p}`)
    const result = await runPeer('curl', ['-sS', '-v', '--max-time', '10', '--resolve', `${glass.host}:${glass.httpPort}:${glass.address}`, ...urls.flatMap((url) => ['-o', '/dev/null', url])])
    expect(result.stderr.match(/Connected to /g)).toHaveLength(2)
  })

  it('a request that is not HTTP gets 400 Bad Request naming the problem, and the server goes on', async () => {
    const reply = await rawExchange(cyber, 'HELLO there\r\n\r\n')
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/)
    expect(reply).toMatch(/not valid HTTP\/1\.1 \(HPE_/)
    expect((await curl(cyber, '/sample.htm')).status).toBe(200)
  })

  it('a path escaping the content directory is refused with 400', async () => {
    const response = await curl(cyber, '/%2e%2e/topology.json', ['--path-as-is'])
    expect(response.status).toBe(400)
    expect(response.body.toString()).not.toContain('dnsServers')
  })
})

describe('HTTPS with the per-run lab CA', () => {
  async function curlHttps(web: LabWebServer, host: string, extra: string[] = []) {
    return runPeer('curl', ['-sS', '--max-time', '10', '--cacert', caPath, '--resolve', `${host}:${web.httpsPort}:${web.address}`, ...extra, `https://${host}:${web.httpsPort}/sample.htm`])
  }

  it('verifies against the lab CA for both lab hosts', async () => {
    for (const web of [cyber, glass]) {
      const result = await curlHttps(web, web.host)
      expect(result.status, result.stderr).toBe(0)
      expect(result.stdout).toContain('<img src="gazou.jpg">')
    }
  })

  it('does not verify without the lab CA (the system trust store knows nothing of it)', async () => {
    const result = await runPeer('curl', ['-sS', '--max-time', '10', '--resolve', `${cyber.host}:${cyber.httpsPort}:${cyber.address}`, `https://${cyber.host}:${cyber.httpsPort}/`])
    expect(result.status).toBe(60) // CURLE_PEER_FAILED_VERIFICATION
  })

  it('refuses the handshake for a name that is not a lab web host', async () => {
    const result = await curlHttps(cyber, 'www.example.com', ['-k'])
    expect(result.status).not.toBe(0)
    expect(result.stdout).toBe('')
  })

  it('the CA is limited to the lab zones by a critical name constraint', async () => {
    const text = await runPeer('openssl', ['x509', '-noout', '-text', '-in', caPath])
    expect(text.stdout).toMatch(/X509v3 Name Constraints: critical\s+Permitted:\s+DNS:lab\.cyber\.co\.kr\s+DNS:lab\.glasscom\.com/)
    expect(text.stdout).toMatch(/CA:TRUE, pathlen:0/)
    expect(statSync(caPath).size).toBeGreaterThan(500)
  })
})
