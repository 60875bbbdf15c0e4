// One file to hand out: a pcapng recorded by Wiretrail carries its journal inside (Custom Blocks,
// capture/format.ts), so the file alone reopens with every step, while Wireshark's tools and
// tcpdump read it without complaint (and editcap, rewriting the packets, drops it as the block type
// asks).
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, type AnalyzedCapture } from '../../src-main/analyzer/index.ts'
import { JOURNAL_BLOCK_DATA, JOURNAL_BLOCK_MAGIC, WIRETRAIL_PEN } from '../../src-main/capture/format.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { convertCapture, journalBlocks, recordPageLoad } from '../../src-main/recorder/index.ts'
import { JOURNAL_SUFFIX } from '../../src-main/shared/journal.ts'
import { runPeer } from '../analyzer/peers.ts'
import { scratchDir } from '../support/scratch.ts'
import { wholeLesson } from '../support/lesson.ts'

const BLOCK = 194 // 127.194.0.0/16: this file's lab

/** tshark's stderr without its note about running as root (CI runs as root). */
const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.trim() !== '' && !/Running as user "root"/.test(line))

async function withCapture<T>(path: string, use: (a: AnalyzedCapture) => Promise<T> | T, journalPath?: string): Promise<T> {
  const a = await analyzeCapture(path, journalPath !== undefined ? { journalPath } : {})
  try {
    return await use(a)
  } finally {
    await a.close()
  }
}

