// Mutation plans, as fast-check arbitraries (so a failing input shrinks to a small plan), and how
// each is applied to a seed. Structure-aware where it matters: the capture formats' length, offset,
// type and time fields (structure.ts), the dissectors' own field map of each packet (every field
// the detail pane shows has an offset and a length: IP header lengths, TCP data offsets, UDP and
// DNS lengths and counts, TLS record lengths…), DNS name compression (pointers to themselves,
// forward, in loops), HTTP framing text; and plain random bytes as well.
import fc from 'fast-check'
import { newContext } from '../../src-main/decode/core.ts'
import { decodeNetwork, decodeTransport } from '../../src-main/decode/packet.ts'
import { decodeDns } from '../../src-main/decode/dns.ts'
import type { DecodedField } from '../../src-main/shared/walkthrough.ts'
import { captureLayout, type CaptureLayout, type FieldRef } from './structure.ts'

// ── values ───────────────────────────────────────────────────────────────────────────────────────

/** Boundary values every length and offset field should meet. */
const INTERESTING = [0, 1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 20, 24, 28, 40, 60, 63, 64, 0x7f, 0x80, 0xc0, 0xff, 0x100, 0x3fff, 0x7fff, 0x8000, 0xfffe, 0xffff, 0x10000, 0xffffff, 0x1000000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff]

export type NewValue = { mode: 'const'; index: number } | { mode: 'delta'; delta: number } | { mode: 'random'; value: number }

const newValue: fc.Arbitrary<NewValue> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ mode: fc.constant('const' as const), index: fc.nat(INTERESTING.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ mode: fc.constant('delta' as const), delta: fc.integer({ min: -16, max: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ mode: fc.constant('random' as const), value: fc.nat() }) },
)

function resolveValue(v: NewValue, old: number, size: number): number {
  const max = size >= 4 ? 0xffffffff : 2 ** (size * 8) - 1
  const raw = v.mode === 'const' ? INTERESTING[v.index]! : v.mode === 'delta' ? old + v.delta : v.value
  return ((raw % (max + 1)) + (max + 1)) % (max + 1)
}

function readField(b: Uint8Array, f: { offset: number; size: number; littleEndian: boolean }): number {
  let value = 0
  for (let i = 0; i < Math.min(f.size, 4); i += 1) {
    const byte = b[f.offset + (f.littleEndian ? f.size - 1 - i : i)] ?? 0
    value = value * 256 + byte
  }
  return value
}

function writeField(b: Uint8Array, f: { offset: number; size: number; littleEndian: boolean }, value: number): void {
  const size = Math.min(f.size, 4)
  for (let i = 0; i < size; i += 1) {
    const byte = Math.floor(value / 256 ** (size - 1 - i)) & 0xff
    const at = f.offset + (f.littleEndian ? f.size - 1 - i : i) + (f.size > 4 && !f.littleEndian ? f.size - 4 : 0)
    if (at < b.length) b[at] = byte
  }
}

// ── generic byte operations ──────────────────────────────────────────────────────────────────────

export type ByteOp =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number }

export const byteOp: fc.Arbitrary<ByteOp> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x20, 0x3a, 0xc0) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 256 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
)

export function applyByteOp(b: Uint8Array, op: ByteOp): Uint8Array {
  if (b.length === 0) return op.op === 'insert' ? op.bytes : b
  const at = op.at % (b.length + (op.op === 'insert' ? 1 : 0))
  switch (op.op) {
    case 'flip':
      b[at] = b[at]! ^ (1 << op.bit)
      return b
    case 'set':
      b[at] = op.value
      return b
    case 'insert':
      return join(b.subarray(0, at), op.bytes, b.subarray(at))
    case 'delete':
      return join(b.subarray(0, at), b.subarray(Math.min(b.length, at + op.length)))
    case 'duplicate':
      return join(b.subarray(0, at + Math.min(op.length, b.length - at)), b.subarray(at))
    case 'truncate':
      return b.slice(0, at)
  }
}

