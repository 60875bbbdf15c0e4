// TCP (RFC 9293) header with its options (MSS, window scale, SACK, timestamps). Sequence
// analysis and reassembly need state across frames: the analyzer does them (tcp-reassembly.ts).
import { addLayer, field, flag, generated, hex, issue, u16, u32, type DecodeContext } from './core.ts'

const TCP_SPORT = 0
const TCP_DPORT = 2
const TCP_SEQ = 4
const TCP_ACK = 8
const TCP_OFF_FLAGS = 12
const TCP_WIN = 14
const TCP_CSUM = 16
const TCP_URP = 18

export const TH_FIN = 0x01
export const TH_SYN = 0x02
export const TH_RST = 0x04
export const TH_PUSH = 0x08
export const TH_ACK = 0x10
export const TH_URG = 0x20
export const TH_ECE = 0x40
export const TH_CWR = 0x80

export interface TcpResult {
  srcPort: number
  dstPort: number
  seq: number
  ack: number
  flags: number
  window: number
  headerLength: number
  payloadOffset: number
  /** End of the captured payload. */
  payloadEnd: number
  /** Payload length from the IP header (may exceed what was captured when the frame is short). */
  payloadLength: number
}

export function tcpFlagsText(f: number): string {
  const names: string[] = []
  if (f & TH_CWR) names.push('CWR')
  if (f & TH_ECE) names.push('ECE')
  if (f & TH_URG) names.push('URG')
  if (f & TH_ACK) names.push('ACK')
  if (f & TH_PUSH) names.push('PSH')
  if (f & TH_RST) names.push('RST')
  if (f & TH_SYN) names.push('SYN')
  if (f & TH_FIN) names.push('FIN')
  return names.join(', ')
}

/** A result for decodeTcp to fill (the streaming pass reuses one for every segment). */
export function newTcpResult(): TcpResult {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0, payloadOffset: 0, payloadEnd: 0, payloadLength: 0 }
}

