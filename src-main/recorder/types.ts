// What recordPageLoad takes and gives (docs/ARCHITECTURE.md "Module entry points").
import type { HttpMethod, ResponseLimits } from '../http/index.ts'
import type { LabOptions, RunningLab } from '../lab/index.ts'
import type { RootHints } from '../resolver/index.ts'
import type { DnsServerRef, ResolverChoice } from '../shared/resolver-events.ts'
import type { WiretrailErrorJson } from '../shared/errors.ts'
import type { RecordedExperiment } from '../shared/journal.ts'
import type { CaptureFormat } from './capture-file/types.ts'
import type { FetchRecord } from './page-loader.ts'

export type RecordStage = 'starting-lab' | 'resolving' | 'connecting' | 'transferring' | 'writing' | 'done'

export interface RecordProgress {
  stage: RecordStage
  /** One line for people: "resolving www.lab.cyber.co.kr", "GET http://…/gazou.jpg". */
  message: string
  /** What the line is about, the same in every language (a host, an address, a URL, a file), for
   * a UI that says the stage in its own words and then this (services/engine-progress.ts). */
  subject?: string
  /** Frames written so far. */
  frames: number
}

export interface RecordOptions {
  /** The URL as typed: an http(s) page, or a dns: URI (RFC 4501, "dns:cyber.co.kr?type=MX") for a
   * DNS lookup recorded on its own (no web server contacted; an MX lookup also asks for the mail
   * server's address). */
  url: string
  /** Default 'lab'. In lab mode only loopback addresses are contacted. */
  target?: 'lab' | 'internet'
  /** Default: 'nearby' for the lab (this computer asks the lab's nearby DNS server, which walks from
   * the lab root: both legs are recorded), 'iterative' for the internet (this computer walks from
   * the root hints). 'nearby' is the lab's only: its nearby server runs in this process. */
  resolverMode?: ResolverChoice
  /** Iterative roots, as refs or "ip[:port]" texts; used as given (no priming);
   * default the lab's (lab) or the root hints (internet). */
  roots?: (DnsServerRef | string)[]
  /** Internet target: the root hints to prime from (RFC 8109), parsed or as a file path (read
   * before anything is recorded); default IANA's named.root, built in. */
  rootHints?: RootHints | string
  /** Stub server; default the lab's local DNS server (lab) or the OS's (internet). */
  stub?: DnsServerRef | string
  /** The capture file to write; the journal goes beside it as `<output>.wiretrail.jsonl`. */
  output: string
  /** Default 'pcap'. */
  format?: CaptureFormat
  /** A running lab to use; when absent and target is 'lab', one is started and stopped again. */
  lab?: RunningLab
  /** Options for the lab started when `lab` is absent (tests pass their own address block). */
  labOptions?: LabOptions
  /** The experiment `lab` is under (the caller started it, src-main/lab/experiments/): written
   * in the journal's recording record. */
  experiment?: RecordedExperiment
  /** 'synthesized' (default): Wiretrail writes the frames from its socket events. 'kernel': the
   * kernel's packets via tcpdump (fails with KERNEL_CAPTURE_UNAVAILABLE where not permitted). */
  packets?: 'synthesized' | 'kernel'
  /** The main document's method (default GET), its form fields (POST) or its body (PUT: the file's
   * new content, sent as text/plain; charset=utf-8); checked first (record-target.ts). */
  method?: HttpMethod
  form?: [string, string][]
  body?: string
  limits?: Partial<ResponseLimits>
  idleTimeoutMs?: number
  totalTimeoutMs?: number
  connectTimeoutMs?: number
  onProgress?: (progress: RecordProgress) => void
  signal?: AbortSignal
}

export interface HostLookup {
  host: string
  addresses: string[]
  /** 'cache' when the resolver answered from its cache (the second lookup of a name). */
  source: 'authoritative' | 'cache' | 'recursive' | 'literal'
  /** Servers asked (0 for a cache hit or an address literal). */
  queries: number
  error?: WiretrailErrorJson
}

export interface RecordResult {
  /** False when the page itself could not be loaded (the capture is still valid and complete). */
  ok: boolean
  error?: WiretrailErrorJson
  output: string
  journal: string
  format: CaptureFormat
  packets: 'synthesized' | 'kernel'
  /** Frames in the capture (synthesized: exact; kernel: as tcpdump reported, or null). */
  frames: number | null
  typedUrl: string
  /** The URL loaded (lab mode: with the lab's port when typed without one). */
  url: string
  target: 'lab' | 'internet'
  resolverMode: ResolverChoice
  document: FetchRecord[]
  subresources: FetchRecord[]
  lookups: HostLookup[]
  /** TCP connections opened for HTTP(S). */
  connections: number
  tlsKeyLogLines: number
  startedAt: string
  durationMs: number
  /** Things that did not stop the load but should be known (tap problems, skipped frames). */
  warnings: string[]
}
