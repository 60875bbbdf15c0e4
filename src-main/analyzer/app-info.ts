// The application-level Info of the frames that completed a message (an HTTP request or response
// reassembled over several segments, a TLS handshake, DNS over TCP, a datagram joined from IP
// fragments), which a frame's own bytes cannot say when the packet list asks for its line later
// (summary.ts). Kept as one number per frame: an HTTP line is a reference to its exchange (written
// from the exchange's columns when read: http-exchanges.ts), any other line an id of an interned
// (protocol, text) pair — the same TLS and HTTP status lines recur on thousands of frames. No object
// or string per frame.
import { grown, resized } from './columns.ts'

/** A frame's Protocol and Info columns. */
export interface InfoLine {
  protocol: string
  info: string
}

/** Writes the Info of an HTTP exchange's request or final response (http-exchanges.ts). */
export interface ExchangeInfo {
  info(exchange: number, part: 'request' | 'response'): string
}

/** The value's low bits: what it refers to. */
const TEXT = 0
const HTTP_REQUEST = 1
const HTTP_RESPONSE = 2
const KIND_BITS = 2
const KIND_MASK = (1 << KIND_BITS) - 1

export class AppInfo {
  /** Frame index → ((reference << KIND_BITS) | kind) + 1; 0: no line. A column, not a map: the
   * trackers set a line for one frame in ten or so, and a typed array takes it without hashing. */
  private byFrame = new Int32Array(1024)
  private count = 0
  /** Interned lines: protocol and text of each. */
  private readonly lineProtocol: string[] = []
  private readonly lineText: string[] = []
  private readonly lineIds = new Map<string, Map<string, number>>()
  /** Set by the HTTP tracker: where its lines are written from. */
  exchanges: ExchangeInfo | null = null

  constructor(
    /** How many frames the capture's other per-frame columns have room for (the frame table's
     * capacity): this column grows to that at once, so it is copied as often as they are. */
    private readonly frameCapacity: () => number = () => 0,
  ) {}

  get size(): number {
    return this.count
  }

  get(frame: number): InfoLine | undefined {
    const v = frame >= 0 && frame < this.byFrame.length ? this.byFrame[frame]! - 1 : -1
    if (v < 0) return undefined
    const ref = v >>> KIND_BITS
    switch (v & KIND_MASK) {
      case HTTP_REQUEST:
        return { protocol: 'HTTP', info: this.exchanges!.info(ref, 'request') }
      case HTTP_RESPONSE:
        return { protocol: 'HTTP', info: this.exchanges!.info(ref, 'response') }
      default:
        return { protocol: this.lineProtocol[ref]!, info: this.lineText[ref]! }
    }
  }

  set(frame: number, line: InfoLine): void {
    let ids = this.lineIds.get(line.protocol)
    if (!ids) this.lineIds.set(line.protocol, (ids = new Map()))
    let id = ids.get(line.info)
    if (id === undefined) {
      id = this.lineText.push(line.info) - 1
      this.lineProtocol.push(line.protocol)
      ids.set(line.info, id)
    }
    this.put(frame, (id << KIND_BITS) | TEXT)
  }

  /** The frame completed exchange `exchange`'s request or final response: its Info is that line. */
  setHttp(frame: number, exchange: number, part: 'request' | 'response'): void {
    this.put(frame, (exchange << KIND_BITS) | (part === 'request' ? HTTP_REQUEST : HTTP_RESPONSE))
  }

  /** What frame `from` says is said by frame `to` instead (a request whose body ended later). */
  move(from: number, to: number): void {
    const v = from >= 0 && from < this.byFrame.length ? this.byFrame[from]! : 0
    if (v === 0) return
    this.byFrame[from] = 0
    this.count--
    this.put(to, v - 1)
  }

  private put(frame: number, value: number): void {
    if (frame >= this.byFrame.length) {
      const room = this.frameCapacity()
      this.byFrame = room > frame ? resized(this.byFrame, room) : grown(this.byFrame, frame + 1)
    }
    if (this.byFrame[frame] === 0) this.count++
    this.byFrame[frame] = value + 1
  }
}
