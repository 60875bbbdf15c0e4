// The one bounded decompressor: a body fed in pieces (as TCP delivers it) decodes to the same size
// as zlib's one-shot calls (whether it is inflated at once or, when large, piece by piece as it arrives),
// for every coding and stack of codings; a brotli body is inflated at once only when its header
// bounds what that takes; a bomb stops at the bound with HTTP_BODY_TOO_LARGE without the process taking its inflated size; what does not decompress, or was
// not all captured, or uses a coding nobody implements, ends in its own code.
import { brotliCompressSync, constants, createBrotliCompress, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { noise } from '../support/noise.ts'
import { brotliFitsAtOnce, ContentDecoder, countInflated, countsInPlace, decodeContent, inflateAtOnce, MAX_DECODED_BODY_BYTES, WindowBudget, type AtOnceKind } from '../../src-main/http/content-coding.ts'

const page = Buffer.from(Array.from({ length: 4000 }, (_, i) => `<p>line ${i} of the page, ${'x'.repeat(i % 37)}</p>\n`).join(''))

/** A compressed body as a capture may carry it: doubled, with bytes after it, cut at each of
 * `cuts`, and with one byte changed at `corruptions` places spread across it. */
function damaged(whole: Buffer, cuts: number[], corruptions: number): Uint8Array[] {
  const bodies: Uint8Array[] = [Buffer.concat([whole, whole]), Buffer.concat([whole, Buffer.from('trailing bytes')]), Buffer.concat([whole, new Uint8Array(9)])]
  for (const cut of cuts) bodies.push(whole.subarray(0, cut))
  for (let k = 0; k < corruptions; k++) {
    const bad = Buffer.from(whole)
    const at = Math.floor((k * (bad.length - 1)) / (corruptions - 1))
    bad[at] = bad[at]! ^ (0x5a + k)
    bodies.push(bad)
  }
  return bodies
}

/** `mebibytes` MiB of zeros in brotli, compressed a MiB at a time, so the test never holds them. */
async function brotliBomb(mebibytes: number, params: Record<number, number>): Promise<Buffer> {
  const compressor = createBrotliCompress({ params })
  const parts: Buffer[] = []
  compressor.on('data', (b: Buffer) => parts.push(b))
  const zeros = Buffer.alloc(1 << 20)
  for (let i = 0; i < mebibytes; i++) compressor.write(zeros)
  await new Promise((resolve) => compressor.end(resolve))
  return Buffer.concat(parts)
}

/** Feeds `body` in pieces of `piece` bytes, then finishes. */
function decodeInPieces(body: Uint8Array, codings: string[], piece: number, limits?: { maxInputBytes: number; maxOutputBytes: number }) {
  const decoder = new ContentDecoder(codings, limits)
  for (let o = 0; o < body.length; o += piece) decoder.push(body.subarray(o, o + piece))
  return decoder.finish()
}

describe('ContentDecoder: a body measured as it arrives', () => {
  it('gives the page size for gzip, zlib and raw deflate, brotli and stacked codings, in any piece size', async () => {
    const cases: [string, Uint8Array, string[]][] = [
      ['gzip', gzipSync(page), ['gzip']],
      ['x-gzip', gzipSync(page), ['x-gzip']],
      ['deflate (zlib)', deflateSync(page), ['deflate']],
      ['deflate (raw, as some servers send)', deflateRawSync(page), ['deflate']],
      ['br', brotliCompressSync(page), ['br']],
      ['deflate then gzip', gzipSync(deflateSync(page)), ['deflate', 'gzip']],
    ]
    for (const [what, body, codings] of cases) {
      for (const piece of [7, 1460, body.length]) {
        expect(await decodeInPieces(body, codings, piece), `${what} in pieces of ${piece}`).toEqual({ decodedBytes: page.length, error: null })
      }
    }
  })

  it('gives the same sizes for bodies too large to inflate at once (over 256 KiB in, over 1 MiB out), which are inflated piece by piece as they arrive', async () => {
    // 1.5 MiB of bytes gzip cannot shrink much (a xorshift sequence), and 20 MiB that shrink to
    // ~20 KB: the first passes the held-input bound, the second the at-once output bound.
    const noisy = noise(1536 * 1024, 0x9e3779b9)
    const roomy = Buffer.alloc(20 * 1024 * 1024, 'a')
    for (const [what, body, codings, size] of [
      ['gzip, 1.5 MiB in', gzipSync(noisy), ['gzip'], noisy.length],
      ['gzip, 20 MiB out', gzipSync(roomy), ['gzip'], roomy.length],
      ['raw deflate, 20 MiB out', deflateRawSync(roomy), ['deflate'], roomy.length],
      ['deflate then br, 20 MiB out of the inner coding', brotliCompressSync(deflateSync(roomy)), ['deflate', 'br'], roomy.length],
    ] as const) {
      expect(await decodeInPieces(body, [...codings], 65536), what).toEqual({ decodedBytes: size, error: null })
    }
  })

  it('counts what a gzip body cut short holds, as the one-shot decoder does', async () => {
    const body = gzipSync(page)
    const cut = body.subarray(0, body.length >> 1)
    const expected = decodeContent(cut, ['gzip'], MAX_DECODED_BODY_BYTES, { partial: true }).bytes.length
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(page.length)
    expect(await decodeInPieces(cut, ['gzip'], 100)).toEqual({ decodedBytes: expected, error: null })
  })

  it('stops a bomb at the output bound, whatever the coding', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024)
    for (const [coding, body] of [
      ['gzip', gzipSync(zeros)],
      ['br', brotliCompressSync(zeros)],
      ['deflate', deflateSync(zeros, { level: constants.Z_BEST_COMPRESSION })],
    ] as const) {
      const result = await decodeInPieces(body, [coding], 1000, { maxInputBytes: 1 << 20, maxOutputBytes: 1 << 20 })
      expect(result.decodedBytes).toBeNull()
      expect(result.error).toMatchObject({ code: 'HTTP_BODY_TOO_LARGE', message: `the ${coding}-compressed body (${body.length} bytes) expands past the limit of 1048576 bytes` })
    }
  })

  it('says how much of a body had arrived when it passed the bound before its end', async () => {
    // Past 256 KiB in it is inflated as it arrives: 300 KiB that barely compress, then 16 MiB of zeros.
    const body = gzipSync(Buffer.concat([noise(300 * 1024, 0x1b873593), Buffer.alloc(16 << 20)]))
    const result = await decodeInPieces(body, ['gzip'], 1460, { maxInputBytes: MAX_DECODED_BODY_BYTES, maxOutputBytes: 2 << 20 })
    const [, within] = /^the gzip-compressed body expands past the limit of 2097152 bytes within its first (\d+) bytes$/.exec(result.error?.message ?? '') ?? []
    expect(result.error?.code).toBe('HTTP_BODY_TOO_LARGE')
    // 300 KiB of noise gzip keeps at ≈ 300 KiB, then 1.7 MiB of zeros at ≈ 1 KiB each: the bound
    // is passed a few KB past the noise, with most of the body still to come.
    expect(Number(within)).toBeGreaterThan(300 * 1024)
    expect(Number(within)).toBeLessThan(body.length - 8 * 1024)
  })

  it('takes less memory than its bound from a 256 MiB brotli bomb', async () => {
    const bomb = await brotliBomb(256, { [constants.BROTLI_PARAM_QUALITY]: 1 })
    expect(bomb.length).toBeLessThan(64 * 1024)
    const before = process.memoryUsage().rss
    let peak = before
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
    const result = await decodeInPieces(bomb, ['br'], 1460)
    clearInterval(timer)
    expect(result.error?.code).toBe('HTTP_BODY_TOO_LARGE')
    expect(peak - before).toBeLessThan(MAX_DECODED_BODY_BYTES)
  })

  it('inflates brotli at once only when its header bounds the window that takes (one last meta-block of at most 1 MiB, or a window of at most 1 MiB)', async () => {
    const params = (quality: number, lgwin: number) => ({ params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: lgwin } })
    const big = Buffer.concat(Array.from({ length: 6 }, () => page)) // 1.2 MB of text
    const meg = big.subarray(0, 1 << 20)
    const cases: [string, Uint8Array, boolean][] = [
      // What servers send: one meta-block, the last, whatever the window.
      ['the page, quality 11, 4 MiB window', brotliCompressSync(page, params(11, 22)), true],
      ['the page, quality 5, 16 MiB window', brotliCompressSync(page, params(5, 24)), true],
      ['1 MiB, quality 11, 16 MiB window', brotliCompressSync(meg, params(11, 24)), true],
      ['an empty body', brotliCompressSync(Buffer.alloc(0)), true],
      // Small windows cost little whatever follows (nginx's default is 512 KiB).
      ['the page, quality 1 (several meta-blocks), 512 KiB window', brotliCompressSync(page, params(1, 19)), true],
      // A large window and the first meta-block not the last, or longer than 1 MiB: streams.
      ['the page, quality 1 (several meta-blocks), 16 MiB window', brotliCompressSync(page, params(1, 24)), false],
      ['1 MiB + 1, quality 5, 16 MiB window', brotliCompressSync(big.subarray(0, (1 << 20) + 1), params(5, 24)), false],
    ]
    for (const [what, body, atOnce] of cases) {
      expect(brotliFitsAtOnce(body, 1 << 20), what).toBe(atOnce)
      // Either way, the size zlib's one-shot call gives.
      const size = decodeContent(body, ['br']).bytes.length
      expect(await decodeInPieces(body, ['br'], 1460), what).toEqual({ decodedBytes: size, error: null })
    }
    // A header cut after its first byte says too little: streams (which then name the cut).
    expect(brotliFitsAtOnce(brotliCompressSync(page, params(11, 24)).subarray(0, 1), 1 << 20)).toBe(false)
    // The fuzz-found bombs' header: a 16 MiB window (WBITS = 24), the first meta-block not the last.
    expect(brotliFitsAtOnce(Buffer.from('cfffff7f002400e2', 'hex'), 1 << 20)).toBe(false)
  })

  it('refuses a compressed body larger than the input bound', async () => {
    const result = await decodeInPieces(gzipSync(page), ['gzip'], 500, { maxInputBytes: 1000, maxOutputBytes: 1 << 20 })
    expect(result.error).toMatchObject({ code: 'HTTP_BODY_TOO_LARGE', message: 'the gzip-compressed body is larger than 1000 bytes, the most Wiretrail decompresses' })
  })

  it('names data that does not decompress, a hole in the body, and a coding it cannot undo', async () => {
    expect((await decodeInPieces(Buffer.from('this is not gzip at all'), ['gzip'], 5)).error).toMatchObject({ code: 'HTTP_BAD_CONTENT_ENCODING', message: expect.stringMatching(/^the body says it is gzip-compressed, but it does not decompress: /) })
    const holed = new ContentDecoder(['br'])
    holed.push(brotliCompressSync(page).subarray(0, 10))
    holed.lost()
    expect((await holed.finish()).error).toMatchObject({ code: 'HTTP_BAD_CONTENT_ENCODING', message: 'part of the compressed body was not captured, so it cannot be decompressed' })
    expect((await decodeInPieces(page, ['compress'], 100)).error).toMatchObject({ code: 'HTTP_UNSUPPORTED_CONTENT_ENCODING', message: 'the body is encoded with "compress", which Wiretrail cannot decode (it decodes gzip, deflate and br)' })
    expect(await new ContentDecoder(['gzip']).finish()).toEqual({ decodedBytes: 0, error: null })
  })
})

