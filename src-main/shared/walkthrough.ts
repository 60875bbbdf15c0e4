// The walkthrough: what the analyzer builds from a capture (plus its journal, when there is one),
// what `wiretrail inspect --json` and `wiretrail record --json` print, and what the renderer draws.
// One schema for live recordings and opened files: both go through the analyzer.
//
// Conventions: frame numbers count from 1, as in Wireshark. Times are seconds relative to the first
// frame (`t`), except `CaptureSource.firstFrameEpoch`, which anchors them. Endpoints are "ip:port"
// ("[::1]:8080" for IPv6). Pure types; the whole schema is documented in docs/walkthrough-schema.md.
//
// Ownership: the analyzer area owns this file. Changes are additive; docs/walkthrough-schema.md
// changes with it.

import type { ConceptId } from './concepts.ts'
import type { CodedIssue } from './decode-issues.ts'
import type { CacheHitUse, HopOutcome, DnsRecordView, DnsServerRole, ResolverChoice, ResolverEvent } from './resolver-events.ts'

export const WALKTHROUGH_SCHEMA_VERSION = 1

export interface Walkthrough {
  schema: typeof WALKTHROUGH_SCHEMA_VERSION
  source: CaptureSource
  /** Number of frames read (the issue's `packets`). */
  packets: number
  /** One summary per frame, for the packet list (field trees come on demand, see PacketDetail). */
  frames: FrameSummary[]
  dns: DnsTransaction[]
  resolutions: ResolutionChain[]
  connections: Connection[]
  http: HttpExchange[]
  tls: TlsSession[]
  steps: Step[]
  /** Problems with the file itself (a truncated last record, a corrupt block): everything before
   * the problem is kept and shown. */
  fileErrors: FileProblem[]
  /** Present when the capture was recorded by Wiretrail and its journal was found. */
  recording: RecordingInfo | null
  /** True when `frames` holds only the first frames (large captures); page the rest with
   * AnalyzedCapture.frames(start, count). Absent/false: `frames` holds every frame. */
  framesTruncated?: boolean
  /** HTTP responses whose request is not in the capture (it started mid-connection). */
  httpUnmatchedResponses?: { connection: number; status: number; reason: string; response_frame: number }[]
}

export interface CaptureSource {
  fileName: string
  format: 'pcap' | 'pcapng'
  byteOrder: 'little-endian' | 'big-endian' | 'mixed'
  timestampResolution: 'usec' | 'nsec' | 'mixed'
  /** Link types present, by name ("ETHERNET", "LINUX_SLL2", "RAW", "NULL", …) and number. */
  linkTypes: { id: number; name: string }[]
  sizeBytes: number
  /** Epoch seconds of frame 1 (0 when the capture is empty). */
  firstFrameEpoch: number
  /** Seconds from the first to the last frame. */
  duration: number
  /** How the packets were made, when known from the journal. */
  packetsOrigin: 'synthesized' | 'kernel' | 'unknown'
}

export interface FileProblem {
  code: string
  message: string
  /** Byte offset in the file where the problem starts. */
  offset: number
}

export interface FrameSummary {
  frame: number
  /** Seconds since frame 1. */
  t: number
  /** Bytes on the wire / bytes captured. */
  length: number
  capturedLength: number
  /** Source and destination addresses without ports, like Wireshark's Source/Destination columns
   * (the ports are in `info`; connections and DNS transactions carry "ip:port" endpoints). */
  src: string
  dst: string
  /** Highest recognised protocol: "DNS", "TCP", "HTTP", "TLS", "UDP", "ICMP", "ARP", … */
  protocol: string
  /** One line, like Wireshark's Info column. */
  info: string
  /** Index into `connections` for TCP frames of a connection. */
  connection?: number
  /** Index into `dns` for DNS frames. */
  dns?: number
  /** The pcapng comment or the journal's note naming this packet's step. */
  comment?: string
  /** Malformed or suspicious fields were flagged (details in PacketDetail.issues). */
  flagged?: boolean
}

/** Protocols a frame may carry, for filters (Wireshark's protocol names: `ip` is IPv4). */
export type FrameProtocol = 'arp' | 'ip' | 'ipv6' | 'icmp' | 'udp' | 'tcp' | 'dns' | 'http' | 'tls' | 'mdns' | 'llmnr'

/** Columns of the packet list a view may be sorted by. */
export type FrameSortColumn = 'number' | 'time' | 'source' | 'destination' | 'protocol' | 'length'

/** Which frames a view of the packet list holds, and in which order. Runs over the analyzer's frame
 * index in its worker, however many frames the capture has. */
