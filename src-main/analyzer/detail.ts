// detail(frame): re-reads one frame's bytes from the file and decodes it with field trees
// (ctx.detail = true): every field with its byte offset and length, flags with masks, computed
// fields with length 0, and the issues found. The application layer follows what the streaming
// pass learned about the conversation, through the same handoff table (handoff.ts).
import { open, type FileHandle } from 'node:fs/promises'
import { codedIssue, field, generated, newContext } from '../decode/core.ts'
import { linkTypeName } from '../decode/link.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import type { DecodeIssue, FrameSummary, HttpBody, PacketDetail } from '../shared/walkthrough.ts'
import { AnalyzerError } from './errors.ts'
import { FLAG_CUSTOM, FLAG_ISSUE } from './frame-table.ts'
import { dataAfterCloseIssue } from './trackers/tcp.ts'
import { dissectDatagram, TCP_SEGMENT_DISSECTORS, udpProtocol } from './handoff.ts'
import type { StreamingPass } from './pass.ts'
import { summarizeFrame } from './summary.ts'
import { readHttpBody } from './http-body.ts'
import { RecordHeaders } from './record-header.ts'

/** One read of the file fetches the frames of this many bytes at most (a page of the list). */
const READ_SPAN = 4 * 1024 * 1024

export interface DetailSource {
  path: string
  /** The streaming pass: its table, its trackers (read live: a preview reads while it runs). */
  pass: StreamingPass
  /** The journal's note for a frame (1-based), when there is one. */
  notes: Map<number, string>
  /** TLS key log text (secrets blocks, the journal), to decrypt HTTPS bodies again. */
  secrets?: readonly string[]
}

