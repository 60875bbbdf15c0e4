// One frame's line in the packet list (Wireshark's No., Time, Source, Destination, Protocol,
// Length, Info), made on demand from the frame's bytes (re-read from the file) and what the
// streaming pass put in the index: its connection, DNS transaction, flags and the application-level
// Info of a frame that completed a message (an HTTP request reassembled over several segments, a
// TLS handshake, DNS over TCP). The one place the Info column is written: the pass stores no text
// per frame, so a capture of millions of frames holds no millions of strings.
import { arpInfo } from '../decode/arp.ts'
import { newContext, type DecodeContext } from '../decode/core.ts'
import type { IpResult } from '../decode/ipv4.ts'
import { decodeDns, dnsInfo } from '../decode/dns.ts'
import { linkTypeName } from '../decode/link.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import { tcpFlagsText, TH_ACK } from '../decode/tcp.ts'
import type { DecodeIssue, FrameSummary } from '../shared/walkthrough.ts'
import { FLAG_CUSTOM, FLAG_ISSUE, type FrameTable } from './frame-table.ts'
import { udpProtocol, type AppInfo } from './handoff.ts'

const DNS_NAMES = { dns: 'DNS', mdns: 'MDNS', llmnr: 'LLMNR' } as const

/** Protocol and Info of an IP payload b[ip.payloadOffset, ip.payloadEnd) — a frame's, or a datagram
 * joined from fragments (the pass keeps that one for the frame that completed it). */
export function transportSummary(ctx: DecodeContext, ip: IpResult, b: Uint8Array, short: boolean): { protocol: string; info: string } | null {
  const tr = decodeTransport(ctx, ip, b, short)
  if (tr.udp) {
    const line = { protocol: 'UDP', info: `${tr.udp.srcPort} → ${tr.udp.dstPort} Len=${Math.max(0, tr.udp.length - 8)}` }
    const app = udpProtocol(tr.udp.srcPort, tr.udp.dstPort)
    if ((app === 'dns' || app === 'mdns' || app === 'llmnr') && tr.udp.payloadEnd > tr.udp.payloadOffset) {
      const msg = decodeDns(ctx, b, tr.udp.payloadOffset, tr.udp.payloadEnd, undefined, short)
      if (msg) return { protocol: DNS_NAMES[app], info: dnsInfo(msg, app === 'mdns') }
    }
    return line
  }
  if (tr.tcp) {
    const tcp = tr.tcp
    return { protocol: 'TCP', info: `${tcp.srcPort} → ${tcp.dstPort} [${tcpFlagsText(tcp.flags)}] Seq=${tcp.seq} Ack=${tcp.flags & TH_ACK ? tcp.ack : 0} Win=${tcp.window} Len=${tcp.payloadLength}` }
  }
  if (tr.icmp) return { protocol: ip.version === 4 ? 'ICMP' : 'ICMPv6', info: tr.icmp.info }
  return null
}

/** The summary of frame index `i` (0-based) whose captured bytes are `b`; `record`: what is wrong
 * with its record header in the file (record-header.ts), when something is. */
export function summarizeFrame(i: number, b: Uint8Array, table: FrameTable, appInfo: AppInfo, comment: string | undefined, record?: DecodeIssue): FrameSummary {
  const s: FrameSummary = { frame: i + 1, t: table.t[i]!, length: table.origLen[i]!, capturedLength: table.capLen[i]!, src: '', dst: '', protocol: '', info: '' }
  const linkType = table.linkType[i]!
  /** The first warning or error the decode of this frame found. */
  let problem: string | undefined
  if (table.flags[i]! & FLAG_CUSTOM) {
    s.protocol = 'DATA'
    s.info = `pcapng custom block (${b.length} bytes)`
  } else {
    const short = b.length < table.origLen[i]!
    const ctx = newContext(false)
    const net = decodeNetwork(ctx, linkType, b, short)
    const issues = ctx.issues
    if (net.arp) {
      s.src = net.arp.senderMac
      s.dst = net.arp.targetMac
      s.protocol = 'ARP'
      s.info = arpInfo(net.arp)
    } else if (!net.ip) {
      s.protocol = linkType === -1 ? 'DATA' : linkTypeName(linkType)
      s.info = ctx.issues[0]?.message ?? 'not IP'
    } else {
      const ip = net.ip
      s.src = ip.src
      s.dst = ip.dst
      s.protocol = ip.version === 4 ? 'IPv4' : 'IPv6'
      if (ip.fragment) s.info = `Fragmented IP protocol (proto ${ip.protocol}, off=${ip.fragment.offset}, id=${ip.fragment.id.toString(16)})`
      else {
        const line = transportSummary(ctx, ip, b, short)
        if (line) {
          s.protocol = line.protocol
          s.info = line.info
        }
      }
    }
    problem = issues.find((x) => x.severity !== 'note')?.message
    // A frame that decoded to nothing to say (a header the snap length cut): what stopped the
    // decoding, rather than an empty Info column (tshark says "[Packet size limited during capture]").
    if (s.info === '' && issues.length > 0) s.info = `[${issues[issues.length - 1]!.message}]`
  }
  const app = appInfo.get(i)
  if (app) {
    s.protocol = app.protocol
    s.info = app.info
  }
  if (table.connection[i]! >= 0) s.connection = table.connection[i]!
  if (table.dns[i]! >= 0) s.dns = table.dns[i]!
  if (table.flags[i]! & FLAG_ISSUE) {
    s.flagged = true
    if (problem === undefined && record !== undefined) {
      // The packet's bytes are sound and the file's record header is not: said as the pane says
      // it, not as a malformed packet.
      s.info = `${s.info}${s.info ? ' ' : ''}[${record.message}]`
    } else {
      // As tshark's "[Malformed Packet]", with what is wrong (the field tree has every issue).
      const said = problem !== undefined && s.info === problem // the line is the problem already
      s.info = said ? `[Malformed: ${problem}]` : `${s.info}${s.info ? ' ' : ''}[Malformed${problem ? `: ${problem}` : ''}]`
    }
  }
  if (comment) s.comment = comment
  return s
}
