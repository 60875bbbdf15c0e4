// A pcap record whose time stamp's fraction of a second is not below one second (microseconds
// ≥ 10⁶; nanoseconds ≥ 10⁹ in a nanosecond file): the packet list marks the frame, and the packet
// pane says why — the field, its value, the bound, and where the record header is in the file
// (its bytes are not the frame's). On the corpus's two such captures (tcpdump's test files) and on
// a big-endian nanosecond file written by the readers' test builder (test/capture/build.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FLAG_ISSUE } from '../../src-main/analyzer/frame-table.ts'
import { RecordHeaders } from '../../src-main/analyzer/record-header.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import type { DecodeIssue } from '../../src-main/shared/walkthrough.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { scratchDir } from '../support/scratch.ts'
import { pcapFile } from '../capture/build.ts'
import { ACK, ipv4, tcp } from './frames.ts'

/** Frames 1–n: each frame's record-header issue (or undefined), whether the list marks it, and
 * its Info column. */
async function recordIssues(path: string): Promise<{ issue: DecodeIssue | undefined; flagged: boolean; info: string }[]> {
  const { walkthrough, reader } = await runAnalysis(path)
  try {
    const list = await reader.frames(1, walkthrough.packets)
    const out = []
    for (let f = 1; f <= walkthrough.packets; f++) {
      const d = await reader.detail(f)
      out.push({ issue: d.issues.find((x) => x.code === 'FRAME_TIMESTAMP_FRACTION'), flagged: list[f - 1]!.flagged === true, info: list[f - 1]!.info })
    }
    return out
  } finally {
    await reader.close()
  }
}

describe('a time stamp fraction of a second or more', () => {
  it('microseconds: the pane names the field, its value, the bound and the record header\'s bytes in the file', async () => {
    const path = join(CORPUS_DIR, 'more/malformed-timestamp-invalid-usec.pcap')
    const [first, second, third] = await recordIssues(path)
    expect(first).toMatchObject({ issue: undefined, flagged: false })
    expect(second!.flagged).toBe(true)
    expect(third!.flagged).toBe(true)
    const issue = second!.issue!
    expect(issue).toMatchObject({ severity: 'warning', layer: 'Frame', inFile: true, offset: 120, length: 4, params: { record: 2, recordOffset: 116, fraction: 1_000_000, unit: 'µs', bound: 1_000_000, carried: 1 } })
    // The bytes named are the record's fraction field, in the file's byte order (little-endian).
    const file = readFileSync(path)
    expect(file.readUInt32LE(issue.offset)).toBe(1_000_000)
    expect(file.readUInt32LE(issue.offset + 4)).toBe(76) // then its captured length
    expect(issueText(issue, 'en')).toBe(
      "pcap record 2's header (file bytes 116–131): its time stamp's fraction of a second (file bytes 120–123) is 1000000 µs, but it must be below 1000000 µs (one second); the time shown carries 1 s of it into the seconds. The program that wrote the file is at fault, not the packet",
    )
    expect(issueText(issue, 'ko')).toBe(
      'pcap 레코드 2의 헤더(파일의 바이트 116–131)에서 타임스탬프의 1초 미만 부분을 나타내는 필드(파일의 바이트 120–123)가 1000000µs입니다. 1초가 1000000µs이므로 이 필드는 1000000보다 작아야 합니다. 보여 주는 시각은 넘친 1초를 초 필드에 더해서 계산했습니다. 패킷이 아니라 이 파일을 쓴 프로그램의 잘못입니다.',
    )
    expect(third!.issue).toMatchObject({ offset: 212, params: { record: 3, recordOffset: 208, fraction: 2_147_483_648, carried: 2147 } })
  })

  it('the list\'s Info column says what is wrong in the pane\'s words, and not that the packet is malformed', async () => {
    const [first, second, third] = await recordIssues(join(CORPUS_DIR, 'more/malformed-timestamp-invalid-usec.pcap'))
    expect(first!.info).toBe('46656 → 80 [SYN] Seq=797190859 Ack=0 Win=27200 Len=0')
    expect(second!.info).toBe(`80 → 46656 [ACK, SYN] Seq=3078856592 Ack=797190860 Win=8192 Len=0 [${issueText(second!.issue!, 'en')}]`)
    expect(third!.info).toBe(`46656 → 80 [ACK] Seq=797190860 Ack=3078856593 Win=213 Len=0 [${issueText(third!.issue!, 'en')}]`)
    for (const frame of [second, third]) expect(frame!.info).not.toContain('Malformed')
  })

  it('every record header problem the pane can find is on a frame the pass flagged (the pane reads only those)', async () => {
    const pcaps = [CORPUS_DIR, join(CORPUS_DIR, 'more')].flatMap((dir) => readdirSync(dir).filter((n) => /\.(pcap|cap)$/.test(n)).map((n) => join(dir, n)))
    let problems = 0
    for (const path of pcaps) {
      let analysed
      try {
        analysed = await runAnalysis(path)
      } catch {
        continue // a file the analyzer refuses (its own tests say why)
      }
      const { table } = analysed.reader.pass
      const headers = new RecordHeaders()
      const fh = await open(path, 'r')
      try {
        for (let i = 0; i < table.length; i++) {
          const problem = await headers.problem(fh, i + 1, table.dataOffset[i]!)
          if (problem === null) continue
          problems++
          expect(table.flags[i]! & FLAG_ISSUE, `${path} frame ${i + 1}`).toBe(FLAG_ISSUE)
        }
      } finally {
        await fh.close()
        await analysed.reader.close()
      }
    }
    // The corpus's two such captures, two frames each.
    expect(problems).toBe(4)
  })

  it('nanoseconds: the bound is 10⁹', async () => {
    const [first, second, third] = await recordIssues(join(CORPUS_DIR, 'malformed-timestamp-invalid-nsec.pcap'))
    expect(first!.issue).toBeUndefined()
    expect(second!.issue).toMatchObject({ params: { fraction: 1_000_000_000, unit: 'ns', bound: 1_000_000_000, carried: 1 } })
    expect(third!.issue).toMatchObject({ params: { fraction: 2_147_483_648, unit: 'ns', carried: 2 } })
  })

  it('in a big-endian nanosecond file, read in its byte order; 999 999 999 ns is not flagged', async () => {
    const frame = ipv4('10.0.0.1', '10.0.0.2', 6, tcp(40000, 80, 1, 1, ACK))
    const { bytes, recordOffsets } = pcapFile({ endian: 'be', nanosecond: true }, [
      { sec: 1_700_000_000, frac: 999_999_999, data: frame },
      { sec: 1_700_000_000, frac: 1_500_000_000, data: frame },
    ])
    const path = join(scratchDir('record-header'), 'big-endian-nsec.pcap')
    writeFileSync(path, bytes)
    const [first, second] = await recordIssues(path)
    expect(first).toMatchObject({ issue: undefined, flagged: false })
    expect(second).toMatchObject({ flagged: true, issue: { offset: recordOffsets[1]! + 4, params: { record: 2, fraction: 1_500_000_000, unit: 'ns', carried: 1 } } })
  })
})
