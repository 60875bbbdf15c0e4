// pcapng built block by block: two sections of different byte order, interfaces with different
// link types and time resolutions (if_tsresol 10^-6, 10^-9, 2^-3; if_tsoffset), an Enhanced, a
// Simple and the comment of a packet, a Name Resolution, a Decryption Secrets and a custom block,
// and a block type nobody knows. Frames, time stamps to the nanosecond and comments are compared
// with tshark reading the same file; broken files name the offset of the block that goes wrong.
import { describe, expect, it } from 'vitest'
import { CaptureError } from '../../src-main/capture/index.ts'
import { splitTimestamp } from '../../src-main/capture/pcapng.ts'
import { tsharkFields } from '../analyzer/tshark.ts'
import { DNS_QUERY, DNS_RESPONSE } from '../decode/fixtures.ts'
import { opt, Pcapng } from './build.ts'
import { epochNs, ns, readAll, save } from './read.ts'

const RAW_IP = DNS_RESPONSE.subarray(14) // the same datagram without its Ethernet header
const KEYLOG = 'CLIENT_RANDOM 0102030405060708091011121314151617181920212223242526272829303132 ' + 'ab'.repeat(48) + '\n'
const T0 = 1_700_000_000n

function build(): { file: Pcapng; bytes: Buffer } {
  const f = new Pcapng()
    .shb('le', [opt.comment('section one, little-endian')])
    .idb('le', 1, 65535, [opt.comment('eth0')]) // interface 0: Ethernet, microseconds
    .idb('le', 101, 0, [opt.tsresol(9)]) // interface 1: raw IP, nanoseconds
    .epb('le', 0, T0 * 1_000_000n + 123_456n, DNS_QUERY, [opt.comment('the query')])
    .epb('le', 1, T0 * 1_000_000_000n + 987_654_321n, RAW_IP)
    .spb('le', DNS_QUERY) // no time stamp: takes the previous one
    .nrb('le', [['172.16.16.170', 'client.lab.test']])
    .dsb('le', KEYLOG)
    .custom('le', 32473, Buffer.from('wiretrail custom data'))
    .unknown('le', 0x4242, Buffer.from('skip me'))
    .shb('be', [opt.comment('section two, big-endian')])
    .idb('be', 1, 262144, [opt.tsresol(0x83), opt.tsoffset(1000, 'be')]) // 2^-3 s units, +1000 s
    .epb('be', 0, T0 * 8n + 5n, DNS_RESPONSE, [], DNS_RESPONSE.length)
  return { file: f, bytes: f.bytes() }
}

describe('a hand-built pcapng with every block kind', () => {
  it('reads frames, interfaces, time stamps, comments, names and secrets', async () => {
    const { file: f, bytes } = build()
    const path = save(bytes, 'pcapng')
    const { frames, secrets, result } = await readAll(path)
    expect(result.problems).toEqual([])
    expect(result.info).toMatchObject({ format: 'pcapng', byteOrder: 'mixed', timestampResolution: 'mixed', linkTypes: [1, 101] })
    expect(result.info.comments).toEqual(['section one, little-endian', 'eth0', 'section two, big-endian'])
    expect([...result.info.names]).toEqual([['172.16.16.170', ['client.lab.test']]])
    expect(secrets).toEqual([KEYLOG])
    expect(frames.map((x) => [x.index, x.linkType, x.interfaceId, x.hasTimestamp, x.custom ?? false, x.data.length])).toEqual([
      [0, 1, 0, true, false, DNS_QUERY.length],
      [1, 101, 1, true, false, RAW_IP.length],
      [2, 1, 0, false, false, DNS_QUERY.length],
      [3, -1, -1, false, true, 'wiretrail custom data'.length + 3], // after the PEN, to the block end (padding included)
      [4, 1, 0, true, false, DNS_RESPONSE.length],
    ])
    expect(frames.map(ns)).toEqual([
      T0 * 1_000_000_000n + 123_456_000n,
      T0 * 1_000_000_000n + 987_654_321n,
      T0 * 1_000_000_000n + 987_654_321n,
      T0 * 1_000_000_000n + 987_654_321n,
      (T0 + 1000n) * 1_000_000_000n + 625_000_000n, // 5/8 s, plus the 1000 s offset
    ])
    expect(frames[0]!.comment).toBe('the query')
    // The reader fills one frame object for every record: nothing of a frame stays on the next.
    expect(frames.map((x) => x.comment)).toEqual(['the query', undefined, undefined, undefined, undefined])
    // Offsets point at the bytes in the file (EPB data starts 28 bytes into its block, SPB's 12).
    expect(frames[0]!.dataOffset).toBe(f.offsets[3]! + 28)
    expect(frames[2]!.dataOffset).toBe(f.offsets[5]! + 12)
    expect(Buffer.from(bytes.subarray(frames[1]!.dataOffset, frames[1]!.dataOffset + RAW_IP.length)).equals(Buffer.from(RAW_IP))).toBe(true)
  })

  it('agrees with tshark: frame count, time stamps of the timed frames, lengths, comment', async () => {
    const path = save(build().bytes, 'pcapng')
    const { frames } = await readAll(path)
    const theirs = await tsharkFields(path, ['frame.number', 'frame.time_epoch', 'frame.cap_len', 'frame.comment'])
    expect(theirs).toHaveLength(frames.length)
    for (const i of [0, 1, 4]) expect(epochNs(theirs[i]![1]!), `frame ${i + 1}`).toBe(ns(frames[i]!))
    expect(theirs.map((r) => Number(r[2]))).toEqual(frames.map((x) => x.data.length))
    expect(theirs[0]![3]).toBe('the query')
  })

  it('is read the same in chunks of any size', async () => {
    const path = save(build().bytes, 'pcapng')
    const whole = await readAll(path)
    for (const chunk of [1, 13, 100]) {
      const { frames } = await readAll(path, chunk)
      expect(frames.map((x) => [ns(x), Buffer.from(x.data).toString('hex')]), `chunk ${chunk}`).toEqual(whole.frames.map((x) => [ns(x), Buffer.from(x.data).toString('hex')]))
    }
  })
})

