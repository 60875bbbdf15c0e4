// The capture tap's writing rule (capture-tap.ts, docs/capture-format.md), checked at every moment a
// crash could come: after each event the capture holds every frame made so far (the packet in
// flight is never in the tap's hands when emit() returns), the journal names every frame but at
// most those of one flow (its lines wait while the same flow goes on in the same turn of the event
// loop, and are written before another flow's frames), and at the end of the turn it names them
// all. The files are read synchronously between events, so no turn ends in between.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CaptureTap } from '../../src-main/recorder/capture-tap.ts'
import { JournalWriter } from '../../src-main/recorder/journal-writer.ts'
import { RecordingFiles } from '../../src-main/recorder/recording-files.ts'
import type { Endpoint, SocketEvent } from '../../src-main/sockets/tap.ts'
import { scratchDir } from './peers.ts'

const T0 = Date.UTC(2026, 0, 1)
const v4 = (address: string, port: number): Endpoint => ({ address, port, family: 4 })
const CLIENT_A = v4('127.0.0.1', 41001)
const CLIENT_B = v4('127.0.0.1', 41002)
const CLIENT_UDP = v4('127.0.0.1', 41003)
const WEB = v4('127.9.0.80', 80)
const DNS_A = v4('127.9.0.53', 53)
const DNS_B = v4('127.9.0.54', 53)

/** Each captured frame's flow ("a:port b:port", the endpoints sorted), read synchronously from a pcap. */
function captureFlows(path: string): string[] {
  const file = readFileSync(path)
  const flows: string[] = []
  for (let at = 24; at + 16 <= file.length; ) {
    const length = file.readUInt32LE(at + 8)
    const frame = file.subarray(at + 16, at + 16 + length)
    const ip = 14
    const t = ip + (frame[ip]! & 0x0f) * 4
    const src = `${[...frame.subarray(ip + 12, ip + 16)].join('.')}:${frame.readUInt16BE(t)}`
    const dst = `${[...frame.subarray(ip + 16, ip + 20)].join('.')}:${frame.readUInt16BE(t + 2)}`
    flows.push([src, dst].sort().join(' '))
    at += 16 + length
  }
  return flows
}

interface Line {
  type: string
  frame?: number
  socketId?: string
  note?: string
  event?: { kind: string; socketId: string }
}

function journalLines(path: string): Line[] {
  const text = readFileSync(path, 'utf8')
  expect(text.endsWith('\n')).toBe(true) // whole lines only
  return text.trim().split('\n').map((line) => JSON.parse(line) as Line)
}

