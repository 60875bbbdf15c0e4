// The body view (AnalyzedCapture.httpBody): one HTTP message's body, reassembled from every TCP
// segment of its connection, de-chunked and decompressed, with the bytes as sent beside it. The
// streaming pass only measures bodies (it keeps none: a capture may hold gigabytes of them), so a
// body is read again on demand: the frames of its one connection are re-read from the file and go
// through the same pass — the same TCP reassembly, TLS decryption and HTTP framing — with a
// BodyCapture that keeps the bytes of the one message asked for and stops reading once it ends.
//
// Bounds: the bytes as sent and the decoded body are returned up to MAX_BODY_VIEW_BYTES each; a
// compressed body is gathered up to content-coding's input cap and decompressed by its one bounded
// decoder (64 MiB out), so a bomb ends in a coded note, as in the walkthrough.
import type { CaptureFrame } from '../capture/types.ts'
import { latin1 } from '../decode/core.ts'
import { decodeContent, MAX_DECODED_BODY_BYTES, parseCodings } from '../http/content-coding.ts'
import { HttpError } from '../http/errors.ts'
import type { HttpBody } from '../shared/walkthrough.ts'
import type { BodyCapture, BodyTarget } from './http-stream.ts'
import type { FrameTable } from './frame-table.ts'
import { StreamingPass } from './pass.ts'

/** Bytes of the decoded body and of the body as sent that one call returns. */
export const MAX_BODY_VIEW_BYTES = 1024 * 1024
/** Segments and chunks listed beside the bytes as sent (a large body names how many more). */
const MAX_LISTED = 4096

export interface BodyRequest {
  exchange: number
  part: 'request' | 'response'
  /** The exchange's connection (index into walkthrough.connections = the frame table's). */
  connection: number
  /** Which message of the connection: its n-th request, or the response to it. */
  ordinal: number
  contentType: string | null
  contentEncoding: string | null
  transferEncoding: string | null
}

export interface BodySource {
  table: FrameTable
  /** One frame's captured bytes (0-based index). */
  bytes(i: number): Promise<Uint8Array>
  /** TLS key log text (pcapng secrets blocks, the journal's lines), to decrypt HTTPS bodies. */
  secrets: readonly string[]
}

class Collector implements BodyTarget {
  private bodyStart = -1
  private bodyEnd = -1
  /** Stream pieces seen while the message was read, in order (the body is cut out of them). */
  private pieces: { bytes: Uint8Array; offset: number; frame: number }[] = []
  private kept = 0
  private payloadParts: Uint8Array[] = []
  private payloadKept = 0
  payloadTotal = 0
  payloadOverflow = false
  ended = false
  private complete = false

  constructor(
    private readonly frameOf: (k: number) => number,
    private readonly payloadCap: number,
  ) {}

  begin(headEnd: number): void {
    this.bodyStart = headEnd
  }

  stream(bytes: Uint8Array, offset: number, k: number): void {
    // Only what lies in the body (it may share the push with the head or the next message), and
    // only as far as the view shows: a later cut happens once the end is known.
    const from = Math.max(offset, this.bodyStart)
    const to = Math.min(offset + bytes.length, this.bodyStart + MAX_BODY_VIEW_BYTES + 1)
    if (this.bodyStart < 0 || to <= from || this.kept > MAX_BODY_VIEW_BYTES) return
    const piece = bytes.subarray(from - offset, to - offset).slice()
    this.pieces.push({ bytes: piece, offset: from, frame: this.frameOf(k) })
    this.kept += piece.length
  }

  payload(bytes: Uint8Array): void {
    this.payloadTotal += bytes.length
    const room = this.payloadCap - this.payloadKept
    if (bytes.length > room) {
      this.payloadOverflow = true
      if (room > 0) {
        this.payloadParts.push(bytes.slice(0, room))
        this.payloadKept += room
      }
      return
    }
    this.payloadParts.push(bytes.slice())
    this.payloadKept += bytes.length
  }

  end(end: number, complete: boolean): void {
    this.ended = true
    this.bodyEnd = end
    this.complete = complete
  }

  payloadBytes(): Uint8Array {
    return join(this.payloadParts, this.payloadKept)
  }

  /** The body as sent (up to the view's limit), which frame carried which bytes, whether any were
   * missing, and the chunk layout when it was sent chunked. */
  wire(chunked: boolean): { wire: Uint8Array; wireTotal: number; segments: HttpBody['segments']; chunks: HttpBody['chunks']; complete: boolean } {
    const start = Math.max(0, this.bodyStart)
    const end = this.bodyEnd >= start ? this.bodyEnd : start + this.kept
    const limit = Math.min(end, start + MAX_BODY_VIEW_BYTES)
    const wire = new Uint8Array(Math.max(0, limit - start))
    const segments: HttpBody['segments'] = []
    let next = start
    let holes = false
    for (const piece of this.pieces) {
      const from = Math.max(piece.offset, next)
      const to = Math.min(piece.offset + piece.bytes.length, limit)
      if (from > next) holes = true
      if (to <= from) continue
      wire.set(piece.bytes.subarray(from - piece.offset, to - piece.offset), from - start)
      const last = segments[segments.length - 1]
      if (last && last.frame === piece.frame && last.offset + last.length === from - start) last.length += to - from
      else if (segments.length < MAX_LISTED) segments.push({ frame: piece.frame, offset: from - start, length: to - from })
      next = to
    }
    if (next < limit) holes = true
    return { wire, wireTotal: end - start, segments, chunks: chunked ? chunkLayout(wire) : [], complete: this.complete && !holes }
  }
}

