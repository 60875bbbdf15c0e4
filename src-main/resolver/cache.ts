// The resolver's cache (the notes' STORY 03 §4): RRsets keyed by name/type/class, each with a TTL
// that counts down on an injectable clock, plus negative entries ("no such name", "no such type")
// kept for min(SOA TTL, SOA MINIMUM) as RFC 2308 §5 says.
//
// Every entry carries how far it can be trusted (RFC 2181 §5.4.1, simplified): glue from a
// referral's additional section < NS records from a referral's authority section < an answer
// relayed by a recursive server (stub mode) < an authoritative answer (AA=1). Lower trust never
// overwrites higher trust that is still alive, and only answers (not glue or referral NS) are ever
// returned as answers; glue and referral NS only tell the iterator whom to ask next.
import type { DnsRecordView } from '../shared/resolver-events.ts'
import { canonicalName } from '../dns/names.ts'

export type CacheTrust = 'glue' | 'referral' | 'recursive' | 'answer'
const TRUST_RANK: Record<CacheTrust, number> = { glue: 1, referral: 2, recursive: 3, answer: 4 }

export type NegativeKind = 'nxdomain' | 'nodata'

/** Type used in the key of an NXDOMAIN entry: the name does not exist for any type. */
export const ANY_TYPE = '*'

export interface CacheEntry {
  name: string
  /** Record type, or "*" for NXDOMAIN (applies to every type). */
  type: string
  class: string
  trust: CacheTrust
  negative: NegativeKind | null
  /** The RRset (TTLs as received), or for a negative entry the SOA that justified it. */
  records: DnsRecordView[]
  /** Seconds the entry was stored for. */
  ttl: number
  /** Clock time (ms) at which it expires. */
  expiresAt: number
}

export interface CacheHit {
  entry: CacheEntry
  /** Seconds left (rounded up, as dig shows right after a store). */
  ttlLeft: number
  /** The records with their TTL counted down to `ttlLeft`. */
  records: DnsRecordView[]
  /** Milliseconds since the entry was stored. */
  ageMs: number
}

export interface DnsCacheOptions {
  /** Monotonic milliseconds. Default `performance.now`. */
  clock?: () => number
  /** Longest time anything is kept (Unbound's cache-max-ttl default). */
  maxTtl?: number
  /** Longest time a negative answer is kept (Unbound's cache-max-negative-ttl default). */
  maxNegativeTtl?: number
  /** Entries kept; the oldest stored goes first when full. */
  maxEntries?: number
}

export class DnsCache {
  readonly clock: () => number
  private readonly maxTtl: number
  private readonly maxNegativeTtl: number
  private readonly maxEntries: number
  private readonly entries = new Map<string, CacheEntry>()

  constructor(options: DnsCacheOptions = {}) {
    this.clock = options.clock ?? (() => performance.now())
    this.maxTtl = options.maxTtl ?? 86_400
    this.maxNegativeTtl = options.maxNegativeTtl ?? 3_600
    this.maxEntries = options.maxEntries ?? 10_000
  }

  /** The live entry for name/type (any trust), counting its TTL down; expired entries are dropped. */
  get(name: string, type: string): CacheHit | undefined {
    const key = cacheKey(name, type)
    const entry = this.entries.get(key)
    if (entry === undefined) return undefined
    const leftMs = entry.expiresAt - this.clock()
    if (leftMs <= 0) {
      this.entries.delete(key)
      return undefined
    }
    const ttlLeft = Math.ceil(leftMs / 1000)
    const records = entry.records.map((r) => ({ name: r.name, type: r.type, class: r.class, ttl: Math.min(r.ttl, ttlLeft), data: r.data }))
    return { entry, ttlLeft, records, ageMs: entry.ttl * 1000 - leftMs }
  }

  /** A live entry usable as an answer: trust at least `minTrust` (glue and referral NS never are). */
  getAnswer(name: string, type: string, minTrust: CacheTrust = 'recursive'): CacheHit | undefined {
    const hit = this.get(name, type)
    return hit !== undefined && TRUST_RANK[hit.entry.trust] >= TRUST_RANK[minTrust] ? hit : undefined
  }

