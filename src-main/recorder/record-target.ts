// What a recording loads, decided from the address bar's text before anything else happens (no
// lab started, no file created, no question about an unsaved recording asked): an http(s) page,
// taken apart by the one URL parser, or a DNS lookup on its own, written as a dns: URI (RFC 4501,
// "dns:cyber.co.kr?type=MX"; the record type is checked by the resolver's own parser). Anything
// else is refused with the parser's coded error (an ftp: URL gets URL_OTHER_ACCESS_METHOD and its
// explanation); so is a method or form given with a lookup, which sends no HTTP request.
import { parseRecordType } from '../dns/records.ts'
import { WiretrailError } from '../shared/errors.ts'
import { isDnsUri, parseDnsUri, parseLoadableUrl, type DnsLookupUri, type WebUrl } from '../url/index.ts'

export type RecordTarget = { kind: 'page'; url: WebUrl } | { kind: 'lookup'; lookup: DnsLookupUri }

export function parseRecordTarget(text: string, request: { method?: string; form?: unknown[] } = {}): RecordTarget {
  if (!isDnsUri(text)) return { kind: 'page', url: parseLoadableUrl(text) }
  const lookup = parseDnsUri(text)
  const qtype = parseRecordType(lookup.qtype)
  if ((request.method !== undefined && request.method !== 'GET') || request.form !== undefined) {
    throw new WiretrailError('RECORD_BAD_OPTION', `${lookup.href} is a DNS lookup: it sends no HTTP request, so it takes no method or form`)
  }
  return { kind: 'lookup', lookup: { ...lookup, qtype, href: `dns:${lookup.name}?type=${qtype}` } }
}
