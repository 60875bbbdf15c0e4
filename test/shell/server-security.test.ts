// The browser shell's server refuses what does not come from its own page: no token, a wrong one,
// another Host (DNS rebinding), another Origin or site, oversized bodies, the wrong content type;
// and it serves the renderer with the CSP and the other security headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callApi, FIXTURE_CSP, raw, startFixture, type ShellFixture } from './helpers.ts'

let shell: ShellFixture
let small: ShellFixture

beforeAll(async () => {
  shell = await startFixture()
  small = await startFixture({ maxJsonBody: 1024, maxUploadBody: 4096 })
})
afterAll(async () => {
  await shell.close()
  await small.close()
})

const code = (body: string): string => (JSON.parse(body) as { error: { code: string } }).error.code

describe('the access token', () => {
  it('is in the printed URL, 32 characters of base64url, on 127.0.0.1', () => {
    expect(shell.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{32}\/$/)
    expect(shell.server.url).toBe(`http://127.0.0.1:${shell.server.port}/${shell.server.token}/`)
  })

  it.each([
    ['the page without a token', 'GET', '/'],
    ['an asset without a token', 'GET', '/assets/app.js'],
    ['the API without a token', 'POST', '/api/app.info'],
    ['the events without a token', 'GET', '/events'],
    ['a wrong token', 'GET', '/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/'],
  ])('refuses %s with 403', async (_what, method, path) => {
    const response = await raw(shell.server.port, { method, path, headers: { 'Content-Type': 'application/json' }, body: method === 'POST' ? '{"args":[]}' : undefined })
    expect(response.status).toBe(403)
    expect(code(response.body)).toBe('SHELL_FORBIDDEN_TOKEN')
    expect(response.body).not.toContain(shell.server.token)
  })

  it('refuses a token truncated by one character, and the other server’s token', async () => {
    const truncated = await raw(shell.server.port, { path: `/${shell.server.token.slice(0, -1)}/` })
    expect(truncated.status).toBe(403)
    const foreign = await raw(shell.server.port, { path: `/${small.server.token}/` })
    expect(foreign.status).toBe(403)
  })

  it('lets a launch token in once, by redirecting to the real URL, and never again', async () => {
    const launch = new URL(shell.server.launchUrl())
    expect(launch.pathname).not.toContain(shell.server.token)
    const post = await raw(shell.server.port, { method: 'POST', path: `${launch.pathname}api/app.info`, headers: { 'Content-Type': 'application/json' }, body: '{"args":[]}' })
    expect(post.status).toBe(403)
    const first = await raw(shell.server.port, { path: launch.pathname })
    expect(first.status).toBe(303)
    expect(first.headers.location).toBe(`/${shell.server.token}/`)
    const second = await raw(shell.server.port, { path: launch.pathname })
    expect(second.status).toBe(403)
  })

  it('sends the page for the right token', async () => {
    const response = await raw(shell.server.port, { path: `/${shell.server.token}/` })
    expect(response.status).toBe(200)
    expect(response.body).toContain('<div id="app">')
  })
})

describe('Host and Origin (DNS rebinding, other sites)', () => {
  it('refuses a Host that is not this server', async () => {
    for (const host of ['evil.example', `evil.example:${shell.server.port}`, `127.0.0.1:${shell.server.port + 1}`, '127.0.0.1']) {
      const response = await raw(shell.server.port, { path: `/${shell.server.token}/`, headers: { Host: host } })
      expect(response.status, host).toBe(403)
      expect(code(response.body)).toBe('SHELL_FORBIDDEN_HOST')
    }
  })

  it('accepts localhost:<port> as well as 127.0.0.1:<port>', async () => {
    const response = await raw(shell.server.port, { path: `/${shell.server.token}/`, headers: { Host: `localhost:${shell.server.port}` } })
    expect(response.status).toBe(200)
  })

  it('refuses calls from another origin or site even with the token', async () => {
    const evil = await callApi(shell, 'recent.list', [], { Origin: 'http://evil.example' })
    expect(evil.status).toBe(403)
    expect(code(evil.body)).toBe('SHELL_FORBIDDEN_ORIGIN')
    const otherPort = await callApi(shell, 'recent.list', [], { Origin: `http://127.0.0.1:${shell.server.port + 1}` })
    expect(otherPort.status).toBe(403)
    const nullOrigin = await callApi(shell, 'recent.list', [], { Origin: 'null' })
    expect(nullOrigin.status).toBe(403)
    const crossSite = await callApi(shell, 'recent.list', [], { 'Sec-Fetch-Site': 'cross-site' })
    expect(crossSite.status).toBe(403)
    const same = await callApi(shell, 'recent.list', [], { Origin: `http://127.0.0.1:${shell.server.port}`, 'Sec-Fetch-Site': 'same-origin' })
    expect(same.status).toBe(200)
    expect(JSON.parse(same.body)).toEqual({ ok: true, value: [] })
  })
})

