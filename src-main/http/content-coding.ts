// Content codings (RFC 9110 §8.4): the body as sent is gzip/deflate/br-compressed; the page is what
// decompressing it gives. The one place Wiretrail decompresses a body: the recorder (http/exchange.ts)
// and the analyzer (analyzer/http-stream.ts) both come here, and both get the same bounds:
//   - the output of every coding undone is capped (64 MiB per body, what the recorder promises): a
//     "zip bomb" of a few KB stops at the cap with HTTP_BODY_TOO_LARGE instead of taking gigabytes;
//   - a body that arrives in pieces (ContentDecoder) is gathered up to an input cap.
// decodeContent (the recorder, which keeps the page's bytes) inflates a whole body with zlib's
// `maxOutputLength`, so zlib stops producing output at the cap (it never inflates past it);
// ContentDecoder (the analyzer, which needs only the size) inflates a small body at once when it
// ends (countHeldBody: on the caller's thread, or on the analyzer's counting thread, which runs the
// same function: analyzer/count-thread.ts), a large one piece by piece through zlib's streams as it
// arrives, and counts the output without keeping it.
import type { Transform } from 'node:stream'
import {
  brotliDecompressSync,
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  gunzipSync,
  inflateRawSync,
  inflateSync,
  type ZlibOptions,
} from 'node:zlib'
import { unfilledChunk } from '../capture/types.ts'
import { HttpError } from './errors.ts'

/** What a body holds before its first piece. */
const NOTHING_HELD = new Uint8Array(0)

/** Decoded bytes one body may take (per coding undone). */
export const MAX_DECODED_BODY_BYTES = 64 * 1024 * 1024
/** A ContentDecoder inflates a body at once, synchronously, when its compressed bytes are at most
 * this many and each coding undone gives at most SYNC_OUTPUT_BYTES; else through zlib's streams. */
const SYNC_INPUT_BYTES = 256 * 1024
const SYNC_OUTPUT_BYTES = 1024 * 1024

export interface DecodedContent {
  bytes: Uint8Array
  /** The codings removed, in the order they were undone ("gzip"). Empty when the body was plain. */
  codings: string[]
}

export interface DecodeOptions {
  /** Decode what a gzip body cut short holds (the analyzer, for a capture that lost the end)
   * instead of failing on it (the recorder, which must have the whole page). */
  partial?: boolean
}

/** Undoes `codings` (a Content-Encoding or non-chunked Transfer-Encoding list, applied left to
 * right by the server, so undone right to left). Every step is bounded by `maxBytes`. */
export function decodeContent(body: Uint8Array, codings: string[], maxBytes = MAX_DECODED_BODY_BYTES, options: DecodeOptions = {}): DecodedContent {
  let bytes = body
  const undone: string[] = []
  for (const coding of [...codings].reverse()) {
    const name = coding.trim().toLowerCase()
    if (name === '' || name === 'identity') continue
    bytes = decodeOne(bytes, name, maxBytes, options.partial === true)
    undone.push(name)
  }
  return { bytes, codings: undone }
}

/** Splits a Content-Encoding header value into codings. */
export function parseCodings(header: string | null): string[] {
  if (header === null) return []
  return header.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
}

/** The codings this module undoes. */
export function isKnownCoding(coding: string): boolean {
  return KNOWN.has(coding.trim().toLowerCase())
}

const KNOWN = new Set(['gzip', 'x-gzip', 'deflate', 'br', 'identity'])

/** What a ContentDecoder ends with: the decoded size, or why there is none (a coded error). */
export interface ContentDecodeResult {
  /** Bytes after undoing every coding; null when they could not be decoded. */
  decodedBytes: number | null
  error: HttpError | null
}

/**
 * A body that arrives piece by piece (the analyzer's reassembled TCP stream), measured: a small
 * body is held and inflated at once when it ends (synchronously, output counted and dropped); a
 * larger one, or a brotli body whose header does not bound what inflating it at once takes
 * (brotliFitsAtOnce), goes piece by piece through zlib's streaming inflaters, output counted and
 * dropped, so memory per body is at most about SYNC_INPUT_BYTES + 2 × SYNC_OUTPUT_BYTES, or zlib's
 * window. `push` the pieces (they are copied: the caller's views are valid only during the call),
 * `finish` when the message ends. Past
 * `maxInputBytes` in or `maxOutputBytes` out (after any coding) the result is HTTP_BODY_TOO_LARGE
 * and the inflaters stop. zlib runs on libuv's thread pool, so a caller that pushes much may wait
 * for `pendingBytes` to drain.
 */
