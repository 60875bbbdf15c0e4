// What a recording loads, decided from the address bar's text before anything else happens (no
// lab started, no file created, no question about an unsaved recording asked): an http(s) page,
// taken apart by the one URL parser, or a DNS lookup on its own, written as a dns: URI (RFC 4501,
// "dns:cyber.co.kr?type=MX"; the record type is checked by the resolver's own parser). Anything
// else is refused with the parser's coded error (an ftp: URL gets URL_OTHER_ACCESS_METHOD and its
// explanation); so is a method or form given with a lookup, which sends no HTTP request, and a
// name a browser accepts but DNS cannot carry (an empty label "a..b", a label over 63 octets):
// DNS_BAD_NAME, before any query, as the resolver would refuse it anyway.
import { validateQueryName } from '../dns/names.ts'
import { parseRecordType } from '../dns/records.ts'
import { WiretrailError } from '../shared/errors.ts'
import { isDnsUri, parseDnsUri, parseLoadableUrl, type DnsLookupUri, type WebUrl } from '../url/index.ts'

export type RecordTarget = { kind: 'page'; url: WebUrl } | { kind: 'lookup'; lookup: DnsLookupUri }

export function parseRecordTarget(text: string, request: { method?: string; form?: unknown[] } = {}): RecordTarget {
  if (!isDnsUri(text)) {
    const url = parseLoadableUrl(text)
    if (url.hostKind === 'name') validateQueryName(url.hostAscii)
    return { kind: 'page', url }
  }
  const lookup = parseDnsUri(text)
  validateQueryName(lookup.name)
  const qtype = parseRecordType(lookup.qtype)
  if ((request.method !== undefined && request.method !== 'GET') || request.form !== undefined) {
    throw new WiretrailError('RECORD_BAD_OPTION', `${lookup.href} is a DNS lookup: it sends no HTTP request, so it takes no method or form`)
  }
  return { kind: 'lookup', lookup: { ...lookup, qtype, href: `dns:${lookup.name}?type=${qtype}` } }
}
