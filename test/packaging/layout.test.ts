// The packaged app's layout, checked as far as it can be without Electron's binary
// (../shared/TOOLCHAIN.md): electron-builder packs the app for Linux into a folder (--dir) around
// a placeholder Electron, exactly as `npm run dist` would. Then:
//  - app.asar holds exactly what the app runs (the electron-vite bundles, the lab's data, the
//    runtime dependencies), with package.json carrying the names Electron and the packages use;
//  - the fuses electron-builder.yml asks for are set in the packed executable;
//  - the analyzer's worker and everything it imports (its packages bundled in) are real files in
//    app.asar.unpacked, where the shipped main bundle will start it; and that main bundle, run
//    from an app.asar laid out as Electron sees it (with the unpacked files absent from it), opens
//    a capture through IPC in that worker. Whatever chunk names the build emits, nothing here
//    names them: the worker's imports are followed from its entry.
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { analyzerWorkerPath } from '../../src-main/electron/asar-paths.ts'
import { IPC_CALL_PREFIX, type ApiResult, type OpenedCapture } from '../../src-main/shared/api.ts'
import { BrowserWindow, ipcMain, resetMock } from '../mocks/electron.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { electronBuilder, emptyMirror, ROOT } from './pack.ts'
import { placeholderElectron } from './placeholder-electron.ts'
import { wholeLesson } from '../support/lesson.ts'

const BUILT = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/worker/analyzer-worker.mjs', 'out/worker/count-worker.mjs']
let work: string
let resources: string
let asar: string
let entries: string[]