describe('ContentDecoder: a body too large to inflate at once, inflated piece by piece as it arrives', () => {
  /** What zlib's own streams make of the body written in pieces as they arrive (the decoder's way
   * before it drove zlib in place): each piece written once the one before is inflated, then
   * end(); the output counted, past `cap` too large. */
  async function throughStreams(kind: AtOnceKind, coding: string, body: Uint8Array, piece: number, cap: number): Promise<string> {
    const stream = kind === 'br' ? createBrotliDecompress() : kind === 'deflate' ? createInflate() : kind === 'deflate-raw' ? createInflateRaw() : createGunzip({ finishFlush: constants.Z_SYNC_FLUSH })
    let outcome: string | null = null
    const done = new Promise<string>((resolve) => {
      let produced = 0
      const settle = (what: string) => {
        outcome ??= what
        resolve(outcome)
      }
      stream.on('data', (chunk: Buffer) => {
        produced += chunk.length
        if (produced > cap) {
          settle('HTTP_BODY_TOO_LARGE')
          stream.destroy()
        }
      })
      stream.on('error', (e: Error) => settle(`HTTP_BAD_CONTENT_ENCODING the body says it is ${coding}-compressed, but it does not decompress: ${e.message}`))
      stream.on('end', () => settle(`size ${produced}`))
    })
    for (let o = 0; o < body.length && outcome === null; o += piece) {
      await Promise.race([done, new Promise((written) => stream.write(body.subarray(o, o + piece), written))])
    }
    if (outcome === null) stream.end()
    return done
  }
  function decoded(result: { decodedBytes: number | null; error: { code: string; message: string } | null }): string {
    if (result.error === null) return `size ${result.decodedBytes}`
    return result.error.code === 'HTTP_BODY_TOO_LARGE' ? result.error.code : `${result.error.code} ${result.error.message}`
  }

  it('gives what zlib\'s streams give, size or error, for whole, cut, corrupted, padded and concatenated bodies of every kind, in any piece size', async () => {
    // Two ways past what is held: more than 256 KiB in (bytes that barely compress: pushed piece by
    // piece), and more than 1 MiB out of a small body (counted at once first, then fed whole).
    const noisy = noise(300 * 1024, 0x2545f491)
    const roomy = Buffer.concat(Array.from({ length: 10 }, () => page)) // ≈ 2 MB of text
    const kinds: [AtOnceKind, string, (b: Uint8Array) => Uint8Array][] = [
      ['gzip', 'gzip', (b) => gzipSync(b)],
      ['deflate', 'deflate', (b) => deflateSync(b)],
      ['deflate-raw', 'deflate', (b) => deflateRawSync(b)],
      ['br', 'br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_QUALITY]: 4 } })],
    ]
    let seen = 0
    const outcomes = new Set<string>()
    for (const [kind, coding, compress] of kinds) {
      for (const source of [noisy, roomy]) {
        const whole = Buffer.from(compress(source))
        const bodies = [whole, ...damaged(whole, [whole.length >> 1, whole.length - 8, whole.length - 1], 8)]
        for (const body of bodies) {
          for (const cap of [MAX_DECODED_BODY_BYTES, source.length - 1]) {
            // "deflate" is zlib-wrapped or raw by its first two bytes (RFC 1950's header check), as
            // the decoder reads it: a corrupted first byte makes a wrapped body raw.
            const as: AtOnceKind = coding === 'deflate' ? ((body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0 ? 'deflate' : 'deflate-raw') : kind
            for (const piece of [1460, body.length]) {
              const expected = await throughStreams(as, coding, body, piece, cap)
              const got = decoded(await decodeInPieces(body, [coding], piece, { maxInputBytes: MAX_DECODED_BODY_BYTES, maxOutputBytes: cap }))
              expect(got, `${kind}, ${body.length} bytes from ${source.length}, cap ${cap}, pieces of ${piece}`).toBe(expected)
              seen += 1
              outcomes.add(expected.split(' ')[0]!)
            }
          }
        }
      }
    }
    // Every outcome is reached, so the comparison is not one of sizes only.
    expect(seen).toBe(4 * 2 * 15 * 2 * 2)
    expect([...outcomes].sort()).toEqual(['HTTP_BAD_CONTENT_ENCODING', 'HTTP_BODY_TOO_LARGE', 'size'])
  })

  it('keeps no output: a 64 MiB brotli bomb read twice adds no buffers outside the JS heap (zlib\'s streams made one per 16 KiB out)', async () => {
    const bomb = await brotliBomb(80, { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_LGWIN]: 24 })
    const outside = () => process.memoryUsage().external + process.memoryUsage().arrayBuffers
    const before = outside()
    let peak = before
    for (let run = 0; run < 2; run++) {
      const decoder = new ContentDecoder(['br'])
      for (let o = 0; o < bomb.length; o += 1460) {
        decoder.push(bomb.subarray(o, o + 1460))
        peak = Math.max(peak, outside())
      }
      expect((await decoder.finish()).error?.code).toBe('HTTP_BODY_TOO_LARGE')
    }
    // zlib's streams gave each 16 KiB of output a new buffer: tens of MiB of them before V8 collected.
    expect(peak - before).toBeLessThan(4 * 1024 * 1024)
  })
})

describe('WindowBudget: what the bodies of a capture hold at once', () => {
  it('holds small bodies whole up to its held budget, then inflates them as they arrive, then refuses past its window budget; a body gives back what it held', async () => {
    // 200 KiB that barely compress: held whole until it ends, in a buffer as large as what came.
    const page200 = noise(200 * 1024, 0x68e31da4)
    const body = gzipSync(page200)
    const half = body.subarray(0, body.length >> 1)
    const rest = body.subarray(half.length)
    // Room to hold two halves whole, and one gzip stream's state.
    const budget = new WindowBudget(64 * 1024, 2 * half.length)
    const [d0, d1, d2, d3] = Array.from({ length: 4 }, () => new ContentDecoder(['gzip'], undefined, undefined, budget))
    for (const d of [d0!, d1!, d2!, d3!]) d.push(half)
    // d0 and d1 are held; d2 is inflated as it arrives; d3 finds no room for that either.
    expect(await d3!.done).toEqual({ decodedBytes: null, error: expect.objectContaining({ code: 'HTTP_DECODE_BUDGET', message: '1 other compressed body was being decompressed at once, holding 0.06 MiB of decompression state; this one needs 0.06 MiB more, past the 0.06 MiB Wiretrail holds at once, so its decoded size is not counted' }) })
    d2!.push(rest)
    expect(await d2!.finish()).toEqual({ decodedBytes: page200.length, error: null })
    // d0's rest finds the held budget full: it goes on as it arrives, in the state d2 gave back.
    d0!.push(rest)
    expect(await d0!.finish()).toEqual({ decodedBytes: page200.length, error: null })
    // d1's rest fits in what d0 gave back: held whole, inflated at once.
    d1!.push(rest)
    expect(await d1!.finish()).toEqual({ decodedBytes: page200.length, error: null })
  })
})

describe('decodeContent: a whole body, kept (the recorder)', () => {
  it('stops at the bound instead of inflating a bomb', () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024))
    expect(() => decodeContent(bomb, ['gzip'], 1 << 20)).toThrow(expect.objectContaining({ code: 'HTTP_BODY_TOO_LARGE' }))
    expect(Buffer.from(decodeContent(brotliCompressSync(page), ['br'], 1 << 20).bytes).equals(page)).toBe(true)
  })
})

