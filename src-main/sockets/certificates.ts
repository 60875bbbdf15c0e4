// The server's certificate chain as the UI shows it (leaf first), from Node's peer certificate.
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls'
import type { CertificateSummary } from './tap.ts'

const MAX_CHAIN = 10

export function summarizeChain(leaf: DetailedPeerCertificate | null | undefined): CertificateSummary[] {
  const chain: CertificateSummary[] = []
  const seen = new Set<string>()
  let current: DetailedPeerCertificate | undefined = leaf ?? undefined
  while (current !== undefined && current.fingerprint256 && !seen.has(current.fingerprint256) && chain.length < MAX_CHAIN) {
    seen.add(current.fingerprint256)
    chain.push(summarize(current))
    current = current.issuerCertificate
  }
  return chain
}

function summarize(cert: PeerCertificate & { issuerCertificate?: PeerCertificate }): CertificateSummary {
  const subject = nameText(cert.subject)
  const issuer = nameText(cert.issuer)
  return {
    subject,
    issuer,
    subjectAltName: cert.subjectaltname ?? null,
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    selfSigned: cert.issuerCertificate?.fingerprint256 === cert.fingerprint256 || subject === issuer,
  }
}

function nameText(name: object | undefined): string {
  if (name === undefined) return ''
  return Object.entries(name as Record<string, string | string[]>)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`)
    .join(', ')
}
