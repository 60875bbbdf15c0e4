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
// same function: analyzer/count-thread.ts), a large one piece by piece as it
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
/** What the bodies being inflated piece by piece at once may hold together in zlib's and brotli's
 * state (WindowBudget): as much as one body may inflate to. */
export const MAX_OPEN_WINDOW_BYTES = 64 * 1024 * 1024
/** What the small bodies held until their end (up to SYNC_INPUT_BYTES each) may hold together; a
 * body that would go past it is inflated piece by piece instead (32 KiB of window for gzip and
 * deflate). */
export const MAX_HELD_BODY_BYTES = 32 * 1024 * 1024

/**
 * What the bodies of one capture being inflated piece by piece may hold at once. Each holds its
 * codings' state until its end: 32 KiB of window for gzip and deflate, up to 16 MiB for brotli
 * (the window its header declares). A capture can hold any number of such bodies open at once (a
 * hundred interleaved responses, each a few hundred KB of a brotli stream with a 16 MiB window,
 * took `wiretrail inspect` of a 30 MB capture to 1.8 GB), so past this budget a body is not
 * inflated: its decoded size is not counted and it says why (HTTP_DECODE_BUDGET). The small bodies
 * held whole until their end share a budget of their own (MAX_HELD_BODY_BYTES): a thousand open
 * responses, each 250 KB of gzip held, took `wiretrail inspect` of a 257 MB capture to 458 MB.
 */
export class WindowBudget {
  /** Decompressor state taken by the bodies inflated piece by piece. */
  private state = 0
  private open = 0
  /** Bytes of the bodies held whole. */
  private holding = 0
  constructor(
    readonly limit = MAX_OPEN_WINDOW_BYTES,
    readonly holdLimit = MAX_HELD_BODY_BYTES,
  ) {}

  /** Takes `bytes` more for a body held whole, if the held bodies' budget has room. */
  hold(bytes: number): boolean {
    if (this.holding + bytes > this.holdLimit) return false
    this.holding += bytes
    return true
  }

  unhold(bytes: number): void {
    this.holding -= bytes
  }

  /** Takes `bytes` for one body, or says why not (the error it ends with). */
  take(bytes: number): HttpError | null {
    if (this.state + bytes > this.limit) {
      return new HttpError('HTTP_DECODE_BUDGET', `${this.open} other compressed ${this.open === 1 ? 'body was' : 'bodies were'} being decompressed at once, holding ${mebibytes(this.state)} of decompression state; this one needs ${mebibytes(bytes)} more, past the ${mebibytes(this.limit)} Wiretrail holds at once, so its decoded size is not counted`, { limit: this.limit, open: this.open })
    }
    this.state += bytes
    this.open += 1
    return null
  }

