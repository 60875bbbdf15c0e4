// Decrypts TLS records when the capture carries the session's keys (a pcapng Decryption Secrets
// Block, or the journal's tls-keylog lines), in NSS key-log format. Scope, chosen to cover what
// Node, curl and browsers negotiate today:
//   - TLS 1.3 (RFC 8446): TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
//     TLS_CHACHA20_POLY1305_SHA256, from CLIENT/SERVER_HANDSHAKE_TRAFFIC_SECRET and
//     CLIENT/SERVER_TRAFFIC_SECRET_0 (handshake messages — certificates — and application data).
//   - TLS 1.2 AEAD suites (RFC 5288 AES-GCM, RFC 7905 ChaCha20-Poly1305) from CLIENT_RANDOM
//     (the master secret), key block by the TLS 1.2 PRF (RFC 5246 §5).
// Not covered (documented): CBC and stream suites, TLS ≤ 1.1, RSA key exchange without a key log,
// 0-RTT early data, KeyUpdate. A record that does not authenticate stops decryption for that
// direction and is left encrypted.
import { createDecipheriv, createHmac } from 'node:crypto'
import type { ServerHello } from '../decode/tls.ts'
import type { TlsRecordEvent } from './tls-stream.ts'

/** client random (hex, lower case) → label → secret bytes. */
export type KeyLog = Map<string, Map<string, Uint8Array>>

export function parseKeyLog(text: string, into: KeyLog): number {
  let n = 0
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const [label, random, secret] = line.split(/\s+/)
    if (!label || !random || !secret || !/^[0-9a-fA-F]+$/.test(random) || !/^[0-9a-fA-F]+$/.test(secret)) continue
    let m = into.get(random.toLowerCase())
    if (!m) into.set(random.toLowerCase(), (m = new Map()))
    m.set(label, Buffer.from(secret, 'hex'))
    n++
  }
  return n
}

interface Suite {
  aead: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305'
  keyLength: number
  hash: 'sha256' | 'sha384'
  /** TLS 1.2 GCM: 4-byte fixed IV + 8-byte explicit nonce; ChaCha and TLS 1.3: 12-byte IV XOR seq. */
  explicitNonce: boolean
}

const SUITES: Record<number, Suite> = {
  0x1301: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256', explicitNonce: false },
  0x1302: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384', explicitNonce: false },
  0x1303: { aead: 'chacha20-poly1305', keyLength: 32, hash: 'sha256', explicitNonce: false },
  0xc02b: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256', explicitNonce: true },
  0xc02c: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384', explicitNonce: true },
  0xc02f: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256', explicitNonce: true },
  0xc030: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384', explicitNonce: true },
  0x009c: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256', explicitNonce: true },
  0x009d: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384', explicitNonce: true },
  0x009e: { aead: 'aes-128-gcm', keyLength: 16, hash: 'sha256', explicitNonce: true },
  0x009f: { aead: 'aes-256-gcm', keyLength: 32, hash: 'sha384', explicitNonce: true },
  0xcca8: { aead: 'chacha20-poly1305', keyLength: 32, hash: 'sha256', explicitNonce: false },
  0xcca9: { aead: 'chacha20-poly1305', keyLength: 32, hash: 'sha256', explicitNonce: false },
}

interface Keys {
  key: Uint8Array
  iv: Uint8Array
  seq: bigint
}

/** HKDF-Expand-Label (RFC 8446 §7.1) for outputs no longer than one hash block. */
export function hkdfExpandLabel(hash: string, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const full = Buffer.from(`tls13 ${label}`, 'latin1')
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([context.length]), Buffer.from(context), Buffer.from([1])])
  return createHmac(hash, secret).update(info).digest().subarray(0, length)
}

/** TLS 1.2 PRF: P_hash(secret, label + seed) (RFC 5246 §5). */
export function prf12(hash: string, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Uint8Array {
  const s = Buffer.concat([Buffer.from(label, 'latin1'), Buffer.from(seed)])
  const out: Buffer[] = []
  let a: Buffer = s
  let total = 0
  while (total < length) {
    a = createHmac(hash, secret).update(a).digest()
    const block = createHmac(hash, secret).update(Buffer.concat([a, s])).digest()
    out.push(block)
    total += block.length
  }
  return Buffer.concat(out).subarray(0, length)
}

function nonce(iv: Uint8Array, seq: bigint): Uint8Array {
  const n = Buffer.from(iv)
  for (let i = 0; i < 8; i++) n[n.length - 1 - i]! ^= Number((seq >> BigInt(8 * i)) & 0xffn)
  return n
}

function open(suite: Suite, key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
  if (ciphertext.length < 16) return null
  try {
    const d = createDecipheriv(suite.aead, key, iv, { authTagLength: 16 } as never) as ReturnType<typeof createDecipheriv> & { setAAD(b: Uint8Array, o?: object): void; setAuthTag(b: Uint8Array): void }
    d.setAAD(aad, { plaintextLength: ciphertext.length - 16 })
    d.setAuthTag(ciphertext.subarray(ciphertext.length - 16))
    return Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()])
  } catch {
    return null
  }
}

export interface Plaintext {
  kind: 'handshake' | 'application' | 'alert' | 'other'
  bytes: Uint8Array
}

