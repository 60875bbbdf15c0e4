// Reads a capture (Ethernet frames, as both Wiretrail and tcpdump on Linux loopback write them) into
// what the fidelity test compares: per TCP connection the payload bytes in each direction, and the
// UDP datagrams (DNS messages) with their endpoints.
import { readCapture } from '../../src-main/capture/index.ts'
import { MARKER_PORT } from '../support/tcpdump.ts'

export interface Flows {
  /** "client ip:port > server ip:port" → bytes each way (client = the side that sent the SYN). */
  tcp: Map<string, { toServer: Buffer; toClient: Buffer }>
  /** "src:port > dst:port <payload hex>" for every UDP datagram, in file order. */
  udp: string[]
  frames: number
}

interface Segment {
  seq: number
  payload: Buffer
}

export async function readFlows(path: string): Promise<Flows> {
  const packets: Buffer[] = []
  await readCapture(path, { onFrame: (f) => packets.push(Buffer.from(f.data)) })
  const segments = new Map<string, Segment[]>()
  const clients = new Map<string, string>() // canonical pair → "client > server" key
  const udp: string[] = []
  let frames = 0
  for (const frame of packets) {
    frames += 1
    const etherType = frame.readUInt16BE(12)
    if (etherType !== 0x0800) continue
    const ip = 14
    const ihl = (frame[ip]! & 0x0f) * 4
    const total = frame.readUInt16BE(ip + 2)
    const proto = frame[ip + 9]
    const src = [...frame.subarray(ip + 12, ip + 16)].join('.')
    const dst = [...frame.subarray(ip + 16, ip + 20)].join('.')
    const t = ip + ihl
    const sport = frame.readUInt16BE(t)
    const dport = frame.readUInt16BE(t + 2)
    const from = `${src}:${sport}`
    const to = `${dst}:${dport}`
    if (proto === 17) {
      // Port 9 (discard) is the capture helper's end marker (test/support/tcpdump.ts), not traffic.
      if (dport === MARKER_PORT) continue
      udp.push(`${from} > ${to} ${frame.subarray(t + 8, ip + total).toString('hex')}`)
      continue
    }
    if (proto !== 6) continue
    const flags = frame[t + 13]!
    const seq = frame.readUInt32BE(t + 4)
    const dataOffset = (frame[t + 12]! >> 4) * 4
    const payload = frame.subarray(t + dataOffset, ip + total)
    const pair = [from, to].sort().join(' ')
    if ((flags & 0x02) !== 0 && (flags & 0x10) === 0) clients.set(pair, `${from} > ${to}`)
    const list = segments.get(`${from} > ${to}`) ?? []
    if (payload.length > 0) list.push({ seq, payload: Buffer.from(payload) })
    segments.set(`${from} > ${to}`, list)
  }
  const tcp = new Map<string, { toServer: Buffer; toClient: Buffer }>()
  for (const key of clients.values()) {
    const [client, server] = key.split(' > ') as [string, string]
    tcp.set(key, { toServer: assemble(segments.get(`${client} > ${server}`) ?? []), toClient: assemble(segments.get(`${server} > ${client}`) ?? []) })
  }
  return { tcp, udp, frames }
}

/** Payload in sequence order, each sequence number once (a retransmission is counted once). */
function assemble(list: Segment[]): Buffer {
  const bySeq = new Map<number, Buffer>()
  for (const s of list) if (!bySeq.has(s.seq)) bySeq.set(s.seq, s.payload)
  const first = list[0]?.seq ?? 0
  const ordered = [...bySeq.entries()].sort((a, b) => ((a[0] - first) >>> 0) - ((b[0] - first) >>> 0))
  return Buffer.concat(ordered.map(([, p]) => p))
}

/** One IPv4 TCP segment or UDP datagram of a capture, in file order with its time. */
export interface Packet {
  /** Epoch milliseconds (microseconds kept). */
  at: number
  proto: 'tcp' | 'udp'
  /** "ip:port" */
  from: string
  to: string
  /** TCP flags and sequence number (0 for UDP). */
  flags: number
  seq: number
  payload: Buffer
}

export const TCP_FLAG = { FIN: 0x01, SYN: 0x02, RST: 0x04, ACK: 0x10 } as const

/** The IPv4 TCP segments and UDP datagrams of a capture, and the problems the reader found (a
 * cut-off last record): a capture written whole has none. */
export async function readPackets(path: string): Promise<{ packets: Packet[]; problems: string[]; format: 'pcap' | 'pcapng'; frames: number }> {
  const packets: Packet[] = []
  const result = await readCapture(path, {
    onFrame: (f) => {
      const frame = Buffer.from(f.data)
      if (frame.length < 34 || frame.readUInt16BE(12) !== 0x0800) return
      const ip = 14
      const ihl = (frame[ip]! & 0x0f) * 4
      const total = frame.readUInt16BE(ip + 2)
      const proto = frame[ip + 9]
      if (proto !== 6 && proto !== 17) return
      const t = ip + ihl
      const from = `${[...frame.subarray(ip + 12, ip + 16)].join('.')}:${frame.readUInt16BE(t)}`
      const to = `${[...frame.subarray(ip + 16, ip + 20)].join('.')}:${frame.readUInt16BE(t + 2)}`
      const start = proto === 17 ? t + 8 : t + (frame[t + 12]! >> 4) * 4
      const at = f.tsSec * 1000 + f.tsNsec / 1e6
      packets.push({ at, proto: proto === 6 ? 'tcp' : 'udp', from, to, flags: proto === 6 ? frame[t + 13]! : 0, seq: proto === 6 ? frame.readUInt32BE(t + 4) : 0, payload: Buffer.from(frame.subarray(start, ip + total)) })
    },
  })
  return { packets, problems: result.problems.map((p) => p.message), format: result.info.format, frames: result.frames }
}
