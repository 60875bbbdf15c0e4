// The recorder's SocketTap: every socket event goes to the journal, and (when Wiretrail synthesizes
// the packets) becomes frames appended to the capture file.
//
// Events are queued and written at the end of the current turn of the event loop (setImmediate),
// all of one turn in one write(2) per file: the socket callbacks that report them are not slowed
// by file I/O (the page load's critical path), and a crash loses at most the events of the turn
// in flight. Every event's `at` is its own time, so batching changes no timestamp.
//
// One ordering rule: in pcapng, a Decryption Secrets Block must come before the first packet that
// needs its keys. TLS derives the handshake keys while it processes the server's flight, i.e. just
// *after* the socket read that carried it was tapped; so frames from a read on an HTTPS socket
// wait until the next frame-making event (or the end of the batch), letting key-log lines that
// arrive in between go first.
import type { JournalRecord } from '../shared/journal.ts'
import type { SocketEvent, SocketTap } from '../sockets/tap.ts'
import type { CaptureWriter, PacketRecord } from './capture-file/types.ts'
import { FrameSynthesizer } from './frame-synthesizer.ts'
import { journaledEvent, type JournalWriter } from './journal-writer.ts'
import type { SynthFrame } from './tcp-flow.ts'

export interface CaptureTapOptions {
  /** Where synthesized frames go; null when the kernel's packets are captured instead. */
  writer: CaptureWriter | null
  journal: JournalWriter
  /** Called after frames are written (progress). */
  onFrame?: (frames: number) => void
}

export class CaptureTap implements SocketTap {
  /** Problems inside the tap (it never throws into socket code); reported with the result. */
  readonly errors: Error[] = []
  readonly keyLogLines: string[] = []
  private readonly writer: CaptureWriter | null
  private readonly journal: JournalWriter
  private readonly onFrame: ((frames: number) => void) | undefined
  private readonly synthesizer = new FrameSynthesizer()
  private readonly httpsSockets = new Set<string>()
  /** Socket events, and other journal records kept in order with them (resolver, http). */
  private queue: (SocketEvent | JournalRecord)[] = []
  private drainScheduled = false
  private lastTimestamp = 0
  private closed = false

  constructor(options: CaptureTapOptions) {
    this.writer = options.writer
    this.journal = options.journal
    this.onFrame = options.onFrame
  }

  get frames(): number {
    return this.writer?.packets ?? 0
  }

  get skippedEvents(): number {
    return this.synthesizer.skipped
  }

  emit(event: SocketEvent): void {
    this.enqueue(event)
  }

  /** A journal record that is not a socket event (resolver step, HTTP exchange), written in its
   * place among the socket events. */
  journalRecord(record: JournalRecord): void {
    this.enqueue(record)
  }

  private enqueue(item: SocketEvent | JournalRecord): void {
    if (this.closed) return
    this.queue.push(item)
    if (this.drainScheduled) return
    this.drainScheduled = true
    setImmediate(() => this.drain())
  }

  /** Writes everything queued and stops accepting events (the files are closed by their owner). */
  close(): void {
    this.drain()
    this.closed = true
  }

  /** Writes the queued events: journal lines, frames, secrets, in the order the rule above needs. */
  drain(): void {
    this.drainScheduled = false
    const events = this.queue
    if (events.length === 0) return
    this.queue = []
    const records: JournalRecord[] = []
    let frames: { frame: SynthFrame; record: PacketRecord }[] = []
    const held: SynthFrame[] = []
    const writePending = (): void => {
      this.writeFrames(frames, records)
      frames = []
    }
    try {
      for (const event of events) {
        if ('type' in event) {
          records.push(event)
          continue
        }
        records.push({ type: 'socket', event: journaledEvent(event) })
        if (event.kind === 'socket' && event.purpose === 'https') this.httpsSockets.add(event.socketId)
        if (event.kind === 'tls-keylog') {
          this.keyLogLines.push(event.line)
          if (this.writer?.format === 'pcapng') {
            writePending()
            this.writer.writeSecrets([event.line])
          }
          continue
        }
        if (this.writer === null) continue
        const made = this.synthesizer.handle(event)
        if (made.length === 0) continue
        // Held frames go out before any later frame (the next frames acknowledge them), but
        // after any key-log lines that arrived in between.
        for (const frame of held.splice(0)) frames.push({ frame, record: this.packetFor(frame) })
        if (event.kind === 'read' && this.httpsSockets.has(event.socketId) && this.writer.format === 'pcapng') held.push(...made)
        else for (const frame of made) frames.push({ frame, record: this.packetFor(frame) })
      }
      for (const frame of held) frames.push({ frame, record: this.packetFor(frame) })
      writePending()
    } catch (error) {
      this.errors.push(error as Error)
    }
  }

  private packetFor(frame: SynthFrame): PacketRecord {
    // Timestamps never go backwards in the file (an event stamped at connect() time may be
    // reported after frames of other sockets).
    const timestampMs = Math.max(frame.at, this.lastTimestamp)
    this.lastTimestamp = timestampMs
    return { timestampMs, data: frame.bytes, comment: frame.note }
  }

  /** Frames in one write to the capture, then the journal lines so far plus one per frame. */
  private writeFrames(frames: { frame: SynthFrame; record: PacketRecord }[], records: JournalRecord[]): void {
    if (this.writer !== null && frames.length > 0) {
      const first = this.writer.packets + 1
      this.writer.writePackets(frames.map((f) => f.record))
      frames.forEach(({ frame }, i) => records.push({ type: 'frame', frame: first + i, socketId: frame.socketId, note: frame.note }))
      this.onFrame?.(this.writer.packets)
    }
    this.journal.writeMany(records.splice(0))
  }
}
