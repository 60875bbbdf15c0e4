// The services as the Node shells (`wiretrail ui`, `wiretrail start` without Electron) compose them:
// the real engine, the user's state folder, the package version and the OS locale.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { AppServices } from '../services/app-services.ts'
import { appConfigDir } from '../services/app-dirs.ts'
import { createNodeEngine } from '../services/engine-node.ts'
import { WiretrailError } from '../shared/errors.ts'

/** The repository (or installed package) root: src-main/shell/../.. */
export const APP_ROOT = resolve(import.meta.dirname, '..', '..')
export const RENDERER_DIR = join(APP_ROOT, 'out', 'renderer')

export function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8')) as { version?: unknown }
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
  } catch {
    return '0.0.0'
  }
}

/** WIRETRAIL_LAB_BLOCK=N runs the lab on 127.N.x.y instead of 127.53.x.y (tests that drive the
 * browser shell use their own block, so they can run beside other labs). */
export function labBlockFromEnv(env: Record<string, string | undefined>): number | undefined {
  const text = env.WIRETRAIL_LAB_BLOCK
  if (text === undefined || text === '') return undefined
  const block = Number(text)
  if (!/^\d+$/.test(text) || block < 1 || block > 254) {
    throw new WiretrailError('BAD_ENVIRONMENT', `WIRETRAIL_LAB_BLOCK must be a number from 1 to 254 (the lab uses 127.<block>.x.y), got "${text}"`)
  }
  return block
}

export function createNodeAppServices(env: Record<string, string | undefined> = process.env): AppServices {
  const addressBlock = labBlockFromEnv(env)
  return new AppServices({
    root: appConfigDir({ env, platform: process.platform, home: homedir() }),
    engine: createNodeEngine(addressBlock === undefined ? {} : { lab: { addressBlock } }),
    version: appVersion(),
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    logError: (error) => process.stderr.write(`wiretrail: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  })
}
