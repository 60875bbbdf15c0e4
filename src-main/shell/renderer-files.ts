// Serving the built renderer (out/renderer) from a folder, shared by the browser shell's HTTP
// server and Electron's app:// protocol: one path resolver that cannot leave the folder, one
// content-type table.
import { readFile, stat } from 'node:fs/promises'
import { extname, join, relative, resolve, sep, isAbsolute } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** The file under `root` that a URL path names, or null when it is outside the folder (.., encoded
 * slashes, NUL) or malformed. "" and "/" name index.html. */
export function resolveRendererPath(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const relativePath = decoded.replace(/^\/+/, '') || 'index.html'
  const base = resolve(root)
  const target = resolve(base, relativePath)
  const inside = relative(base, target)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return null
  return join(base, inside)
}

export interface RendererFile {
  path: string
  bytes: Buffer
  contentType: string
}

/** Reads a renderer file; null when it does not exist or is not a file. */
export async function readRendererFile(root: string, urlPath: string): Promise<RendererFile | null> {
  const path = resolveRendererPath(root, urlPath)
  if (path === null) return null
  const info = await stat(path).catch(() => null)
  if (info === null || !info.isFile()) return null
  return { path, bytes: await readFile(path), contentType: contentTypeFor(path) }
}
