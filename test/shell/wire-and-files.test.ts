// Pieces the shells rely on: bytes survive the JSON channel, capture formats are recognised by
// their magic numbers with errors that quote the bytes, Save As renames the journal's capture, and
// a download name cannot escape its folder.
import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from '../../src-main/shared/api-wire.ts'
import { notACaptureError, safeFileName, sniffCaptureFormat, withCaptureExtension } from '../../src-main/services/capture-files.ts'
import { rewriteJournalCaptureFile } from '../../src-main/shared/journal.ts'
import { cspFromHtml, headerCsp, isStrictCsp, STRICT_CSP } from '../../src-main/shell/security.ts'
import { fileNameFromDisposition } from '../../src-renderer/api/downloads.ts'
import { shellBasePath } from '../../src-renderer/api/browser-client.ts'

describe('wire codec', () => {
  it('carries Uint8Array and Buffer as base64 and back', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256)
    const text = encodeWire({ ok: true, value: { frame: 1, bytes, buffer: Buffer.from([1, 2, 3]) } })
    expect(text).toContain('"$bytes":"AAECAwQF')
    const decoded = decodeWire(text) as { value: { bytes: Uint8Array; buffer: Uint8Array } }
    expect(decoded.value.bytes).toBeInstanceOf(Uint8Array)
    expect([...decoded.value.bytes]).toEqual([...bytes])
    expect([...decoded.value.buffer]).toEqual([1, 2, 3])
  })

  it('leaves look-alike objects alone', () => {
    expect(decodeWire('{"$bytes": 5}')).toEqual({ $bytes: 5 })
    expect(decodeWire('{"$bytes": "AA==", "x": 1}')).toEqual({ $bytes: 'AA==', x: 1 })
  })
})

describe('capture formats', () => {
  it('knows the four pcap magics and pcapng', () => {
    for (const magic of ['a1b2c3d4', 'd4c3b2a1', 'a1b23c4d', '4d3cb2a1']) expect(sniffCaptureFormat(Buffer.from(magic, 'hex'))).toBe('pcap')
    expect(sniffCaptureFormat(Buffer.from('0a0d0d0a', 'hex'))).toBe('pcapng')
    expect(sniffCaptureFormat(Buffer.from('<!DO'))).toBeNull()
    expect(sniffCaptureFormat(Buffer.from('d4c3'))).toBeNull()
  })

  it('says what the bytes were', () => {
    expect(notACaptureError('page.html', Buffer.from('<!DOCTYPE')).message).toBe(
      'page.html is not a pcap or pcapng capture: it starts with bytes 3c 21 44 4f (a pcap file starts with a1 b2 c3 d4, d4 c3 b2 a1, a1 b2 3c 4d or 4d 3c b2 a1; a pcapng file with 0a 0d 0d 0a)',
    )
    expect(notACaptureError('empty.pcap', new Uint8Array()).code).toBe('CAPTURE_EMPTY_FILE')
    expect(notACaptureError('x.pcap', Buffer.from([0xd4, 0xc3])).message).toBe('x.pcap is only 2 byte(s) long: too short for a pcap or pcapng header')
  })

  it('makes safe names and swaps extensions', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('C:\\Users\\me\\캡처 1.pcap')).toBe('캡처_1.pcap')
    expect(safeFileName('...')).toBe('capture')
    expect(withCaptureExtension('trace.pcap', 'pcapng')).toBe('trace.pcapng')
    expect(withCaptureExtension('trace.PCAPNG', 'pcap')).toBe('trace.pcap')
    expect(withCaptureExtension('trace.bin', 'pcap')).toBe('trace.bin.pcap')
  })
})

describe('journal on Save As', () => {
  it('renames the capture in the first record and copies every other line byte for byte', () => {
    const lines = [
      JSON.stringify({ type: 'recording', version: 1, typedUrl: 'x', capture: { file: 'wiretrail-1.pcapng', format: 'pcapng' } }),
      '{"type":"socket","event":{"kind":"socket"}}',
      '{"type":"end","at":1,"ok":true}',
      '',
    ]
    const out = rewriteJournalCaptureFile(lines.join('\n'), 'mine.pcap', 'pcap').split('\n')
    expect(JSON.parse(out[0]!)).toMatchObject({ type: 'recording', typedUrl: 'x', capture: { file: 'mine.pcap', format: 'pcap' } })
    expect(out.slice(1)).toEqual(lines.slice(1))
    expect(rewriteJournalCaptureFile('garbage\n{"a":1}\n', 'a.pcap', 'pcap')).toBe('garbage\n{"a":1}\n')
  })
})

describe('content security policy', () => {
  it('takes the page’s policy when it is strict, adding frame-ancestors', () => {
    const html = `<meta charset="utf-8"><meta
      http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'self'; img-src 'self' data:" />`
    expect(cspFromHtml(html)).toBe("default-src 'none'; script-src 'self'; img-src 'self' data:")
    expect(headerCsp(html)).toBe("default-src 'none'; script-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
  })

  it('falls back to the strict policy for a loose or missing one', () => {
    expect(isStrictCsp("default-src 'self'; script-src 'self' 'unsafe-eval'")).toBe(false)
    expect(isStrictCsp("default-src *")).toBe(false)
    expect(isStrictCsp("default-src 'none'; script-src https://cdn.example")).toBe(false)
    expect(headerCsp('<meta http-equiv="Content-Security-Policy" content="default-src *">')).toBe(STRICT_CSP)
    expect(headerCsp('<html></html>')).toBe(STRICT_CSP)
  })
})

describe('browser client helpers', () => {
  it('finds the token prefix in the page path', () => {
    expect(shellBasePath('/AbCdEfGhIjKlMnOpQrStUvWxYz012345/')).toBe('/AbCdEfGhIjKlMnOpQrStUvWxYz012345/')
    expect(shellBasePath('/AbCdEfGhIjKlMnOpQrStUvWxYz012345/index.html')).toBe('/AbCdEfGhIjKlMnOpQrStUvWxYz012345/')
    expect(() => shellBasePath('/')).toThrow('has no access token')
  })

  it('reads download names from Content-Disposition', () => {
    expect(fileNameFromDisposition(`attachment; filename="_.pcap"; filename*=UTF-8''%EC%BA%A1%EC%B2%98.pcap`, 'x')).toBe('캡처.pcap')
    expect(fileNameFromDisposition('attachment; filename="a.pcapng"', 'x')).toBe('a.pcapng')
    expect(fileNameFromDisposition(null, 'fallback')).toBe('fallback')
  })
})
