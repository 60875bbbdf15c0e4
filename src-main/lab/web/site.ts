// The lab's web sites: one request handler that routes by the Host header (name-based virtual
// hosting: every lab web server can serve every lab site), then by path:
//   POST /cgi-bin/echo     the form handler (echoes the decoded fields)
//   GET  /chunked          Transfer-Encoding: chunked
//   GET  /gzip             Content-Encoding: gzip (when accepted)
//   GET  /old-sample.htm   301 to /sample.htm
//   anything else          a static file (index.html for directories, 301 to add a slash, 404);
//                          PUT and DELETE while an experiment allows writes (site-writes.ts: in
//                          memory, over the files on disk, which never change)
// and, for every path, OPTIONS (204, Allow: the methods that path allows) and TRACE (the request
// as received, message/http). A method a path does not allow is 405 with Allow (RFC 9110 §15.5.6).
// A Host header naming no lab site gets the site of the address it reached (Apache's default
// virtual host). Connections are kept alive, except for the notes' two files (see
// CONNECTION_CLOSE_PATHS), whose responses say "Connection: close" as the notes' sample does.
import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { chunkedPage, echoForm, escapeHtml, gzipPage, readBody, sendHtml, traceEcho } from './dynamic-pages.ts'
import { MAX_WRITTEN_BYTES, MAX_WRITTEN_ENTRIES, type SiteWrites, type WrittenFile } from './site-writes.ts'
import { contentTypeFor, decodeUrlPath, etagFor, LAB_LAST_MODIFIED, lookupStatic } from './static-files.ts'

export interface LabSite {
  host: string
  contentDirs: string[]
}

/** Answered with "Connection: close": the notes' sample.htm and gazou.jpg responses (STORY 01 §6),
 * so a page load shows the server closing first (STORY 04 §5) and a second connection for the image. */
export const CONNECTION_CLOSE_PATHS: ReadonlySet<string> = new Set(['/sample.htm', '/gazou.jpg'])

export const REDIRECTS: ReadonlyMap<string, string> = new Map([['/old-sample.htm', '/sample.htm']])

export const SERVER_HEADER = 'Wiretrail-Lab'

/** Paths answered by a program rather than a file. */
const PROGRAM_PATHS: ReadonlySet<string> = new Set(['/cgi-bin/echo'])
const GENERATED_PATHS: ReadonlySet<string> = new Set(['/chunked', '/gzip'])

/** The methods a path allows now (OPTIONS' and 405's Allow): a program takes POST, a generated page
 * or a redirect is read, a file is read — and replaced or deleted while writes are on; "*" is the
 * server as a whole. OPTIONS and TRACE work everywhere. */
export function allowedMethods(path: string, writable: boolean): string {
  if (path === '*') return writable ? 'GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE' : 'GET, HEAD, POST, OPTIONS, TRACE'
  if (PROGRAM_PATHS.has(path)) return 'POST, OPTIONS, TRACE'
  if (GENERATED_PATHS.has(path) || REDIRECTS.has(path) || path.endsWith('/')) return 'GET, HEAD, OPTIONS, TRACE'
  return writable ? 'GET, HEAD, PUT, DELETE, OPTIONS, TRACE' : 'GET, HEAD, OPTIONS, TRACE'
}

export interface SiteHandlerOptions {
  sites: readonly LabSite[]
  /** The site for requests whose Host names no lab site (the one this address belongs to). */
  defaultHost: string
  scheme: 'http' | 'https'
  /** PUT/DELETE's in-memory overlay, shared by every listener of the lab (off: 405). */
  writes?: SiteWrites
}