export interface FrameQuery {
  /** Frames that carry any of these protocols (as Wireshark's `dns || http`); absent: every frame. */
  protocols?: FrameProtocol[]
  /** Only the frames of this TCP connection (an index into `connections`). */
  connection?: number
  /** Only these frames (1-based numbers), e.g. a step's. */
  frames?: number[]
  /** A display filter in Wireshark's syntax (`dns.qry.name == "www.lab.cyber.co.kr"`, `tcp.flags.syn
   * == 1 && ip.dst == 127.53.4.80`, `frame.number in {1..20}`): the frames it keeps, among those the
   * other parts keep. See src-main/filter. */
  filter?: string
  /** Default: by frame number, ascending. */
  sort?: { column: FrameSortColumn; descending?: boolean }
}

/** A view made by a FrameQuery: its id (for its rows) and how many frames it holds. */
export interface FrameView {
  view: number
  count: number
}

/** Find (Ctrl+F) in the packet list: a display filter, looked for in a view (null: every frame)
 * from just after position `from` (0-based; −1: from the start), or just before it backwards. */
export interface FindRequest {
  view: number | null
  filter: string
  from: number
  backwards?: boolean
}

/** Find (Ctrl+F): the next frame of a view, after a position (or before it, backwards), that a
 * display filter keeps, wrapping around the view's end once; null when none does. */
export interface FoundFrame {
  frame: number
  /** Its position in the view (0-based). */
  position: number
  /** The search went past the view's end (or start) to find it. */
  wrapped: boolean
}

/** Follow TCP stream: what each side of a connection sent, in the order it was delivered. */
export interface FollowedStream {
  /** The connection (tcp.stream). */
  connection: number
  client: { address: string; port: number }
  server: { address: string; port: number }
  /** Bytes each side sent (each byte once, however often it was retransmitted). */
  bytes: { client: number; server: number }
  /** The bytes in delivery order, one chunk per turn of one side (consecutive segments joined). */
  chunks: FollowChunk[]
  /** The stream was cut at the analyzer's bound (32 MiB in all). */
  truncated: boolean
  /** Segments never delivered (the bytes before them were not captured). */
  missing: number
}

export interface FollowChunk {
  from: 'client' | 'server'
  /** The frames (1-based) whose payload the chunk holds. */
  frames: number[]
  bytes: Uint8Array
  /** Bytes of this side that were sent (the other side acknowledged them) but are not in the
   * capture, just before this chunk (Wireshark: "[N bytes missing in capture file]"). */
  missingBefore?: number
}

/** Statistics → Conversations (tshark -z conv,tcp|udp|ip|ipv6): one row per conversation. */
export interface Conversation {
  /** "A": the side that sent the conversation's first frame, as tshark's address A. */
  a: { address: string; port?: number }
  b: { address: string; port?: number }
  /** A → B and B → A: frames and bytes on the wire (frame.len). */
  aToB: { frames: number; bytes: number }
  bToA: { frames: number; bytes: number }
  /** Seconds since the capture's first frame, and the time from its first frame to its last. */
  start: number
  duration: number
  /** TCP: its stream number (filter tcp.stream == n). */
  stream?: number
}

export type ConversationKind = 'tcp' | 'udp' | 'ip' | 'ipv6'

/** Statistics → Protocol Hierarchy (tshark -z io,phs): frames and bytes per protocol, nested as the
 * layers are. */
export interface ProtocolNode {
  /** Wireshark's protocol name (eth, sll, ip, ipv6, tcp, udp, dns, http, tls, …). */
  protocol: string
  frames: number
  bytes: number
  children: ProtocolNode[]
}

export interface DnsTransaction {
  /** The 16-bit DNS message id. */
  id: number
  qname: string
  qtype: string
  /** Null while unanswered. */
  rcode: string | null
  aa: boolean
  tc: boolean
  rd: boolean
  ra: boolean
  transport: 'udp' | 'tcp'
  client: string
  server: string
  query_frame: number | null
  response_frame: number | null
  /** Response time in ms, when both frames are present. */
  rtt_ms: number | null
  answers: DnsRecordView[]
  authority: DnsRecordView[]
  additional: DnsRecordView[]
  /** Classification of the response (same words as the resolver's hops). */
  outcome: HopOutcome | null
  /** EDNS extended rcode when above 15 (e.g. "BADCOOKIE"); `rcode` keeps the header's 4 bits, as tshark's dns.flags.rcode. */
  extended_rcode?: string
}

