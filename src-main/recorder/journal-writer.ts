// Appends journal records (src-main/shared/journal.ts) to `<capture>.wiretrail.jsonl`, one JSON
// line per record, appended in one write(2) as it happens (a socket event together with the
// frames it made): a crash loses at most the lines in flight.
import { closeSync, openSync, writeSync } from 'node:fs'
import type { JournaledSocketEvent, JournalRecord } from '../shared/journal.ts'
import type { SocketEvent } from '../sockets/tap.ts'

export class JournalWriter {
  records = 0
  private readonly fd: number
  private closed = false

  constructor(readonly path: string, options: { append?: boolean } = {}) {
    this.fd = openSync(path, options.append ? 'a' : 'w')
  }

  write(record: JournalRecord): void {
    if (this.closed) return
    writeSync(this.fd, `${JSON.stringify(record)}\n`)
    this.records += 1
  }

  /** Several records in one write(2) (one socket event and the frames it made). */
  writeMany(records: JournalRecord[]): void {
    if (this.closed || records.length === 0) return
    writeSync(this.fd, records.map((r) => `${JSON.stringify(r)}\n`).join(''))
    this.records += records.length
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
