// The resolver's error codes (errors.ts: ResolutionError). Kept apart from errors.ts, whose partial
// result type needs the resolver's Node modules, so that the words for every code
// (shared/error-meanings.ts) can name them.
import type { DnsCode } from '../dns/errors.ts'

export type ResolverCode =
  | DnsCode
  /** Every attempt at every server of a zone went unanswered within the per-server timeout. */
  | 'DNS_TIMEOUT'
  /** The servers of a zone answered, but none usefully (lame, REFUSED, SERVFAIL, malformed…),
   * or the stub server said SERVFAIL. */
  | 'DNS_SERVFAIL'
  /** A zone's servers could not be reached at all: no address known and none could be resolved. */
  | 'DNS_NO_SERVERS'
  /** Every server of a zone that was tried is unreachable from this computer: no route to it
   * (network down, no route for that address family) or sending is forbidden (firewall). */
  | 'DNS_UNREACHABLE'
  /** More referrals than `limits.referrals` in one resolution. */
  | 'DNS_REFERRAL_LIMIT'
  /** More CNAMEs than `limits.cnames`, counting those inside one answer and those across lookups. */
  | 'DNS_CNAME_LIMIT'
  /** A CNAME chain came back to a name already in it. */
  | 'DNS_CNAME_LOOP'
  /** More queries than `limits.queries` for one resolution, its nested resolutions included. */
  | 'DNS_QUERY_LIMIT'
  /** Glueless NS names nested deeper than `limits.depth`, or resolving a name needs itself. */
  | 'DNS_DEPTH_LIMIT'
  /** The whole resolution took longer than `limits.resolutionMs`. */
  | 'DNS_DEADLINE'
  /** Returned only by `requireAddresses`: the name does not exist (resolve() itself answers). */
  | 'DNS_NXDOMAIN'
  /** Returned only by `requireAddresses`: the name exists but has no address of the asked type. */
  | 'DNS_NODATA'
  /** Stub mode without a server: none given and the OS has none configured. */
  | 'DNS_NO_STUB_SERVER'
  /** The root hints file could not be read (missing, a folder, no permission). */
  | 'ROOT_HINTS_UNREADABLE'
  /** The root hints file is not one: a syntax error, other records, no root NS with an address. */
  | 'ROOT_HINTS_INVALID'
