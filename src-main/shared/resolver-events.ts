// What the resolver engine emits, one event per state-machine step (as Unbound's iterator moves
// between states). Pure types: the recorder journals these events, the analyzer reads them back
// from the journal (cache hits and socket-less steps are not in the packets), and the renderer
// shows them. Ownership: the resolver area owns this file; changes are additive only.
import type { DnsResolverRole, DnsServerRole } from './dns-roles.ts'

export type { DnsResolverRole, DnsServerRole } from './dns-roles.ts'

/** How a recording resolves names (the app's setting, `record --resolver`, the journal):
 *  - 'nearby' ("as in the notes", the lab's default): this computer's resolver asks the nearby DNS
 *    server (RD=1), which walks the hierarchy (RD=0); the lab's nearby server runs in the app, so
 *    the recording holds both legs
 *  - 'iterative' ("iterative from this computer", the `dig +trace` view): this computer walks from
 *    the root itself
 *  - 'stub' ("stub to another server"): this computer asks one recursive server (RD=1) and sees only
 *    that question and its answer, not the server's walk */
export type ResolverChoice = 'nearby' | 'iterative' | 'stub'

/** How a response was classified, by the one classifier (src-main/dns/classify.ts, which maps each
 * word to Unbound's iter_resptype.h), or what happened instead of a response. The same words are
 * shown by `wiretrail resolve --json` (docs/resolve-json.md), the analyzer's resolution hops and
 * DNS transactions, and the UI. */
export type HopOutcome =
  | 'answer' // ANSWER: the question's RRset (or a final answer after CNAMEs)
  | 'referral' // REFERRAL: NS records for a zone closer to the name, with or without glue
  | 'cname' // CNAME: an alias the server could not follow: resolution restarts at the target
  | 'nxdomain' // ANSWER (NXDOMAIN): the name does not exist (SOA in authority: negative-cache it)
  | 'nodata' // ANSWER (NODATA): the name exists, but not with this type
  | 'lame' // LAME / REC_LAME: the server knows nothing of the zone it was asked as (an upward or
  //          sideways referral), or answered without AA when asked iteratively
  | 'timeout' // no answer within the per-server timeout
  | 'cache' // answered from a cache, no packet sent
  | 'throwaway' // THROWAWAY: meaningless here (REFUSED — a lame delegation —, SERVFAIL, FORMERR…; a
//                 referral from a server asked to recurse), or no answer possible (port unreachable,
//                 TCP refused): try another server

export type DnsTransport = 'udp' | 'tcp'

/** One resource record as the walkthrough shows it. `data` is presentation format
 * ("192.0.2.226", "10 mail.cyber.co.kr.", "\"v=spf1 -all\""). Names are absolute, with the final dot. */
export interface DnsRecordView {
  name: string
  type: string
  class: string
  ttl: number
  data: string
}

export interface DnsServerRef {
  /** The server's address as the referral gave it (lab mode maps it to a loopback address:port). */
  address: string
  port: number
  /** The server's name, when known (from the NS record). */
  name?: string
  /** What it is in this resolution, when known (shared/dns-roles.ts): the nearby DNS server, another
   * recursive server, or a root / TLD / zone server asked iteratively. */
  role?: DnsServerRole
}

/** What a resolution used a cache entry for (the cache-hit event's `use`). */
export type CacheHitUse = 'answer' | 'alias' | 'delegation'

interface ResolverEventBase {
  /** Epoch milliseconds with sub-ms fraction (same clock as the socket tap). */
  at: number
  /** Id of the resolution this event belongs to; nested (glueless NS) resolutions get their own id
   * and name their parent. */
  resolutionId: string
}

