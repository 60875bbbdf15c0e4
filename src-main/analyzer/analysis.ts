// The analyzer's streaming pass: every frame goes through the dissectors once (values only, no
// field trees), and the stateful parts — IP reassembly, TCP conversations and reassembly, DNS
// transactions, HTTP and TLS — are fed as frames arrive. `finish()` then links everything into
// a Walkthrough (resolutions.ts, links.ts, steps.ts). Frame indexes are 0-based inside,
// 1-based (as in Wireshark) in everything the walkthrough shows.
import type { CaptureFrame } from '../capture/types.ts'
import { endpoint, newContext, type DecodeContext } from '../decode/core.ts'
import { decodeDns, dnsInfo, type DnsMessage } from '../decode/dns.ts'
import { looksLikeHttpStart, httpInfo, header } from '../decode/http.ts'
import type { IpResult } from '../decode/ipv4.ts'
import { linkTypeName } from '../decode/link.ts'
import { arpInfo } from '../decode/arp.ts'
import { decodeNetwork, decodeTransport } from '../decode/packet.ts'
import { tcpApp, udpApp, type AppProtocol } from '../decode/ports.ts'
import { TH_ACK, TH_FIN, TH_RST, TH_SYN, tcpFlagsText, type TcpResult } from '../decode/tcp.ts'
import { cipherName, looksLikeTlsRecord, tlsVersionName, type HandshakeMessage } from '../decode/tls.ts'
import type { UdpResult } from '../decode/udp.ts'
import type { CaptureInfo } from '../capture/types.ts'
import type { Connection, DnsTransaction, FileProblem, FrameSummary, HttpExchange, TlsSession } from '../shared/walkthrough.ts'
import { DnsTcpDirection } from './dns-tcp.ts'
import { FLAG_CUSTOM, FLAG_ISSUE, FLAG_NO_TIMESTAMP, FrameTable } from './frame-table.ts'
import { HttpConnectionParser, type HttpMessage } from './http-stream.ts'
import { IpReassembly } from './ip-reassembly.ts'
import type { Journal } from './journal.ts'
import { TcpDirection, type StreamConsumer, type TcpAnomaly } from './tcp-reassembly.ts'
import { TlsDirection, type TlsRecordEvent } from './tls-stream.ts'
import { TlsDecryptor, parseKeyLog, type KeyLog } from './tls-decrypt.ts'

/** Frames whose summaries are built during the pass and shipped inline in `walkthrough.frames`. */
export const DEFAULT_FRAME_LIST_LIMIT = 20000

const nullConsumer: StreamConsumer = { data() {}, gap() {}, end() {} }

export interface ConnState {
  index: number
  key: string
  clientIp: string
  serverIp: string
  clientPort: number
  serverPort: number
  client: string
  server: string
  synFrame: number
  synSeq: number
  synAckFrame: number
  ackFrame: number
  firstFrame: number
  lastFrame: number
  dataFrames: number[]
  closeStart: number
  closeBy: 'client' | 'server' | 'unknown'
  closeKind: 'fin' | 'rst' | 'none'
  closeFrames: number[]
  finFrom: [boolean, boolean]
  rst: boolean
  toServer: TcpDirection
  toClient: TcpDirection
  app: AppProtocol | null
  http: HttpConnectionParser | null
  pendingHttp: number[]
  tls: number
  notes: Set<string>
  tlsDecryptor: TlsDecryptor | null
}

export interface DnsTx {
  tx: DnsTransaction
  queryT: number
  responseT: number
  key: string
  clientIp: string
  serverIp: string
  serverPort: number
  /** Authority NS records of a referral without glue, for glueless sub-chains. */
}

export interface AnalysisResult {
  info: CaptureInfo
  table: FrameTable
  summaries: FrameSummary[]
  frameInfo: Map<number, { protocol: string; info: string }>
  connections: ConnState[]
  dns: DnsTx[]
  http: HttpExchange[]
  tls: TlsSession[]
  firstEpoch: { sec: number; nsec: number }
  comments: Map<number, string>
  problems: FileProblem[]
}

