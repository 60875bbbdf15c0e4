// Stream positions as doubles in the pass's per-connection objects from the start.
//
// V8 keeps a field that has only ever held integers below 2^31 as a small integer in every object
// of its class. The first larger number stored there turns the field into a double for the class,
// and every object made before is migrated, one by one, the next time it is touched (a field
// loaded from an object that was not migrated yet also misses V8's inline caches). Stream
// positions pass 2^31 in a TCP stream of more than 2 GiB, or after a hole before a segment far
// ahead in sequence space (a port reused without a handshake: on the analyzer bench's 5 M-packet
// capture, copies' client ports meet). There, late in the pass, 184 000 TCP directions and
// 109 000 HTTP readers and their framers were migrated, most of them in the pass's flush (which
// touches every connection): ≈ 0.35 s of the analyzer's thread in the migrations alone, ≈ 1 s
// with what followed from them; on the 1 M-packet capture, none. One object of each of those
// classes is given such numbers before the pass makes any for a capture, so every one it makes
// has the double fields from the start.
import { HttpConnectionParser } from './http-stream.ts'
import { NO_READER, TcpDirection } from './tcp-reassembly.ts'

/** The fields that hold stream positions and byte counts, by the object that has them. */
export const WIDE_FIELDS = {
  tcpDirection: ['base', 'next', 'bytes', 'finAt'],
  httpDirection: ['payloadBytes'],
  httpFramer: ['offset', 'remaining', 'rawFrom', 'rawFromOffset', 'rawEnd', 'lineAt', 'lastFieldOffset'],
} as const

/** A number no small integer field holds (2^31). */
const WIDE = 2 ** 31

let widened = false

/** One object of each class whose fields are in WIDE_FIELDS, as the pass makes them (for the test). */
export function sampleObjects(): Record<keyof typeof WIDE_FIELDS, object> {
  const ignore = (): void => {}
  const direction = new TcpDirection(NO_READER, ignore)
  const parser = new HttpConnectionParser({ requestHead: ignore, request: ignore, response: ignore, tunnel: ignore }, { decoder: () => { throw new Error('no body is read here') } })
  const http = parser.client as unknown as { framer: object }
  return { tcpDirection: direction, httpDirection: http, httpFramer: http.framer }
}

/** Once per thread, before the pass makes its first connection. */
export function widenPositionFields(): void {
  if (widened) return
  widened = true
  const objects = sampleObjects()
  for (const kind of Object.keys(WIDE_FIELDS) as (keyof typeof WIDE_FIELDS)[]) {
    const o = objects[kind] as Record<string, number>
    for (const field of WIDE_FIELDS[kind]) o[field] = WIDE
  }
}
