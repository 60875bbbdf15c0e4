// The analyzer's streaming pass: every frame goes through the dissectors once (values only, no field
// trees) and lands as a row of the frame table; the network layer (IP fragments) is joined here,
// and the handoff table (handoff.ts) passes each conversation to its protocol's tracker —
// trackers/tcp.ts (connections and their phases, reassembly), trackers/dns.ts (transactions),
// trackers/http.ts (exchanges), trackers/tls.ts (sessions, decryption). build.ts then turns the
// trackers' state into a Walkthrough. No text is made per frame here: the packet list's lines are
// written on demand (summary.ts) from the file and the table. Frame indexes are 0-based inside,
// 1-based (as in Wireshark) in everything the walkthrough shows.
import type { CaptureFrame } from '../capture/types.ts'
import { codedIssue, newContext, type DecodeContext } from '../decode/core.ts'
import { LeanMessage, readLean } from '../dns/lean.ts'
import type { IpResult } from '../decode/ipv4.ts'
import { decodeNetwork, decodeTransport, newDecodeScratch } from '../decode/packet.ts'
import { FLAG_CUSTOM, FLAG_ISSUE, FLAG_NO_TIMESTAMP, FrameTable, PROTOCOL_BITS } from './frame-table.ts'
import { AppInfo } from './app-info.ts'
import { udpProtocol } from './handoff.ts'
import { IpReassembly } from './ip-reassembly.ts'
import type { Journal } from './journal.ts'
import { DnsTracker } from './trackers/dns.ts'
import type { BodyCapture } from './http-stream.ts'
import type { CountingThread } from './count-thread.ts'
import { HttpTracker } from './trackers/http.ts'
import { TcpTracker } from './trackers/tcp.ts'
import { TlsTracker } from './trackers/tls.ts'
import { transportSummary } from './summary.ts'
import { timestampFractionIssue } from './record-header.ts'
import { widenPositionFields } from './wide-fields.ts'

/** What the pass's frame flagging needs of a DNS problem: that there is one (the detail pane writes
 * each problem where it is, with readMessage). */
const DNS_PROBLEM = codedIssue('DNS', 'error', 'DNS_MALFORMED', {}, 0, 0)

export class StreamingPass {
  readonly table = new FrameTable()
  /** Application-level Info of the frames that completed a message (written by the trackers). */
  readonly appInfo = new AppInfo(() => this.table.capacity)
  /** pcapng packet comments by frame index. */
  readonly comments = new Map<number, string>()
  readonly dns: DnsTracker
  readonly http: HttpTracker
  readonly tls: TlsTracker
  readonly tcp: TcpTracker
  private readonly ipFrag = new IpReassembly()
  private readonly ctx: DecodeContext = newContext(false)
  /** The decoders' results, filled anew for every frame: nothing below keeps them past the frame. */
  private readonly scratch = newDecodeScratch()
  /** The DNS message being read (dns/lean.ts: what the transactions keep, no object per record). */
  private readonly dnsMessage = new LeanMessage()
  private sec0 = -1
  private nsec0 = 0
  private lastT = 0

  constructor(
    journal: Journal | null,
    /** Set only to view one HTTP body (analyzer/http-body.ts re-reads one connection). */
    bodyCapture: BodyCapture | null = null,
    /** Where compressed bodies' sizes are counted (run.ts gives the pass one); none: this thread. */
    counter: CountingThread | null = null,
  ) {
    // Before any connection's objects exist (wide-fields.ts says why).
    widenPositionFields()
    this.dns = new DnsTracker(this.table, this.appInfo)
    this.http = new HttpTracker(this.appInfo, bodyCapture, counter)
    this.tls = new TlsTracker(this.appInfo, this.http)
    this.http.tunnels = this.tls
    // The handoff: which tracker takes a TCP conversation of each application protocol.
    this.tcp = new TcpTracker(this.table, { dns: this.dns, http: this.http, tls: this.tls, mdns: null, llmnr: null, unknown: null })
    this.tls.carries = (frame, tunnelled) => (this.table.proto[frame]! |= PROTOCOL_BITS.tls | (tunnelled ? PROTOCOL_BITS.http : 0))
    this.http.carries = (frame) => (this.table.proto[frame]! |= PROTOCOL_BITS.http)
    if (journal) for (const line of journal.keyLogLines) this.tls.secrets(line)
  }

  secrets(text: string): void {
    this.tls.secrets(text)
  }

  get firstEpoch(): { sec: number; nsec: number } {
    return { sec: Math.max(0, this.sec0), nsec: this.nsec0 }
  }