  give(bytes: number): void {
    this.state -= bytes
    this.open -= 1
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes < 1024 * 1024 ? 2 : 0)} MiB`
}

/** zlib's state for one inflating stream: its 32 KiB window and the rest of its state, with the
 * stage's 16 KiB of output scratch. */
const ZLIB_STAGE_BYTES = 64 * 1024

/** A ContentDecoder inflates a body at once, synchronously, when its compressed bytes are at most
 * this many and each coding undone gives at most SYNC_OUTPUT_BYTES; else piece by piece as it arrives. */
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
 * (brotliFitsAtOnce), is inflated piece by piece as it arrives (InPlaceStage: synchronously, each
 * piece of output counted in one scratch and dropped), so memory per body is at most about
 * SYNC_INPUT_BYTES + 2 × SYNC_OUTPUT_BYTES, or zlib's window. `push` the pieces (the caller's views
 * are valid only during the call: what is held is copied), `finish` when the message ends. Past
 * `maxInputBytes` in or `maxOutputBytes` out (after any coding) the result is HTTP_BODY_TOO_LARGE
 * and inflating stops.
 */
export class ContentDecoder implements CountReceiver {
  /** The codings being undone piece by piece, in the order undone (none while the body is held). */
  private readonly stages: InPlaceStage[] = []
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
    /** What the bodies inflated piece by piece at once may hold (the analyzer's: one per capture). */
    private readonly windows: WindowBudget = new WindowBudget(),
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

  /** The body held before it is inflated, in held[0, heldBytes) (null once inflated piece by
   * piece). Most bodies are small: one synchronous inflate of the whole body at finish() costs a
   * fraction of setting up an inflater of its own (the analyzer's profile on a 1 M-packet capture,
   * when each body had a zlib stream: 4 s of 22 in them). Past SYNC_INPUT_BYTES in, or SYNC_OUTPUT_BYTES
   * out, the body is inflated piece by piece, so memory per body stays bounded and small. */
  private held: Uint8Array | null = NOTHING_HELD
  private heldBytes = 0
  private readonly order: string[] = []
  /** finish() was called: the whole body was pushed. */
  private bodyEnded = false
  /** What this body's stages took of `windows` (given back when it settles). */
  private windowBytes = 0
  /** What `held` took of the held bodies' budget (given back when it is dropped). */
  private heldTaken = 0

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
        const size = total > this.held.length ? Math.min(SYNC_INPUT_BYTES, Math.max(total, 2 * this.held.length, 4096)) : 0
        // Past the held bodies' budget it is inflated piece by piece from here (below).
        if (size === 0 || this.windows.hold(size - this.held.length)) {
          if (size > 0) {
            this.heldTaken += size - this.held.length
            const grown = unfilledChunk(size)
            grown.set(this.held.subarray(0, this.heldBytes))
            this.held = grown
          }
          this.held.set(bytes, this.heldBytes)
          this.heldBytes = total
          return
        }
      }
      this.stream(bytes)
    }
    this.write(bytes)
  }

  /** From holding the body to inflating it piece by piece: its codings' stages, then what was held
   * (`next`: the piece that comes after it, whose first bytes are the body's when nothing was). */
  private stream(next: Uint8Array): void {
    const held = this.held === null ? NOTHING_HELD : this.held.subarray(0, this.heldBytes)
    this.dropHeld()
    if (this.order[0] === 'deflate') this.deflateHead = new Uint8Array(0)
    else this.build(false, held.length > 0 ? held : next)
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
      this.build(!zlibWrapped(head), head)
      this.feed(0, head, false)
      return
    }
    this.feed(0, bytes, false)
  }

  /** Bytes of the body were never captured: what follows the hole cannot be decompressed. */
  lost(): void {
    if (this.failure === null && !this.settled) this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', 'part of the compressed body was not captured, so it cannot be decompressed', { coding: this.codings.join(', ') }))
  }

  /** The body is complete: resolves with its decoded size, or the coded reason there is none. */
  finish(): Promise<ContentDecodeResult> {
    this.bodyEnded = true
    if (this.failure === null && !this.settled) {
      if (this.input === 0) this.settle({ decodedBytes: 0, error: null })
      else if (this.held !== null) this.decodeHeld()
      else if (this.stages.length === 0) this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is deflate-compressed, but its ${this.input} byte(s) are too few for a deflate stream`, { coding: 'deflate' }))
      else this.feed(0, NOTHING_HELD, true)
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
    // The counter is done with the bytes (counted here, or copied to the counting thread's arena).
    this.releaseHeld()
  }

  private dropHeld(): void {
    this.held = null
    this.heldBytes = 0
    this.releaseHeld()
  }

  private releaseHeld(): void {
    if (this.heldTaken > 0) this.windows.unhold(this.heldTaken)
    this.heldTaken = 0
  }

  /** CountReceiver: what counting the held body at once found; `bytes` is that body, valid only
   * during the call (a body sent on piece by piece is inflated within it). */
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
        // Larger than what is inflated at once: count it piece by piece, keeping nothing.
        this.held = bytes
        this.heldBytes = bytes.length
        this.stream(NOTHING_HELD)
        if (this.stages.length > 0) this.feed(0, NOTHING_HELD, true)
    }
  }

  /** The stages that undo the body's codings, if the budget has room for their state (`first`: the
   * body's first bytes, whose brotli header says its window; a coding undone later may have any). */
  private build(rawDeflate: boolean, first: Uint8Array): void {
    let bytes = 0
    for (const [i, coding] of this.order.entries()) {
      const windowBits = coding !== 'br' ? null : i === 0 ? brotliWindowBits(new HeaderBits(first)) : null
      bytes += coding === 'br' ? (1 << (windowBits ?? 24)) + ZLIB_STAGE_BYTES : ZLIB_STAGE_BYTES
    }
    const refused = this.windows.take(bytes)
    if (refused !== null) {
      this.fail(refused)
      return
    }
    this.windowBytes = bytes
    for (const [i, coding] of this.order.entries()) {
      const kind: AtOnceKind = coding === 'br' ? 'br' : coding === 'deflate' ? (i === 0 && rawDeflate ? 'deflate-raw' : 'deflate') : 'gzip'
      this.stages.push(new InPlaceStage(kind, coding))
    }
  }

  /**
   * Undoes coding `i` on `input` (`finish`: the body has ended, so its stream must end too), passing
   * each piece it gives to the next coding or, from the last, counting it. Each coding's output is
   * bounded by maxOutputBytes; a coding whose stream ended before its input did takes nothing
   * more (what follows it is not part of it, as zlib's one-shot functions treat it) and the codings
   * after it end.
   */
  private feed(i: number, input: Uint8Array, finish: boolean): void {
    if (this.failure !== null || this.settled) return
    const stage = this.stages[i]!
    const last = i === this.stages.length - 1
    const max = this.limits.maxOutputBytes
    let ended: boolean
    try {
      ended = stage.write(input, finish, max, (piece) => {
        if (last) this.output += piece.length
        else this.feed(i + 1, piece, false)
        return this.failure === null && !this.settled
      })
    } catch (error) {
      if (isTooLarge(error)) this.tooLarge(stage.coding)
      else this.fail(new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is ${stage.coding}-compressed, but it does not decompress: ${(error as Error).message}`, { coding: stage.coding }))
      return
    }
    if (!ended) return
    if (last) this.settle({ decodedBytes: this.output, error: null })
    else this.feed(i + 1, NOTHING_HELD, true)
  }

  private tooLarge(coding: string): void {
    const limit = this.limits.maxOutputBytes
    // Inflated as it arrives, a body can pass the limit before its end is read: say how much of it did.
    const message = this.bodyEnded ? `the ${coding}-compressed body (${this.input} bytes) expands past the limit of ${limit} bytes` : `the ${coding}-compressed body expands past the limit of ${limit} bytes within its first ${this.input} bytes`
    this.fail(new HttpError('HTTP_BODY_TOO_LARGE', message, { limit, coding }))
  }

  private fail(error: HttpError): void {
    if (this.failure !== null || this.settled) return
    this.failure = error
    this.settle({ decodedBytes: null, error })
  }

  private settle(result: ContentDecodeResult): void {
    if (this.settled) return
    this.settled = true
    // Their windows (up to 16 MiB for brotli) are freed now, not when the decoder is collected.
    for (const stage of this.stages) stage.close()
    if (this.windowBytes > 0) this.windows.give(this.windowBytes)
    this.windowBytes = 0
    this.dropHeld()
    this.resolve(result)
  }
}

/**
 * One coding of a body undone piece by piece as the body arrives, on the caller's thread: a zlib
 * stream object made for its native handle alone (as countInflated's inflaters), written as zlib's
 * own synchronous functions write it (one native call per piece of output, each into this stage's
 * scratch; lib/zlib.js processChunkSync), the body's pieces with the stream's default flush and,
 * when the body ends, an empty write with its finish flush, as the stream's end() makes. Each piece
 * of output is handed on and dropped. Driving zlib's stream objects through their events instead
 * gave every 16 KiB of output a new buffer (64 MiB of garbage for a bomb stopped at the bound),
 * which V8 collected late: a 3 KB brotli bomb took `wiretrail inspect` past 200 MB; and each piece
 * went to libuv's thread pool and back. Where the handle is not as expected (a runtime whose zlib
 * differs), the stage gathers its input and inflates it at once when the body ends (bounded by the
 * decoder's input and output caps).
 */
class InPlaceStage {
  private readonly z: Inflater | null
  private readonly scratch = new Uint8Array(INFLATE_PIECE)
  private produced = 0
  private ended = false
  private gathered: Uint8Array[] | null = null

  constructor(
    private readonly kind: AtOnceKind,
    /** The coding as the message named it (for errors). */
    readonly coding: string,
  ) {
    this.z = makeInflater(kind)
    if (this.z === null) this.gathered = []
  }

  /** Inflates `input`, calling `out` with each piece (valid during the call; `out` returns false
   * to stop). Throws zlib's error, or ERR_BUFFER_TOO_LARGE past `max` bytes out. Returns whether
   * the coding's stream has ended (always, once `finish`). */
  write(input: Uint8Array, finish: boolean, max: number, out: (piece: Uint8Array) => boolean): boolean {
    if (this.ended) return true
    if (this.z === null) return this.gather(input, finish, max, out)
    const { handle, state, engine } = this.z
    const flush = finish ? this.z.flush : this.z.process
    let inOffset = 0
    let inLength = input.length
    for (;;) {
      handle.writeSync(flush, input, inOffset, inLength, this.scratch, 0, INFLATE_PIECE)
      if (engine.errored) throw engine.errored
      const outLeft = state[0]!
      const inLeft = state[1]!
      const made = INFLATE_PIECE - outLeft
      if (made > 0) {
        this.produced += made
        if (this.produced > max) throw tooLargeError(max)
        if (!out(this.scratch.subarray(0, made))) return false
      }
      // Room left in the piece: zlib took what it wanted. Input left over means its stream ended
      // before the body did.
      if (outLeft !== 0) {
        if (finish || inLeft > 0) this.close()
        return this.ended
      }
      inOffset += inLength - inLeft
      inLength = inLeft
    }
  }

  private gather(input: Uint8Array, finish: boolean, max: number, out: (piece: Uint8Array) => boolean): boolean {
    this.gathered!.push(input.slice())
    if (!finish) return false
    const whole = Buffer.concat(this.gathered!)
    this.gathered = null
    this.ended = true
    const bytes = inflateAtOnce(this.kind, whole, max)
    if (bytes.length > 0) out(bytes)
    return true
  }

  /** Frees zlib's state (its window); the stage takes nothing more. */
  close(): void {
    this.ended = true
    this.gathered = null
    if (this.z !== null && !this.z.engine.destroyed) this.z.engine.destroy()
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
   * bound): piece by piece instead. */
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
 * zlib's synchronous functions with the piece-by-piece path's choices (raw or wrapped deflate by the first two
 * bytes, gzip cut short gives what it holds) and errors, output past `cap` (when that is not the
 * body's limit, `capIsLimit` false) or a brotli stream whose window its header does not bound left
 * to the piece-by-piece path instead. The one place that decides it, for this thread and the counting thread.
 */
export function countHeldBody(order: readonly string[], body: Uint8Array, cap: number, capIsLimit: boolean): HeldCount {
  let bytes = body
  let size = bytes.length
  for (let i = 0; i < order.length; i++) {
    const coding = order[i]!
    // Its window may be 16 MiB: inflating it here and then again piece by piece would hold both
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
  /** The flush that ends the stream (gzip's: Z_SYNC_FLUSH, so a body cut short gives what it holds). */
  flush: number
  /** The flush for a piece of a body that goes on. */
  process: number
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
  const made = makeInflater(kind)
  inflaters.set(kind, made)
  return made
}

/** A zlib stream object of this kind for its native handle alone, or null where the handle is
 * not what zlib's own synchronous functions use. */
function makeInflater(kind: AtOnceKind): Inflater | null {
  // (Brotli's stream has reset() too, from zlib's common base; @types/node leaves it out.)
  const engine = (
    kind === 'br' ? createBrotliDecompress() : kind === 'deflate' ? createInflate() : kind === 'deflate-raw' ? createInflateRaw() : createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
  ) as Transform & { reset(): void }
  const inner = engine as unknown as { _handle?: Partial<NativeWrite>; _writeState?: unknown; _finishFlushFlag?: unknown; _defaultFlushFlag?: unknown }
  // Only where the handle has the shape zlib's own synchronous functions rely on; anywhere else
  // (a runtime whose zlib differs) the bodies are inflated by those functions.
  const usable = typeof inner._handle?.writeSync === 'function' && inner._writeState instanceof Uint32Array && typeof inner._finishFlushFlag === 'number' && typeof inner._defaultFlushFlag === 'number'
  if (!usable) {
    engine.destroy()
    return null
  }
  // An error is read from `errored` right after the call; the event that follows is not news.
  engine.on('error', () => {})
  return { engine, handle: inner._handle as NativeWrite, state: inner._writeState as Uint32Array, flush: inner._finishFlushFlag as number, process: inner._defaultFlushFlag as number }
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
      if (total > cap) throw tooLargeError(cap)
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
 * stream (a large window and several meta-blocks, metadata first, a bomb) is inflated piece by
 * piece straight away: inflating it at once would be cut at `cap` after allocating the whole window
 * (16 MiB for the fuzz-found brotli bombs, WBITS = 24), and then allocate it again piece by piece
 * (`wiretrail inspect` of those bombs took 210–227 MB that way; the bound is 200). Hand-written: zlib reads
 * these bits but tells nothing of them, and no maintained package exposes a brotli header.
 */
export function brotliFitsAtOnce(bytes: Uint8Array, cap: number): boolean {
  const bits = new HeaderBits(bytes)
  // A window of at most 1 MiB (nginx's default is 512 KiB) costs little even when the stream is
  // cut at `cap`.
  const windowBits = brotliWindowBits(bits)
  if (windowBits === null) return false
  if (windowBits <= 20) return true
  const last = bits.read(1)
  if (last !== 1) return false
  const empty = bits.read(1)
  if (empty === 1) return true
  const nibbles = bits.read(2)
  if (nibbles < 0 || nibbles === 3) return false // 3: a metadata block comes first
  const length = bits.read((nibbles + 4) * 4)
  return length >= 0 && length + 1 <= cap
}

/** A brotli stream's header read bit by bit (RFC 7932 §9: from the least significant bit of each
 * byte); -1 past the bytes given. */
class HeaderBits {
  private bit = 0
  constructor(private readonly bytes: Uint8Array) {}

  read(n: number): number {
    let value = 0
    for (let i = 0; i < n; i++, this.bit++) {
      const byte = this.bytes[this.bit >> 3]
      if (byte === undefined) return -1
      value |= ((byte >> (this.bit & 7)) & 1) << i
    }
    return value
  }
}

/** WBITS, the log2 of a brotli stream's window (RFC 7932 §9.1: 0 → 16; 1 + 3 bits n ≠ 0 → 17 + n;
 * 1 000 + 3 bits m → 17 when m = 0, else 8 + m), or null when the bytes end first or it is the
 * large-window extension (m = 1), which zlib refuses. */
function brotliWindowBits(bits: HeaderBits): number | null {
  const first = bits.read(1)
  if (first < 0) return null
  if (first === 0) return 16
  const n = bits.read(3)
  if (n < 0) return null
  if (n > 0) return 17 + n
  const m = bits.read(3)
  if (m < 0 || m === 1) return null
  return m === 0 ? 17 : 8 + m
}

/** RFC 1950: a zlib stream starts with CM = 8 and a header whose 16 bits are a multiple of 31. */
function zlibWrapped(head: Uint8Array): boolean {
  return (head[0]! & 0x0f) === 8 && ((head[0]! << 8) | head[1]!) % 31 === 0
}

/** What zlib's one-shot functions throw past their maxOutputLength. */
function tooLargeError(cap: number): Error {
  return Object.assign(new RangeError(`Cannot create a Buffer larger than ${cap} bytes`), { code: 'ERR_BUFFER_TOO_LARGE' })
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
}
