// Where a display filter's fields come from, in the analyzer's worker (the filter module,
// src-main/filter, only says how values compare):
//   - the frame index (frame-table.ts): frame.*, the protocols the pass marked (ip, tcp, dns, …),
//     addresses, ports, tcp.flags*, tcp.stream — read from typed columns, so a filter on them runs
//     over a million frames without touching the file;
//   - the walkthrough's entities: http.* from the HTTP exchanges, on the frame that completes each
//     message, as tshark shows them;
//   - the frame itself, dissected on demand (detail.ts's field tree, the same keys the packet pane
//     shows): every other field. Over the index those read as unknown, except where the index
//     already says the protocol is absent (dns.qry.name in a frame without DNS is no value).
import type { Scalar } from '../filter/ast.ts'
import type { FieldReader, FieldSource } from '../filter/compile.ts'
import { FIELDS, fieldProtocol, type FieldDef } from '../filter/fields.ts'
import { byteString, ipv4Bytes, ipv6Bytes } from '../filter/parse.ts'
import { fieldsOfHeadText } from '../http/head-fields.ts'
import type { EntityList } from '../shared/lesson.ts'
import type { DecodedField, HttpExchange, PacketDetail } from '../shared/walkthrough.ts'
import { NO_DNS_NAME, PROTOCOL_BITS, type FrameTable } from './frame-table.ts'

const UNKNOWN = -1

/** Link types whose link-layer protocol the index can name (the others are dissected). */
const LINK_PROTOCOL: Readonly<Record<number, string>> = { 1: 'eth', 0: 'null', 108: 'null', 113: 'sll', 276: 'sll', 12: '', 101: '', 228: '', 229: '' }

/** Protocols whose fields a frame may carry only when the index marks one of these. */
export const CARRIERS: Readonly<Record<string, number>> = {
  ip: PROTOCOL_BITS.ip,
  ipv6: PROTOCOL_BITS.ipv6,
  arp: PROTOCOL_BITS.arp,
  icmp: PROTOCOL_BITS.icmp,
  icmpv6: PROTOCOL_BITS.icmp,
  udp: PROTOCOL_BITS.udp,
  tcp: PROTOCOL_BITS.tcp,
  // mDNS and LLMNR messages carry dns.* fields too (Wireshark's dissectors share them).
  dns: PROTOCOL_BITS.dns | PROTOCOL_BITS.mdns | PROTOCOL_BITS.llmnr,
  mdns: PROTOCOL_BITS.mdns,
  llmnr: PROTOCOL_BITS.llmnr,
  http: PROTOCOL_BITS.http,
  tls: PROTOCOL_BITS.tls,
}

export interface IndexContext {
  table: FrameTable
  /** Seconds since 1970 of frame 1. */
  epoch0: number
  comment(i: number): string | undefined
  http: EntityList<HttpExchange>
  httpUnmatched: readonly { status: number; reason: string; response_frame: number }[]
}

/** Fields read from the frame index and the entities; anything else is unknown (-1). */
export class IndexFields implements FieldSource {
  private v4: Float64Array | null = null
  private v6: (Uint8Array | null)[] | null = null
  private httpFields: Map<number, Map<string, Scalar[]>> | null = null
  private names: string[] | null = null

  constructor(private readonly c: IndexContext) {}

  /** Whether frame i carries protocol `name`: 1, 0, or -1 (the index cannot tell). */
  presence(name: string, i: number): number {
    const t = this.c.table
    if (name === 'frame') return 1
    const bits = CARRIERS[name]
    if (bits !== undefined) {
      const p = t.proto[i]!
      if (name === 'icmp') return p & PROTOCOL_BITS.icmp && p & PROTOCOL_BITS.ip ? 1 : 0
      if (name === 'icmpv6') return p & PROTOCOL_BITS.icmp && p & PROTOCOL_BITS.ipv6 ? 1 : 0
      return (p & bits) !== 0 ? 1 : 0
    }
    const link = LINK_PROTOCOL[t.linkType[i]!]
    if (name === 'eth' || name === 'sll' || name === 'null') return link === undefined ? UNKNOWN : link === name ? 1 : 0
    // vlan, pppoe: only over Ethernet.
    if ((name === 'vlan' || name === 'pppoe') && link !== undefined && link !== 'eth') return 0
    return UNKNOWN
  }