export class ContentDecoder implements CountReceiver {
  private readonly stages: Transform[] = []
  private input = 0
  private output = 0
  private failure: HttpError | null = null
  private settled = false
  private resolve!: (result: ContentDecodeResult) => void
  /** The decoded size (or the coded reason there is none), once finished or failed. */
  readonly done = new Promise<ContentDecodeResult>((resolve) => {
    this.resolve = resolve
  })
  /** "deflate" waits for its first two bytes to say zlib-wrapped or raw. */
  private deflateHead: Uint8Array | null = null

  constructor(
    private readonly codings: string[],
    private readonly limits: { maxInputBytes: number; maxOutputBytes: number } = { maxInputBytes: MAX_DECODED_BODY_BYTES, maxOutputBytes: MAX_DECODED_BODY_BYTES },
    /** Who counts a small body at once when it ends: this thread (the default) or another. */
    private readonly counter: HeldBodyCounter = COUNT_IN_THIS_THREAD,
  ) {
    const names = codings.map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
    const unknown = names.find((c) => !KNOWN.has(c))
    if (unknown !== undefined) {
      this.fail(new HttpError('HTTP_UNSUPPORTED_CONTENT_ENCODING', `the body is encoded with "${unknown}", which Wiretrail cannot decode (it decodes gzip, deflate and br)`, { coding: unknown }))
      return
    }
    // Undone right to left: the last coding applied is the first undone.
    this.order = [...names].reverse()
  }

  /** The body held before any zlib stream exists, in held[0, heldBytes) (null once streaming).
   * Most bodies are small: one synchronous inflate of the whole body at finish() costs a fraction
   * of a zlib stream's set-up, its thread-pool round trips and events (the analyzer's profile on a
   * 1 M-packet capture: 4 s of 22 in zlib streams). Past SYNC_INPUT_BYTES in, or SYNC_OUTPUT_BYTES
   * out, the body goes through the streams as before, so memory per body stays bounded and small. */
  private held: Uint8Array | null = NOTHING_HELD
  private heldBytes = 0
  private readonly order: string[] = []

  /** finish() was called: what is left (zlib's work, or the counting thread's) ends by itself. */
  private finished = false

  /** Whether it inflates through zlib's streams (each holds zlib's window) and is not done yet. */
  get streaming(): boolean {
    return this.stages.length > 0 && !this.settled
  }

  /** Whether its `done` comes without more of the body: it was finished (or failed). */
  get ending(): boolean {
    return this.finished || this.settled
  }

  /** Compressed bytes written to zlib and not yet inflated (to wait on when it grows). */
  get pendingBytes(): number {
    let n = 0
    for (const stage of this.stages) n += stage.writableLength
    return n
  }

  push(bytes: Uint8Array): void {
    if (this.failure !== null || this.settled || bytes.length === 0) return
    this.input += bytes.length
    if (this.input > this.limits.maxInputBytes) {
      this.fail(new HttpError('HTTP_BODY_TOO_LARGE', `the ${this.codings.join(', ')}-compressed body is larger than ${this.limits.maxInputBytes} bytes, the most Wiretrail decompresses`, { limit: this.limits.maxInputBytes }))
      return
    }
    if (this.held !== null) {
      const total = this.heldBytes + bytes.length
      if (total <= SYNC_INPUT_BYTES) {
        // One buffer for the body, grown by doubling (not a copy per piece joined at the end). Its
        // memory is not zero-filled first (only held[0, heldBytes) is ever read): zero-filling
        // each size a body grows through was ≈ 1 % of the pass's instructions on the bench capture.
        if (total > this.held.length) {
          const grown = unfilledChunk(Math.min(SYNC_INPUT_BYTES, Math.max(total, 2 * this.held.length, 4096)))
          grown.set(this.held.subarray(0, this.heldBytes))
          this.held = grown
        }
        this.held.set(bytes, this.heldBytes)
        this.heldBytes = total
        return
      }
      this.stream()
    }
    this.write(bytes)
  }

  /** From holding the body to zlib's streams: build them and write what was held. */
  private stream(): void {
    const held = this.held === null ? NOTHING_HELD : this.held.subarray(0, this.heldBytes)
    this.held = null
    this.heldBytes = 0
    if (this.order[0] === 'deflate') this.deflateHead = new Uint8Array(0)
    else this.build(this.order, false)
    if (held.length > 0) this.write(held)
  }