export function createSiteHandler(options: SiteHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const byHost = new Map(options.sites.map((site) => [site.host, site]))
  const fallback = byHost.get(options.defaultHost)
  if (fallback === undefined) throw new Error(`default host ${options.defaultHost} is not a lab site`)
  const writes = options.writes
  const writable = (): boolean => writes?.enabled === true

  return (req, res) => {
    res.setHeader('Server', SERVER_HEADER)
    const target = req.url ?? '/'
    const method = req.method ?? 'GET'
    // TRACE is the server's, whatever the target names: it reflects the request itself.
    if (method === 'TRACE') return traceEcho(req, res)
    if (method === 'OPTIONS' && target === '*') {
      req.resume()
      res.writeHead(204, { Allow: allowedMethods('*', writable()) })
      res.end()
      return
    }
    if (!target.startsWith('/')) {
      req.resume()
      sendHtml(res, 400, '400 Bad Request', `<p>The request target ${escapeHtml(target)} is not a path starting with "/".</p>`)
      return
    }
    const queryAt = target.indexOf('?')
    const path = queryAt < 0 ? target : target.slice(0, queryAt)
    const query = queryAt < 0 ? '' : target.slice(queryAt)
    const hostHeader = (req.headers.host ?? '').toLowerCase()
    const hostName = hostHeader.replace(/:\d+$/, '')
    const site = byHost.get(hostName) ?? fallback
    // Redirects point at the same scheme, host and port the client used, when it used a lab name.
    const absolute = (location: string): string => (byHost.has(hostName) ? `${options.scheme}://${hostHeader}${location}` : location)
    if (CONNECTION_CLOSE_PATHS.has(path)) res.setHeader('Connection', 'close')
    const allow = allowedMethods(path, writable())
    if (method === 'OPTIONS') {
      req.resume()
      res.writeHead(204, { Allow: allow })
      res.end()
      return
    }
    const notAllowed = (why: string): void => {
      req.resume()
      sendHtml(res, 405, '405 Method Not Allowed', `<p>${escapeHtml(method)} is not allowed on ${escapeHtml(path)}: ${escapeHtml(why)}</p>`, { Allow: allow })
    }

    if (PROGRAM_PATHS.has(path)) {
      if (method === 'POST') {
        echoForm(req, res)
        return
      }
      notAllowed(`${path} is a program that takes a form: send it with POST.`)
      return
    }
    const isFile = !GENERATED_PATHS.has(path) && !REDIRECTS.has(path)
    if (isFile && writes !== undefined && (method === 'PUT' || method === 'DELETE')) {
      if (!writes.enabled) return notAllowed("the lab's files are read-only unless an experiment (methods) lets PUT and DELETE change them, in memory.")
      if (path.endsWith('/')) return notAllowed('a path ending in "/" names a directory; PUT and DELETE take a file.')
      const checked = decodeUrlPath(path)
      if (checked.kind === 'bad-path') {
        req.resume()
        sendHtml(res, 400, '400 Bad Request', `<p>${escapeHtml(checked.reason)}.</p>`)
        return
      }
      const onDisk = lookupStatic(site.contentDirs, path)
      if (onDisk.kind === 'add-slash') return notAllowed(`${path} is a directory; PUT and DELETE take a file.`)
      const written = writes.lookup(site.host, checked.decoded)
      const exists = written.kind === 'file' || (written.kind === 'none' && onDisk.kind === 'file')
      if (method === 'PUT') return putFile(req, res, writes, site.host, checked.decoded, exists)
      req.resume()
      if (!exists) {
        sendHtml(res, 404, '404 Not Found', `<h1>Not Found</h1>\n<p>There is no file at ${escapeHtml(path)} on ${escapeHtml(site.host)} to delete.</p>`)
        return
      }
      if (onDisk.kind === 'file' && !writes.hasRoomFor(site.host, checked.decoded)) return insufficientStorage(res)
      writes.remove(site.host, checked.decoded, onDisk.kind === 'file')
      res.writeHead(204)
      res.end()
      return
    }
    if (method !== 'GET' && method !== 'HEAD') {
      notAllowed(`${isFile ? 'files' : 'this page'} ${writable() && isFile ? 'are read with GET or HEAD, replaced with PUT and deleted with DELETE' : 'are read with GET or HEAD'}.`)
      return
    }
    if (path === '/chunked') return chunkedPage(req, res)
    if (path === '/gzip') return gzipPage(req, res)
    const redirect = REDIRECTS.get(path)
    if (redirect !== undefined) return movedPermanently(res, absolute(redirect + query))

    if (writes !== undefined && writes.size > 0) {
      const checked = decodeUrlPath(path)
      const written = checked.kind === 'path' ? writes.lookup(site.host, checked.decoded) : { kind: 'none' as const }
      if (written.kind === 'file') return serveWritten(req, res, written.file)
      if (written.kind === 'deleted') {
        sendHtml(res, 404, '404 Not Found', `<h1>Not Found</h1>\n<p>${escapeHtml(path)} is not on ${escapeHtml(site.host)}: it was deleted.</p>`)
        return
      }
    }
    const found = lookupStatic(site.contentDirs, path)
    switch (found.kind) {
      case 'bad-path':
        sendHtml(res, 400, '400 Bad Request', `<p>${escapeHtml(found.reason)}.</p>`)
        return
      case 'not-found':
        sendHtml(res, 404, '404 Not Found', `<h1>Not Found</h1>\n<p>${escapeHtml(path)} is not on ${escapeHtml(site.host)}.</p>`)
        return
      case 'add-slash':
        movedPermanently(res, absolute(`${path}/${query}`))
        return
      case 'file': {
        const etag = etagFor(found.path, found.stats)
        const headers = {
          'Content-Type': contentTypeFor(found.path),
          'Last-Modified': LAB_LAST_MODIFIED,
          ETag: etag,
        }
        if (req.headers['if-none-match'] === etag) {
          res.writeHead(304, headers)
          res.end()
          return
        }
        res.writeHead(200, { ...headers, 'Content-Length': found.stats.size })
        if (method === 'HEAD') {
          res.end()
          return
        }
        const stream = createReadStream(found.path)
        stream.on('error', () => res.destroy())
        stream.pipe(res)
      }
    }
  }
}

