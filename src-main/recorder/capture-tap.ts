// The recorder's SocketTap: every socket event goes to the journal, and (when Wiretrail synthesizes
// the packets) becomes frames appended to the capture file.
//
// Each event that makes packets is written as it is reported, before emit() returns: its frames to
// the capture in one write(2). So when the socket code goes on (sends the next request, hands the
// bytes to the HTTP parser), the packets of everything that has happened are in the kernel's page
// cache, and a crash of the process (SIGKILL included) loses at most the event being written: the
// packet in flight (docs/capture-format.md).
//
// The journal lines go out together, in one write(2), as late as the crash rule allows: the lines
// naming one flow's frames (a socket; for UDP, a socket and its peer) wait while that flow makes
// more packets in the same turn of the event loop (a read of a response, then the next request on
// the same connection), and are written before the frames of any other flow, or at the end of the
// turn. The lines of what makes no packet (a socket created, a resolver step, an HTTP exchange done,
// a TLS key) wait with them. A crash therefore loses at most the journal lines of the turn in
// flight, and the frames the journal does not name yet are those of one flow; never a packet. (A
// write(2) per event and file was measured as the largest single item of what recording costs a
// page load: issue 11 §4.)
//
// What the journal says of a socket event whose frames were written: nothing more than the frames'
// own records for a write, a read or a shutdown (which socket, which step; the bytes, their length
// and time are the packets'), so these events have no line of their own then. Every other event
// (socket, connect, close, TLS) has its line, and so does every event when the packets are the
// kernel's (tcpdump's frames are not named in the journal).
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
import { frameLine, journalLine, jsonString, socketEventLine, type JournalWriter } from './journal-writer.ts'
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
  private heldFlow = ''
  private heldRelease: NodeJS.Immediate | null = null
  /** Journal lines not written yet (see the header), and the flow whose frames they name (null:
   * they name no frame). */
  private pendingLines = ''
  private pendingCount = 0
  private pendingFlow: string | null = null
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
      this.noteLine(journalLine(record))
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
    const writer = this.writer
    if (writer === null) {
      this.noteLine(socketEventLine(event))
      return
    }
    if (event.kind === 'socket' && event.purpose === 'https') this.httpsSockets.add(event.socketId)
    let made: SynthFrame[] = []
    try {
      made = this.synthesizer.handle(event)
    } catch (error) {
      this.errors.push(error as Error)
    }
    if (event.kind === 'close') this.httpsSockets.delete(event.socketId)
    // A write, read or shutdown that made frames is said by their records (see the header).
    if (made.length === 0 || (event.kind !== 'write' && event.kind !== 'read' && event.kind !== 'shutdown')) this.noteLine(socketEventLine(event))
    if (made.length === 0) return
    const flow = flowOf(event)
    if (writer.format === 'pcapng' && event.kind === 'read' && this.httpsSockets.has(event.socketId)) {
      this.held = made
      this.heldFlow = flow
      this.heldRelease ??= setImmediate(this.releaseHeldAtTurnEnd)
      return
    }
    this.writeFrames(writer, made, flow)
  }

  private keyLog(event: Extract<SocketEvent, { kind: 'tls-keylog' }>): void {
    this.keyLogLines.push(event.line)
    // Before the held frames of the read it came from (see the ordering rule above).
    if (this.writer !== null && this.writer.format === 'pcapng') this.writer.writeSecrets([event.line])
    this.noteLine(socketEventLine(event))
  }

  /** A journal line (with its "\n") to go out with the next write of the journal's lines. */
  private noteLine(line: string): void {
    this.pendingLines += line
    this.pendingCount += 1
    this.pendingFlush ??= setImmediate(this.flushPending)
  }

  /** Writes the journal lines waiting, in one write(2). */
  private writePending(): void {
    const text = this.pendingLines
    const count = this.pendingCount
    this.pendingLines = ''
    this.pendingCount = 0
    this.pendingFlow = null
    this.journal.writeLines(text, count)
  }

  private readonly flushPending = (): void => {
    if (this.pendingFlush !== null) {
      clearImmediate(this.pendingFlush)
      this.pendingFlush = null
    }
    if (this.pendingCount === 0 || this.failure !== null) return
    try {
      this.writePending()
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
    this.writeFrames(this.writer, frames, this.heldFlow)
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

  /** Appends the frames of one event (all of one flow) in one write(2); their journal lines wait
   * with the others, once the lines naming another flow's frames are written (see the header). */
  private writeFrames(writer: CaptureWriter, frames: SynthFrame[], flow: string): void {
    if (frames.length === 0) return
    if (this.pendingFlow !== null && this.pendingFlow !== flow) this.writePending()
    const packets: PacketRecord[] = []
    for (const frame of frames) {
      // Timestamps never go backwards in the file (an event stamped at connect() time may be
      // reported after frames of other sockets).
      const timestampMs = frame.at > this.lastTimestamp ? frame.at : this.lastTimestamp
      this.lastTimestamp = timestampMs
      packets.push({ timestampMs, data: frame.packet, comment: frame.note })
    }
    const first = writer.packets + 1
    writer.writePackets(packets)
    let lines = ''
    const quotedSocketId = jsonString((frames[0] as SynthFrame).socketId) // one socket's frames
    for (let i = 0; i < frames.length; i += 1) lines += frameLine(first + i, quotedSocketId, (frames[i] as SynthFrame).note)
    this.pendingLines += lines
    this.pendingCount += frames.length
    this.pendingFlow = flow
    this.pendingFlush ??= setImmediate(this.flushPending)
    this.onFrame?.(writer.packets)
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
    this.pendingFlow = null
    this.onFailure?.(error)
  }
}

/** Which flow an event's frames belong to: its socket, and for a UDP datagram with its own peer,
 * that peer too (one UDP socket may talk to several servers). */
function flowOf(event: SocketEvent): string {
  if ((event.kind === 'write' || event.kind === 'read') && event.remote !== undefined) return `${event.socketId} ${event.remote.address} ${event.remote.port}`
  return event.socketId
}
