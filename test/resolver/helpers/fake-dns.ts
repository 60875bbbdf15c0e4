// Scripted DNS servers on loopback (like Unbound's .rpl replay tests): each fake server listens on
// its own 127.x.y.z address (UDP and TCP on the same random port) and answers from a script, a
// function from the query to canned replies. Every query received is logged in order, with the
// exact bytes and the client's endpoint, so tests can assert the sequence of servers asked and
// what went over the wire.
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { createServer, isIPv6, type Server, type Socket as TcpSocket } from 'node:net'
import dnsPacket from 'dns-packet'
import type { Answer, Packet } from 'dns-packet'
import { frameTcpMessage, TcpMessageFramer } from '../../../src-main/dns/tcp-framing.ts'
import type { DnsServerRef } from '../../../src-main/shared/resolver-events.ts'

export interface ReceivedQuery {
  server: string
  transport: 'udp' | 'tcp'
  id: number
  name: string
  type: string
  rd: boolean
  edns: number | null
  bytes: Buffer
  client: { address: string; port: number }
  /** What the server sent back on the query's own socket, exactly (TCP: with length prefixes). */
  replies: Buffer[]
}

/** What a script returns for one query: nothing (silence), or one or more replies in order. */
export type Reply =
  /** A response built from the query: questions and id are copied unless given. */
  | { packet: Partial<Packet> & { flags?: number } }
  /** Exactly these bytes. */
  | { raw: Buffer }
  /** Sent from another socket (another port) on the same address: must be thrown away. */
  | { fromOtherPort: Partial<Packet> & { flags?: number } }

export type Script = (query: ReceivedQuery) => Reply[] | Reply | null

export interface FakeServer {
  address: string
  port: number
  ref: DnsServerRef
  close(): Promise<void>
}

export class FakeNetwork {
  readonly log: ReceivedQuery[] = []
  private readonly servers: { server: FakeServer; udp: UdpSocket; tcp: Server; tcpClients: Set<TcpSocket> }[] = []
  private readonly ports = new Map<string, number>()

  /** Starts a server on `address` answering with `script`; `tcp: false` leaves TCP closed; `port`
   * (default: a free one) for captures that other tools must dissect as DNS (53, or the lab's 10053). */
  async add(address: string, script: Script, options: { tcp?: boolean; name?: string; port?: number } = {}): Promise<FakeServer> {
    const family = isIPv6(address) ? 'udp6' : 'udp4'
    const udp = createSocket(family)
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject)
      udp.bind(options.port ?? 0, address, () => resolve())
    })
    const port = udp.address().port
    const other = createSocket(family)
    await new Promise<void>((resolve) => other.bind(0, address, () => resolve()))
    udp.on('close', () => other.close())
    const tcpClients = new Set<TcpSocket>()
    const tcp = createServer((socket) => {
      tcpClients.add(socket)
      socket.on('close', () => tcpClients.delete(socket))
      socket.on('error', () => {})
      const reader = new TcpMessageFramer()
      socket.on('data', (chunk) => {
        for (const message of reader.push(chunk)) {
          const query = this.record(address, 'tcp', Buffer.from(message), { address: socket.remoteAddress!, port: socket.remotePort! })
          for (const reply of toList(script(query))) {
            const bytes = 'raw' in reply ? reply.raw : 'packet' in reply ? build(query, reply.packet) : null
            if (bytes === null) continue
            const framed = Buffer.from(frameTcpMessage(bytes))
            query.replies.push(framed)
            socket.write(framed)
          }
        }
      })
    })
    if (options.tcp !== false) {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject)
        tcp.listen(port, address, () => resolve())
      })
    }
    udp.on('message', (msg, rinfo) => {
      const query = this.record(address, 'udp', msg, rinfo)
      for (const reply of toList(script(query))) {
        if ('fromOtherPort' in reply) {
          other.send(build(query, reply.fromOtherPort), rinfo.port, rinfo.address)
          continue
        }
        const bytes = 'raw' in reply ? reply.raw : build(query, reply.packet)
        query.replies.push(bytes)
        udp.send(bytes, rinfo.port, rinfo.address)
      }
    })
    const server: FakeServer = {
      address,
      port,
      ref: { address, port, ...(options.name ? { name: options.name } : {}) },
      close: async () => {
        for (const client of tcpClients) client.destroy()
        await new Promise<void>((resolve) => udp.close(() => resolve()))
        if (tcp.listening) await new Promise<void>((resolve) => tcp.close(() => resolve()))
      },
    }
    this.ports.set(address, port)
    this.servers.push({ server, udp, tcp, tcpClients })
    return server
  }

  /** For Resolver's `portFor`: the port of the fake server at an address (referrals give addresses). */
  readonly portFor = (address: string): number => this.ports.get(address) ?? 9 // 9 (discard): nothing listens

  /** The servers asked, in order: "127.201.0.1 udp www.example. A". */
  sequence(): string[] {
    return this.log.map((q) => `${q.server} ${q.transport} ${q.name} ${q.type}`)
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((s) => s.server.close()))
  }

  private record(server: string, transport: 'udp' | 'tcp', bytes: Buffer, client: { address: string; port: number }): ReceivedQuery {
    const packet = dnsPacket.decode(bytes)
    const q = packet.questions?.[0]
    const opt = packet.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined
    const query: ReceivedQuery = {
      server,
      transport,
      id: packet.id ?? 0,
      name: `${(q?.name ?? '').toLowerCase()}.`.replace(/^\.\.$/, '.'),
      type: q?.type ?? '?',
      rd: ((packet.flags ?? 0) & dnsPacket.RECURSION_DESIRED) !== 0,
      edns: opt?.udpPayloadSize ?? null,
      bytes: Buffer.from(bytes),
      client: { address: client.address, port: client.port },
      replies: [],
    }
    this.log.push(query)
    return query
  }
}

