// Where the length, offset, type and time fields of a capture file are, so mutations can aim at
// them: pcap's global and record headers, pcapng's blocks (type, the two total lengths, the byte
// order magic, interface link types and snap lengths, packet lengths and time stamps) and their
// options. A walker of the fuzzer's own, deliberately independent of src-main/capture (the code
// under test): it follows the lengths it finds as far as they make sense and stops there.

export interface FieldRef {
  offset: number
  size: 1 | 2 | 4 | 8
  littleEndian: boolean
  name: string
}

export interface PacketRef {
  /** Offset of the packet's first byte in the file, its captured length, its link type. */
  offset: number
  length: number
  linkType: number
}

export interface CaptureLayout {
  format: 'pcap' | 'pcapng' | 'unknown'
  /** Header, record and block fields worth mutating. */
  fields: FieldRef[]
  /** pcapng option headers (code, length) found in blocks. */
  options: FieldRef[]
  packets: PacketRef[]
  /** Offsets where a record or block starts (cutting there keeps the file well formed). */
  boundaries: number[]
}

const PCAP_MAGICS = new Map<number, { le: boolean }>([
  [0xa1b2c3d4, { le: false }],
  [0xd4c3b2a1, { le: true }],
  [0xa1b23c4d, { le: false }],
  [0x4d3cb2a1, { le: true }],
])

export function captureLayout(b: Uint8Array): CaptureLayout {
  const out: CaptureLayout = { format: 'unknown', fields: [], options: [], packets: [], boundaries: [] }
  if (b.length < 4) return out
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const magic = view.getUint32(0, false)
  const pcap = PCAP_MAGICS.get(magic)
  if (pcap !== undefined) {
    out.format = 'pcap'
    walkPcap(view, pcap.le, out)
  } else if (magic === 0x0a0d0d0a) {
    out.format = 'pcapng'
    walkPcapng(view, out)
  }
  return out
}

function walkPcap(v: DataView, le: boolean, out: CaptureLayout): void {
  const f = (offset: number, size: FieldRef['size'], name: string): void => void out.fields.push({ offset, size, littleEndian: le, name })
  f(0, 4, 'pcap.magic')
  f(4, 2, 'pcap.version_major')
  f(6, 2, 'pcap.version_minor')
  f(8, 4, 'pcap.thiszone')
  f(16, 4, 'pcap.snaplen')
  f(20, 4, 'pcap.linktype')
  if (v.byteLength < 24) return
  const linkType = v.getUint32(20, le) & 0x0fffffff
  let o = 24
  while (o + 16 <= v.byteLength && out.packets.length < 10_000) {
    out.boundaries.push(o)
    f(o, 4, 'record.ts_sec')
    f(o + 4, 4, 'record.ts_frac')
    f(o + 8, 4, 'record.incl_len')
    f(o + 12, 4, 'record.orig_len')
    const incl = v.getUint32(o + 8, le)
    if (incl > v.byteLength - o - 16) break
    out.packets.push({ offset: o + 16, length: incl, linkType })
    o += 16 + incl
  }
  out.boundaries.push(o)
}

function walkPcapng(v: DataView, out: CaptureLayout): void {
  let le = true
  const interfaces: number[] = []
  let o = 0
  while (o + 12 <= v.byteLength && out.fields.length < 50_000) {
    const typeBE = v.getUint32(o, false)
    if (typeBE === 0x0a0d0d0a) {
      // The byte-order magic decides this section's endianness.
      const bom = v.getUint32(o + 8, true)
      le = bom === 0x1a2b3c4d
      interfaces.length = 0
    }
    const type = v.getUint32(o, le)
    const length = v.getUint32(o + 4, le)
    out.boundaries.push(o)
    const f = (offset: number, size: FieldRef['size'], name: string): void => void out.fields.push({ offset: o + offset, size, littleEndian: le, name })
    f(0, 4, 'block.type')
    f(4, 4, 'block.total_length')
    if (length < 12 || length % 4 !== 0 || length > v.byteLength - o) break
    f(length - 4, 4, 'block.total_length_trailer')
    let optionsAt = -1
    switch (type) {
      case 0x0a0d0d0a:
        f(8, 4, 'shb.byte_order_magic')
        f(12, 2, 'shb.major')
        f(14, 2, 'shb.minor')
        f(16, 8, 'shb.section_length')
        optionsAt = 24
        break
      case 1:
        f(8, 2, 'idb.linktype')
        f(12, 4, 'idb.snaplen')
        interfaces.push(v.getUint16(o + 8, le))
        optionsAt = 16
        break
      case 6:
      case 2: {
        f(8, type === 6 ? 4 : 2, 'epb.interface_id')
        f(12, 4, 'epb.timestamp_high')
        f(16, 4, 'epb.timestamp_low')
        f(20, 4, 'epb.captured_length')
        f(24, 4, 'epb.original_length')
        const captured = v.getUint32(o + 20, le)
        const iface = type === 6 ? v.getUint32(o + 8, le) : v.getUint16(o + 8, le)
        if (28 + captured <= length - 4) {
          out.packets.push({ offset: o + 28, length: captured, linkType: interfaces[iface] ?? 1 })
          optionsAt = 28 + ((captured + 3) & ~3)
        }
        break
      }
      case 3:
        f(8, 4, 'spb.original_length')
        out.packets.push({ offset: o + 12, length: Math.max(0, length - 16), linkType: interfaces[0] ?? 1 })
        break
      case 5:
        f(8, 4, 'isb.interface_id')
        f(12, 4, 'isb.timestamp_high')
        optionsAt = 20
        break
      case 0x0a:
        f(8, 4, 'dsb.secrets_type')
        f(12, 4, 'dsb.secrets_length')
        break
      case 4:
        optionsAt = -1
        f(8, 2, 'nrb.record_type')
        f(10, 2, 'nrb.record_length')
        break
    }
    if (optionsAt >= 0) walkOptions(v, o + optionsAt, o + length - 4, le, out)
    o += length
  }
  out.boundaries.push(o)
}

function walkOptions(v: DataView, from: number, end: number, le: boolean, out: CaptureLayout): void {
  let o = from
  while (o + 4 <= end) {
    out.options.push({ offset: o, size: 2, littleEndian: le, name: 'option.code' }, { offset: o + 2, size: 2, littleEndian: le, name: 'option.length' })
    const code = v.getUint16(o, le)
    const length = v.getUint16(o + 2, le)
    if (code === 0) break
    o += 4 + ((length + 3) & ~3)
  }
}

/** A prefix of the capture of at most `max` bytes that ends at a record or block boundary. */
export function cutCapture(b: Uint8Array, max: number): Uint8Array {
  if (b.length <= max) return b
  const layout = captureLayout(b)
  let cut = 0
  for (const boundary of layout.boundaries) if (boundary <= max) cut = boundary
  return b.subarray(0, cut > 0 ? cut : max)
}
