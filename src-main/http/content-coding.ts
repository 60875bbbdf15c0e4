// Content codings (RFC 9110 §8.4): the body as sent is gzip/deflate/br-compressed; the page is what
// decompressing it gives. zlib does the work; the output size is bounded so a small "zip bomb"
// response cannot exhaust memory.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib'
import { HttpError } from './errors.ts'

export interface DecodedContent {
  bytes: Uint8Array
  /** The codings removed, in the order they were undone ("gzip"). Empty when the body was plain. */
  codings: string[]
}

/** Undoes `codings` (a Content-Encoding or non-chunked Transfer-Encoding list, applied left to
 * right by the server, so undone right to left). */
export function decodeContent(body: Uint8Array, codings: string[], maxBytes: number): DecodedContent {
  let bytes = body
  const undone: string[] = []
  for (const coding of [...codings].reverse()) {
    const name = coding.trim().toLowerCase()
    if (name === '' || name === 'identity') continue
    bytes = decodeOne(bytes, name, maxBytes)
    undone.push(name)
  }
  return { bytes, codings: undone }
}

/** Splits a Content-Encoding header value into codings. */
export function parseCodings(header: string | null): string[] {
  if (header === null) return []
  return header.split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '' && c !== 'identity')
}

function decodeOne(bytes: Uint8Array, coding: string, maxBytes: number): Uint8Array {
  const options = { maxOutputLength: maxBytes }
  try {
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return gunzipSync(bytes, options)
      case 'deflate':
        // "deflate" means zlib-wrapped (RFC 9110 §8.4.1.2), but some servers send raw deflate;
        // browsers accept both, so do we.
        try {
          return inflateSync(bytes, options)
        } catch (error) {
          if (isTooLarge(error)) throw error
          return inflateRawSync(bytes, options)
        }
      case 'br':
        return brotliDecompressSync(bytes, options)
      default:
        throw new HttpError('HTTP_UNSUPPORTED_CONTENT_ENCODING', `the body is encoded with "${coding}", which Wiretrail cannot decode (it asked for gzip, deflate)`)
    }
  } catch (error) {
    if (error instanceof HttpError) throw error
    if (isTooLarge(error)) {
      throw new HttpError('HTTP_BODY_TOO_LARGE', `the ${coding}-compressed body (${bytes.length} bytes) expands past the limit of ${maxBytes} bytes`, { limit: maxBytes })
    }
    throw new HttpError('HTTP_BAD_CONTENT_ENCODING', `the body says it is ${coding}-compressed, but it does not decompress: ${(error as Error).message}`, { coding })
  }
}

function isTooLarge(error: unknown): boolean {
  return error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
}
