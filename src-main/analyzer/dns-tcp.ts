// DNS over TCP in a reassembled stream (src-main/dns/tcp-framing.ts): each complete message is
// handed on with the frame that completed it (as Wireshark reports a reassembled PDU), and where a
// message spans segments is noted for the packet pane (DnsTcpSegments): one segment's bytes cannot
// say whether they begin with a length prefix or carry on a message begun in an earlier segment.
import { TcpMessageFramer } from '../dns/tcp-framing.ts'
import type { DnsSegmentPieces } from '../decode/dns.ts'
import type { StreamConsumer } from './tcp-reassembly.ts'

const NONE = -1
/** entryOpen of a segment after a gap. */
const LOST = -2
/** messageEnd of a message its stream ended (or lost its boundaries) before completing; NONE: not
 * completed yet (the pass is still reading: a preview's detail). */
const NEVER = -2

/** Every DNS-over-TCP segment of a capture that carries part of a message (or comes after a gap),
 * with the messages they carry: rows of plain number columns, an entry only for such segments
 * (most DNS-over-TCP segments carry whole messages and get none), so the pass makes no object per
 * segment. Bounded by the frames: one entry a frame at most. */
export class DnsTcpSegments {
  /** Frame index → entry. */
  private readonly byFrame = new Map<number, number>()
  private readonly entryRead: number[] = []
  private readonly entryBefore: number[] = []
  private readonly entryHere: number[] = []
  /** The message the entry's first bytes carry on (NONE: they begin a message). */
  private readonly entryContinued: number[] = []
  /** The message the entry ends inside (NONE: it ends at a message's end); LOST: after a gap. */
  private readonly entryOpen: number[] = []
  private readonly messageStart: number[] = []
  private readonly messageEnd: number[] = []
  private readonly messageLength: number[] = []

  /** A message whose first bytes are in frame `frame`. */
  open(frame: number): number {
    this.messageStart.push(frame)
    this.messageEnd.push(NONE)
    return this.messageLength.push(NONE) - 1
  }

  setLength(message: number, length: number): void {
    this.messageLength[message] = length
  }

  complete(message: number, frame: number): void {
    this.messageEnd[message] = frame
  }

  /** The stream of message `message` ended, or lost its boundaries, before completing it. */
  abandon(message: number): void {
    if (message !== NONE && this.messageEnd[message] === NONE) this.messageEnd[message] = NEVER
  }

  /** Frame `frame`'s segment: `read` bytes read, the first `here` of them carrying on `continued`
   * (after `before` bytes of it in earlier segments), its last bytes inside message `open`. */
  add(frame: number, read: number, continued: number, before: number, here: number, open: number): void {
    // A segment read in two pieces (parts of it held out of order) keeps what its first piece said.
    if (this.byFrame.has(frame)) return
    this.byFrame.set(frame, this.entryRead.push(read) - 1)
    this.entryContinued.push(continued)
    this.entryBefore.push(before)
    this.entryHere.push(here)
    this.entryOpen.push(open)
  }

  /** Frame `frame`'s segment came after the stream lost its boundaries. */
  lost(frame: number, read: number): void {
    this.add(frame, read, NONE, 0, 0, LOST)
  }

  /** What frame index `frame`'s segment carries (frames in it numbered from 1, as the list shows
   * them), or null when it holds whole messages only (or is no DNS-over-TCP segment). */
  of(frame: number): DnsSegmentPieces | null {
    const e = this.byFrame.get(frame)
    if (e === undefined) return null
    const c = this.entryContinued[e]!
    const open = this.entryOpen[e]!
    // Frames from 1; a message never completed: −1; one not completed yet (a preview): null.
    const numbered = (i: number): number | null => (i === NONE ? null : i < 0 ? -1 : i + 1)
    return {
      read: this.entryRead[e]!,
      continued:
        c === NONE
          ? null
          : { startFrame: this.messageStart[c]! + 1, before: this.entryBefore[e]!, here: this.entryHere[e]!, length: this.messageLength[c]!, endFrame: numbered(this.messageEnd[c]!) },
      completedIn: open === NONE || open === LOST ? null : numbered(this.messageEnd[open]!),
      lost: open === LOST,
    }
  }
}

export class DnsTcpDirection implements StreamConsumer {
  private readonly framer = new TcpMessageFramer()
  private lost = false
  /** The message whose bytes the framer holds (NONE when it holds none). */
  private current = NONE
  /** `onMessage`: one message's bytes (without its length prefix). */
  constructor(
    private readonly onMessage: (message: Uint8Array, frame: number) => void,
    private readonly segments: DnsTcpSegments,
  ) {}

  data(buf: Uint8Array, start: number, end: number, frame: number): void {
    const read = end - start
    if (this.lost) {
      this.segments.lost(frame, read)
      return
    }
    const before = this.framer.bufferedBytes
    const continued = before > 0 ? this.current : NONE
    const messages = this.framer.push(buf.subarray(start, end))
    let here = 0
    if (continued !== NONE) {
      if (messages.length > 0) {
        // The first message completed is the one carried on: its prefix and body, less what came before.
        here = 2 + messages[0]!.length - before
        this.segments.setLength(continued, messages[0]!.length)
        this.segments.complete(continued, frame)
      } else here = read
    }
    let open = NONE
    if (this.framer.bufferedBytes > 0) {
      open = continued !== NONE && messages.length === 0 ? continued : this.segments.open(frame)
      const length = this.framer.pendingLength
      if (length >= 0) this.segments.setLength(open, length)
    }
    this.current = open
    if (continued !== NONE || open !== NONE) this.segments.add(frame, read, continued, before, here, open)
    for (const message of messages) this.onMessage(message, frame)
  }

  /** A pure retransmission: its bytes were read where they first came (or were lost in a gap, and
   * then so are the boundaries); its first bytes may be in the middle of a message, so they are
   * never read as a new one. */
  repeated(frame: number, captured: number): void {
    if (this.lost) this.segments.lost(frame, captured)
    else this.segments.add(frame, 0, NONE, 0, 0, NONE)
  }

  gap(): void {
    // Without the length prefix the message boundaries are lost for good.
    this.lost = true
    this.segments.abandon(this.current)
    this.current = NONE
    this.framer.reset()
  }

  end(): void {
    this.segments.abandon(this.current)
  }
}
