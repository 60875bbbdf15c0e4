// BSD loopback / DLT_NULL (0) and DLT_LOOP (108): a 4-byte address family. DLT_NULL stores it in
// the *capturing host's* byte order, so both orders are tried (as Wireshark does); DLT_LOOP is
// always big-endian. AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD) or
// 30 (macOS).
import { addLayer, field, issue, u32, u32le, type DecodeContext } from './core.ts'
import { ETHERTYPE_IPV4, ETHERTYPE_IPV6 } from './ethertypes.ts'
import { linkResult, type LinkResult } from './ethernet.ts'

function familyToEtherType(af: number): number {
  if (af === 2) return ETHERTYPE_IPV4
  if (af === 24 || af === 28 || af === 30 || af === 10 || af === 23) return ETHERTYPE_IPV6
  return -1
}

export function decodeLoopback(ctx: DecodeContext, b: Uint8Array, off: number, end: number, alwaysBigEndian = false, into?: LinkResult): LinkResult {
  if (end - off < 4) {
    issue(ctx, 'Null/Loopback', 'error', 'LOOPBACK_HEADER_SHORT', { captured: end - off }, off, end - off)
    return linkResult(-1, end, into)
  }
  const be = u32(b, off)
  const le = u32le(b, off)
  // Host order is unknown: the small value is the right reading (families are < 256).
  const af = alwaysBigEndian ? be : be < 256 ? be : le
  let etherType = familyToEtherType(af)
  // Some captures carry an EtherType in the low two bytes instead of an address family (as
  // Wireshark accepts too): 0f 00 08 00 is IPv4.
  const low = (b[off + 2]! << 8) | b[off + 3]!
  if (etherType < 0 && (low === ETHERTYPE_IPV4 || low === ETHERTYPE_IPV6)) etherType = low
  const layer = addLayer(ctx, 'Null/Loopback', off, 4)
  layer?.fields.push(familyToEtherType(af) >= 0 || etherType < 0 ? field('null.family', 'Family', off, 4, af, `Family: ${etherType === ETHERTYPE_IPV4 ? 'IP' : etherType === ETHERTYPE_IPV6 ? 'IPv6' : 'Unknown'} (${af})`) : field('null.type', 'Type', off, 4, low, `Type: ${low === ETHERTYPE_IPV4 ? 'IPv4' : 'IPv6'} (0x${low.toString(16).padStart(4, '0')})`))
  if (etherType < 0) issue(ctx, 'Null/Loopback', 'warning', 'LOOPBACK_UNKNOWN_FAMILY', { family: af }, off, 4)
  return linkResult(etherType, off + 4, into)
}
