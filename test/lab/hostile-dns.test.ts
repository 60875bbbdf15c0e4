// Hostile and malformed queries: each gets FORMERR/NOTIMP or is dropped, and the server keeps
// answering real questions afterwards (checked with dig after every case).
import dgram from 'node:dgram'
import net from 'node:net'
import dnsPacket from 'dns-packet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { dig } from './peers.ts'

const BLOCK = 63
const SERVER = `127.${BLOCK}.4.1`
let lab: RunningLab

beforeAll(async () => {
  lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, web: false, localDns: false })
})
afterAll(() => lab?.close())

/** Sends one datagram; resolves with the reply, or null when none came within `waitMs`. */
function udpExchange(bytes: Buffer, waitMs = 400): Promise<Buffer | null> {
  const { address, port } = lab.dnsEndpointFor(SERVER)
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4')
    const timer = setTimeout(() => {
      socket.close()
      resolve(null)
    }, waitMs)
    socket.on('message', (message) => {
      clearTimeout(timer)
      socket.close()
      resolve(message)
    })
    socket.on('error', reject)
    socket.send(bytes, port, address)
  })
}

/** Sends raw bytes over TCP; resolves with everything received until the server closes or `waitMs`. */
function tcpExchange(bytes: Buffer, waitMs = 400): Promise<Buffer> {
  const { address, port } = lab.dnsEndpointFor(SERVER)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const socket = net.connect({ host: address, port }, () => socket.write(bytes))
    const finish = (): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(chunks))
    }
    const timer = setTimeout(finish, waitMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('close', finish)
    socket.on('error', reject)
  })
}

function header(id: number, flags: number, counts: [number, number, number, number]): Buffer {
  const bytes = Buffer.alloc(12)
  bytes.writeUInt16BE(id, 0)
  bytes.writeUInt16BE(flags, 2)
  counts.forEach((count, index) => bytes.writeUInt16BE(count, 4 + 2 * index))
  return bytes
}

const rcodeOf = (reply: Buffer): number => reply.readUInt16BE(2) & 0xf
const FORMERR = 1
const NOTIMP = 4