  reader(key: string, presenceOnly = false): FieldReader {
    const def = FIELDS[key]!
    if (def.of) return concat(def.of.map((k) => this.reader(k)))
    if (def.type === 'protocol') {
      return (i, out) => {
        const p = this.presence(key, i)
        if (p <= 0) return p
        // Present: a test needs no more; its bytes (contains, matches) are the dissection's.
        if (!presenceOnly) return UNKNOWN
        out[0] = PRESENT
        return 1
      }
    }
    const indexed = this.indexed(key)
    if (indexed) return indexed
    const protocol = fieldProtocol(key)
    return (i) => (this.presence(protocol, i) === 0 ? 0 : UNKNOWN)
  }

  private indexed(key: string): FieldReader | null {
    const t = this.c.table
    const one =
      (has: (i: number) => boolean, value: (i: number) => Scalar): FieldReader =>
      (i, out) => {
        if (!has(i)) return 0
        out[0] = value(i)
        return 1
      }
    const ip4 = (i: number) => (t.proto[i]! & PROTOCOL_BITS.ip) !== 0
    const ip6 = (i: number) => (t.proto[i]! & PROTOCOL_BITS.ipv6) !== 0
    const n = this.numericField(key)
    if (n !== null) return one(n.has, n.value)
    switch (key) {
      case 'frame.comment':
        return (i, out) => {
          const c = this.c.comment(i)
          if (c === undefined) return 0
          out[0] = c
          return 1
        }
      case 'ip.src':
        return this.address(ip4, t.src, 4)
      case 'ip.dst':
        return this.address(ip4, t.dst, 4)
      case 'ipv6.src':
        return this.address(ip6, t.src, 6)
      case 'ipv6.dst':
        return this.address(ip6, t.dst, 6)
    }
    if (key === 'dns.qry.name') {
      // The pass took down the name of a frame with one question (frame-table.ts); others are dissected.
      return (i, out) => {
        if ((t.proto[i]! & CARRIERS.dns!) === 0) return 0
        const id = t.dnsName[i]!
        if (id === NO_DNS_NAME) return 0
        if (id < 0) return UNKNOWN
        out[0] = this.dnsNameOf(id)
        const more = t.moreDnsNames.get(i)
        if (more) for (let k = 0; k < more.length; k++) out[k + 1] = this.dnsNameOf(more[k]!)
        return 1 + (more?.length ?? 0)
      }
    }
    if (key.startsWith('http.')) {
      return (i, out) => {
        // A message cut short is not HTTP to tshark (no http bit): its head's fields are not either.
        if ((t.proto[i]! & PROTOCOL_BITS.http) === 0) return 0
        const fields = this.http().get(i)?.get(key)
        if (fields === undefined) return 0
        for (let k = 0; k < fields.length; k++) out[k] = fields[k]!
        return fields.length
      }
    }
    return null
  }