export type ResolverEvent =
  | (ResolverEventBase & {
      kind: 'start'
      qname: string
      qtype: string
      mode: 'iterative' | 'stub'
      /** Who asks: this computer's resolver (stub), this computer walking from the root, or the
       * nearby DNS server walking for a client. */
      resolver?: DnsResolverRole
      /** The nearby DNS server only: the client's question this resolution answers (the stub leg's
       * query, which the capture holds as frames to and from the nearby server). */
      forQuery?: { client: { address: string; port: number }; server: { address: string; port: number }; id: number; transport: DnsTransport }
      /** Set for a sub-resolution (the address of a glueless NS name). */
      parentResolutionId?: string
      purpose?: string
    })
  | (ResolverEventBase & {
      kind: 'query-sent'
      server: DnsServerRef
      /** The zone this server was chosen for ("." for a root server, "kr." …). */
      zone: string
      qname: string
      qtype: string
      transport: DnsTransport
      /** The 16-bit message id (random per query, RFC 5452). */
      id: number
      /** The socket (see sockets/tap.ts) that carried it, to tie the event to its packets. */
      socketId: string
      recursionDesired: boolean
    })
  | (ResolverEventBase & {
      kind: 'response'
      server: DnsServerRef
      zone: string
      id: number
      transport: DnsTransport
      outcome: HopOutcome
      rcode: string
      authoritative: boolean
      truncated: boolean
      rttMs: number
      answers: DnsRecordView[]
      /** For a referral: the delegated zone and its servers (with glue addresses when given). */
      referral?: { zone: string; servers: { name: string; addresses: string[] }[] }
      /** For a CNAME: the alias target. */
      cnameTarget?: string
      /** Why a response was thrown away or a server judged lame. */
      reason?: string
    })
  | (ResolverEventBase & {
      kind: 'cache-hit'
      /** The cached entry's name and type: the question itself, a CNAME on the way to it, or the
       * NS RRset of a zone above it (then `use` is 'delegation'). */
      qname: string
      qtype: string
      /** What the resolution used the entry for (absent in journals written before it was told;
       * readers infer it from the name and type): 'answer' ends the resolution, 'alias' follows a
       * CNAME, 'delegation' is where the walk starts — the closest zone whose servers the cache
       * knows — so the queries after it are still sent. */
      use?: CacheHitUse
      /** True for a cached "does not exist" / "no such type" (RFC 2308). */
      negative: boolean
      negativeKind?: 'nxdomain' | 'nodata'
      /** Seconds of TTL left at the time of the hit. */
      ttlLeft: number
      /** The TTL the entry was stored with, and how long ago (ms) it was stored: ttlLeft is the
       * first counted down by the second. */
      storedTtl?: number
      ageMs?: number
      /** Whose cache: this computer's resolver (the browser's host cache), or the nearby DNS server's. */
      cache?: DnsResolverRole
      /** The records as they are answered now: each TTL counted down to what is left. */
      records: DnsRecordView[]
    })
  | (ResolverEventBase & { kind: 'timeout'; server: DnsServerRef; zone: string; attempt: number; timeoutMs: number })
  /** A datagram/message arrived on the query's socket that is not its answer (wrong id, question or
   * source; malformed): RFC 5452 says ignore it; the query keeps waiting until its timeout. */
  | (ResolverEventBase & { kind: 'discarded'; server: DnsServerRef; zone: string; id: number; transport: DnsTransport; reason: string })
  /** The query could not be answered at all: ICMP port unreachable, TCP refused/reset/closed early. */
  | (ResolverEventBase & { kind: 'query-error'; server: DnsServerRef; zone: string; id: number; transport: DnsTransport; reason: string; rttMs: number })
  | (ResolverEventBase & { kind: 'retry'; server: DnsServerRef; zone: string; reason: string })
  /** A server not asked at all: this computer has no route to its address (an IPv6 address on a
   * network without IPv6). Nothing was sent; the resolver moves on to the next server. */
  | (ResolverEventBase & { kind: 'skipped'; server: DnsServerRef; zone: string; reason: string })
  | (ResolverEventBase & {
      kind: 'tcp-fallback'
      server: DnsServerRef
      zone: string
      reason: string
      /** The id of the UDP query that came back with TC=1, and how long that took. */
      id?: number
      rttMs?: number
    })
  | (ResolverEventBase & { kind: 'cache-store'; qname: string; qtype: string; ttl: number; negative: boolean })
  | (ResolverEventBase & { kind: 'limit'; reason: string; limit: string })
  | (ResolverEventBase & {
      kind: 'done'
      qname: string
      qtype: string
      rcode: string
      answers: DnsRecordView[]
      /** Whether the final answer came from the authoritative server (AA=1) or from the cache. */
      source: 'authoritative' | 'cache' | 'recursive'
      error?: { code: string; message: string }
    })