/** PUT (RFC 9110 §9.3.4): the body becomes the file at the path, in memory — 201 Created when there
 * was none, 204 No Content when one was replaced; 413 past MAX_WRITTEN_BYTES, 507 when the overlay
 * holds MAX_WRITTEN_ENTRIES paths already. */
function putFile(req: IncomingMessage, res: ServerResponse, writes: SiteWrites, host: string, path: string, exists: boolean): void {
  if (!writes.hasRoomFor(host, path)) {
    req.resume()
    return insufficientStorage(res)
  }
  readBody(req, res, MAX_WRITTEN_BYTES, `A file put on the lab is at most ${MAX_WRITTEN_BYTES} bytes.`, (bytes) => {
    const file = writes.put(host, path, bytes, req.headers['content-type'])
    if (exists) {
      res.writeHead(204, { ETag: file.etag })
      res.end()
      return
    }
    const text = Buffer.from(`Created ${path}: ${file.bytes.length} bytes of ${file.contentType}.\n`)
    res.writeHead(201, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': text.length, ETag: file.etag })
    res.end(text)
  })
}

function serveWritten(req: IncomingMessage, res: ServerResponse, file: WrittenFile): void {
  const headers = { 'Content-Type': file.contentType, ETag: file.etag }
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  res.writeHead(200, { ...headers, 'Content-Length': file.bytes.length })
  res.end(req.method === 'HEAD' ? undefined : file.bytes)
}

function insufficientStorage(res: ServerResponse): void {
  sendHtml(res, 507, '507 Insufficient Storage', `<p>The lab keeps at most ${MAX_WRITTEN_ENTRIES} files put or deleted per experiment; end the experiment to start afresh.</p>`)
}

function movedPermanently(res: ServerResponse, location: string): void {
  sendHtml(res, 301, '301 Moved Permanently', `<h1>Moved Permanently</h1>\n<p>The document is now at <a href="${escapeHtml(location)}">${escapeHtml(location)}</a>.</p>`, {
    Location: location,
  })
}