describe('a Wiretrail pcapng carries its journal inside', () => {
  const dir = scratchDir('journal-inside')
  let lab: RunningLab
  const recorded = join(dir, 'sample.pcapng')
  const alone = join(dir, 'alone', 'sample.pcapng')
  let journalText = ''

  beforeAll(async () => {
    // The lab's own DNS port, which the analyzer (and tshark) dissect as DNS: the resolver's steps too.
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 10053, httpPort: 0, httpsPort: 0 })
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: recorded, format: 'pcapng', lab })
    expect(result.ok).toBe(true)
    journalText = readFileSync(recorded + JOURNAL_SUFFIX, 'utf8')
    // The file alone, as a student receives it: no journal beside it.
    await runPeer('mkdir', ['-p', join(dir, 'alone')], { check: true })
    copyFileSync(recorded, alone)
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('reopens alone with the same steps, recording and notes as with its journal beside it', async () => {
    const withJournal = await withCapture(recorded, (a) => ({ walkthrough: wholeLesson(a), embedded: a.embeddedJournal }))
    const byItself = await withCapture(alone, (a) => ({ walkthrough: wholeLesson(a), embedded: a.embeddedJournal }))
    // The journal beside the capture wins when there is one; alone, the one inside is read.
    expect(withJournal.embedded).toBeNull()
    expect(byItself.embedded).toBe(journalText)
    const w = byItself.walkthrough
    expect(w.recording?.typedUrl).toBe('http://www.lab.cyber.co.kr/sample.htm')
    expect(w.steps.length).toBeGreaterThan(20)
    expect(w.steps).toEqual(withJournal.walkthrough.steps)
    expect(w.recording).toEqual(withJournal.walkthrough.recording)
    expect(w.connections).toEqual(withJournal.walkthrough.connections)
    expect(w.fileErrors).toEqual([])
    // What only the journal knows: the socket descriptor of socket(), the steps inside the computer.
    expect(w.steps.find((s) => s.kind === 'socket-create')?.detail.en).toMatch(/descriptor \d+/)
    // The journal is the recording's notes, not a packet: no frame of its own.
    expect(w.packets).toBe(withJournal.walkthrough.packets)
    expect(w.frames.every((f) => f.protocol !== 'DATA')).toBe(true)
  })

  it('is read by tshark with no warning, as a custom block of our PEN that must not be copied', async () => {
    const packets = await withCapture(alone, (a) => a.walkthrough.packets)
    const list = await runPeer('tshark', ['-n', '-r', alone], { check: true })
    expect(warnings(list.stderr)).toEqual([])
    const frames = list.stdout.trim().split('\n')
    // Wireshark lists it after the packets, as one more frame: every packet keeps its number.
    expect(frames).toHaveLength(packets + 1)
    expect(frames[frames.length - 1]).toMatch(/Custom Block: PEN = .*\(32473\), will not be copied/)
    const verbose = await runPeer('tshark', ['-n', '-r', alone, '-V'], { check: true })
    expect(warnings(verbose.stderr)).toEqual([])
    expect(verbose.stdout).toContain(`Private Enterprise Number: Example Enterprise Number for Documentation Use (${WIRETRAIL_PEN})`)
    expect(verbose.stdout).toContain('Copying: Not Allowed')
    expect(verbose.stdout).not.toMatch(/Malformed|Expert Info \(Error|\[Packet size limited/)
    // The data starts with the magic line, then the journal's first record.
    expect(verbose.stdout).toContain(Buffer.from(JOURNAL_BLOCK_MAGIC.slice(0, 16)).toString('hex').match(/../g)!.join(' '))
  })

  it('is skipped by tcpdump and dropped by editcap (it names frames by number: a rewritten file must not keep it)', async () => {
    const packets = await withCapture(alone, (a) => a.walkthrough.packets)
    const tcpdump = await runPeer('tcpdump', ['-nn', '-r', alone], { check: true })
    expect(tcpdump.stdout.trim().split('\n')).toHaveLength(packets)
    expect(tcpdump.stderr).not.toMatch(/warning|error|truncated/i)
    const edited = join(dir, 'edited.pcapng')
    await runPeer('editcap', [alone, edited], { check: true })
    const after = await runPeer('tshark', ['-n', '-r', edited], { check: true })
    expect(after.stdout.trim().split('\n')).toHaveLength(packets)
    expect(after.stdout).not.toContain('Custom Block')
    // Without it the file is a capture like any other's: the packets' steps only.
    const w = await withCapture(edited, (a) => a.walkthrough)
    expect(w.recording).toBeNull()
  })

  it('goes into a pcapng converted from a pcap with the journal given, and out of one converted to pcap', async () => {
    const pcap = join(dir, 'as.pcap')
    const toPcap = await convertCapture(recorded, pcap, { format: 'pcap' })
    // A pcap has no place for it: it is written beside.
    expect(toPcap.journal).toBe(pcap + JOURNAL_SUFFIX)
    const back = join(dir, 'back', 'again.pcapng')
    await runPeer('mkdir', ['-p', join(dir, 'back')], { check: true })
    await convertCapture(pcap, back, { format: 'pcapng', copyJournal: false, journalInside: journalText })
    const steps = await withCapture(back, (a) => wholeLesson(a).steps)
    const original = await withCapture(recorded, (a) => wholeLesson(a).steps)
    expect(steps).toEqual(original)
    // Converting a pcapng that holds one leaves the old blocks out: exactly one journal inside.
    const twice = join(dir, 'back', 'twice.pcapng')
    await convertCapture(back, twice, { format: 'pcapng', copyJournal: false, journalInside: journalText })
    expect(statSync(twice).size).toBe(statSync(back).size)
  })

  it('is cut into parts at line ends, and a file missing a part is read from its packets alone, saying so', async () => {
    // A journal of more than two blocks' worth (lines of 1000 bytes).
    const line = `${JSON.stringify({ type: 'note', text: 'x'.repeat(980) })}\n`
    const big = line.repeat(Math.ceil((2.5 * JOURNAL_BLOCK_DATA) / line.length))
    const blocks = journalBlocks(big)
    expect(blocks).toHaveLength(3)
    const texts = blocks.map((b) => b.subarray(12, b.length - 4).toString('utf8').replace(/\0+$/, ''))
    expect(texts.map((t) => t.slice(0, t.indexOf('\n')))).toEqual([1, 2, 3].map((n) => `${JOURNAL_BLOCK_MAGIC}${n}/3`))
    for (const t of texts.slice(0, 2)) expect(t.endsWith('\n')).toBe(true)
    expect(texts.map((t) => t.slice(t.indexOf('\n') + 1)).join('')).toBe(big)

    // The recorded file with its own journal's blocks replaced by part 2 of 2 only.
    const own = Buffer.concat(journalBlocks(journalText))
    const bytes = readFileSync(recorded)
    const packetsOnly = bytes.subarray(0, bytes.length - own.length)
    const [, second] = journalBlocks(`${journalText}${line}`.padEnd(JOURNAL_BLOCK_DATA + 100, '\n'))
    const broken = join(dir, 'missing-part.pcapng')
    writeFileSync(broken, Buffer.concat([packetsOnly, second!]))
    const w = await withCapture(broken, (a) => a.walkthrough)
    expect(w.recording).toBeNull()
    expect(w.fileErrors.map((p) => p.code)).toContain('JOURNAL_INCOMPLETE')
    expect(w.fileErrors.find((p) => p.code === 'JOURNAL_INCOMPLETE')?.message).toContain('missing part(s) 1 of 2')
  })
})
