// The analyzer's streaming pass reads every DNS message of a capture (a million frames may hold a
// few hundred thousand) and keeps only what the walkthrough's DNS transactions keep: the header,
// the questions, and each record's name, type, class, TTL and data. readLean reads a message with
// the one walk over the wire (wire.ts walkMessage: the same names, bounds, limits and problems as
// the full reader) into one LeanMessage that the caller reuses for every message: no object per
// message, question or record, no byte layout, no problem texts kept. The detail pane reads the
// same bytes again with readMessage, with byte offsets, when a frame is shown.
import { u16 } from '../decode/core.ts'
import { DNS_FLAGS, DNS_HEADER_LENGTH, DNS_ID, ednsExtendedRcode, FLAG, walkMessage, type DnsCodedProblem, type DnsProblem, type MessageVisitor, type SectionIndex } from './wire.ts'

/** One message as the streaming pass keeps it; the arrays are reused (their first `count`s hold this
 * message's items). */
export class LeanMessage implements MessageVisitor {
  id = 0
  /** The header's second word as sent (QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode: wire.ts FLAG). */
  flags = 0
  /** Questions read whole, and each one's name (case as sent), type and class codes (all 16 bits). */
  questions = 0
  readonly questionNames: string[] = []
  readonly questionTypes: number[] = []
  readonly questionClasses: number[] = []
  /** Records read whole (not OPT), in message order, with their section (0 answers, 1 authority,
   * 2 additional). */
  records = 0
  readonly recordSections: SectionIndex[] = []
  readonly recordNames: string[] = []
  readonly recordTypes: number[] = []
  /** All 16 bits, as sent (mDNS puts its cache-flush flag in the top bit). */
  readonly recordClasses: number[] = []
  readonly recordTtls: number[] = []
  readonly recordData: string[] = []
  /** The first OPT record's full rcode (RFC 6891 §6.1.3), or -1 without one. */
  extendedRcode = -1
  /** A problem stopped the reading before all counted records were read. */
  malformed = false
  /** Some problem is more than a note (the frame is flagged, as readMessage's problems would flag it). */
  flagged = false
  /** Some problem was found at all (a note too: the capture cut the message short). */
  problems = 0

  get response(): boolean {
    return (this.flags & FLAG.QR) !== 0
  }

  get rcode(): number {
    return this.flags & FLAG.RCODE
  }

  question(name: string, _offset: number, _nameEnd: number, _end: number, typeCode: number, classCode: number): void {
    const i = this.questions++
    this.questionNames[i] = name
    this.questionTypes[i] = typeCode
    this.questionClasses[i] = classCode
  }

  record(section: SectionIndex, name: string, _offset: number, _nameEnd: number, _rdata: number, _rdlength: number, _end: number, typeCode: number, classCode: number, ttl: number, data: string): void {
    const i = this.records++
    this.recordSections[i] = section
    this.recordNames[i] = name
    this.recordTypes[i] = typeCode
    this.recordClasses[i] = classCode
    this.recordTtls[i] = ttl
    this.recordData[i] = data
  }

  opt(_section: SectionIndex, _owner: string, _offset: number, _nameEnd: number, _rdata: number, _rdlength: number, _end: number, _classCode: number, ttl: number): void {
    // A second OPT record does not replace the first (RFC 6891 §6.1.1), as in readMessage.
    if (this.extendedRcode < 0) this.extendedRcode = ednsExtendedRcode(ttl, this.flags & FLAG.RCODE)
  }

  option(): void {}

  problem(severity: DnsProblem['severity'], _problem: DnsCodedProblem, _offset: number, _length: number, stops: boolean): void {
    this.problems++
    if (stops) this.malformed = true
    if (severity !== 'note') this.flagged = true
  }
}

/**
 * Reads the DNS message whose header starts at `m`, up to `end`, into `out` (emptied first).
 * Returns false only when not even the 12-byte header is there (as readMessage returns null).
 * `cut`: the capture kept fewer bytes than were sent. Never throws; never reads outside [m, end).
 */
export function readLean(b: Uint8Array, m: number, end: number, cut: boolean, out: LeanMessage): boolean {
  out.questions = 0
  out.records = 0
  out.extendedRcode = -1
  out.malformed = false
  out.flagged = false
  out.problems = 0
  if (end - m < DNS_HEADER_LENGTH) return false
  out.id = u16(b, m + DNS_ID)
  out.flags = u16(b, m + DNS_FLAGS)
  walkMessage(b, m, end, cut, out)
  return true
}
