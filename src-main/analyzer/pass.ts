// The analyzer's streaming pass: every frame goes through the dissectors once (values only, no field
// trees) and lands as a row of the frame table; the network layer (IP fragments) is joined here,
// and the handoff table (handoff.ts) passes each conversation to its protocol's tracker —
// trackers/tcp.ts (connections and their phases, reassembly), trackers/dns.ts (transactions),
// trackers/http.ts (exchanges), trackers/tls.ts (sessions, decryption). build.ts then turns the
// trackers' state into a Walkthrough. Frame indexes are 0-based inside, 1-based (as in Wireshark)
// in everything the walkthrough shows.
import type { CaptureFrame } from '../capture/types.ts'
import { newContext, type DecodeContext } from '../decode/core.ts'
import { decodeDns, dnsInfo } from '../decode/dns.ts'
import type { IpResult } from '../decode/ipv4.ts'
import { linkTypeName } from '../decode/link.ts'
import { arpInfo } from '../decode/arp.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import { tcpFlagsText, TH_ACK } from '../decode/tcp.ts'
import type { FrameSummary } from '../shared/walkthrough.ts'
import { FLAG_CUSTOM, FLAG_ISSUE, FLAG_NO_TIMESTAMP, FrameTable } from './frame-table.ts'
import { udpProtocol, type AppInfo } from './handoff.ts'
import { IpReassembly } from './ip-reassembly.ts'
import type { Journal } from './journal.ts'
import { DnsTracker } from './trackers/dns.ts'
import { HttpTracker } from './trackers/http.ts'
import { TcpTracker } from './trackers/tcp.ts'
import { TlsTracker } from './trackers/tls.ts'

/** Frames whose summaries are built during the pass and shipped inline in `walkthrough.frames`. */
export const DEFAULT_FRAME_LIST_LIMIT = 20000

export class StreamingPass {
  readonly table = new FrameTable()
  readonly summaries: FrameSummary[] = []
  /** Application-level Info of the frames that completed a message (written by the trackers). */
  readonly appInfo: AppInfo = new Map()
  /** pcapng packet comments by frame index. */
  readonly comments = new Map<number, string>()
  readonly dns: DnsTracker
  readonly http: HttpTracker
  readonly tls: TlsTracker
  readonly tcp: TcpTracker
  private readonly ipFrag = new IpReassembly()
  private readonly ctx: DecodeContext = newContext(false)
  private sec0 = -1
  private nsec0 = 0
  private lastT = 0

  constructor(
    journal: Journal | null,
    private readonly frameListLimit = DEFAULT_FRAME_LIST_LIMIT,
  ) {
    this.dns = new DnsTracker(this.table, this.appInfo)
    this.http = new HttpTracker(this.appInfo)
    this.tls = new TlsTracker(this.appInfo, this.http)
    this.http.tunnels = this.tls
    // The handoff: which tracker takes a TCP conversation of each application protocol.
    this.tcp = new TcpTracker(this.table, { dns: this.dns, http: this.http, tls: this.tls, mdns: null, llmnr: null, unknown: null })
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
    const i = this.table.push(f.dataOffset, f.data.length, f.originalLength, t, f.linkType, flags)
    if (f.comment) this.comments.set(i, f.comment)
    const summary: FrameSummary | null = i < this.frameListLimit ? { frame: i + 1, t, length: f.originalLength, capturedLength: f.data.length, src: '', dst: '', protocol: '', info: '' } : null
    if (summary) this.summaries.push(summary)
    if (f.custom) {
      if (summary) {
        summary.protocol = 'DATA'
        summary.info = `pcapng custom block (${f.data.length} bytes)`
      }
      return
    }
    // One context for the whole pass (its issue list is emptied per frame): no per-packet garbage.
    const ctx = this.ctx
    ctx.issues.length = 0
    const short = f.data.length < f.originalLength
    try {
      this.frame(ctx, f.data, f.linkType, i, t, short, summary)
    } catch (e) {
      // A dissector bug must not stop the file: flag the frame and go on.
      ctx.issues.push({ severity: 'error', message: `internal decoder error: ${(e as Error).message}`, offset: 0, length: 0, layer: 'Frame' })
    }
    if (f.recordIssue) ctx.issues.push({ severity: 'warning', message: f.recordIssue, offset: 0, length: 0, layer: 'Frame' })
    if (ctx.issues.some((x) => x.severity !== 'note')) {
      this.table.flags[i]! |= FLAG_ISSUE
      if (summary) summary.flagged = true
    }
  }

