// IPv4 (RFC 791) and IPv6 (RFC 8200 §4.5) fragment reassembly: fragments of one datagram are
// keyed by addresses, protocol and identification and joined once the last one (MF = 0) and every
// byte before it are there. Overlaps are resolved first-come (RFC 5722 says drop; we keep the data
// and let the caller flag it). Incomplete datagrams are dropped after 60 s of capture time.
import type { IpResult } from '../decode/ipv4.ts'

interface Pending {
  parts: { offset: number; bytes: Uint8Array }[]
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

export class IpReassembly {
  private pending = new Map<string, Pending>()

  add(ip: IpResult, payload: Uint8Array, frame: number, t: number): Reassembled | null {
    const f = ip.fragment!
    const key = `${ip.version}|${ip.src}|${ip.dst}|${ip.version === 4 ? ip.protocol : ''}|${f.id}`
    let p = this.pending.get(key)
    if (!p || t - p.firstT > TIMEOUT_S) {
      p = { parts: [], total: -1, frames: [], firstT: t, protocol: ip.protocol }
      this.pending.set(key, p)
    }
    // In IPv6 only the first fragment names the upper-layer protocol.
    if (f.offset === 0) p.protocol = ip.protocol
    p.parts.push({ offset: f.offset, bytes: payload.slice() })
    p.frames.push(frame)
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
    this.pending.delete(key)
    const whole: IpResult = { version: ip.version, src: ip.src, dst: ip.dst, protocol: p.protocol, payloadOffset: 0, payloadEnd: bytes.length, payloadLength: bytes.length, ttl: ip.ttl }
    return { ip: whole, bytes, frames: p.frames }
  }
}
