// HTTP/1.x message heads (RFC 9112): start line and header fields with their offsets. The body's
// framing (Content-Length, chunked, close-delimited) needs the stream: the analyzer's
// http-stream.ts follows it. Hand-written because the hex view needs each header line's offset.
import { HeadFieldRanges, isTrimmed, type HeadFields } from '../http/head-fields.ts'
import { addLayer, ascii, field, generated, issue, type DecodeContext } from './core.ts'

export const HTTP_METHODS = ['GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'M-SEARCH', 'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE']

export interface HttpHead {
  kind: 'request' | 'response'
  method: string
  uri: string
  version: string
  status: number
  reason: string
  /** Each field's line offset: the framer's from the message's start, parseHttpHead's in the frame. */
  headers: HeadFields
  /** Bytes from the start line through the blank line. */
  headLength: number
}

/** Does `b[o…]` start like an HTTP/1.x request line or status line? Used to recognise HTTP on any port. */
export function looksLikeHttpStart(b: Uint8Array, o: number, end: number): 'request' | 'response' | null {
  if (end - o >= 8 && b[o] === 0x48 && b[o + 1] === 0x54 && b[o + 2] === 0x54 && b[o + 3] === 0x50 && b[o + 4] === 0x2f && b[o + 5] === 0x31 && b[o + 6] === 0x2e) return 'response'
  let i = o
  const stop = Math.min(end, o + 12)
  while (i < stop && ((b[i]! >= 0x41 && b[i]! <= 0x5a) || b[i] === 0x2d)) i++
  if (i === o || i >= end || b[i] !== 0x20) return null
  const method = ascii(b, o, i - o)
  return HTTP_METHODS.includes(method) ? 'request' : null
}

/** Finds the end of the head (index just after CRLFCRLF, or LFLF) in b[o…end), or -1. */
export function findHeadEnd(b: Uint8Array, o: number, end: number, limit = 65536): number {
  const stop = Math.min(end, o + limit)
  for (let i = o; i < stop; i++) {
    if (b[i] !== 0x0a) continue
    if (b[i + 1] === 0x0a && i + 1 < end) return i + 2
    if (b[i + 1] === 0x0d && b[i + 2] === 0x0a && i + 2 < end) return i + 3
  }
  return -1
}

/** Parses a complete head b[o…headEnd). Malformed lines are flagged, not thrown. */
export function parseHttpHead(ctx: DecodeContext, b: Uint8Array, o: number, headEnd: number): HttpHead | null {
  const lines: { text: string; offset: number; length: number }[] = []
  let start = o
  for (let i = o; i < headEnd; i++) {
    if (b[i] !== 0x0a) continue
    const lineEnd = i > start && b[i - 1] === 0x0d ? i - 1 : i
    lines.push({ text: ascii(b, start, lineEnd - start), offset: start, length: i + 1 - start })
    start = i + 1
  }
  const first = lines[0]
  if (!first) return null
  const head: HttpHead = { kind: 'request', method: '', uri: '', version: '', status: 0, reason: '', headers: null as unknown as HeadFields, headLength: headEnd - o }
  const startLine = first.text
  if (startLine.startsWith('HTTP/')) {
    const m = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(startLine)
    head.kind = 'response'
    if (m) {
      head.version = m[1]!
      head.status = Number(m[2])
      head.reason = m[3] ?? ''
    } else {
      issue(ctx, 'HTTP', 'error', 'HTTP_STATUS_LINE_MALFORMED', { line: startLine.slice(0, 60) }, first.offset, first.length)
      head.version = startLine.split(' ')[0] ?? ''
      head.status = Number.parseInt(startLine.split(' ')[1] ?? '', 10) || 0
    }
  } else {
    const parts = startLine.split(' ')
    head.method = parts[0] ?? ''
    head.uri = parts.slice(1, -1).join(' ') || (parts[1] ?? '')
    head.version = parts.length >= 3 ? parts[parts.length - 1]! : 'HTTP/0.9'
    if (parts.length < 3 || !/^HTTP\/\d\.\d$/.test(head.version)) issue(ctx, 'HTTP', 'warning', 'HTTP_REQUEST_LINE_MALFORMED', { line: startLine.slice(0, 60) }, first.offset, first.length)
  }
  // The fields as places in the head's text (one character per byte, as each line's), the name and
  // the value each without what trim() takes.
  const text = ascii(b, o, headEnd - o)
  const ranges = new HeadFieldRanges()
  for (const line of lines.slice(1)) {
    if (line.text === '') continue
    const colon = line.text.indexOf(':')
    if (colon <= 0) {
      issue(ctx, 'HTTP', 'warning', 'HTTP_HEADER_LINE_NO_COLON', { line: line.text.slice(0, 60) }, line.offset, line.length)
      continue
    }
    const at = line.offset - o
    const [nameStart, nameEnd] = trimmed(line.text, 0, colon)
    const [valueStart, valueEnd] = trimmed(line.text, colon + 1, line.text.length)
    ranges.add(line.offset, line.length, at + nameStart, at + nameEnd, at + valueStart, at + valueEnd)
  }
  head.headers = ranges.take(text)
  const layer = addLayer(ctx, 'Hypertext Transfer Protocol', o, headEnd - o)
  if (layer) {
    // Not Wireshark's http.request.line / http.response.line: those name the *header* lines.
    const sl = field(head.kind === 'request' ? 'http.request.start_line' : 'http.response.start_line', head.kind === 'request' ? 'Request line' : 'Status line', first.offset, first.length, startLine, `${startLine}\\r\\n`)
    if (head.kind === 'request') {
      sl.children = [
        field('http.request.method', 'Request Method', first.offset, head.method.length, head.method),
        field('http.request.uri', 'Request URI', first.offset + head.method.length + 1, head.uri.length, head.uri),
        field('http.request.version', 'Request Version', first.offset + head.method.length + head.uri.length + 2, head.version.length, head.version),
      ]
    } else {
      sl.children = [
        field('http.response.version', 'Response Version', first.offset, head.version.length, head.version),
        field('http.response.code', 'Status Code', first.offset + head.version.length + 1, 3, head.status),
        field('http.response.phrase', 'Response Phrase', first.offset + head.version.length + 5, head.reason.length, head.reason),
      ]
    }
    layer.fields.push(sl)
    for (const h of head.headers) layer.fields.push(field(`http.${h.name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`, h.name, h.offset, h.length, h.value, `${h.name}: ${h.value}\\r\\n`))
    layer.fields.push(field('http.end_of_head', 'End of head', headEnd - 2, 2, '', '\\r\\n'))
  }
  return head
}

/** [start, end) of text[from, to) without what trim() takes. */
function trimmed(text: string, from: number, to: number): [number, number] {
  while (from < to && isTrimmed(text.charCodeAt(from))) from++
  while (to > from && isTrimmed(text.charCodeAt(to - 1))) to--
  return [from, to]
}

export function header(head: HttpHead, name: string): string | null {
  return head.headers.get(name)
}

/** Decodes an HTTP head found at the start of a segment (detail view), plus the body bytes as data. */
export function decodeHttpSegment(ctx: DecodeContext, b: Uint8Array, o: number, end: number): HttpHead | null {
  const headEnd = findHeadEnd(b, o, end)
  if (headEnd < 0) {
    const layer = addLayer(ctx, 'Hypertext Transfer Protocol (head continues in the next segment)', o, end - o)
    layer?.fields.push(field('http.partial', 'Partial head', o, end - o, end - o, `First ${end - o} bytes of an HTTP head`))
    return null
  }
  const head = parseHttpHead(ctx, b, o, headEnd)
  if (head && ctx.detail && headEnd < end) {
    const layer = ctx.layers[ctx.layers.length - 1]
    layer?.fields.push(field('http.file_data', 'Body bytes in this segment', headEnd, end - headEnd, end - headEnd, `File Data: ${end - headEnd} bytes in this segment`))
    if (layer) layer.length = end - o
  }
  if (head && ctx.detail) {
    const layer = ctx.layers[ctx.layers.length - 1]
    if (head.kind === 'request') layer?.fields.push(generated('http.request.full_uri', 'Full request URI', o, `http://${header(head, 'host') ?? ''}${head.uri}`))
  }
  return head
}

export function httpInfo(head: HttpHead): string {
  return head.kind === 'request' ? `${head.method} ${head.uri} ${head.version}` : `${head.version} ${head.status} ${head.reason}`
}
