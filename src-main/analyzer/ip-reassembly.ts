// IPv4 (RFC 791) and IPv6 (RFC 8200 §4.5) fragment reassembly: fragments of one datagram are
// keyed by addresses, protocol and identification and joined once the last one (MF = 0) and every
// byte before it are there. Overlaps are resolved first-come (RFC 5722 says drop; we keep the data
// and let the caller flag it). Incomplete datagrams are dropped after 60 s of capture time, and
// what all incomplete datagrams hold together is bounded (the oldest go first).
import type { IpResult } from '../decode/ipv4.ts'

interface Pending {
  parts: { offset: number; bytes: Uint8Array }[]
  /** Bytes held in `parts`. */
  held: number
  total: number
  frames: number[]
  firstT: number
  protocol: number
}

export interface Reassembled {
  ip: IpResult
  bytes: Uint8Array
  frames: number[]
}

const TIMEOUT_S = 60
const MAX_DATAGRAM = 65535 + 40
/** Fragment bytes one datagram may hold (repeated fragments included): twice the largest datagram. */
const MAX_HELD_PER_DATAGRAM = 2 * MAX_DATAGRAM
/** Fragment bytes all incomplete datagrams may hold together. */
const MAX_HELD = 16 * 1024 * 1024

export class IpReassembly {
  /** Incomplete datagrams, oldest first (a Map keeps insertion order). */
  private pending = new Map<string, Pending>()
  private held = 0

  /** Fragment bytes held for datagrams not yet complete. */
  get heldBytes(): number {
    return this.held
  }

  add(ip: IpResult, payload: Uint8Array, frame: number, t: number): Reassembled | null {
    const f = ip.fragment!
    const key = `${ip.version}|${ip.src}|${ip.dst}|${ip.version === 4 ? ip.protocol : ''}|${f.id}`
    let p = this.pending.get(key)
    if (p && t - p.firstT > TIMEOUT_S) {
      this.drop(key, p)
      p = undefined
    }
    if (!p) {
      p = { parts: [], held: 0, total: -1, frames: [], firstT: t, protocol: ip.protocol }
      this.pending.set(key, p)
    }
    // In IPv6 only the first fragment names the upper-layer protocol.
    if (f.offset === 0) p.protocol = ip.protocol
    if (p.held + payload.length > MAX_HELD_PER_DATAGRAM) return null // more fragments than any datagram has
    p.parts.push({ offset: f.offset, bytes: payload.slice() })
    p.held += payload.length
    this.held += payload.length
    p.frames.push(frame)
    this.expire(t, key)
    if (!f.more) p.total = f.offset + payload.length
    if (p.total < 0 || p.total > MAX_DATAGRAM) return null
    p.parts.sort((a, b) => a.offset - b.offset)
    let covered = 0
    for (const part of p.parts) {
      if (part.offset > covered) return null
      covered = Math.max(covered, part.offset + part.bytes.length)
    }
    if (covered < p.total) return null
    const bytes = new Uint8Array(p.total)
    for (let i = p.parts.length - 1; i >= 0; i--) {
      const part = p.parts[i]!
      bytes.set(part.bytes.subarray(0, Math.max(0, Math.min(part.bytes.length, p.total - part.offset))), part.offset)
    }
    this.drop(key, p)
    const whole: IpResult = { version: ip.version, src: ip.src, dst: ip.dst, protocol: p.protocol, payloadOffset: 0, payloadEnd: bytes.length, payloadLength: bytes.length, ttl: ip.ttl }
    return { ip: whole, bytes, frames: p.frames }
  }

  /** Drops datagrams older than the timeout, then the oldest while all together hold too much. */
  private expire(t: number, current: string): void {
    for (const [key, p] of this.pending) {
      if (key === current) continue
      if (t - p.firstT <= TIMEOUT_S && this.held <= MAX_HELD) break
      this.drop(key, p)
    }
  }

  private drop(key: string, p: Pending): void {
    this.pending.delete(key)
    this.held -= p.held
  }
}
