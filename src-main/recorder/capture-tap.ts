// The recorder's SocketTap: every socket event goes to the journal, and (when Wiretrail synthesizes
// the packets) becomes frames appended to the capture file.
//
// Each event that makes packets is written as it is reported, before emit() returns: its frames to
// the capture in one write(2), then its journal line and its frames' lines in one write(2) to the
// journal. So when the socket code goes on (sends the next request, hands the bytes to the HTTP
// parser), the packets of everything that has happened are in the kernel's page cache, and a crash
// of the process (SIGKILL included) loses at most the event being written: the packet in flight
// (docs/capture-format.md).
//
// The journal lines of what makes no packet (a socket created, a resolver step, an HTTP exchange
// done, a TLS key) go out with the next packets' lines, or at the end of the turn of the event loop
// if no packet follows in it: about half the journal's lines, and without this one write(2) each
// (a write(2) per event was measured as the largest part of what recording costs a page load). A
// crash therefore loses at most those lines of the turn in flight, never a packet.
//
// One ordering rule: in pcapng, a Decryption Secrets Block must come before the first packet that
// needs its keys. TLS derives the handshake keys while it processes the server's flight, i.e. just
// *after* the socket read that carried it was tapped; so the frames of a read on an HTTPS socket
// wait until the next event that is not a key-log line (or the end of the event-loop turn), and the
// key-log lines that arrive in between go first. Those frames are then the packet in flight.
//
// A write that fails (a full disk, an I/O error) stops the recording: both files end at their last
// whole record, later events are ignored, `failure` holds the coded error, and onFailure tells the
// recorder to stop the load. Problems that are not the files' (a frame that cannot be synthesized)
// never reach the socket code either: they are kept in `errors` and reported with the result.
import type { JournalRecord } from '../shared/journal.ts'
import type { SocketEvent, SocketTap } from '../sockets/tap.ts'
import type { CaptureWriter, PacketRecord } from './capture-file/types.ts'
import { RecorderError } from './errors.ts'
import { FrameSynthesizer } from './frame-synthesizer.ts'
import { frameLine, journalLine, socketEventLine, type JournalWriter } from './journal-writer.ts'
import type { SynthFrame } from './tcp-flow.ts'

export interface CaptureTapOptions {
  /** Where synthesized frames go; null when the kernel's packets are captured instead. */
  writer: CaptureWriter | null
  journal: JournalWriter
  /** Called after frames are written, with the number written so far. */
  onFrame?: (frames: number) => void
  /** The files cannot be written any more (or vanished): the load should stop. Called once. */
  onFailure?: (error: RecorderError) => void
}

export class CaptureTap implements SocketTap {
  /** Problems inside the tap that did not stop the recording (it never throws into socket code). */
  readonly errors: Error[] = []
  readonly keyLogLines: string[] = []
  /** What stopped the recording's writing (disk full, write error, a vanished file), or null. */
  failure: RecorderError | null = null
  private readonly writer: CaptureWriter | null
  private readonly journal: JournalWriter
  private readonly onFrame: ((frames: number) => void) | undefined
  private readonly onFailure: ((error: RecorderError) => void) | undefined
  private readonly synthesizer = new FrameSynthesizer()
  private readonly httpsSockets = new Set<string>()
  /** Frames of an HTTPS read waiting for the key-log lines TLS derives from it (pcapng only). */
  private held: SynthFrame[] = []
  private heldRelease: NodeJS.Immediate | null = null
  /** Journal lines waiting for the next packets' write (see noteLines). */
  private pendingLines = ''
  private pendingCount = 0
  private pendingFlush: NodeJS.Immediate | null = null
  private lastTimestamp = 0
  private closed = false

  constructor(options: CaptureTapOptions) {
    this.writer = options.writer
    this.journal = options.journal
    this.onFrame = options.onFrame
    this.onFailure = options.onFailure
  }

  get frames(): number {
    return this.writer?.packets ?? 0
  }

  get skippedEvents(): number {
    return this.synthesizer.skipped
  }

  emit(event: SocketEvent): void {
    if (this.closed || this.failure !== null) return
    try {
      if (event.kind === 'tls-keylog') {
        this.keyLog(event)
        return
      }
      if (this.held.length > 0) this.releaseHeld()
      this.record(event)
    } catch (error) {
      this.fail(error)
    }
  }

  /** A journal record that is not a socket event (resolver step, HTTP exchange), written in its
   * place among the socket events. */
  journalRecord(record: JournalRecord): void {
    if (this.closed || this.failure !== null) return
    try {
      if (this.held.length > 0) this.releaseHeld()
      this.noteLines(journalLine(record), 1)
    } catch (error) {
      this.fail(error)
    }
  }

  /** Stops the recording with `error` (a vanished file): later events are ignored. */
  stop(error: RecorderError): void {
    this.fail(error)
  }

