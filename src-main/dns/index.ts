// DNS wire and presentation helpers over dns-packet, shared by the resolver, the lab's servers and
// the analyzer: canonical names and bailiwick tests, record views in zone-file text, query
// encoding, never-throwing decoding, and DNS-over-TCP framing.
export * from './names.ts'
export * from './records.ts'
export * from './message.ts'
export type { DnsCode } from './errors.ts'
