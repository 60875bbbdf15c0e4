// TLS record layer and handshake headers (RFC 5246 / RFC 8446): ClientHello (SNI, ALPN,
// supported_versions), ServerHello (chosen version and cipher, HelloRetryRequest), Certificate
// (subject/issuer of each certificate). Encrypted records are shown as such. Hand-written because
// the hex view needs every field's offset; the analyzer joins records across segments.
import { addLayer, field, generated, hex, hexBytes, issue, u16, type DecodeContext } from './core.ts'
import { summarizeCertificate, type CertificateSummary } from './x509.ts'

export const TLS_CHANGE_CIPHER_SPEC = 20
export const TLS_ALERT = 21
export const TLS_HANDSHAKE = 22
export const TLS_APPLICATION_DATA = 23

const CONTENT_TYPES: Record<number, string> = { 20: 'Change Cipher Spec', 21: 'Alert', 22: 'Handshake', 23: 'Application Data', 24: 'Heartbeat' }
const HANDSHAKE_TYPES: Record<number, string> = { 0: 'Hello Request', 1: 'Client Hello', 2: 'Server Hello', 4: 'New Session Ticket', 8: 'Encrypted Extensions', 11: 'Certificate', 12: 'Server Key Exchange', 13: 'Certificate Request', 14: 'Server Hello Done', 15: 'Certificate Verify', 16: 'Client Key Exchange', 20: 'Finished' }
const EXT_NAMES: Record<number, string> = { 0: 'server_name', 10: 'supported_groups', 11: 'ec_point_formats', 13: 'signature_algorithms', 16: 'application_layer_protocol_negotiation', 23: 'extended_master_secret', 35: 'session_ticket', 41: 'pre_shared_key', 43: 'supported_versions', 45: 'psk_key_exchange_modes', 51: 'key_share', 65281: 'renegotiation_info' }

/** SHA-256("HelloRetryRequest"): a ServerHello with this random is a HelloRetryRequest (RFC 8446 §4.1.3). */
const HRR_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c'

export function tlsVersionName(v: number): string {
  switch (v) {
    case 0x0300:
      return 'SSL 3.0'
    case 0x0301:
      return 'TLS 1.0'
    case 0x0302:
      return 'TLS 1.1'
    case 0x0303:
      return 'TLS 1.2'
    case 0x0304:
      return 'TLS 1.3'
    default:
      return (v & 0x0f0f) === 0x0a0a ? 'GREASE' : hex(v, 4)
  }
}

const CIPHERS: Record<number, string> = {
  0x1301: 'TLS_AES_128_GCM_SHA256', 0x1302: 'TLS_AES_256_GCM_SHA384', 0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
  0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', 0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  0x009c: 'TLS_RSA_WITH_AES_128_GCM_SHA256', 0x009d: 'TLS_RSA_WITH_AES_256_GCM_SHA384',
  0x009e: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 0x009f: 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384',
  0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
  0xc013: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 0xc014: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 0x002f: 'TLS_RSA_WITH_AES_128_CBC_SHA', 0x0035: 'TLS_RSA_WITH_AES_256_CBC_SHA',
  0xc027: 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 0xc028: 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384',
}

export function cipherName(c: number): string {
  return CIPHERS[c] ?? hex(c, 4)
}

export interface ClientHello {
  version: number
  random: Uint8Array
  sessionId: Uint8Array
  ciphers: number[]
  sni: string | null
  alpn: string[]
  supportedVersions: number[]
}

export interface ServerHello {
  version: number
  /** The negotiated version (supported_versions wins over the legacy field). */
  negotiated: number
  random: Uint8Array
  cipher: number
  helloRetryRequest: boolean
}

export interface HandshakeMessage {
  type: number
  name: string
  offset: number
  length: number
  clientHello?: ClientHello
  serverHello?: ServerHello
  certificates?: CertificateSummary[]
}

function extensionField(b: Uint8Array, p: number, et: number, el: number) {
  const name = EXT_NAMES[et] ?? `Unknown type ${et}`
  const ext = field('tls.handshake.extension', name, p, 4 + el, et, `Extension: ${name} (len=${el})`)
  ext.children = [field('tls.handshake.extension.type', 'Type', p, 2, et, `Type: ${name} (${et})`), field('tls.handshake.extension.len', 'Length', p + 2, 2, el)]
  return ext
}

export function looksLikeTlsRecord(b: Uint8Array, o: number, end: number): boolean {
  if (end - o < 5) return false
  const type = b[o]!
  return type >= 20 && type <= 23 && b[o + 1] === 3 && b[o + 2]! <= 4 && u16(b, o + 3) <= 16384 + 2048
}

