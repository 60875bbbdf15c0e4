// Error codes of the URL area. Each message names the offending part of the URL and where it is
// (character offsets into the text as typed), so the UI can underline it. An http:/https: URL is
// refused only where a browser refuses it (the WHATWG URL standard, checked against the
// web-platform-tests suite in test/url/wpt-url.test.ts).
import { WiretrailError } from '../shared/errors.ts'

export type UrlErrorCode =
  | 'URL_EMPTY'
  | 'URL_NO_SCHEME'
  | 'URL_UNSUPPORTED_SCHEME'
  /** ftp:, file:, mailto: are recognised but are other access methods, not loaded by Wiretrail. */
  | 'URL_OTHER_ACCESS_METHOD'
  | 'URL_EMPTY_HOST'
  | 'URL_BAD_HOST'
  | 'URL_BAD_IPV4'
  | 'URL_BAD_IPV6'
  | 'URL_BAD_PORT'
  /** Refused by the browser's parser for a reason none of the codes above names (none known). */
  | 'URL_INVALID'
  /** A dns: URI (RFC 4501) that names no lookup Wiretrail can record. */
  | 'URL_BAD_DNS_URI'

export class UrlError extends WiretrailError<UrlErrorCode> {}

/** Where in the typed text a problem lies: [start, end) character offsets. */
export function urlError(code: UrlErrorCode, message: string, part: string, start: number, end: number, extra?: Record<string, unknown>): UrlError {
  return new UrlError(code, message, { part, start, end, ...extra })
}
