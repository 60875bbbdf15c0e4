// Frame synthesis from socket events alone (no sockets): the handshake, data cut at the MSS,
// ACKs, FIN/RST, IPv4 and IPv6, UDP; written to a pcap and judged by tshark.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createCaptureWriter } from '../../src-main/recorder/capture-file/index.ts'
import { FrameSynthesizer } from '../../src-main/recorder/frame-synthesizer.ts'
import type { Endpoint, SocketEvent } from '../../src-main/sockets/tap.ts'
import { readFlows } from './flows.ts'
import { CHECKSUMS_ON, PROBLEMS_FILTER, scratchDir, tshark } from './peers.ts'

type Event = SocketEvent
const T0 = Date.UTC(2026, 0, 1) // fixed clock: the frames' timestamps are the events'

function v4(port: number, address = '127.0.0.1'): Endpoint {
  return { address, port, family: 4 }
}
function v6(port: number, address = '::1'): Endpoint {
  return { address, port, family: 6 }
}

/** A connection's life as the tap reports it, with `at` counting up in ms from T0. */
function connectionEvents(socketId: string, local: Endpoint, remote: Endpoint, opts: { request: number; response: number; closeFirst: 'local' | 'remote'; localAtConnecting?: boolean }): Event[] {
  let t = T0
  const at = (): number => (t += 1)
  const fin = (direction: 'in' | 'out'): Event => ({ kind: 'shutdown', socketId, at: at(), direction, how: 'fin' })
  return [
    { kind: 'socket', socketId, at: at(), protocol: 'tcp', purpose: 'http', fd: 7 },
    { kind: 'connecting', socketId, at: at(), remote, ...(opts.localAtConnecting === false ? {} : { local }) },
    { kind: 'connected', socketId, at: at(), local, remote, handshakeMs: 1 },
    { kind: 'write', socketId, at: at(), bytes: Buffer.alloc(opts.request, 0x71) },
    { kind: 'read', socketId, at: at(), bytes: Buffer.alloc(opts.response, 0x72) },
    { kind: 'read', socketId, at: at(), bytes: Buffer.alloc(100, 0x73) },
    ...(opts.closeFirst === 'remote' ? [fin('in'), fin('out')] : [fin('out'), fin('in')]),
    { kind: 'close', socketId, at: at(), firstBy: opts.closeFirst },
  ]
}

function writeCapture(name: string, events: Event[]): { path: string; frames: number; notes: string[] } {
  const path = join(scratchDir('synth'), name)
  const writer = createCaptureWriter(path, { format: 'pcap' })
  const synthesizer = new FrameSynthesizer()
  const notes: string[] = []
  for (const event of events) {
    for (const frame of synthesizer.handle(event)) {
      writer.writePacket({ timestampMs: frame.at, data: frame.packet })
      notes.push(frame.note)
    }
  }
  writer.close()
  return { path, frames: writer.packets, notes }
}

