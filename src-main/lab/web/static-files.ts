// Finding the file a URL path names, as a classic web server does (notes STORY 01 §3):
//   "/dir/"       -> the directory's index.html
//   "/dir"        -> a directory without the slash: 301 to "/dir/"
//   "/whatisthis" -> a file if one of that name exists, else a directory (301), else 404
// Each site has a list of content directories searched in order (its own, then the common one).
import { statSync, type Stats } from 'node:fs'
import { extname, join, sep } from 'node:path'

export const INDEX_FILE = 'index.html'

export type StaticLookup =
  | { kind: 'file'; path: string; stats: Stats }
  | { kind: 'add-slash' }
  | { kind: 'not-found' }
  /** The path cannot name a file (bad %-escape, "..", NUL): 400 with the reason. */
  | { kind: 'bad-path'; reason: string }

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  // A file without an extension (/whatisthis on www.lab.glasscom.com) is plain text in the lab.
  '': 'text/plain; charset=utf-8',
}

export function contentTypeFor(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** `urlPath` is the raw path of the request target (before "?"), still %-encoded. */
export function lookupStatic(contentDirs: readonly string[], urlPath: string): StaticLookup {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { kind: 'bad-path', reason: `the path ${urlPath} has a malformed %-escape` }
  }
  if (!decoded.startsWith('/')) return { kind: 'bad-path', reason: `the path ${urlPath} does not start with "/"` }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path', reason: 'the path contains a NUL byte or a backslash' }
  const segments = decoded.split('/').slice(1)
  if (segments.some((segment) => segment === '..' || segment === '.')) {
    return { kind: 'bad-path', reason: 'the path contains a "." or ".." segment' }
  }
  const wantsDirectory = decoded.endsWith('/')
  const relative = segments.filter((segment) => segment !== '').join(sep)
  for (const dir of contentDirs) {
    const target = join(dir, relative)
    const stats = statOrUndefined(target)
    if (stats === undefined) continue
    if (stats.isDirectory()) {
      if (!wantsDirectory) return { kind: 'add-slash' }
      const index = join(target, INDEX_FILE)
      const indexStats = statOrUndefined(index)
      if (indexStats?.isFile()) return { kind: 'file', path: index, stats: indexStats }
      continue
    }
    if (stats.isFile() && !wantsDirectory) return { kind: 'file', path: target, stats }
  }
  return { kind: 'not-found' }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** An Apache-style validator from size and modification time: "<size hex>-<mtime µs hex>". */
export function etagFor(stats: Stats): string {
  return `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs * 1000).toString(16)}"`
}
