// Files electron-builder unpacks out of app.asar (electron-builder.yml, asarUnpack) are read from
// app.asar.unpacked beside it. Inside the main process Electron redirects reads of such a file's
// app.asar path there itself; a worker thread's ES-module loader is not documented to, so main
// hands the worker the unpacked path directly (electron.config.ts says why it is unpacked).
import { join } from 'node:path'

const ASAR_SEGMENT = /([\\/])app\.asar(?=[\\/]|$)/

/** `…/resources/app.asar/x` → `…/resources/app.asar.unpacked/x`; any other path is unchanged (a
 * checkout, or an app packed without asar). */
export function unpackedPath(path: string): string {
  return path.replace(ASAR_SEGMENT, `$1app.asar.unpacked`)
}

/** The analyzer's worker thread (electron.config.ts builds it into out/worker) for the app whose
 * electron-vite output is `outDir` (out/, beside out/main). */
export function analyzerWorkerPath(outDir: string): string {
  return unpackedPath(join(outDir, 'worker', 'analyzer-worker.mjs'))
}

