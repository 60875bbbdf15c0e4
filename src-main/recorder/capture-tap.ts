// The recorder's SocketTap: every socket event goes to the journal, and (when Wiretrail synthesizes
// the packets) becomes frames appended to the capture file.
//
// Events are queued and written at the end of the event-loop turn they happened in (setImmediate),
// all of one turn in one write(2) per file (capture first, then the journal lines of the events and
// of their frames): the socket callbacks that report them are not slowed by file I/O, and a crash
// loses at most the events of the turn in flight — the packet in flight, not more
// (docs/capture-format.md). Batching across turns (a few milliseconds) measured ~0.3 ms cheaper
// per gallery load, but would let a crash lose packets that had already happened; the recording's
// promise comes first. Every event's `at` is its own time, so batching changes no timestamp.
//
// The files may still be opening when the first events arrive (recordPageLoad creates them on
// libuv's thread pool while the load starts): events wait in the queue until attach() hands the
// tap its writers, and are written then.
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
import { frameLine, journalLine, socketEventLine, type JournalWriter } from './journal-writer.ts'
import type { SynthFrame } from './tcp-flow.ts'

export interface CaptureTapOptions {
  /** Where synthesized frames go; null when the kernel's packets are captured instead. */
  writer: CaptureWriter | null
  /** The journal; null while the files are still opening (then call attach()). */
  journal: JournalWriter | null
  /** Called after frames are written (progress). */
  onFrame?: (frames: number) => void
}

export class CaptureTap implements SocketTap {
  /** Problems inside the tap (it never throws into socket code); reported with the result. */
  readonly errors: Error[] = []
  readonly keyLogLines: string[] = []
  private writer: CaptureWriter | null
  private journal: JournalWriter | null
  private readonly onFrame: ((frames: number) => void) | undefined
  private readonly synthesizer = new FrameSynthesizer()
  private readonly httpsSockets = new Set<string>()
  /** Socket events, and other journal records kept in order with them (resolver, http). */
  private queue: (SocketEvent | JournalRecord)[] = []
  private flushScheduled: NodeJS.Immediate | null = null
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

  /** The files are open: what queued up meanwhile is written now, the rest as it comes. */
  attach(writer: CaptureWriter | null, journal: JournalWriter): void {
    this.writer = writer
    this.journal = journal
    this.drain()
  }

  private enqueue(item: SocketEvent | JournalRecord): void {
    if (this.closed) return
    this.queue.push(item)
    if (this.flushScheduled === null) this.flushScheduled = setImmediate(this.scheduledDrain)
  }

  private readonly scheduledDrain = (): void => {
    this.flushScheduled = null
    this.drain()
  }

  /** Writes everything queued and stops accepting events (the files are closed by their owner). */
  close(): void {
    this.drain()
    this.closed = true
  }

  /** Writes the queued events: frames and secrets to the capture, then the journal lines. */
  drain(): void {
    if (this.flushScheduled !== null) {
      clearImmediate(this.flushScheduled)
      this.flushScheduled = null
    }
    const journal = this.journal
    if (journal === null) return // still opening: attach() drains
    const events = this.queue
    if (events.length === 0) return
    this.queue = []
    const writer = this.writer
    const pcapng = writer?.format === 'pcapng'
    let lines = ''
    let lineCount = 0
    let written: SynthFrame[] = []
    let packets: PacketRecord[] = []
    const held: SynthFrame[] = []
    const release = (frame: SynthFrame): void => {
      written.push(frame)
      packets.push(this.packetFor(frame))
    }
    // The frames released so far go to the capture (in memory until uncork), and their journal
    // lines follow the lines of the events so far.
    const writeFrames = (): void => {
      if (writer === null || packets.length === 0) return
      const first = writer.packets + 1
      writer.writePackets(packets)
      for (let i = 0; i < written.length; i += 1) {
        const frame = written[i] as SynthFrame
        lines += frameLine(first + i, frame.socketId, frame.note)
      }
      lineCount += written.length
      written = []
      packets = []
    }
    const framesBefore = writer?.packets ?? 0
    writer?.cork()
    try {
      try {
        for (const event of events) {
          if ('type' in event) {
            lines += journalLine(event)
            lineCount += 1
            continue
          }
          lines += socketEventLine(event)
          lineCount += 1
          if (event.kind === 'socket' && event.purpose === 'https') this.httpsSockets.add(event.socketId)
          if (event.kind === 'tls-keylog') {
            this.keyLogLines.push(event.line)
            if (writer !== null && pcapng) {
              // The packets so far, then the secrets block, in file order (all in this batch's write).
              writeFrames()
              writer.writeSecrets([event.line])
            }
            continue
          }
          if (writer === null) continue
          const made = this.synthesizer.handle(event)
          if (made.length === 0) continue
          // Held frames go out before any later frame (the next frames acknowledge them), but
          // after any key-log lines that arrived in between.
          for (const frame of held.splice(0)) release(frame)
          if (pcapng && event.kind === 'read' && this.httpsSockets.has(event.socketId)) held.push(...made)
          else for (const frame of made) release(frame)
        }
        for (const frame of held) release(frame)
      } catch (error) {
        this.errors.push(error as Error)
      }
      writeFrames()
      writer?.uncork()
      journal.writeLines(lines, lineCount)
      if (writer !== null && writer.packets !== framesBefore) this.onFrame?.(writer.packets)
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
}
