// Error codes of the URL area. Each message names the offending part of the URL and where it is
// (character offsets into the text as typed), so the UI can underline it.
import { WiretrailError } from '../shared/errors.ts'

export type UrlErrorCode =
  | 'URL_EMPTY'
  | 'URL_NO_SCHEME'
  | 'URL_UNSUPPORTED_SCHEME'
  /** ftp:, file:, mailto: are recognised but are other access methods, not loaded by Wiretrail. */
  | 'URL_OTHER_ACCESS_METHOD'
  | 'URL_BAD_SLASHES'
  | 'URL_BAD_USERINFO'
  | 'URL_EMPTY_HOST'
  | 'URL_BAD_HOST'
  | 'URL_BAD_IPV4'
  | 'URL_BAD_IPV6'
  | 'URL_BAD_PORT'
  | 'URL_BAD_PATH'
  /** A dns: URI (RFC 4501) that names no lookup Wiretrail can record. */
  | 'URL_BAD_DNS_URI'

export class UrlError extends WiretrailError<UrlErrorCode> {}

/** Where in the typed text a problem lies: [start, end) character offsets. */
export function urlError(code: UrlErrorCode, message: string, part: string, start: number, end: number, extra?: Record<string, unknown>): UrlError {
  return new UrlError(code, message, { part, start, end, ...extra })
}