export class Analysis {
  readonly table = new FrameTable()
  readonly summaries: FrameSummary[] = []
  readonly frameInfo = new Map<number, { protocol: string; info: string }>()
  readonly comments = new Map<number, string>()
  readonly connections: ConnState[] = []
  readonly dns: DnsTx[] = []
  readonly http: HttpExchange[] = []
  readonly tls: TlsSession[] = []
  private readonly connByKey = new Map<string, ConnState>()
  private readonly pendingDns = new Map<string, number[]>()
  private readonly ipFrag = new IpReassembly()
  private readonly ctx: DecodeContext = newContext(false)
  private sec0 = -1
  private nsec0 = 0
  private lastT = 0
  readonly keyLog: KeyLog = new Map()

  constructor(
    private readonly journal: Journal | null,
    private readonly frameListLimit = DEFAULT_FRAME_LIST_LIMIT,
  ) {
    if (journal) for (const line of journal.keyLogLines) parseKeyLog(line, this.keyLog)
  }

  secrets(text: string): void {
    parseKeyLog(text, this.keyLog)
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
    if (tr.udp) this.udp(ctx, theIp, tr.udp, payloadBytes, i, t, s, short)
    else if (tr.tcp) this.tcp(theIp, tr.tcp, payloadBytes, i, t, s)
    else if (tr.icmp && s) {
      s.protocol = ip.version === 4 ? 'ICMP' : 'ICMPv6'
      s.info = tr.icmp.info
    }
  }

  // ---------------------------------------------------------------- UDP / DNS
  private udp(ctx: DecodeContext, ip: IpResult, udp: UdpResult, b: Uint8Array, i: number, t: number, s: FrameSummary | null, short: boolean): void {
    if (s) {
      s.protocol = 'UDP'
      s.info = `${udp.srcPort} → ${udp.dstPort} Len=${Math.max(0, udp.length - 8)}`
    }
    const app = udpApp(udp.srcPort, udp.dstPort)
    if (app === 'unknown' || udp.payloadEnd <= udp.payloadOffset) return
    const msg = decodeDns(ctx, b, udp.payloadOffset, udp.payloadEnd, undefined, short)
    if (!msg) return
    if (s) {
      s.protocol = app === 'dns' ? 'DNS' : app === 'mdns' ? 'MDNS' : 'LLMNR'
      s.info = dnsInfo(msg)
    }
    if (app !== 'dns') return
    this.dnsMessage(msg, 'udp', ip.src, udp.srcPort, ip.dst, udp.dstPort, i, t)
  }

  private dnsMessage(msg: DnsMessage, transport: 'udp' | 'tcp', srcIp: string, srcPort: number, dstIp: string, dstPort: number, i: number, t: number): void {
    const src = endpoint(srcIp, srcPort)
    const dst = endpoint(dstIp, dstPort)
    const q = msg.questions[0]
    const question = q ? `${q.name.toLowerCase()}|${q.type}` : ''
    if (!msg.response) {
      const key = `${transport}|${src}|${dst}|${msg.id}|${question}`
      const tx: DnsTransaction = {
        id: msg.id,
        qname: q?.name ?? '',
        qtype: q?.type ?? '',
        rcode: null,
        aa: false,
        tc: false,
        rd: msg.rd,
        ra: false,
        transport,
        client: src,
        server: dst,
        query_frame: i + 1,
        response_frame: null,
        rtt_ms: null,
        answers: [],
        authority: [],
        additional: [],
        outcome: null,
      }
      const idx = this.dns.push({ tx, queryT: t, responseT: -1, key, clientIp: srcIp, serverIp: dstIp, serverPort: dstPort }) - 1
      const list = this.pendingDns.get(key)
      if (list) list.push(idx)
      else this.pendingDns.set(key, [idx])
      this.table.dns[i] = idx
      return
    }
    // A response answers the oldest open query with the same id, 5-tuple and question — not
    // simply the previous query: responses may arrive out of order.
    const key = `${transport}|${dst}|${src}|${msg.id}|${question}`
    let list = this.pendingDns.get(key)
    if (!list && !q) {
      // A response without a question section (e.g. some errors): match on id and 5-tuple alone.
      const prefix = `${transport}|${dst}|${src}|${msg.id}|`
      for (const [k, v] of this.pendingDns) if (k.startsWith(prefix) && v.length) list = v
    }
    let idx = list?.shift()
    if (list && list.length === 0) this.pendingDns.delete(key)
    if (idx === undefined) {
      const tx: DnsTransaction = { id: msg.id, qname: q?.name ?? '', qtype: q?.type ?? '', rcode: null, aa: false, tc: false, rd: msg.rd, ra: false, transport, client: dst, server: src, query_frame: null, response_frame: null, rtt_ms: null, answers: [], authority: [], additional: [], outcome: null }
      idx = this.dns.push({ tx, queryT: -1, responseT: t, key, clientIp: dstIp, serverIp: srcIp, serverPort: srcPort }) - 1
    }
    const d = this.dns[idx]!
    const tx = d.tx
    tx.rcode = msg.rcodeName
    if (msg.edns && msg.edns.extendedRcode > 15) tx.extended_rcode = extendedName(msg.edns.extendedRcode)
    tx.aa = msg.aa
    tx.tc = msg.tc
    tx.ra = msg.ra
    tx.response_frame = i + 1
    tx.answers = msg.answers
    tx.authority = msg.authority
    tx.additional = msg.additional
    d.responseT = t
    if (d.queryT >= 0) tx.rtt_ms = Math.round((t - d.queryT) * 1e6) / 1e3
    this.table.dns[i] = idx
  }