describe('countInflated: a body inflated at once is counted by a reused inflater', () => {
  /** What zlib's one-shot function gives: the size, or the error's kind and text. */
  function outcome(run: () => number): string {
    try {
      return `size ${run()}`
    } catch (error) {
      const e = error as Error & { code?: string }
      return e instanceof RangeError || e.code === 'ERR_BUFFER_TOO_LARGE' ? 'too large' : `error ${e.message}`
    }
  }

  it('gives what zlib\'s one-shot functions give, size or error, for whole, cut, corrupted, padded, concatenated and oversized bodies of every kind, body after body', () => {
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `row ${i} ${'ab'.repeat(i % 23)} ${(i * 7919) % 1000}\n`).join(''))
    const zeros = new Uint8Array(3 * 1024 * 1024)
    const kinds: [AtOnceKind, (b: Uint8Array) => Uint8Array][] = [
      ['gzip', (b) => gzipSync(b)],
      ['deflate', (b) => deflateSync(b)],
      ['deflate-raw', (b) => deflateRawSync(b)],
      ['br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_LGWIN]: 18 } })],
    ]
    let seen = 0
    let errors = 0
    let tooLarge = 0
    for (const [kind, compress] of kinds) {
      const whole = Buffer.from(compress(text))
      const bomb = Buffer.from(compress(zeros))
      // Cut at ten places, and one byte changed at 40 places across the body (header, data, trailer).
      const bodies: Uint8Array[] = [whole, bomb, new Uint8Array(0), Buffer.from('<html>not compressed</html>'), ...damaged(whole, [1, 2, 5, 10, 11, 100, whole.length >> 1, whole.length - 8, whole.length - 4, whole.length - 1], 40)]
      for (const body of bodies) {
        for (const cap of [1024 * 1024, text.length, text.length - 1, 16384, 100]) {
          const expected = outcome(() => inflateAtOnce(kind, body, cap).length)
          expect(outcome(() => countInflated(kind, body, cap)), `${kind}, ${body.length} bytes, cap ${cap}`).toBe(expected)
          seen += 1
          if (expected.startsWith('error')) errors += 1
          if (expected === 'too large') tooLarge += 1
        }
      }
    }
    // The cases reach every outcome, so the comparison is not one of sizes only.
    expect(seen).toBe(4 * 57 * 5)
    expect(errors).toBeGreaterThan(200)
    expect(tooLarge).toBeGreaterThan(40)
    expect(outcome(() => countInflated('gzip', gzipSync(text), 1 << 20))).toBe(`size ${text.length}`)
    // On this Node the bodies were counted in place, not by the one-shot functions it falls back to.
    for (const [kind] of kinds) expect(countsInPlace(kind), kind).toBe(true)
  })
})
