// What the response parser produces (STORY 01 §5 (b)): status line, header fields, blank line, body.

export interface ResponseHead {
  /** "HTTP/1.1" */
  version: string
  status: number
  reason: string
  statusLine: string
  headers: [string, string][]
  /** Bytes from the first byte of the status line to the end of the blank line. */
  headLength: number
}

/** How the body's end is found (RFC 9112 §6.3). */
export type BodyFraming = 'content-length' | 'chunked' | 'close-delimited' | 'no-body'

export interface ParsedResponse extends ResponseHead {
  /** 1xx responses that came before the final one (100 Continue, 103 Early Hints). */
  informational: ResponseHead[]
  framing: BodyFraming
  /** Transfer codings besides chunked, outermost last ("gzip" in "Transfer-Encoding: gzip, chunked"). */
  transferCodings: string[]
  /** The body after removing chunked framing: still content-encoded (gzip …). */
  body: Uint8Array
  /** Chunk sizes in order, for a chunked body (the last, 0, included). */
  chunkSizes: number[]
  trailers: [string, string][]
  /** Bytes of this response on the wire (informational responses included). */
  wireLength: number
  /** The connection may carry another request (keep-alive) after this response. */
  keepAlive: boolean
}

export interface ResponseLimits {
  /** Status line plus headers (each head, informational ones included). */
  maxHeadBytes: number
  maxHeaders: number
  maxBodyBytes: number
  maxInformational: number
  /** One chunk-size line, extensions included. */
  maxChunkLineBytes: number
}

export const DEFAULT_RESPONSE_LIMITS: ResponseLimits = {
  maxHeadBytes: 64 * 1024,
  maxHeaders: 100,
  maxBodyBytes: 64 * 1024 * 1024,
  maxInformational: 10,
  maxChunkLineBytes: 4096,
}

/** Case-insensitive lookup of all values of a header field. */
export function headerValues(headers: [string, string][], name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

export function headerValue(headers: [string, string][], name: string): string | null {
  const values = headerValues(headers, name)
  return values.length === 0 ? null : values.join(', ')
}