describe('bodies and methods', () => {
  it('refuses a JSON body over the limit with 413', async () => {
    const response = await raw(small.server.port, {
      method: 'POST',
      path: `/${small.server.token}/api/capture.openPath`,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ args: ['/' + 'a'.repeat(2000)] }),
    })
    expect(response.status).toBe(413)
    expect(code(response.body)).toBe('BODY_TOO_LARGE')
  })

  it('refuses an upload over the limit with 413, by its declared length and as it streams', async () => {
    const declared = await raw(small.server.port, {
      method: 'POST',
      path: `/${small.server.token}/api/capture.openBytes`,
      headers: { 'Content-Type': 'application/octet-stream', 'X-Wiretrail-File-Name': 'big.pcap' },
      body: Buffer.alloc(8192),
    })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error.message).toBe('The file is 8192 bytes; the browser shell accepts at most 4096')
    // What the error notice shows, in either language: the sizes, and how to open the file by its path.
    expect(JSON.parse(declared.body).error.details).toEqual({
      size: 8192,
      limit: 4096,
      explanation: {
        en: "This capture is 8,192 bytes; a file picked in the browser shell's page is sent to it, up to 4,096 bytes. Open it by its path instead: wiretrail start --browser-shell <file>, or in the desktop app.",
        ko: '이 캡처 파일은 8,192바이트입니다. 브라우저 셸에서는 페이지에서 고른 파일을 셸로 보내는데, 4,096바이트까지만 보낼 수 있습니다. 경로로 여세요: wiretrail start --browser-shell <파일>, 또는 데스크톱 앱에서 여세요.',
      },
    })
    const chunked = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request(
          { host: '127.0.0.1', port: small.server.port, method: 'POST', path: `/${small.server.token}/api/capture.openBytes`, headers: { Host: `127.0.0.1:${small.server.port}`, 'Content-Type': 'application/octet-stream', 'X-Wiretrail-File-Name': 'big.pcap', 'Transfer-Encoding': 'chunked' } },
          (res) => {
            res.resume()
            resolve(res.statusCode ?? 0)
          },
        )
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)))
        const pcapHeader = Buffer.from('d4c3b2a1', 'hex')
        req.write(pcapHeader)
        for (let i = 0; i < 8; i++) req.write(Buffer.alloc(1024))
        req.end()
      }, reject)
    })
    expect(chunked).toBe(413)
  })

  it('wants JSON for calls, bytes for uploads, POST for the API', async () => {
    const text = await raw(shell.server.port, { method: 'POST', path: `/${shell.server.token}/api/recent.list`, headers: { 'Content-Type': 'text/plain' }, body: '{"args":[]}' })
    expect(text.status).toBe(415)
    const form = await raw(shell.server.port, { method: 'POST', path: `/${shell.server.token}/api/capture.openBytes`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=b' })
    expect(form.status).toBe(415)
    const get = await raw(shell.server.port, { path: `/${shell.server.token}/api/recent.list` })
    expect(get.status).toBe(405)
    const put = await raw(shell.server.port, { method: 'PUT', path: `/${shell.server.token}/index.html` })
    expect(put.status).toBe(405)
    const badJson = await raw(shell.server.port, { method: 'POST', path: `/${shell.server.token}/api/recent.list`, headers: { 'Content-Type': 'application/json' }, body: '{"args": [' })
    expect(badJson.status).toBe(400)
    expect(code(badJson.body)).toBe('SHELL_BAD_JSON')
  })
})

describe('serving the renderer', () => {
  it('sends the page’s CSP as a header, with frame-ancestors, and the other security headers', async () => {
    const response = await raw(shell.server.port, { path: `/${shell.server.token}/index.html` })
    expect(response.headers['content-security-policy']).toBe(`${FIXTURE_CSP}; frame-ancestors 'none'`)
    expect(response.headers['x-content-type-options']).toBe('nosniff')
    expect(response.headers['x-frame-options']).toBe('DENY')
    expect(response.headers['referrer-policy']).toBe('no-referrer')
    expect(response.headers['cross-origin-opener-policy']).toBe('same-origin')
    expect(response.headers['access-control-allow-origin']).toBeUndefined()
    const asset = await raw(shell.server.port, { path: `/${shell.server.token}/assets/app.js` })
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(asset.headers['content-security-policy']).toContain("default-src 'none'")
  })

  it('redirects /<token> to /<token>/ so relative assets resolve', async () => {
    const response = await raw(shell.server.port, { path: `/${shell.server.token}` })
    expect(response.status).toBe(308)
    expect(response.headers.location).toBe(`/${shell.server.token}/`)
  })

  it('never serves a file outside the renderer folder', async () => {
    for (const path of ['..%2fsecret.txt', '%2e%2e/secret.txt', 'assets/..%2f..%2fsecret.txt', '..%5csecret.txt', 'assets/%00.js']) {
      const response = await raw(shell.server.port, { path: `/${shell.server.token}/${path}` })
      // 404, or 403 where URL normalisation ate the token segment: never the file.
      expect([403, 404], path).toContain(response.status)
      expect(response.body).not.toContain('not for the browser')
    }
  })
})
