// Two recordings of the same page side by side (issue 14 §1, cold vs warm): what each lookup and
// connection cost in each, what disappeared in the later one (the referral chain when a cache
// answered, a TCP handshake when a connection was reused) and the time saved. Made in one place
// from two walkthroughs (src-main/analyzer/compare.ts); the app's Experiments bar draws it.

/** How a lookup was answered, as the walkthrough's resolution chain shows it. */
export type LookupAnswer =
  /** The resolver walked down the hierarchy (referrals in `zones`). */
  | 'walk'
  /** A cache answered: this computer's stub, this computer iterating, or the nearby DNS server. */
  | 'cache-stub'
  | 'cache-iterative'
  | 'cache-nearby'
  /** Asked a recursive server whose own walk the capture does not hold. */
  | 'recursive'

export interface ComparedLookup {
  qname: string
  qtype: string
  answer: LookupAnswer
  /** The zones asked on the way down, in order ([] when a cache answered). */
  zones: string[]
  /** From the first question to the last answer of the chain (0 for a cache hit with no packet;
   * null when the chain has no answered hop). */
  ms: number | null
}

export interface ComparedConnection {
  /** "ip:port" of the server. */
  server: string
  /** Whether the TCP three-way handshake is in the capture (a reused connection has none). */
  handshake: boolean
  /** SYN to the handshake's last ACK, when it is there. */
  handshakeMs: number | null
}

/** One recording as the comparison needs it (kept by main after the recording is opened). */
export interface RecordingSummary {
  fileName: string
  url: string | null
  /** First frame to last. */
  durationMs: number
  /** The top-level lookups in the order they were made (sub-resolutions are part of their walk). */
  lookups: ComparedLookup[]
  connections: ComparedConnection[]
}

/** A lookup of the first recording against the same question in the second (null: not asked there). */
export interface LookupRow {
  qname: string
  qtype: string
  first: ComparedLookup | null
  second: ComparedLookup | null
  /** The zones asked in the first and not in the second (the referral chain a cache made unneeded). */
  disappeared: string[]
  /** first.ms − second.ms, when both are known. */
  savedMs: number | null
}

export interface ConnectionRow {
  server: string
  first: ComparedConnection | null
  second: ComparedConnection | null
}

export interface WalkthroughComparison {
  first: RecordingSummary
  second: RecordingSummary
  lookups: LookupRow[]
  connections: ConnectionRow[]
  /** What the second recording did not need: every zone no longer asked, and how many handshakes fewer. */
  disappeared: { zones: string[]; handshakes: number }
  /** DNS: the sum of the lookups' savedMs; total: the difference of the durations. */
  savedMs: { dns: number; total: number }
}
