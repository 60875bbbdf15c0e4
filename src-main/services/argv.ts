// Capture files named on a command line: `wiretrail start FILE`, `electron . FILE`, the packaged
// app started by a file association (Windows/Linux pass the path as an argument) or a second
// instance (its argv arrives in the first). Flags and the executable/app path are skipped; only
// arguments with a capture extension count, resolved against the caller's working directory.
import { extname, isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CAPTURE_EXTENSIONS } from './capture-files.ts'

export function capturePathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const paths: string[] = []
  let afterDoubleDash = false
  for (const arg of argv) {
    if (arg === '--') {
      afterDoubleDash = true
      continue
    }
    if (!afterDoubleDash && arg.startsWith('-')) continue
    if (!CAPTURE_EXTENSIONS.includes(extname(arg).toLowerCase())) continue
    let path = arg
    if (arg.startsWith('file://')) {
      try {
        path = fileURLToPath(arg)
      } catch {
        continue
      }
    }
    paths.push(isAbsolute(path) ? path : resolve(cwd, path))
  }
  return [...new Set(paths)]
}
