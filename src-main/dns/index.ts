// DNS in one place, shared by the resolver, the lab's servers and the analyzer: the type table
// (types.ts), the one reader with byte offsets (wire.ts) and presentation printer (rdata.ts),
// encoding with dns-packet (message.ts), record views (records.ts), canonical names and bailiwick
// tests (names.ts), DNS-over-TCP framing (tcp-framing.ts) and the response classifier
// (classify.ts).
export * from './names.ts'
export * from './records.ts'
export * from './message.ts'
export * from './types.ts'
export * from './tcp-framing.ts'
export * from './classify.ts'
export { readMessage, readName, type DnsLayout, type DnsProblem, type RecordLayout, type QuestionLayout } from './wire.ts'
export type { DnsCode } from './errors.ts'