describe('pcapng files that go wrong part-way', () => {
  const { file: f, bytes } = build()
  const lastEpb = f.offsets.at(-1)!

  it('cut inside the last block: every frame before it is kept, the block offset is named', async () => {
    const { frames, result } = await readAll(save(bytes.subarray(0, lastEpb + 30), 'pcapng'))
    expect(frames).toHaveLength(4)
    expect(result.problems).toEqual([{ code: 'CAPTURE_TRUNCATED', offset: lastEpb, message: `the file is cut short: block of type 6 at byte ${lastEpb} needs ${bytes.length - lastEpb} bytes, only 30 remain` }])
  })

  it('a block whose trailing length differs from its leading length', async () => {
    const bad = Buffer.from(bytes)
    const epb = f.offsets[4]!
    const total = bad.readUInt32LE(epb + 4)
    bad.writeUInt32LE(total + 4, epb + total - 4)
    const { frames, result } = await readAll(save(bad, 'pcapng'))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_CORRUPT_BLOCK', offset: epb + total - 4 })])
  })

  it('a packet naming an interface the section does not describe is skipped and reported', async () => {
    const p = new Pcapng().shb('le').idb('le', 1, 0).epb('le', 3, 1n, DNS_QUERY).epb('le', 0, 2n, DNS_QUERY)
    const { frames, result } = await readAll(save(p.bytes(), 'pcapng'))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_UNKNOWN_INTERFACE', offset: p.offsets[2]! + 8 })])
  })

  it('an option running past its block: reported, the block still used', async () => {
    const p = new Pcapng().shb('le').idb('le', 1, 0, [opt.comment('abc')])
    const bad = Buffer.from(p.bytes())
    const idb = p.offsets[1]!
    bad.writeUInt16LE(200, idb + 16 + 2) // the comment option claims 200 bytes
    const { frames, result } = await readAll(save(Buffer.concat([bad, new Pcapng().epb('le', 0, 1n, DNS_QUERY).bytes()]), 'pcapng'))
    expect(frames).toHaveLength(1)
    expect(result.problems).toEqual([expect.objectContaining({ code: 'CAPTURE_BAD_OPTION', offset: idb + 16 })])
  })

  it('not a pcapng at the start: a coded error with the offset', async () => {
    const bad = Buffer.from(bytes)
    bad.writeUInt32LE(0x11223344, 8) // byte-order magic of the first section
    const err = await readAll(save(bad, 'pcapng')).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(CaptureError)
    expect(err).toMatchObject({ code: 'CAPTURE_UNKNOWN_FORMAT', details: { offset: 8 } })
  })
})

describe('64-bit time stamps in any resolution', () => {
  it('splits exactly where a double would round (nanosecond counts near 2^61)', () => {
    const out = [0, 0]
    const cases: [bigint, number][] = [
      [1_795_502_252_061_029_005n, 1e9],
      [1_795_502_252_061_029_999n, 1e9],
      [(1n << 64n) - 1n, 1e9],
      [1_700_000_000_123_456n, 1e6],
      [17_000_000_001n, 10],
      [(1_700_000_000n << 20n) + 3n, 2 ** 20],
      [123_456_789_012_345_678n, 1e12],
    ]
    for (const [units, perSecond] of cases) {
      splitTimestamp(Number(units >> 32n), Number(units & 0xffffffffn), perSecond, out)
      const u = BigInt(perSecond)
      expect(out, `${units} at ${perSecond}/s`).toEqual([Number(units / u), Number(((units % u) * 1_000_000_000n) / u)])
    }
  })
})
