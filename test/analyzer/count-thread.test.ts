// Compressed bodies counted on a thread of their own (count-thread.ts): every body gets what
// counting it on the pass's thread gives — the same size, or the same coded note with the same
// words — whether the thread counted it, the arenas were all in flight and it was counted here,
// or the thread failed (could not start, died at its first batch, died while loading). And a
// capture whose compressed bodies are many and open at once, across reads of the file, is read to
// the end with every size right (before, more than 64 bodies still arriving at a read's end made
// the pass wait for ever).
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ARENA_BYTES, CountingThread, MAX_ARENAS, type CountingThreadOptions } from '../../src-main/analyzer/count-thread.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { COUNT_IN_THIS_THREAD, ContentDecoder, type ContentDecodeResult, type HeldBodyCounter } from '../../src-main/http/content-coding.ts'
import type { Walkthrough } from '../../src-main/shared/walkthrough.ts'
import { withAllWords } from '../support/lesson.ts'
import { scratchDir } from '../support/scratch.ts'
import { ACK, ipv4, PSH, SYN, tcp, writePcap } from './frames.ts'

/** Bytes that barely compress (a xorshift sequence), so a body's compressed size is about its own. */
function noise(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length)
  let x = seed | 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    b[i] = 0x61 + ((x >>> 0) % 26)
  }
  return b
}

const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `row ${i} ${'ab'.repeat(i % 23)} ${(i * 7919) % 1000}\n`).join(''))

/** Bodies of every kind and outcome: whole, cut, corrupted, padded, stacked, empty, at and past the
 * at-once output (1 MiB: to the streams) and at and past a body's limit. */
