// The browser shell: the renderer and the API map over HTTP on 127.0.0.1, for machines where the
// Electron binary is not installed (see docs/ARCHITECTURE.md and src-renderer/api/browser-client.ts
// for the routes). Every request is checked before anything else: Host (DNS rebinding), Origin and
// Sec-Fetch-Site (other sites), then the per-run token as the first path segment. Bodies have size
// limits; responses carry the page's strict CSP and the other security headers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { encodeWire, decodeWire } from '../shared/api-wire.ts'
import type { ApiResult } from '../shared/api.ts'
import { WiretrailError, toErrorJson } from '../shared/errors.ts'
import type { AppServices, ApiHandlers } from '../services/app-services.ts'
import type { QuestionKind } from '../shared/questions.ts'
import type { LocalizedText } from '../shared/walkthrough.ts'
import { serveEvents } from './events-stream.ts'
import { createBrowserHost } from './host.ts'
import { readRendererFile } from './renderer-files.ts'
import { checkHost, checkOrigin, headerCsp, newToken, securityHeaders, tokensEqual } from './security.ts'
import { MAX_JOURNAL_BYTES, validateApiArgs } from '../services/api-validators.ts'

/** JSON calls carry a few arguments; 1 MiB is far above any legitimate one. */
export const MAX_JSON_BODY = 1024 * 1024
/** Captures uploaded by the page (capture.openBytes). */
export const MAX_UPLOAD_BODY = 2 * 1024 * 1024 * 1024

/** Why a capture too large to send is refused, and how to open it all the same (the error notice
 * shows it in the UI's language): the browser shell gets a file picked in the page as bytes sent to
 * it, while the desktop app and `wiretrail start --browser-shell FILE` open a file by its path, with
 * no such limit. */
function uploadTooLarge(size: number, limit: number): LocalizedText {
  const en = (n: number) => n.toLocaleString('en-US')
  const ko = (n: number) => n.toLocaleString('ko-KR')
  return {
    en: `This capture is ${en(size)} bytes; a file picked in the browser shell's page is sent to it, up to ${en(limit)} bytes. Open it by its path instead: wiretrail start --browser-shell <file>, or in the desktop app.`,
    ko: `이 캡처 파일은 ${ko(size)}바이트입니다. 브라우저 셸에서는 페이지에서 고른 파일을 셸로 보내는데, ${ko(limit)}바이트까지만 보낼 수 있습니다. 경로로 여세요: wiretrail start --browser-shell <파일>, 또는 데스크톱 앱에서 여세요.`,
  }
}

export interface ShellServerOptions {
  services: AppServices
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  maxJsonBody?: number
  maxUploadBody?: number
  /** Called when the number of connected pages changes (the launcher stops when the window closes). */
  onPagesChanged?: (pages: number) => void
}

export interface ShellServer {
  /** http://127.0.0.1:<port>/<token>/ — the URL to open (it is the only way in). Printed, never
   * put on a command line. */
  readonly url: string
  readonly port: number
  readonly token: string
  /** A URL for a browser's command line: a browser's arguments can be read by every user of the
   * machine (ps, /proc), so it carries a single-use token that redirects to `url` once and then
   * stops working. */
  launchUrl(): string
  close(): Promise<void>
}

