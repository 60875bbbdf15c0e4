// Link-layer types (tcpdump.org/linktypes.html) we read, with their names and first dissector.
// pcap and pcapng both name the link type per file/interface; the frame's first layer comes from it.
import { addLayer, field, issue, type DecodeContext } from './core.ts'
import { decodeEthernet, linkResult, type LinkResult } from './ethernet.ts'
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ethertypes.ts'
import { decodeLoopback } from './loopback.ts'
import { decodeSll } from './sll.ts'
import { decodeSll2 } from './sll2.ts'

export const LINKTYPE_NULL = 0
export const LINKTYPE_ETHERNET = 1
export const DLT_RAW_12 = 12 // DLT_RAW on most BSDs and Linux libpcap before LINKTYPE_RAW
export const DLT_RAW_14 = 14 // DLT_RAW on OpenBSD
export const LINKTYPE_LOOP = 108
export const LINKTYPE_RAW = 101
export const LINKTYPE_LINUX_SLL = 113
export const LINKTYPE_IPV4 = 228
export const LINKTYPE_IPV6 = 229
export const LINKTYPE_LINUX_SLL2 = 276

const NAMES: Record<number, string> = {
  [LINKTYPE_NULL]: 'NULL',
  [LINKTYPE_ETHERNET]: 'ETHERNET',
  [DLT_RAW_12]: 'RAW',
  [DLT_RAW_14]: 'RAW',
  [LINKTYPE_RAW]: 'RAW',
  [LINKTYPE_LOOP]: 'LOOP',
  [LINKTYPE_LINUX_SLL]: 'LINUX_SLL',
  [LINKTYPE_IPV4]: 'IPV4',
  [LINKTYPE_IPV6]: 'IPV6',
  [LINKTYPE_LINUX_SLL2]: 'LINUX_SLL2',
}

export function linkTypeName(id: number): string {
  return NAMES[id] ?? `LINKTYPE_${id}`
}

export function isSupportedLinkType(id: number): boolean {
  return id in NAMES
}

/** Raw IP: no link header; the IP version is the first nibble (LINKTYPE_RAW, DLT_RAW). */
function decodeRawIp(ctx: DecodeContext, b: Uint8Array, off: number, end: number, only: 4 | 6 | undefined, into: LinkResult | undefined): LinkResult {
  if (end <= off) {
    issue(ctx, 'Raw IP', 'error', 'RAW_IP_EMPTY', {}, off, 0)
    return linkResult(-1, end, into)
  }
  const version = b[off]! >> 4
  const layer = addLayer(ctx, 'Raw packet data', off, 0)
  layer?.fields.push(field('raw.version', 'IP version (from the first nibble)', off, 1, version, `IP version: ${version} (no link-layer header)`))
  if (only !== undefined && version !== only) issue(ctx, 'Raw IP', 'warning', 'RAW_IP_VERSION_MISMATCH', { linkVersion: only, version }, off, 1)
  const v = only ?? version
  return linkResult(v === 4 ? ETHERTYPE_IPV4 : v === 6 ? ETHERTYPE_IPV6 : -1, off, into)
}

/** The frame's link layer, from the capture's link type. `into`: a result to fill instead of a new
 * one (the streaming pass's DecodeScratch), good until the next frame's decode with it. */
export function decodeLink(ctx: DecodeContext, linkType: number, b: Uint8Array, off: number, end: number, into?: LinkResult): LinkResult {
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      return decodeEthernet(ctx, b, off, end, into)
    case LINKTYPE_LINUX_SLL:
      return decodeSll(ctx, b, off, end, into)
    case LINKTYPE_LINUX_SLL2:
      return decodeSll2(ctx, b, off, end, into)
    case LINKTYPE_NULL:
      return decodeLoopback(ctx, b, off, end, false, into)
    case LINKTYPE_LOOP:
      return decodeLoopback(ctx, b, off, end, true, into)
    case DLT_RAW_12:
    case DLT_RAW_14:
    case LINKTYPE_RAW:
      return decodeRawIp(ctx, b, off, end, undefined, into)
    case LINKTYPE_IPV4:
      return decodeRawIp(ctx, b, off, end, 4, into)
    case LINKTYPE_IPV6:
      return decodeRawIp(ctx, b, off, end, 6, into)
    default:
      issue(ctx, 'Frame', 'warning', 'FRAME_LINK_TYPE_NOT_DISSECTED', { linkType }, off, end - off)
      return linkResult(-1, off, into)
  }
}
