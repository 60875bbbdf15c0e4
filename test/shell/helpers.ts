// Shared by the shell tests: a temporary state folder + renderer folder, a running shell server on
// 127.0.0.1:0, and raw HTTP requests (node:http, so Host/Origin headers can be set freely, which
// fetch() forbids).
import { request as httpRequest } from 'node:http'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppServices } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import type { Engine } from '../../src-main/services/engine.ts'
import { startShellServer, type ShellServer, type ShellServerOptions } from '../../src-main/shell/server.ts'

export const FIXTURE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'"

export interface ShellFixture {
  root: string
  rendererDir: string
  services: AppServices
  server: ShellServer
  close(): Promise<void>
}

export async function startFixture(options: Partial<ShellServerOptions> & { engine?: Engine } = {}): Promise<ShellFixture> {
  const root = await mkdtemp(join(tmpdir(), 'wiretrail-shell-'))
  const rendererDir = join(root, 'renderer')
  await mkdir(join(rendererDir, 'assets'), { recursive: true })
  await writeFile(
    join(rendererDir, 'index.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${FIXTURE_CSP}"><script type="module" src="./assets/app.js"></script></head><body><div id="app"></div></body></html>`,
  )
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'document.getElementById("app").textContent = "ok"')
  await writeFile(join(root, 'secret.txt'), 'not for the browser')
  const services = new AppServices({ root: join(root, 'state'), engine: options.engine ?? createNodeEngine(), version: '1.2.3', locale: 'en-US' })
  const server = await startShellServer({ services, rendererDir, port: 0, ...options })
  return {
    root,
    rendererDir,
    services,
    server,
    async close() {
      await server.close()
      await services.shutdown()
      await rm(root, { recursive: true, force: true })
    },
  }
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function raw(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    // A server that refuses an oversized body may close before it is all sent: that is its answer.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)))
    if (options.body !== undefined) req.end(options.body)
    else req.end()
  })
}

export function callApi(fixture: ShellFixture, name: string, args: unknown[], headers: Record<string, string> = {}): Promise<RawResponse> {
  return raw(fixture.server.port, {
    method: 'POST',
    path: `/${fixture.server.token}/api/${name}`,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ args }),
  })
}