export interface ResolutionChain {
  qname: string
  qtype: string
  /** Hops in order, root → TLD → … → answer. A stub query to a recursive server whose own walk the
   * capture holds (the nearby DNS server) comes first (leg 'stub'), then that server's hops (leg
   * 'walk'), root → … → answer, or its cache hop when it sent nothing upstream
   * (docs/walkthrough-schema.md, "Nesting"). */
  hops: ResolutionHop[]
  /** Final rcode and answers, when the chain ended in a response. */
  rcode: string | null
  answers: DnsRecordView[]
  /** Index of the parent chain when this is a sub-resolution (the address of a glueless NS name, or
   * another name the walking server needed on the way). */
  parent?: number
  /** The parent's hop that needed it (the referral that named the NS without glue), when known. */
  parentHop?: number
  /** The recursive server whose walk is nested in `hops` after the stub hop ("127.53.53.53:10053"). */
  walkedBy?: string
  /** Indexes of connections whose server address this resolution produced. */
  connections: number[]
  /** 'stub': questions with RD=1 to a recursive server; 'iterative': RD=0 queries walking down from the root. */
  mode?: 'iterative' | 'stub'
}

/** How many records' data a cache hop keeps (`ResolutionHop.cached.data`): an RRset can be large. */
export const MAX_CACHED_DATA = 16

export interface ResolutionHop {
  /** Server address (as "ip" or "ip:port" when not 53). */
  server: string
  /** The zone the server answered for: "." for root, "kr.", "co.kr.", … */
  zone: string
  outcome: HopOutcome
  /** Index into `dns`; absent for cache hits, which have no packets. */
  dns?: number
  frames: number[]
  t: number
  rtt_ms: number | null
  /** The zone the referral pointed to, for referral hops. */
  referredTo?: string
  /** From the journal: TTL left for cache hits, the TTL the entry was stored with, and how many
   * ms before the hit it was stored. */
  ttlLeft?: number
  storedTtl?: number
  ageMs?: number
  /** From the journal, for a cache hit: whether the name does not exist ('nxdomain') or has no
   * record of the type ('nodata'), cached as RFC 2308 says. */
  negative?: 'nxdomain' | 'nodata'
  /** From the journal, for a cache hit: the entry taken from the cache (its name, type and records'
   * data, at most MAX_CACHED_DATA of them) and what for — 'answer' (the question's answer: no query
   * follows), 'alias' (a CNAME on the way: the resolution goes on with its target), 'delegation'
   * (the NS records of the closest zone the cache knows: the walk starts at those servers and its
   * queries follow). Absent for captures analysed without their journal. */
  cached?: { name: string; type: string; use: CacheHitUse; data: string[] }
  /** From the journal: epoch milliseconds of a cache hit (it has no frame to give it a time). */
  atMs?: number
  /** What the server is in this resolution, when known (shared/dns-roles.ts names it in EN and KO):
   * 'nearby' (the nearby DNS server), 'recursive', 'root', 'tld', 'zone'; for a cache hop, whose
   * cache it is in `cache`. */
  role?: DnsServerRole
  cache?: 'stub' | 'iterative' | 'nearby'
  /** In a chain with a nested walk: 'stub' for the client's question to the recursive server (and
   * its answer), 'walk' for what that server asked (or answered from its cache) to answer it. */
  leg?: 'stub' | 'walk'
}

export type PhaseName = 'socket' | 'connect' | 'transfer' | 'close'

export interface Phase {
  /** Seconds since frame 1. */
  start: number
  end: number
  frames: number[]
}

export interface ClosePhase extends Phase {
  /** Who sent the first FIN (or the RST). */
  by: 'client' | 'server' | 'unknown'
  kind: 'fin' | 'rst' | 'none'
}

export interface SocketPhase extends Phase {
  /** "not visible on the wire" for foreign captures: socket creation happens inside the OS. */
  visible: boolean
  /** The OS descriptor, from the journal. */
  fd: number | null
}

/** What the analyzer's TCP reassembly can meet in a direction's bytes (analyzer/tcp-reassembly.ts):
 * a segment whose bytes all came before (retransmission), one that repeats some and brings new ones
 * (overlap), one ahead of a hole (out-of-order, held until the hole fills), a hole never filled
 * (gap), and more bytes held behind a hole than the analyzer keeps (buffer-limit). */
export type TcpAnomaly = 'retransmission' | 'out-of-order' | 'overlap' | 'gap' | 'buffer-limit'

