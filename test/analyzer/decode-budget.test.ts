// A capture can keep any number of compressed bodies open at once, each holding its decompressor's
// state until its end: 32 KiB for gzip and deflate, up to 16 MiB for brotli. Interleaved responses,
// each a brotli stream with a 16 MiB window, took `wiretrail inspect` of a 30 MB capture to 1.8 GB.
// The bodies of one capture being decompressed at once share a budget (MAX_OPEN_WINDOW_BYTES): a body
// past it is shown as sent with a coded note saying why, the others get their sizes, and what a body
// held is given back when it ends, so later bodies are decompressed again.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { MAX_OPEN_WINDOW_BYTES } from '../../src-main/http/content-coding.ts'
import { withAllWords } from '../support/lesson.ts'
import { noise } from '../support/noise.ts'
import { scratchDir } from '../support/scratch.ts'
import { ACK, ipv4, PSH, SYN, tcp, writePcap } from './frames.ts'

const ROOT = join(import.meta.dirname, '..', '..')

/** 300 KiB that barely compress (a xorshift sequence), then 20 MiB of zeros, in brotli with a 16 MiB
 * window: past 256 KiB of input it is decompressed as it arrives, holding the whole window. */
function bodyAndPage(): { body: Buffer; decoded: number } {
  const noisy = noise(300 * 1024, 0x85ebca6b)
  const page = Buffer.concat([noisy, Buffer.alloc(20 << 20)])
  return { body: brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_QUALITY]: 5 } }), decoded: page.length }
}

/** `open` connections whose responses go out interleaved: every head with its body's first 280 KiB,
 * then every body's rest; then `after` connections one after another. `unended`: each response says
 * it is 100 bytes longer than its body, so no body ends (each is sent whole before the next). */
function capture(path: string, body: Buffer, open: number, after: number, unended = false): void {
  const frames: Uint8Array[] = []
  const server = '127.150.9.80'
  const client = (k: number) => `127.151.${k >> 8}.${(k & 255) + 1}`
  const request = (k: number) => Buffer.from(`GET /page${k} HTTP/1.1\r\nHost: lab.test\r\n\r\n`)
  const head = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\nContent-Length: ${body.length + (unended ? 100 : 0)}\r\n\r\n`)
  const next = new Map<number, number>()
  const connect = (k: number) => {
    frames.push(ipv4(client(k), server, 6, tcp(40000 + k, 80, 1000, 0, SYN)))
    frames.push(ipv4(server, client(k), 6, tcp(80, 40000 + k, 5000, 1001, SYN | ACK)))
    frames.push(ipv4(client(k), server, 6, tcp(40000 + k, 80, 1001, 5001, ACK)))
    frames.push(ipv4(client(k), server, 6, tcp(40000 + k, 80, 1001, 5001, PSH | ACK, request(k))))
    next.set(k, 5001)
  }
  const send = (k: number, bytes: Buffer) => {
    for (let o = 0; o < bytes.length; o += 60_000) {
      const piece = bytes.subarray(o, o + 60_000)
      frames.push(ipv4(server, client(k), 6, tcp(80, 40000 + k, next.get(k)!, 1001 + request(k).length, PSH | ACK, piece)))
      next.set(k, next.get(k)! + piece.length)
    }
  }
  const split = 280 * 1024
  for (let k = 0; k < open; k++) connect(k)
  for (let k = 0; k < open; k++) send(k, Buffer.concat([head, body.subarray(0, unended ? body.length : split)]))
  if (!unended) for (let k = 0; k < open; k++) send(k, body.subarray(split))
  for (let k = open; k < open + after; k++) {
    connect(k)
    send(k, Buffer.concat([head, body]))
  }
  writePcap(path, frames)
}

describe('compressed bodies decompressed at once share a budget', () => {
  const { body, decoded } = bodyAndPage()
  // Each holds its 16 MiB window and a little more: three fit in the budget, a fourth does not.
  const fit = Math.floor(MAX_OPEN_WINDOW_BYTES / ((16 << 20) + 64 * 1024))

  it('past it, a body is shown as sent and says why; the others get their sizes; what they held is given back', async () => {
    expect(fit).toBe(3)
    const path = join(scratchDir('decode-budget'), 'eight-open.pcap')
    capture(path, body, 8, 2)
    const analysed = await runAnalysis(path)
    await analysed.reader.close()
    const w = withAllWords(analysed.walkthrough)
    const byUri = new Map(w.http.map((x) => [x.uri, x]))
    expect(w.http).toHaveLength(10)
    for (let k = 0; k < 10; k++) {
      const x = byUri.get(`/page${k}`)!
      if (k < fit || k >= 8) {
        expect(x.bodyBytes, `page ${k}`).toEqual({ wire: body.length, decoded })
        expect(x.noteCode, `page ${k}`).toBeUndefined()
      } else {
        expect(x.bodyBytes, `page ${k}`).toEqual({ wire: body.length, decoded: body.length })
        expect(x.noteCode, `page ${k}`).toBe('HTTP_DECODE_BUDGET')
        // A body refused holds nothing: each after the third finds the same three open.
        expect(x.note, `page ${k}`).toBe('3 other compressed bodies were being decompressed at once, holding 48 MiB of decompression state; this one needs 16 MiB more, past the 64 MiB Wiretrail holds at once, so its decoded size is not counted')
      }
    }
  }, 120_000)

  it('keeps `wiretrail inspect` of 24 such bodies, none ended, within a fixed budget (it took 16 MiB per body)', () => {
    const path = join(scratchDir('decode-budget'), 'twenty-four-open.pcap')
    capture(path, body, 24, 0, true)
    const script = `
      const { main } = await import(${JSON.stringify(join(ROOT, 'src-main/cli/main.ts'))})
      const code = await main(['inspect', ${JSON.stringify(path)}, '--summary'])
      process.stderr.write('\\nSTATUS ' + code + ' MAXRSS ' + process.resourceUsage().maxRSS * 1024 + '\\n')
    `
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
    const status = /STATUS (\d+) MAXRSS (\d+)/.exec(run.stderr)
    expect(status, run.stderr).not.toBeNull()
    expect(Number(status![1])).toBe(0)
    // The process's own start (tsx, the worker) is ≈ 130 MB; 24 windows of 16 MiB would add 384 MiB.
    expect(Number(status![2])).toBeLessThan(130 * 1024 * 1024 + MAX_OPEN_WINDOW_BYTES + 64 * 1024 * 1024)
  }, 120_000)
})
