// The body view (AnalyzedCapture.httpBody): the whole body, reassembled from every segment,
// de-chunked and decompressed — the same bytes tshark's "Export Objects → HTTP" writes — with the
// bytes as sent beside it (which frame carried which, the chunk layout), bounded.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad } from '../../src-main/recorder/index.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { wholeLesson } from '../support/lesson.ts'
import { runPeer } from './peers.ts'

const BLOCK = 190 // 127.190.0.0/16: this file's lab
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('the body view', () => {
  const dir = scratchDir('http-body')

  for (const name of ['http-pipelined-requests.pcap', 'http-ipv6-rawip-chunked.pcap', 'http-chunked-gzip-100-continue.pcap', 'http-espn-pageload-images-gzip.pcapng']) {
    it(`is the whole decoded body, as tshark exports it: ${name}`, async () => {
      const out = join(dir, name)
      mkdirSync(out)
      await runPeer('tshark', ['-n', '-r', join(CORPUS_DIR, name), '-q', '--export-objects', `http,${out}`], { check: true })
      const exported = readdirSync(out).map((file) => sha(readFileSync(join(out, file))))
      expect(exported.length).toBeGreaterThan(2)
      const a = await analyzeCapture(join(CORPUS_DIR, name))
      try {
        const ours = new Set<string>()
        for (let i = 0; i < a.walkthrough.counts.http; i++) {
          const exchange = (await a.entities({ http: [i] })).http[i]!
          // tshark exports request bodies (a POST's form) as well as responses.
          const request = await a.httpBody(i, 'request')
          if (request.decodedTotal > 0) ours.add(sha(request.decoded))
          if (exchange.status === null) continue
          const body = await a.httpBody(i, 'response')
          if (body.decodedTotal === 0) continue
          expect(body.decoded.length, `exchange ${i}`).toBe(body.decodedTotal)
          expect(body.decodedTotal, `exchange ${i}`).toBe(exchange.bodyBytes!.decoded)
          // Every byte as sent that was captured is accounted for by a segment of one frame.
          if (body.complete) expect(body.segments.reduce((n, s) => n + s.length, 0)).toBe(body.wireTotal)
          // A plain chunked body: its chunks add up to the body.
          if (body.chunks.length && body.codings.length === 0) expect(body.chunks.reduce((n, c) => n + c.size, 0)).toBe(body.decodedTotal)
          ours.add(sha(body.decoded))
        }
        for (const digest of exported) expect(ours, `tshark's export ${digest.slice(0, 12)} is one of our bodies`).toContain(digest)
      } finally {
        await a.close()
      }
    })
  }

  it('shows a chunked body as sent: size lines, data and CRLFs, with the chunks located', async () => {
    const a = await analyzeCapture(join(CORPUS_DIR, 'http-ipv6-rawip-chunked.pcap'))
    try {
      const i = wholeLesson(a).http.findIndex((h) => h.uri === '/header.shtml')
      const body = await a.httpBody(i, 'response')
      expect(body.transferEncoding).toBe('chunked')
      expect(body.wireTotal).toBe(wholeLesson(a).http[i]!.bodyBytes!.wire)
      expect(body.chunks.map((c) => c.size)).toEqual([1384, 5, 62, 0])
      const text = new TextDecoder('latin1').decode(body.wire)
      for (const c of body.chunks) expect(text.slice(c.offset, c.offset + c.headerLength)).toBe(`${c.size.toString(16)}\r\n`)
      // De-chunked, the body is the data of the chunks, in order.
      const data = body.chunks.flatMap((c) => [...body.wire.subarray(c.offset + c.headerLength, c.offset + c.headerLength + c.size)])
      expect(Buffer.from(body.decoded).equals(Buffer.from(data))).toBe(true)
    } finally {
      await a.close()
    }
  })

  it('a compression bomb ends in a coded note instead of gigabytes', async () => {
    const a = await analyzeCapture(join(CORPUS_DIR, 'fuzz-found', 'crafted-blowup-http-gzip-bomb-512MiB.pcap'))
    try {
      const body = await a.httpBody(0, 'response')
      expect(body.note?.code).toBe('HTTP_BODY_TOO_LARGE')
      expect(body.decoded.length).toBeLessThanOrEqual(body.limit)
      expect(body.codings).toEqual([])
    } finally {
      await a.close()
    }
  })

  it('names an exchange that does not exist', async () => {
    const a = await analyzeCapture(join(CORPUS_DIR, 'http-1.0-get.pcap'))
    try {
      await expect(a.httpBody(a.walkthrough.counts.http, 'response')).rejects.toMatchObject({ code: 'ANALYZER_BAD_EXCHANGE' })
    } finally {
      await a.close()
    }
  })

  describe('a recorded lab page', () => {
    let lab: RunningLab
    let output = ''
    beforeAll(async () => {
      lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
      output = join(dir, 'sample.pcapng')
      const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output, format: 'pcapng', lab })
      expect(result.ok).toBe(true)
    })
    afterAll(async () => {
      await lab?.close()
    })

    it('gazou.jpg starts with FF D8 and is the lab\'s file byte for byte, from all of its segments', async () => {
      const a = await analyzeCapture(output)
      try {
        const i = wholeLesson(a).http.findIndex((h) => h.uri === '/gazou.jpg')
        const exchange = wholeLesson(a).http[i]!
        const body = await a.httpBody(i, 'response')
        const file = readFileSync(resolve(import.meta.dirname, '../../assets/lab/www/common/gazou.jpg'))
        expect([...body.decoded.subarray(0, 2)]).toEqual([0xff, 0xd8])
        expect(Buffer.from(body.decoded).equals(file)).toBe(true)
        expect(body.decodedTotal).toBe(exchange.bodyBytes!.decoded)
        // More than one segment carried it, each named by its frame, all among the response's frames.
        expect(body.segments.length).toBeGreaterThan(1)
        for (const s of body.segments) expect(exchange.responseFrames).toContain(s.frame)
        expect(body.complete).toBe(true)
      } finally {
        await a.close()
      }
    })
  })
})