/** Parses one handshake message body at `o` (after its 4-byte header) of `type`, ending at `end`. */
export function parseHandshake(ctx: DecodeContext, b: Uint8Array, o: number, type: number, length: number, end: number): HandshakeMessage {
  const hs: HandshakeMessage = { type, name: HANDSHAKE_TYPES[type] ?? `Handshake type ${type}`, offset: o - 4, length }
  const stop = Math.min(end, o + length)
  const fields = ctx.detail ? [] as ReturnType<typeof field>[] : null
  try {
    if (type === 1 && stop - o >= 38) {
      const ch: ClientHello = { version: u16(b, o), random: b.slice(o + 2, o + 34), sessionId: new Uint8Array(), ciphers: [], sni: null, alpn: [], supportedVersions: [] }
      let p = o + 34
      const sidLen = b[p]!
      ch.sessionId = b.slice(p + 1, p + 1 + sidLen)
      fields?.push(field('tls.handshake.version', 'Version', o, 2, tlsVersionName(ch.version)), field('tls.handshake.random', 'Random', o + 2, 32, hexBytes(b, o + 2, 32)), field('tls.handshake.session_id', 'Session ID', p + 1, sidLen, hexBytes(b, p + 1, sidLen)))
      p += 1 + sidLen
      const csLen = u16(b, p)
      for (let i = 0; i + 1 < csLen; i += 2) ch.ciphers.push(u16(b, p + 2 + i))
      fields?.push(field('tls.handshake.cipher_suites_length', 'Cipher Suites Length', p, 2, csLen), field('tls.handshake.ciphersuites', 'Cipher Suites', p + 2, csLen, ch.ciphers.length, `Cipher Suites (${ch.ciphers.length} suites)`))
      p += 2 + csLen
      const compLen = b[p]!
      p += 1 + compLen
      if (p + 2 <= stop) {
        const extEnd = Math.min(stop, p + 2 + u16(b, p))
        p += 2
        while (p + 4 <= extEnd) {
          const et = u16(b, p)
          const el = u16(b, p + 2)
          const body = p + 4
          // As Wireshark: one tree per extension (no key of its own), type and length, then values.
          const ext = fields ? extensionField(b, p, et, el) : null
          if (et === 0 && el >= 5) {
            const nameLen = u16(b, body + 3)
            ch.sni = String.fromCharCode(...b.subarray(body + 5, body + 5 + nameLen))
            ext?.children!.push(field('tls.handshake.extensions_server_name', 'Server Name', body + 5, nameLen, ch.sni, `Server Name: ${ch.sni}`))
          } else if (et === 16) {
            for (let q = body + 2; q < body + el; ) {
              const l = b[q]!
              const proto = String.fromCharCode(...b.subarray(q + 1, q + 1 + l))
              ch.alpn.push(proto)
              ext?.children!.push(field('tls.handshake.extensions_alpn_str', 'ALPN Next Protocol', q + 1, l, proto))
              q += 1 + l
            }
          } else if (et === 43) {
            for (let q = body + 1; q + 1 < body + 1 + b[body]!; q += 2) {
              ch.supportedVersions.push(u16(b, q))
              ext?.children!.push(field('tls.handshake.extensions.supported_version', 'Supported Version', q, 2, tlsVersionName(u16(b, q))))
            }
          }
          if (ext) fields!.push(ext)
          p = body + el
        }
      }
      hs.clientHello = ch
    } else if (type === 2 && stop - o >= 38) {
      const version = u16(b, o)
      const random = b.slice(o + 2, o + 34)
      let p = o + 34
      const sidLen = b[p]!
      p += 1 + sidLen
      const cipher = u16(b, p)
      p += 3
      let negotiated = version
      if (p + 2 <= stop) {
        const extEnd = Math.min(stop, p + 2 + u16(b, p))
        p += 2
        while (p + 4 <= extEnd) {
          const et = u16(b, p)
          const el = u16(b, p + 2)
          const ext = fields ? extensionField(b, p, et, el) : null
          if (et === 43 && el === 2) {
            negotiated = u16(b, p + 4)
            ext?.children!.push(field('tls.handshake.extensions.supported_version', 'Supported Version', p + 4, 2, tlsVersionName(negotiated)))
          }
          if (ext) fields!.push(ext)
          p += 4 + el
        }
      }
      const hrr = hexBytes(b, o + 2, 32) === HRR_RANDOM
      hs.serverHello = { version, negotiated, random, cipher, helloRetryRequest: hrr }
      if (hrr) hs.name = 'Hello Retry Request'
      fields?.push(
        field('tls.handshake.version', 'Version', o, 2, tlsVersionName(version)),
        field('tls.handshake.random', 'Random', o + 2, 32, hexBytes(b, o + 2, 32)),
        field('tls.handshake.ciphersuite', 'Cipher Suite', o + 35 + sidLen, 2, cipherName(cipher), `Cipher Suite: ${cipherName(cipher)} (${hex(cipher, 4)})`),
        generated('tls.handshake.negotiated_version', 'Negotiated version', o, tlsVersionName(negotiated)),
      )
    } else if (type === 11 && stop - o >= 3) {
      // TLS 1.2 Certificate: 3-byte list length, then 3-byte length + DER per certificate.
      // (TLS 1.3 adds a context byte first and extensions per entry; only seen after decryption.)
      let p = o
      const tls13 = b[o] === 0 && stop - o >= 4 && ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) === length - 4
      if (tls13) p += 1
      const listEnd = Math.min(stop, p + 3 + ((b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!))
      p += 3
      const certs: CertificateSummary[] = []
      while (p + 3 <= listEnd) {
        const cl = (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!
        const s = summarizeCertificate(b, p + 3, Math.min(listEnd, p + 3 + cl))
        if (s) {
          certs.push(s)
          fields?.push(field('x509sat.subject', 'Certificate', p + 3, cl, s.subject, `Certificate: subject ${s.subject}; issuer ${s.issuer}${s.notAfter ? `; valid until ${s.notAfter}` : ''}`))
        }
        p += 3 + cl
        if (tls13 && p + 2 <= listEnd) p += 2 + u16(b, p)
      }
      hs.certificates = certs
    }
  } catch {
    issue(ctx, 'TLS', 'warning', 'TLS_HANDSHAKE_UNREADABLE', { message: hs.name }, o, stop - o)
  }
  if (ctx.detail && fields) {
    const layer = ctx.layers[ctx.layers.length - 1]
    const top = field('tls.handshake', hs.name, o - 4, Math.min(length + 4, end - o + 4), type, `Handshake Protocol: ${hs.name} (length ${length})`)
    top.children = [field('tls.handshake.type', 'Handshake Type', o - 4, 1, type, `Handshake Type: ${hs.name} (${type})`), field('tls.handshake.length', 'Length', o - 3, 3, length), ...fields]
    layer?.fields.push(top)
  }
  return hs
}

export interface TlsRecordSummary {
  type: number
  version: number
  length: number
  offset: number
}

/** Decodes the records found in b[o…end) (detail view of one segment or a reassembled buffer). */
/** `tls13`: the connection negotiated TLS 1.3, where an application_data record's type is only
 * the outer "opaque type" of an encrypted record (RFC 8446 §5.2; Wireshark's tls.record.opaque_type). */
export function decodeTlsRecords(ctx: DecodeContext, b: Uint8Array, o: number, end: number, encryptedHandshake = false, tls13 = false): { records: TlsRecordSummary[]; handshakes: HandshakeMessage[] } {
  const records: TlsRecordSummary[] = []
  const handshakes: HandshakeMessage[] = []
  while (o + 5 <= end) {
    const type = b[o]!
    const version = u16(b, o + 1)
    const length = u16(b, o + 3)
    records.push({ type, version, length, offset: o })
    const layer = !ctx.detail ? null : addLayer(ctx, `Transport Layer Security: ${CONTENT_TYPES[type] ?? `type ${type}`}`, o, Math.min(5 + length, end - o))
    layer?.fields.push(tls13 && type === TLS_APPLICATION_DATA ? field('tls.record.opaque_type', 'Opaque Type', o, 1, type, `Opaque Type: Application Data (${type})`) : field('tls.record.content_type', 'Content Type', o, 1, type, `Content Type: ${CONTENT_TYPES[type] ?? 'Unknown'} (${type})`), field('tls.record.version', 'Version', o + 1, 2, tlsVersionName(version), `Version: ${tlsVersionName(version)} (${hex(version, 4)})`), field('tls.record.length', 'Length', o + 3, 2, length))
    if (!(type >= 20 && type <= 24)) {
      issue(ctx, 'TLS', 'warning', 'TLS_UNKNOWN_CONTENT_TYPE', { contentType: type }, o, 1)
      break
    }
    const body = o + 5
    const stop = Math.min(end, body + length)
    // After a ChangeCipherSpec (TLS ≤ 1.2) this side's handshake records are encrypted (the
    // Finished message); so is a handshake record whose first byte is no handshake type, which is
    // how an encrypted one looks when the ChangeCipherSpec was in an earlier segment.
    if (type === TLS_CHANGE_CIPHER_SPEC) encryptedHandshake = true
    if (type === TLS_HANDSHAKE && !encryptedHandshake && stop - body >= 4 && !(b[body]! in HANDSHAKE_TYPES)) encryptedHandshake = true
    if (type === TLS_HANDSHAKE && encryptedHandshake) {
      layer?.fields.push(field('tls.handshake.encrypted', 'Encrypted Handshake Message', body, stop - body, stop - body, `Handshake Protocol: Encrypted Handshake Message (${length} bytes)`))
    } else if (type === TLS_HANDSHAKE) {
      for (let p = body; p + 4 <= stop; ) {
        const ht = b[p]!
        const hl = (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!
        handshakes.push(parseHandshake(ctx, b, p + 4, ht, hl, stop))
        p += 4 + hl
      }
    } else if (type === TLS_APPLICATION_DATA) {
      layer?.fields.push(field('tls.app_data', 'Encrypted Application Data', body, stop - body, stop - body, `Encrypted Application Data (${length} bytes)`))
    }
    if (body + length > end) {
      issue(ctx, 'TLS', 'note', 'TLS_RECORD_CONTINUES', { here: end - body, length }, o, end - o)
      break
    }
    o = body + length
  }
  return { records, handshakes }
}

export function tlsInfo(records: TlsRecordSummary[], handshakes: HandshakeMessage[]): string {
  if (handshakes.length) return handshakes.map((h) => h.name).join(', ')
  return records.map((r) => CONTENT_TYPES[r.type] ?? `type ${r.type}`).join(', ')
}
