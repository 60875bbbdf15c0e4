// Starting and stopping the lab: closing frees every port (a second lab starts on the same ones),
// the single-address mode (macOS fallback) maps zone-file addresses to ports, bad options and busy
// ports fail with errors that say what is wrong.
import dgram from 'node:dgram'
import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { startLab } from '../../src-main/lab/index.ts'
import { isWiretrailError } from '../../src-main/shared/errors.ts'
import { dig, runPeer } from './peers.ts'

// Fixed, unusual ports for this file only (other lab tests use port 0 or other blocks).
const PORTS = { dnsPort: 21053, httpPort: 21080, httpsPort: 21443 }

async function caught(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected a rejection')
}

describe('closing the lab', () => {
  it('releases every socket: a second lab starts on the same addresses and ports and serves', async () => {
    const first = await startLab({ addressBlock: 65, ...PORTS, localDns: false })
    const before = await dig('127.65.0.1', PORTS.dnsPort, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
    expect(before.authority.map((r) => r.data)).toEqual(['a.dns.kr.'])
    await first.close()
    await first.close() // a second close is harmless
    const refused = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', `www.lab.cyber.co.kr:${PORTS.httpPort}:127.65.4.80`, `http://www.lab.cyber.co.kr:${PORTS.httpPort}/`])
    expect(refused.status).toBe(7) // CURLE_COULDNT_CONNECT: nothing listens any more

    const second = await startLab({ addressBlock: 65, ...PORTS, localDns: false })
    try {
      const after = await dig('127.65.4.1', PORTS.dnsPort, 'www.lab.cyber.co.kr', 'A', ['+norecurse', '+tcp'])
      expect(after.answer.map((r) => r.data)).toEqual(['127.65.4.80'])
      const page = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', `www.lab.cyber.co.kr:${PORTS.httpPort}:127.65.4.80`, `http://www.lab.cyber.co.kr:${PORTS.httpPort}/sample.htm`])
      expect(page.stdout).toContain('gazou.jpg')
    } finally {
      await second.close()
    }
  })

  it('a busy port fails with LAB_LISTEN_FAILED naming the address, port and server, and leaves nothing open', async () => {
    const squatter = dgram.createSocket('udp4')
    await new Promise<void>((resolve) => squatter.bind(21153, '127.66.2.1', resolve))
    try {
      const error = await caught(startLab({ addressBlock: 66, dnsPort: 21153, web: false, localDns: false }))
      expect(error.code).toBe('LAB_LISTEN_FAILED')
      expect(error.message).toMatch(/127\.66\.2\.1:21153 \(UDP, DNS server ns1\.co\.kr\.\): the port is already in use/)
      // The servers started before the failure were closed again: the root's port is free.
      const probe = dgram.createSocket('udp4')
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject)
        probe.bind(21153, '127.66.0.1', resolve)
      })
      probe.close()
    } finally {
      squatter.close()
    }
  })

  it.each([
    [{ addressBlock: 0 }, /address block 0 is not an integer from 1 to 254/],
    [{ addressBlock: 300 }, /address block 300/],
    [{ dnsPort: 70000 }, /dnsPort 70000 is not a port/],
    [{ httpPort: 65535, singleAddress: true }, /httpPort 65535 is not a port from 0 to 65534/],
  ])('option %o is refused with LAB_BAD_OPTION', async (options, message) => {
    const error = await caught(startLab({ ...options, web: false, localDns: false }))
    expect(isWiretrailError(error) && error.code).toBe('LAB_BAD_OPTION')
    expect(error.message).toMatch(message)
  })
})