export async function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const indexHtml = await readFile(join(options.rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new WiretrailError('RENDERER_NOT_BUILT', `The renderer is not built: ${join(options.rendererDir, 'index.html')} is missing (run "npm run build")`)
  })
  const headers = securityHeaders(headerCsp(indexHtml))
  const token = newToken()
  const launchTokens = new Set<string>()
  const handlers = options.services.handlers(createBrowserHost())
  const limits = { json: options.maxJsonBody ?? MAX_JSON_BODY, upload: options.maxUploadBody ?? MAX_UPLOAD_BODY }
  let pages = 0
  let port = 0

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendResult(response, 500, { ok: false, error: toErrorJson(error) }, headers)
      else response.destroy()
    })
  })
  server.headersTimeout = 10_000
  server.maxConnections = 64

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refuse = (status: number, code: string, message: string, details?: Record<string, unknown>): void => {
      sendResult(response, status, { ok: false, error: { name: 'WiretrailError', code, message, ...(details ? { details } : {}) } }, headers, true)
    }
    const host = checkHost(request.headers.host, port)
    if (!host.ok) return refuse(403, 'SHELL_FORBIDDEN_HOST', host.reason ?? 'Host refused')
    const origin = checkOrigin(header(request, 'origin'), header(request, 'sec-fetch-site'), port)
    if (!origin.ok) return refuse(403, 'SHELL_FORBIDDEN_ORIGIN', origin.reason ?? 'Origin refused')

    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`)
    const [, first = '', ...rest] = url.pathname.split('/')
    if (!tokensEqual(first, token)) {
      const launch = [...launchTokens].find((t) => tokensEqual(first, t))
      if (launch === undefined || request.method !== 'GET') return refuse(403, 'SHELL_FORBIDDEN_TOKEN', 'This address needs the access token printed when the app started')
      launchTokens.delete(launch) // single use: whoever reads it from the process list later gets nothing
      response.writeHead(303, { ...headers, Location: `/${token}/` })
      return void response.end()
    }
    if (rest.length === 0) {
      response.writeHead(308, { ...headers, Location: `/${token}/` })
      return void response.end()
    }
    const route = rest.join('/')
    const method = request.method ?? 'GET'

    if (route.startsWith('api/')) {
      if (method !== 'POST') return refuse(405, 'SHELL_METHOD', `${route} takes POST, not ${method}`)
      return callApi(route.slice('api/'.length), request, response, refuse)
    }
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'SHELL_METHOD', `${method} is not allowed here`)
    if (route === 'events') {
      pages++
      options.onPagesChanged?.(pages)
      return serveEvents(request, response, options.services.events, headers, () => {
        pages--
        options.onPagesChanged?.(pages)
      })
    }
    if (route.startsWith('files/')) return serveDownload(rest.slice(1), url.searchParams.get('for'), response, refuse, url.searchParams.get('kinds'))
    const file = await readRendererFile(options.rendererDir, route)
    if (file === null) return refuse(404, 'SHELL_NOT_FOUND', `No file ${route}`)
    response.writeHead(200, { ...headers, 'Content-Type': file.contentType, 'Content-Length': String(file.bytes.length) })
    response.end(method === 'HEAD' ? undefined : file.bytes)
  }

  async function callApi(name: string, request: IncomingMessage, response: ServerResponse, refuse: (s: number, c: string, m: string, d?: Record<string, unknown>) => void): Promise<void> {
    const type = (header(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase()
    if (name === 'capture.openBytes') {
      if (type !== 'application/octet-stream') return refuse(415, 'SHELL_CONTENT_TYPE', 'capture.openBytes takes the file as application/octet-stream')
      const declared = Number(header(request, 'content-length') ?? NaN)
      if (declared > limits.upload) {
        request.resume()
        return refuse(413, 'BODY_TOO_LARGE', `The file is ${declared} bytes; the browser shell accepts at most ${limits.upload}`, { size: declared, limit: limits.upload, explanation: uploadTooLarge(declared, limits.upload) })
      }
      let fileName: string
      try {
        fileName = decodeURIComponent(header(request, 'x-wiretrail-file-name') ?? '')
        validateApiArgs('capture.openBytes', [fileName, new Uint8Array(0)])
      } catch (error) {
        request.resume()
        return sendResult(response, 400, { ok: false, error: toErrorJson(error instanceof URIError ? new WiretrailError('INVALID_ARGUMENT', 'X-Wiretrail-File-Name is not valid percent-encoding') : error) }, headers)
      }
      // A journal sent along comes first in the body; X-Wiretrail-Journal-Length says how long it is.
      const journalLength = Number(header(request, 'x-wiretrail-journal-length') ?? 0)
      if (!Number.isInteger(journalLength) || journalLength < 0 || journalLength > MAX_JOURNAL_BYTES || (Number.isFinite(declared) && journalLength > declared)) {
        request.resume()
        return refuse(400, 'INVALID_ARGUMENT', `X-Wiretrail-Journal-Length must be a whole number of bytes up to ${MAX_JOURNAL_BYTES} and within the body`)
      }
      try {
        const { lead: journal, rest } = await splitLeading(request, journalLength)
        const captureBytes = Number.isFinite(declared) ? declared - journalLength : undefined
        const opened = await options.services.captures.openUpload(fileName, rest, limits.upload, captureBytes, journalLength > 0 ? journal : undefined)
        return sendResult(response, 200, { ok: true, value: opened }, headers)
      } catch (error) {
        const tooLarge = error instanceof WiretrailError && error.code === 'CAPTURE_TOO_LARGE'
        if (tooLarge) request.resume()
        return sendResult(response, tooLarge ? 413 : 200, { ok: false, error: toErrorJson(error) }, headers, tooLarge)
      }
    }
    if (type !== 'application/json') return refuse(415, 'SHELL_CONTENT_TYPE', `${name} takes application/json`)
    let body: string
    try {
      body = await readBody(request, limits.json)
    } catch (error) {
      return refuse(413, 'BODY_TOO_LARGE', (error as Error).message)
    }
    let args: unknown
    try {
      const parsed = decodeWire(body) as { args?: unknown } | null
      args = parsed?.args ?? []
    } catch {
      return refuse(400, 'SHELL_BAD_JSON', `The body of ${name} is not valid JSON`)
    }
    sendResult(response, 200, await options.services.dispatch(handlers as ApiHandlers, name, args), headers)
  }

  async function serveDownload(parts: string[], journalFor: string | null, response: ServerResponse, refuse: (s: number, c: string, m: string) => void, kinds: string | null = null): Promise<void> {
    const [captureId = '', kind = ''] = parts
    if (parts.length !== 2 || !['pcap', 'pcapng', 'journal', 'text', 'html', 'questions'].includes(kind) || !/^[A-Za-z0-9-]{1,64}$/.test(captureId)) {
      return refuse(404, 'SHELL_NOT_FOUND', 'Downloads are files/<captureId>/<pcap|pcapng|journal|text|html|questions> (journal?for=<pcap|pcapng>, questions?kinds=<kind,…>)')
    }
    if (journalFor !== null && journalFor !== 'pcap' && journalFor !== 'pcapng') return refuse(404, 'SHELL_NOT_FOUND', 'journal?for= takes pcap or pcapng')
    // The question set's kinds are checked as the API checks capture.exportQuestions's.
    let chosen: QuestionKind[] = []
    if (kind === 'questions') {
      try {
        chosen = validateApiArgs('capture.exportQuestions', [captureId, (kinds ?? '').split(',').filter(Boolean)])[1]
      } catch (error) {
        return refuse(400, 'INVALID_ARGUMENT', (error as Error).message)
      }
    }
    try {
      // Text and the handout are written in the UI's language (its stored preference).
      const { language } = await options.services.preferences.get()
      const file =
        kind === 'questions'
          ? await options.services.captures.downloadQuestions(captureId, chosen)
          : await options.services.captures.download(captureId, kind as 'pcap' | 'pcapng' | 'journal' | 'text' | 'html', journalFor ?? undefined, language)
      response.writeHead(200, {
        ...headers,
        'Content-Type': file.type,
        'Content-Length': String(file.bytes.length),
        'Content-Disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      })
      response.end(file.bytes)
    } catch (error) {
      const json = toErrorJson(error)
      const missing = json.code === 'CAPTURE_NOT_OPEN' || json.code === 'JOURNAL_NOT_FOUND'
      sendResult(response, missing ? 404 : 500, { ok: false, error: json }, headers)
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new WiretrailError('PORT_IN_USE', `Port ${options.port} on 127.0.0.1 is in use; pick another with --port or use --port 0`) : error),
    )
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/${token}/`,
    port,
    token,
    launchUrl() {
      const launch = newToken()
      launchTokens.add(launch)
      return `http://127.0.0.1:${port}/${launch}/`
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function sendResult(response: ServerResponse, status: number, result: ApiResult<unknown>, headers: Record<string, string>, closeConnection = false): void {
  const body = encodeWire(result)
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(closeConnection ? { Connection: 'close' } : {}),
  })
  response.end(body)
}

