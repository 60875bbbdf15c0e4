// IPv4 (RFC 791): header with options; fragments are reported here and reassembled by the analyzer
// (ip-reassembly.ts) because reassembly needs state across frames.
import { addLayer, bits, field, flag, generated, hex, issue, u16, u32, type DecodeContext } from './core.ts'
import { ipProtocolName } from './ipproto.ts'

const IP_VHL = 0
const IP_TOS = 1
const IP_LEN = 2
const IP_ID = 4
const IP_FRAG = 6
const IP_TTL = 8
const IP_PROTO = 9
const IP_CSUM = 10
const IP_SRC = 12
const IP_DST = 16

export interface IpResult {
  version: 4 | 6
  src: string
  dst: string
  /** IPv4: the addresses as 32-bit numbers, signed (int32: always a small integer to V8, so
   * filling them makes no heap number; dotted() reads either sign). The streaming pass keys on
   * these, so a packet makes no address text; decodeIpv4 writes `src`/`dst` only when they are read. */
  srcV4?: number
  dstV4?: number
  /** Upper-layer protocol number (after IPv6 extension headers). */
  protocol: number
  payloadOffset: number
  /** End of the payload: the smaller of the header's length and what was captured. */
  payloadEnd: number
  /** Payload length the header claims (may exceed what was captured). */
  payloadLength: number
  ttl: number
  /** Set for a fragment (MF set or offset > 0). */
  fragment?: { id: number; offset: number; more: boolean }
}

/** decodeIpv4's result: the addresses are kept as numbers and written as text when first read.
 * The streaming pass gives one to decodeIpv4 to fill for every frame (set()). */
export class Ipv4Result implements IpResult {
  readonly version = 4 as const
  private srcText: string | null = null
  private dstText: string | null = null
  fragment?: { id: number; offset: number; more: boolean } = undefined
  constructor(
    public srcV4 = 0,
    public dstV4 = 0,
    public protocol = 0,
    public payloadOffset = 0,
    public payloadEnd = 0,
    public payloadLength = 0,
    public ttl = 0,
  ) {}

  set(srcV4: number, dstV4: number, protocol: number, payloadOffset: number, payloadEnd: number, payloadLength: number, ttl: number): this {
    this.srcV4 = srcV4
    this.dstV4 = dstV4
    this.protocol = protocol
    this.payloadOffset = payloadOffset
    this.payloadEnd = payloadEnd
    this.payloadLength = payloadLength
    this.ttl = ttl
    this.srcText = null
    this.dstText = null
    this.fragment = undefined
    return this
  }

  get src(): string {
    return (this.srcText ??= dotted(this.srcV4))
  }

  get dst(): string {
    return (this.dstText ??= dotted(this.dstV4))
  }
}

/** An IPv4 address's dotted text from its 32-bit value, signed or not (as core.ts ipv4() writes it
 * from bytes). */
