// The lab's web sites: one request handler that routes by the Host header (name-based virtual
// hosting: every lab web server can serve every lab site), then by path:
//   POST /cgi-bin/echo     the form handler (echoes the decoded fields)
//   GET  /chunked          Transfer-Encoding: chunked
//   GET  /gzip             Content-Encoding: gzip (when accepted)
//   GET  /old-sample.htm   301 to /sample.htm
//   anything else          a static file (index.html for directories, 301 to add a slash, 404)
// A Host header naming no lab site gets the site of the address it reached (Apache's default
// virtual host). Connections are kept alive, except for the notes' two files (see
// CONNECTION_CLOSE_PATHS), whose responses say "Connection: close" as the notes' sample does.
import { createReadStream } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { chunkedPage, echoForm, escapeHtml, gzipPage, sendHtml } from './dynamic-pages.ts'
import { contentTypeFor, etagFor, LAB_LAST_MODIFIED, lookupStatic } from './static-files.ts'

export interface LabSite {
  host: string
  contentDirs: string[]
}

/** Answered with "Connection: close": the notes' sample.htm and gazou.jpg responses (STORY 01 §6),
 * so a page load shows the server closing first (STORY 04 §5) and a second connection for the image. */
export const CONNECTION_CLOSE_PATHS: ReadonlySet<string> = new Set(['/sample.htm', '/gazou.jpg'])

export const REDIRECTS: ReadonlyMap<string, string> = new Map([['/old-sample.htm', '/sample.htm']])

export const SERVER_HEADER = 'Wiretrail-Lab'

const ALLOWED_METHODS = 'GET, HEAD, POST, OPTIONS'

export interface SiteHandlerOptions {
  sites: readonly LabSite[]
  /** The site for requests whose Host names no lab site (the one this address belongs to). */
  defaultHost: string
  scheme: 'http' | 'https'
}

export function createSiteHandler(options: SiteHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const byHost = new Map(options.sites.map((site) => [site.host, site]))
  const fallback = byHost.get(options.defaultHost)
  if (fallback === undefined) throw new Error(`default host ${options.defaultHost} is not a lab site`)

  return (req, res) => {
    res.setHeader('Server', SERVER_HEADER)
    const target = req.url ?? '/'
    const method = req.method ?? 'GET'
    if (method === 'OPTIONS') {
      res.writeHead(204, { Allow: ALLOWED_METHODS })
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

    if (path === '/cgi-bin/echo') {
      if (method === 'POST') {
        echoForm(req, res)
        return
      }
      req.resume()
      sendHtml(res, 405, '405 Method Not Allowed', '<p>/cgi-bin/echo is a program that takes a form: send it with POST.</p>', { Allow: 'POST' })
      return
    }
    if (method !== 'GET' && method !== 'HEAD') {
      req.resume()
      sendHtml(res, 405, '405 Method Not Allowed', `<p>${escapeHtml(method)} is not allowed on ${escapeHtml(path)}; files are read with GET or HEAD.</p>`, {
        Allow: 'GET, HEAD',
      })
      return
    }
    if (path === '/chunked') return chunkedPage(req, res)
    if (path === '/gzip') return gzipPage(req, res)
    const redirect = REDIRECTS.get(path)
    if (redirect !== undefined) return movedPermanently(res, absolute(redirect + query))

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

function movedPermanently(res: ServerResponse, location: string): void {
  sendHtml(res, 301, '301 Moved Permanently', `<h1>Moved Permanently</h1>\n<p>The document is now at <a href="${escapeHtml(location)}">${escapeHtml(location)}</a>.</p>`, {
    Location: location,
  })
}
