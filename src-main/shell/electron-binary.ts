// Is Electron's binary installed? Answered from the files the electron package leaves, never by
// loading the module: on Electron ≥ 42 `require('electron')` without the binary starts a download
// and throws (../shared/TOOLCHAIN.md). `npx install-electron` writes dist/ and path.txt (the
// executable's path inside dist/, e.g. "electron", "electron.exe",
// "Electron.app/Contents/MacOS/Electron"); ELECTRON_OVERRIDE_DIST_PATH points at another dist.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type ElectronLookup = { found: true; binary: string } | { found: false; reason: string }

const PLATFORM_PATHS: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  linux: 'electron',
  freebsd: 'electron',
  openbsd: 'electron',
  win32: 'electron.exe',
}

export function findElectronBinary(packageDir: string | null, env: Record<string, string | undefined>, platform: NodeJS.Platform): ElectronLookup {
  if (packageDir === null) return { found: false, reason: 'the electron package is not installed (node_modules/electron is missing)' }
  const pathFile = join(packageDir, 'path.txt')
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  if (override !== undefined && override !== '') {
    const binary = join(override, recorded ?? PLATFORM_PATHS[platform] ?? 'electron')
    return isFile(binary) ? { found: true, binary } : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH names ${override}, but ${binary} does not exist` }
  }
  if (recorded === null || recorded === '') {
    return { found: false, reason: `Electron's binary is not installed (${pathFile} is missing; "npx install-electron" downloads it)` }
  }
  const binary = join(packageDir, 'dist', recorded)
  return isFile(binary) ? { found: true, binary } : { found: false, reason: `Electron's binary is not installed (${binary} is missing)` }
}

/** node_modules/electron seen from `start` (walking up like Node's resolution), or null. */
export function findElectronPackage(start: string): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'electron')
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) return null
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}