  onFrame(f: CaptureFrame): void {
    if (this.sec0 < 0 && f.hasTimestamp) {
      this.sec0 = f.tsSec
      this.nsec0 = f.tsNsec
    }
    const t = f.hasTimestamp && this.sec0 >= 0 ? f.tsSec - this.sec0 + (f.tsNsec - this.nsec0) / 1e9 : this.lastT
    this.lastT = t
    let flags = 0
    if (!f.hasTimestamp) flags |= FLAG_NO_TIMESTAMP
    if (f.custom) flags |= FLAG_CUSTOM
    const i = this.table.push(f.dataOffset, f.capturedLength, f.originalLength, t, f.linkType, flags)
    if (f.comment) this.comments.set(i, f.comment)
    if (f.custom) return
    // One context for the whole pass (its issue list is emptied per frame): no per-packet garbage.
    // Emptied only when it holds something: setting an array's length is a call into V8's runtime
    // even when it is already 0 (≈ 70 ns here, a million times on the bench's capture).
    const ctx = this.ctx
    if (ctx.issues.length !== 0) ctx.issues.length = 0
    const short = f.capturedLength < f.originalLength
    try {
      // The bytes where the reader has them (no view made per frame): offsets are the buffer's.
      this.frame(ctx, f.buffer, f.start, f.start + f.capturedLength, f.linkType, i, short)
    } catch (e) {
      // A dissector bug must not stop the file: flag the frame and go on.
      ctx.issues.push(codedIssue('Frame', 'error', 'FRAME_DECODER_FAILED', { reason: (e as Error).message }, 0, 0))
    }
    if (f.recordIssue) ctx.issues.push(timestampFractionIssue(f.recordIssue, i + 1))
    if (hasProblem(ctx.issues)) this.table.flags[i]! |= FLAG_ISSUE
  }

  private frame(ctx: DecodeContext, b: Uint8Array, start: number, end: number, linkType: number, i: number, short: boolean): void {
    const table = this.table
    const net = decodeNetwork(ctx, linkType, b, short, this.scratch, start, end)
    if (net.arp) {
      table.proto[i] = PROTOCOL_BITS.arp
      table.src[i] = table.address(net.arp.senderMac)
      table.dst[i] = table.address(net.arp.targetMac)
      return
    }
    const ip = net.ip
    if (!ip) return
    // Addresses go by their ids in the table from here on (trackers key on numbers, not texts).
    const src = ip.srcV4 !== undefined ? table.addressV4(ip.srcV4) : table.address(ip.src)
    const dst = ip.dstV4 !== undefined ? table.addressV4(ip.dstV4) : table.address(ip.dst)
    table.src[i] = src
    table.dst[i] = dst
    table.proto[i] = ip.version === 4 ? PROTOCOL_BITS.ip : PROTOCOL_BITS.ipv6
    let payloadBytes = b
    let theIp: IpResult = ip
    if (ip.fragment) {
      const done = this.ipFrag.add(ip, b.subarray(ip.payloadOffset, ip.payloadEnd), i, table.t[i]!)
      if (!done) return
      payloadBytes = done.bytes
      theIp = done.ip
      // The frame that completes a datagram shows what the datagram carries; its own bytes cannot
      // say it when the list asks later, so that line is kept (a tracker's Info may replace it).
      const line = transportSummary(newContext(false), theIp, payloadBytes, short)
      if (line) this.appInfo.set(i, line)
    }
    const tr = decodeTransport(ctx, theIp, payloadBytes, short, this.scratch)
    if (tr.udp) {
      table.proto[i]! |= PROTOCOL_BITS.udp
      table.srcPort[i] = tr.udp.srcPort
      table.dstPort[i] = tr.udp.dstPort
      // mDNS and LLMNR are decoded too (a malformed one is flagged) but make no DNS transactions.
      const app = udpProtocol(tr.udp.srcPort, tr.udp.dstPort)
      if (app === 'unknown' || tr.udp.payloadEnd <= tr.udp.payloadOffset) return
      const msg = this.dnsMessage
      const read = readLean(payloadBytes, tr.udp.payloadOffset, tr.udp.payloadEnd, short, msg)
      // The frame is flagged as the detail pane's dissection (decode/dns.ts) flags it.
      if (read ? msg.flagged : !short) ctx.issues.push(DNS_PROBLEM)
      // The questions' names, interned, for display filters on dns.qry.name (filter-scan.ts): where the
      // packet pane's dissection shows these names (not in a datagram joined from fragments).
      if (read && app !== 'http' && app !== 'tls' && !ip.fragment) table.questionNames(i, msg.questionNames, msg.questions)
      if (read && app === 'dns') {
        table.proto[i]! |= PROTOCOL_BITS.dns
        this.dns.message(msg, 'udp', src, tr.udp.srcPort, dst, tr.udp.dstPort, i)
      } else if (read && (app === 'mdns' || app === 'llmnr')) table.proto[i]! |= PROTOCOL_BITS[app]
    } else if (tr.tcp) {
      table.proto[i]! |= PROTOCOL_BITS.tcp
      table.srcPort[i] = tr.tcp.srcPort
      table.dstPort[i] = tr.tcp.dstPort
      table.tcpFlags[i] = tr.tcp.flags
      this.tcp.segment(src, dst, tr.tcp, payloadBytes, i)
    } else if (tr.icmp) table.proto[i]! |= PROTOCOL_BITS.icmp
  }

  /** End of capture: flush what TCP still holds (close-delimited bodies end here). */
  flush(): void {
    this.tcp.flush()
    this.tls.end()
  }

  /** Every compressed body's size is known. */
  settled(): Promise<void> {
    return this.http.settled()
  }
}

/** Whether a frame's issues hold more than notes (the packet list marks it). A loop, not a closure
 * made for every frame. */
function hasProblem(issues: DecodeContext['issues']): boolean {
  for (const x of issues) if (x.severity !== 'note') return true
  return false
}
