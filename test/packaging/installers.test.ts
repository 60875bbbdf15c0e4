// electron-builder's own validation of every installer target in electron-builder.yml, run as far
// as it goes here: each target is built around a placeholder Electron (placeholder-electron.ts)
// until it needs a tool this machine cannot download (the local mirror has none) or, for the dmg,
// a macOS-only program. The assertion is on *where* it stops: at the tool's download (or the
// macOS tool), never at the configuration ("Please specify project homepage", a bad key, a missing
// icon). What the targets produced before that point is checked too: the macOS app's Info.plist,
// the Windows executable's fuses, and what the NSIS installer registers for file associations.
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getCurrentFuseWire } from '@electron/fuses'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { electronBuilder, emptyMirror, ROOT } from './pack.ts'
import { placeholderElectron } from './placeholder-electron.ts'

let work: string
let mirror: Awaited<ReturnType<typeof emptyMirror>>

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js'))) throw new Error('The app is not built: run "npm run build" before the packaging test')
  if (!existsSync('/usr/bin/7zz')) throw new Error('7-Zip (/usr/bin/7zz, Debian package 7zip) is missing: run .ci/install-peers')
  work = await mkdtemp(join(tmpdir(), 'wiretrail-installers-'))
  mirror = await emptyMirror()
})
afterAll(async () => {
  await mirror?.close()
  if (work !== undefined) await rm(work, { recursive: true, force: true })
})

let packedLinux: Promise<string> | null = null
function linuxUnpacked(): Promise<string> {
  packedLinux ??= (async () => {
    const electronDist = await placeholderElectron(join(work, 'electron-linux'), 'linux')
    const run = await electronBuilder(['--linux', '--dir', `-c.electronDist=${electronDist}`, `-c.directories.output=${join(work, 'dist-linux-dir')}`], { work, mirror: mirror.url })
    if (!run.ok) throw new Error(`electron-builder --linux --dir failed:\n${run.output}`)
    return join(work, 'dist-linux-dir', 'linux-unpacked')
  })()
  return packedLinux
}

/** Configuration errors electron-builder raises; none may appear in any run. */
const CONFIGURATION_ERRORS = /Please specify|InvalidConfigurationError|configuration has an unknown property|Invalid configuration|is not allowed|must be|cannot find specified resource|icon .* not found|desktopName .* invalid/i

/** Builds `target`; Linux targets reuse one packed folder (--prepackaged), the others pack first. */
async function build(target: string[], platform: 'linux' | 'win' | 'mac'): Promise<{ output: string; requests: string[]; out: string }> {
  const before = mirror.requests.length
  const out = join(work, `dist-${platform}-${target.join('-')}`)
  const source = platform === 'linux' ? ['--prepackaged', await linuxUnpacked()] : [`-c.electronDist=${await placeholderElectron(join(work, `electron-${platform}`), platform)}`]
  const run = await electronBuilder([...target, ...source, `-c.directories.output=${out}`], { work, mirror: mirror.url })
  expect(run.ok, 'the build cannot finish here: it needs a download').toBe(false)
  expect(run.output).not.toMatch(CONFIGURATION_ERRORS)
  return { output: run.output, requests: mirror.requests.slice(before), out }
}

