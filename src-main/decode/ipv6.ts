// IPv6 (RFC 8200) with its extension headers (hop-by-hop, routing, fragment, destination
// options, AH). Fragments are reported and reassembled by the analyzer.
import { addLayer, field, generated, hex, ipv6, issue, u16, u32, type DecodeContext } from './core.ts'
import { ipProtocolName } from './ipproto.ts'
import type { IpResult } from './ipv4.ts'

const IP6_PLEN = 4
const IP6_NXT = 6
const IP6_HLIM = 7
const IP6_SRC = 8
const IP6_DST = 24
const IP6_HEADER = 40

const EXT_HOP = 0
const EXT_ROUTING = 43
const EXT_FRAGMENT = 44
const EXT_DSTOPTS = 60
const EXT_AH = 51
/** Each extension header's layer, named as RFC 8200 §4 (and RFC 4302 for AH) names it. */
const EXT_LAYER_NAMES: Readonly<Record<number, string>> = {
  [EXT_HOP]: 'IPv6 Hop-by-Hop Options Header',
  [EXT_ROUTING]: 'IPv6 Routing Header',
  [EXT_FRAGMENT]: 'IPv6 Fragment Header',
  [EXT_DSTOPTS]: 'IPv6 Destination Options Header',
  [EXT_AH]: 'Authentication Header',
}
/** Nothing follows the header (RFC 8200 §4.7): a Payload Length of 0 is then right. */
const NO_NEXT_HEADER = 59

/** The Jumbo Payload option (RFC 2675 §2), in a Hop-by-Hop Options header: type 0xC2, 4 bytes of
 * data, the packet's length after the IPv6 header (extension headers included). A jumbogram's
 * Payload Length field is 0; the option's length must be above 65 535. */
const OPT_PAD1 = 0
const OPT_JUMBO = 0xc2
const JUMBO_MIN = 65536

/** The Jumbo Payload option of the Hop-by-Hop header at `o` (its 8n bytes inside `end`): where it is
 * and the length it gives, or null when the header has none (or is cut short before it). */
function jumboOption(b: Uint8Array, o: number, end: number): { at: number; length: number } | null {
  if (end - o < 2) return null
  const headerEnd = Math.min(end, o + (b[o + 1]! + 1) * 8)
  // Options are type-length-value, but Pad1 (RFC 8200 §4.2) is the one byte 0. Bounded by the header.
  for (let p = o + 2; p < headerEnd; ) {
    const type = b[p]!
    if (type === OPT_PAD1) {
      p++
      continue
    }
    if (p + 2 > headerEnd) return null
    const dataLength = b[p + 1]!
    if (type === OPT_JUMBO && dataLength === 4 && p + 6 <= headerEnd) return { at: p, length: u32(b, p + 2) }
    p += 2 + dataLength
  }
  return null
}

