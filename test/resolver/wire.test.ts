// The socket tap against the wire: tcpdump (as root) captures loopback while the resolver runs, and
// every UDP datagram and every TCP byte the tap reported must be in the capture, between the same
// ports, with the same payload, in the same order. This is what lets the recorder synthesise
// packets that match a kernel capture byte for byte.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pcapParser from 'pcap-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Resolver } from '../../src-main/resolver/index.ts'
import type { SocketEvent } from '../../src-main/sockets/tap.ts'
import { AA, answer, authoritative, TC, type Script } from './helpers/fake-dns.ts'
import { startMiniLab, type MiniLab } from './helpers/mini-lab.ts'
import { requirePeer, requireRoot } from './helpers/peers.ts'

const BLOCK = 204
const DIR = join('/tmp/resolver-area', `wire-${process.pid}`)
const FILE = join(DIR, 'resolver.pcap')

interface Segment {
  protocol: 'udp' | 'tcp'
  src: string
  dst: string
  flags: number
  payload: Buffer
}

let lab: MiniLab
let tcpdump: ChildProcess
const events: SocketEvent[] = []
let captured: Segment[] = []

async function startTcpdump(): Promise<void> {
  tcpdump = spawn(requirePeer('tcpdump', 'tcpdump'), ['-i', 'lo', '--immediate-mode', '-B', '32768', '-U', '-n', '-s', '0', '-w', FILE, `net 127.${BLOCK}.0.0/16`], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tcpdump did not start:\n${stderr}`)), 15_000)
    tcpdump.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (stderr.includes('listening on')) {
        clearTimeout(timer)
        resolve()
      }
    })
    tcpdump.once('exit', (code) => reject(new Error(`tcpdump exited (${code}):\n${stderr}`)))
  })
}

function readCapture(): Promise<Segment[]> {
  const segments: Segment[] = []
  return new Promise((resolve, reject) => {
    const parser = pcapParser.parse(FILE)
    parser.on('packet', ({ data }) => {
      // Linux "lo" captures as Ethernet (link type 1) with zero MACs; IPv4 follows at byte 14.
      const ip = data.subarray(14)
      const ihl = (ip[0]! & 0x0f) * 4
      const src = `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`
      const dst = `${ip[16]}.${ip[17]}.${ip[18]}.${ip[19]}`
      const l4 = ip.subarray(ihl, ip.readUInt16BE(2))
      if (ip[9] === 17) segments.push({ protocol: 'udp', src: `${src}:${l4.readUInt16BE(0)}`, dst: `${dst}:${l4.readUInt16BE(2)}`, flags: 0, payload: l4.subarray(8) })
      if (ip[9] === 6) {
        const offset = (l4[12]! >> 4) * 4
        segments.push({ protocol: 'tcp', src: `${src}:${l4.readUInt16BE(0)}`, dst: `${dst}:${l4.readUInt16BE(2)}`, flags: l4[13]!, payload: l4.subarray(offset) })
      }
    })
    parser.on('end', () => resolve(segments))
    parser.on('error', reject)
  })
}

beforeAll(async () => {
  requireRoot('tcpdump')
  mkdirSync(DIR, { recursive: true })
  const big: Script = (q) => {
    if (q.name !== 'big.lab.cyber.co.kr.') return authoritative({ zone: 'lab.cyber.co.kr', records: [] })(q)
    const records = Array.from({ length: 8 }, (_, i) => ({ type: 'TXT' as const, name: 'big.lab.cyber.co.kr', ttl: 300, data: `${i} ${'z'.repeat(200)}` }))
    return q.transport === 'udp' ? { packet: { flags: AA | TC } } : answer(records)
  }
  lab = await startMiniLab(BLOCK, { 'lab.cyber.co.kr': big })
  await startTcpdump()
  const resolver = new Resolver({ mode: 'iterative', roots: lab.roots, portFor: lab.net.portFor, timeoutMs: 3000, tap: { emit: (e) => events.push(e) } })
  await resolver.resolve('big.lab.cyber.co.kr', 'TXT')
  // Without --immediate-mode the kernel hands packets over in blocks, once a second: a capture
  // stopped sooner than that would come back empty.
  await new Promise((resolve) => setTimeout(resolve, 200))
  tcpdump.kill('SIGINT')
  await new Promise((resolve) => tcpdump.once('exit', resolve))
  captured = await readCapture()
}, 60_000)

afterAll(async () => {
  if (tcpdump?.exitCode === null) tcpdump.kill('SIGKILL')
  await lab?.close()
  rmSync(DIR, { recursive: true, force: true })
})

const endpoint = (e: { address: string; port: number }): string => `${e.address}:${e.port}`

describe('the tap matches a tcpdump capture', () => {
  it('has every UDP datagram, with its ports and exact payload, in order', () => {
    const localOf = new Map<string, string>()
    for (const e of events) if (e.kind === 'connected') localOf.set(e.socketId, endpoint(e.local))
    const fromTap = events
      .filter((e): e is Extract<SocketEvent, { kind: 'write' | 'read' }> => (e.kind === 'write' || e.kind === 'read') && e.remote !== undefined)
      .map((e) => {
        const local = localOf.get(e.socketId)!
        const remote = endpoint(e.remote!)
        return `${e.kind === 'write' ? `${local} > ${remote}` : `${remote} > ${local}`} ${Buffer.from(e.bytes).toString('hex')}`
      })
    const onWire = captured.filter((s) => s.protocol === 'udp').map((s) => `${s.src} > ${s.dst} ${s.payload.toString('hex')}`)
    expect(fromTap.length).toBe(10) // five queries over UDP (the last one answered TC=1), five replies
    expect(onWire).toEqual(fromTap)
  })

  it('has every TCP byte in each direction, and the handshake and FIN between the reported endpoints', () => {
    const tcp = events.filter((e) => e.socketId.startsWith('tcp-'))
    const connected = tcp.find((e) => e.kind === 'connected') as Extract<SocketEvent, { kind: 'connected' }>
    const local = endpoint(connected.local)
    const remote = endpoint(connected.remote)
    const segments = captured.filter((s) => s.protocol === 'tcp' && ((s.src === local && s.dst === remote) || (s.src === remote && s.dst === local)))
    const SYN = 0x02
    const FIN = 0x01
    expect(segments[0]).toMatchObject({ src: local, dst: remote })
    expect(segments[0]!.flags & SYN).toBe(SYN)
    const bytes = (from: string): string => Buffer.concat(segments.filter((s) => s.src === from).map((s) => s.payload)).toString('hex')
    const tapBytes = (kind: 'write' | 'read'): string =>
      Buffer.concat(tcp.filter((e) => e.kind === kind).map((e) => Buffer.from((e as { bytes: Uint8Array }).bytes))).toString('hex')
    expect(bytes(local)).toBe(tapBytes('write'))
    expect(bytes(remote)).toBe(tapBytes('read'))
    // Who closed first: the tap says we did; on the wire our FIN comes before the server's.
    expect(tcp.find((e) => e.kind === 'close')).toMatchObject({ firstBy: 'local' })
    const firstFin = segments.find((s) => (s.flags & FIN) !== 0)
    expect(firstFin?.src).toBe(local)
    expect(segments.filter((s) => (s.flags & FIN) !== 0).map((s) => s.src)).toEqual([local, remote])
  })
})
