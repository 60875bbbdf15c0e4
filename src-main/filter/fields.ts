// The fields a display filter may name: Wireshark's keys for what Wiretrail's dissectors carry
// (src-main/decode/*: the same keys the field tree shows), each with its Wireshark type, plus the
// protocols (a protocol name alone tests that the frame carries it) and Wireshark's derived fields
// (ip.addr is ip.src or ip.dst, tcp.port either port). One table, as Wireshark's hf registration:
// the parser checks names and values against it, the worker's evaluator reads values by it.
// Pure TS (the renderer checks a filter's syntax as it is typed).

/** Wireshark's field types, as far as a filter can tell them apart. */
export type FieldType =
  /** A protocol: tested for presence; its bytes for contains/matches. */
  | 'protocol'
  /** Unsigned integers (FT_UINT*, FT_FRAMENUM). */
  | 'uint'
  /** FT_BOOLEAN: 1 or 0 (True/False). */
  | 'bool'
  /** Seconds (FT_RELATIVE_TIME, and the epoch time as a number). */
  | 'time'
  | 'string'
  | 'ipv4'
  | 'ipv6'
  | 'ether'
  | 'bytes'

export interface FieldDef {
  type: FieldType
  /** Derived from other fields: the values of each, in order (ip.addr → ip.src, ip.dst). */
  of?: readonly string[]
  /** A DNS name: Wireshark writes it without the final dot (the root as "<Root>"). */
  dnsName?: true
  /** Names its values may be written with (dns.qry.type == AAAA), by upper-case name. */
  valueNames?: 'dns-type' | 'dns-class' | 'dns-rcode'
}