  private write(bytes: Uint8Array): void {
    if (this.failure !== null || this.settled) return
    if (this.deflateHead !== null) {
      const head = new Uint8Array(this.deflateHead.length + bytes.length)
      head.set(this.deflateHead, 0)
      head.set(bytes, this.deflateHead.length)
      if (head.length < 2) {
        this.deflateHead = head
        return
      }
      this.deflateHead = null
      const wrapped = zlibWrapped(head)
      this.build([...this.codings.map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')].reverse(), !wrapped)
      this.stages[0]!.write(head)
      return
    }
    this.stages[0]!.write(bytes.slice())
  }

  /** Bytes of the body were never captured: what follows the hole cannot be decompressed. */
  lost(): void {
    if (this.failure === null && !this.settled) this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', 'part of the compressed body was not captured, so it cannot be decompressed', { coding: this.codings.join(', ') }))
  }

  /** The body is complete: resolves with its decoded size, or the coded reason there is none. */
  finish(): Promise<ContentDecodeResult> {
    this.finished = true
    if (this.failure === null && !this.settled) {
      if (this.input === 0) this.settle({ decodedBytes: 0, error: null })
      else if (this.held !== null) this.decodeHeld()
      else if (this.stages.length === 0) this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is deflate-compressed, but its ${this.input} byte(s) are too few for a deflate stream`, { coding: 'deflate' }))
      else this.stages[0]!.end()
    }
    return this.done
  }

  /** The whole (small) body at once (countHeldBody), by this decoder's counter: on this thread, or
   * on the analyzer's counting thread (analyzer/count-thread.ts), which answers later through
   * counted(). */
  private decodeHeld(): void {
    const bytes = this.held!.subarray(0, this.heldBytes)
    if (this.order[0] === 'deflate' && bytes.length < 2) {
      this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is deflate-compressed, but its ${this.input} byte(s) are too few for a deflate stream`, { coding: 'deflate' }))
      return
    }
    this.held = null
    this.heldBytes = 0
    const cap = Math.min(SYNC_OUTPUT_BYTES, this.limits.maxOutputBytes)
    this.counter.count(this.order, bytes, cap, cap >= this.limits.maxOutputBytes, this)
  }

  /** CountReceiver: what counting the held body at once found; `bytes` is that body, valid only
   * during the call (what goes to the streams is copied). */
  counted(result: HeldCount, bytes: Uint8Array): void {
    if (this.failure !== null || this.settled) return
    switch (result.kind) {
      case 'size':
        this.settle({ decodedBytes: result.size, error: null })
        return
      case 'bad':
        this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is ${result.coding}-compressed, but it does not decompress: ${result.message}`, { coding: result.coding }))
        return
      case 'too-large':
        this.tooLarge(result.coding)
        return
      case 'stream':
        // Larger than what is inflated at once: count it through the streams, keeping nothing.
        this.held = bytes
        this.heldBytes = bytes.length
        this.stream()
        this.stages[0]?.end()
    }
  }

  private build(order: string[], rawDeflate: boolean): void {
    for (const [i, coding] of order.entries()) {
      const stage =
        coding === 'br'
          ? createBrotliDecompress()
          : coding === 'deflate'
            ? i === 0 && rawDeflate
              ? createInflateRaw()
              : createInflate()
            : // Z_SYNC_FLUSH at the end: a gzip stream cut short gives what it holds (its size is what
              // the walkthrough shows) instead of an error.
              createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
      const next = this.stages.length
      stage.on('error', (error: Error) => this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is ${coding}-compressed, but it does not decompress: ${error.message}`, { coding })))
      this.stages.push(stage)
      if (next > 0) {
        const previous = this.stages[next - 1]!
        let produced = 0
        previous.on('data', (chunk: Buffer) => {
          produced += chunk.length
          if (produced > this.limits.maxOutputBytes) this.tooLarge(order[next - 1]!)
          else if (this.failure === null) stage.write(chunk)
        })
        previous.on('end', () => {
          if (this.failure === null) stage.end()
        })
      }
    }
    const last = this.stages[this.stages.length - 1]!
    last.on('data', (chunk: Buffer) => {
      this.output += chunk.length
      if (this.output > this.limits.maxOutputBytes) this.tooLarge(order[order.length - 1]!)
    })
    last.on('end', () => this.settle({ decodedBytes: this.output, error: null }))
  }

  private tooLarge(coding: string): void {
    this.fail(new HttpError('HTTP_BODY_TOO_LARGE', `the ${coding}-compressed body (${this.input} bytes) expands past the limit of ${this.limits.maxOutputBytes} bytes`, { limit: this.limits.maxOutputBytes, coding }))
  }

  private fail(error: HttpError): void {
    if (this.failure !== null || this.settled) return
    this.failure = error
    for (const stage of this.stages) stage.destroy()
    this.settle({ decodedBytes: null, error })
  }

  private settle(result: ContentDecodeResult): void {
    if (this.settled) return
    this.settled = true
    this.resolve(result)
  }
}

