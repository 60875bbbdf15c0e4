// HTTPS recorded as pcapng: the TLS key log goes into Decryption Secrets Blocks before the packets
// that need it, so tshark decrypts every request with no set-up; every packet carries a comment
// naming its step; the ciphertext is the bytes the kernel carried (tcpdump agrees); a page with
// 22 subresources uses at most 6 connections to the server and reuses them (keep-alive).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad, type RecordResult } from '../../src-main/recorder/index.ts'
import { readFlows } from './flows.ts'
import { CHECKSUMS_ON, decodeAsLab, PROBLEMS_FILTER, scratchDir, startTcpdump, tshark } from './peers.ts'

const BLOCK = 172 // 127.172.0.0/16: this file only (tcpdump captures the whole block)

describe('an HTTPS gallery load recorded as pcapng', () => {
  let lab: RunningLab
  let result: RecordResult
  let kernelFile: string

  beforeAll(async () => {
    const dir = scratchDir('https')
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
    kernelFile = join(dir, 'tcpdump.pcap')
    const tcpdump = await startTcpdump(kernelFile, `net 127.${BLOCK}.0.0/16`, `127.${BLOCK}.255.254`)
    try {
      result = await recordPageLoad({ url: 'https://www.lab.cyber.co.kr/gallery.html', output: join(dir, 'gallery.pcapng'), format: 'pcapng', lab })
    } finally {
      await tcpdump.stop()
    }
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('loads the page and its 22 subresources over at most 6 kept-alive connections', () => {
    expect(result.ok).toBe(true)
    expect(result.subresources).toHaveLength(22)
    expect(result.subresources.every((s) => s.status === 200 && s.referer === result.url)).toBe(true)
    expect(result.connections).toBeLessThanOrEqual(6)
    expect(result.subresources.filter((s) => s.reusedConnection).length).toBeGreaterThanOrEqual(22 - 6)
    expect(result.tlsKeyLogLines).toBeGreaterThanOrEqual(result.connections * 4)
  })

  it('decrypts in tshark with no set-up: every request and response is visible', async () => {
    const http = await tshark(['-r', result.output, ...decodeAsLab(lab), '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'])
    const uris = http.trim().split('\n')
    expect(uris).toHaveLength(23)
    expect(uris[0]).toBe('/gallery.html')
    expect(uris).toContain('/img/photo-20.jpg')
    const responses = await tshark(['-r', result.output, ...decodeAsLab(lab), '-Y', 'http.response', '-T', 'fields', '-e', 'http.response.code'])
    expect(responses.trim().split('\n').filter((c) => c === '200')).toHaveLength(23)
    const sni = await tshark(['-r', result.output, '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'tls.handshake.extensions_server_name'])
    expect(new Set(sni.trim().split('\n'))).toEqual(new Set(['www.lab.cyber.co.kr']))
  })

  it('names every packet\'s step in a comment and has no warnings', async () => {
    const comments = await tshark(['-r', result.output, '-T', 'fields', '-e', 'frame.comment'])
    const lines = comments.trim().split('\n')
    expect(lines).toHaveLength(result.frames as number)
    expect(lines.every((c) => c.length > 0)).toBe(true)
    expect(lines[0]).toMatch(/^sendto\(\): DNS query 0x[0-9a-f]{4}: www\.lab\.cyber\.co\.kr\. A/)
    expect(lines.some((c) => c.startsWith('write(): TLS application data: HTTP request GET /img/photo-01.jpg'))).toBe(true)
    expect(await tshark(['-r', result.output, ...decodeAsLab(lab), ...CHECKSUMS_ON, '-Y', PROBLEMS_FILTER])).toBe('')
  })

  it('carries exactly the ciphertext the kernel carried, on the same ports', async () => {
    const ours = await readFlows(result.output)
    const kernel = await readFlows(kernelFile)
    expect(ours.tcp.size).toBe(result.connections)
    expect([...ours.tcp.keys()].sort()).toEqual([...kernel.tcp.keys()].sort())
    for (const [key, flow] of ours.tcp) {
      expect(flow.toServer.equals(kernel.tcp.get(key)!.toServer), key).toBe(true)
      expect(flow.toClient.equals(kernel.tcp.get(key)!.toClient), key).toBe(true)
    }
    expect(ours.udp).toEqual(kernel.udp)
  })
})
