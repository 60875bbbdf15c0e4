// The lab's "programs" (the notes' CGI, STORY 01 §4): responses made per request rather than read
// from a file, each showing one HTTP mechanism.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'

/** A form body larger than this is refused with 413 (the lab's forms are a few hundred bytes). */
export const MAX_FORM_BYTES = 64 * 1024
/** Time between the chunks of /chunked, so each chunk leaves in its own TCP segment. */
const CHUNK_INTERVAL_MS = 25

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`
}

export function sendHtml(res: ServerResponse, status: number, title: string, body: string, headers: Record<string, string> = {}): void {
  const bytes = Buffer.from(htmlPage(title, body))
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': bytes.length, ...headers })
  res.end(bytes)
}

/** POST /cgi-bin/echo: decodes an application/x-www-form-urlencoded body and lists the fields. */
export function echoForm(req: IncomingMessage, res: ServerResponse): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') {
    req.resume()
    sendHtml(res, 415, '415 Unsupported Media Type', `<p>/cgi-bin/echo reads form fields sent as application/x-www-form-urlencoded; this request's body is ${escapeHtml(type || 'untyped')}.</p>`)
    return
  }
  readBody(req, res, MAX_FORM_BYTES, `The form body is larger than ${MAX_FORM_BYTES} bytes.`, (bytes) => {
    // URLSearchParams decodes "+" as a space and %XX escapes, as browsers encode forms.
    const fields = [...new URLSearchParams(bytes.toString('utf8'))]
    const items = fields.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')
    sendHtml(
      res,
      200,
      'Form received',
      `<h1>Form received</h1>\n<p>${fields.length} field${fields.length === 1 ? '' : 's'}, ${bytes.length} bytes in the request body.</p>\n<dl>\n${items}\n</dl>`,
    )
  })
}

/** Reads a request's body, at most `limit` bytes: past that, 413 (with `tooLarge` saying why) and the
 * request is cut off, so nothing larger is ever held; otherwise `done` gets the whole body. */
export function readBody(req: IncomingMessage, res: ServerResponse, limit: number, tooLarge: string, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  let refused = false
  req.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size > limit && !refused) {
      refused = true
      sendHtml(res, 413, '413 Content Too Large', `<p>${escapeHtml(tooLarge)}</p>`, { Connection: 'close' })
      req.destroy()
    }
    if (!refused) chunks.push(chunk)
  })
  req.on('end', () => {
    if (!refused) done(Buffer.concat(chunks))
  })
}

/** GET /chunked: no Content-Length; the body goes out as Transfer-Encoding: chunked, one chunk at a
 * time, because the server does not know the length in advance. */
export function chunkedPage(req: IncomingMessage, res: ServerResponse): void {
  const parts = [
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>A chunked response</title>\n</head>\n<body>\n',
    '<h1>A chunked response</h1>\n<p>This response has no Content-Length header.</p>\n',
    '<p>The body is sent in chunks, each preceded by its length in hexadecimal and a CRLF.</p>\n',
    '<p>A chunk of length 0 marks the end of the body.</p>\n',
    '</body>\n</html>\n',
  ]
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Transfer-Encoding': 'chunked' })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  let index = 0
  const next = (): void => {
    if (res.destroyed) return
    const part = parts[index]
    index += 1
    if (part === undefined) {
      res.end()
      return
    }
    res.write(part)
    setTimeout(next, CHUNK_INTERVAL_MS)
  }
  next()
}

/** GET /gzip: the body compressed with gzip when the client says it accepts gzip (and the same
 * page uncompressed otherwise), with Vary so caches keep the two apart. */
export function gzipPage(req: IncomingMessage, res: ServerResponse): void {
  const lines = Array.from({ length: 40 }, (_, i) => `<li>Line ${i + 1}: repeated text compresses well, repeated text compresses well.</li>`)
  const html = Buffer.from(
    htmlPage('A gzip response', `<h1>A gzip response</h1>\n<p>Sent with Content-Encoding: gzip when the request said Accept-Encoding: gzip.</p>\n<ul>\n${lines.join('\n')}\n</ul>`),
  )
  const headers: Record<string, string | number> = { 'Content-Type': 'text/html; charset=utf-8', Vary: 'Accept-Encoding' }
  const body = acceptsGzip(req.headers['accept-encoding']) ? gzipSync(html) : html
  if (body !== html) headers['Content-Encoding'] = 'gzip'
  headers['Content-Length'] = body.length
  res.writeHead(200, headers)
  res.end(body)
}

/** "gzip, deflate" or "gzip;q=0.5" accept gzip; "gzip;q=0" refuses it (RFC 9110 §12.5.3). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false
  return header.split(',').some((item) => {
    const [coding, ...params] = item.trim().toLowerCase().split(';')
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

/** Bytes of a TRACE echo at most (Node's parser already stops a head at 16 KiB; 431 past this). */
export const MAX_TRACE_BYTES = 16 * 1024
/** Fields a TRACE echo leaves out (RFC 9110 §9.3.8: "likely to contain sensitive data"). */
const TRACE_HIDDEN = new Set(['authorization', 'proxy-authorization', 'cookie'])

/** TRACE (STORY 01 §4; RFC 9110 §9.3.8): the request line and header fields as this server received
 * them, sent back as the body of a 200 with Content-Type message/http, so a client sees what the
 * proxies on the way changed. Node hands the fields over parsed (names as sent, values without the
 * surrounding whitespace), in order; credentials and cookies are left out. A TRACE with content is
 * refused: a client must not send any. */
export function traceEcho(req: IncomingMessage, res: ServerResponse): void {
  const length = req.headers['content-length']
  if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) {
    req.resume()
    sendHtml(res, 400, '400 Bad Request', '<p>A TRACE request carries no content (RFC 9110 §9.3.8); this one has a message body.</p>', { Connection: 'close' })
    return
  }
  req.resume()
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] as string
    if (!TRACE_HIDDEN.has(name.toLowerCase())) lines.push(`${name}: ${req.rawHeaders[i + 1]}`)
  }
  const echo = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1')
  if (echo.length > MAX_TRACE_BYTES) {
    sendHtml(res, 431, '431 Request Header Fields Too Large', `<p>The request's head is ${echo.length} bytes; this server echoes at most ${MAX_TRACE_BYTES}.</p>`)
    return
  }
  res.writeHead(200, { 'Content-Type': 'message/http', 'Content-Length': echo.length })
  res.end(echo)
}
