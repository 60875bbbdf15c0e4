// analyzeCapture() through its worker thread (started from source via tsx here): progress, the
// walkthrough, detail(frame) with byte offsets that point at the right bytes, paging, errors.
import { describe, expect, it } from 'vitest'
import { analyzeCapture } from '../../src-main/analyzer/index.ts'
import type { DecodedField } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { wholeLesson } from '../support/lesson.ts'

const DIR = `${CORPUS_DIR}/`
const find = (fields: DecodedField[], key: string): DecodedField | undefined => {
  for (const f of fields) {
    if (f.key === key) return f
    const c = f.children && find(f.children, key)
    if (c) return c
  }
  return undefined
}

describe('analyzeCapture (worker thread)', () => {
  it('analyses off-thread, reports progress, and serves field offsets that match the bytes', async () => {
    const progress: number[] = []
    const a = await analyzeCapture(`${DIR}dns-iterative-lab-root-referrals.pcap`, { onProgress: (p) => progress.push(p.bytesRead) })
    try {
      expect(a.walkthrough.packets).toBe(18)
      expect(progress.at(-1)).toBe(1650)
      // A capture taken at a recursive resolver (12.0.0.10): the client's question, and nested under
      // it the resolver's walk (with its priming query ". NS" to the root).
      const chain = wholeLesson(a).resolutions.find((r) => r.walkedBy === '12.0.0.10:53')!
      expect(chain.hops.map((h) => [h.leg, h.zone, h.outcome])).toEqual([['stub', '(recursive)', 'answer'], ['walk', '.', 'referral'], ['walk', '.', 'answer'], ['walk', 'net.', 'referral'], ['walk', 'emp2.net.', 'answer']])
      const q = wholeLesson(a).dns.find((d) => d.id === 0x3361)!
      const d = await a.detail(q.query_frame!)
      const dns = d.layers.find((l) => l.name.startsWith('Domain Name System'))!
      const id = find(dns.fields, 'dns.id')!
      expect((d.bytes[id.offset]! << 8) | d.bytes[id.offset + 1]!).toBe(0x3361)
      const rd = find(dns.fields, 'dns.flags.recdesired')!
      expect(rd).toMatchObject({ offset: id.offset + 2, length: 2, mask: 0x0100, value: false })
      const name = find(dns.fields, 'dns.qry.name')!
      expect(new TextDecoder().decode(d.bytes.subarray(name.offset + 1, name.offset + 4))).toBe('pc2')
      const page = await a.frames(5, 3)
      expect(page.map((f) => f.frame)).toEqual([5, 6, 7])
      expect(page[1]!.protocol).toBe('DNS')
      await expect(a.detail(99)).rejects.toMatchObject({ code: 'ANALYZER_BAD_FRAME' })
    } finally {
      await a.close()
    }
    await expect(a.detail(1)).rejects.toMatchObject({ code: 'ANALYZER_CLOSED' })
  })

  it('rejects an unreadable file with its code and keeps a cut-short file', async () => {
    await expect(analyzeCapture(`${DIR}malformed-file-pcap-invalid-version.pcap`)).rejects.toMatchObject({ code: 'CAPTURE_UNSUPPORTED_VERSION' })
    const a = await analyzeCapture(`${DIR}truncated-file-cut-mid-record.cap`)
    expect(a.walkthrough.fileErrors[0]).toMatchObject({ code: 'CAPTURE_TRUNCATED', offset: 9954 })
    await a.close()
  })
})