beforeAll(async () => {
  const missing = BUILT.filter((f) => !existsSync(join(ROOT, f)))
  if (missing.length > 0) throw new Error(`The app is not built (${missing.join(', ')} missing): run "npm run build" before the packaging test`)
  work = await mkdtemp(join(tmpdir(), 'wiretrail-pack-'))
  const mirror = await emptyMirror()
  try {
    const electronDist = await placeholderElectron(join(work, 'electron-dist'), 'linux')
    const run = await electronBuilder(['--linux', '--dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${join(work, 'dist')}`], { work, mirror: mirror.url })
    if (!run.ok) throw new Error(`electron-builder --linux --dir failed:\n${run.output}`)
    expect(mirror.requests).toEqual([]) // packing a folder needs no download
  } finally {
    await mirror.close()
  }
  resources = join(work, 'dist', 'linux-unpacked', 'resources')
  asar = join(resources, 'app.asar')
  entries = listPackage(asar, { isPack: false }).map((e) => e.replaceAll('\\', '/'))
}, 240_000)
afterAll(() => (work === undefined ? undefined : rm(work, { recursive: true, force: true })))

describe('app.asar', () => {
  it('holds the main, preload and renderer bundles', () => {
    for (const file of BUILT.slice(0, 3)) expect(entries, file).toContain(`/${file}`)
    expect(entries.some((e) => /^\/out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true)
  })

  it('carries the names: productName for Electron’s app name, desktopName for the Linux app_id, and the .deb’s homepage and maintainer', () => {
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as Record<string, unknown>
    expect(pkg).toMatchObject({ name: 'wiretrail', productName: 'Wiretrail', desktopName: 'wiretrail.desktop', main: 'out/main/index.js' })
    expect(String(pkg.homepage)).toMatch(/^https:\/\/\S+$/)
    expect((pkg.author as { email?: string }).email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/)
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
        /^\/node_modules\/(tsx|esbuild|@esbuild|electron|electron-builder|vite|vitest|vue|pinia|typescript|playwright-core|@doyensec)(\/|$)/.test(e) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(e) ||
        /\.map$/.test(e) ||
        /^\/(electron\.config|vitest\.config|tsconfig[^/]*)\./.test(e),
    )
    expect(forbidden).toEqual([])
  })

  it('renames the Electron binary to the product’s executable', () => {
    expect(existsSync(join(resources, '..', 'wiretrail'))).toBe(true)
  })
})

describe('fuses (Electron’s security checklist)', () => {
  it('sets in the packed executable every fuse electron-builder.yml names', async () => {
    const config = parseYaml(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> }
    const order = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges']
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
    const wire = (await getCurrentFuseWire(join(resources, '..', 'wiretrail'))) as unknown as Record<number, number>
    const read = Object.fromEntries(order.map((name, i) => [name, wire[i] === 0x31]))
    expect(read).toEqual(config.electronFuses)
  })
})

/** The files an ES module imports, statically or dynamically, as written in the built code. */
function importsOf(bundle: string): string[] {
  // Block comments that open a line are not code: a bundled package's JSDoc names types with
  // import('./x.js') (re2js: @type {import('./RE2.js').RE2}).
  const code = bundle.replace(/^[ \t]*\/\*[\s\S]*?\*\//gm, '')
  const found = new Set<string>()
  for (const match of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g)) found.add(match[1]!)
  for (const match of code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.add(match[1]!)
  return [...found]
}

describe('the analyzer worker, unpacked', () => {
  it('is where the shipped main bundle starts it, with everything it imports beside it as real files', async () => {
    const unpacked = `${asar}.unpacked`
    const worker = analyzerWorkerPath(join(asar, 'out'))
    expect(worker.startsWith(unpacked)).toBe(true)
    expect(existsSync(worker)).toBe(true)
    // Follow the imports from the entry: relative ones must be unpacked files, bare ones must
    // resolve (Node's resolution, from the unpacked folder) to unpacked packages.
    const seen = new Set<string>()
    const packages = new Set<string>()
    // The worker and the thread it counts compressed bodies on, which it starts from beside itself
    // (analyzer/count-thread.ts).
    const queue = [worker, join(dirname(worker), 'count-worker.mjs')]
    while (queue.length > 0) {
      const file = queue.pop()!
      if (seen.has(file)) continue
      seen.add(file)
      expect(file.startsWith(unpacked), `${file} is outside app.asar.unpacked`).toBe(true)
      expect(existsSync(file), `${relative(resources, file)} is missing`).toBe(true)
      if (!/\.m?js$/.test(file) || file.includes(`${join(unpacked, 'node_modules')}`)) continue
      for (const specifier of importsOf(await readFile(file, 'utf8'))) {
        if (specifier.startsWith('node:') || createRequire(import.meta.url).resolve.paths(specifier) === null) continue
        if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier))
        else {
          const resolved = createRequire(file).resolve(specifier)
          expect(resolved.startsWith(join(unpacked, 'node_modules')), `${specifier} resolves to ${resolved}`).toBe(true)
          packages.add(specifier)
          queue.push(resolved)
        }
      }
    }
    // Bundled into the worker (electron.config.ts): it needs no package from node_modules.
    expect([...packages]).toEqual([])
    // The capture reader's code, bundled (classic pcap is read by our own loop since issue 11's
    // engine work; see src-main/capture/pcap.ts).
    expect(await readFile(worker, 'utf8')).toContain('a pcap file header needs 24')
    // Every file the build put in out/worker went out of the archive with it.
    for (const entry of entries.filter((e) => e.startsWith('/out/worker/'))) {
      expect((statFile(asar, entry.slice(1), false) as { unpacked?: boolean }).unpacked, entry).toBe(true)
    }
  })

  it('opens a capture through the shipped main bundle, run from an app.asar laid out as Electron sees it', async () => {
    // resources/app.asar as a folder of what the archive holds in itself (unpacked files are not
    // in it, so a read there fails as it would for a worker thread's loader), beside the real
    // app.asar.unpacked.
    const layout = join(work, 'as-electron-sees-it', 'resources')
    await mkdir(layout, { recursive: true })
    extractAll(asar, join(layout, 'app.asar'))
    for (const entry of entries) {
      const info = statFile(asar, entry.slice(1), false) as { unpacked?: boolean; files?: unknown }
      if (info.unpacked === true && info.files === undefined) await rm(join(layout, 'app.asar', entry), { force: true })
    }
    expect(existsSync(join(layout, 'app.asar', 'out', 'worker', 'analyzer-worker.mjs'))).toBe(false)
    await cp(`${asar}.unpacked`, join(layout, 'app.asar.unpacked'), { recursive: true })

    resetMock()
    const previousHome = process.env.WIRETRAIL_HOME
    process.env.WIRETRAIL_HOME = join(work, 'home')
    try {
      await import(join(layout, 'app.asar', 'out', 'main', 'index.js'))
      for (let i = 0; i < 300 && BrowserWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
      const win = BrowserWindow.created[0]!
      const sender = { sender: { id: win.webContents.id }, senderFrame: { url: 'wiretrail://app/index.html', parent: null } }
      const capture = join(CORPUS_DIR, 'dns-iterative-lab-root-referrals.pcap')
      const result = (await ipcMain.handlers.get(`${IPC_CALL_PREFIX}capture.openPath`)!(sender, capture)) as ApiResult<OpenedCapture>
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`)
      expect(result.value.walkthrough.packets).toBeGreaterThan(0)
      expect(wholeLesson(result.value).resolutions.length).toBeGreaterThan(0)
    } finally {
      if (previousHome === undefined) delete process.env.WIRETRAIL_HOME
      else process.env.WIRETRAIL_HOME = previousHome
    }
  }, 120_000)
})
