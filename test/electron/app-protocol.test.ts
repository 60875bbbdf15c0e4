// wiretrail://app/ serves only the renderer folder, with the page's CSP as a header.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appProtocolResponse, appResponseHeaders } from '../../src-main/electron/app-protocol.ts'

let root: string
let renderer: string
const META_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wiretrail-protocol-'))
  renderer = join(root, 'renderer')
  await mkdir(join(renderer, 'assets'), { recursive: true })
  await writeFile(join(renderer, 'index.html'), `<html><head><meta http-equiv="Content-Security-Policy" content="${META_CSP}"></head></html>`)
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'secret.txt'), 'outside the renderer folder')
})
afterAll(() => rm(root, { recursive: true, force: true }))

describe('app protocol', () => {
  it('serves index.html and assets with the security headers', async () => {
    const headers = await appResponseHeaders(renderer)
    expect(headers['Content-Security-Policy']).toBe(`${META_CSP}; frame-ancestors 'none'`)
    const index = await appProtocolResponse('wiretrail://app/index.html', 'GET', renderer, headers)
    expect(index.status).toBe(200)
    expect(index.headers['Content-Type']).toBe('text/html; charset=utf-8')
    expect(index.headers['X-Content-Type-Options']).toBe('nosniff')
    const script = await appProtocolResponse('wiretrail://app/assets/app.js', 'GET', renderer, headers)
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8')
    expect(Buffer.from(script.body).toString()).toBe('console.log(1)')
  })

  it('refuses paths outside the folder, other hosts and other methods', async () => {
    const headers = await appResponseHeaders(renderer)
    for (const url of ['wiretrail://app/%2e%2e/secret.txt', 'wiretrail://app/..%2fsecret.txt', 'wiretrail://app/assets/%2e%2e/%2e%2e/secret.txt', 'wiretrail://other/index.html', 'wiretrail://app/missing.js']) {
      expect((await appProtocolResponse(url, 'GET', renderer, headers)).status, url).toBe(404)
    }
    expect((await appProtocolResponse('wiretrail://app/index.html', 'POST', renderer, headers)).status).toBe(405)
  })
})
