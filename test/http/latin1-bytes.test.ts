// A head's bytes 0x80–0x9F (obs-text, RFC 9110 §5.5) read as the code points of their values,
// U+0080–U+009F, in the framer (the recorder's response parser, the analyzer's HTTP stream) and in
// the packet pane's HTTP dissector, on every Node version: decode/core.ts latin1 says why it is not
// TextDecoder('latin1'), which is windows-1252 (0x80 → €) on some versions and not on others.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { latin1 } from '../../src-main/decode/core.ts'
import { Http1Framer, type Http1Head } from '../../src-main/http/framer.ts'
import type { DecodedField } from '../../src-main/shared/walkthrough.ts'
import { ACK, ipv4, PSH, tcp, writePcap } from '../analyzer/frames.ts'
import { scratchDir } from '../support/scratch.ts'

/** Bytes 0x80 to 0x9F, and the text they are. */
const C1 = Array.from({ length: 32 }, (_, i) => 0x80 + i)
const C1_TEXT = String.fromCharCode(...C1)
/** A request whose field X-Bytes holds those bytes between "a" and "z". */
const HEAD = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: lab\r\nX-Bytes: a', 'latin1'), Buffer.from(C1), Buffer.from('z\r\n\r\n', 'latin1')])

describe('header bytes 0x80–0x9F', () => {
  it('are their own code points, every byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    expect([...latin1(all)].map((c) => c.charCodeAt(0))).toEqual([...all])
    // A part of a view into a larger buffer: offsets are the view's.
    const big = Buffer.concat([Buffer.from('xx'), Buffer.from(C1)])
    const view = new Uint8Array(big.buffer, big.byteOffset + 2, C1.length)
    expect(latin1(view, 1, 3)).toBe('\u0081\u0082')
    // Short and long texts alike (latin1 makes up to 16 characters one by one), cut to the bytes there.
    for (const n of [1, 16, 17, 32]) expect(latin1(view, 0, n)).toBe(C1_TEXT.slice(0, n))
    expect(latin1(view, 30, 40)).toBe(C1_TEXT.slice(30))
    expect(latin1(view, 5, 5)).toBe('')
  })

  for (const mode of ['strict', 'tolerant'] as const) {
    for (const size of [HEAD.length, 1]) {
      it(`read by the ${mode} framer, the head pushed ${size === 1 ? 'a byte at a time' : 'whole'}`, () => {
        const heads: Http1Head[] = []
        const framer = new Http1Framer({ head: (h) => void heads.push(h), complete: () => {} }, { kind: 'request', mode })
        for (let i = 0; i < HEAD.length; i += size) framer.push(HEAD, i, Math.min(HEAD.length, i + size))
        expect(heads).toHaveLength(1)
        expect(heads[0]!.fields.get('x-bytes')).toBe(`a${C1_TEXT}z`)
        expect(heads[0]!.text).toContain(`X-Bytes: a${C1_TEXT}z\r\n`)
      })
    }
  }

  it('read by the packet pane, on a captured request', async () => {
    const path = join(scratchDir('latin1'), 'c1-header.pcap')
    writePcap(path, [ipv4('10.0.0.1', '10.0.0.2', 6, tcp(40000, 80, 1, 1, PSH | ACK, HEAD))])
    const { reader } = await runAnalysis(path)
    const detail = await reader.detail(1)
    await reader.close()
    const fields: DecodedField[] = detail.layers.flatMap((l) => l.fields)
    expect(fields.find((f) => f.key === 'http.x_bytes')).toMatchObject({ value: `a${C1_TEXT}z`, length: 'X-Bytes: a'.length + 32 + 3 })
  })
})

describe('the sources', () => {
  it('decode no bytes with a TextDecoder label the Encoding Standard makes windows-1252', () => {
    // latin1, ascii, iso-8859-1 and their aliases all name windows-1252 there, which Node follows
    // in some versions only: such text goes through decode/core.ts latin1 instead.
    const root = resolve(import.meta.dirname, '..', '..')
    const files = ['src-main', 'src-renderer'].flatMap((dir) => (readdirSync(join(root, dir), { recursive: true }) as string[]).filter((f) => /\.(ts|vue)$/.test(f)).map((f) => join(root, dir, f)))
    expect(files.length).toBeGreaterThan(100)
    const label = /TextDecoder\(\s*['"`](latin1|l1|ascii|us-ascii|iso-8859-1|iso8859-1|iso_8859-1|cp1252|windows-1252|x-cp1252)['"`]/i
    expect(files.filter((f) => label.test(readFileSync(f, 'utf8')))).toEqual([])
  })
})
