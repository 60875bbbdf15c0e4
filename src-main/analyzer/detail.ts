// detail(frame): re-reads one frame's bytes from the file and decodes it with field trees
// (ctx.detail = true): every field with its byte offset and length, flags with masks, computed
// fields with length 0, and the issues found. The application layer follows what the streaming
// pass learned about the conversation, through the same handoff table (handoff.ts).
import { open, type FileHandle } from 'node:fs/promises'
import { field, generated, newContext } from '../decode/core.ts'
import { decodeDns } from '../decode/dns.ts'
import { linkTypeName } from '../decode/link.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import { udpApp, type AppProtocol } from '../decode/ports.ts'
import { dissectDatagram, TCP_SEGMENT_DISSECTORS, udpProtocol } from './handoff.ts'
import type { FrameSummary, PacketDetail } from '../shared/walkthrough.ts'
import { arpInfo } from '../decode/arp.ts'
import { dnsInfo } from '../decode/dns.ts'
import { httpInfo } from '../decode/http.ts'
import { tcpFlagsText } from '../decode/tcp.ts'
import { AnalyzerError } from './errors.ts'
import { FLAG_CUSTOM, FLAG_ISSUE, type FrameTable } from './frame-table.ts'

export interface DetailSource {
  path: string
  table: FrameTable
  connApp: (AppProtocol | null)[]
  /** Per connection: its TLS session negotiated TLS 1.3. */
  connTls13?: boolean[]
  frameInfo: Map<number, { protocol: string; info: string }>
  comments: Map<number, string>
  notes: Map<number, string>
  firstEpoch: number
}

export class DetailReader {
  private fh: FileHandle | null = null
  constructor(private readonly src: DetailSource) {}

  private async bytes(i: number): Promise<Uint8Array> {
    this.fh ??= await open(this.src.path, 'r')
    const len = this.src.table.capLen[i]!
    const out = new Uint8Array(len)
    if (len) await this.fh.read(out, 0, len, this.src.table.dataOffset[i]!)
    return out
  }

  private check(frame: number): number {
    if (!Number.isInteger(frame) || frame < 1 || frame > this.src.table.length) throw new AnalyzerError('ANALYZER_BAD_FRAME', `frame ${frame} does not exist: the capture has frames 1–${this.src.table.length}`)
    return frame - 1
  }

  async detail(frame: number): Promise<PacketDetail> {
    const i = this.check(frame)
    const t = this.src.table
    const b = await this.bytes(i)
    const ctx = newContext(true)
    const frameLayer = { name: `Frame ${frame}: ${t.origLen[i]} bytes on wire, ${t.capLen[i]} bytes captured`, offset: 0, length: b.length, fields: [] as PacketDetail['layers'][number]['fields'] }
    ctx.layers.push(frameLayer)
    const epoch = this.src.firstEpoch + t.t[i]!
    frameLayer.fields.push(
      generated('frame.number', 'Frame Number', 0, frame),
      generated('frame.time_epoch', 'Epoch Time', 0, epoch.toFixed(9), `Epoch Time: ${epoch.toFixed(9)} seconds`),
      generated('frame.time_relative', 'Time since frame 1', 0, t.t[i]!, `Time since frame 1: ${t.t[i]!.toFixed(6)} seconds`),
      generated('frame.len', 'Frame Length', 0, t.origLen[i]!, `Frame Length: ${t.origLen[i]} bytes`),
      generated('frame.cap_len', 'Capture Length', 0, t.capLen[i]!, `Capture Length: ${t.capLen[i]} bytes`),
    )
    const comment = this.src.comments.get(i) ?? this.src.notes.get(frame)
    if (comment) frameLayer.fields.push(generated('frame.comment', 'Comment', 0, comment))
    if (t.flags[i]! & FLAG_CUSTOM) {
      frameLayer.fields.push(field('pcapng.custom', 'Custom block data', 0, b.length, b.length, `pcapng custom block: ${b.length} bytes (not dissected)`))
      return { frame, bytes: b, layers: ctx.layers, issues: ctx.issues }
    }
    frameLayer.fields.push(generated('frame.linktype', 'Link type', 0, `${linkTypeName(t.linkType[i]!)} (${t.linkType[i]})`))
    const short = b.length < t.origLen[i]!
    if (short) ctx.issues.push({ severity: 'note', message: `frame cut by the snap length: ${b.length} of ${t.origLen[i]} bytes captured`, offset: b.length, length: 0, layer: 'Frame' })
    const net = decodeNetwork(ctx, t.linkType[i]!, b, short)
    if (net.ip && !net.ip.fragment) {
      const tr = decodeTransport(ctx, net.ip, b, short)
      if (tr.udp && tr.udp.payloadEnd > tr.udp.payloadOffset) {
        dissectDatagram(ctx, udpProtocol(tr.udp.srcPort, tr.udp.dstPort), b, tr.udp.payloadOffset, tr.udp.payloadEnd, short)
      } else if (tr.tcp && tr.tcp.payloadEnd > tr.tcp.payloadOffset) {
        const conn = t.connection[i]!
        const o = tr.tcp.payloadOffset
        const end = tr.tcp.payloadEnd
        TCP_SEGMENT_DISSECTORS[(conn >= 0 ? this.src.connApp[conn] : null) ?? 'unknown'](ctx, b, o, end, { tls13: conn >= 0 && this.src.connTls13?.[conn] === true })
        const info = this.src.frameInfo.get(i)
        if (info) ctx.layers[ctx.layers.length - 1]!.fields.push(generated('reassembled.info', 'Reassembled message completed in this frame', o, info.info))
      }
    } else if (net.ip?.fragment) {
      ctx.layers.push({ name: 'IP fragment data', offset: net.ip.payloadOffset, length: net.ip.payloadEnd - net.ip.payloadOffset, fields: [field('ip.fragment.data', 'Fragment data', net.ip.payloadOffset, net.ip.payloadEnd - net.ip.payloadOffset, net.ip.payloadEnd - net.ip.payloadOffset, `Fragment data (${net.ip.payloadEnd - net.ip.payloadOffset} bytes at offset ${net.ip.fragment.offset} of the datagram)`)] })
    }
    return { frame, bytes: b, layers: ctx.layers, issues: ctx.issues }
  }

