// The bytes a recording writes stay the same for the same socket events: socket events and journal
// records taken from real lab loads (an HTTP page as pcap; an HTTPS page as pcapng, with its TLS key
// log and the frames held for it), replayed through the capture tap, give the capture and journal
// the recorder wrote for them before its cost was cut (issue 11 §4), byte for byte (SHA-256). The
// recorder draws TCP initial sequence numbers and IP identifications from node:crypto's randomInt;
// here it draws them from a seeded sequence, as when the fixtures were written.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { journaledEvent, jsonString, socketEventLine } from '../../src-main/recorder/journal-writer.ts'
import type { SocketEvent } from '../../src-main/sockets/tap.ts'
import { readTapReplay, replayTap } from './tap-replay.ts'
import { scratchDir } from './peers.ts'

vi.mock('node:crypto', async (importOriginal) => {
  const { seededRandomInt } = await import('./seeded-random.ts')
  return { ...(await importOriginal<typeof import('node:crypto')>()), randomInt: seededRandomInt }
})

const FIXTURES = join(import.meta.dirname, 'fixtures', 'tap-replays')

describe('the bytes a recording writes for given socket events', () => {
  const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'))
  it('has replays of an HTTP and an HTTPS load to compare', () => {
    expect(names.sort()).toEqual(['sample-http-pcap.json', 'sample-https-pcapng.json'])
  })

  for (const name of names) {
    it(`are the same as before for ${name}`, async () => {
      const replay = readTapReplay(join(FIXTURES, name))
      const written = await replayTap(replay, join(scratchDir('tap-replay'), `${name}.${replay.format}`))
      expect(written).toEqual(replay.expected)
    })
  }

  it('are the same twice in a row (the replay itself repeats)', async () => {
    const replay = readTapReplay(join(FIXTURES, 'sample-http-pcap.json'))
    const dir = scratchDir('tap-replay-twice')
    expect(await replayTap(replay, join(dir, 'a.pcap'))).toEqual(await replayTap(replay, join(dir, 'b.pcap')))
  })
})

describe('jsonString (journal strings quoted without JSON.stringify when nothing needs escaping)', () => {
  it('writes exactly what JSON.stringify writes', () => {
    const cases = [
      '',
      'tcp-7',
      'read(): HTTP response 200 OK into the receive buffer (segment 1/3)',
      'this computer ↔ nearby DNS server (local DNS server) 127.53.53.53',
      '한국어 주석',
      'say "hi"',
      'back\\slash',
      'tab\there, newline\n, return\r, NUL \u0000, unit separator \u001f, DEL \u007f',
      'line separator \u2028 and paragraph separator \u2029',
      'a pair 😀 (U+1F600)',
      'a lone high \ud83d surrogate',
      'a lone low \ude00 surrogate',
      'reversed \ude00\ud83d pair',
    ]
    for (const text of cases) expect(jsonString(text), text).toBe(JSON.stringify(text))
  })

  it('writes what JSON.stringify writes for every character and for random strings', () => {
    for (let code = 0; code <= 0xffff; code += 1) {
      const text = `x${String.fromCharCode(code)}y`
      if (jsonString(text) !== JSON.stringify(text)) expect(jsonString(text), `U+${code.toString(16)}`).toBe(JSON.stringify(text))
    }
    // A fixed pseudo-random sequence (the same strings every run), weighted towards the characters
    // JSON escapes and the surrogates.
    let state = 1
    const next = (n: number): number => (state = (state * 1103515245 + 12345) % 2 ** 31) % n
    const pool = ['"', '\\', '\n', '\u0000', '\u001f', ' ', 'a', '가', '\ud83d', '\ude00', '\u2028', '\u007f']
    for (let i = 0; i < 20_000; i += 1) {
      let text = ''
      for (let n = next(12); n > 0; n -= 1) text += next(3) === 0 ? String.fromCharCode(next(0x10000)) : pool[next(pool.length)]
      if (jsonString(text) !== JSON.stringify(text)) expect(jsonString(text), JSON.stringify([...text].map((c) => c.charCodeAt(0)))).toBe(JSON.stringify(text))
    }
  })
})

describe('socketEventLine (a socket event\'s journal line, written from its properties)', () => {
  const stringified = (event: SocketEvent): string => `${JSON.stringify({ type: 'socket', event: journaledEvent(event) })}\n`

  it('writes what JSON.stringify writes for every event of the replays', () => {
    let events = 0
    for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.json'))) {
      for (const step of readTapReplay(join(FIXTURES, name)).steps) {
        if (!('event' in step)) continue
        expect(socketEventLine(step.event), `${name}: ${step.event.kind}`).toBe(stringified(step.event))
        events += 1
      }
    }
    expect(events).toBeGreaterThan(50)
  })

  it('writes what JSON.stringify writes for every kind of event, odd values and absent properties included', () => {
    const local = { address: '127.0.0.1', port: 40001, family: 4 as const }
    const remote = { address: '::1', port: 8443, family: 6 as const }
    const bytes = Buffer.from('GET / HTTP/1.1\r\n\r\n')
    const odd = 'a "quoted" \\ note\nwith a tab\t, a pair 😀, a lone \ud83d and \u2028'
    const events = [
      { kind: 'socket', socketId: 'tcp-1', at: 1_767_225_600_000.125, protocol: 'tcp', purpose: 'https', fd: null, label: odd },
      { kind: 'socket', socketId: 'udp-2', at: -0, protocol: 'udp', purpose: 'dns', fd: 17 },
      { kind: 'connecting', socketId: 'tcp-1', at: Number.NaN, remote },
      { kind: 'connecting', socketId: 'tcp-1', at: 1e21, remote, local },
      { kind: 'connecting', socketId: 'tcp-1', at: 5e-7, remote, local: undefined },
      { kind: 'connected', socketId: 'tcp-1', at: Number.POSITIVE_INFINITY, local, remote, handshakeMs: 0.30000000000000004, tls: { servername: 'www.lab.cyber.co.kr', protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', alpn: null } },
      { kind: 'write', socketId: 'tcp-1', at: 1, bytes, note: odd },
      { kind: 'write', socketId: 'udp-2', at: 2, bytes: new Uint8Array(0), note: undefined, remote },
      { kind: 'read', socketId: 'udp-2', at: 3, bytes, remote },
      { kind: 'shutdown', socketId: 'tcp-1', at: 4, direction: 'in', how: 'rst' },
      { kind: 'close', socketId: 'tcp-1', at: 5, firstBy: null, error: { code: 'ECONNRESET', message: odd } },
      { kind: 'close', socketId: 'tcp-1', at: 6, firstBy: 'remote' },
      { kind: 'tls-handshake', socketId: 'tcp-1', at: 7, servername: 'x', protocol: 'TLSv1.3', cipher: 'c', alpn: 'http/1.1', handshakeMs: 2.5, authorized: false, authorizationError: odd, certificates: [{ subject: 'CN=x', issuer: 'CN=ca', subjectAltName: null, validFrom: 'a', validTo: 'b', serialNumber: '01', fingerprint256: 'AA:BB', selfSigned: false }] },
      { kind: 'tls-keylog', socketId: 'tcp-1', at: 8, line: 'CLIENT_RANDOM 00 11' },
      { kind: 'tls-plaintext', socketId: 'tcp-1', at: 9, direction: 'out', bytes },
      { kind: 'tls-plaintext', socketId: 'tcp-1', at: 10, direction: 'in', bytes: new Uint8Array(0) },
    ] as SocketEvent[]
    for (const event of events) expect(socketEventLine(event), event.kind).toBe(stringified(event))
  })
})
