// Classic pcap in all four magics (microsecond and nanosecond, little- and big-endian), built byte
// by byte: time stamps to the nanosecond, bytes, lengths and file offsets, checked against tshark
// reading the same file; and files that go wrong part-way, with the offset of the problem.
import { describe, expect, it } from 'vitest'
import { CaptureError, readCapture } from '../../src-main/capture/index.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { DNS_QUERY, DNS_RESPONSE } from '../decode/fixtures.ts'
import { pcapFile, type Endian, type PcapRecord } from './build.ts'
import { epochNs, ns, readAll, save } from './read.ts'

const VARIANTS: { endian: Endian; nanosecond: boolean; magic: string }[] = [
  { endian: 'le', nanosecond: false, magic: 'd4c3b2a1' },
  { endian: 'be', nanosecond: false, magic: 'a1b2c3d4' },
  { endian: 'le', nanosecond: true, magic: '4d3cb2a1' },
  { endian: 'be', nanosecond: true, magic: 'a1b23c4d' },
]

const records = (nanosecond: boolean): PcapRecord[] => [
  { sec: 1_700_000_000, frac: nanosecond ? 123_456_789 : 123_456, data: DNS_QUERY },
  // Cut by the snap length: 60 bytes kept of the 85 sent.
  { sec: 1_700_000_001, frac: nanosecond ? 999_999_999 : 999_999, data: DNS_RESPONSE.slice(0, 60), originalLength: DNS_RESPONSE.length },
  { sec: 4_000_000_000, frac: 1, data: DNS_RESPONSE },
]

describe('classic pcap, all four magics', () => {
  for (const v of VARIANTS) {
    it(`${v.endian === 'le' ? 'little' : 'big'}-endian, ${v.nanosecond ? 'nanosecond' : 'microsecond'} (bytes 0–3: ${v.magic})`, async () => {
      const { bytes, recordOffsets } = pcapFile({ endian: v.endian, nanosecond: v.nanosecond }, records(v.nanosecond))
      expect(bytes.subarray(0, 4).toString('hex')).toBe(v.magic)
      const file = save(bytes)
      const { frames, result } = await readAll(file)
      expect(result.problems).toEqual([])
      expect(result.info).toMatchObject({ format: 'pcap', byteOrder: v.endian === 'le' ? 'little-endian' : 'big-endian', timestampResolution: v.nanosecond ? 'nsec' : 'usec', linkTypes: [1] })
      const scale = v.nanosecond ? 1n : 1000n
      expect(frames.map(ns)).toEqual(records(v.nanosecond).map((r) => BigInt(r.sec) * 1_000_000_000n + BigInt(r.frac) * scale))
      expect(frames.map((f) => [f.index, f.data.length, f.originalLength, f.dataOffset])).toEqual([
        [0, DNS_QUERY.length, DNS_QUERY.length, recordOffsets[0]! + 16],
        [1, 60, DNS_RESPONSE.length, recordOffsets[1]! + 16],
        [2, DNS_RESPONSE.length, DNS_RESPONSE.length, recordOffsets[2]! + 16],
      ])
      expect(Buffer.from(frames[0]!.data).equals(Buffer.from(DNS_QUERY))).toBe(true)
      // tshark reads the same file to the same nanosecond.
      const theirs = await tsharkFields(file, ['frame.time_epoch', 'frame.len', 'frame.cap_len'])
      expect(theirs.map(([t = '', len, cap]) => [epochNs(t), Number(len), Number(cap)])).toEqual(frames.map((f) => [ns(f), f.originalLength, f.data.length]))
    })
  }

  it('reads the same frames whatever the read chunk size (records split across chunks)', async () => {
    const file = save(pcapFile({ endian: 'be', nanosecond: true }, records(true)).bytes)
    const whole = await readAll(file)
    for (const chunk of [1, 7, 64]) {
      const { frames } = await readAll(file, chunk)
      expect(frames.map((f) => [ns(f), Buffer.from(f.data).toString('hex')]), `chunk ${chunk}`).toEqual(whole.frames.map((f) => [ns(f), Buffer.from(f.data).toString('hex')]))
    }
  })

  it('hands each frame where it was read (the chunk and the place in it), the same bytes as data', async () => {
    const recs = records(false)
    const { bytes, recordOffsets } = pcapFile({ endian: 'le', nanosecond: false }, recs)
    const file = save(bytes)
    const seen: { buffer: Uint8Array; start: number; capturedLength: number; data: string; dataOffset: number }[] = []
    await readCapture(file, { onFrame: (f) => seen.push({ buffer: f.buffer, start: f.start, capturedLength: f.capturedLength, data: Buffer.from(f.data).toString('hex'), dataOffset: f.dataOffset }) })
    expect(seen.map((f) => Buffer.from(f.buffer.subarray(f.start, f.start + f.capturedLength)).toString('hex'))).toEqual(recs.map((r) => Buffer.from(r.data).toString('hex')))
    expect(seen.map((f) => f.data)).toEqual(recs.map((r) => Buffer.from(r.data).toString('hex')))
    expect(seen.map((f) => f.dataOffset)).toEqual(recordOffsets.map((o) => o + 16))
    // One read chunk holds this small file: every frame is in the same buffer (no copy, no view made
    // per record), at its place in the file less the 24-byte global header.
    expect(new Set(seen.map((f) => f.buffer)).size).toBe(1)
    expect(seen.map((f) => f.start)).toEqual(recordOffsets.map((o) => o + 16 - 24))
  })
})