/** `into`: a result to fill instead of a new one. */
export function decodeTcp(ctx: DecodeContext, b: Uint8Array, off: number, end: number, ipPayloadLength: number, frameShort = false, into?: TcpResult): TcpResult | null {
  const avail = end - off
  if (avail < 20) {
    issue(ctx, 'TCP', frameShort ? 'note' : 'error', 'TCP_HEADER_SHORT', { captured: avail, cut: frameShort }, off, avail)
    return null
  }
  const offFlags = u16(b, off + TCP_OFF_FLAGS)
  const hlen = (offFlags >> 12) * 4
  const flags = offFlags & 0x01ff
  const r = into ?? newTcpResult()
  r.srcPort = u16(b, off + TCP_SPORT)
  r.dstPort = u16(b, off + TCP_DPORT)
  r.seq = u32(b, off + TCP_SEQ)
  r.ack = u32(b, off + TCP_ACK)
  r.flags = flags
  r.window = u16(b, off + TCP_WIN)
  r.headerLength = hlen
  r.payloadOffset = off + Math.max(hlen, 20)
  r.payloadEnd = end
  r.payloadLength = Math.max(0, ipPayloadLength - hlen)
  const layer = !ctx.detail ? null : addLayer(ctx, `Transmission Control Protocol, Src Port: ${r.srcPort}, Dst Port: ${r.dstPort}, Seq: ${r.seq}, Len: ${r.payloadLength}`, off, Math.min(Math.max(hlen, 20), avail))
  if (layer) {
    const flagsField = field('tcp.flags', 'Flags', off + TCP_OFF_FLAGS, 2, flags, `Flags: ${hex(flags, 3)} (${tcpFlagsText(flags)})`)
    flagsField.mask = 0x01ff
    // The eight classic flags are the low byte (byte 13), one bit each, as Wireshark shows them.
    const low = off + TCP_OFF_FLAGS + 1
    flagsField.children = [
      flag('tcp.flags.cwr', 'Congestion Window Reduced', low, 1, TH_CWR, flags),
      flag('tcp.flags.ece', 'ECN-Echo', low, 1, TH_ECE, flags),
      flag('tcp.flags.urg', 'Urgent', low, 1, TH_URG, flags),
      flag('tcp.flags.ack', 'Acknowledgment', low, 1, TH_ACK, flags),
      flag('tcp.flags.push', 'Push', low, 1, TH_PUSH, flags),
      flag('tcp.flags.reset', 'Reset', low, 1, TH_RST, flags),
      flag('tcp.flags.syn', 'Syn', low, 1, TH_SYN, flags),
      flag('tcp.flags.fin', 'Fin', low, 1, TH_FIN, flags),
    ]
    const hl = field('tcp.hdr_len', 'Header Length', off + TCP_OFF_FLAGS, 1, hlen, `${((offFlags >> 12) & 0xf).toString(2).padStart(4, '0')} .... = Header Length: ${hlen} bytes (${offFlags >> 12})`)
    hl.mask = 0xf0
    layer.fields.push(
      field('tcp.srcport', 'Source Port', off + TCP_SPORT, 2, r.srcPort),
      field('tcp.dstport', 'Destination Port', off + TCP_DPORT, 2, r.dstPort),
      field('tcp.seq_raw', 'Sequence Number (raw)', off + TCP_SEQ, 4, r.seq),
      field('tcp.ack_raw', 'Acknowledgment number (raw)', off + TCP_ACK, 4, r.ack),
      hl,
      flagsField,
      field('tcp.window_size_value', 'Window', off + TCP_WIN, 2, r.window),
      field('tcp.checksum', 'Checksum', off + TCP_CSUM, 2, u16(b, off + TCP_CSUM), `Checksum: ${hex(u16(b, off + TCP_CSUM), 4)} [unverified]`),
      field('tcp.urgent_pointer', 'Urgent Pointer', off + TCP_URP, 2, u16(b, off + TCP_URP)),
      generated('tcp.len', 'TCP Segment Len', off, r.payloadLength),
    )
  }
  if (hlen < 20) {
    issue(ctx, 'TCP', 'error', 'TCP_BAD_HEADER_LENGTH', { headerLength: hlen }, off + TCP_OFF_FLAGS, 1)
    r.payloadOffset = end
    r.payloadLength = 0
    return r
  }
  if (hlen > avail) {
    // `end` is the IP payload's end: past it, either the capture ends (the snap length, a frame
    // cut short) or the frame goes on with bytes that are not the packet's (the IP length says
    // less than the TCP header needs).
    if (ipPayloadLength >= 0 && avail >= ipPayloadLength) issue(ctx, 'TCP', 'error', 'TCP_HEADER_PAST_IP_PAYLOAD', { headerLength: hlen, ipPayloadLength }, off + TCP_OFF_FLAGS, 1)
    else issue(ctx, 'TCP', frameShort ? 'note' : 'error', 'TCP_HEADER_PAST_CAPTURE', { headerLength: hlen, captured: avail, cut: frameShort }, off + TCP_OFF_FLAGS, 1)
    r.payloadOffset = end
    if (layer && avail > 20) layer.fields.push(...tcpOptions(ctx, b, off + 20, end))
    return r
  }
  if (layer && hlen > 20) layer.fields.push(...tcpOptions(ctx, b, off + 20, off + hlen))
  r.payloadEnd = Math.max(r.payloadOffset, Math.min(end, r.payloadOffset + r.payloadLength))
  return r
}

const KIND_NAMES: Record<number, string> = { 0: 'End of Option List (EOL)', 1: 'No-Operation (NOP)', 2: 'Maximum segment size', 3: 'Window scale', 4: 'SACK permitted', 5: 'SACK', 8: 'Timestamps', 30: 'Multipath TCP', 34: 'TCP Fast Open Cookie' }
/** Wireshark's key for each option's tree; unknown kinds get tcp.options.unknown. */
const KIND_KEYS: Record<number, string> = { 0: 'tcp.options.eol', 1: 'tcp.options.nop', 2: 'tcp.options.mss', 3: 'tcp.options.wscale', 4: 'tcp.options.sack_perm', 5: 'tcp.options.sack', 8: 'tcp.options.timestamp', 30: 'tcp.options.mptcp', 34: 'tcp.options.tfo' }