function toList(replies: Reply[] | Reply | null): Reply[] {
  if (replies === null) return []
  return Array.isArray(replies) ? replies : [replies]
}

function build(query: ReceivedQuery, packet: Partial<Packet> & { flags?: number }): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: packet.id ?? query.id,
    flags: packet.flags ?? 0,
    questions: packet.questions ?? [{ name: query.name, type: query.type as 'A', class: 'IN' }],
    answers: packet.answers ?? [],
    authorities: packet.authorities ?? [],
    additionals: packet.additionals ?? [],
  })
}

// ── canned responses ─────────────────────────────────────────────────────────────────────────

export const AA = dnsPacket.AUTHORITATIVE_ANSWER
export const TC = dnsPacket.TRUNCATED_RESPONSE

export function aaaa(name: string, address: string, ttl = 3600): Answer {
  return { type: 'AAAA', name, ttl, data: address }
}

export function a(name: string, address: string, ttl = 3600): Answer {
  return { type: 'A', name, ttl, data: address }
}

export function soa(zone: string, ttl = 3600, minimum = 300): Answer {
  const base = zone === '.' ? '' : zone.replace(/\.$/, '')
  return { type: 'SOA', name: zone, ttl, data: { mname: `ns1.${base}`, rname: `hostmaster.${base}`, serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum } }
}

/** A referral to `zone` served by `servers` (glue for each address, A or AAAA, unless it is null;
 * a name listed twice is one NS record with two addresses). */
export function referral(zone: string, servers: { name: string; address: string | null }[], extra: Answer[] = []): Reply {
  const names = [...new Set(servers.map((s) => s.name))]
  return {
    packet: {
      flags: 0,
      authorities: names.map((name) => ({ type: 'NS', name: zone, ttl: 86400, data: name }) as Answer),
      additionals: [...servers.filter((s) => s.address !== null).map((s) => (isIPv6(s.address!) ? aaaa : a)(s.name, s.address!, 86400)), ...extra],
    },
  }
}

export function answer(records: Answer[], flags = AA): Reply {
  return { packet: { flags, answers: records } }
}

export function nxdomain(zone: string, ttl = 3600, minimum = 300): Reply {
  return { packet: { flags: AA | 3 /* rcode NXDOMAIN */, authorities: [soa(zone, ttl, minimum)] } }
}

export function nodata(zone: string, ttl = 3600, minimum = 300): Reply {
  return { packet: { flags: AA, authorities: [soa(zone, ttl, minimum)] } }
}

export interface ZoneSpec {
  zone: string
  /** Child zones and their servers (glue given when the address is not null). */
  delegations?: Record<string, { name: string; address: string | null }[]>
  records?: Answer[]
}

/** A small authoritative server for one zone: referrals below delegations, answers with AA,
 * in-zone CNAME targets chased, NODATA and NXDOMAIN with the zone's SOA. */
export function authoritative(spec: ZoneSpec): Script {
  const zone = spec.zone
  const lower = (n: string): string => n.toLowerCase().replace(/\.$/, '')
  const z = lower(zone)
  const inZone = (n: string): boolean => z === '' || lower(n) === z || lower(n).endsWith(`.${z}`)
  const records = spec.records ?? []
  return (query) => {
    const name = lower(query.name)
    for (const [child, servers] of Object.entries(spec.delegations ?? {})) {
      const c = lower(child)
      if (name === c || name.endsWith(`.${c}`)) return referral(child, servers)
    }
    const chain: Answer[] = []
    let current = name
    for (let i = 0; i < 8; i++) {
      const matches = records.filter((r) => lower(r.name) === current && r.type === query.type)
      if (matches.length > 0) return answer([...chain, ...matches])
      const cname = records.find((r) => lower(r.name) === current && r.type === 'CNAME')
      if (cname === undefined) break
      chain.push(cname)
      current = lower(String((cname as { data: unknown }).data))
      if (!inZone(current)) return answer(chain)
    }
    if (chain.length > 0) return answer(chain)
    const exists = records.some((r) => lower(r.name) === name || lower(r.name).endsWith(`.${name}`))
    return exists ? nodata(zone === '.' ? '.' : zone) : nxdomain(zone === '.' ? '.' : zone)
  }
}