  /** Writes what is held and stops accepting events (the files are closed by their owner). */
  close(): void {
    if (this.closed) return
    if (this.held.length > 0 && this.failure === null) {
      try {
        this.releaseHeld()
      } catch (error) {
        this.fail(error)
      }
    }
    if (this.heldRelease !== null) clearImmediate(this.heldRelease)
    this.flushPending()
    this.closed = true
  }

  private record(event: SocketEvent): void {
    let lines = socketEventLine(event)
    let count = 1
    const writer = this.writer
    if (writer !== null) {
      if (event.kind === 'socket' && event.purpose === 'https') this.httpsSockets.add(event.socketId)
      let made: SynthFrame[] = []
      try {
        made = this.synthesizer.handle(event)
      } catch (error) {
        this.errors.push(error as Error)
      }
      if (event.kind === 'close') this.httpsSockets.delete(event.socketId)
      if (made.length > 0) {
        if (writer.format === 'pcapng' && event.kind === 'read' && this.httpsSockets.has(event.socketId)) {
          this.held = made
          this.heldRelease ??= setImmediate(this.releaseHeldAtTurnEnd)
        } else {
          lines += this.writeFrames(writer, made)
          count += made.length
        }
      }
    }
    if (count > 1) this.writeLines(lines, count)
    else this.noteLines(lines, 1)
  }

  private keyLog(event: Extract<SocketEvent, { kind: 'tls-keylog' }>): void {
    this.keyLogLines.push(event.line)
    // Before the held frames of the read it came from (see the ordering rule above).
    if (this.writer !== null && this.writer.format === 'pcapng') this.writer.writeSecrets([event.line])
    this.noteLines(socketEventLine(event), 1)
  }

  /** Journal lines of something that made no packet (a resolver step, a socket created, a key-log
   * line): written with the next packets' lines, or at the end of this turn of the event loop,
   * whichever comes first (see the header: they cost a write(2) each otherwise). */
  private noteLines(text: string, count: number): void {
    this.pendingLines += text
    this.pendingCount += count
    this.pendingFlush ??= setImmediate(this.flushPending)
  }

  /** Journal lines of packets just written (with any lines waiting before them), in one write(2). */
  private writeLines(text: string, count: number): void {
    if (this.pendingCount > 0) {
      this.journal.writeLines(this.pendingLines + text, this.pendingCount + count)
      this.pendingLines = ''
      this.pendingCount = 0
      return
    }
    this.journal.writeLines(text, count)
  }

  private readonly flushPending = (): void => {
    if (this.pendingFlush !== null) {
      clearImmediate(this.pendingFlush)
      this.pendingFlush = null
    }
    if (this.pendingCount === 0 || this.failure !== null) return
    try {
      this.writeLines('', 0)
    } catch (error) {
      this.fail(error)
    }
  }

  private releaseHeld(): void {
    const frames = this.held
    this.held = []
    if (this.heldRelease !== null) {
      clearImmediate(this.heldRelease)
      this.heldRelease = null
    }
    if (this.writer === null) return
    this.writeLines(this.writeFrames(this.writer, frames), frames.length)
  }

  private readonly releaseHeldAtTurnEnd = (): void => {
    this.heldRelease = null
    if (this.held.length === 0 || this.failure !== null || this.closed) return
    try {
      this.releaseHeld()
    } catch (error) {
      this.fail(error)
    }
  }

  /** Appends the frames in one write(2) and returns their journal lines. */
  private writeFrames(writer: CaptureWriter, frames: SynthFrame[]): string {
    const packets: PacketRecord[] = []
    for (const frame of frames) {
      // Timestamps never go backwards in the file (an event stamped at connect() time may be
      // reported after frames of other sockets).
      const timestampMs = frame.at > this.lastTimestamp ? frame.at : this.lastTimestamp
      this.lastTimestamp = timestampMs
      packets.push({ timestampMs, data: frame.bytes, comment: frame.note })
    }
    const first = writer.packets + 1
    writer.writePackets(packets)
    let lines = ''
    for (let i = 0; i < frames.length; i += 1) {
      const frame = frames[i] as SynthFrame
      lines += frameLine(first + i, frame.socketId, frame.note)
    }
    this.onFrame?.(writer.packets)
    return lines
  }

  private fail(error: unknown): void {
    if (!(error instanceof RecorderError)) {
      this.errors.push(error as Error)
      return
    }
    if (this.failure !== null) return
    this.failure = error
    this.held = []
    // What happened before the failure stays: the journal lines still waiting, if the journal takes them.
    if (this.pendingCount > 0 && this.journal.file.failed === null) {
      try {
        this.journal.writeLines(this.pendingLines, this.pendingCount)
      } catch {
        // The journal failed too: it ends at its last whole line.
      }
    }
    this.pendingLines = ''
    this.pendingCount = 0
    this.onFailure?.(error)
  }
}