export function dotted(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`
}

const OPTION_NAMES: Record<number, string> = { 0: 'End of Options List', 1: 'No-Operation', 7: 'Record Route', 68: 'Time Stamp', 130: 'Security', 131: 'Loose Source Route', 137: 'Strict Source Route', 148: 'Router Alert' }

/** `into`: a result to fill instead of a new one (the streaming pass reuses one for every frame). */
export function decodeIpv4(ctx: DecodeContext, b: Uint8Array, off: number, end: number, frameShort = false, into?: Ipv4Result): IpResult | null {
  const avail = end - off
  if (avail < 20) {
    issue(ctx, 'IPv4', 'error', 'IPV4_HEADER_SHORT', { captured: avail }, off, avail)
    return null
  }
  const vhl = b[off + IP_VHL]!
  const version = vhl >> 4
  const ihl = (vhl & 0x0f) * 4
  const totalLength = u16(b, off + IP_LEN)
  const frag = u16(b, off + IP_FRAG)
  const r = (into ?? new Ipv4Result()).set(u32(b, off + IP_SRC) | 0, u32(b, off + IP_DST) | 0, b[off + IP_PROTO]!, off + ihl, Math.min(end, off + totalLength), totalLength - ihl, b[off + IP_TTL]!)
  const layer = !ctx.detail ? null : addLayer(ctx, `Internet Protocol Version 4, Src: ${r.src}, Dst: ${r.dst}`, off, Math.max(20, Math.min(ihl, avail)))
  if (layer) {
    const vf = field('ip.version', 'Version', off, 1, version)
    vf.mask = 0xf0
    vf.display = bits('ip.version', 'Version', off, 1, 0xf0, vhl).display
    const tos = b[off + IP_TOS]!
    // The three flag bits live in the first byte of the 16-bit flags/offset word (Wireshark: 1 byte, mask 0xe0).
    const flagsByte = frag >> 8
    const flagsField = field('ip.flags', 'Flags', off + IP_FRAG, 1, frag >> 13, `Flags: ${hex(frag >> 13, 1)}${frag & 0x4000 ? ", Don't fragment" : ''}${frag & 0x2000 ? ', More fragments' : ''}`)
    flagsField.mask = 0xe0
    flagsField.children = [
      flag('ip.flags.rb', 'Reserved bit', off + IP_FRAG, 1, 0x80, flagsByte),
      flag('ip.flags.df', "Don't fragment", off + IP_FRAG, 1, 0x40, flagsByte),
      flag('ip.flags.mf', 'More fragments', off + IP_FRAG, 1, 0x20, flagsByte),
    ]
    layer.fields.push(
      vf,
      bits('ip.hdr_len', 'Header Length', off, 1, 0x0f, vhl, `${ihl} bytes (${vhl & 0x0f})`),
      field('ip.dsfield', 'Differentiated Services Field', off + IP_TOS, 1, tos, `Differentiated Services Field: ${hex(tos, 2)} (DSCP ${tos >> 2}, ECN ${tos & 3})`),
      field('ip.len', 'Total Length', off + IP_LEN, 2, totalLength),
      field('ip.id', 'Identification', off + IP_ID, 2, u16(b, off + IP_ID), `Identification: ${hex(u16(b, off + IP_ID), 4)} (${u16(b, off + IP_ID)})`),
      flagsField,
      bits('ip.frag_offset', 'Fragment Offset', off + IP_FRAG, 2, 0x1fff, frag, `${(frag & 0x1fff) * 8} bytes`),
      field('ip.ttl', 'Time to Live', off + IP_TTL, 1, r.ttl),
      field('ip.proto', 'Protocol', off + IP_PROTO, 1, r.protocol, `Protocol: ${ipProtocolName(r.protocol)} (${r.protocol})`),
      field('ip.checksum', 'Header Checksum', off + IP_CSUM, 2, u16(b, off + IP_CSUM), `Header Checksum: ${hex(u16(b, off + IP_CSUM), 4)} [validation disabled]`),
      field('ip.src', 'Source Address', off + IP_SRC, 4, r.src),
      field('ip.dst', 'Destination Address', off + IP_DST, 4, r.dst),
    )
  }
  if (version !== 4) issue(ctx, 'IPv4', 'error', 'IPV4_BAD_VERSION', { version }, off, 1)
  if (ihl < 20) {
    issue(ctx, 'IPv4', 'error', 'IPV4_BAD_HEADER_LENGTH', { headerLength: ihl }, off, 1)
    return null
  }
  if (ihl > avail) {
    issue(ctx, 'IPv4', frameShort ? 'note' : 'error', 'IPV4_HEADER_PAST_CAPTURE', { headerLength: ihl, captured: avail, cut: frameShort }, off, avail)
    return null
  }
  if (totalLength < ihl) {
    issue(ctx, 'IPv4', 'error', 'IPV4_TOTAL_LENGTH_BELOW_HEADER', { totalLength, headerLength: ihl }, off + IP_LEN, 2)
    r.payloadEnd = end
    r.payloadLength = end - r.payloadOffset
  } else if (off + totalLength > end) {
    if (frameShort) issue(ctx, 'IPv4', 'note', 'IPV4_TOTAL_LENGTH_SNAPPED', { totalLength, captured: avail }, off + IP_LEN, 2)
    else issue(ctx, 'IPv4', 'error', 'IPV4_TOTAL_LENGTH_PAST_FRAME', { totalLength, frameBytes: avail }, off + IP_LEN, 2)
  }
  if (ihl > 20 && layer) layer.fields.push(...ipv4Options(b, off + 20, off + ihl))
  const fragOffset = (frag & 0x1fff) * 8
  const more = (frag & 0x2000) !== 0
  if (more || fragOffset > 0) {
    r.fragment = { id: u16(b, off + IP_ID), offset: fragOffset, more }
    if (layer) layer.fields.push(generated('ip.fragment', 'Fragment', off, `offset ${fragOffset}${more ? ', more follow' : ', last'}`))
  }
  return r
}

function ipv4Options(b: Uint8Array, off: number, end: number) {
  const out = [field('ip.options', 'Options', off, end - off, end - off, `Options: (${end - off} bytes)`)]
  const children: typeof out = []
  let o = off
  while (o < end) {
    const type = b[o]!
    if (type === 0 || type === 1) {
      children.push(field('ip.opt.type', OPTION_NAMES[type]!, o, 1, type, `IP Option - ${OPTION_NAMES[type]}`))
      o++
      if (type === 0) break
      continue
    }
    const len = b[o + 1] ?? 0
    if (len < 2 || o + len > end) {
      children.push(field('ip.opt.bad', 'Bad option length', o, end - o, len, `IP Option ${type}: bad length ${len}`))
      break
    }
    children.push(field('ip.opt.type', OPTION_NAMES[type] ?? `Option ${type}`, o, len, type, `IP Option - ${OPTION_NAMES[type] ?? `Unknown (${type})`} (${len} bytes)`))
    o += len
  }
  out[0]!.children = children
  return out
}