function join(...parts: Uint8Array[]): Uint8Array {
  let total = 0
  for (const p of parts) total += p.length
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

// ── packets: the dissectors' field map ──────────────────────────────────────────────────────────

/** Fields of a packet that hold lengths, offsets, counts, types or pointers: the likeliest to
 * break a reader when wrong. Every field of the detail tree is a candidate; these weigh more. */
const STRUCTURAL = /len|length|count|offset|ihl|hdr|size|ptr|pointer|total|option|ext|type|proto|next|flags|frag|version|num|id$|port/i

export interface PacketFieldMap {
  fields: { offset: number; length: number; structural: boolean }[]
  /** Offsets of DNS names in the packet (for compression pointers). */
  dnsNames: number[]
}

/** The dissectors' fields of one frame (link type, bytes), every application dissector tried. */
export function packetFields(linkType: number, b: Uint8Array): PacketFieldMap {
  const ctx = newContext(true)
  const net = decodeNetwork(ctx, linkType, b, false)
  if (net.ip && !net.ip.fragment) {
    const tr = decodeTransport(ctx, net.ip, b, false)
    const payload = tr.udp ? [tr.udp.payloadOffset, tr.udp.payloadEnd] : tr.tcp ? [tr.tcp.payloadOffset + (tr.tcp.payloadEnd - tr.tcp.payloadOffset > 2 ? 2 : 0), tr.tcp.payloadEnd] : null
    if (payload && payload[1]! > payload[0]!) decodeDns(ctx, b, payload[0]!, payload[1]!)
  }
  const fields: PacketFieldMap['fields'] = []
  const dnsNames: number[] = []
  const visit = (list: DecodedField[]): void => {
    for (const f of list) {
      if (f.length > 0 && f.length <= 8 && f.offset + f.length <= b.length) fields.push({ offset: f.offset, length: f.length, structural: STRUCTURAL.test(f.key) })
      if (/dns\.(qry|resp)\.name|\.name$/.test(f.key) && f.length > 0) dnsNames.push(f.offset)
      if (f.children) visit(f.children)
    }
  }
  for (const layer of ctx.layers) visit(layer.fields)
  return { fields, dnsNames }
}

export type PacketOp =
  | { op: 'field'; field: number; structural: boolean; value: NewValue }
  | { op: 'dns-pointer'; name: number; to: 'self' | 'forward' | 'previous' | 'header' | number }
  | { op: 'dns-label'; name: number; length: number }
  | ByteOp

export const packetOp: fc.Arbitrary<PacketOp> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('field' as const), field: fc.nat(), structural: fc.boolean(), value: newValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('dns-pointer' as const), name: fc.nat(), to: fc.oneof(fc.constantFrom('self' as const, 'forward' as const, 'previous' as const, 'header' as const), fc.nat(0x3fff)) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('dns-label' as const), name: fc.nat(), length: fc.constantFrom(0, 1, 63, 64, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xff) }) },
  { weight: 3, arbitrary: byteOp },
)

/** Applies `op` to the packet bytes p (a copy the caller owns), given the packet's field map. */
export function applyPacketOp(p: Uint8Array, map: PacketFieldMap, op: PacketOp): Uint8Array {
  switch (op.op) {
    case 'field': {
      const pool = op.structural ? map.fields.filter((f) => f.structural) : map.fields
      const f = pool.length > 0 ? pool[op.field % pool.length] : undefined
      if (f === undefined) return p
      const ref = { offset: f.offset, size: (f.length >= 4 ? 4 : f.length) as 1 | 2 | 4, littleEndian: false }
      writeField(p, ref, resolveValue(op.value, readField(p, ref), ref.size))
      return p
    }
    case 'dns-pointer': {
      if (map.dnsNames.length === 0) return p
      const at = map.dnsNames[op.name % map.dnsNames.length]!
      if (at + 2 > p.length) return p
      // A compression pointer is relative to the DNS message; aiming it at the name itself, a later
      // byte, an earlier name or the header makes loops, forward pointers and nonsense.
      const base = Math.max(0, map.dnsNames[0]! - 12)
      const previous = map.dnsNames[(op.name + map.dnsNames.length - 1) % map.dnsNames.length]!
      const target = op.to === 'self' ? at - base : op.to === 'forward' ? at - base + 2 : op.to === 'previous' ? previous - base : op.to === 'header' ? 0 : op.to
      p[at] = 0xc0 | ((target >> 8) & 0x3f)
      p[at + 1] = target & 0xff
      return p
    }
    case 'dns-label': {
      if (map.dnsNames.length === 0) return p
      const at = map.dnsNames[op.name % map.dnsNames.length]!
      if (at < p.length) p[at] = op.length
      return p
    }
    default:
      return applyByteOp(p, op)
  }
}