  /** The numeric fields the frame table holds — whether frame i has the field, and its value — said
   * once for the per-frame reader (indexed) and the column scan (column). Fields that are one column
   * of the table under a protocol bit say so too (`read`), for the scan's loops over typed arrays. */
  private numericField(key: string): NumericField | null {
    const t = this.c.table
    const always = () => true
    const tcp = (i: number) => (t.proto[i]! & PROTOCOL_BITS.tcp) !== 0
    // Frame i has the field when its protocol bits meet `mask` (0: every frame); its value is
    // values[i] (a flag: whether values[i] has that bit).
    const read = (values: ColumnRead['values'], mask: number, flag?: number): NumericField => ({
      has: mask === 0 ? always : (i) => (t.proto[i]! & mask) !== 0,
      value: flag === undefined ? (i) => values[i]! : (i) => ((values[i]! & flag) !== 0 ? 1 : 0),
      read: { values, mask, ...(flag === undefined ? {} : { flag }) },
    })
    const flag = (bit: number) => read(t.tcpFlags, PROTOCOL_BITS.tcp, bit)
    switch (key) {
      case 'frame.number':
        return { has: always, value: (i) => i + 1 }
      case 'frame.len':
        return read(t.origLen, 0)
      case 'frame.cap_len':
        return read(t.capLen, 0)
      case 'frame.time_relative':
        return read(t.t, 0)
      case 'frame.time_delta':
        return { has: always, value: (i) => (i === 0 ? 0 : t.t[i]! - t.t[i - 1]!) }
      case 'frame.time_epoch':
        return { has: always, value: (i) => this.c.epoch0 + t.t[i]! }
      case 'tcp.srcport':
        return read(t.srcPort, PROTOCOL_BITS.tcp)
      case 'tcp.dstport':
        return read(t.dstPort, PROTOCOL_BITS.tcp)
      case 'udp.srcport':
        return read(t.srcPort, PROTOCOL_BITS.udp)
      case 'udp.dstport':
        return read(t.dstPort, PROTOCOL_BITS.udp)
      case 'tcp.stream':
        return { has: (i) => tcp(i) && t.connection[i]! >= 0, value: (i) => t.connection[i]! }
      case 'tcp.flags':
        return read(t.tcpFlags, PROTOCOL_BITS.tcp)
      case 'tcp.flags.fin':
        return flag(0x001)
      case 'tcp.flags.syn':
        return flag(0x002)
      case 'tcp.flags.reset':
        return flag(0x004)
      case 'tcp.flags.push':
        return flag(0x008)
      case 'tcp.flags.ack':
        return flag(0x010)
      case 'tcp.flags.urg':
        return flag(0x020)
      case 'tcp.flags.ece':
        return flag(0x040)
      case 'tcp.flags.cwr':
        return flag(0x080)
    }
    return null
  }

  /** A DNS name by its id in the frame table, as the filter holds it (dnsName below). */
  dnsNameOf(id: number): string {
    const names = this.c.table.names
    if (this.names === null || this.names.length < names.length) this.names = names.map(dnsName)
    return this.names[id]!
  }

  /** A field's values over many frames, for the display filter's column scan (filter-scan.ts): a
   * key function per part (a derived field such as tcp.port has one part per field it is made of)
   * giving frame i's key — the number itself for numeric fields, an id (address, DNS name) for the
   * others, `value(key)` giving the value; NaN where the frame has no value, -Infinity where the index
   * cannot tell. Null for fields the scan leaves to the per-frame test (HTTP heads, comments, link
   * layers). Nothing is allocated per frame. */
  column(key: string): FieldColumn | null {
    const def = FIELDS[key]!
    if (def.of) {
      const parts = def.of.map((k) => this.column(k))
      if (parts.some((p) => p === null)) return null
      const first = parts[0]!
      const reads = parts.every((p) => p!.reads !== undefined) ? parts.flatMap((p) => p!.reads!) : undefined
      // The parts of a derived field are of one kind (ip.src, ip.dst), so one value(key) serves all.
      return { keys: parts.flatMap((p) => p!.keys), numeric: first.numeric, ...(first.ids === undefined ? {} : { ids: first.ids }), ...(reads === undefined ? {} : { reads }), value: first.value }
    }
    const n = this.numericField(key)
    if (n !== null) {
      const { has, value, read } = n
      return { keys: [(i) => (has(i) ? value(i) : NaN)], numeric: true, ...(read === undefined ? {} : { reads: [read] }), value: (k) => k }
    }
    const t = this.c.table
    const { proto } = t
    switch (key) {
      case 'ip.src':
      case 'ip.dst': {
        const ids = key === 'ip.src' ? t.src : t.dst
        this.ipv4Of(0)
        const v4 = this.v4!
        const f = (i: number) => ((proto[i]! & PROTOCOL_BITS.ip) === 0 || Number.isNaN(v4[ids[i]!]) ? NaN : ids[i]!)
        const read = { values: ids, mask: PROTOCOL_BITS.ip, ids: v4.length, absent: (k: number) => Number.isNaN(v4[k]) }
        return { keys: [f], reads: [read], numeric: false, ids: v4.length, value: (k) => v4[k]! }
      }
      case 'ipv6.src':
      case 'ipv6.dst': {
        const ids = key === 'ipv6.src' ? t.src : t.dst
        this.ipv6Of(0)
        const v6 = this.v6!
        const f = (i: number) => ((proto[i]! & PROTOCOL_BITS.ipv6) === 0 || (v6[ids[i]!] ?? null) === null ? NaN : ids[i]!)
        const read = { values: ids, mask: PROTOCOL_BITS.ipv6, ids: v6.length, absent: (k: number) => (v6[k] ?? null) === null }
        return { keys: [f], reads: [read], numeric: false, ids: v6.length, value: (k) => v6[k]! }
      }
      case 'dns.qry.name': {
        const names = t.dnsName
        const carriers = CARRIERS.dns!
        const keys = [(i: number) => ((proto[i]! & carriers) === 0 || names[i] === NO_DNS_NAME ? NaN : names[i]! < 0 ? -Infinity : names[i]!)]
        // A message with several questions (mDNS) has a name per question: the others by frame.
        return { keys, more: t.moreDnsNames, numeric: false, ids: t.names.length, value: (k) => this.dnsNameOf(k) }
      }
    }
    if (key.startsWith('http.') || def.type === 'protocol') return null
    // A field only dissection gives: none where the index says its protocol is absent, else unknown.
    const protocol = fieldProtocol(key)
    const bits = CARRIERS[protocol]
    if (bits === undefined || protocol === 'icmp' || protocol === 'icmpv6') return null
    return { keys: [(i) => ((proto[i]! & bits) === 0 ? NaN : -Infinity)], numeric: false, value: () => 0 }
  }

