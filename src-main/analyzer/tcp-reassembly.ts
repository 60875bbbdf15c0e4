// TCP reassembly, one direction at a time: segments are put in sequence order and handed to the
// application parser as a byte stream, whatever order they arrived in. Retransmissions (data
// already delivered) are dropped, overlaps trimmed, out-of-order data held until the hole is
// filled. A hole that never fills (lost in capture, cut by the snap length, capture started
// mid-stream) is passed on as a gap of N bytes so the parser can skip a body or resynchronise.
// Sequence numbers are unwrapped to 53-bit relative offsets, so a stream may cross 2^32.
// Once its connection has closed both ways (trackers/tcp.ts), a direction is released: its
// reader goes, nothing more is held, and bytes that still come are counted but read by nobody.

export interface StreamConsumer {
  /** Stream bytes buf[start, end), valid only during the call: the place a segment's payload is in
   * the reader's chunk (no view made per segment; a consumer that needs one makes it). */
  data(buf: Uint8Array, start: number, end: number, frame: number): void
  gap(length: number, frame: number): void
  end(frame: number): void
  /** Frame `frame`'s segment (`captured` bytes of it in the capture) carried only bytes the stream
   * had already: none of it is read (a consumer that marks segments, as DNS over TCP does for the
   * packet pane, marks it). */
  repeated?(frame: number, captured: number): void
}

import type { TcpAnomaly } from '../shared/walkthrough.ts'
export type { TcpAnomaly }

interface Held {
  rel: number
  bytes: Uint8Array
  frame: number
}

/** A consumer that reads nothing: a protocol without a tracker (trackers/tcp.ts), and a direction
 * whose capture has ended (release). */
export const NO_READER: StreamConsumer = { data() {}, gap() {}, end() {} }

/** What a direction holds while it holds nothing (most never hold anything): its list is made at
 * its first out-of-order segment. */
const NOTHING_HELD: readonly Held[] = Object.freeze([])

/** Out-of-order data held per direction before the hole is declared lost. */
const MAX_HELD_BYTES = 4 * 1024 * 1024

/** Out-of-order data held by every direction of a capture together: a capture of many connections
 * with holes cannot add up to more than this (the direction that passes it gives up its hole). */
export class HeldBudget {
  held = 0
  constructor(readonly max = 64 * 1024 * 1024) {}
}

export class TcpDirection {
  /** Absolute sequence number of relative offset 0 (ISN + 1 after a SYN), once known. */
  private base = -1
  /** Next relative offset expected. */
  next = 0
  private held = NOTHING_HELD as Held[]
  private heldBytes = 0
  finished = false
  bytes = 0
  /** Relative offset of this direction's FIN (the end of its bytes), once a FIN came with the
   * stream's start known; −1 before. */
  private finAt = -1
  /** Set by release() before the capture's end: who is told of bytes that come after it. */
  private unread: ((frame: number, bytes: number) => void) | null = null
  private released = false
  constructor(
    /** Who reads this direction's bytes (the application's tracker, once the handoff names it). */
    public consumer: StreamConsumer,
    private readonly onAnomaly: (a: TcpAnomaly, frame: number) => void,
    private readonly budget = new HeldBudget(),
  ) {}

  /** The SYN fixes the base: data starts at ISN + 1. */
  syn(seq: number): void {
    if (this.base < 0) this.base = (seq + 1) >>> 0
  }

  get started(): boolean {
    return this.base >= 0
  }

  /** Relative offset of an absolute sequence number, unwrapped near `next`. */
  private rel(seq: number): number {
    const nextAbs = (this.base + this.next) >>> 0
    return this.next + ((seq - nextAbs) | 0)
  }

  /** A segment's payload, buf[start, end): those bytes were kept of `length` sent. */
  segment(seq: number, buf: Uint8Array, start: number, end: number, length: number, frame: number): void {
    if (length <= 0) return
    if (this.base < 0) this.base = seq >>> 0
    let rel = this.rel(seq)
    const captured = end - start
    let from = start
    let missingTail = length - captured
    if (rel + length <= this.next) {
      this.onAnomaly('retransmission', frame)
      this.consumer.repeated?.(frame, captured)
      return
    }
    if (rel < this.next) {
      this.onAnomaly('overlap', frame)
      const cut = this.next - rel
      from += Math.min(cut, captured)
      if (cut > captured) missingTail -= cut - captured
      rel = this.next
    }
    if (rel > this.next) {
      this.onAnomaly('out-of-order', frame)
      // Released: nothing is held for a reader that is gone (its hole would never be read).
      if (this.released) return
      this.hold({ rel, bytes: buf.slice(from, end), frame }, missingTail)
      return
    }
    this.deliver(buf, from, end, frame)
    if (missingTail > 0) {
      // Cut by the snap length: those bytes were sent but not captured.
      this.consumer.gap(missingTail, frame)
      this.next += missingTail
    }
    this.drain()
  }

  private deliver(buf: Uint8Array, start: number, end: number, frame: number): void {
    const n = end - start
    if (n <= 0) return
    if (this.unread) this.unread(frame, n)
    this.next += n
    this.bytes += n
    this.consumer.data(buf, start, end, frame)
  }

