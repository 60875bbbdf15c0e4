// Frames built field by field for the reassembly tests: Ethernet + IPv4 (with fragment fields) or
// IPv6 (with a fragment header) + UDP or TCP, written to a classic pcap that the analyzer and tshark
// both read. Checksums are left zero (neither checks them by default).
import { writeFileSync } from 'node:fs'

const ETH = (type: number) => Buffer.from([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, type >> 8, type & 255])
const ip4 = (a: string) => Buffer.from(a.split('.').map(Number))
function ip6(a: string): Buffer {
  const [head = '', tail = ''] = a.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const groups = [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t]
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]))
}

export function ipv4(src: string, dst: string, protocol: number, payload: Uint8Array, frag: { id: number; offset: number; more: boolean } = { id: 1, offset: 0, more: false }): Buffer {
  const h = Buffer.alloc(20)
  h[0] = 0x45
  h.writeUInt16BE(20 + payload.length, 2)
  h.writeUInt16BE(frag.id, 4)
  h.writeUInt16BE((frag.more ? 0x2000 : 0) | (frag.offset / 8), 6)
  h[8] = 64
  h[9] = protocol
  ip4(src).copy(h, 12)
  ip4(dst).copy(h, 16)
  return Buffer.concat([ETH(0x0800), h, payload])
}

export function ipv6(src: string, dst: string, next: number, payload: Uint8Array, frag?: { id: number; offset: number; more: boolean; next: number }): Buffer {
  const ext = frag ? Buffer.from([frag.next, 0, (frag.offset >> 8) & 0xff, (frag.offset & 0xf8) | (frag.more ? 1 : 0), frag.id >>> 24, (frag.id >> 16) & 255, (frag.id >> 8) & 255, frag.id & 255]) : Buffer.alloc(0)
  const h = Buffer.alloc(40)
  h[0] = 0x60
  h.writeUInt16BE(ext.length + payload.length, 4)
  h[6] = frag ? 44 : next
  h[7] = 64
  ip6(src).copy(h, 8)
  ip6(dst).copy(h, 24)
  return Buffer.concat([ETH(0x86dd), h, ext, payload])
}

export function udp(sport: number, dport: number, payload: Uint8Array): Buffer {
  const h = Buffer.alloc(8)
  h.writeUInt16BE(sport, 0)
  h.writeUInt16BE(dport, 2)
  h.writeUInt16BE(8 + payload.length, 4)
  return Buffer.concat([h, payload])
}

export const SYN = 0x02
export const ACK = 0x10
export const PSH = 0x08
export const FIN = 0x01
export const RST = 0x04

export function tcp(sport: number, dport: number, seq: number, ack: number, flags: number, payload: Uint8Array = new Uint8Array()): Buffer {
  const h = Buffer.alloc(20)
  h.writeUInt16BE(sport, 0)
  h.writeUInt16BE(dport, 2)
  h.writeUInt32BE(seq >>> 0, 4)
  h.writeUInt32BE(ack >>> 0, 8)
  h[12] = 5 << 4
  h[13] = flags
  h.writeUInt16BE(65535, 14)
  return Buffer.concat([h, payload])
}

/** A classic pcap (µs, little-endian, Ethernet), one frame every millisecond. */
export function writePcap(path: string, frames: Uint8Array[]): void {
  writePcapRecords(path, frames.map((data, i) => ({ data, sec: 1_700_000_000, usec: i * 1000 })))
}

/** A classic pcap (µs, little-endian, Ethernet) of records with their own time stamps. */
export function writePcapRecords(path: string, records: readonly { data: Uint8Array; sec: number; usec: number }[]): void {
  const head = Buffer.alloc(24)
  head.writeUInt32LE(0xa1b2c3d4, 0)
  head.writeUInt16LE(2, 4)
  head.writeUInt16LE(4, 6)
  head.writeUInt32LE(262144, 16)
  head.writeUInt32LE(1, 20)
  const parts = [head]
  for (const { data, sec, usec } of records) {
    const r = Buffer.alloc(16)
    r.writeUInt32LE(sec, 0)
    r.writeUInt32LE(usec, 4)
    r.writeUInt32LE(data.length, 8)
    r.writeUInt32LE(data.length, 12)
    parts.push(r, Buffer.from(data))
  }
  writeFileSync(path, Buffer.concat(parts))
}
