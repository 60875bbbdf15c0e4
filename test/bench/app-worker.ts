// The app's analyzer worker for the benches that open captures as the app does (analyzer.bench.ts,
// analyzer-fuzz-found.bench.ts): the bundled file `npm run build` makes, rebuilt when stale.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The app's analyzer worker as `npm run build` makes it (electron.config.ts: out/worker), built
 * first when it is missing or older than any source it is built from. */
export async function appWorker(): Promise<string> {
  const root = join(import.meta.dirname, '..', '..')
  const worker = join(root, 'out', 'worker', 'analyzer-worker.mjs')
  const builtAt = existsSync(worker) ? statSync(worker).mtimeMs : 0
  let newest = Math.max(...['package-lock.json', 'electron.config.ts'].map((f) => statSync(join(root, f)).mtimeMs))
  for (const f of readdirSync(join(root, 'src-main'), { recursive: true }) as string[]) {
    if (/\.(ts|js|mjs|peggy|json)$/.test(f)) newest = Math.max(newest, statSync(join(root, 'src-main', f)).mtimeMs)
  }
  if (builtAt < newest) {
    console.log(`building the app (${builtAt ? 'its analyzer worker is older than its sources' : 'no analyzer worker at out/worker'}): npm run build`)
    await run('npm', ['run', 'build', '--silent'], { cwd: root, maxBuffer: 1 << 26 })
  }
  if (!existsSync(worker)) throw new Error(`npm run build made no ${worker}`)
  return worker
}