async function expectStillServing(): Promise<void> {
  const { address, port } = lab.dnsEndpointFor(SERVER)
  const reply = await dig(address, port, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
  expect(reply.answer.map((r) => r.data)).toEqual([`127.${BLOCK}.4.80`])
}

describe('malformed queries over UDP', () => {
  it('fewer than 12 bytes (a truncated header) is dropped', async () => {
    expect(await udpExchange(Buffer.from([0x12, 0x34, 0x01]))).toBeNull()
    await expectStillServing()
  })

  it('a compression pointer loop in the question gets FORMERR with the query id', async () => {
    // QNAME is a pointer to offset 12 — itself: a loop (RFC 1035 §4.1.4 allows pointers back only).
    const query = Buffer.concat([header(0xbeef, 0x0100, [1, 0, 0, 0]), Buffer.from([0xc0, 0x0c, 0x00, 0x01, 0x00, 0x01])])
    const reply = await udpExchange(query)
    expect(reply).not.toBeNull()
    expect(reply?.readUInt16BE(0)).toBe(0xbeef)
    expect(rcodeOf(reply as Buffer)).toBe(FORMERR)
    await expectStillServing()
  })

  it('random garbage after a plausible header gets FORMERR', async () => {
    const garbage = Buffer.concat([header(7, 0x0000, [1, 0, 0, 0]), Buffer.from('\x3fthis label claims 63 bytes but the packet ends early')])
    const reply = await udpExchange(garbage)
    expect(rcodeOf(reply as Buffer)).toBe(FORMERR)
    await expectStillServing()
  })

  it('a header claiming 65535 records of each kind gets FORMERR quickly', async () => {
    const query = Buffer.concat([header(9, 0, [0xffff, 0xffff, 0xffff, 0xffff]), Buffer.from([0, 0, 1, 0, 1])])
    expect(rcodeOf((await udpExchange(query)) as Buffer)).toBe(FORMERR)
    await expectStillServing()
  })

  it('two questions in one query get FORMERR', async () => {
    const two = dnsPacket.encode({
      type: 'query',
      id: 11,
      questions: [
        { type: 'A', name: 'www.lab.cyber.co.kr' },
        { type: 'A', name: 'web.lab.cyber.co.kr' },
      ],
    })
    expect(rcodeOf((await udpExchange(two)) as Buffer)).toBe(FORMERR)
  })

  it('trailing bytes after the last record get FORMERR', async () => {
    const query = Buffer.concat([dnsPacket.encode({ type: 'query', id: 12, questions: [{ type: 'A', name: 'www.lab.cyber.co.kr' }] }), Buffer.from([1, 2, 3])])
    expect(rcodeOf((await udpExchange(query)) as Buffer)).toBe(FORMERR)
  })

  it('a response sent to the server (QR=1) is dropped, so two servers cannot loop', async () => {
    const response = dnsPacket.encode({ type: 'response', id: 13, questions: [{ type: 'A', name: 'www.lab.cyber.co.kr' }] })
    expect(await udpExchange(response)).toBeNull()
  })

  it('an opcode other than QUERY (NOTIFY) gets NOTIMP', async () => {
    const notify = Buffer.concat([header(14, 4 << 11, [1, 0, 0, 0]), Buffer.from([0, 0, 6, 0, 1])])
    const reply = (await udpExchange(notify)) as Buffer
    expect(rcodeOf(reply)).toBe(NOTIMP)
    expect((reply.readUInt16BE(2) >> 11) & 0xf).toBe(4)
  })

  it('a burst of 200 random datagrams does not stop the server', async () => {
    const { address, port } = lab.dnsEndpointFor(SERVER)
    const socket = dgram.createSocket('udp4')
    let seed = 42
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed
    }
    for (let i = 0; i < 200; i += 1) {
      const bytes = Buffer.alloc(1 + (random() % 300))
      for (let j = 0; j < bytes.length; j += 1) bytes[j] = random() & 0xff
      bytes[2] = (bytes[2] as number) & 0x7f // keep QR=0 so most of them are parsed
      await new Promise<void>((resolve) => socket.send(bytes, port, address, () => resolve()))
    }
    socket.close()
    await expectStillServing()
  })
})

describe('malformed queries over TCP', () => {
  it('a framed garbage message gets a framed FORMERR', async () => {
    const body = Buffer.concat([header(0x4242, 0x0100, [1, 0, 0, 0]), Buffer.from([0xc0, 0x0c])])
    const framed = Buffer.concat([Buffer.from([0, body.length]), body])
    const received = await tcpExchange(framed)
    expect(received.readUInt16BE(0)).toBe(received.length - 2)
    expect(received.readUInt16BE(2)).toBe(0x4242)
    expect(rcodeOf(received.subarray(2))).toBe(FORMERR)
    await expectStillServing()
  })

  it('two pipelined queries on one connection get two replies in order', async () => {
    const frame = (id: number, name: string): Buffer => {
      const body = dnsPacket.encode({ type: 'query', id, questions: [{ type: 'A', name }] })
      return Buffer.concat([Buffer.from([body.length >> 8, body.length & 0xff]), body])
    }
    const received = await tcpExchange(Buffer.concat([frame(1, 'www.lab.cyber.co.kr'), frame(2, 'nosuch.lab.cyber.co.kr')]))
    const first = dnsPacket.decode(received.subarray(2, 2 + received.readUInt16BE(0)))
    const rest = received.subarray(2 + received.readUInt16BE(0))
    const second = dnsPacket.decode(rest.subarray(2))
    expect([first.id, second.id]).toEqual([1, 2])
    expect((second as { rcode?: string }).rcode).toBe('NXDOMAIN')
  })

  it('a length prefix promising more than is sent leaves the server serving others', async () => {
    const received = await tcpExchange(Buffer.from([0xff, 0xff, 1, 2, 3]), 200)
    expect(received.length).toBe(0)
    await expectStillServing()
  })
})
