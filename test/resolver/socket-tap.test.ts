// The socket tap: every UDP and TCP socket the resolver opens reports its life with the exact
// endpoints and bytes that went over the wire. Checked against what the scripted servers saw
// (their peer address/port and the bytes they received and sent).
import { afterEach, describe, expect, it } from 'vitest'
import { Resolver } from '../../src-main/resolver/index.ts'
import type { SocketEvent } from '../../src-main/sockets/tap.ts'
import { packetBytes } from '../../src-main/recorder/capture-file/types.ts'
import { FrameSynthesizer } from '../../src-main/recorder/frame-synthesizer.ts'
import { AA, answer, authoritative, FakeNetwork, TC, type Script } from './helpers/fake-dns.ts'
import { startMiniLab, type MiniLab } from './helpers/mini-lab.ts'

let lab: MiniLab | undefined
afterEach(async () => {
  await lab?.close()
  lab = undefined
})

function bySocket(events: SocketEvent[]): Map<string, SocketEvent[]> {
  const sockets = new Map<string, SocketEvent[]>()
  for (const e of events) sockets.set(e.socketId, [...(sockets.get(e.socketId) ?? []), e])
  return sockets
}

describe('socket tap', () => {
  it('reports each UDP query socket with the endpoints and bytes the server saw', async () => {
    lab = await startMiniLab(202)
    const events: SocketEvent[] = []
    const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.net.portFor, timeoutMs: 2000, tap: { emit: (e) => events.push(e) } })
    const result = await resolver.resolve('www.lab.cyber.co.kr')
    const sockets = [...bySocket(events).values()]
    expect(sockets).toHaveLength(5) // a fresh socket per query (RFC 5452)
    for (const [i, socket] of sockets.entries()) {
      const seen = lab.net.log[i]!
      expect(socket.map((e) => e.kind)).toEqual(['socket', 'connecting', 'connected', 'write', 'read', 'close'])
      const [created, , connected, write, read, close] = socket as [
        Extract<SocketEvent, { kind: 'socket' }>,
        SocketEvent,
        Extract<SocketEvent, { kind: 'connected' }>,
        Extract<SocketEvent, { kind: 'write' }>,
        Extract<SocketEvent, { kind: 'read' }>,
        Extract<SocketEvent, { kind: 'close' }>,
      ]
      expect(created).toMatchObject({ protocol: 'udp', purpose: 'dns', fd: expect.any(Number) })
      expect(connected.local).toEqual({ address: seen.client.address, port: seen.client.port, family: 4 })
      expect(connected.remote).toEqual({ address: seen.server, port: lab.net.portFor(seen.server), family: 4 })
      expect(Buffer.from(write.bytes)).toEqual(seen.bytes)
      expect(write.remote).toEqual(connected.remote)
      expect(Buffer.from(read.bytes)).toEqual(seen.replies[0])
      expect(read.remote).toEqual(connected.remote)
      expect(close.firstBy).toBeNull()
      // The resolver's query event names the socket that carried it.
      const sent = result.events.filter((e) => e.kind === 'query-sent')[i]
      expect(sent).toMatchObject({ socketId: created.socketId, id: seen.id, transport: 'udp' })
      // Times only move forward.
      const times = socket.map((e) => e.at)
      expect([...times].sort((x, y) => x - y)).toEqual(times)
    }
    // Random source ports: all different, and not the OS handing them out one after another.
    const ports = lab.net.log.map((q) => q.client.port)
    expect(new Set(ports).size).toBe(ports.length)
    expect(ports.slice(1).every((p, i) => p === ports[i]! + 1)).toBe(false)
  })

  it('reports the TCP retry: handshake, the length-prefixed query, the answer, FIN both ways', async () => {
    const big: Script = (q) => {
      if (q.name !== 'big.lab.cyber.co.kr.') return authoritative({ zone: 'lab.cyber.co.kr' })(q)
      const records = Array.from({ length: 8 }, (_, i) => ({ type: 'TXT' as const, name: 'big.lab.cyber.co.kr', ttl: 300, data: `${i} ${'y'.repeat(200)}` }))
      return q.transport === 'udp' ? { packet: { flags: AA | TC } } : answer(records)
    }
    lab = await startMiniLab(202, { 'lab.cyber.co.kr': big })
    const events: SocketEvent[] = []
    const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.net.portFor, timeoutMs: 2000, tap: { emit: (e) => events.push(e) } })
    await resolver.resolve('big.lab.cyber.co.kr', 'TXT')
    const tcp = [...bySocket(events).values()].find((s) => s[0]!.kind === 'socket' && s[0]!.protocol === 'tcp')!
    const seen = lab.net.log.at(-1)!
    expect(seen.transport).toBe('tcp')
    expect(tcp.map((e) => (e.kind === 'shutdown' ? `shutdown-${e.direction}-${e.how}` : e.kind))).toEqual(
      expect.arrayContaining(['socket', 'connecting', 'connected', 'write', 'read', 'shutdown-out-fin', 'shutdown-in-fin', 'close']),
    )
    const kinds = tcp.map((e) => e.kind)
    expect(kinds.slice(0, 4)).toEqual(['socket', 'connecting', 'connected', 'write'])
    expect(kinds.at(-1)).toBe('close')
    const connected = tcp.find((e) => e.kind === 'connected') as Extract<SocketEvent, { kind: 'connected' }>
    expect(connected.local).toEqual({ address: seen.client.address, port: seen.client.port, family: 4 })
    expect(connected.handshakeMs).toBeGreaterThanOrEqual(0)
    const written = Buffer.concat(tcp.filter((e) => e.kind === 'write').map((e) => Buffer.from((e as { bytes: Uint8Array }).bytes)))
    expect(written.readUInt16BE(0)).toBe(seen.bytes.length) // the 2-byte length prefix
    expect(written.subarray(2)).toEqual(seen.bytes)
    const read = Buffer.concat(tcp.filter((e) => e.kind === 'read').map((e) => Buffer.from((e as { bytes: Uint8Array }).bytes)))
    expect(read).toEqual(Buffer.concat(seen.replies))
    expect(tcp.at(-1)).toMatchObject({ kind: 'close', firstBy: 'local' })
    expect(tcp.findIndex((e) => e.kind === 'shutdown' && e.direction === 'out')).toBeLessThan(tcp.findIndex((e) => e.kind === 'shutdown' && e.direction === 'in'))
  })

  it('reports a refused TCP retry with the port the stack chose, so the recorder can write SYN and RST', async () => {
    // A root that always answers TC=1 over UDP, with nothing listening on TCP.
    const net = new FakeNetwork()
    const root = await net.add('127.203.9.1', () => ({ packet: { flags: TC } }), { tcp: false })
    try {
      const events: SocketEvent[] = []
      const resolver = new Resolver({ mode: 'iterative', roots: [root.ref], timeoutMs: 1000, tap: { emit: (e) => events.push(e) } })
      await expect(resolver.resolve('www.lab.cyber.co.kr')).rejects.toMatchObject({ code: expect.stringMatching(/^DNS_/) })
      const tcp = [...bySocket(events).values()].find((socket) => socket[0]!.kind === 'socket' && socket[0]!.protocol === 'tcp')!
      expect(tcp.map((e) => (e.kind === 'shutdown' ? `shutdown-${e.direction}-${e.how}` : e.kind))).toEqual(['socket', 'connecting', 'shutdown-in-rst', 'close'])
      const connecting = tcp[1] as Extract<SocketEvent, { kind: 'connecting' }>
      expect(connecting.remote).toEqual({ address: '127.203.9.1', port: root.port, family: 4 })
      expect(connecting.local).toMatchObject({ address: '127.0.0.1', family: 4 })
      expect(connecting.local!.port).toBeGreaterThan(0)
      expect(tcp[3]).toMatchObject({ kind: 'close', firstBy: null, error: { code: 'ECONNREFUSED' } })

      // What the recorder makes of it: our SYN from that port, the server's RST+ACK back.
      const synthesizer = new FrameSynthesizer()
      const frames = tcp.flatMap((event) => synthesizer.handle(event))
      expect(frames.map((frame) => frame.from)).toEqual(['client', 'server'])
      const tcpHeader = (frame: (typeof frames)[number]): Buffer => {
        const ip = Buffer.from(packetBytes(frame.packet)).subarray(14) // Ethernet with zero MACs, as tcpdump writes lo
        return ip.subarray((ip[0]! & 0x0f) * 4)
      }
      const [syn, rst] = frames.map(tcpHeader) as [Buffer, Buffer]
      expect(syn.readUInt16BE(0)).toBe(connecting.local!.port)
      expect(syn[13]! & 0x3f).toBe(0x02) // SYN
      expect(rst.readUInt16BE(2)).toBe(connecting.local!.port)
      expect(rst[13]! & 0x3f).toBe(0x14) // RST+ACK
    } finally {
      await net.close()
    }
  })
})
