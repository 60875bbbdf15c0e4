// What a recording loads, decided from the address bar's text before anything else happens (no
// lab started, no file created, no question about an unsaved recording asked): an http(s) page,
// taken apart by the one URL parser, or a DNS lookup on its own, written as a dns: URI (RFC 4501,
// "dns:cyber.co.kr?type=MX"; the record type is checked by the resolver's own parser). Anything
// else is refused with the parser's coded error (an ftp: URL gets URL_OTHER_ACCESS_METHOD and its
// explanation); so is a method or form given with a lookup, which sends no HTTP request, and a
// name a browser accepts but DNS cannot carry (an empty label "a..b", a label over 63 octets):
// DNS_BAD_NAME, before any query, as the resolver would refuse it anyway. The page's method is
// one of RECORD_METHODS (RECORD_UNSUPPORTED_METHOD otherwise), and carries a message body only as
// its method sends one — POST a form, PUT a body (RECORD_BODY_NOT_ALLOWED otherwise).
import { validateQueryName } from '../dns/names.ts'
import { parseRecordType } from '../dns/records.ts'
import type { HttpMethod } from '../http/index.ts'
import { RECORD_METHODS, type RecordMethod } from '../shared/api.ts'
import { WiretrailError } from '../shared/errors.ts'
import { isDnsUri, parseDnsUri, parseLoadableUrl, type DnsLookupUri, type WebUrl } from '../url/index.ts'
import { RecorderError } from './errors.ts'

export type RecordTarget = { kind: 'page'; url: WebUrl } | { kind: 'lookup'; lookup: DnsLookupUri }

/** What a request may carry besides its URL. */
export interface RecordRequestParts {
  method?: string
  form?: unknown[]
  body?: unknown
}

// The API's methods are what the HTTP request builder sends (a compile error here when one lacks one).
const _everyMethodIsSent: HttpMethod = '' as RecordMethod
void _everyMethodIsSent

/** The method (default GET), checked with what it carries: RECORD_UNSUPPORTED_METHOD for a method
 * the recorder does not send, RECORD_BODY_NOT_ALLOWED for a form or body it would not carry. */
export function checkRecordMethod(request: RecordRequestParts): RecordMethod {
  const method = request.method ?? 'GET'
  if (!(RECORD_METHODS as readonly string[]).includes(method)) {
    throw new RecorderError('RECORD_UNSUPPORTED_METHOD', `${JSON.stringify(method)} is not a method Wiretrail records; it records ${RECORD_METHODS.join(', ')}`, { method })
  }
  const checked = method as RecordMethod
  if (request.form !== undefined && checked !== 'POST') {
    throw new RecorderError('RECORD_BODY_NOT_ALLOWED', `a form is sent as a POST's message body: give method "POST" with it (got "${checked}")`, { method: checked })
  }
  if (request.body !== undefined && checked !== 'PUT') {
    const why = checked === 'POST' ? "a POST sends its form's fields as its body: give them as the form" : checked === 'TRACE' ? 'a TRACE request carries no content (RFC 9110 §9.3.8)' : `a ${checked} request carries no message body here`
    throw new RecorderError('RECORD_BODY_NOT_ALLOWED', `${why}; only PUT sends a body (the file's new content)`, { method: checked })
  }
  return checked
}

export function parseRecordTarget(text: string, request: RecordRequestParts = {}): RecordTarget {
  if (!isDnsUri(text)) {
    checkRecordMethod(request)
    const url = parseLoadableUrl(text)
    if (url.hostKind === 'name') validateQueryName(url.hostAscii)
    return { kind: 'page', url }
  }
  const lookup = parseDnsUri(text)
  validateQueryName(lookup.name)
  const qtype = parseRecordType(lookup.qtype)
  if ((request.method !== undefined && request.method !== 'GET') || request.form !== undefined || request.body !== undefined) {
    throw new WiretrailError('RECORD_BAD_OPTION', `${lookup.href} is a DNS lookup: it sends no HTTP request, so it takes no method, form or body`)
  }
  return { kind: 'lookup', lookup: { ...lookup, qtype, href: `dns:${lookup.name}?type=${qtype}` } }
}
