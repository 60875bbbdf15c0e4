// The lab's certificate authority, made fresh for every lab run and kept only in memory: a CA
// certificate and one server certificate per lab web host. node-forge builds the X.509 structures;
// the RSA keys come from node's own crypto (forge would otherwise generate them in JavaScript).
//
// The CA carries a critical NameConstraints extension (RFC 5280 §4.2.1.10) permitting only the lab
// web hosts' zones, so even a user who imports it into a browser trusts it for lab names only.
import { generateKeyPair, randomBytes } from 'node:crypto'
import forge from 'node-forge'

export interface ServerCredentials {
  certificatePem: string
  privateKeyPem: string
}

export interface LabCertificateAuthority {
  /** The CA certificate (PEM): what a client trusts to verify the lab's HTTPS servers. */
  caCertificatePem: string
  /** Certificates for exactly these host names. */
  servers: Map<string, ServerCredentials>
}

const DAY_MS = 24 * 60 * 60 * 1000
/** One RSA size for all: what browsers and TLS libraries accept everywhere. */
const RSA_BITS = 2048

function newRsaKeyPair(): Promise<{ privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey }> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: RSA_BITS, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } },
      (error, publicKeyPem, privateKeyPem) => {
        if (error !== null) {
          reject(error)
          return
        }
        resolve({
          privateKey: forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
          publicKey: forge.pki.publicKeyFromPem(publicKeyPem) as forge.pki.rsa.PublicKey,
        })
      },
    )
  })
}

/** A positive 16-byte serial (RFC 5280 §4.1.2.2: unique, positive, at most 20 bytes). */
function randomSerial(): string {
  const bytes = randomBytes(16)
  bytes[0] = (bytes[0] as number) & 0x7f
  return bytes.toString('hex')
}

/** NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees } with one dNSName
 * GeneralSubtree per zone; a dNSName constraint covers the name and everything below it. */
function permittedDnsNames(zones: string[]): forge.asn1.Asn1 {
  const { asn1 } = forge
  const subtrees = zones.map((zone) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 2, false, zone)]),
  )
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, subtrees)])
}

/** The zone a host is in, used as the CA's permitted subtree: "www.lab.cyber.co.kr" -> "lab.cyber.co.kr". */
function zoneOfHost(host: string): string {
  return host.slice(host.indexOf('.') + 1)
}

export async function createLabCertificateAuthority(hosts: string[], now = new Date()): Promise<LabCertificateAuthority> {
  const [caKeys, ...hostKeys] = await Promise.all([newRsaKeyPair(), ...hosts.map(() => newRsaKeyPair())])
  if (caKeys === undefined) throw new Error('no CA key')
  // Valid from a day ago (clock differences) for 30 days: long enough for any lab run.
  const notBefore = new Date(now.getTime() - DAY_MS)
  const notAfter = new Date(now.getTime() + 30 * DAY_MS)
  const caSubject = [
    { name: 'commonName', value: 'Wiretrail Lab CA (one lab run only)' },
    { name: 'organizationName', value: 'Wiretrail lab network' },
  ]

  const ca = forge.pki.createCertificate()
  ca.serialNumber = randomSerial()
  ca.publicKey = caKeys.publicKey
  ca.validity.notBefore = notBefore
  ca.validity.notAfter = notAfter
  ca.setSubject(caSubject)
  ca.setIssuer(caSubject)
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { id: '2.5.29.30', critical: true, value: permittedDnsNames([...new Set(hosts.map(zoneOfHost))]) },
  ])
  ca.sign(caKeys.privateKey, forge.md.sha256.create())

  const servers = new Map<string, ServerCredentials>()
  hosts.forEach((host, index) => {
    const keys = hostKeys[index]
    if (keys === undefined) throw new Error(`no key for ${host}`)
    const cert = forge.pki.createCertificate()
    cert.serialNumber = randomSerial()
    cert.publicKey = keys.publicKey
    cert.validity.notBefore = notBefore
    cert.validity.notAfter = notAfter
    cert.setSubject([{ name: 'commonName', value: host }])
    cert.setIssuer(caSubject)
    cert.setExtensions([
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: host }] },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
    ])
    cert.sign(caKeys.privateKey, forge.md.sha256.create())
    servers.set(host, {
      certificatePem: forge.pki.certificateToPem(cert),
      privateKeyPem: forge.pki.privateKeyToPem(keys.privateKey),
    })
  })
  return { caCertificatePem: forge.pki.certificateToPem(ca), servers }
}