  // ---------------------------------------------------------------- TCP
  private tcp(ip: IpResult, tcp: TcpResult, b: Uint8Array, i: number, t: number, s: FrameSummary | null): void {
    const src = endpoint(ip.src, tcp.srcPort)
    const dst = endpoint(ip.dst, tcp.dstPort)
    const key = src < dst ? `${src}|${dst}` : `${dst}|${src}`
    let c = this.connByKey.get(key)
    const syn = (tcp.flags & TH_SYN) !== 0
    const ack = (tcp.flags & TH_ACK) !== 0
    // A new SYN on a finished conversation (or with another ISN) is a new connection: port reuse.
    if (c && syn && !ack && ((c.synFrame >= 0 && c.synSeq !== tcp.seq) || c.closeStart >= 0)) c = undefined
    if (!c) c = this.newConnection(key, ip, tcp, i)
    c.lastFrame = i
    this.table.connection[i] = c.index
    let fromClient = src === c.client
    const payload = b.subarray(tcp.payloadOffset, tcp.payloadEnd)
    if (tcp.payloadLength > 0 && c.app === null) {
      // Without a handshake the roles were guessed from the ports; the first bytes may say
      // otherwise (a request line sent from port 80): the content wins, as in Wireshark.
      if (c.synFrame < 0 && c.synAckFrame < 0 && !c.toServer.started && !c.toClient.started) {
        const kind = looksLikeHttpStart(payload, 0, payload.length)
        if ((kind === 'request' && !fromClient) || (kind === 'response' && fromClient)) {
          swapRoles(c)
          fromClient = !fromClient
        }
      }
      this.detectApp(c, payload)
    }
    const dir = fromClient ? c.toServer : c.toClient
    if (syn) {
      dir.syn(tcp.seq)
      if (!ack && c.synFrame < 0) {
        c.synFrame = i
        c.synSeq = tcp.seq
      } else if (ack && c.synAckFrame < 0) c.synAckFrame = i
    } else if (ack && fromClient && c.synAckFrame >= 0 && c.ackFrame < 0) c.ackFrame = i
    if (tcp.payloadLength > 0) {
      c.dataFrames.push(i)
      dir.segment(tcp.seq + (syn ? 1 : 0), payload, tcp.payloadLength, i)
    }
    const fin = (tcp.flags & TH_FIN) !== 0
    const rst = (tcp.flags & TH_RST) !== 0
    if ((fin || rst) && c.closeStart < 0) {
      c.closeStart = i
      c.closeBy = fromClient ? 'client' : 'server'
      c.closeKind = rst ? 'rst' : 'fin'
    }
    if (c.closeStart >= 0) c.closeFrames.push(i)
    if (fin) {
      c.finFrom[fromClient ? 0 : 1] = true
      dir.finish(i)
    }
    if (rst) {
      c.rst = true
      c.toServer.finish(i)
      c.toClient.finish(i)
    }
    if (s) {
      s.protocol = 'TCP'
      const f = tcpFlagsText(tcp.flags)
      s.info = `${tcp.srcPort} → ${tcp.dstPort} [${f}] Seq=${tcp.seq} Ack=${ack ? tcp.ack : 0} Win=${tcp.window} Len=${tcp.payloadLength}`
      s.connection = c.index
    }
  }

