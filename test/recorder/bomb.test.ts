// Compression bombs from a hostile server (issue 12 item 2): a page of a few hundred KB that
// inflates to gigabytes. `record` used to inflate the whole body before checking its size and
// peaked at 2.3 GB; it must end with HTTP_BODY_TOO_LARGE having decoded no more than its bound
// (MAX_DECODED_BODY_BYTES), and keep a valid capture of what the server sent. Each recording runs
// in a process of its own (record-child.ts) so its peak memory is measured alone.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { constants, createBrotliCompress, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_DECODED_BODY_BYTES } from '../../src-main/http/content-coding.ts'
import { scratchDir, tshark } from './peers.ts'

const MiB = 1024 * 1024
/** What a recording process may peak at with a bomb: Node and the recorder's modules (about 100
 * MiB), the compressed body, and the decoded body up to its 64 MiB bound (measured: 167–172 MiB in
 * all), with room for the garbage collector's slack. The unbounded inflate took 2.3 GB. */
const PEAK_RSS_BOUND = 320 * MiB

/** 2 GiB of zeros as 32 gzip members of 64 MiB each (a gzip reader decodes every member). */
function gzipBomb(): Buffer {
  const member = gzipSync(Buffer.alloc(64 * MiB))
  return Buffer.concat(Array.from({ length: 32 }, () => member))
}

/** 1 GiB of zeros as one brotli stream. */
function brotliBomb(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const compressor = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1 } })
    const out: Buffer[] = []
    compressor.on('data', (chunk: Buffer) => out.push(chunk))
    compressor.on('end', () => resolve(Buffer.concat(out)))
    compressor.on('error', reject)
    const zeros = Buffer.alloc(64 * MiB)
    let written = 0
    const next = (): void => {
      if ((written += 1) > 16) compressor.end()
      else compressor.write(zeros, next)
    }
    next()
  })
}

interface ChildReport {
  ok: boolean
  error: { code: string; message: string } | null
  peakRss: number
  output: string
  journal: string
}

function recordInChild(url: string, output: string): Promise<ChildReport> {
  const script = join(import.meta.dirname, 'record-child.ts')
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script, JSON.stringify({ url, output, target: 'internet' })], { timeout: 120_000, maxBuffer: 1 * MiB }, (error, stdout, stderr) => {
      if (error) reject(new Error(`the recording process failed: ${stderr || error.message}`))
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport)
    })
  })
}

describe('a compression bomb from a server', () => {
  let server: Server
  let port = 0
  const bombs: Record<string, { coding: string; body: Buffer }> = {}

  beforeAll(async () => {
    bombs['/gzip-bomb.html'] = { coding: 'gzip', body: gzipBomb() }
    bombs['/br-bomb.html'] = { coding: 'br', body: await brotliBomb() }
    server = createServer((req, res) => {
      const bomb = bombs[req.url ?? '']
      if (bomb === undefined) return void res.writeHead(404).end()
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': bomb.coding, 'Content-Length': bomb.body.length })
      res.end(bomb.body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    port = (server.address() as { port: number }).port
  }, 60_000)
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it.each([
    ['gzip', '/gzip-bomb.html', '2 GiB'],
    ['br', '/br-bomb.html', '1 GiB'],
  ])('%s: record ends with HTTP_BODY_TOO_LARGE at the bound, with bounded memory and a valid capture (%s in %s)', async (coding, path) => {
    const body = bombs[path]!.body
    expect(body.length).toBeLessThan(3 * MiB)
    const output = join(scratchDir('bomb'), `${coding}.pcap`)
    const report = await recordInChild(`http://127.0.0.1:${port}${path}`, output)
    expect(report.ok).toBe(false)
    expect(report.error).toMatchObject({ code: 'HTTP_BODY_TOO_LARGE', message: `the ${coding}-compressed body (${body.length} bytes) expands past the limit of ${MAX_DECODED_BODY_BYTES} bytes` })
    expect(report.peakRss).toBeLessThan(PEAK_RSS_BOUND)
    // The capture holds every byte the server sent, and the journal says why the load ended.
    // (HTTP dissection off: tshark would inflate the bomb itself.)
    const sent = await tshark(['-r', output, '--disable-protocol', 'http', '-Y', `tcp.srcport == ${port}`, '-T', 'fields', '-e', 'tcp.len'])
    const payload = sent.trim().split('\n').reduce((sum, n) => sum + Number(n), 0)
    expect(payload).toBeGreaterThan(body.length)
    const end = JSON.parse(readFileSync(report.journal, 'utf8').trim().split('\n').at(-1)!) as { type: string; ok: boolean; error?: { code: string } }
    expect(end).toMatchObject({ type: 'end', ok: false, error: { code: 'HTTP_BODY_TOO_LARGE' } })
  }, 180_000)
})
