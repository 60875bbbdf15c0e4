// Packaging, checked as far as it can be without Electron's binary (../shared/TOOLCHAIN.md):
// electron-builder packs the app for Linux into a folder (--dir) around a placeholder Electron,
// and app.asar must hold exactly what the app runs: the three electron-vite bundles, the lab's
// data and the runtime dependencies; no sources, tests, source maps or the CLI's tsx/esbuild.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { extractFile, listPackage } from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..', '..')
const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']
let work: string
let entries: string[]
let unpacked: string

beforeAll(async () => {
  const missing = BUILT.filter((f) => !existsSync(join(ROOT, f)))
  if (missing.length > 0) throw new Error(`The app is not built (${missing.join(', ')} missing): run "npm run build" before the packaging test`)
  work = await mkdtemp(join(tmpdir(), 'wiretrail-pack-'))
  const electronDist = join(work, 'electron-dist')
  await mkdir(electronDist)
  // The placeholder "Electron": electron-builder copies the folder and renames this file.
  await writeFile(join(electronDist, 'electron'), '#!/bin/sh\necho "placeholder Electron"\n')
  await chmod(join(electronDist, 'electron'), 0o755)
  const output = join(work, 'dist')
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), '--linux', '--dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`],
    { cwd: ROOT, timeout: 150_000, env: { ...process.env, CI: 'true' } },
  )
  unpacked = join(output, 'linux-unpacked')
  entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((e) => e.replaceAll('\\', '/'))
}, 180_000)
afterAll(() => (work === undefined ? undefined : rm(work, { recursive: true, force: true })))

describe('app.asar', () => {
  it('holds the main, preload and renderer bundles and package.json pointing at main', async () => {
    for (const file of BUILT) expect(entries, file).toContain(`/${file}`)
    expect(entries.some((e) => /^\/out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true)
    const pkg = JSON.parse(extractFile(join(unpacked, 'resources', 'app.asar'), 'package.json').toString()) as { main: string; name: string }
    expect(pkg.main).toBe('out/main/index.js')
  })

  it('holds every runtime dependency except the CLI’s TypeScript runner', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    const runtime = Object.keys(pkg.dependencies).filter((d) => d !== 'tsx')
    expect(runtime.length).toBeGreaterThan(0)
    for (const dep of runtime) expect(entries, dep).toContain(`/node_modules/${dep}/package.json`)
  })

  it('holds the lab network’s data', () => {
    expect(entries.some((e) => e.startsWith('/assets/lab/'))).toBe(true)
  })

  it('leaves out sources, tests, maps, dev tools and tsx/esbuild', () => {
    const forbidden = entries.filter(
      (e) =>
        /^\/(src-main|src-renderer|test|docs|build|\.ci|dist)(\/|$)/.test(e) ||
        /^\/node_modules\/(tsx|esbuild|@esbuild|electron|electron-builder|vite|vitest|vue|pinia|typescript|playwright-core)(\/|$)/.test(e) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(e) ||
        /\.map$/.test(e) ||
        /^\/(electron\.config|vitest\.config|tsconfig[^/]*)\./.test(e),
    )
    expect(forbidden).toEqual([])
  })

  it('renames the Electron binary to the product’s executable', () => {
    expect(existsSync(join(unpacked, 'wiretrail'))).toBe(true)
  })
})