  private newConnection(key: string, ip: IpResult, tcp: TcpResult, i: number): ConnState {
    const syn = (tcp.flags & TH_SYN) !== 0
    const ack = (tcp.flags & TH_ACK) !== 0
    let srcIsClient: boolean
    if (syn) srcIsClient = !ack
    else {
      // No handshake in the capture: the side on a service port is the server.
      const srcService = tcpApp(tcp.srcPort, tcp.srcPort) !== 'unknown' || tcp.srcPort < 1024
      const dstService = tcpApp(tcp.dstPort, tcp.dstPort) !== 'unknown' || tcp.dstPort < 1024
      srcIsClient = srcService === dstService ? tcp.srcPort > tcp.dstPort : dstService
    }
    const [cIp, cPort, sIp, sPort] = srcIsClient ? [ip.src, tcp.srcPort, ip.dst, tcp.dstPort] : [ip.dst, tcp.dstPort, ip.src, tcp.srcPort]
    const index = this.connections.length
    const notes = new Set<string>()
    const anomaly = (a: TcpAnomaly) => notes.add(a)
    const c: ConnState = {
      index,
      key,
      clientIp: cIp,
      serverIp: sIp,
      clientPort: cPort,
      serverPort: sPort,
      client: endpoint(cIp, cPort),
      server: endpoint(sIp, sPort),
      synFrame: -1,
      synSeq: 0,
      synAckFrame: -1,
      ackFrame: -1,
      firstFrame: i,
      lastFrame: i,
      dataFrames: [],
      closeStart: -1,
      closeBy: 'unknown',
      closeKind: 'none',
      closeFrames: [],
      finFrom: [false, false],
      rst: false,
      toServer: undefined as unknown as TcpDirection,
      toClient: undefined as unknown as TcpDirection,
      app: null,
      http: null,
      pendingHttp: [],
      tls: -1,
      notes,
      tlsDecryptor: null,
    }
    const proxyServer: StreamConsumer = { data: (b, f) => this.consumerFor(c, true).data(b, f), gap: (n, f) => this.consumerFor(c, true).gap(n, f), end: (f) => this.consumerFor(c, true).end(f) }
    const proxyClient: StreamConsumer = { data: (b, f) => this.consumerFor(c, false).data(b, f), gap: (n, f) => this.consumerFor(c, false).gap(n, f), end: (f) => this.consumerFor(c, false).end(f) }
    c.toServer = new TcpDirection(proxyServer, anomaly)
    c.toClient = new TcpDirection(proxyClient, anomaly)
    this.connections.push(c)
    this.connByKey.set(key, c)
    return c
  }

  private consumers = new Map<number, [StreamConsumer, StreamConsumer]>()
  private consumerFor(c: ConnState, toServer: boolean): StreamConsumer {
    const pair = this.consumers.get(c.index)
    if (!pair) return nullConsumer
    return toServer ? pair[0] : pair[1]
  }

  private detectApp(c: ConnState, first: Uint8Array): void {
    const byPort = tcpApp(c.clientPort, c.serverPort)
    let app: AppProtocol
    if (byPort === 'dns') app = 'dns'
    else if (looksLikeHttpStart(first, 0, first.length)) app = 'http'
    else if (looksLikeTlsRecord(first, 0, first.length)) app = 'tls'
    else app = byPort
    c.app = app
    if (app === 'dns') {
      const mk = (fromClient: boolean) =>
        new DnsTcpDirection((m, frame) => {
          const [sIp, sPort, dIp, dPort] = fromClient ? [c.clientIp, c.clientPort, c.serverIp, c.serverPort] : [c.serverIp, c.serverPort, c.clientIp, c.clientPort]
          this.dnsMessage(m, 'tcp', sIp, sPort, dIp, dPort, frame, this.table.t[frame]!)
          this.frameInfo.set(frame, { protocol: 'DNS', info: dnsInfo(m) })
        })
      this.consumers.set(c.index, [mk(true), mk(false)])
    } else if (app === 'http') {
      this.attachHttp(c, false)
    } else if (app === 'tls') {
      this.attachTls(c)
    }
  }

  private attachHttp(c: ConnState, decrypted: boolean): HttpConnectionParser {
    const parser = new HttpConnectionParser({
      requestHead: (m) => this.httpRequest(c, m, decrypted),
      request: (m) => this.httpRequestDone(c, m),
      response: (m, interim) => this.httpResponse(c, m, interim),
      tunnel: () => {
        // CONNECT succeeded: what follows is usually TLS end to end.
        const tlsIdx = this.attachTls(c, true)
        const pair = this.consumers.get(c.index)!
        parser.client.tunnelData = (b, f) => pair[0].data(b, f)
        parser.server.tunnelData = (b, f) => pair[1].data(b, f)
        parser.client.tunnelGap = (n, f) => pair[0].gap(n, f)
        parser.server.tunnelGap = (n, f) => pair[1].gap(n, f)
        this.consumers.set(c.index, [parser.client, parser.server])
        void tlsIdx
      },
    })
    if (!decrypted) {
      c.http = parser
      this.consumers.set(c.index, [parser.client, parser.server])
    }
    return parser
  }

