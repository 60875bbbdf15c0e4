// Just enough DER (X.690) to show a certificate's subject, issuer and validity with their offsets.
// Hand-written because node:crypto's X509Certificate is not available to pure code and gives no
// offsets; anything it cannot follow is reported as null, never thrown.
const OID_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber', '1.2.840.113549.1.9.1': 'emailAddress', '0.9.2342.19200300.100.1.25': 'DC',
}

interface Tlv {
  tag: number
  offset: number
  headerLength: number
  length: number
  end: number
}

function tlv(b: Uint8Array, o: number, end: number): Tlv | null {
  if (o + 2 > end) return null
  const tag = b[o]!
  let len = b[o + 1]!
  let hl = 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || o + 2 + n > end) return null
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + b[o + 2 + i]!
    hl = 2 + n
  }
  if (o + hl + len > end) return null
  return { tag, offset: o, headerLength: hl, length: len, end: o + hl + len }
}

function oid(b: Uint8Array, o: number, n: number): string {
  const parts: number[] = []
  let v = 0
  for (let i = 0; i < n; i++) {
    v = v * 128 + (b[o + i]! & 0x7f)
    if ((b[o + i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80)
      else parts.push(v)
      v = 0
    }
  }
  return parts.join('.')
}

function str(b: Uint8Array, o: number, n: number): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(o, o + n))
}

function name(b: Uint8Array, t: Tlv): string {
  const parts: string[] = []
  for (let o = t.offset + t.headerLength; o < t.end; ) {
    const set = tlv(b, o, t.end)
    if (!set) break
    for (let p = set.offset + set.headerLength; p < set.end; ) {
      const atv = tlv(b, p, set.end)
      if (!atv) break
      const id = tlv(b, atv.offset + atv.headerLength, atv.end)
      if (id && id.tag === 0x06) {
        const val = tlv(b, id.end, atv.end)
        const key = oid(b, id.offset + id.headerLength, id.length)
        if (val) parts.push(`${OID_NAMES[key] ?? key}=${str(b, val.offset + val.headerLength, val.length)}`)
      }
      p = atv.end
    }
    o = set.end
  }
  return parts.join(', ')
}

function time(b: Uint8Array, t: Tlv): string {
  const s = str(b, t.offset + t.headerLength, t.length)
  const full = t.tag === 0x17 ? `${Number(s.slice(0, 2)) < 50 ? '20' : '19'}${s}` : s
  return `${full.slice(0, 4)}-${full.slice(4, 6)}-${full.slice(6, 8)}T${full.slice(8, 10)}:${full.slice(10, 12)}:${full.slice(12, 14)}Z`
}

export interface CertificateSummary {
  subject: string
  issuer: string
  notBefore?: string
  notAfter?: string
  /** Offsets of the subject and issuer Name inside the buffer, for the hex view. */
  subjectAt?: { offset: number; length: number }
  issuerAt?: { offset: number; length: number }
}

export function summarizeCertificate(b: Uint8Array, o: number, end: number): CertificateSummary | null {
  const cert = tlv(b, o, end)
  if (!cert || cert.tag !== 0x30) return null
  const tbs = tlv(b, cert.offset + cert.headerLength, cert.end)
  if (!tbs || tbs.tag !== 0x30) return null
  let p = tbs.offset + tbs.headerLength
  const items: Tlv[] = []
  while (p < tbs.end && items.length < 7) {
    const t = tlv(b, p, tbs.end)
    if (!t) return null
    items.push(t)
    p = t.end
  }
  const start = items[0]?.tag === 0xa0 ? 1 : 0 // [0] explicit version
  const issuer = items[start + 2]
  const validity = items[start + 3]
  const subject = items[start + 4]
  if (!issuer || !subject || issuer.tag !== 0x30 || subject.tag !== 0x30) return null
  const summary: CertificateSummary = {
    subject: name(b, subject),
    issuer: name(b, issuer),
    subjectAt: { offset: subject.offset, length: subject.end - subject.offset },
    issuerAt: { offset: issuer.offset, length: issuer.end - issuer.offset },
  }
  if (validity && validity.tag === 0x30) {
    const nb = tlv(b, validity.offset + validity.headerLength, validity.end)
    const na = nb ? tlv(b, nb.end, validity.end) : null
    if (nb) summary.notBefore = time(b, nb)
    if (na) summary.notAfter = time(b, na)
  }
  return summary
}