/** What counting a whole held body at once (countHeldBody) found. Plain data, so the counting
 * thread can send it back. */
export type HeldCount =
  | { kind: 'size'; size: number }
  /** zlib refused the body while undoing `coding`; `message` is zlib's. */
  | { kind: 'bad'; coding: string; message: string }
  /** Undoing `coding` gives more than the body's output limit. */
  | { kind: 'too-large'; coding: string }
  /** Not for an at-once count (more than `cap` out, or a brotli window the header does not
   * bound): through zlib's streams instead. */
  | { kind: 'stream' }

/** Counts held bodies at once: `receiver.counted(countHeldBody(order, bytes, cap, capIsLimit),
 * bytes)`, now or later, exactly once. `bytes` may be the caller's until the call returns only. */
export interface HeldBodyCounter {
  count(order: readonly string[], bytes: Uint8Array, cap: number, capIsLimit: boolean, receiver: CountReceiver): void
}

export interface CountReceiver {
  counted(result: HeldCount, bytes: Uint8Array): void
}

/** Counting on the caller's thread, at once. */
export const COUNT_IN_THIS_THREAD: HeldBodyCounter = {
  count(order, bytes, cap, capIsLimit, receiver) {
    receiver.counted(countHeldBody(order, bytes, cap, capIsLimit), bytes)
  },
}

/**
 * A whole small body's decoded size, each coding in `order` (the order they are undone) undone by
 * zlib's synchronous functions with the streams' choices (raw or wrapped deflate by the first two
 * bytes, gzip cut short gives what it holds) and errors, output past `cap` (when that is not the
 * body's limit, `capIsLimit` false) or a brotli stream whose window its header does not bound sent
 * to the streams instead. The one place that decides it, for this thread and the counting thread.
 */
export function countHeldBody(order: readonly string[], body: Uint8Array, cap: number, capIsLimit: boolean): HeldCount {
  let bytes = body
  let size = bytes.length
  for (let i = 0; i < order.length; i++) {
    const coding = order[i]!
    // Its window may be 16 MiB: inflating it here and then again in the streams would hold both
    // windows (see brotliFitsAtOnce).
    if (coding === 'br' && !brotliFitsAtOnce(bytes, cap)) return STREAM
    const kind: AtOnceKind = coding === 'br' ? 'br' : coding === 'deflate' ? (i === 0 && !zlibWrapped(bytes) ? 'deflate-raw' : 'deflate') : 'gzip'
    try {
      // The last coding undone is only counted (nothing kept); one before it gives the bytes the
      // next one undoes.
      if (i === order.length - 1) size = countInflated(kind, bytes, cap)
      else bytes = inflateAtOnce(kind, bytes, cap)
    } catch (error) {
      if (!isTooLarge(error)) return { kind: 'bad', coding, message: (error as Error).message }
      return capIsLimit ? { kind: 'too-large', coding } : STREAM
    }
  }
  return { kind: 'size', size }
}

const STREAM: HeldCount = Object.freeze({ kind: 'stream' })

/** How a body is inflated at once: gzip as cut short gives what it holds (Z_SYNC_FLUSH at the
 * end), "deflate" zlib-wrapped or raw (by its first two bytes), brotli. */
export type AtOnceKind = 'gzip' | 'deflate' | 'deflate-raw' | 'br'

export function inflateAtOnce(kind: AtOnceKind, bytes: Uint8Array, cap: number): Uint8Array {
  const options: ZlibOptions = { maxOutputLength: cap }
  switch (kind) {
    case 'br':
      return brotliDecompressSync(bytes, options)
    case 'deflate':
      return inflateSync(bytes, options)
    case 'deflate-raw':
      return inflateRawSync(bytes, options)
    case 'gzip':
      return gunzipSync(bytes, { ...options, finishFlush: constants.Z_SYNC_FLUSH })
  }
}