  private attachTls(c: ConnState, inTunnel = false): number {
    const session: TlsSession = { connection: c.index, sni: null, version: null, cipher: null, clientHelloFrame: null, serverHelloFrame: null, certificates: [], decrypted: false }
    const idx = this.tls.push(session) - 1
    c.tls = idx
    let decryptedHttp: HttpConnectionParser | null = null
    const sink = {
      handshake: (h: HandshakeMessage, fromClient: boolean, frame: number) => {
        if (h.serverHello?.negotiated === 0x0304) client.tls13 = server.tls13 = true
        this.tlsHandshake(c, session, h, fromClient, frame)
        if (c.tlsDecryptor?.hasKeys) client.keepBodies = server.keepBodies = true
      },
      applicationData: () => {},
      record: (r: TlsRecordEvent) => {
        if (!c.tlsDecryptor) return
        const plain = c.tlsDecryptor.record(r)
        if (!plain) return
        session.decrypted = true
        if (plain.kind === 'handshake') {
          ;(r.fromClient ? client : server).handshakeBytes(plain.bytes, r.frame)
        } else if (plain.kind === 'application') {
          if (!decryptedHttp) decryptedHttp = this.attachHttp(c, true)
          ;(r.fromClient ? decryptedHttp.client : decryptedHttp.server).data(plain.bytes, r.frame)
        }
      },
    }
    const client = new TlsDirection(true, sink)
    const server = new TlsDirection(false, sink)
    if (!inTunnel) this.consumers.set(c.index, [client, server])
    else this.consumers.set(c.index, [client, server])
    return idx
  }

  private tlsHandshake(c: ConnState, session: TlsSession, h: HandshakeMessage, fromClient: boolean, frame: number): void {
    const prev = this.frameInfo.get(frame)
    this.frameInfo.set(frame, { protocol: session.version === 'TLS 1.3' ? 'TLSv1.3' : 'TLS', info: prev?.protocol.startsWith('TLS') ? `${prev.info}, ${h.name}` : h.name })
    if (h.clientHello && fromClient) {
      session.sni = h.clientHello.sni
      if (session.clientHelloFrame === null) session.clientHelloFrame = frame + 1
      if (this.keyLog.size && !c.tlsDecryptor) c.tlsDecryptor = new TlsDecryptor(this.keyLog, h.clientHello.random)
    } else if (h.serverHello && !fromClient) {
      session.version = tlsVersionName(h.serverHello.negotiated)
      session.cipher = cipherName(h.serverHello.cipher)
      if (!h.serverHello.helloRetryRequest || session.serverHelloFrame === null) session.serverHelloFrame = frame + 1
      c.tlsDecryptor?.serverHello(h.serverHello)
    } else if (h.certificates) {
      for (const cert of h.certificates) {
        const entry: TlsSession['certificates'][number] = { subject: cert.subject, issuer: cert.issuer }
        if (cert.notAfter) entry.notAfter = cert.notAfter
        session.certificates.push(entry)
      }
    }
  }

  private httpRequest(c: ConnState, m: HttpMessage, decrypted: boolean): void {
    const ex: HttpExchange = {
      method: m.head.method,
      uri: m.head.uri,
      host: header(m.head, 'host'),
      status: null,
      reason: null,
      connection: c.index,
      request_frame: m.endFrame + 1,
      response_frame: null,
      requestHead: m.headText,
      responseHead: null,
      contentType: null,
      contentEncoding: null,
      transferEncoding: null,
      bodyBytes: null,
      referer: header(m.head, 'referer'),
    }
    if (decrypted) ex.decrypted = true
    const idx = this.http.push(ex) - 1
    c.pendingHttp.push(idx)
    this.requestIndex.set(m, idx)
    this.frameInfo.set(m.headFrame, { protocol: 'HTTP', info: httpInfo(m.head) })
  }