describe('pcap files that go wrong part-way', () => {
  const full = pcapFile({ endian: 'le', nanosecond: false }, records(false))
  const second = full.recordOffsets[1]!

  it('cut inside a record: the frames before it are kept and the record offset is named', async () => {
    const { frames, result } = await readAll(save(full.bytes.subarray(0, second + 16 + 10)))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([{ code: 'CAPTURE_TRUNCATED', offset: second, message: `the file is cut short: record 2 at byte ${second} needs 60 bytes of data but only 10 remain` }])
  })

  it('cut inside a record header', async () => {
    const { frames, result } = await readAll(save(full.bytes.subarray(0, second + 9)))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([{ code: 'CAPTURE_TRUNCATED', offset: second, message: `the file is cut short: it ends 9 bytes into the 16-byte header of record 2 at byte ${second}` }])
  })

  it('a captured length no capture can have: stops there, names the record and its offset', async () => {
    const bad = Buffer.from(full.bytes)
    bad.writeUInt32LE(5_000_000, second + 8)
    const { frames, result } = await readAll(save(bad))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_CORRUPT_RECORD', offset: second })])
    expect(result.problems[0]!.message).toContain('claims 5000000 captured bytes')
  })

  it('a sub-second field of a second or more: flagged, carried into the seconds, frame kept', async () => {
    const file = save(pcapFile({ endian: 'le', nanosecond: false }, [{ sec: 10, frac: 2_500_000, data: DNS_QUERY }, { sec: 13, frac: 5, data: DNS_QUERY }]).bytes)
    const { frames, result } = await readAll(file)
    expect(frames.map(ns)).toEqual([12_500_000_000n, 13_000_005_000n])
    // What the packet pane says of it: the field's value, the bound, the seconds carried, where the record is.
    expect(frames[0]!.recordIssue).toEqual({ fraction: 2_500_000, unit: 'µs', bound: 1_000_000, carried: 2, recordOffset: 24 })
    // The reader fills one frame object for every record: the next record's has no issue.
    expect(frames[1]!.recordIssue).toBeUndefined()
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_BAD_TIMESTAMP', offset: 28 })])
  })

  it('a read cancelled part-way stops at the next record, with a code and the frames read', async () => {
    const file = save(full.bytes)
    const abort = new AbortController()
    const seen: number[] = []
    const err = await readCapture(file, { onFrame: (f) => (seen.push(f.index), abort.abort()) }, { signal: abort.signal, chunkSize: 7 }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(seen).toEqual([0])
    expect(err).toBeInstanceOf(CaptureError)
    expect(err).toMatchObject({ code: 'CAPTURE_ABORTED', message: expect.stringMatching(/was cancelled after 1 frames$/) })
  })

  it('files that cannot be read at all fail with a code and the offset', async () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [new Uint8Array(0), 'CAPTURE_EMPTY_FILE', /is empty \(0 bytes\)/],
      [Buffer.from('GIF89a-not-a-capture-file'), 'CAPTURE_UNKNOWN_FORMAT', /starts with bytes 47 49 46 38/],
      [pcapFile({ endian: 'le', nanosecond: false, major: 1 }, []).bytes, 'CAPTURE_UNSUPPORTED_VERSION', /header at byte 4 says version 1\.4/],
      [full.bytes.subarray(0, 20), 'CAPTURE_TRUNCATED', /only 20 bytes, a pcap file header needs 24/],
    ]
    for (const [bytes, code, message] of cases) {
      const err = await readAll(save(bytes)).then(() => null, (e: unknown) => e)
      expect(err, code).toBeInstanceOf(CaptureError)
      expect((err as CaptureError).code).toBe(code)
      expect((err as Error).message).toMatch(message)
    }
  })
})