/** The one zlib stream object per kind that inflates bodies at once, reused (reset) body after
 * body instead of one made per body, and its output scratch. */
interface Inflater {
  engine: Transform & { reset(): void }
  handle: NativeWrite
  state: Uint32Array
  flush: number
}

/** The part of a zlib stream's native handle that zlib's own synchronous functions use
 * (lib/zlib.js processChunkSync, Node 20-24): it inflates `inLength` bytes of `input` from
 * `inOffset` into `out`, and leaves what remains of each, [out, in], in the stream's
 * `_writeState`; an error reaches the stream at once (`errored`). */
interface NativeWrite {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, out: Uint8Array, outOffset: number, outLength: number): void
}

/** Output piece per native call: zlib's own (the default chunk size), so each call is the one
 * gunzipSync & co. make, an error or the cap comes at the same byte. */
const INFLATE_PIECE = constants.Z_DEFAULT_CHUNK
const inflaters = new Map<AtOnceKind, Inflater | null>()
let scratch: Uint8Array | null = null

function inflater(kind: AtOnceKind): Inflater | null {
  const kept = inflaters.get(kind)
  if (kept !== undefined && (kept === null || !kept.engine.destroyed)) return kept
  // (Brotli's stream has reset() too, from zlib's common base; @types/node leaves it out.)
  const engine = (
    kind === 'br' ? createBrotliDecompress() : kind === 'deflate' ? createInflate() : kind === 'deflate-raw' ? createInflateRaw() : createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
  ) as Transform & { reset(): void }
  const inner = engine as unknown as { _handle?: Partial<NativeWrite>; _writeState?: unknown; _finishFlushFlag?: unknown }
  // Only where the handle has the shape zlib's own synchronous functions rely on; anywhere else
  // (a runtime whose zlib differs) the bodies are inflated by those functions.
  const usable = typeof inner._handle?.writeSync === 'function' && inner._writeState instanceof Uint32Array && typeof inner._finishFlushFlag === 'number'
  if (!usable) {
    engine.destroy()
    inflaters.set(kind, null)
    return null
  }
  // An error is read from `errored` right after the call; the event that follows is not news.
  engine.on('error', () => {})
  const made: Inflater = { engine, handle: inner._handle as NativeWrite, state: inner._writeState as Uint32Array, flush: inner._finishFlushFlag as number }
  inflaters.set(kind, made)
  return made
}

/** Whether bodies of this kind are counted in place (the native handle is as expected). */
export function countsInPlace(kind: AtOnceKind): boolean {
  return inflater(kind) !== null
}

/**
 * The size `bytes` inflate to (at most `cap`), counted, nothing kept: what
 * `inflateAtOnce(kind, bytes, cap).length` gives, throwing the same errors (zlib's, or
 * ERR_BUFFER_TOO_LARGE past the cap) at the same point, but without a zlib stream made per body
 * and its output gathered in new buffers only to be measured: on 1 M packets of page loads, 13 800
 * bodies and 275 MB of output, those cost twice zlib's inflation itself. One inflater per kind
 * is reset and reused; each native call inflates into one scratch, as zlib's synchronous
 * functions' loop does (same piece size, so the same calls). Hand-written over the stream's
 * native handle because node:zlib offers no public call that inflates into a caller's buffer or
 * counts without keeping; where the handle is not as expected, inflateAtOnce does the work.
 */
export function countInflated(kind: AtOnceKind, bytes: Uint8Array, cap: number): number {
  const z = inflater(kind)
  if (z === null) return inflateAtOnce(kind, bytes, cap).length
  const out = (scratch ??= new Uint8Array(INFLATE_PIECE))
  let inOffset = 0
  let inLength = bytes.length
  let total = 0
  try {
    for (;;) {
      z.handle.writeSync(z.flush, bytes, inOffset, inLength, out, 0, INFLATE_PIECE)
      if (z.engine.errored) throw z.engine.errored
      const outLeft = z.state[0]!
      const inLeft = z.state[1]!
      total += INFLATE_PIECE - outLeft
      if (total > cap) throw Object.assign(new RangeError(`Cannot create a Buffer larger than ${cap} bytes`), { code: 'ERR_BUFFER_TOO_LARGE' })
      // A full piece: more may come from the same input.
      if (outLeft !== 0) return total
      inOffset += inLength - inLeft
      inLength = inLeft
    }
  } finally {
    // Ready for the next body (a stream destroyed by an error is made anew next time).
    if (!z.engine.destroyed) z.engine.reset()
  }
}

