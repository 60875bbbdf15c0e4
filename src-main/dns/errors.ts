// Error codes of the DNS wire/presentation helpers (src-main/dns). Stable: tests and callers
// compare them.
export type DnsCode =
  /** A query name that cannot be encoded (empty label, label > 63 octets, name > 255 octets). */
  | 'DNS_BAD_NAME'
  /** A record type the engine does not know by name (and not written as TYPEnnn). */
  | 'DNS_BAD_TYPE'
  /** Presentation-format record data that does not parse for its type. */
  | 'DNS_BAD_RDATA'
