// Converts a capture between pcap and pcapng (the app's Save As). Going to pcapng, a Wiretrail
// recording's journal (when beside the input) supplies what pcap could not hold: each packet's step
// as its comment, and the TLS key log as a Decryption Secrets Block ahead of the first packet.
// Going to pcap, comments and secrets have no place in the file; the journal is copied beside the
// output so nothing is lost for Wiretrail, and the result says what the pcap itself dropped.
// The input is read by the one capture reader (src-main/capture/), streaming: memory stays at one
// read chunk whatever the file's size, and the calling thread is free between chunks. Each chunk's
// packets go to the writer in one write(2).
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { readCapture } from '../../capture/index.ts'
import type { FileProblem } from '../../shared/walkthrough.ts'
import { JOURNAL_SUFFIX, rewriteJournalCaptureFile, type JournalRecord } from '../../shared/journal.ts'
import { WiretrailError } from '../../shared/errors.ts'
import { createCaptureWriter } from './index.ts'
import { appendJournalBlocks } from './journal-blocks.ts'
import type { CaptureFormat, CaptureWriter, PacketRecord } from './types.ts'

export interface ConvertOptions {
  format: CaptureFormat
  /** The recording's journal; default `<input>.wiretrail.jsonl` when it exists; null: ignore it. */
  journalPath?: string | null
  /** Copy the journal beside the output as `<output>.wiretrail.jsonl` (default true). */
  copyJournal?: boolean
  /** A pcapng output carries this journal text inside it, in Custom Blocks at its end
   * (journal-blocks.ts); the input's own journal blocks, if any, are not copied. */
  journalInside?: string
  signal?: AbortSignal
}

export interface ConvertResult {
  output: string
  format: CaptureFormat
  packets: number
  /** Packets that carry a comment in the output. */
  comments: number
  /** TLS key-log lines written as Decryption Secrets Blocks. */
  secretLines: number
  /** What the output format could not hold (pcap has no comments or secrets). */
  dropped: { comments: number; secretLines: number }
  journal: string | null
  /** Problems the reader found (a cut-off last record): the packets before them were converted. */
  problems: FileProblem[]
}

/** Packets gathered before they go to the writer together (one write(2) per batch). */
const BATCH = 256

export async function convertCapture(input: string, output: string, options: ConvertOptions): Promise<ConvertResult> {
  if (input === output) throw new WiretrailError('CAPTURE_SAME_FILE', `cannot convert ${input} onto itself; choose another file name`)
  const journalPath = options.journalPath === undefined ? (existsSync(input + JOURNAL_SUFFIX) ? input + JOURNAL_SUFFIX : null) : options.journalPath
  const journalText = journalPath === null ? '' : await readFile(journalPath, 'utf8')
  const notes = new Map<number, string>()
  const journalSecrets: string[] = []
  for (const record of journalRecords(journalText)) {
    if (record.type === 'frame') notes.set(record.frame, record.note)
    if (record.type === 'socket' && record.event.kind === 'tls-keylog') journalSecrets.push(record.event.line)
  }

  const result: ConvertResult = { output, format: options.format, packets: 0, comments: 0, secretLines: 0, dropped: { comments: 0, secretLines: 0 }, journal: null, problems: [] }
  // The writer is made at the first packet: only then are its link type and snap length known (a
  // pcapng input names them in blocks before its packets). Secrets before it wait with it.
  let writer: CaptureWriter | null = null
  let linkType = -1
  let snapLength = 0
  let fileHasSecrets = false
  const waitingSecrets: string[][] = []
  let batch: PacketRecord[] = []
  // A key-log line goes out once: a pcapng whose secrets come after its first packet may repeat
  // what the journal already gave.
  const written = new Set<string>()
  const writeSecrets = (all: string[]) => {
    const lines = all.filter((line) => !written.has(line))
    if (lines.length === 0) return
    for (const line of lines) written.add(line)
    if (writer!.writeSecrets(lines)) result.secretLines += lines.length
    else result.dropped.secretLines += lines.length
  }
  const flush = () => {
    if (batch.length > 0) writer?.writePackets(batch)
    batch = []
  }
  try {
    const read = await readCapture(
      input,
      {
        onInterface: (_link, snap) => {
          snapLength = Math.max(snapLength, snap)
        },
        onSecrets: (_kind, text) => {
          fileHasSecrets = true
          const lines = text.split('\n').filter((l) => l.trim() !== '')
          if (writer === null) waitingSecrets.push(lines)
          else {
            flush()
            writeSecrets(lines)
          }
        },
        onFrame: (frame) => {
          // pcapng custom blocks are shown as frames (tshark does too) but are no packets.
          if (frame.custom) return
          if (writer === null) {
            linkType = frame.linkType
            writer = createCaptureWriter(output, { format: options.format, linkType, snapLength: Math.max(snapLength, 65535), application: 'Wiretrail (converted)' })
            if (!fileHasSecrets && journalSecrets.length > 0) writeSecrets(journalSecrets)
            for (const lines of waitingSecrets.splice(0)) writeSecrets(lines)
          } else if (frame.linkType !== linkType) {
            throw new WiretrailError('CAPTURE_MIXED_LINK_TYPES', `${input} holds packets of several link types (${linkType} and ${frame.linkType} at frame ${frame.index + 1}); a file Wiretrail writes holds only one`)
          }
          const number = result.packets + 1
          const comment = frame.comment ?? notes.get(number)
          // The reader's bytes are valid during this call only: the batch keeps a copy.
          batch.push({ timestampMs: frame.tsSec * 1000 + frame.tsNsec / 1e6, data: frame.data.slice(), originalLength: frame.originalLength, ...(comment !== undefined ? { comment } : {}) })
          if (batch.length >= BATCH) flush()
          result.packets += 1
          if (comment !== undefined) {
            if (options.format === 'pcapng') result.comments += 1
            else result.dropped.comments += 1
          }
        },
        onProgress: () => flush(),
      },
      options.signal ? { signal: options.signal } : {},
    )
    flush()
    result.problems = read.problems
    // A capture with no packets still converts: an empty file of the output format.
    if (writer === null) {
      writer = createCaptureWriter(output, { format: options.format, linkType: read.info.linkTypes[0] ?? 1, snapLength: Math.max(snapLength, 65535), application: 'Wiretrail (converted)' })
      const lines = fileHasSecrets ? waitingSecrets.flat() : journalSecrets
      if (lines.length > 0) writeSecrets(lines)
    }
  } catch (error) {
    ;(writer as CaptureWriter | null)?.close()
    await rm(output, { force: true })
    throw error
  }
  ;(writer as CaptureWriter).close()
  if (options.journalInside !== undefined && options.format === 'pcapng') {
    try {
      await appendJournalBlocks(output, options.journalInside)
    } catch (error) {
      await rm(output, { force: true })
      throw error
    }
  }
  if (journalPath !== null && options.copyJournal !== false) {
    result.journal = output + JOURNAL_SUFFIX
    await writeFile(result.journal, rewriteJournalCaptureFile(journalText, output, options.format))
  }
  return result
}

function journalRecords(text: string): JournalRecord[] {
  const records: JournalRecord[] = []
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    try {
      records.push(JSON.parse(line) as JournalRecord)
    } catch {
      break // a line cut off by a crash ends the journal
    }
  }
  return records
}