function cases(): { codings: string[]; body: Uint8Array; limits?: { maxInputBytes: number; maxOutputBytes: number } }[] {
  const out: ReturnType<typeof cases> = []
  const kinds: [string, (b: Uint8Array) => Uint8Array][] = [
    ['gzip', (b) => gzipSync(b)],
    ['deflate', (b) => deflateSync(b)],
    ['deflate', (b) => deflateRawSync(b)],
    ['br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_LGWIN]: 18 } })],
  ]
  for (const [coding, compress] of kinds) {
    const whole = Buffer.from(compress(text))
    const bodies: Uint8Array[] = [whole, Buffer.concat([whole, whole]), Buffer.concat([whole, Buffer.from('trailing bytes')]), Buffer.from('<html>not compressed</html>'), whole.subarray(0, 1)]
    for (const cut of [2, 10, whole.length >> 1, whole.length - 4, whole.length - 1]) bodies.push(whole.subarray(0, cut))
    for (let k = 0; k < 12; k++) {
      const bad = Buffer.from(whole)
      const at = Math.floor((k * (bad.length - 1)) / 11)
      bad[at] = bad[at]! ^ (0x5a + k)
      bodies.push(bad)
    }
    // Exactly 1 MiB out (counted at once), one byte more (the streams count it), and a limit met
    // exactly or passed by one byte where the limit is the at-once cap (the count says too large).
    bodies.push(compress(new Uint8Array(1 << 20)), compress(new Uint8Array((1 << 20) + 1)))
    for (const body of bodies) out.push({ codings: [coding], body })
    out.push({ codings: [coding], body: whole, limits: { maxInputBytes: 1 << 20, maxOutputBytes: text.length } })
    out.push({ codings: [coding], body: whole, limits: { maxInputBytes: 1 << 20, maxOutputBytes: text.length - 1 } })
  }
  out.push({ codings: ['deflate', 'gzip'], body: gzipSync(deflateSync(text)) })
  out.push({ codings: ['deflate', 'gzip'], body: gzipSync(Buffer.from('not deflate at all')) })
  out.push({ codings: ['gzip', 'br'], body: brotliCompressSync(gzipSync(new Uint8Array(3 << 20))) })
  out.push({ codings: ['gzip'], body: gzipSync(new Uint8Array(64 * 1024 * 1024)) })
  out.push({ codings: ['gzip'], body: gzipSync(new Uint8Array(64 * 1024 * 1024 + 1)) })
  return out
}

/** Each case through a ContentDecoder counting with `counter`, fed in 1460-byte pieces. */
async function decodeAll(counter: HeldBodyCounter, all: ReturnType<typeof cases>, between?: () => void): Promise<ContentDecodeResult[]> {
  const results: Promise<ContentDecodeResult>[] = []
  for (const { codings, body, limits } of all) {
    const decoder = new ContentDecoder(codings, limits, counter)
    for (let o = 0; o < body.length; o += 1460) decoder.push(body.subarray(o, o + 1460))
    results.push(decoder.finish())
    between?.()
  }
  return Promise.all(results)
}

/** A result as the walkthrough keeps it: the size, or the note's code and words. */
const shown = (r: ContentDecodeResult) => (r.error ? `${r.error.code}: ${r.error.message}` : `size ${r.decodedBytes}`)

/** Every case counted by a CountingThread made with `options`, sent in batches of five bodies (as
 * the pass sends one per read); what each body got, and whether the thread was still running. */
async function countedThere(all: ReturnType<typeof cases>, options: CountingThreadOptions): Promise<{ results: string[]; running: boolean }> {
  const counter = new CountingThread({ ...options, startAfterBytes: 0 })
  try {
    let n = 0
    const there = decodeAll(counter, all, () => {
      if (++n % 5 === 0) void counter.backlog()
    })
    await counter.drained()
    return { results: (await there).map(shown), running: counter.running }
  } finally {
    counter.close()
  }
}

describe('counting on another thread', () => {
  const all = cases()

  it('gives every body what counting it on this thread gives: size, or the same coded note', async () => {
    const here = (await decodeAll(COUNT_IN_THIS_THREAD, all)).map(shown)
    // The outcomes compared are of every kind, not sizes alone.
    expect(here.filter((r) => r.startsWith('size')).length).toBeGreaterThan(20)
    expect(here.filter((r) => r.startsWith('HTTP_BAD_CONTENT_ENCODING')).length).toBeGreaterThan(20)
    expect(here.filter((r) => r.startsWith('HTTP_BODY_TOO_LARGE')).length).toBeGreaterThanOrEqual(5)
    expect(here).toContain(`size ${64 * 1024 * 1024}`)
    expect(await countedThere(all, {})).toEqual({ results: here, running: true })
  })

  it('many bodies at once: never more than its arenas in flight, the rest counted here, all right', async () => {
    const bodies = Array.from({ length: 120 }, (_, i) => ({ codings: ['gzip'], body: gzipSync(noise(200_000 + i, i + 1)) }))
    const counter = new CountingThread({ startAfterBytes: 0 })
    try {
      let most = 0
      // No flush between bodies: every arena fills (about five bodies each) and goes.
      const there = decodeAll(counter, bodies, () => (most = Math.max(most, counter.batchesInFlight)))
      expect(most).toBe(MAX_ARENAS)
      await counter.drained()
      expect((await there).map(shown)).toEqual(bodies.map((_, i) => `size ${200_000 + i}`))
      expect(120 * 200_000).toBeGreaterThan(MAX_ARENAS * ARENA_BYTES)
    } finally {
      counter.close()
    }
  })

  const failing: [string, CountingThreadOptions['start']][] = [
    ['dies at its first batch', () => new Worker("require('node:worker_threads').parentPort.once('message', () => process.exit(3))", { eval: true })],
    ['throws while it loads', () => new Worker("throw new Error('cannot load')", { eval: true })],
    ['cannot be started', () => null],
    ['throws when started', () => {
      throw new Error('no threads here')
    }],
  ]
  for (const [what, start] of failing) {
    it(`a counting thread that ${what}: the bodies are counted here, with the same results`, async () => {
      const here = (await decodeAll(COUNT_IN_THIS_THREAD, all)).map(shown)
      expect(await countedThere(all, { start })).toEqual({ results: here, running: false })
    })
  }
})

describe('a capture with many compressed bodies open at once', () => {
  it('reads to the end, and every body gets its size or its note, counted on the thread', async () => {
    // 80 connections, each answering with a gzip body sent in two halves; between the halves, a
    // plain 1.5 MiB body on connection 81 (so a read of the file ends while all 80 are open).
    // About 7 MB of bodies to count: past START_AFTER_BYTES, so most are counted on the thread.
    const frames: Uint8Array[] = []
    const conns = 81
    const pages = Array.from({ length: conns - 1 }, (_, i) => noise(80_000 + i, 7 * i + 3))
    const bodies = pages.map((p) => gzipSync(p))
    // Two of them do not decompress as sent: one byte changed in the middle, and a bomb past 64 MiB.
    const corrupted = Buffer.from(bodies[70]!)
    corrupted[corrupted.length >> 1] = corrupted[corrupted.length >> 1]! ^ 0xff
    bodies[70] = corrupted
    bodies[71] = gzipSync(new Uint8Array(64 * 1024 * 1024 + 1))
    const big = noise(1_500_000, 99)
    const client = (k: number) => `127.150.${k >> 8}.${(k & 255) + 1}`
    const S = '127.150.9.80'
    const req = (k: number) => Buffer.from(`GET /page${k} HTTP/1.1\r\nHost: lab.test\r\n\r\n`)
    const head = (k: number) => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n${k < conns - 1 ? 'Content-Encoding: gzip\r\n' : ''}Content-Length: ${k < conns - 1 ? bodies[k]!.length : big.length}\r\n\r\n`)
    const seq = new Map<number, number>()
    const send = (k: number, payload: Buffer) => {
      for (let o = 0; o < payload.length; o += 60_000) {
        const s = seq.get(k)!
        const piece = payload.subarray(o, o + 60_000)
        frames.push(ipv4(S, client(k), 6, tcp(80, 40000 + k, s, 1001 + req(k).length, PSH | ACK, piece)))
        seq.set(k, s + piece.length)
      }
    }
    for (let k = 0; k < conns; k++) {
      frames.push(ipv4(client(k), S, 6, tcp(40000 + k, 80, 1000, 0, SYN)))
      frames.push(ipv4(S, client(k), 6, tcp(80, 40000 + k, 5000, 1001, SYN | ACK)))
      frames.push(ipv4(client(k), S, 6, tcp(40000 + k, 80, 1001, 5001, ACK)))
      frames.push(ipv4(client(k), S, 6, tcp(40000 + k, 80, 1001, 5001, PSH | ACK, req(k))))
      seq.set(k, 5001)
    }
    for (let k = 0; k < conns - 1; k++) send(k, Buffer.concat([head(k), bodies[k]!.subarray(0, bodies[k]!.length >> 1)]))
    send(conns - 1, Buffer.concat([head(conns - 1), big]))
    for (let k = 0; k < conns - 1; k++) send(k, bodies[k]!.subarray(bodies[k]!.length >> 1))
    const path = join(scratchDir('count-thread'), 'many-open.pcap')
    writePcap(path, frames)

    const analysed = await runAnalysis(path)
    await analysed.reader.close()
    const w: Walkthrough = withAllWords(analysed.walkthrough)
    expect(w.http).toHaveLength(conns)
    const byUri = new Map(w.http.map((x) => [x.uri, x]))
    // What counting each body alone on this thread says (the bodies that do not decompress).
    const alone = async (body: Uint8Array) => {
      const d = new ContentDecoder(['gzip'])
      d.push(body)
      return d.finish()
    }
    for (let k = 0; k < conns - 1; k++) {
      const x = byUri.get(`/page${k}`)!
      expect(x.status, `page ${k}`).toBe(200)
      if (k === 70 || k === 71) {
        const r = await alone(bodies[k]!)
        expect(x, `page ${k}`).toMatchObject({ bodyBytes: { wire: bodies[k]!.length, decoded: bodies[k]!.length }, noteCode: r.error!.code, note: r.error!.message })
      } else expect(x.bodyBytes, `page ${k}`).toEqual({ wire: bodies[k]!.length, decoded: pages[k]!.length })
    }
    expect(byUri.get(`/page70`)!.noteCode).toBe('HTTP_BAD_CONTENT_ENCODING')
    expect(byUri.get(`/page71`)!.noteCode).toBe('HTTP_BODY_TOO_LARGE')
    expect(byUri.get(`/page${conns - 1}`)!.bodyBytes).toEqual({ wire: big.length, decoded: big.length })
  }, 120_000)
})
