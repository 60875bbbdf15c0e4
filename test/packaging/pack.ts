// Runs electron-builder the way `npm run dist` would, around a placeholder Electron
// (placeholder-electron.ts), with every download it attempts sent to a local mirror that has
// nothing: nothing leaves the machine, and the test sees exactly which tool it asked for.
import { execFile } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'

export const ROOT = resolve(import.meta.dirname, '..', '..')

/** A binaries mirror that answers 404 to everything and records what was asked. */
export async function emptyMirror(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = []
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '')
    response.writeHead(404, { 'Content-Type': 'text/plain' })
    response.end('not in this mirror')
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((done) => server.close(() => done())) }
}

export interface BuilderRun {
  ok: boolean
  output: string
}

/** `electron-builder <args>` in the repository, offline but for `mirror`; never throws. */
export async function electronBuilder(args: string[], options: { work: string; mirror: string }): Promise<BuilderRun> {
  const cache = join(options.work, 'builder-cache')
  await mkdir(cache, { recursive: true })
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), ...args, '--publish', 'never'],
      {
        cwd: ROOT,
        timeout: 240_000,
        maxBuffer: 32 * 1024 * 1024,
        env: {
          ...process.env,
          // electron-builder keeps quiet but for errors when it sees it runs under vitest.
          VITEST: '',
          CI: 'true',
          // Every tool electron-builder downloads (fpm, appimagetool, NSIS, …) comes from here.
          ELECTRON_BUILDER_BINARIES_MIRROR: options.mirror,
          ELECTRON_BUILDER_BINARIES_ALLOW_HTTP: 'true',
          ELECTRON_MIRROR: options.mirror,
          ELECTRON_BUILDER_CACHE: cache,
          // Debian's 7-Zip (.ci/install-peers) instead of the one electron-builder would download.
          ELECTRON_BUILDER_7ZIP_PATH: '/usr/bin/7zz',
        },
      },
      (error, stdout, stderr) => done({ ok: error === null, output: `${stdout}\n${stderr}` }),
    )
  })
}
