// Finding the file a URL path names, as a classic web server does (notes STORY 01 §3):
//   "/dir/"       -> the directory's index.html
//   "/dir"        -> a directory without the slash: 301 to "/dir/"
//   "/whatisthis" -> a file if one of that name exists, else a directory (301), else 404
// Each site has a list of content directories searched in order (its own, then the common one).
import { createHash } from 'node:crypto'
import { readFileSync, statSync, type Stats } from 'node:fs'
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

/** The path a request names, %-decoded, or why it cannot name a file (bad %-escape, "..", NUL). */
export function decodeUrlPath(urlPath: string): { kind: 'path'; decoded: string } | { kind: 'bad-path'; reason: string } {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return { kind: 'bad-path', reason: `the path ${urlPath} has a malformed %-escape` }
  }
  if (!decoded.startsWith('/')) return { kind: 'bad-path', reason: `the path ${urlPath} does not start with "/"` }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'bad-path', reason: 'the path contains a NUL byte or a backslash' }
  if (decoded.split('/').slice(1).some((segment) => segment === '..' || segment === '.')) {
    return { kind: 'bad-path', reason: 'the path contains a "." or ".." segment' }
  }
  return { kind: 'path', decoded }
}

/** `urlPath` is the raw path of the request target (before "?"), still %-encoded. */
export function lookupStatic(contentDirs: readonly string[], urlPath: string): StaticLookup {
  const checked = decodeUrlPath(urlPath)
  if (checked.kind === 'bad-path') return checked
  const { decoded } = checked
  const segments = decoded.split('/').slice(1)
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

// Validators that do not change while the content does not. Inside the installed app the lab's
// files live in app.asar, whose fs.stat times Electron makes up (its ASAR docs: trust only size
// and type), so times from stat would give every launch a new Last-Modified and ETag.

/** Last-Modified of every lab file: the date the notes' own responses show (STORY 01). */
export const LAB_LAST_MODIFIED = 'Wed, 30 Sep 2020 13:00:00 GMT'

const etags = new Map<string, { key: string; etag: string }>()

/** "<size hex>-<first 16 hex digits of the content's SHA-256>": the same bytes give the same tag on
 * every launch and every machine; edited content gets a new one. Read once per file version. */
export function etagFor(path: string, stats: Stats): string {
  const key = `${stats.size}:${stats.mtimeMs}`
  const cached = etags.get(path)
  if (cached?.key === key) return cached.etag
  const digest = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16)
  const etag = `"${stats.size.toString(16)}-${digest}"`
  etags.set(path, { key, etag })
  return etag
}