  /**
   * Stores records (grouped into RRsets by name and type) at `trust`. Returns the RRsets stored;
   * an RRset is skipped when it has a TTL of 0, or when a live entry of higher trust exists.
   */
  storeRecords(records: DnsRecordView[], trust: CacheTrust): CacheEntry[] {
    const groups = new Map<string, DnsRecordView[]>()
    for (const record of records) {
      const key = cacheKey(record.name, record.type)
      const group = groups.get(key)
      if (group === undefined) groups.set(key, [record])
      else if (!group.some((r) => r.data === record.data)) group.push(record)
    }
    const stored: CacheEntry[] = []
    for (const [key, group] of groups) {
      const first = group[0]!
      // RFC 2181 §5.2: the records of an RRset share one TTL; use the smallest if they disagree.
      const ttl = Math.min(this.maxTtl, ...group.map((r) => r.ttl))
      if (ttl <= 0 || !this.mayReplace(key, trust)) continue
      const entry: CacheEntry = {
        name: canonicalName(first.name),
        type: first.type,
        class: first.class,
        trust,
        negative: null,
        records: group.map((r) => ({ ...r, name: canonicalName(r.name), ttl })),
        ttl,
        expiresAt: this.clock() + ttl * 1000,
      }
      this.put(key, entry)
      // A name that now has data no longer "does not exist".
      if (trust === 'answer' || trust === 'recursive') this.entries.delete(cacheKey(entry.name, ANY_TYPE))
      stored.push(entry)
    }
    return stored
  }

  /**
   * Stores "does not exist" (NXDOMAIN: for every type of `name`) or "no such type" (NODATA) for
   * min(SOA TTL, SOA MINIMUM) (RFC 2308 §5). Without an SOA nothing is stored (RFC 2308 §5: the
   * answer must not be cached). Returns the entry, or undefined when nothing was stored.
   */
  storeNegative(name: string, type: string, kind: NegativeKind, soa: DnsRecordView | undefined, trust: CacheTrust): CacheEntry | undefined {
    if (soa === undefined) return undefined
    const minimum = Number(soa.data.split(/\s+/)[6])
    const ttl = Math.min(this.maxNegativeTtl, soa.ttl, Number.isFinite(minimum) ? minimum : soa.ttl)
    const keyType = kind === 'nxdomain' ? ANY_TYPE : type
    const key = cacheKey(name, keyType)
    if (ttl <= 0 || !this.mayReplace(key, trust)) return undefined
    const entry: CacheEntry = {
      name: canonicalName(name),
      type: keyType,
      class: 'IN',
      trust,
      negative: kind,
      records: [{ ...soa, ttl }],
      ttl,
      expiresAt: this.clock() + ttl * 1000,
    }
    this.put(key, entry)
    return entry
  }

  /** Everything alive, oldest first (for tests, the UI and `wiretrail resolve --cache`). */
  snapshot(): (CacheEntry & { ttlLeft: number })[] {
    const now = this.clock()
    const out: (CacheEntry & { ttlLeft: number })[] = []
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key)
      else out.push({ ...entry, ttlLeft: Math.ceil((entry.expiresAt - now) / 1000) })
    }
    return out
  }

  get size(): number {
    return this.entries.size
  }

  clear(): void {
    this.entries.clear()
  }

  private mayReplace(key: string, trust: CacheTrust): boolean {
    const existing = this.entries.get(key)
    if (existing === undefined || existing.expiresAt <= this.clock()) return true
    return TRUST_RANK[trust] >= TRUST_RANK[existing.trust]
  }

  private put(key: string, entry: CacheEntry): void {
    this.entries.delete(key) // re-insert so Map order is store order (oldest first for eviction)
    this.entries.set(key, entry)
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next()
      if (!oldest.done) this.entries.delete(oldest.value)
    }
  }
}

export function cacheKey(name: string, type: string): string {
  return `${canonicalName(name)}|${type}|IN`
}