  /** An address column, as the filter holds addresses: IPv4 as a number, IPv6 as 16 bytes. */
  private address(has: (i: number) => boolean, ids: Uint32Array, version: 4 | 6): FieldReader {
    return (i, out) => {
      if (!has(i)) return 0
      const id = ids[i]!
      if (version === 4) {
        const v = this.ipv4Of(id)
        if (Number.isNaN(v)) return 0
        out[0] = v
      } else {
        const v = this.ipv6Of(id)
        if (v === null) return 0
        out[0] = v
      }
      return 1
    }
  }

  private ipv4Of(id: number): number {
    const addresses = this.c.table.addresses
    if (this.v4 === null || this.v4.length < addresses.length) {
      this.v4 = Float64Array.from(addresses, (text) => {
        const b = ipv4Bytes(text)
        return b === null ? NaN : ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!
      })
    }
    return this.v4[id]!
  }

  private ipv6Of(id: number): Uint8Array | null {
    const addresses = this.c.table.addresses
    if (this.v6 === null || this.v6.length < addresses.length) this.v6 = addresses.map((text) => ipv6Bytes(text))
    return this.v6[id] ?? null
  }

  /** http.* fields by frame index, from the exchanges' heads (made once). */
  private http(): Map<number, Map<string, Scalar[]>> {
    if (this.httpFields !== null) return this.httpFields
    const byFrame = new Map<number, Map<string, Scalar[]>>()
    const add = (frame: number, key: string, value: Scalar): void => {
      let fields = byFrame.get(frame - 1)
      if (!fields) byFrame.set(frame - 1, (fields = new Map()))
      const list = fields.get(key)
      if (list) list.push(value)
      else fields.set(key, [value])
    }
    for (const ex of this.c.http) {
      const head = headFields(ex.requestHead)
      add(ex.request_frame, 'http.request', 1)
      add(ex.request_frame, 'http.request.method', ex.method)
      add(ex.request_frame, 'http.request.uri', ex.uri)
      if (head.version) add(ex.request_frame, 'http.request.version', head.version)
      if (ex.host !== null) add(ex.request_frame, 'http.request.full_uri', /^[a-z][a-z0-9+.-]*:\/\//i.test(ex.uri) ? ex.uri : `http://${ex.host}${ex.uri}`)
      for (const [key, value] of head.headers) add(ex.request_frame, key, value)
      for (const interim of ex.interim ?? []) {
        add(interim.frame, 'http.response', 1)
        add(interim.frame, 'http.response.code', interim.status)
      }
      if (ex.response_frame !== null && ex.status !== null) {
        const response = headFields(ex.responseHead ?? '')
        add(ex.response_frame, 'http.response', 1)
        if (response.version) add(ex.response_frame, 'http.response.version', response.version)
        add(ex.response_frame, 'http.response.code', ex.status)
        if (ex.reason !== null) add(ex.response_frame, 'http.response.phrase', ex.reason)
        for (const [key, value] of response.headers) add(ex.response_frame, key, value)
      }
    }
    for (const r of this.c.httpUnmatched) {
      add(r.response_frame, 'http.response', 1)
      add(r.response_frame, 'http.response.code', r.status)
      add(r.response_frame, 'http.response.phrase', r.reason)
    }
    this.httpFields = byFrame
    return byFrame
  }
}

/** A numeric field as one column of the frame table (IndexFields.numericField). */
interface NumericField {
  has: (i: number) => boolean
  value: (i: number) => number
  read?: ColumnRead
}

/** A part of a field read straight off a typed column: frame i has it when its protocol bits meet
 * `mask` (0: every frame), and its key is values[i] (with `flag`: 1 when values[i] has that bit,
 * else 0). The scan loops over these without a call per frame (filter-scan.ts). The key functions
 * of FieldColumn say the same (the per-frame test and the scan's other paths read those). */
export interface ColumnRead {
  values: Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array
  mask: number
  flag?: number
  /** values are ids below this (addresses), whose verdicts the scan keeps in a table by id;
   * `absent(id)`: that id is no value of this field (an address of the other IP version). */
  ids?: number
  absent?: (id: number) => boolean
}

/** A field's values over many frames (IndexFields.column). */
export interface FieldColumn {
  /** A key function per part, by frame index: NaN none, -Infinity unknown. */
  keys: ((i: number) => number)[]
  /** The same parts as typed columns, when every part is one (ports, lengths, flags, times). */
  reads?: ColumnRead[]
  /** Further keys of a few frames (the second and later questions of an mDNS message), by frame
   * index: values of the field beside keys[0]'s, when that is a value. */
  more?: ReadonlyMap<number, readonly number[]>
  /** Keys are the values (numbers); otherwise value(key) gives the value. */
  numeric: boolean
  /** Keys are ids below this (addresses, DNS names): a verdict per id is remembered in a table. */
  ids?: number
  value(key: number): Scalar
}

/** What an index reader writes for a protocol that is present (its bytes are the frame's). */
const PRESENT = new Uint8Array(0)

/** A derived field's reader (ip.addr): the values of each part in turn. */
function concat(parts: FieldReader[]): FieldReader {
  const tmp: Scalar[] = []
  return (i, out) => {
    let n = 0
    for (const part of parts) {
      const m = part(i, tmp)
      if (m < 0) return UNKNOWN
      for (let k = 0; k < m; k++) out[n++] = tmp[k]!
    }
    return n
  }
}

/** Header fields Wireshark names (http.<name>), by lower-case header name. */
const HTTP_HEADERS: Readonly<Record<string, string>> = {
  host: 'http.host',
  'user-agent': 'http.user_agent',
  accept: 'http.accept',
  'accept-encoding': 'http.accept_encoding',
  'accept-language': 'http.accept_language',
  referer: 'http.referer',
  cookie: 'http.cookie',
  'set-cookie': 'http.set_cookie',
  connection: 'http.connection',
  'content-type': 'http.content_type',
  'content-length': 'http.content_length',
  'content-encoding': 'http.content_encoding',
  'transfer-encoding': 'http.transfer_encoding',
  server: 'http.server',
  location: 'http.location',
  'cache-control': 'http.cache_control',
  date: 'http.date',
  'last-modified': 'http.last_modified',
}

/** A kept head's version and the http.* fields its header lines give (fieldsOfHeadText reads them). */
function headFields(head: string): { version: string | null; headers: [string, Scalar][] } {
  const lf = head.indexOf('\n')
  const first = lf < 0 ? head : head.slice(0, lf > 0 && head.charCodeAt(lf - 1) === 0x0d ? lf - 1 : lf)
  const version = /^HTTP\/\d\.\d/.exec(first)?.[0] ?? /\s(HTTP\/\d\.\d)$/.exec(first)?.[1] ?? null
  const headers: [string, Scalar][] = []
  const fields = fieldsOfHeadText(head)
  for (let k = 0; k < fields.length; k++) {
    const key = HTTP_HEADERS[fields.name(k).toLowerCase()]
    if (!key) continue
    const value = fields.value(k)
    if (key === 'http.content_length') {
      if (/^\d+$/.test(value)) headers.push([key, Number(value)])
    } else headers.push([key, value])
  }
  return { version, headers }
}

/** Fields of one dissected frame (its field tree), by key; the index answers first where it can. */
export class DissectedFields implements FieldSource {
  private values = new Map<string, Scalar[]>()
  private protocols = new Map<string, Uint8Array>()