export interface Connection {
  protocol: 'tcp'
  /** tshark's tcp.stream index for the same conversation. */
  stream: number
  client: string
  server: string
  purpose: 'http' | 'https' | 'dns' | 'other'
  phases: {
    socket: SocketPhase | null
    connect: Phase | null
    transfer: Phase | null
    close: ClosePhase | null
  }
  bytes: { toServer: number; toClient: number }
  /** Indexes into `http`. */
  http: number[]
  /** Index into `resolutions` of the resolution that produced the server's address. */
  resolution?: number
  /** TCP anomalies the reassembly met, each once, in the order first met. */
  notes: TcpAnomaly[]
  /** From the journal: the socket id, to join socket events. */
  socketId?: string
}

export interface HttpExchange {
  method: string
  uri: string
  host: string | null
  /** Null when no response was seen. */
  status: number | null
  reason: string | null
  connection: number
  request_frame: number
  response_frame: number | null
  /** Request/response head text exactly as sent (header block through the blank line). */
  requestHead: string
  responseHead: string | null
  contentType: string | null
  contentEncoding: string | null
  transferEncoding: string | null
  /** Body sizes: as transferred and after de-chunking/decompression. */
  bodyBytes: { wire: number; decoded: number } | null
  /** Index of the exchange that caused this one (via Referer or redirect). */
  causedBy?: number
  /** How `causedBy` caused it: its page named this URL (the request's Referer is that page), or its
   * 3xx response's Location named this URL (a redirect: "another action is needed"). */
  cause?: 'referer' | 'redirect'
  /** Frames that carried the request / the response message, in order (the first 64); the
   * message is complete in the last one (request_frame / response_frame). */
  requestFrames?: number[]
  responseFrames?: number[]
  referer?: string | null
  /** True when it was reconstructed from decrypted TLS. */
  decrypted?: boolean
  /** Interim 1xx responses (100 Continue) before the final one. */
  interim?: { status: number; frame: number }[]
  /** The request's / response's body was not complete in the capture (cut short, or bytes not captured). */
  incomplete?: boolean
  responseIncomplete?: boolean
  /** Why the body's decoded size is not known (e.g. gzip data cut short, a body that expands past
   * 64 MiB), with its stable code in `noteCode` (HTTP_BODY_TOO_LARGE, HTTP_BAD_CONTENT_ENCODING,
   * HTTP_UNSUPPORTED_CONTENT_ENCODING). */
  note?: string
  noteCode?: string
}

/** One message body as the body view shows it (AnalyzedCapture.httpBody): the body as the page
 * or the file is (`decoded`: reassembled from every TCP segment, de-chunked and decompressed), and
 * beside it the body as sent (`wire`: chunk-size lines and CRLFs included, still compressed), with
 * which frame carried which bytes. Both are cut at `limit` bytes; the totals say how much there is. */
export interface HttpBody {
  exchange: number
  part: 'request' | 'response'
  contentType: string | null
  /** Codings undone to make `decoded` ("gzip"); empty when the body was plain. */
  codings: string[]
  transferEncoding: string | null
  decoded: Uint8Array
  decodedTotal: number
  wire: Uint8Array
  wireTotal: number
  /** Which frame carried which bytes of `wire` (offsets into the body as sent). */
  segments: { frame: number; offset: number; length: number }[]
  /** Chunked transfer coding: each chunk's size line at `offset` in `wire`, `headerLength` bytes
   * long, followed by `size` bytes of data (the last chunk has size 0). */
  chunks: { offset: number; headerLength: number; size: number }[]
  /** Every byte of the body was captured and the message ended. */
  complete: boolean
  /** Why `decoded` is not the whole body (HTTP_BODY_TOO_LARGE, HTTP_BAD_CONTENT_ENCODING, …). */
  note?: { code: string; message: string }
  limit: number
}

export interface TlsSession {
  connection: number
  sni: string | null
  version: string | null
  cipher: string | null
  clientHelloFrame: number | null
  serverHelloFrame: number | null
  /** The frame that completed the Certificate message (null: none seen, or encrypted as in TLS 1.3). */
  certificateFrame: number | null
  certificates: { subject: string; issuer: string; notAfter?: string }[]
  decrypted: boolean
}

export interface LocalizedText {
  en: string
  ko: string
}

export interface Step {
  index: number
  /** Seconds since frame 1 (steps are ordered by t). */
  t: number
  kind: StepKind
  /** The notes' concept this step shows (see concepts.ts for the bilingual explanation). */
  concept: ConceptId
  /** Specific to this step, e.g. "The root server refers the resolver to the kr. servers". */
  title: LocalizedText
  detail: LocalizedText
  /** Frames that show it (may be empty for steps that have no packets, e.g. socket creation). */
  frames: number[]
  refs: {
    connection?: number
    dns?: number
    resolution?: number
    hop?: number
    http?: number
    tls?: number
  }
}