  private readonly requestIndex = new WeakMap<HttpMessage, number>()
  /** The request's body is complete: Wireshark shows the request on that frame. */
  private httpRequestDone(_c: ConnState, m: HttpMessage): void {
    const idx = this.requestIndex.get(m)
    if (idx === undefined) return
    this.http[idx]!.request_frame = m.endFrame + 1
    if (m.endFrame !== m.headFrame) {
      const info = this.frameInfo.get(m.headFrame)
      this.frameInfo.delete(m.headFrame)
      if (info) this.frameInfo.set(m.endFrame, info)
    }
    if (!m.complete) this.http[idx]!.incomplete = true
  }

  /** Responses whose request is not in the capture (it started mid-connection). */
  readonly unmatchedResponses: { connection: number; status: number; reason: string; response_frame: number }[] = []

  private httpResponse(c: ConnState, m: HttpMessage, interim: boolean): void {
    this.frameInfo.set(m.endFrame, { protocol: 'HTTP', info: httpInfo(m.head) })
    const idx = interim ? c.pendingHttp[0] : c.pendingHttp.shift()
    if (idx === undefined) {
      this.unmatchedResponses.push({ connection: c.index, status: m.head.status, reason: m.head.reason, response_frame: m.endFrame + 1 })
      return
    }
    const ex = this.http[idx]!
    if (interim) {
      const x = ex
      ;(x.interim ??= []).push({ status: m.head.status, frame: m.endFrame + 1 })
      return
    }
    ex.status = m.head.status
    ex.reason = m.head.reason
    ex.response_frame = m.endFrame + 1
    ex.responseHead = m.headText
    ex.contentType = header(m.head, 'content-type')
    ex.contentEncoding = header(m.head, 'content-encoding')
    ex.transferEncoding = header(m.head, 'transfer-encoding')
    ex.bodyBytes = { wire: m.bodyWire, decoded: m.bodyDecoded ?? m.bodyWire }
    if (m.decodeError) ex.note = m.decodeError
    if (!m.complete) ex.responseIncomplete = true
  }

  /** End of capture: flush what TCP still holds (close-delimited bodies end here). */
  flush(): void {
    for (const c of this.connections) {
      c.toServer.finish(c.lastFrame)
      c.toClient.finish(c.lastFrame)
    }
  }

  connectionView(c: ConnState): Connection {
    const t = (i: number) => this.table.t[i]!
    const phase = (frames: number[]) => (frames.length ? { start: t(frames[0]!), end: t(frames[frames.length - 1]!), frames: frames.map((x) => x + 1) } : null)
    const connectFrames = [c.synFrame, c.synAckFrame, c.ackFrame].filter((x) => x >= 0).sort((a, b) => a - b)
    if (c.synFrame >= 0 && c.synAckFrame < 0 && c.rst && c.closeStart >= 0) connectFrames.push(c.closeStart)
    const connect = phase(connectFrames)
    const transfer = phase(c.dataFrames)
    const closeBase = phase(c.closeFrames)
    const purpose: Connection['purpose'] = c.app === 'http' ? 'http' : c.app === 'tls' ? 'https' : c.app === 'dns' ? 'dns' : 'other'
    const first = t(c.firstFrame)
    return {
      protocol: 'tcp',
      stream: c.index,
      client: c.client,
      server: c.server,
      purpose,
      phases: {
        socket: { start: first, end: first, frames: [], visible: false, fd: null },
        connect,
        transfer,
        close: closeBase ? { ...closeBase, by: c.closeBy, kind: c.closeKind } : null,
      },
      bytes: { toServer: c.toServer.bytes, toClient: c.toClient.bytes },
      http: [],
      notes: [...c.notes],
    }
  }
}

/** Client and server change places (no data has been delivered either way yet). */
function swapRoles(c: ConnState): void {
  ;[c.clientIp, c.serverIp] = [c.serverIp, c.clientIp]
  ;[c.clientPort, c.serverPort] = [c.serverPort, c.clientPort]
  ;[c.client, c.server] = [c.server, c.client]
  c.finFrom = [c.finFrom[1], c.finFrom[0]]
  if (c.closeBy !== 'unknown') c.closeBy = c.closeBy === 'client' ? 'server' : 'client'
}

function extendedName(r: number): string {
  const names: Record<number, string> = { 16: 'BADVERS', 17: 'BADKEY', 18: 'BADTIME', 19: 'BADMODE', 20: 'BADNAME', 21: 'BADALG', 22: 'BADTRUNC', 23: 'BADCOOKIE' }
  return names[r] ?? String(r)
}