const u = { type: 'uint' } as const satisfies FieldDef
const b = { type: 'bool' } as const satisfies FieldDef
const s = { type: 'string' } as const satisfies FieldDef
const p = { type: 'protocol' } as const satisfies FieldDef
const v4 = { type: 'ipv4' } as const satisfies FieldDef
const v6 = { type: 'ipv6' } as const satisfies FieldDef
const mac = { type: 'ether' } as const satisfies FieldDef
const bytes = { type: 'bytes' } as const satisfies FieldDef
const name = { type: 'string', dnsName: true } as const satisfies FieldDef

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  frame: p,
  'frame.number': u,
  'frame.len': u,
  'frame.cap_len': u,
  'frame.time_relative': { type: 'time' },
  'frame.time_delta': { type: 'time' },
  'frame.time_epoch': { type: 'time' },
  'frame.comment': s,

  eth: p,
  'eth.src': mac,
  'eth.dst': mac,
  'eth.addr': { type: 'ether', of: ['eth.src', 'eth.dst'] },
  'eth.type': u,
  sll: p,
  'sll.pkttype': u,
  'sll.hatype': u,
  'sll.halen': u,
  'sll.etype': u,
  'sll.ifindex': u,
  'sll.src.eth': mac,
  null: p,
  'null.family': u,
  vlan: p,
  'vlan.id': u,
  'vlan.priority': u,
  'vlan.etype': u,
  pppoe: p,
  'pppoe.session_id': u,

  arp: p,
  'arp.opcode': u,
  'arp.hw.type': u,
  'arp.proto.type': u,
  'arp.src.hw_mac': mac,
  'arp.dst.hw_mac': mac,
  'arp.src.proto_ipv4': v4,
  'arp.dst.proto_ipv4': v4,

  ip: p,
  'ip.version': u,
  'ip.hdr_len': u,
  'ip.dsfield': u,
  'ip.len': u,
  'ip.id': u,
  'ip.flags': u,
  'ip.flags.rb': b,
  'ip.flags.df': b,
  'ip.flags.mf': b,
  'ip.frag_offset': u,
  'ip.ttl': u,
  'ip.proto': u,
  'ip.checksum': u,
  'ip.src': v4,
  'ip.dst': v4,
  'ip.addr': { type: 'ipv4', of: ['ip.src', 'ip.dst'] },

  ipv6: p,
  'ipv6.version': u,
  'ipv6.tclass': u,
  'ipv6.flow': u,
  'ipv6.plen': u,
  'ipv6.nxt': u,
  'ipv6.hlim': u,
  'ipv6.src': v6,
  'ipv6.dst': v6,
  'ipv6.addr': { type: 'ipv6', of: ['ipv6.src', 'ipv6.dst'] },

  icmp: p,
  'icmp.type': u,
  'icmp.code': u,
  'icmp.checksum': u,
  'icmp.ident': u,
  'icmp.seq': u,
  icmpv6: p,
  'icmpv6.type': u,
  'icmpv6.code': u,

  udp: p,
  'udp.srcport': u,
  'udp.dstport': u,
  'udp.port': { type: 'uint', of: ['udp.srcport', 'udp.dstport'] },
  'udp.length': u,
  'udp.checksum': u,

  tcp: p,
  'tcp.srcport': u,
  'tcp.dstport': u,
  'tcp.port': { type: 'uint', of: ['tcp.srcport', 'tcp.dstport'] },
  'tcp.stream': u,
  'tcp.len': u,
  'tcp.seq_raw': u,
  'tcp.ack_raw': u,
  'tcp.hdr_len': u,
  'tcp.flags': u,
  'tcp.flags.cwr': b,
  'tcp.flags.ece': b,
  'tcp.flags.urg': b,
  'tcp.flags.ack': b,
  'tcp.flags.push': b,
  'tcp.flags.reset': b,
  'tcp.flags.syn': b,
  'tcp.flags.fin': b,
  'tcp.window_size_value': u,
  'tcp.checksum': u,
  'tcp.urgent_pointer': u,
  'tcp.options.mss_val': u,
  'tcp.options.wscale.shift': u,
  'tcp.payload': bytes,

  dns: p,
  mdns: p,
  llmnr: p,
  'dns.id': u,
  'dns.length': u,
  'dns.flags': u,
  'dns.flags.response': b,
  'dns.flags.opcode': u,
  'dns.flags.authoritative': b,
  'dns.flags.truncated': b,
  'dns.flags.recdesired': b,
  'dns.flags.recavail': b,
  'dns.flags.z': b,
  'dns.flags.authenticated': b,
  'dns.flags.checkdisable': b,
  'dns.flags.rcode': { type: 'uint', valueNames: 'dns-rcode' },
  'dns.count.queries': u,
  'dns.count.answers': u,
  'dns.count.auth_rr': u,
  'dns.count.add_rr': u,
  'dns.qry.name': name,
  'dns.qry.type': { type: 'uint', valueNames: 'dns-type' },
  'dns.qry.class': { type: 'uint', valueNames: 'dns-class' },
  'dns.resp.name': name,
  'dns.resp.type': { type: 'uint', valueNames: 'dns-type' },
  'dns.resp.class': { type: 'uint', valueNames: 'dns-class' },
  'dns.resp.ttl': u,
  'dns.resp.len': u,
  'dns.a': v4,
  'dns.aaaa': v6,
  'dns.cname': name,
  'dns.ns': name,
  'dns.ptr.domain_name': name,
  'dns.srv.name': name,
  'dns.rr.udp_payload_size': u,
  'dns.opt.code': u,

  http: p,
  'http.request': b,
  'http.response': b,
  'http.request.method': s,
  'http.request.uri': s,
  'http.request.version': s,
  'http.request.full_uri': s,
  'http.response.version': s,
  'http.response.code': u,
  'http.response.phrase': s,
  'http.host': s,
  'http.user_agent': s,
  'http.accept': s,
  'http.accept_encoding': s,
  'http.accept_language': s,
  'http.referer': s,
  'http.cookie': s,
  'http.set_cookie': s,
  'http.connection': s,
  'http.content_type': s,
  'http.content_length': u,
  'http.content_encoding': s,
  'http.transfer_encoding': s,
  'http.server': s,
  'http.location': s,
  'http.cache_control': s,
  'http.date': s,
  'http.last_modified': s,

  tls: p,
  'tls.record.content_type': u,
  'tls.record.version': u,
  'tls.record.length': u,
  'tls.handshake.type': u,
  'tls.handshake.version': u,
  'tls.handshake.extensions_server_name': s,
  'tls.handshake.extensions_alpn_str': s,
  'tls.handshake.ciphersuite': u,
  'tls.handshake.extension.type': u,
}

/** The protocol a field belongs to ("dns" for dns.qry.name, "tcp" for tcp). */
export function fieldProtocol(key: string): string {
  const dot = key.indexOf('.')
  return dot < 0 ? key : key.slice(0, dot)
}

/** Keys of the fields that are Wireshark's but not carried here, with what to write instead. */
export const NOT_CARRIED: Readonly<Record<string, string>> = {
  'tcp.seq': 'Wiretrail keeps sequence numbers as sent: use tcp.seq_raw',
  'tcp.ack': 'Wiretrail keeps acknowledgement numbers as sent: use tcp.ack_raw',
  'ip.host': 'names are not looked up: compare ip.addr with an address',
  'frame.time': 'compare frame.time_epoch (seconds since 1970) or frame.time_relative',
  _ws: 'Wireshark-internal fields are not carried',
}

/** Words in the type's own terms, for messages ("an IPv4 address"). */
export const TYPE_WORDS: Readonly<Record<FieldType, string>> = {
  protocol: 'a protocol',
  uint: 'an unsigned integer',
  bool: 'a boolean (1/0, True/False)',
  time: 'a time in seconds',
  string: 'a string',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  ether: 'an Ethernet address',
  bytes: 'a byte string',
}