/** Reads a request body as text, refusing more than `limit` bytes (by Content-Length up front, or
 * as it arrives when the length is not declared). */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? NaN)
    if (declared > limit) {
      request.resume()
      return reject(new Error(`The request body is ${declared} bytes; at most ${limit} are accepted`))
    }
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        request.removeAllListeners('data')
        request.resume()
        reject(new Error(`The request body is over ${limit} bytes, the most that is accepted`))
        return
      }
      chunks.push(chunk)
    })
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.once('error', reject)
  })
}

/** The first `count` bytes of a stream, and the stream after them (a body that carries a journal
 * ahead of the capture). Rejects when the stream ends before `count` bytes. */
async function splitLeading(source: AsyncIterable<Uint8Array>, count: number): Promise<{ lead: Uint8Array; rest: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]()
  const lead = new Uint8Array(count)
  let filled = 0
  let extra: Uint8Array | null = null
  while (filled < count) {
    const next = await iterator.next()
    if (next.done === true) throw new WiretrailError('INVALID_ARGUMENT', `the upload ended after ${filled} of the ${count} journal bytes it announced`)
    const chunk = next.value
    const take = Math.min(count - filled, chunk.length)
    lead.set(chunk.subarray(0, take), filled)
    filled += take
    if (take < chunk.length) extra = chunk.subarray(take)
  }
  async function* rest(): AsyncIterable<Uint8Array> {
    if (extra !== null) yield extra
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value
  }
  return { lead, rest: rest() }
}