  constructor(
    private readonly index: IndexFields,
    private readonly wanted: ReadonlySet<string>,
  ) {}

  /** Loads frame `i`'s field tree (the next test() asks about it). */
  load(detail: PacketDetail): void {
    this.values = new Map()
    this.protocols = new Map([['frame', detail.bytes]])
    const b = detail.bytes
    for (const layer of detail.layers) {
      const first = layer.fields.find((f) => f.key.includes('.'))
      if (first) {
        const protocol = fieldProtocol(first.key)
        // A protocol's bytes run from its header to the end of the frame (Wireshark's tvb: tcp contains
        // "Host" finds the payload).
        if (!this.protocols.has(protocol)) this.protocols.set(protocol, b.subarray(layer.offset))
      }
      this.collect(layer.fields, b)
    }
  }

  private collect(fields: readonly DecodedField[], b: Uint8Array): void {
    for (const f of fields) {
      if (this.wanted.has(f.key)) {
        const def = FIELDS[f.key]
        const v = def ? convert(def, f, b) : null
        if (v !== null) {
          const list = this.values.get(f.key)
          if (list) list.push(v)
          else this.values.set(f.key, [v])
        }
      }
      if (f.children) this.collect(f.children, b)
    }
  }

  reader(key: string, presenceOnly = false): FieldReader {
    const def = FIELDS[key]!
    if (def.of) return concat(def.of.map((k) => this.reader(k)))
    const fromIndex = this.index.reader(key, presenceOnly)
    return (i, out) => {
      const n = fromIndex(i, out)
      if (n >= 0) return n
      if (def.type === 'protocol') {
        const bytes = this.protocols.get(key)
        if (bytes === undefined) return 0
        out[0] = bytes
        return 1
      }
      const list = this.values.get(key)
      if (list === undefined) return 0
      for (let k = 0; k < list.length; k++) out[k] = list[k]!
      return list.length
    }
  }
}

/** A field-tree value as the filter holds values of the field's type. */
function convert(def: FieldDef, f: DecodedField, b: Uint8Array): Scalar | null {
  const v = f.value
  switch (def.type) {
    case 'uint': {
      if (typeof v === 'number') return v
      if (typeof v === 'boolean') return v ? 1 : 0
      // Named values (dns.qry.type "AAAA"): the number is in the bytes the field spans.
      if (!f.generated && f.length >= 1 && f.length <= 4 && f.offset + f.length <= b.length) {
        let n = 0
        for (let k = 0; k < f.length; k++) n = n * 256 + b[f.offset + k]!
        if (f.mask !== undefined) {
          let shift = 0
          while (shift < 32 && ((f.mask >>> shift) & 1) === 0) shift++
          n = ((n & f.mask) >>> 0) >>> shift
        }
        return n
      }
      const m = typeof v === 'string' ? /^(0x[0-9a-f]+|\d+)/i.exec(v) : null
      return m ? Number(m[1]) : null
    }
    case 'bool':
      return typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? (v !== 0 ? 1 : 0) : null
    case 'time':
      return typeof v === 'number' ? v : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v)) ? Number(v) : null
    case 'string': {
      if (v === undefined) return null
      const text = String(v)
      return def.dnsName ? dnsName(text) : text
    }
    case 'ipv4': {
      const bytes = typeof v === 'string' ? ipv4Bytes(v) : null
      return bytes === null ? null : ((bytes[0]! << 24) >>> 0) + (bytes[1]! << 16) + (bytes[2]! << 8) + bytes[3]!
    }
    case 'ipv6':
      return typeof v === 'string' ? ipv6Bytes(v) : null
    case 'ether':
      return typeof v === 'string' ? byteString(v) : null
    case 'bytes':
    case 'protocol':
      return f.length > 0 && f.offset + f.length <= b.length ? b.subarray(f.offset, f.offset + f.length) : typeof v === 'string' ? byteString(v) : null
  }
}

/** A DNS name as Wireshark's fields hold it: no final dot, the root as "<Root>". */
export function dnsName(text: string): string {
  if (text === '.' || text === '') return '<Root>'
  return text.endsWith('.') ? text.slice(0, -1) : text
}