export function decodeIpv6(ctx: DecodeContext, b: Uint8Array, off: number, end: number, frameShort = false): IpResult | null {
  const avail = end - off
  if (avail < IP6_HEADER) {
    issue(ctx, 'IPv6', frameShort ? 'note' : 'error', 'IPV6_HEADER_SHORT', { captured: avail, cut: frameShort }, off, avail)
    return null
  }
  const vtf = u32(b, off)
  const plen = u16(b, off + IP6_PLEN)
  let next = b[off + IP6_NXT]!
  // A jumbogram (RFC 2675, Linux's BIG TCP): its length is in the Hop-by-Hop header's Jumbo
  // Payload option, and its Payload Length field is 0.
  const jumbo = next === EXT_HOP ? jumboOption(b, off + IP6_HEADER, end) : null
  // A Payload Length of 0 that is no jumbogram's: with a Hop-by-Hop header it is an error (RFC 2675
  // §3) and nothing after the header is read; otherwise the frame's rest is read as the payload,
  // as decodeIpv4 does with a total length of 0 (a capture taken before TCP segmentation offload).
  const zero = plen === 0 && !jumbo && next !== NO_NEXT_HEADER && avail > IP6_HEADER
  const length = jumbo && plen === 0 ? jumbo.length : zero ? avail - IP6_HEADER : plen
  const r: IpResult = {
    version: 6,
    src: ipv6(b, off + IP6_SRC),
    dst: ipv6(b, off + IP6_DST),
    protocol: next,
    payloadOffset: off + IP6_HEADER,
    payloadEnd: Math.min(end, off + IP6_HEADER + length),
    payloadLength: length,
    ttl: b[off + IP6_HLIM]!,
  }
  const layer = !ctx.detail ? null : addLayer(ctx, `Internet Protocol Version 6, Src: ${r.src}, Dst: ${r.dst}`, off, IP6_HEADER)
  if (layer) {
    const v = field('ipv6.version', 'Version', off, 1, vtf >>> 28)
    v.mask = 0xf0
    const tc = field('ipv6.tclass', 'Traffic Class', off, 4, (vtf >>> 20) & 0xff, `Traffic Class: ${hex((vtf >>> 20) & 0xff, 2)}`)
    tc.mask = 0x0ff00000
    const fl = field('ipv6.flow', 'Flow Label', off + 1, 3, vtf & 0xfffff, `Flow Label: ${hex(vtf & 0xfffff, 5)}`)
    fl.mask = 0x0fffff
    layer.fields.push(
      v,
      tc,
      fl,
      field('ipv6.plen', 'Payload Length', off + IP6_PLEN, 2, plen, jumbo && plen === 0 ? 'Payload Length: 0 (Jumbogram)' : undefined),
      field('ipv6.nxt', 'Next Header', off + IP6_NXT, 1, next, `Next Header: ${ipProtocolName(next)} (${next})`),
      field('ipv6.hlim', 'Hop Limit', off + IP6_HLIM, 1, r.ttl),
      field('ipv6.src', 'Source Address', off + IP6_SRC, 16, r.src),
      field('ipv6.dst', 'Destination Address', off + IP6_DST, 16, r.dst),
    )
  }
  if (vtf >>> 28 !== 6) issue(ctx, 'IPv6', 'error', 'IPV6_BAD_VERSION', { version: vtf >>> 28 }, off, 1)
  // RFC 2675 §3's checks of a Jumbo Payload option and the Payload Length field.
  if (jumbo && plen !== 0) issue(ctx, 'IPv6', 'warning', 'IPV6_JUMBO_WITH_PAYLOAD_LENGTH', { payloadLength: plen, jumboLength: jumbo.length }, jumbo.at, 1)
  else if (jumbo && jumbo.length < JUMBO_MIN) issue(ctx, 'IPv6', 'error', 'IPV6_JUMBO_LENGTH_TOO_SMALL', { jumboLength: jumbo.length }, jumbo.at + 2, 4)
  else if (jumbo) issue(ctx, 'IPv6', 'note', 'IPV6_JUMBOGRAM', { jumboLength: jumbo.length }, off + IP6_PLEN, 2)
  else if (zero) {
    issue(ctx, 'IPv6', 'error', 'IPV6_PAYLOAD_LENGTH_ZERO', { following: avail - IP6_HEADER, nextHeader: ipProtocolName(next), hopByHop: next === EXT_HOP }, off + IP6_PLEN, 2)
    if (next === EXT_HOP) return null
  }
  if (off + IP6_HEADER + length > end && length !== 0) {
    if (frameShort) issue(ctx, 'IPv6', 'note', 'IPV6_PAYLOAD_SNAPPED', { payloadLength: length, captured: avail - IP6_HEADER }, off + IP6_PLEN, 2)
    else issue(ctx, 'IPv6', 'error', 'IPV6_PAYLOAD_PAST_FRAME', { payloadLength: length, frameBytes: avail - IP6_HEADER }, off + IP6_PLEN, 2)
  }
  let o = off + IP6_HEADER
  const pend = r.payloadEnd
  for (let guard = 0; guard < 16; guard++) {
    if (next !== EXT_HOP && next !== EXT_ROUTING && next !== EXT_FRAGMENT && next !== EXT_DSTOPTS && next !== EXT_AH) break
    if (pend - o < 8) {
      issue(ctx, 'IPv6', 'error', 'IPV6_EXTENSION_SHORT', { header: ipProtocolName(next), bytes: pend - o }, o, pend - o)
      return null
    }
    const nh = b[o]!
    let len: number
    if (next === EXT_FRAGMENT) {
      len = 8
      // RFC 2675 §3: the receiver answers with a Parameter Problem pointing at the Fragment header.
      if (jumbo) issue(ctx, 'IPv6', 'error', 'IPV6_JUMBO_WITH_FRAGMENT', { jumboLength: jumbo.length }, o, 8)
      const fo = u16(b, o + 2)
      const id = u32(b, o + 4)
      r.fragment = { id, offset: fo & 0xfff8, more: (fo & 1) === 1 }
      if (ctx.detail) {
        const ext = addLayer(ctx, EXT_LAYER_NAMES[EXT_FRAGMENT]!, o, 8)
        ext?.fields.push(
          field('ipv6.fragment.nxt', 'Next header', o, 1, nh, `Next header: ${ipProtocolName(nh)} (${nh})`),
          field('ipv6.fragment.offset', 'Offset', o + 2, 2, fo & 0xfff8, `Offset: ${fo & 0xfff8} bytes`),
          field('ipv6.fragment.more', 'More Fragments', o + 2, 2, (fo & 1) === 1),
          field('ipv6.fragment.id', 'Identification', o + 4, 4, id, `Identification: ${hex(id, 8)}`),
        )
      }
    } else {
      len = next === EXT_AH ? (b[o + 1]! + 2) * 4 : (b[o + 1]! + 1) * 8
      if (o + len > pend) {
        issue(ctx, 'IPv6', 'error', 'IPV6_EXTENSION_PAST_PAYLOAD', { header: ipProtocolName(next), headerLength: len }, o + 1, 1)
        return null
      }
      if (ctx.detail) {
        const ext = addLayer(ctx, EXT_LAYER_NAMES[next]!, o, len)
        ext?.fields.push(field('ipv6.ext.nxt', 'Next Header', o, 1, nh, `Next Header: ${ipProtocolName(nh)} (${nh})`), field('ipv6.ext.len', 'Length', o + 1, 1, b[o + 1]!, `Length: ${b[o + 1]} (${len} bytes)`))
        if (next === EXT_HOP && jumbo) {
          const j = field('ipv6.opt', 'Jumbo Payload', jumbo.at, 6, jumbo.length, `Jumbo Payload: ${jumbo.length} bytes`)
          j.children = [
            field('ipv6.opt.type', 'Type', jumbo.at, 1, OPT_JUMBO, `Type: Jumbo Payload (${hex(OPT_JUMBO, 2)})`),
            field('ipv6.opt.length', 'Length', jumbo.at + 1, 1, 4),
            field('ipv6.opt.jumbo', 'Payload Length', jumbo.at + 2, 4, jumbo.length),
          ]
          ext?.fields.push(j)
        }
      }
    }
    next = nh
    o += len
  }
  r.protocol = next
  r.payloadOffset = o
  r.payloadLength = length - (o - off - IP6_HEADER)
  if (layer && o > off + IP6_HEADER) layer.fields.push(generated('ipv6.upper', 'Upper-layer protocol', off + IP6_NXT, `${ipProtocolName(next)} (${next})`))
  return r
}