// ── captures ─────────────────────────────────────────────────────────────────────────────────────

export type CaptureOp =
  | { op: 'header'; field: number; value: NewValue }
  | { op: 'option'; option: number; value: NewValue }
  | { op: 'packet'; packet: number; ops: PacketOp[] }
  | { op: 'linktype'; field: number; linkType: number }
  | { op: 'cut'; boundary: number }
  | ByteOp

const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 0xffff, 147]

export const captureOp: fc.Arbitrary<CaptureOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('header' as const), field: fc.nat(), value: newValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('option' as const), option: fc.nat(), value: newValue }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('packet' as const), packet: fc.nat(), ops: fc.array(packetOp, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('linktype' as const), field: fc.nat(), linkType: fc.constantFrom(...LINK_TYPES) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cut' as const), boundary: fc.nat() }) },
  { weight: 2, arbitrary: byteOp },
)

export interface CaptureSeed {
  name: string
  bytes: Uint8Array
  layout: CaptureLayout
  /** Field maps of the seed's packets, made on first use. */
  packetMaps: Map<number, PacketFieldMap>
}

export function captureSeed(name: string, bytes: Uint8Array): CaptureSeed {
  return { name, bytes, layout: captureLayout(bytes), packetMaps: new Map() }
}

/** Applies the ops in order to a copy of the seed (positions are taken modulo what exists). */
export function mutateCapture(seed: CaptureSeed, ops: CaptureOp[]): Uint8Array {
  let b: Uint8Array = seed.bytes.slice()
  const layout = seed.layout
  for (const op of ops) {
    switch (op.op) {
      case 'header': {
        const f = layout.fields[op.field % Math.max(1, layout.fields.length)]
        if (f !== undefined && f.offset + f.size <= b.length) writeField(b, f, resolveValue(op.value, readField(b, f), f.size))
        break
      }
      case 'option': {
        const f = layout.options[op.option % Math.max(1, layout.options.length)]
        if (f !== undefined && f.offset + f.size <= b.length) writeField(b, f, resolveValue(op.value, readField(b, f), f.size))
        break
      }
      case 'linktype': {
        const links = layout.fields.filter((f: FieldRef) => f.name === 'pcap.linktype' || f.name === 'idb.linktype')
        const f = links[op.field % Math.max(1, links.length)]
        if (f !== undefined && f.offset + f.size <= b.length) writeField(b, f, op.linkType)
        break
      }
      case 'cut': {
        const at = layout.boundaries[op.boundary % Math.max(1, layout.boundaries.length)]
        if (at !== undefined) b = b.slice(0, at)
        break
      }
      case 'packet': {
        const ref = layout.packets[op.packet % Math.max(1, layout.packets.length)]
        if (ref === undefined || ref.offset + ref.length > b.length) break
        let map = seed.packetMaps.get(ref.offset)
        if (map === undefined) {
          map = packetFields(ref.linkType, seed.bytes.subarray(ref.offset, ref.offset + ref.length))
          seed.packetMaps.set(ref.offset, map)
        }
        let packet: Uint8Array = b.slice(ref.offset, ref.offset + ref.length)
        for (const pop of op.ops) packet = applyPacketOp(packet, map, pop)
        // A packet op that changed the length shifts what follows: the record's length field is
        // left as it was, which is itself a mutation worth making.
        b = join(b.subarray(0, ref.offset), packet, b.subarray(ref.offset + ref.length))
        break
      }
      default:
        b = applyByteOp(b, op)
    }
  }
  return b
}
