// Reads a recording's journal (<capture>.wiretrail.jsonl, see shared/journal.ts): one JSON
// object per line, written as things happened. A line that is not JSON (the line in flight when
// a recording crashed) is reported, and the rest is still used.
import { readFile, stat } from 'node:fs/promises'
import type { JournalRecord } from '../shared/journal.ts'
import { journalRecordProblem } from '../shared/journal-shape.ts'
import type { ResolverEvent } from '../shared/resolver-events.ts'
import type { FileProblem } from '../shared/walkthrough.ts'

export interface JournalSocket {
  socketId: string
  protocol?: 'udp' | 'tcp'
  purpose?: string
  fd: number | null
  createdAt?: number
  label?: string
  local?: { address: string; port: number }
  remote?: { address: string; port: number }
  connectedAt?: number
  closedAt?: number
  tls?: { servername: string; protocol: string; cipher: string }
}

export interface Journal {
  path: string
  recording: Extract<JournalRecord, { type: 'recording' }> | null
  sockets: Map<string, JournalSocket>
  resolverEvents: ResolverEvent[]
  frameNotes: Map<number, { socketId: string; note: string }>
  keyLogLines: string[]
  http: Extract<JournalRecord, { type: 'http' }>[]
  /** http:// URLs made https:// by HSTS, with no request. */
  hsts: Extract<JournalRecord, { type: 'hsts' }>[]
  /** How the recording ended (ok, or the error that stopped the page), when the journal says. */
  end: Extract<JournalRecord, { type: 'end' }> | null
  hosts: Extract<JournalRecord, { type: 'host' }>['interfaces']
  /** What the recording left out, and why (the journal's note records). */
  notes: { code: string; message: string }[]
  /** A teacher's question set handed out with the capture (the last one written), or null. */
  questions?: Extract<JournalRecord, { type: 'questions' }> | null
  problems: FileProblem[]
}

/** A journal holds a line per socket event of one page load: far below this. A larger file is not
 * read (it would be held whole), and the walkthrough says so. */
export const MAX_JOURNAL_BYTES = 256 * 1024 * 1024

export async function readJournal(path: string): Promise<Journal> {
  const size = (await stat(path)).size
  if (size > MAX_JOURNAL_BYTES) {
    const j = parseJournal('', path)
    j.problems.push({ code: 'JOURNAL_TOO_LARGE', message: `the journal ${path} has ${size} bytes, more than the ${MAX_JOURNAL_BYTES} a recording's journal can have; it is not read`, offset: 0 })
    return j
  }
  return parseJournal(await readFile(path, 'utf8'), path)
}

/** A journal's text (from its file, or from the Custom Blocks inside a pcapng); `path` names where
 * it came from in problems. */
export function parseJournal(text: string, path: string): Journal {
  const j: Journal = { path, recording: null, sockets: new Map(), resolverEvents: [], frameNotes: new Map(), keyLogLines: [], http: [], hsts: [], end: null, hosts: [], notes: [], questions: null, problems: [] }
  let offset = 0
  for (const line of text.split('\n')) {
    const lineOffset = offset
    offset += Buffer.byteLength(line) + 1
    if (line.trim() === '') continue
    let parsed: unknown
    try {
      parsed = JSON.parse(line)
    } catch (e) {
      j.problems.push({ code: 'JOURNAL_BAD_LINE', message: `journal line at byte ${lineOffset} is not JSON (${(e as Error).message}); it is skipped`, offset: lineOffset })
      continue
    }
    // JSON, but maybe not a record: every field used below is checked first (shared/journal-shape.ts).
    const problem = journalRecordProblem(parsed)
    if (problem !== null) {
      j.problems.push({ code: 'JOURNAL_BAD_LINE', message: `journal line at byte ${lineOffset} is not a journal record (${problem}); it is skipped`, offset: lineOffset })
      continue
    }
    const rec = parsed as JournalRecord
    switch (rec.type) {
      case 'recording':
        j.recording = rec
        break
      case 'host':
        j.hosts = rec.interfaces
        break
      case 'resolver':
        j.resolverEvents.push(rec.event)
        break
      case 'frame':
        j.frameNotes.set(rec.frame, { socketId: rec.socketId, note: rec.note })
        break
      case 'note':
        j.notes.push({ code: rec.code, message: rec.message })
        break
      case 'http':
        j.http.push(rec)
        break
      case 'hsts':
        j.hsts.push(rec)
        break
      case 'end':
        j.end = rec
        break
      case 'questions':
        j.questions = rec
        break
      case 'socket': {
        const e = rec.event
        let s = j.sockets.get(e.socketId)
        if (!s) {
          s = { socketId: e.socketId, fd: null }
          j.sockets.set(e.socketId, s)
        }
        if (e.kind === 'socket') {
          s.protocol = e.protocol
          s.purpose = e.purpose
          s.fd = e.fd
          s.createdAt = e.at
          if (e.label) s.label = e.label
        } else if (e.kind === 'connected') {
          s.local = { address: e.local.address, port: e.local.port }
          s.remote = { address: e.remote.address, port: e.remote.port }
          s.connectedAt = e.at
          if (e.tls) s.tls = e.tls
        } else if (e.kind === 'connecting') {
          s.remote = { address: e.remote.address, port: e.remote.port }
        } else if (e.kind === 'close') {
          s.closedAt = e.at
        } else if (e.kind === 'tls-keylog') {
          j.keyLogLines.push(e.line)
        }
        break
      }
      default:
        break
    }
  }
  return j
}