/** A step without its words: what the analyzer keeps of each step. Its title and detail are
 * written from it on demand (analyzer/steps.ts StepWriter) for the steps something shows or reads:
 * a lesson window, the outline's rows, a search, inspect --json, the text and HTML exports. */
export type StepCore = Omit<Step, 'title' | 'detail'>

/** A step's words: what StepCore leaves out. */
export type StepWords = Pick<Step, 'title' | 'detail'>

export type StepKind =
  | 'url'
  | 'http-request-built'
  | 'ip-anatomy'
  | 'name-lookup'
  | 'dns-query'
  | 'dns-referral'
  /** The priming answer (`. NS` from a root server, RFC 8109): the resolver learns the root servers. */
  | 'dns-root-hints'
  | 'dns-answer'
  | 'dns-cname'
  | 'dns-nxdomain'
  | 'dns-nodata'
  | 'dns-cache-hit'
  | 'dns-lame'
  | 'dns-timeout'
  | 'dns-tcp-fallback'
  | 'socket-create'
  | 'connect'
  | 'tls-handshake'
  | 'send'
  | 'receive'
  | 'http-response'
  | 'http-redirect'
  | 'close'
  /** A request that failed (journal only): where it stopped — finding the address, connect(), the
   * TLS handshake, write() or read() — with which server, and why. */
  | 'fetch-failed'
  /** An http:// URL made https:// by the browser itself (HSTS), journal only: no request. */
  | 'hsts-upgrade'

export interface RecordingInfo {
  /** The experiment the lab was under (journal's recording.experiment); absent for none. */
  experiment?: { id: string; changes: string }
  typedUrl: string
  url: string
  target: 'lab' | 'internet'
  resolverMode: ResolverChoice
  startedAt: string
  packets: 'synthesized' | 'kernel'
  /** Resolver events that have no packets (cache hits, limits), in order. */
  resolverEvents: ResolverEvent[]
  tlsKeyLogLines: number
  /** The recording host's interfaces when it started (the journal's `host` record): the IP pane
   * splits the local address by its real netmask. Empty when the journal has none. */
  interfaces: HostInterface[]
  /** What the recording left out, and why (the journal's `note` records): a page naming more files
   * than a load fetches (RECORD_SUBRESOURCE_LIMIT), a page longer than the part searched for files
   * (RECORD_HTML_SEARCH_LIMIT). Absent when nothing was left out. */
  notes?: { code: string; message: string }[]
}

export interface HostInterface {
  name: string
  address: string
  /** "address/prefix", e.g. "127.0.0.1/8", "192.168.0.7/24". */
  cidr: string
  family: 4 | 6
  /** Loopback and other interfaces that do not leave the machine. */
  internal: boolean
}

/** A packet's decode for the detail pane: layers with a field tree; every field has its absolute
 * byte offset and length in `bytes`, so the hex view can highlight it (Wireshark's tvb, offset,
 * length). Computed fields have length 0 and `generated: true`. */
export interface PacketDetail {
  frame: number
  bytes: Uint8Array
  layers: DecodedLayer[]
  issues: DecodeIssue[]
}

export interface DecodedLayer {
  name: string
  offset: number
  length: number
  fields: DecodedField[]
}

export interface DecodedField {
  /** Filter-style key, e.g. "ip.src", "dns.flags.aa". */
  key: string
  label: string
  offset: number
  length: number
  /** Display text ("Source Address: 127.53.0.1"). */
  display: string
  value?: string | number | boolean
  /** Bit mask within the bytes, for flag fields. */
  mask?: number
  generated?: boolean
  children?: DecodedField[]
}

/** A problem a dissector found in a frame's bytes (Wireshark's expert info): its stable code and
 * the parameters its words need (shared/decode-issues.ts, where every code has its words in English
 * and Korean), where it is, and how bad. */
export type DecodeIssue = CodedIssue & {
  severity: 'note' | 'warning' | 'error'
  /** In English: the code's English words (the window writes the UI's language from code and
   * parameters: decode-issues.ts issueText). */
  message: string
  /** The bytes at fault: the frame's, or — with `inFile` — the capture file's (a record header,
   * which is not part of the frame: the pane cannot highlight them and says where they are). */
  offset: number
  length: number
  layer: string
  inFile?: true
}
