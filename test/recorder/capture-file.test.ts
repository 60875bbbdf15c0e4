// The capture-file API: pcap and pcapng writers (read back by pcap-parser, tshark and our reader),
// and conversion between them (the app's Save As), which moves a recording's step notes and TLS
// keys from the journal into the pcapng.
import { readFileSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import pcapParser, { type PcapGlobalHeader, type PcapPacket } from 'pcap-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { readCapture } from '../../src-main/capture/index.ts'
import { convertCapture, createCaptureWriter, recordPageLoad, type RecordResult } from '../../src-main/recorder/index.ts'
import { decodeAsLab, scratchDir, tshark } from './peers.ts'

const frame = (n: number): Buffer => Buffer.concat([Buffer.alloc(12), Buffer.from([0x88, 0xb5]), Buffer.alloc(n, 0xab)]) // local-experimental EtherType

/** What the one capture reader sees, in file order: packets (time in ms, bytes) and secrets blocks. */
async function entries(path: string) {
  const list: ({ kind: 'packet'; timestampMs: number; data: Buffer } | { kind: 'secrets'; lines: string[] })[] = []
  const result = await readCapture(path, {
    onFrame: (f) => list.push({ kind: 'packet', timestampMs: f.tsSec * 1000 + f.tsNsec / 1e6, data: Buffer.from(f.data) }),
    onSecrets: (_kind, text) => list.push({ kind: 'secrets', lines: text.split('\n').filter((l) => l !== '') }),
  })
  return { format: result.info.format, entries: list, problems: result.problems }
}

function readWithPcapParser(path: string): Promise<{ header: PcapGlobalHeader; packets: PcapPacket[] }> {
  return new Promise((resolve, reject) => {
    const parser = pcapParser.parse(path)
    let header: PcapGlobalHeader
    const packets: PcapPacket[] = []
    parser.on('globalHeader', (h: PcapGlobalHeader) => (header = h))
    parser.on('packet', (p: PcapPacket) => packets.push(p))
    parser.on('end', () => resolve({ header, packets }))
    parser.on('error', reject)
  })
}

describe('capture writers', () => {
  it('writes a classic pcap that pcap-parser reads back with microsecond timestamps', async () => {
    const path = join(scratchDir('files'), 'a.pcap')
    const writer = createCaptureWriter(path, { format: 'pcap' })
    writer.writePacket({ timestampMs: 1_700_000_000_123.456, data: frame(10) })
    writer.writePacket({ timestampMs: 1_700_000_001_000, data: frame(3000) })
    writer.close()
    const { header, packets } = await readWithPcapParser(path)
    expect(header).toMatchObject({ magicNumber: 0xa1b2c3d4, majorVersion: 2, minorVersion: 4, linkLayerType: 1, snapshotLength: 262144 })
    expect(packets.map((p) => [p.header.timestampSeconds, p.header.timestampMicroseconds, p.header.capturedLength])).toEqual([
      [1_700_000_000, 123_456, 24],
      [1_700_000_001, 0, 3014],
    ])
    expect(packets[1]?.data.equals(frame(3000))).toBe(true)
  })

  it('writes pcapng with a comment per packet and secrets blocks that tshark and our reader read', async () => {
    const path = join(scratchDir('files'), 'a.pcapng')
    const writer = createCaptureWriter(path, { format: 'pcapng', interfaceName: 'wiretrail', sectionComment: 'test' })
    writer.writePacket({ timestampMs: 1_700_000_000_500, data: frame(5), comment: 'connect(): SYN (handshake 1/3)' })
    expect(writer.writeSecrets(['CLIENT_RANDOM 00 11'])).toBe(true)
    writer.writePacket({ timestampMs: 1_700_000_000_501.25, data: frame(7), comment: '한국어 주석' })
    writer.close()
    const comments = await tshark(['-r', path, '-T', 'fields', '-e', 'frame.comment', '-e', 'frame.time_epoch'])
    expect(comments.trim().split('\n')).toEqual(['connect(): SYN (handshake 1/3)\t1700000000.500000000', '한국어 주석\t1700000000.501250000'])
    const contents = await entries(path)
    expect(contents.format).toBe('pcapng')
    expect(contents.entries.map((e) => e.kind)).toEqual(['packet', 'secrets', 'packet'])
    expect(contents.entries[1]).toEqual({ kind: 'secrets', lines: ['CLIENT_RANDOM 00 11'] })
    expect(contents.problems).toEqual([])
  })

  it('reports what is wrong with a file that is not a capture, and keeps what precedes a cut', async () => {
    const dir = scratchDir('files')
    writeFileSync(join(dir, 'not.pcap'), 'GET / HTTP/1.1\r\n')
    await expect(entries(join(dir, 'not.pcap'))).rejects.toThrow(expect.objectContaining({ code: 'CAPTURE_UNKNOWN_FORMAT', message: expect.stringContaining('47 45 54 20') }))
    const path = join(dir, 'cut.pcap')
    const writer = createCaptureWriter(path, { format: 'pcap' })
    writer.writePacket({ timestampMs: 1, data: frame(10) })
    writer.writePacket({ timestampMs: 2, data: frame(10) })
    writer.close()
    writeFileSync(path, readFileSync(path).subarray(0, -5))
    const contents = await entries(path)
    expect(contents.entries).toHaveLength(1)
    expect(contents.problems[0]).toMatchObject({ code: 'CAPTURE_TRUNCATED', offset: 24 + 16 + 24 })
  })
})

describe('converting a recording between formats (Save As)', () => {
  let lab: RunningLab
  let recording: RecordResult

  beforeAll(async () => {
    lab = await startLab({ addressBlock: 175, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
    recording = await recordPageLoad({ url: 'https://www.lab.glasscom.com/sample.htm', output: join(scratchDir('convert'), 'tls.pcap'), lab })
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('turns a pcap recording into a pcapng that names every step and decrypts with no set-up', async () => {
    expect(recording.ok).toBe(true)
    expect(await tshark(['-r', recording.output, ...decodeAsLab(lab), '-Y', 'http'])).toBe('') // pcap: no keys in the file
    const output = recording.output.replace(/\.pcap$/, '.pcapng')
    const result = await convertCapture(recording.output, output, { format: 'pcapng' })
    expect(result).toMatchObject({ packets: recording.frames, comments: recording.frames, secretLines: recording.tlsKeyLogLines, journal: `${output}.wiretrail.jsonl` })
    const uris = await tshark(['-r', output, ...decodeAsLab(lab), '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'])
    expect(uris.trim().split('\n')).toEqual(['/sample.htm', '/gazou.jpg'])
    const firstComment = await tshark(['-r', output, '-c', '1', '-T', 'fields', '-e', 'frame.comment'])
    expect(firstComment).toMatch(/^sendto\(\): DNS query/)
    const journal = readFileSync(result.journal as string, 'utf8').split('\n')[0] as string
    expect(JSON.parse(journal)).toMatchObject({ type: 'recording', capture: { file: basename(output), format: 'pcapng' } })
  })

  it('turns the pcapng back into a pcap with the same packets, saying what pcap cannot hold', async () => {
    const pcapng = recording.output.replace(/\.pcap$/, '.pcapng')
    const back = join(scratchDir('convert'), 'back.pcap')
    const result = await convertCapture(pcapng, back, { format: 'pcap', journalPath: null })
    expect(result.packets).toBe(recording.frames)
    expect(result.dropped).toEqual({ comments: recording.frames, secretLines: recording.tlsKeyLogLines })
    const original = (await entries(recording.output)).entries
    const roundTrip = (await entries(back)).entries
    expect(roundTrip.length).toBe(original.length)
    roundTrip.forEach((entry, i) => {
      const before = original[i]
      if (entry.kind !== 'packet' || before?.kind !== 'packet') throw new Error('packets expected')
      expect(entry.data.equals(before.data)).toBe(true)
      expect(Math.abs(entry.timestampMs - before.timestampMs)).toBeLessThan(0.001)
    })
    await expect(convertCapture(back, back, { format: 'pcap' })).rejects.toThrow(expect.objectContaining({ code: 'CAPTURE_SAME_FILE' }))
  })
})