describe('electron-builder targets, as far as they run without downloads', () => {
  it('deb: packs, then stops at downloading fpm (the configuration has a homepage and a maintainer)', async () => {
    const { output, requests } = await build(['--linux', 'deb'], 'linux')
    expect(output).toContain('building        target=deb')
    expect(requests).toHaveLength(1)
    expect(requests[0]).toMatch(/^\/fpm@[\d.]+\/fpm-[\w.-]+-linux-amd64\.7z$/)
    expect(output).toMatch(/Response code 404 \(Not Found\) for http:\/\/127\.0\.0\.1:\d+\/fpm@/)
  }, 240_000)

  it('AppImage: packs, then stops at downloading appimagetool', async () => {
    const { output, requests } = await build(['--linux', 'AppImage'], 'linux')
    expect(output).toContain('building        target=AppImage')
    expect(requests).toEqual([expect.stringMatching(/^\/appimage-[\d.]+\/appimage-[\d.]+\.7z$/)])
  }, 240_000)

  it('nsis: packs the Windows app with its fuses, then stops at downloading NSIS', async () => {
    const { output, requests, out } = await build(['--win', 'nsis'], 'win')
    expect(output).toMatch(/building\s+target=nsis .*oneClick=false perMachine=false/)
    expect(requests).toEqual([expect.stringMatching(/^\/nsis-[\d.]+\/nsis-[\d.]+\.7z$/)])
    const wire = (await getCurrentFuseWire(join(out, 'win-unpacked', 'Wiretrail.exe'))) as unknown as Record<number, number>
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => String.fromCharCode(wire[i]!)).join('')).toBe('01001100')
  }, 240_000)

  it('dmg: packs the macOS app (named Wiretrail, opening .pcap/.pcapng, with asar integrity), then stops at macOS’s sips', async () => {
    const { output, requests, out } = await build(['--mac', 'dmg'], 'mac')
    expect(output).toContain('building        target=DMG')
    expect(requests).toEqual([])
    expect(output).toMatch(/spawn sips ENOENT/)
    const plist = await readFile(join(out, 'mac', 'Wiretrail.app', 'Contents', 'Info.plist'), 'utf8')
    expect(plist).toMatch(/<key>CFBundleName<\/key>\s*<string>Wiretrail<\/string>/)
    expect(plist).toMatch(/<key>CFBundleIdentifier<\/key>\s*<string>org\.wiretrail\.app<\/string>/)
    for (const ext of ['pcap', 'pcapng']) expect(plist).toMatch(new RegExp(`<key>CFBundleTypeExtensions</key>\\s*<array>\\s*<string>${ext}</string>`))
    expect(plist).toContain('<key>ElectronAsarIntegrity</key>')
  }, 240_000)
})

describe('file associations on Windows, per-user or per-machine', () => {
  it('the installer writes them under SHELL_CONTEXT\\Software\\Classes: HKCU for a per-user install, HKLM for all users', async () => {
    const templates = join(ROOT, 'node_modules', 'app-builder-lib', 'templates', 'nsis')
    const associate = await readFile(join(templates, 'include', 'FileAssociation.nsh'), 'utf8')
    const macro = associate.slice(associate.indexOf('!macro APP_ASSOCIATE '), associate.indexOf('!macroend', associate.indexOf('!macro APP_ASSOCIATE ')))
    expect(macro).toContain('WriteRegStr SHELL_CONTEXT "Software\\Classes\\.${EXT}" "" "${FILECLASS}"')
    expect(macro).toContain('WriteRegNone SHELL_CONTEXT "Software\\Classes\\.${EXT}\\OpenWithProgids" "${FILECLASS}"')
    expect(macro).toContain('WriteRegStr SHELL_CONTEXT "Software\\Classes\\${FILECLASS}\\shell\\open\\command" "" `${COMMAND}`')
    const multiUser = await readFile(join(templates, 'multiUser.nsh'), 'utf8')
    expect(multiUser).toMatch(/StrCpy \$installMode CurrentUser\s+SetShellVarContext current/)
    expect(multiUser).toMatch(/StrCpy \$installMode all\s+SetShellVarContext all/)
    const nsisTarget = await readFile(join(ROOT, 'node_modules', 'app-builder-lib', 'out', 'targets', 'nsis', 'NsisTarget.js'), 'utf8')
    // Registered whatever perMachine says: the only condition is that there are associations.
    expect(nsisTarget).toMatch(/if \(fileAssociations\.length !== 0\) \{[\s\S]{0,200}if \(isInstaller\) \{\s*const registerFileAssociationsScript/)
  })

  it('each extension gets a ProgID of its own, without spaces (uninstalling deletes that key)', async () => {
    const config = parseYaml(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
      fileAssociations?: unknown
      win: { fileAssociations: { ext: string; name: string }[] }
      nsis: { perMachine: boolean }
    }
    expect(config.fileAssociations).toBeUndefined() // per platform only: `name` differs in meaning
    expect(config.win.fileAssociations.map((a) => [a.ext, a.name])).toEqual([
      ['pcap', 'Wiretrail.pcap'],
      ['pcapng', 'Wiretrail.pcapng'],
    ])
    expect(config.nsis.perMachine).toBe(false)
  })
})

describe('Linux names', () => {
  it('names the .desktop file after desktopName and groups the window under it', async () => {
    const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { desktopName: string; productName: string }
    const config = parseYaml(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as { linux: { executableName: string; syncDesktopName: boolean; desktop?: { entry?: Record<string, string> } } }
    expect(pkg.desktopName).toBe(`${config.linux.executableName}.desktop`)
    expect(config.linux.syncDesktopName).toBe(true)
    // StartupWMClass then defaults to desktopName without ".desktop": what Electron uses as app_id.
    expect(config.linux.desktop?.entry?.StartupWMClass).toBeUndefined()
  })
})