  private frame(ctx: DecodeContext, b: Uint8Array, linkType: number, i: number, t: number, short: boolean, s: FrameSummary | null): void {
    const net = decodeNetwork(ctx, linkType, b, short)
    if (net.arp) {
      if (s) {
        s.src = net.arp.senderMac
        s.dst = net.arp.targetMac
        s.protocol = 'ARP'
        s.info = arpInfo(net.arp)
      }
      return
    }
    const ip = net.ip
    if (!ip) {
      if (s) {
        s.protocol = linkType === -1 ? 'DATA' : linkTypeName(linkType)
        s.info = ctx.issues[0]?.message ?? 'not IP'
      }
      return
    }
    if (s) {
      s.src = ip.src
      s.dst = ip.dst
      s.protocol = ip.version === 4 ? 'IPv4' : 'IPv6'
    }
    let payloadBytes = b
    let theIp: IpResult = ip
    if (ip.fragment) {
      const done = this.ipFrag.add(ip, b.subarray(ip.payloadOffset, ip.payloadEnd), i, t)
      if (!done) {
        if (s) s.info = `Fragmented IP protocol (proto ${ip.protocol}, off=${ip.fragment.offset}, id=${ip.fragment.id.toString(16)})`
        return
      }
      payloadBytes = done.bytes
      theIp = done.ip
      if (s) s.info = `Reassembled from ${done.frames.length} fragments (frames ${done.frames.map((x) => x + 1).join(', ')})`
    }
    const tr = decodeTransport(ctx, theIp, payloadBytes, short)
    if (tr.udp) {
      if (s) {
        s.protocol = 'UDP'
        s.info = `${tr.udp.srcPort} → ${tr.udp.dstPort} Len=${Math.max(0, tr.udp.length - 8)}`
      }
      const app = udpProtocol(tr.udp.srcPort, tr.udp.dstPort)
      if (app === 'unknown' || tr.udp.payloadEnd <= tr.udp.payloadOffset) return
      const msg = decodeDns(ctx, payloadBytes, tr.udp.payloadOffset, tr.udp.payloadEnd, undefined, short)
      if (!msg) return
      if (s) {
        s.protocol = app === 'dns' ? 'DNS' : app === 'mdns' ? 'MDNS' : 'LLMNR'
        s.info = dnsInfo(msg)
      }
      if (app === 'dns') this.dns.message(msg, 'udp', theIp.src, tr.udp.srcPort, theIp.dst, tr.udp.dstPort, i, t)
    } else if (tr.tcp) {
      const c = this.tcp.segment(theIp, tr.tcp, payloadBytes, i)
      if (s) {
        const tcp = tr.tcp
        s.protocol = 'TCP'
        s.info = `${tcp.srcPort} → ${tcp.dstPort} [${tcpFlagsText(tcp.flags)}] Seq=${tcp.seq} Ack=${tcp.flags & TH_ACK ? tcp.ack : 0} Win=${tcp.window} Len=${tcp.payloadLength}`
        s.connection = c.index
      }
    } else if (tr.icmp && s) {
      s.protocol = ip.version === 4 ? 'ICMP' : 'ICMPv6'
      s.info = tr.icmp.info
    }
  }

  /** End of capture: flush what TCP still holds (close-delimited bodies end here). */
  flush(): void {
    this.tcp.flush()
  }

  /** Every compressed body's size is known. */
  settled(): Promise<void> {
    return this.http.settled()
  }
}