/** Options whose length is fixed by their RFC (MSS, window scale, SACK permitted, timestamps). */
const FIXED_LENGTH: Record<number, number> = { 2: 4, 3: 3, 4: 2, 8: 10 }

/** Options as Wireshark lays them out: one tree per option (kind, length, then its values). */
function tcpOptions(ctx: DecodeContext, b: Uint8Array, off: number, end: number) {
  const top = field('tcp.options', 'Options', off, end - off, end - off, `Options: (${end - off} bytes)`)
  const kids: NonNullable<typeof top.children> = []
  let o = off
  while (o < end) {
    const kind = b[o]!
    const name = KIND_NAMES[kind] ?? `Unknown (${kind})`
    const kindField = field('tcp.option_kind', 'Kind', o, 1, kind, `Kind: ${name} (${kind})`)
    if (kind === 0 || kind === 1) {
      const one = field(KIND_KEYS[kind]!, name, o, 1, kind, `TCP Option - ${name}`)
      one.children = [kindField]
      kids.push(one)
      // After an EOL the rest is padding; Wireshark shows each padding byte as another EOL.
      o++
      continue
    }
    if (o + 1 >= end) {
      issue(ctx, 'TCP', 'warning', 'TCP_OPTION_NO_LENGTH', { option: name }, o, 1)
      kids.push(kindField)
      break
    }
    const len = b[o + 1]!
    if (len < 2 || o + len > end) {
      issue(ctx, 'TCP', 'warning', 'TCP_OPTION_BAD_LENGTH', { option: name, length: len }, o + 1, 1)
      kids.push(field('tcp.option_len', 'Bad option length', o + 1, 1, len, `TCP Option - ${name}: bad length ${len} (${end - o} bytes left)`))
      break
    }
    const want = FIXED_LENGTH[kind]
    if (want !== undefined && len !== want) issue(ctx, 'TCP', 'warning', 'TCP_OPTION_WRONG_LENGTH', { option: name, length: len, expected: want }, o + 1, 1)
    const opt = field(KIND_KEYS[kind] ?? 'tcp.options.unknown', name, o, len, kind, `TCP Option - ${name}`)
    const values = [kindField, field('tcp.option_len', 'Length', o + 1, 1, len)]
    if (kind === 2 && len === 4) {
      values.push(field('tcp.options.mss_val', 'MSS Value', o + 2, 2, u16(b, o + 2)))
      opt.display += `: ${u16(b, o + 2)} bytes`
    } else if (kind === 3 && len === 3) {
      const shift = b[o + 2]!
      values.push(field('tcp.options.wscale.shift', 'Shift count', o + 2, 1, shift), field('tcp.options.wscale.multiplier', 'Multiplier', o + 2, 1, 2 ** Math.min(shift, 14)))
      opt.display += `: ${shift} (multiply by ${2 ** Math.min(shift, 14)})`
    } else if (kind === 8 && len === 10) {
      values.push(field('tcp.options.timestamp.tsval', 'Timestamp value', o + 2, 4, u32(b, o + 2)), field('tcp.options.timestamp.tsecr', 'Timestamp echo reply', o + 6, 4, u32(b, o + 6)))
      opt.display += `: TSval ${u32(b, o + 2)}, TSecr ${u32(b, o + 6)}`
    } else if (kind === 5) {
      const blocks: string[] = []
      for (let s = o + 2; s + 8 <= o + len; s += 8) {
        values.push(field('tcp.options.sack_le', 'left edge', s, 4, u32(b, s)), field('tcp.options.sack_re', 'right edge', s + 4, 4, u32(b, s + 4)))
        blocks.push(`${u32(b, s)}-${u32(b, s + 4)}`)
      }
      opt.display += `: ${blocks.join(' ')}`
    }
    opt.children = values
    kids.push(opt)
    o += len
  }
  top.children = kids
  return [top]
}
