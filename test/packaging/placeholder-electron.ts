// Stand-ins for Electron's unpacked distribution, one per OS, for running electron-builder where
// Electron's binary cannot be downloaded (../shared/TOOLCHAIN.md). Each holds what electron-builder
// reads and rewrites: the executable it renames, the Info.plists it edits on macOS, a Windows
// executable with version info (resedit rewrites it; electron-winstaller ships one, rcedit.exe),
// and the fuse wire (@electron/fuses finds it after its sentinel) set to Electron's defaults, so
// that the fuses electron-builder.yml asks for can be read back from the packed app.
import { createRequire } from 'node:module'
import { appendFile, chmod, copyFile, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** Electron's own defaults, in @electron/fuses' order (FuseV1Options 0…7): RunAsNode on, cookie
 * encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, browser V8
 * snapshot off, file:// privileges on. */
export const DEFAULT_FUSES = '10110001'
const FUSE_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL, 'latin1'), Buffer.from([1, DEFAULT_FUSES.length]), Buffer.from(DEFAULT_FUSES, 'latin1')])

export type PlaceholderPlatform = 'linux' | 'win' | 'mac'

function plist(entries: Record<string, string>): string {
  const body = Object.entries(entries)
    .map(([key, value]) => `  <key>${key}</key><string>${value}</string>`)
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n${body}\n</dict>\n</plist>\n`
}

async function script(path: string, extra: Buffer = Buffer.alloc(0)): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, Buffer.concat([Buffer.from('#!/bin/sh\necho "placeholder Electron: no binary here"\nexit 1\n# '), extra, Buffer.from('\n')]))
  await chmod(path, 0o755)
}

/** Writes the placeholder for `platform` into `dir` (an empty folder) and returns `dir`. */
export async function placeholderElectron(dir: string, platform: PlaceholderPlatform): Promise<string> {
  if (platform === 'linux') {
    await script(join(dir, 'electron'), FUSE_WIRE)
    // electron-builder's deb after-install script sets this helper's mode; it must exist.
    await script(join(dir, 'chrome-sandbox'))
    return dir
  }
  if (platform === 'win') {
    const rcedit = join(dirname(createRequire(import.meta.url).resolve('electron-winstaller/package.json')), 'vendor', 'rcedit.exe')
    await mkdir(dir, { recursive: true })
    await copyFile(rcedit, join(dir, 'electron.exe'))
    await appendFile(join(dir, 'electron.exe'), FUSE_WIRE)
    return dir
  }
  const contents = join(dir, 'Electron.app', 'Contents')
  await mkdir(join(contents, 'Resources'), { recursive: true })
  await writeFile(join(contents, 'Info.plist'), plist({ CFBundleExecutable: 'Electron', CFBundleIdentifier: 'com.github.Electron', CFBundleName: 'Electron', CFBundlePackageType: 'APPL', CFBundleVersion: '45.4.1' }))
  await script(join(contents, 'MacOS', 'Electron'))
  const framework = join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework')
  await mkdir(dirname(framework), { recursive: true })
  await writeFile(framework, Buffer.concat([Buffer.from('placeholder framework '), FUSE_WIRE]))
  for (const helper of ['Electron Helper', 'Electron Helper (Renderer)', 'Electron Helper (GPU)', 'Electron Helper (Plugin)']) {
    const helperContents = join(contents, 'Frameworks', `${helper}.app`, 'Contents')
    await mkdir(helperContents, { recursive: true })
    await writeFile(join(helperContents, 'Info.plist'), plist({ CFBundleExecutable: helper, CFBundleIdentifier: 'com.github.Electron.helper', CFBundleName: helper, CFBundlePackageType: 'APPL' }))
    await script(join(helperContents, 'MacOS', helper))
  }
  return dir
}
