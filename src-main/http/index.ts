// HTTP/1.1 as the notes describe it (STORY 01 §4–6): the request built as text, the response parsed
// from the bytes in the receive buffer, content codings undone.
export { buildRequest, requestText, HTTP_METHODS, ACCEPT_ENCODING, DEFAULT_USER_AGENT, type HttpMethod, type HttpRequestMessage, type RequestDestination, type RequestOptions } from './request.ts'
export { ResponseParser } from './response-parser.ts'
export { decodeContent, parseCodings, type DecodedContent } from './content-coding.ts'
export { exchange, type ByteConnection, type ExchangeOptions, type HttpExchange, type HttpPhase } from './exchange.ts'
export { HttpError, type HttpErrorCode } from './errors.ts'
export * from './response-types.ts'
