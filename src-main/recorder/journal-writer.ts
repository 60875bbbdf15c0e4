// Appends journal records (src-main/shared/journal.ts) to `<capture>.wiretrail.jsonl`, one JSON
// line per record, as the recording goes: the capture tap hands over each batch of lines (the
// events of one event-loop turn and the frames they made) for one write(2), so a crash loses at
// most the lines in flight (docs/capture-format.md).
import { closeSync, open, openSync, writeSync } from 'node:fs'
import type { JournaledSocketEvent, JournalRecord } from '../shared/journal.ts'
import type { SocketEvent } from '../sockets/tap.ts'

export class JournalWriter {
  records = 0
  private readonly fd: number
  private closed = false

  /** Opens `path` (truncating it, or appending), or takes `options.fd`, already open for writing. */
  constructor(readonly path: string, options: { append?: boolean; fd?: number } = {}) {
    this.fd = options.fd ?? openSync(path, options.append ? 'a' : 'w')
  }

  /** Creates (truncates) the journal without blocking the caller's thread: open(2) runs on libuv's
   * thread pool (creating or truncating a file can take a file system a fraction of a millisecond). */
  static open(path: string): Promise<JournalWriter> {
    return new Promise((resolve, reject) => {
      open(path, 'w', (error, fd) => (error ? reject(error) : resolve(new JournalWriter(path, { fd }))))
    })
  }

  write(record: JournalRecord): void {
    if (this.closed) return
    writeSync(this.fd, `${JSON.stringify(record)}\n`)
    this.records += 1
  }

  /** Several records in one write(2) (one socket event and the frames it made). */
  writeMany(records: JournalRecord[]): void {
    if (this.closed || records.length === 0) return
    let text = ''
    for (const record of records) text += `${JSON.stringify(record)}\n`
    this.writeLines(text, records.length)
  }

  /** Lines already serialized (each ending in "\n"), `count` of them, in one write(2). */
  writeLines(text: string, count: number): void {
    if (this.closed || count === 0) return
    writeSync(this.fd, text)
    this.records += count
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    closeSync(this.fd)
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

/** `{"type":"frame",...}` for one written frame: the same text JSON.stringify writes for
 * `{ type: 'frame', frame, socketId, note }`, without building the object (one per frame). */
export function frameLine(frame: number, socketId: string, note: string): string {
  return `{"type":"frame","frame":${frame},"socketId":${JSON.stringify(socketId)},"note":${JSON.stringify(note)}}\n`
}

/** `{"type":"socket","event":{...}}` for one socket event: the same text as
 * `JSON.stringify({ type: 'socket', event: journaledEvent(event) })`. For write/read events (most
 * of them) the event's own properties are written in their order with `bytes` left out and
 * `length` last, as journaledEvent's copy has them, without making the copy. */
export function socketEventLine(event: SocketEvent): string {
  if (event.kind !== 'write' && event.kind !== 'read') return `{"type":"socket","event":${JSON.stringify(journaledEvent(event))}}\n`
  let text = '{"type":"socket","event":{'
  let first = true
  for (const key in event) {
    if (key === 'bytes') continue
    const value = (event as unknown as Record<string, unknown>)[key]
    if (value === undefined) continue // JSON.stringify leaves such properties out
    text += `${first ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(value)}`
    first = false
  }
  return `${text}${first ? '' : ','}"length":${event.bytes.length}}}\n`
}