function decodeOne(bytes: Uint8Array, coding: string, maxBytes: number, partial: boolean): Uint8Array {
  const options: ZlibOptions = { maxOutputLength: maxBytes }
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        // Z_SYNC_FLUSH as the last flush: a gzip stream cut short gives what it holds (its size is
        // what the walkthrough shows) instead of an error.
        return gunzipSync(bytes, partial ? { ...options, finishFlush: constants.Z_SYNC_FLUSH } : options)
      case 'deflate':
        // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate;
        // browsers accept both, so do we.
        try {
          return inflateSync(bytes, options)
        } catch (error) {
          if (isTooLarge(error)) throw error
          return inflateRawSync(bytes, options)
        }
      case 'br':
        return brotliDecompressSync(bytes, options)
      default:
        throw new HttpError('HTTP_UNSUPPORTED_CONTENT_ENCODING', `the body is encoded with "${coding}", which Wiretrail cannot decode (it decodes gzip, deflate and br)`, { coding })
    }
  } catch (error) {
    if (error instanceof HttpError) throw error
    if (isTooLarge(error)) {
      throw new HttpError('HTTP_BODY_TOO_LARGE', `the ${coding}-compressed body (${bytes.length} bytes) expands past the limit of ${maxBytes} bytes`, { limit: maxBytes, coding })
    }
    throw new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is ${coding}-compressed, but it does not decompress: ${(error as Error).message}`, { coding })
  }
}

/**
 * Whether a brotli stream may be inflated at once (at most `cap` bytes out) for little memory, by
 * its first bytes (RFC 7932 §9.1-9.2; bits are read from the least significant bit of each byte):
 * its window is at most 1 MiB, or its first meta-block is also its last (ISLAST) and its length
 * (MLEN) is at most `cap`, or it is empty. The decoder sizes its ring buffer to fit that one
 * meta-block instead of the window the stream declares (up to 16 MiB), and cannot produce more
 * than MLEN bytes, so an at-once inflate of such a stream holds at most about 2 × cap. Any other
 * stream (a large window and several meta-blocks, metadata first, a bomb) goes straight to the
 * streams: inflating it at once would be cut at `cap` after allocating the whole window (16 MiB for
 * the fuzz-found brotli bombs, WBITS = 24), and the streams then allocate theirs on libuv's threads
 * while the first stays in the worker thread's malloc arena: `wiretrail inspect` of those bombs
 * peaked at 210–227 MB, against 178–192 through the streams alone (the bound is 200). Hand-written: zlib reads
 * these bits but tells nothing of them, and no maintained package exposes a brotli header.
 */
export function brotliFitsAtOnce(bytes: Uint8Array, cap: number): boolean {
  let bit = 0
  const read = (n: number): number => {
    let value = 0
    for (let i = 0; i < n; i++, bit++) {
      const byte = bytes[bit >> 3]
      if (byte === undefined) return -1
      value |= ((byte >> (bit & 7)) & 1) << i
    }
    return value
  }
  // WBITS: 0 → 16; 1 + 3 bits n ≠ 0 → 17 + n; 1 000 + 3 bits m → 17 (m = 0) or 8 + m (m ≠ 1; 1
  // is the large-window extension, which zlib refuses). A window of at most 1 MiB (nginx's
  // default is 512 KiB) costs little even when the stream is cut at `cap`.
  let windowBits = 16
  if (read(1) === 1) {
    const n = read(3)
    if (n > 0) windowBits = 17 + n
    else {
      const m = read(3)
      if (m === 1 || m < 0) return false
      windowBits = m === 0 ? 17 : 8 + m
    }
  }
  if (windowBits <= 20) return true
  const last = read(1)
  if (last !== 1) return false
  const empty = read(1)
  if (empty === 1) return true
  const nibbles = read(2)
  if (nibbles < 0 || nibbles === 3) return false // 3: a metadata block comes first
  const length = read((nibbles + 4) * 4)
  return length >= 0 && length + 1 <= cap
}

/** RFC 1950: a zlib stream starts with CM = 8 and a header whose 16 bits are a multiple of 31. */
function zlibWrapped(head: Uint8Array): boolean {
  return (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
}