describe('TCP segments synthesized from socket events', () => {
  it('writes handshake, MSS-sized segments, ACKs and FINs that tshark finds consistent (IPv4 and IPv6)', async () => {
    const events = [
      ...connectionEvents('tcp-901', v4(40001), v4(8080, '127.9.0.80'), { request: 3000, response: 10_000, closeFirst: 'remote' }),
      ...connectionEvents('tcp-902', v6(40002), v6(8080), { request: 100, response: 5000, closeFirst: 'local', localAtConnecting: false }),
    ]
    const { path, notes } = writeCapture('flows.pcap', events)
    expect(await tshark(['-r', path, ...CHECKSUMS_ON, '-Y', PROBLEMS_FILTER])).toBe('')
    const lengths = (await tshark(['-r', path, '-Y', 'tcp.stream == 0 && tcp.len > 0', '-T', 'fields', '-e', 'tcp.len'])).trim().split('\n').map(Number)
    expect(lengths).toEqual([1460, 1460, 80, 1460, 1460, 1460, 1460, 1460, 1460, 1240, 100]) // cut at the IPv4 MSS
    const v6lengths = (await tshark(['-r', path, '-Y', 'tcp.stream == 1 && tcp.len > 0', '-T', 'fields', '-e', 'tcp.len'])).trim().split('\n').map(Number)
    expect(Math.max(...v6lengths)).toBe(1440) // the IPv6 MSS
    const handshake = await tshark(['-r', path, '-Y', 'tcp.stream == 0 && tcp.flags.syn == 1', '-T', 'fields', '-e', 'tcp.options.mss_val', '-e', 'tcp.options.wscale.shift'])
    expect(handshake.trim().split('\n')).toEqual(['1460\t7', '1460\t7'])
    const flows = await readFlows(path)
    expect(flows.tcp.get('127.0.0.1:40001 > 127.9.0.80:8080')?.toServer.equals(Buffer.alloc(3000, 0x71))).toBe(true)
    expect(flows.tcp.get('127.0.0.1:40001 > 127.9.0.80:8080')?.toClient.equals(Buffer.concat([Buffer.alloc(10_000, 0x72), Buffer.alloc(100, 0x73)]))).toBe(true)
    expect(notes[0]).toBe('connect(): SYN to 127.9.0.80:8080, the stack chose port 40001 (handshake 1/3)')
    expect(notes).toContain('close(): the server closes first (FIN); read() will report the end')
    expect(notes).toContain('close(): the client closes first (FIN)')
  })

  it('answers a refused connect() with RST+ACK, and an aborted connection with RST', async () => {
    const remote = v4(9, '127.9.0.9')
    const events: Event[] = [
      { kind: 'socket', socketId: 'tcp-903', at: T0, protocol: 'tcp', purpose: 'http', fd: 9 },
      { kind: 'connecting', socketId: 'tcp-903', at: T0 + 1, remote, local: v4(40003) },
      { kind: 'shutdown', socketId: 'tcp-903', at: T0 + 2, direction: 'in', how: 'rst' },
      { kind: 'close', socketId: 'tcp-903', at: T0 + 2, firstBy: null, error: { code: 'ECONNREFUSED', message: 'refused' } },
      ...connectionEvents('tcp-904', v4(40004), v4(8080, '127.9.0.80'), { request: 10, response: 10, closeFirst: 'local' }).slice(0, 5),
      { kind: 'shutdown', socketId: 'tcp-904', at: T0 + 10, direction: 'out', how: 'rst' },
      { kind: 'close', socketId: 'tcp-904', at: T0 + 10, firstBy: 'local' },
    ]
    const { path } = writeCapture('resets.pcap', events)
    const flags = (await tshark(['-r', path, '-T', 'fields', '-e', 'tcp.srcport', '-e', 'tcp.flags.str', '-e', 'tcp.ack'])).trim().split('\n')
    expect(flags.slice(0, 2).map((l) => l.replace(/·/g, ''))).toEqual(['40003\tS\t0', '9\tAR\t1'])
    expect(flags.at(-1)?.replace(/·/g, '')).toMatch(/^40004\tAR\t11$/)
    expect(await tshark(['-r', path, ...CHECKSUMS_ON, '-Y', '_ws.malformed || tcp.checksum.status == 0 || ip.checksum.status == 0'])).toBe('')
  })

  it('writes UDP datagrams both ways with correct checksums over IPv4 and IPv6', async () => {
    const query = Buffer.from('12340100000100000000000003777777076578616d706c6503636f6d0000010001', 'hex')
    const events: Event[] = []
    for (const [id, local, remote] of [['udp-905', v4(50000), v4(53, '127.9.0.1')], ['udp-906', v6(50001), v6(53)]] as const) {
      events.push(
        { kind: 'socket', socketId: id, at: T0, protocol: 'udp', purpose: 'dns', fd: 5, label: 'query . server' },
        { kind: 'connected', socketId: id, at: T0 + 1, local, remote, handshakeMs: 0 },
        { kind: 'write', socketId: id, at: T0 + 2, bytes: query, remote },
        { kind: 'read', socketId: id, at: T0 + 3, bytes: query, remote },
        { kind: 'close', socketId: id, at: T0 + 4, firstBy: null },
      )
    }
    const { path, notes } = writeCapture('udp.pcap', events)
    const rows = (await tshark(['-r', path, ...CHECKSUMS_ON, '-T', 'fields', '-e', 'udp.srcport', '-e', 'udp.dstport', '-e', 'udp.checksum.status', '-e', 'dns.qry.name'])).trim().split('\n')
    expect(rows).toEqual(['50000\t53\t1\twww.example.com', '53\t50000\t1\twww.example.com', '50001\t53\t1\twww.example.com', '53\t50001\t1\twww.example.com'])
    expect(notes[0]).toBe('sendto(): DNS query 0x1234: www.example.com. A (query . server)')
  })
})