const turnEnd = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('the capture tap', () => {
  it('leaves at most one flow\'s frames unnamed by the journal after any event, and names them all by the end of the turn', async () => {
    const output = join(scratchDir('tap'), 'turns.pcap')
    const files = RecordingFiles.create(output, { format: 'pcap' }, [{ type: 'host', interfaces: [] }])
    const tap = new CaptureTap({ writer: files.capture, journal: files.journal })
    let t = T0
    const at = (): number => (t += 1)
    const tcp = (socketId: string, local: Endpoint): SocketEvent[] => [
      { kind: 'socket', socketId, at: at(), protocol: 'tcp', purpose: 'http', fd: 9 },
      { kind: 'connecting', socketId, at: at(), remote: WEB, local },
      { kind: 'connected', socketId, at: at(), local, remote: WEB, handshakeMs: 1 },
      { kind: 'write', socketId, at: at(), bytes: Buffer.from('GET / HTTP/1.1\r\n\r\n'), note: 'HTTP request GET /' },
    ]
    // One turn of the event loop: two connections open and send, a response arrives on the first
    // and its next request goes out on the same connection, a resolver step, a response on the
    // second; a UDP socket asks two servers.
    const events: (SocketEvent | 'resolver')[] = [
      ...tcp('tcp-1', CLIENT_A),
      ...tcp('tcp-2', CLIENT_B),
      { kind: 'read', socketId: 'tcp-1', at: at(), bytes: Buffer.from('HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n') },
      { kind: 'write', socketId: 'tcp-1', at: at(), bytes: Buffer.from('GET /a.png HTTP/1.1\r\n\r\n'), note: 'HTTP request GET /a.png' },
      'resolver',
      { kind: 'read', socketId: 'tcp-2', at: at(), bytes: Buffer.alloc(3000, 0x61) },
      { kind: 'socket', socketId: 'udp-3', at: at(), protocol: 'udp', purpose: 'dns', fd: 10 },
      { kind: 'connected', socketId: 'udp-3', at: at(), local: CLIENT_UDP, remote: DNS_A, handshakeMs: 0 },
      { kind: 'write', socketId: 'udp-3', at: at(), bytes: Buffer.alloc(30, 1), remote: DNS_A },
      { kind: 'read', socketId: 'udp-3', at: at(), bytes: Buffer.alloc(60, 2), remote: DNS_A },
      { kind: 'write', socketId: 'udp-3', at: at(), bytes: Buffer.alloc(30, 3), remote: DNS_B },
      { kind: 'shutdown', socketId: 'tcp-1', at: at(), direction: 'out', how: 'fin' },
    ]
    const journalBytes: number[] = []
    for (const event of events) {
      if (event === 'resolver') tap.journalRecord({ type: 'resolver', event: { kind: 'cache-hit', at: at() } as never })
      else tap.emit(event)
      const flows = captureFlows(output)
      expect(flows).toHaveLength(tap.frames) // every frame made is in the capture when emit() returns
      const named = Math.max(0, ...journalLines(files.journalPath).map((l) => l.frame ?? 0))
      expect(named).toBeLessThanOrEqual(flows.length)
      expect(new Set(flows.slice(named)).size).toBeLessThanOrEqual(1)
      journalBytes.push(readFileSync(files.journalPath).length)
    }
    // The same flow's response and next request: their lines waited (no journal write between them).
    const readOne = events.findIndex((e) => e !== 'resolver' && e.kind === 'read' && e.socketId === 'tcp-1')
    expect(journalBytes[readOne + 1]).toBe(journalBytes[readOne])
    // Another flow's frames: the first flow's lines were written before them.
    expect(journalBytes[readOne + 3]).toBeGreaterThan(journalBytes[readOne]!)
    await turnEnd()
    const lines = journalLines(files.journalPath)
    const frameLines = lines.filter((l) => l.type === 'frame')
    expect(frameLines.map((l) => l.frame)).toEqual(Array.from({ length: tap.frames }, (_, i) => i + 1))
    expect(frameLines.find((l) => l.note === 'write(): HTTP request GET /a.png')).toMatchObject({ socketId: 'tcp-1' })
    expect(frameLines.filter((l) => l.socketId === 'udp-3').map((l) => l.note)).toEqual(['sendto(): 30 bytes of DNS', 'recvfrom(): 60 bytes of DNS', 'sendto(): 30 bytes of DNS'])
    // A write, read or shutdown that made frames has no line of its own; every other event has one.
    expect(lines.filter((l) => l.type === 'socket').map((l) => `${l.event!.kind} ${l.event!.socketId}`)).toEqual([
      'socket tcp-1',
      'connecting tcp-1',
      'connected tcp-1',
      'socket tcp-2',
      'connecting tcp-2',
      'connected tcp-2',
      'socket udp-3',
      'connected udp-3',
    ])
    expect(lines.filter((l) => l.type === 'resolver')).toHaveLength(1)
    tap.close()
    files.close()
  })

  it('keeps the line of a write that made no frame, and every event\'s line when the packets are the kernel\'s', async () => {
    const dir = scratchDir('tap')
    const files = RecordingFiles.create(join(dir, 'early.pcap'), { format: 'pcap' }, [])
    const tap = new CaptureTap({ writer: files.capture, journal: files.journal })
    // Bytes written before the connection is established make no segment (nothing was sent).
    tap.emit({ kind: 'socket', socketId: 'tcp-7', at: T0, protocol: 'tcp', purpose: 'http', fd: 9 })
    tap.emit({ kind: 'write', socketId: 'tcp-7', at: T0 + 1, bytes: Buffer.from('early') })
    tap.close()
    files.close()
    expect(tap.frames).toBe(0)
    expect(journalLines(files.journalPath).map((l) => l.event?.kind)).toEqual(['socket', 'write'])

    const journal = new JournalWriter(join(dir, 'kernel.pcap.wiretrail.jsonl'))
    const kernelTap = new CaptureTap({ writer: null, journal })
    const kinds: SocketEvent[] = [
      { kind: 'socket', socketId: 'tcp-8', at: T0, protocol: 'tcp', purpose: 'http', fd: 9 },
      { kind: 'connected', socketId: 'tcp-8', at: T0 + 1, local: CLIENT_A, remote: WEB, handshakeMs: 1 },
      { kind: 'write', socketId: 'tcp-8', at: T0 + 2, bytes: Buffer.from('GET / HTTP/1.1\r\n\r\n') },
      { kind: 'read', socketId: 'tcp-8', at: T0 + 3, bytes: Buffer.from('HTTP/1.1 204 No Content\r\n\r\n') },
      { kind: 'shutdown', socketId: 'tcp-8', at: T0 + 4, direction: 'out', how: 'fin' },
    ]
    for (const event of kinds) kernelTap.emit(event)
    await turnEnd()
    kernelTap.close()
    journal.close()
    expect(journalLines(journal.path).map((l) => l.event?.kind)).toEqual(['socket', 'connected', 'write', 'read', 'shutdown'])
  })
})