/** Where each chunk's size line sits in a chunked body as sent (RFC 9112 §7.1): size line, data,
 * CRLF, … a last chunk of size 0, trailers. Read from the bytes the view holds; a line that is not
 * a chunk size ends the layout (the framer said how the body really ended). */
function chunkLayout(wire: Uint8Array): HttpBody['chunks'] {
  const chunks: HttpBody['chunks'] = []
  let at = 0
  while (at < wire.length && chunks.length < MAX_LISTED) {
    const lf = wire.indexOf(0x0a, at)
    if (lf < 0) break
    const line = latin1(wire, at, lf).trim()
    const size = Number.parseInt(line.split(';')[0] ?? '', 16)
    if (!/^[0-9a-f]+$/i.test(line.split(';')[0]?.trim() ?? '') || !Number.isSafeInteger(size)) break
    chunks.push({ offset: at, headerLength: lf + 1 - at, size })
    if (size === 0) break
    at = lf + 1 + size
    if (wire[at] === 0x0d) at += 1
    if (wire[at] === 0x0a) at += 1
  }
  return chunks
}

function join(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

export async function readHttpBody(source: BodySource, request: BodyRequest): Promise<HttpBody> {
  const { table } = source
  const frames: number[] = [] // the pass's frame index → the capture's frame number
  const contentCodings = parseCodings(request.contentEncoding)
  const transferCodings = parseCodings(request.transferEncoding).filter((c) => c !== 'chunked')
  const codings = [...contentCodings, ...transferCodings]
  // A compressed body is decompressed whole, so it is gathered up to the decoder's input cap.
  const collector = new Collector((k) => frames[k] ?? 0, codings.length > 0 ? MAX_DECODED_BODY_BYTES : MAX_BODY_VIEW_BYTES)
  const capture: BodyCapture = {
    wants: (part, ordinal) => (part === request.part && ordinal === request.ordinal ? collector : null),
  }
  const pass = new StreamingPass(null, capture)
  for (const text of source.secrets) pass.secrets(text)
  for (let i = 0; i < table.length && !collector.ended; i++) {
    if (table.connection[i] !== request.connection) continue
    const data = await source.bytes(i)
    const t = table.t[i]!
    const f: CaptureFrame = { index: frames.length, data, buffer: data, start: 0, capturedLength: data.length, originalLength: table.origLen[i]!, tsSec: Math.floor(t), tsNsec: Math.round((t - Math.floor(t)) * 1e9), hasTimestamp: true, linkType: table.linkType[i]!, interfaceId: 0, dataOffset: table.dataOffset[i]! }
    frames.push(i + 1)
    pass.onFrame(f)
  }
  // A close-delimited body ends with its connection.
  if (!collector.ended) pass.flush()
  await pass.settled()

  const payload = collector.payloadBytes()
  let decoded = payload
  let decodedTotal = collector.payloadTotal
  let note: HttpBody['note']
  if (codings.length > 0) {
    if (collector.payloadOverflow) {
      note = { code: 'HTTP_BODY_TOO_LARGE', message: `the compressed body is larger than ${MAX_DECODED_BODY_BYTES} bytes, the most Wiretrail decompresses; shown as sent` }
      decodedTotal = collector.payloadTotal
    } else {
      try {
        decoded = decodeContent(payload, codings, MAX_DECODED_BODY_BYTES, { partial: true }).bytes
        decodedTotal = decoded.length
      } catch (e) {
        if (!(e instanceof HttpError)) throw e
        note = { code: e.code, message: `${e.message}; shown as sent` }
      }
    }
  } else if (collector.payloadOverflow) {
    decodedTotal = collector.payloadTotal
  }
  if (!collector.ended) note ??= { code: 'HTTP_BODY_NOT_FOUND', message: `the ${request.part} body of exchange ${request.exchange + 1} is not in the capture` }
  const sent = collector.wire(parseCodings(request.transferEncoding).includes('chunked'))
  const body: HttpBody = {
    exchange: request.exchange,
    part: request.part,
    contentType: request.contentType,
    codings: note ? [] : codings,
    transferEncoding: request.transferEncoding,
    decoded: decoded.subarray(0, MAX_BODY_VIEW_BYTES).slice(),
    decodedTotal,
    wire: sent.wire,
    wireTotal: sent.wireTotal,
    segments: sent.segments,
    chunks: sent.chunks,
    complete: sent.complete,
    limit: MAX_BODY_VIEW_BYTES,
  }
  if (note) body.note = note
  return body
}