  private hold(h: Held, missingTail: number): void {
    // First come wins here too: only the parts of the new segment that no held segment covers yet
    // are kept (a retransmission of held data adds nothing). Most held segments overlap none held
    // before them: they go in as they are, without the piece lists.
    const pieces = this.overlapsHeld(h.rel, h.rel + h.bytes.length) ? this.uncovered(h) : null
    if (pieces && (pieces.length !== 1 || pieces[0] !== h)) this.onAnomaly('overlap', h.frame)
    // A snaplen-cut held segment: keep what was captured; the missing tail becomes a gap later.
    if (pieces) for (const p of pieces) this.keep(p)
    else this.keep(h)
    if (missingTail > 0) this.insert({ rel: h.rel + h.bytes.length, bytes: new Uint8Array(0), frame: -missingTail - 1 })
    if (this.heldBytes > MAX_HELD_BYTES || this.budget.held > this.budget.max) {
      this.onAnomaly('buffer-limit', h.frame)
      this.skipToHeld()
    }
  }

  /** Whether a held segment's bytes meet [start, end). */
  private overlapsHeld(start: number, end: number): boolean {
    for (const old of this.held) {
      if (old.frame < 0 || old.bytes.length === 0) continue
      if (end > old.rel && start < old.rel + old.bytes.length) return true
    }
    return false
  }

  /** The parts of `h` that no held segment covers, in order. */
  private uncovered(h: Held): Held[] {
    let pieces: Held[] = [h]
    for (const old of this.held) {
      if (old.frame < 0 || old.bytes.length === 0) continue
      const os = old.rel
      const oe = old.rel + old.bytes.length
      const next: Held[] = []
      for (const p of pieces) {
        const ps = p.rel
        const pe = p.rel + p.bytes.length
        if (pe <= os || ps >= oe) {
          next.push(p)
          continue
        }
        if (ps < os) next.push({ rel: ps, bytes: p.bytes.subarray(0, os - ps), frame: p.frame })
        if (pe > oe) next.push({ rel: oe, bytes: p.bytes.subarray(oe - ps), frame: p.frame })
      }
      pieces = next
    }
    return pieces
  }

  private keep(p: Held): void {
    this.insert(p)
    this.heldBytes += p.bytes.length
    this.budget.held += p.bytes.length
  }

  /** Puts `h` in sequence order, after the held items at the same offset (as a stable sort of the
   * items in the order they came would), without sorting the list anew. */
  private insert(h: Held): void {
    if (this.held === NOTHING_HELD) this.held = []
    const held = this.held
    let at = held.length
    while (at > 0 && held[at - 1]!.rel > h.rel) at--
    held.push(h)
    for (let k = held.length - 1; k > at; k--) held[k] = held[k - 1]!
    held[at] = h
  }

  /** Hands on every held segment that now lines up. */
  private drain(): void {
    while (this.held.length) {
      const h = this.held[0]!
      if (h.rel > this.next) return
      this.held.shift()
      if (h.frame < 0) {
        // A recorded snaplen hole.
        const n = -h.frame - 1
        if (h.rel + n > this.next) {
          const g = h.rel + n - this.next
          this.consumer.gap(g, -1)
          this.next += g
        }
        continue
      }
      this.heldBytes -= h.bytes.length
      this.budget.held -= h.bytes.length
      const skip = this.next - h.rel
      if (skip >= h.bytes.length) continue
      this.deliver(h.bytes, Math.max(0, skip), h.bytes.length, h.frame)
    }
  }

  /** Declares the hole before the first held segment lost and carries on from there. */
  private skipToHeld(): void {
    const h = this.held[0]
    if (!h) return
    const gap = h.rel - this.next
    if (gap > 0) {
      this.onAnomaly('gap', h.frame)
      this.consumer.gap(gap, h.frame)
      this.next = h.rel
    }
    this.drain()
  }

  /** After finish: the consumer goes, with the parser state it holds (a framer, a TLS record, a
   * body's decoder), and so does whatever is still held (segments past a hole that came after
   * the FIN). At the capture's end (flush), or earlier once the connection has closed both ways
   * (trackers/tcp.ts): then `unread` is told of every byte that still comes in sequence (a
   * retransmission or a segment past a hole is classified as before, and read by nobody either
   * way). On the benchmark's 1 M-packet capture the connections' parsers held ~100 MB of heap at
   * the pass's end. */
  release(unread: ((frame: number, bytes: number) => void) | null = null): void {
    this.consumer = NO_READER
    this.unread = unread
    this.released = true
    this.budget.held -= this.heldBytes
    this.heldBytes = 0
    this.held = NOTHING_HELD as Held[]
  }

  /** Every byte up to this direction's FIN has been delivered (nothing before it is missing). */
  get deliveredToFin(): boolean {
    return this.finished && this.finAt >= 0 && this.next >= this.finAt
  }

  /** A FIN whose sequence number is `seq` (its segment's sequence number plus its payload's
   * length): the end of this direction's bytes. */
  fin(seq: number, frame: number): void {
    if (this.finAt < 0 && this.base >= 0) this.finAt = this.rel(seq)
    this.finish(frame)
  }

  /** FIN, RST or end of capture: whatever is held is delivered across its holes. */
  finish(frame: number): void {
    if (this.finished) return
    while (this.held.length) this.skipToHeld()
    this.finished = true
    this.consumer.end(frame)
  }
}
