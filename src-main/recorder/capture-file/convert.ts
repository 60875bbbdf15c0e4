// Converts a capture between pcap and pcapng (the app's Save As). Going to pcapng, a Wiretrail
// recording's journal (when beside the input) supplies what pcap could not hold: each packet's step
// as its comment, and the TLS key log as a Decryption Secrets Block ahead of the first packet.
// Going to pcap, comments and secrets have no place in the file; the journal is copied beside the
// output so nothing is lost for Wiretrail, and the result says what the pcap itself dropped.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { JOURNAL_SUFFIX, type JournalRecord } from '../../shared/journal.ts'
import { WiretrailError } from '../../shared/errors.ts'
import { createCaptureWriter } from './index.ts'
import { readCaptureFile } from './reader.ts'
import type { CaptureFormat } from './types.ts'

export interface ConvertOptions {
  format: CaptureFormat
  /** The recording's journal; default `<input>.wiretrail.jsonl` when it exists; null: ignore it. */
  journalPath?: string | null
  /** Copy the journal beside the output as `<output>.wiretrail.jsonl` (default true). */
  copyJournal?: boolean
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
  problems: { code: string; message: string; offset: number }[]
}

export function convertCapture(input: string, output: string, options: ConvertOptions): ConvertResult {
  if (input === output) throw new WiretrailError('CAPTURE_SAME_FILE', `cannot convert ${input} onto itself; choose another file name`)
  const contents = readCaptureFile(input)
  if (contents.linkType < 0) {
    throw new WiretrailError('CAPTURE_MIXED_LINK_TYPES', `${input} holds packets of several link types; a pcap file can hold only one`)
  }
  const journalPath = options.journalPath === undefined ? (existsSync(input + JOURNAL_SUFFIX) ? input + JOURNAL_SUFFIX : null) : options.journalPath
  const journal = journalPath === null ? [] : readJournal(journalPath)
  const notes = new Map<number, string>()
  const journalSecrets: string[] = []
  for (const record of journal) {
    if (record.type === 'frame') notes.set(record.frame, record.note)
    if (record.type === 'socket' && record.event.kind === 'tls-keylog') journalSecrets.push(record.event.line)
  }

  const writer = createCaptureWriter(output, {
    format: options.format,
    linkType: contents.linkType,
    snapLength: Math.max(contents.snapLength, 65535),
    application: 'Wiretrail (converted)',
  })
  const result: ConvertResult = { output, format: options.format, packets: 0, comments: 0, secretLines: 0, dropped: { comments: 0, secretLines: 0 }, journal: null, problems: contents.problems }
  try {
    const fileHasSecrets = contents.entries.some((e) => e.kind === 'secrets')
    if (!fileHasSecrets && journalSecrets.length > 0) {
      if (writer.writeSecrets(journalSecrets)) result.secretLines += journalSecrets.length
      else result.dropped.secretLines += journalSecrets.length
    }
    for (const entry of contents.entries) {
      if (entry.kind === 'secrets') {
        if (writer.writeSecrets(entry.lines)) result.secretLines += entry.lines.length
        else result.dropped.secretLines += entry.lines.length
        continue
      }
      const frame = result.packets + 1
      const comment = entry.packet.comment ?? notes.get(frame)
      writer.writePacket({ ...entry.packet, ...(comment !== undefined ? { comment } : {}) })
      result.packets += 1
      if (comment !== undefined) {
        if (options.format === 'pcapng') result.comments += 1
        else result.dropped.comments += 1
      }
    }
  } finally {
    writer.close()
  }
  if (journalPath !== null && options.copyJournal !== false) {
    result.journal = output + JOURNAL_SUFFIX
    writeFileSync(result.journal, journal.map((r) => JSON.stringify(r.type === 'recording' ? { ...r, capture: { file: output, format: options.format } } : r)).join('\n') + '\n')
  }
  return result
}

function readJournal(path: string): JournalRecord[] {
  const records: JournalRecord[] = []
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue
    try {
      records.push(JSON.parse(line) as JournalRecord)
    } catch {
      break // a line cut off by a crash ends the journal
    }
  }
  return records
}
