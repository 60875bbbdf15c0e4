// Error codes of the HTTP area (request building, response parsing, content decoding, redirects).
// Messages say what was wrong and where: which line, which header, which byte of the response.
import { WiretrailError } from '../shared/errors.ts'

export type HttpErrorCode =
  | 'HTTP_BAD_METHOD'
  | 'HTTP_BAD_HEADER_VALUE' // a request header the caller gave holds CR/LF or a bad name
  | 'HTTP_BODY_NOT_ALLOWED' // GET/HEAD/TRACE with a body
  | 'HTTP_BAD_STATUS_LINE'
  | 'HTTP_BAD_REQUEST_LINE'
  | 'HTTP_BAD_VERSION' // not <digit>.<digit>, or a version HTTP/1.x does not know
  | 'HTTP_BAD_LINE_ENDING' // a bare CR or LF where CRLF belongs
  | 'HTTP_BAD_HEADER' // a response header line that is not "name: value"
  | 'HTTP_HEADERS_TOO_LARGE'
  | 'HTTP_TOO_MANY_HEADERS'
  | 'HTTP_BAD_CONTENT_LENGTH'
  | 'HTTP_BAD_TRANSFER_ENCODING' // a request whose Transfer-Encoding does not end in chunked
  | 'HTTP_DATA_AFTER_CLOSE' // bytes after a message that closes the connection
  | 'HTTP_BODY_TOO_LARGE'
  | 'HTTP_DECODE_BUDGET' // too many compressed bodies being decompressed at once (the analyzer)
  | 'HTTP_BAD_CHUNK'
  | 'HTTP_TOO_MANY_INFORMATIONAL'
  | 'HTTP_UNSUPPORTED_UPGRADE'
  | 'HTTP_TRUNCATED' // the connection ended before the message did
  | 'HTTP_RESPONSE_TIMEOUT' // no byte for too long, or the whole response took too long
  | 'HTTP_BAD_CONTENT_ENCODING'
  | 'HTTP_UNSUPPORTED_CONTENT_ENCODING'
  | 'HTTP_TOO_MANY_REDIRECTS'
  | 'HTTP_BAD_REDIRECT'
  | 'HTTP_CONNECTION_FAILED'
  | 'HTTP_ABORTED'

export class HttpError extends WiretrailError<HttpErrorCode> {}