export class TlsDecryptor {
  private suite: Suite | null = null
  private version = 0
  private serverRandom: Uint8Array | null = null
  private readonly secrets: Map<string, Uint8Array> | undefined
  /** [client, server] current keys. */
  private keys: [Keys | null, Keys | null] = [null, null]
  private appKeys: [Keys | null, Keys | null] = [null, null]
  private failed: [boolean, boolean] = [false, false]
  private ccsSeen: [boolean, boolean] = [false, false]

  private readonly clientRandomBytes: Uint8Array

  constructor(keyLog: KeyLog, clientRandom: Uint8Array) {
    this.clientRandomBytes = clientRandom
    this.secrets = keyLog.get(Buffer.from(clientRandom).toString('hex'))
  }

  get hasKeys(): boolean {
    return this.secrets !== undefined
  }

  serverHello(sh: ServerHello): void {
    if (sh.helloRetryRequest || !this.secrets) return
    this.version = sh.negotiated
    this.serverRandom = sh.random
    this.suite = SUITES[sh.cipher] ?? null
    if (!this.suite) return
    const s = this.suite
    if (this.version === 0x0304) {
      const derive = (label: string): Keys | null => {
        const secret = this.secrets!.get(label)
        if (!secret) return null
        return { key: hkdfExpandLabel(s.hash, secret, 'key', new Uint8Array(), s.keyLength), iv: hkdfExpandLabel(s.hash, secret, 'iv', new Uint8Array(), 12), seq: 0n }
      }
      this.keys = [derive('CLIENT_HANDSHAKE_TRAFFIC_SECRET'), derive('SERVER_HANDSHAKE_TRAFFIC_SECRET')]
      this.appKeys = [derive('CLIENT_TRAFFIC_SECRET_0'), derive('SERVER_TRAFFIC_SECRET_0')]
    } else if (this.version === 0x0303) {
      const master = this.secrets.get('CLIENT_RANDOM')
      if (!master || !this.serverRandom) return
      const ivLength = s.explicitNonce ? 4 : 12
      const block = prf12(s.hash, master, 'key expansion', Buffer.concat([Buffer.from(this.serverRandom), Buffer.from(this.clientRandomBytes)]), 2 * s.keyLength + 2 * ivLength)
      const ck = block.subarray(0, s.keyLength)
      const sk = block.subarray(s.keyLength, 2 * s.keyLength)
      const civ = block.subarray(2 * s.keyLength, 2 * s.keyLength + ivLength)
      const siv = block.subarray(2 * s.keyLength + ivLength)
      // TLS 1.2 records are protected only after each side's ChangeCipherSpec.
      this.appKeys = [{ key: ck, iv: civ, seq: 0n }, { key: sk, iv: siv, seq: 0n }]
      this.keys = [null, null]
    }
  }

  record(r: TlsRecordEvent): Plaintext | null {
    if (!this.suite || !this.secrets) return null
    const d = r.fromClient ? 0 : 1
    if (this.failed[d]) return null
    if (r.type === 20) {
      if (this.version === 0x0303) {
        this.ccsSeen[d] = true
        this.keys[d] = this.appKeys[d]
      }
      return null
    }
    if (this.version === 0x0304) {
      if (r.type !== 23) return null
      let k = this.keys[d]
      let out = k ? this.open13(k, r) : null
      if (!out && this.appKeys[d] && k !== this.appKeys[d]) {
        // The handshake keys stopped working: this side has moved to its application keys.
        k = this.keys[d] = this.appKeys[d]
        out = this.open13(k!, r)
      }
      if (!out) {
        this.failed[d] = true
        return null
      }
      k!.seq++
      let end = out.length
      while (end > 0 && out[end - 1] === 0) end--
      const inner = out[end - 1]
      const bytes = out.subarray(0, end - 1)
      if (inner === 22) {
        // After this side's Finished (handshake type 20), its application keys take over.
        for (let p = 0; p + 4 <= bytes.length; ) {
          if (bytes[p] === 20) this.keys[d] = this.appKeys[d]
          p += 4 + ((bytes[p + 1]! << 16) | (bytes[p + 2]! << 8) | bytes[p + 3]!)
        }
        return { kind: 'handshake', bytes }
      }
      return { kind: inner === 23 ? 'application' : inner === 21 ? 'alert' : 'other', bytes }
    }
    if (this.version === 0x0303) {
      const k = this.keys[d]
      if (!k || !this.ccsSeen[d]) return null
      const s = this.suite
      let iv: Uint8Array
      let ct: Uint8Array
      if (s.explicitNonce) {
        if (r.body.length < 8 + 16) return null
        iv = Buffer.concat([Buffer.from(k.iv), Buffer.from(r.body.subarray(0, 8))])
        ct = r.body.subarray(8)
      } else {
        iv = nonce(k.iv, k.seq)
        ct = r.body
      }
      const aad = Buffer.alloc(13)
      aad.writeBigUInt64BE(k.seq, 0)
      aad[8] = r.type
      aad[9] = r.version >> 8
      aad[10] = r.version & 0xff
      aad.writeUInt16BE(ct.length - 16, 11)
      const out = open(s, k.key, iv, ct, aad)
      if (!out) {
        this.failed[d] = true
        return null
      }
      k.seq++
      return { kind: r.type === 22 ? 'handshake' : r.type === 23 ? 'application' : r.type === 21 ? 'alert' : 'other', bytes: out }
    }
    return null
  }

  private open13(k: Keys, r: TlsRecordEvent): Uint8Array | null {
    return open(this.suite!, k.key, nonce(k.iv, k.seq), r.body, r.header)
  }
}
