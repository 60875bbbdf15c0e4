// The frame index: per-frame facts for the whole capture in typed arrays (≈ 54 bytes a frame), so a
// multi-million-packet file does not become millions of objects: where the bytes are in the file
// (for detail(frame) and the packet list's lines, both made on demand), lengths, relative time,
// link type, addresses (ids into one table of address texts), ports and TCP flags, the protocols the
// frame carries (a bit set), and the analyzer's links (TCP connection, DNS transaction). Filters and sorts run over
// these columns (views.ts).
import { dotted } from '../decode/ipv4.ts'
import { intern, resized } from './columns.ts'
import type { FrameProtocol } from '../shared/walkthrough.ts'

export const FLAG_ISSUE = 1
export const FLAG_NO_TIMESTAMP = 2
export const FLAG_CUSTOM = 4
/** The frame carries TCP payload: its connection's transfer phase lists it (trackers/tcp.ts). */
export const FLAG_TCP_DATA = 8
/** The frame is its connection's first FIN or RST, or one of its segments after that: its close
 * phase lists it (trackers/tcp.ts). */
export const FLAG_TCP_CLOSING = 16
/** FrameTable.dnsName of a DNS message without a question. */
export const NO_DNS_NAME = -2

/** The protocols a frame carries, as bits of `proto` (a frame may carry several: IPv4 + TCP + HTTP). */
export const PROTOCOL_BITS: Record<FrameProtocol, number> = {
  arp: 1 << 0,
  ip: 1 << 1,
  ipv6: 1 << 2,
  icmp: 1 << 3,
  udp: 1 << 4,
  tcp: 1 << 5,
  dns: 1 << 6,
  http: 1 << 7,
  tls: 1 << 8,
  mdns: 1 << 9,
  llmnr: 1 << 10,
}

/** log2 of the slots of FrameTable's recent IPv4 addresses. */
const RECENT_V4_BITS = 8

/** The frame table estimates the frames still to come once this fraction (1/16) of the file has
 * been read (FrameTable.grow). */
const ESTIMATE_AFTER = 16

export class FrameTable {
  length = 0
  dataOffset = new Float64Array(1024)
  capLen = new Uint32Array(1024)
  origLen = new Uint32Array(1024)
  t = new Float64Array(1024)
  linkType = new Int32Array(1024)
  connection = new Int32Array(1024)
  dns = new Int32Array(1024)
  flags = new Uint8Array(1024)
  /** Bits of PROTOCOL_BITS. */
  proto = new Uint16Array(1024)
  /** Source and destination address: index into `addresses` (0: none). */
  src = new Uint32Array(1024)
  dst = new Uint32Array(1024)
  /** TCP or UDP ports (0 when the frame has neither; the protocol bits say which). */
  srcPort = new Uint16Array(1024)
  dstPort = new Uint16Array(1024)
  /** The TCP header's flags (12 bits: NS … FIN), for display filters on tcp.flags. */
  tcpFlags = new Uint16Array(1024)
  /** The DNS question name a frame carries: index into `names`; NO_DNS_NAME for a message without a
   * question; -1 when the pass did not take it down (no DNS, DNS over TCP, an IP fragment: those are
   * dissected). The second and later questions of a message are in `moreDnsNames`. A display filter
   * on dns.qry.name tests each distinct name once and the frames by id (filter-scan.ts). */
  dnsName = new Int32Array(1024)
  readonly moreDnsNames = new Map<number, number[]>()
  /** Address texts ("127.53.0.1", "::1", a MAC for ARP); [0] is "" (none). */
  readonly addresses: string[] = ['']
  private readonly addressIds = new Map<string, number>([['', 0]])
  /** IPv4 addresses' ids by their 32-bit value: a packet's addresses make no text once seen. */
  private readonly v4Ids = new Map<number, number>()
  /** DNS question names as the decoder wrote them, each once. */
  readonly names: string[] = []
  private readonly nameIds = new Map<string, number>()
  /** The capture file's size in bytes, when known before the pass (0: not known): how many frames
   * are still to come is estimated from it as the columns grow (grow()). */
  fileBytes = 0

  /** Frames the columns have room for. */
  get capacity(): number {
    return this.t.length
  }