/** A header of a head's text ("Content-Type: …"), or null. */
function headerOf(head: string | null, name: string): string | null {
  if (head === null) return null
  const m = new RegExp(`\\r?\\n${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head)
  return m ? m[1]!.trim() : null
}

export class DetailReader {
  private fh: FileHandle | null = null
  private readonly recordHeaders = new RecordHeaders()
  constructor(private readonly src: DetailSource) {}

  private get table() {
    return this.src.pass.table
  }

  /** The streaming pass whose table and trackers this reader reads. */
  get pass(): StreamingPass {
    return this.src.pass
  }

  private async bytes(i: number): Promise<Uint8Array> {
    this.fh ??= await open(this.src.path, 'r')
    const len = this.table.capLen[i]!
    const out = new Uint8Array(len)
    if (len) await this.fh.read(out, 0, len, this.table.dataOffset[i]!)
    return out
  }

  private check(frame: number): number {
    if (!Number.isInteger(frame) || frame < 1 || frame > this.table.length) throw new AnalyzerError('ANALYZER_BAD_FRAME', `frame ${frame} does not exist: the capture has frames 1–${this.table.length}`)
    return frame - 1
  }

  /** The journal's notes, once known (a journal inside the pcapng is read with the last frame). */
  setNotes(notes: Map<number, string>): void {
    this.src.notes = notes
  }

  /** The pcapng comment or the journal's note of frame index `i`. */
  comment(i: number): string | undefined {
    return this.src.pass.comments.get(i) ?? this.src.notes.get(i + 1)
  }

  async detail(frame: number): Promise<PacketDetail> {
    const i = this.check(frame)
    const detail = this.decode(i, await this.bytes(i))
    const record = await this.recordIssue(i)
    if (record) detail.issues.unshift(record)
    return detail
  }

  /** What is wrong with frame index `i`'s record header in the file (it is not in the frame's
   * bytes), read again only for a frame the pass flagged: the pass flags every frame whose record
   * the reader found wrong, with the same check (capture/pcap.ts timestampFractionProblem), so an
   * unflagged frame has nothing to find and its record header is not read (record-header.test.ts
   * checks this on the corpus). */
  private async recordIssue(i: number): Promise<DecodeIssue | null> {
    if (!(this.table.flags[i]! & FLAG_ISSUE)) return null
    this.fh ??= await open(this.src.path, 'r')
    return this.recordHeaders.problem(this.fh, i + 1, this.table.dataOffset[i]!)
  }

  /** Frame index `i`'s field tree from its captured bytes `b`. */
  decode(i: number, b: Uint8Array): PacketDetail {
    const frame = i + 1
    const t = this.table
    const ctx = newContext(true)
    const frameLayer = { name: `Frame ${frame}: ${t.origLen[i]} bytes on wire, ${t.capLen[i]} bytes captured`, offset: 0, length: b.length, fields: [] as PacketDetail['layers'][number]['fields'] }
    ctx.layers.push(frameLayer)
    const first = this.src.pass.firstEpoch
    const epoch = first.sec + first.nsec / 1e9 + t.t[i]!
    frameLayer.fields.push(
      generated('frame.number', 'Frame Number', 0, frame),
      generated('frame.time_epoch', 'Epoch Time', 0, epoch.toFixed(9), `Epoch Time: ${epoch.toFixed(9)} seconds`),
      generated('frame.time_relative', 'Time since frame 1', 0, t.t[i]!, `Time since frame 1: ${t.t[i]!.toFixed(6)} seconds`),
      generated('frame.len', 'Frame Length', 0, t.origLen[i]!, `Frame Length: ${t.origLen[i]} bytes`),
      generated('frame.cap_len', 'Capture Length', 0, t.capLen[i]!, `Capture Length: ${t.capLen[i]} bytes`),
    )
    const comment = this.comment(i)
    if (comment) frameLayer.fields.push(generated('frame.comment', 'Comment', 0, comment))
    if (t.flags[i]! & FLAG_CUSTOM) {
      frameLayer.fields.push(field('pcapng.custom', 'Custom block data', 0, b.length, b.length, `pcapng custom block: ${b.length} bytes (not dissected)`))
      return { frame, bytes: b, layers: ctx.layers, issues: ctx.issues }
    }
    frameLayer.fields.push(generated('frame.linktype', 'Link type', 0, `${linkTypeName(t.linkType[i]!)} (${t.linkType[i]})`))
    const short = b.length < t.origLen[i]!
    if (short) ctx.issues.push(codedIssue('Frame', 'note', 'FRAME_SNAP_CUT', { captured: b.length, onWire: t.origLen[i]! }, b.length, 0))
    const net = decodeNetwork(ctx, t.linkType[i]!, b, short)
    if (net.ip && !net.ip.fragment) {
      const tr = decodeTransport(ctx, net.ip, b, short)
      if (tr.udp && tr.udp.payloadEnd > tr.udp.payloadOffset) {
        dissectDatagram(ctx, udpProtocol(tr.udp.srcPort, tr.udp.dstPort), b, tr.udp.payloadOffset, tr.udp.payloadEnd, short)
      } else if (tr.tcp && tr.tcp.payloadEnd > tr.tcp.payloadOffset) {
        const conn = t.connection[i]!
        const o = tr.tcp.payloadOffset
        const end = tr.tcp.payloadEnd
        const app = (conn >= 0 ? this.src.pass.tcp.app(conn) : null) ?? 'unknown'
        TCP_SEGMENT_DISSECTORS[app](ctx, b, o, end, {
          frame,
          tls13: conn >= 0 && this.src.pass.tls.sessionOf(conn)?.version === 'TLS 1.3',
          dnsPieces: app === 'dns' ? this.src.pass.dns.tcpSegments.of(i) : null,
        })
        const info = this.src.pass.appInfo.get(i)
        if (info) ctx.layers[ctx.layers.length - 1]!.fields.push(generated('reassembled.info', 'Reassembled message completed in this frame', o, info.info))
        const unread = this.src.pass.tcp.unreadAfterClose(i)
        if (unread > 0) ctx.issues.push(dataAfterCloseIssue(this.src.pass.tcp.app(conn), unread, end))
      }
    } else if (net.ip?.fragment) {
      ctx.layers.push({ name: 'IP fragment data', offset: net.ip.payloadOffset, length: net.ip.payloadEnd - net.ip.payloadOffset, fields: [field('ip.fragment.data', 'Fragment data', net.ip.payloadOffset, net.ip.payloadEnd - net.ip.payloadOffset, net.ip.payloadEnd - net.ip.payloadOffset, `Fragment data (${net.ip.payloadEnd - net.ip.payloadOffset} bytes at offset ${net.ip.fragment.offset} of the datagram)`)] })
    }
    return { frame, bytes: b, layers: ctx.layers, issues: ctx.issues }
  }

  /** Summaries of frames start…start+count−1 (1-based), made from the file (summary.ts); the frames
   * of a page are fetched in a few large reads, not one read each. */
  async frames(start: number, count: number): Promise<FrameSummary[]> {
    const out: FrameSummary[] = []
    const from = Math.max(1, start) - 1
    const to = Math.min(this.table.length, start + count - 1)
    const indexes = new Uint32Array(Math.max(0, to - from))
    for (let k = 0; k < indexes.length; k++) indexes[k] = from + k
    const records = new Map<number, DecodeIssue>()
    for (const k of indexes) {
      const record = await this.recordIssue(k)
      if (record) records.set(k, record)
    }
    await this.scan(indexes, (k, b) => {
      out.push(summarizeFrame(k, b, this.table, this.src.pass.appInfo, this.comment(k), records.get(k)))
    })
    return out
  }

  /** One exchange's request or response body, reassembled and decoded (analyzer/http-body.ts). */
  async httpBody(exchange: number, part: 'request' | 'response'): Promise<HttpBody> {
    const all = this.src.pass.http.store
    if (!Number.isInteger(exchange) || exchange < 0 || exchange >= all.length) throw new AnalyzerError('ANALYZER_BAD_EXCHANGE', `HTTP exchange ${exchange} does not exist: the capture has ${all.length} (0–${all.length - 1})`)
    if (part !== 'request' && part !== 'response') throw new AnalyzerError('ANALYZER_BAD_EXCHANGE', `a body is the "request" or the "response" one, not "${String(part)}"`)
    const ex = all.at(exchange)!
    let ordinal = 0
    for (let i = 0; i < exchange; i++) if (all.connection(i) === ex.connection) ordinal++
    const head = part === 'request' ? ex.requestHead : ex.responseHead
    return readHttpBody(
      { table: this.table, bytes: (i) => this.bytes(i), secrets: this.src.secrets ?? [] },
      {
        exchange,
        part,
        connection: ex.connection,
        ordinal,
        contentType: part === 'response' ? ex.contentType : headerOf(head, 'content-type'),
        contentEncoding: part === 'response' ? ex.contentEncoding : headerOf(head, 'content-encoding'),
        transferEncoding: part === 'response' ? ex.transferEncoding : headerOf(head, 'transfer-encoding'),
      },
    )
  }

  /** Calls `each` with the captured bytes of every frame index in `indexes` (ascending), in order;
   * frames near each other in the file come in one read of up to READ_SPAN bytes. Returns early
   * (false) when `each` returns false. */
  async scan(indexes: ArrayLike<number>, each: (i: number, bytes: Uint8Array) => boolean | void): Promise<boolean> {
    const t = this.table
    this.fh ??= await open(this.src.path, 'r')
    for (let p = 0; p < indexes.length; ) {
      // Frames are in file order: one read spans as many as fit in READ_SPAN.
      const first = indexes[p]!
      const from = t.dataOffset[first]!
      let q = p
      while (q + 1 < indexes.length) {
        const next = indexes[q + 1]!
        if (t.dataOffset[next]! < from || t.dataOffset[next]! + t.capLen[next]! - from > READ_SPAN) break
        q++
      }
      const last = indexes[q]!
      const span = new Uint8Array(Math.max(0, t.dataOffset[last]! + t.capLen[last]! - from))
      if (span.length) await this.fh.read(span, 0, span.length, from)
      for (let k = p; k <= q; k++) {
        const i = indexes[k]!
        const at = t.dataOffset[i]! - from
        if (each(i, span.subarray(at, at + t.capLen[i]!)) === false) return false
      }
      p = q + 1
    }
    return true
  }

  async close(): Promise<void> {
    await this.fh?.close()
    this.fh = null
  }
}

