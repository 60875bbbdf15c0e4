// ICMP (RFC 792) and ICMPv6 (RFC 4443): type, code, checksum and the echo id/sequence.
// Errors quote the offending IP header; that quote is shown as bytes, not dissected again.
import { addLayer, field, hex, issue, u16, type DecodeContext } from './core.ts'

export interface IcmpResult {
  type: number
  code: number
  info: string
}

const ICMP4: Record<number, string> = { 0: 'Echo (ping) reply', 3: 'Destination unreachable', 5: 'Redirect', 8: 'Echo (ping) request', 11: 'Time-to-live exceeded', 12: 'Parameter problem' }
const ICMP6: Record<number, string> = { 1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem', 128: 'Echo (ping) request', 129: 'Echo (ping) reply', 133: 'Router Solicitation', 134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement', 137: 'Redirect' }
const UNREACH4: Record<number, string> = { 0: 'Network unreachable', 1: 'Host unreachable', 3: 'Port unreachable', 4: 'Fragmentation needed', 13: 'Communication administratively filtered' }

export function decodeIcmp(ctx: DecodeContext, b: Uint8Array, off: number, end: number, v6: boolean): IcmpResult | null {
  const name = v6 ? 'ICMPv6' : 'ICMP'
  if (end - off < 4) {
    issue(ctx, name, 'error', 'ICMP_HEADER_SHORT', { protocol: name, captured: end - off }, off, end - off)
    return null
  }
  const type = b[off]!
  const code = b[off + 1]!
  const names = v6 ? ICMP6 : ICMP4
  let info = names[type] ?? `Type ${type}`
  if (!v6 && type === 3) info += ` (${UNREACH4[code] ?? `code ${code}`})`
  const echo = v6 ? type === 128 || type === 129 : type === 0 || type === 8
  if (echo && end - off >= 8) info += `  id=${hex(u16(b, off + 4), 4)}, seq=${u16(b, off + 6)}`
  const layer = addLayer(ctx, v6 ? 'Internet Control Message Protocol v6' : 'Internet Control Message Protocol', off, end - off)
  if (layer) {
    const k = v6 ? 'icmpv6' : 'icmp'
    layer.fields.push(
      field(`${k}.type`, 'Type', off, 1, type, `Type: ${type} (${names[type] ?? 'Unknown'})`),
      field(`${k}.code`, 'Code', off + 1, 1, code),
      field(`${k}.checksum`, 'Checksum', off + 2, 2, u16(b, off + 2), `Checksum: ${hex(u16(b, off + 2), 4)}`),
    )
    if (echo && end - off >= 8) {
      layer.fields.push(field(`${k}.ident`, 'Identifier', off + 4, 2, u16(b, off + 4)), field(`${k}.seq`, 'Sequence Number', off + 6, 2, u16(b, off + 6)))
      if (end - off > 8) layer.fields.push(field('data', 'Data', off + 8, end - off - 8, end - off - 8, `Data (${end - off - 8} bytes)`))
    } else if (end - off > 8) {
      layer.fields.push(field(`${k}.quoted`, 'Quoted packet', off + 8, end - off - 8, end - off - 8, `Original datagram (${end - off - 8} bytes)`))
    }
  }
  return { type, code, info }
}