  push(dataOffset: number, capLen: number, origLen: number, t: number, linkType: number, flags: number): number {
    if (this.length === this.t.length) this.grow()
    const i = this.length++
    this.dataOffset[i] = dataOffset
    this.capLen[i] = capLen
    this.origLen[i] = origLen
    this.t[i] = t
    this.linkType[i] = linkType
    this.connection[i] = -1
    this.dns[i] = -1
    this.dnsName[i] = -1
    this.flags[i] = flags
    return i
  }

  /** The id of an address text (the same text, the same id). */
  address(text: string): number {
    return intern(this.addresses, this.addressIds, text)
  }

  /** The id of an IPv4 address given as its 32-bit value, signed (Ipv4Result.srcV4; the same id as
   * its dotted text's). */
  addressV4(value: number): number {
    // Two addresses a packet, a few dozen of them in a capture: a direct-mapped slot (a fixed
    // size) answers before the map does.
    const slot = Math.imul(value, 0x9e3779b1) >>> (32 - RECENT_V4_BITS)
    if (this.recentV4[slot] === value && this.recentV4Id[slot] !== 0) return this.recentV4Id[slot]!
    let id = this.v4Ids.get(value)
    if (id === undefined) {
      id = this.address(dotted(value))
      this.v4Ids.set(value, id)
    }
    this.recentV4[slot] = value
    this.recentV4Id[slot] = id
    return id
  }

  /** IPv4 addresses looked up lately (addressV4), by a hash of their value, with their ids (0: none). */
  private readonly recentV4 = new Int32Array(1 << RECENT_V4_BITS)
  private readonly recentV4Id = new Uint32Array(1 << RECENT_V4_BITS)

  /** Takes down the question names of the DNS message in frame i. */
  questionNames(i: number, names: readonly string[], count: number): void {
    if (count === 0) this.dnsName[i] = NO_DNS_NAME
    else this.dnsName[i] = this.name(names[0]!)
    if (count > 1) this.moreDnsNames.set(i, names.slice(1, count).map((name) => this.name(name)))
  }

  /** The id of a DNS name (the same text, the same id). */
  name(text: string): number {
    return intern(this.names, this.nameIds, text)
  }

  /** The columns are full: room for the frames still to come. Doubling left the old copies (≈ half
   * the table) as garbage until V8's next full collection, and the new copy made the table twice its
   * size while both were alive: on a 5 M-packet file the last doubling, at 4.2 M frames, copied
   * 226 MB. With the file's size known, the frames still to come are estimated from the bytes read
   * so far (and 5 % more): the table is copied a few times early in the pass, not at its largest.
   * An estimate too low (the capture's frames grow shorter) grows it again by a quarter or more;
   * one too high costs address space only (a column's pages are not touched until frames fill them).
   * The estimate waits for a fair sample of the file (ESTIMATE_AFTER): until then the columns grow
   * eightfold. From its first 1024 frames, whose page loads start with larger packets than the
   * rest, the bench's capture was estimated at 0.78 of its frames, and the table was copied once
   * more at 78 % of the pass, at its largest (44 MB at 1 M frames, 220 MB at 5 M). */
  private grow(): void {
    const now = this.t.length
    let n = now * 2
    const last = this.length - 1
    const read = last >= 0 ? this.dataOffset[last]! + this.capLen[last]! : 0
    if (this.fileBytes > read && read > 0) {
      // Every record takes at least 16 bytes of the file (a pcap record header): the bound on
      // what is left, whatever the estimate says.
      const atMost = this.length + Math.ceil((this.fileBytes - read) / 16)
      const estimate = read * ESTIMATE_AFTER >= this.fileBytes ? Math.ceil(this.length * (this.fileBytes / read) * 1.05) : now * 8
      n = Math.min(atMost, Math.max(now + (now >> 2), estimate))
    }
    this.dataOffset = resized(this.dataOffset, n)
    this.capLen = resized(this.capLen, n)
    this.origLen = resized(this.origLen, n)
    this.t = resized(this.t, n)
    this.linkType = resized(this.linkType, n)
    this.connection = resized(this.connection, n)
    this.dns = resized(this.dns, n)
    this.dnsName = resized(this.dnsName, n)
    this.flags = resized(this.flags, n)
    this.proto = resized(this.proto, n)
    this.src = resized(this.src, n)
    this.dst = resized(this.dst, n)
    this.srcPort = resized(this.srcPort, n)
    this.dstPort = resized(this.dstPort, n)
    this.tcpFlags = resized(this.tcpFlags, n)
  }
}
