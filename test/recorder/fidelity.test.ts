// The fidelity check of issue 3 §7: while Wiretrail records a lab page load, tcpdump captures the
// same traffic on loopback. The two captures must agree on every TCP connection's ports and payload
// bytes (each direction) and on every DNS message; tshark must find nothing wrong in ours.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { recordPageLoad, type RecordResult } from '../../src-main/recorder/index.ts'
import { readFlows, type Flows } from './flows.ts'
import { CHECKSUMS_ON, decodeAsLab, PROBLEMS_FILTER, scratchDir, startTcpdump, tshark } from './peers.ts'

const BLOCK = 171 // 127.171.0.0/16: this file only (tcpdump captures the whole block)

describe('a recorded lab page load matches tcpdump byte for byte', () => {
  let lab: RunningLab
  let dir: string
  let result: RecordResult
  let ours: Flows
  let kernel: Flows

  beforeAll(async () => {
    dir = scratchDir('fidelity')
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
    const kernelFile = join(dir, 'tcpdump.pcap')
    const tcpdump = await startTcpdump(kernelFile, `net 127.${BLOCK}.0.0/16`, `127.${BLOCK}.255.254`)
    try {
      result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: join(dir, 'wiretrail.pcap'), lab })
    } finally {
      await tcpdump.stop()
    }
    ours = await readFlows(result.output)
    kernel = await readFlows(kernelFile)
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('loads sample.htm and gazou.jpg, mapping the typed URL to the lab port', () => {
    expect(result.ok).toBe(true)
    expect(result.typedUrl).toBe('http://www.lab.cyber.co.kr/sample.htm')
    const port = lab.web.find((w) => w.host === 'www.lab.cyber.co.kr')?.httpPort
    expect(result.url).toBe(`http://www.lab.cyber.co.kr:${port}/sample.htm`)
    expect(result.document.map((d) => [d.status, new URL(d.url).pathname])).toEqual([[200, '/sample.htm']])
    expect(result.subresources.map((d) => [d.status, new URL(d.url).pathname, d.referer])).toEqual([[200, '/gazou.jpg', result.url]])
    expect(result.lookups.map((l) => l.source)).toEqual(['authoritative', 'cache'])
  })

  it('has the same TCP connections (same ports) with identical payload bytes each way', () => {
    expect(ours.tcp.size).toBe(2)
    expect([...ours.tcp.keys()].sort()).toEqual([...kernel.tcp.keys()].sort())
    for (const [key, flow] of ours.tcp) {
      const real = kernel.tcp.get(key)
      expect(real, key).toBeDefined()
      expect(flow.toServer.equals(real!.toServer), `${key} client→server`).toBe(true)
      expect(flow.toClient.equals(real!.toClient), `${key} server→client`).toBe(true)
    }
    const image = [...ours.tcp.values()].find((f) => f.toServer.toString('latin1').startsWith('GET /gazou.jpg'))
    expect(image?.toClient.length).toBeGreaterThan(6000)
  })

  it('has the same DNS messages between the same endpoints', () => {
    expect(ours.udp.length).toBe(10) // 5 queries, 5 responses: root, kr, co.kr, cyber.co.kr, lab.cyber.co.kr
    expect(ours.udp).toEqual(kernel.udp)
  })

  it('reads in tshark with no malformed packet, no warning, no TCP analysis flag, every checksum good', async () => {
    expect(await tshark(['-r', result.output, ...decodeAsLab(lab), ...CHECKSUMS_ON, '-Y', PROBLEMS_FILTER])).toBe('')
    const statuses = await tshark(['-r', result.output, ...decodeAsLab(lab), ...CHECKSUMS_ON, '-T', 'fields', '-e', 'ip.checksum.status', '-e', 'tcp.checksum.status', '-e', 'udp.checksum.status'])
    const lines = statuses.trim().split('\n')
    expect(lines.length).toBe(ours.frames)
    expect(lines.every((l) => l.split('\t').every((v) => v === '' || v === '1'))).toBe(true) // 1 = Good
  })

  it('holds the iterative DNS chain, both connections\' four phases and both HTTP exchanges', async () => {
    const dns = await tshark(['-r', result.output, ...decodeAsLab(lab), '-Y', 'dns.flags.response == 0', '-T', 'fields', '-e', 'ip.dst'])
    expect(dns.trim().split('\n')).toEqual([`127.${BLOCK}.0.1`, `127.${BLOCK}.1.1`, `127.${BLOCK}.2.1`, `127.${BLOCK}.3.1`, `127.${BLOCK}.4.1`])
    const http = await tshark(['-r', result.output, ...decodeAsLab(lab), '-Y', 'http', '-T', 'fields', '-e', 'http.request.uri', '-e', 'http.response.code'])
    expect(http.trim().split('\n')).toEqual(['/sample.htm\t', '\t200', '/gazou.jpg\t', '\t200'])
    const flags = await tshark(['-r', result.output, ...decodeAsLab(lab), '-Y', 'tcp.flags.syn == 1 || tcp.flags.fin == 1', '-T', 'fields', '-e', 'tcp.stream', '-e', 'tcp.flags.str'])
    const perStream = new Map<string, string[]>()
    for (const line of flags.trim().split('\n')) {
      const [stream = '', str = ''] = line.split('\t')
      perStream.set(stream, [...(perStream.get(stream) ?? []), str.replace(/·/g, '')])
    }
    for (const phases of perStream.values()) expect(phases).toEqual(['S', 'AS', 'AF', 'AF']) // SYN, SYN-ACK, server FIN, client FIN
  })
})
