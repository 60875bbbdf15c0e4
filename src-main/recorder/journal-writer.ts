// Appends journal records (src-main/shared/journal.ts) to `<capture>.wiretrail.jsonl`, one JSON
// line per record, as the recording goes: the capture tap hands over the lines gathered since its
// last write (one flow's frames at most, within one turn of the event loop) for one write(2), so a
// crash loses at most the lines of the turn in flight (capture-tap.ts, docs/capture-format.md), and
// a failed write leaves the journal ending at its last whole line.
import type { JournaledSocketEvent, JournalRecord } from '../shared/journal.ts'
import type { SocketEvent } from '../sockets/tap.ts'
import { AppendFile } from './append-file.ts'

export class JournalWriter {
  records = 0
  readonly file: AppendFile
  private closed = false

  /** Creates `path` (truncating it), or appends to it; a coded RecorderError when it cannot. */
  constructor(readonly path: string, options: { append?: boolean } = {}) {
    this.file = AppendFile.open(path, 'journal', options)
  }

  write(record: JournalRecord): void {
    this.writeLines(`${JSON.stringify(record)}\n`, 1)
  }

  /** Several records in one write(2). */
  writeMany(records: JournalRecord[]): void {
    if (records.length === 0) return
    let text = ''
    for (const record of records) text += `${JSON.stringify(record)}\n`
    this.writeLines(text, records.length)
  }

  /** Lines already serialized (each ending in "\n"), `count` of them, in one write(2). */
  writeLines(text: string, count: number): void {
    if (this.closed || count === 0) return
    this.file.writeText(text)
    this.records += count
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    this.file.close()
  }
}

/** The journal keeps lengths, not bytes, of what the packets carry; TLS plaintext (in no packet)
 * is kept base64-encoded. */
export function journaledEvent(event: SocketEvent): JournaledSocketEvent {
  if (event.kind === 'write' || event.kind === 'read') {
    const { bytes, ...rest } = event
    return { ...rest, length: bytes.length }
  }
  if (event.kind === 'tls-plaintext') {
    const { bytes, ...rest } = event
    return { ...rest, base64: Buffer.from(bytes).toString('base64') }
  }
  return event
}

/** One journal line, with its "\n". */
export function journalLine(record: JournalRecord): string {
  return `${JSON.stringify(record)}\n`
}

/** Characters JSON.stringify writes escaped: the quote, the backslash, control characters and
 * UTF-16 surrogates (a lone one is escaped; a pair is not, but the rare text holding one takes the
 * slow path too). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

/** A string as JSON.stringify writes it, character for character. Most journal strings (socket
 * ids, frame notes) hold nothing to escape: they are quoted as they are, without JSON.stringify's
 * call into the runtime (two per frame, the largest part of the journal's own cost per frame). */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`
}

/** `{"type":"frame",...}` for one written frame: the same text JSON.stringify writes for
 * `{ type: 'frame', frame, socketId, note }`, without building the object (one per frame).
 * `quotedSocketId` is jsonString(socketId), quoted once for all the frames of an event. */
export function frameLine(frame: number, quotedSocketId: string, note: string): string {
  return `{"type":"frame","frame":${frame},"socketId":${quotedSocketId},"note":${jsonString(note)}}\n`
}

/** `{"type":"socket","event":{...}}` for one socket event: the same text as
 * `JSON.stringify({ type: 'socket', event: journaledEvent(event) })`. For write/read events (most
 * of them) the event's own properties are written in their order with `bytes` left out and
 * `length` last, as journaledEvent's copy has them, without making the copy; a string, number or
 * boolean without calling into JSON.stringify. */
export function socketEventLine(event: SocketEvent): string {
  const hasBytes = event.kind === 'write' || event.kind === 'read' || event.kind === 'tls-plaintext'
  let text = '{"type":"socket","event":{'
  let first = true
  for (const key in event) {
    if (hasBytes && key === 'bytes') continue
    const value = (event as unknown as Record<string, unknown>)[key]
    // JSON.stringify leaves such properties out.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue
    text += `${first ? '' : ','}${quotedKey(key)}:${jsonValue(value)}`
    first = false
  }
  if (!hasBytes) return `${text}}}\n`
  const tail = event.kind === 'tls-plaintext' ? `"base64":"${Buffer.from(event.bytes).toString('base64')}"` : `"length":${event.bytes.length}`
  return `${text}${first ? '' : ','}${tail}}}\n`
}

/** A property name as JSON.stringify quotes it; the few names of socket events, quoted once. */
const quotedKeys = new Map<string, string>()
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key)
  if (quoted === undefined) {
    quoted = JSON.stringify(key)
    if (quotedKeys.size < 64) quotedKeys.set(key, quoted)
  }
  return quoted
}

/** A value as JSON.stringify writes it: strings, finite numbers and booleans here (a number's text
 * is String(n), a non-finite number is null), anything else (an endpoint) by JSON.stringify. */
function jsonValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value)
    case 'number':
      return Number.isFinite(value) ? `${value}` : 'null'
    case 'boolean':
      return value ? 'true' : 'false'
    default:
      return JSON.stringify(value)
  }
}