  /** Summaries of frames start…start+count-1 (1-based), read again from the file. */
  async frames(start: number, count: number): Promise<FrameSummary[]> {
    const out: FrameSummary[] = []
    const t = this.src.table
    const from = Math.max(1, start)
    const to = Math.min(t.length, start + count - 1)
    for (let frame = from; frame <= to; frame++) {
      const i = frame - 1
      const b = await this.bytes(i)
      const s: FrameSummary = { frame, t: t.t[i]!, length: t.origLen[i]!, capturedLength: t.capLen[i]!, src: '', dst: '', protocol: '', info: '' }
      if (t.flags[i]! & FLAG_CUSTOM) {
        s.protocol = 'DATA'
        s.info = `pcapng custom block (${b.length} bytes)`
      } else {
        const ctx = newContext(false)
        const net = decodeNetwork(ctx, t.linkType[i]!, b, b.length < t.origLen[i]!)
        if (net.arp) Object.assign(s, { src: net.arp.senderMac, dst: net.arp.targetMac, protocol: 'ARP', info: arpInfo(net.arp) })
        else if (net.ip) {
          s.src = net.ip.src
          s.dst = net.ip.dst
          s.protocol = net.ip.version === 4 ? 'IPv4' : 'IPv6'
          if (!net.ip.fragment) {
            const tr = decodeTransport(ctx, net.ip, b, b.length < t.origLen[i]!)
            if (tr.tcp) Object.assign(s, { protocol: 'TCP', info: `${tr.tcp.srcPort} → ${tr.tcp.dstPort} [${tcpFlagsText(tr.tcp.flags)}] Seq=${tr.tcp.seq} Len=${tr.tcp.payloadLength}` })
            else if (tr.udp) {
              s.protocol = 'UDP'
              s.info = `${tr.udp.srcPort} → ${tr.udp.dstPort} Len=${Math.max(0, tr.udp.length - 8)}`
              const app = udpApp(tr.udp.srcPort, tr.udp.dstPort)
              if (app !== 'unknown') {
                const m = decodeDns(ctx, b, tr.udp.payloadOffset, tr.udp.payloadEnd)
                if (m) Object.assign(s, { protocol: app === 'dns' ? 'DNS' : app.toUpperCase(), info: dnsInfo(m) })
              }
            } else if (tr.icmp) Object.assign(s, { protocol: net.ip.version === 4 ? 'ICMP' : 'ICMPv6', info: tr.icmp.info })
          } else s.info = 'Fragmented IP protocol'
        }
      }
      const app = this.src.frameInfo.get(i)
      if (app) Object.assign(s, app)
      if (t.connection[i]! >= 0) s.connection = t.connection[i]!
      if (t.dns[i]! >= 0) s.dns = t.dns[i]!
      if (t.flags[i]! & FLAG_ISSUE) s.flagged = true
      const note = this.src.comments.get(i) ?? this.src.notes.get(frame)
      if (note) s.comment = note
      out.push(s)
    }
    return out
  }

  async close(): Promise<void> {
    await this.fh?.close()
    this.fh = null
  }
}

export { httpInfo }