describe('default web ports', () => {
  it('give way to free ports when something else already listens there, and say so', async () => {
    // Someone else's server on the cyber host's address and the default HTTP port 8080.
    const squatter = net.createServer((socket) => socket.end('not the lab\n'))
    await new Promise<void>((resolve) => squatter.listen({ host: '127.69.4.80', port: 8080 }, resolve))
    const notes: unknown[] = []
    const lab = await startLab({ addressBlock: 69, dnsPort: 0, localDns: false, onError: (error) => notes.push(error) })
    try {
      const cyber = lab.web.find((w) => w.host === 'www.lab.cyber.co.kr')
      const glasscom = lab.web.find((w) => w.host === 'www.lab.glasscom.com')
      expect(cyber?.httpPort).not.toBe(8080)
      expect(glasscom).toMatchObject({ httpPort: 8080, httpsPort: 8443 })
      expect(notes).toHaveLength(1)
      expect(notes[0]).toMatchObject({ code: 'LAB_PORT_TAKEN' })
      expect((notes[0] as Error).message).toContain('127.69.4.80:8080')
      const page = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', `www.lab.cyber.co.kr:${cyber?.httpPort}:127.69.4.80`, `http://www.lab.cyber.co.kr:${cyber?.httpPort}/sample.htm`])
      expect(page.stdout).toContain('gazou.jpg')
      expect(lab.describe()).toContain(`http://www.lab.cyber.co.kr:${cyber?.httpPort}/sample.htm`)
    } finally {
      await lab.close()
      await new Promise((resolve) => squatter.close(resolve))
    }
  })

  it('chosen by the caller are honoured or fail loudly', async () => {
    const squatter = net.createServer()
    await new Promise<void>((resolve) => squatter.listen({ host: '127.69.7.80', port: 21580 }, resolve))
    try {
      const error = await caught(startLab({ addressBlock: 69, dnsPort: 0, httpPort: 21580, httpsPort: 0, localDns: false }))
      expect(error.code).toBe('LAB_LISTEN_FAILED')
      expect(error.message).toContain('127.69.7.80:21580')
    } finally {
      await new Promise((resolve) => squatter.close(resolve))
    }
  })
})

describe('single-address mode (the macOS fallback), run on Linux', () => {
  it('puts every server on 127.0.0.1 with its own port and maps zone-file addresses to them', async () => {
    const lab = await startLab({ addressBlock: 67, singleAddress: true, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
    try {
      expect(new Set(lab.dnsServers.map((server) => server.address))).toEqual(new Set(['127.0.0.1']))
      const ports = lab.dnsServers.map((server) => server.port)
      expect(new Set(ports).size).toBe(ports.length)
      expect(lab.roots.map((root) => root.address)).toEqual(['127.0.0.1', '127.0.0.1'])

      // Follow the notes' chain by hand: each referral gives a zone-file address, which the lab maps.
      let server = lab.dnsEndpointFor('127.67.0.1')
      const zones: string[] = []
      for (let hop = 0; hop < 6; hop += 1) {
        expect(lab.dnsPortFor(`127.67.${hop}.1`)).toBeGreaterThan(0)
        const reply = await dig(server.address, server.port, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
        if (reply.answer.length > 0) {
          expect(reply.flags).toContain('aa')
          expect(reply.answer.map((r) => r.data)).toEqual(['127.67.4.80'])
          break
        }
        zones.push(reply.authority[0]?.name ?? '?')
        const glue = reply.additional[0]?.data ?? ''
        server = lab.dnsEndpointFor(glue)
        expect(server.address).toBe('127.0.0.1')
      }
      expect(zones).toEqual(['kr.', 'co.kr.', 'cyber.co.kr.', 'lab.cyber.co.kr.'])

      const web = lab.web.find((w) => w.host === 'www.lab.glasscom.com')
      expect(web?.address).toBe('127.0.0.1')
      expect(web?.zoneAddress).toBe('127.67.7.80')
      const page = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', `www.lab.glasscom.com:${web?.httpPort}:127.0.0.1`, `http://www.lab.glasscom.com:${web?.httpPort}/`])
      expect(page.stdout).toContain('<title>www.lab.glasscom.com</title>')
    } finally {
      await lab.close()
    }
  })

  it('with fixed ports server n listens on PORT+n, and the local DNS server recurses through them', async () => {
    const lab = await startLab({ addressBlock: 67, singleAddress: true, dnsPort: 21253, web: false })
    try {
      // The local DNS server comes after the authoritative servers, on 127.0.0.1 too; its resolver
      // follows each referral's zone-file address to 127.0.0.1:<port> (endpointFor).
      expect(lab.localDns).toMatchObject({ address: '127.0.0.1', port: 21253 + lab.dnsServers.length })
      const reply = await dig(lab.localDns.address, lab.localDns.port, 'www.lab.cyber.co.kr', 'A', [])
      expect(reply.flags).toContain('ra')
      expect(reply.flags).not.toContain('aa')
      expect(reply.answer.map((r) => r.data)).toEqual(['127.67.4.80'])
      expect(lab.dnsServers.map((server) => server.port)).toEqual(lab.dnsServers.map((_, index) => 21253 + index))
      expect(lab.dnsPortFor('127.67.4.1')).toBe(21253 + 5)
      expect(lab.describe()).toContain('single-address mode')
      expect(lab.describe()).toContain('127.0.0.1:21258  ns1.lab.cyber.co.kr.')
    } finally {
      await lab.close()
    }
  })
})
