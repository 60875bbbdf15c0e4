// Which bytes of a step's packet the step is about, for the presenter view's byte pane: a DNS step
// is about the DNS message, connect and close about the TCP flags (SYN, FIN), a request or
// response about the HTTP message, the TLS handshake about its records. Steps that happen inside the
// computer (the URL read, the socket created, a cache hit) have no packet and so no bytes.
import type { DecodedField, DecodedLayer, StepKind } from '../../src-main/shared/walkthrough.ts'
import type { ByteRange } from './field-tree.ts'

/** `protocol`: the first layer with fields of this protocol ("dns" → dns.*); `field`: a field in
 * it to narrow to (its key). Null: the step has no packet. */
export type StepBytes = { protocol: string; field?: string } | null

export const STEP_BYTES: Record<StepKind, StepBytes> = {
  url: null,
  'http-request-built': null,
  // The client's address in the IP header of the first packet it sent.
  'ip-anatomy': { protocol: 'ip', field: 'ip.src' },
  'name-lookup': null,
  'dns-query': { protocol: 'dns' },
  'dns-referral': { protocol: 'dns' },
  'dns-root-hints': { protocol: 'dns' },
  'dns-answer': { protocol: 'dns' },
  'dns-cname': { protocol: 'dns' },
  'dns-nxdomain': { protocol: 'dns' },
  'dns-nodata': { protocol: 'dns' },
  'dns-cache-hit': null,
  'dns-lame': { protocol: 'dns' },
  'dns-timeout': { protocol: 'dns' },
  'dns-tcp-fallback': { protocol: 'dns' },
  'socket-create': null,
  connect: { protocol: 'tcp', field: 'tcp.flags' },
  'tls-handshake': { protocol: 'tls' },
  send: { protocol: 'http' },
  receive: { protocol: 'http' },
  'http-response': { protocol: 'http' },
  'http-redirect': { protocol: 'http' },
  close: { protocol: 'tcp', field: 'tcp.flags' },
  'fetch-failed': null,
  'hsts-upgrade': null,
}

function findField(fields: readonly DecodedField[], key: string): DecodedField | null {
  for (const field of fields) {
    if (field.key === key) return field
    const inner = field.children ? findField(field.children, key) : null
    if (inner) return inner
  }
  return null
}

/** The byte range (and the layer or field's name) the step's kind points at in this decode; null
 * when the packet has no such layer (a TCP segment continuing an HTTP body, say). */
export function stepByteRange(kind: StepKind, layers: readonly DecodedLayer[]): { range: ByteRange; label: string } | null {
  const want = STEP_BYTES[kind]
  if (want === null) return null
  const layer = layers.find((candidate) => candidate.fields.some((field) => field.key.startsWith(`${want.protocol}.`)))
  if (!layer) return null
  if (want.field !== undefined) {
    const field = findField(layer.fields, want.field)
    if (field && field.length > 0) return { range: { offset: field.offset, length: field.length }, label: field.display }
  }
  return { range: { offset: layer.offset, length: layer.length }, label: layer.name }
}
