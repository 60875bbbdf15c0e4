// `wiretrail resolve` end to end, in process, against the embedded lab (its own address block).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { main } from '../../src-main/cli/main.ts'
import { run } from '../../src-main/cli/resolve.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { requirePeer } from './helpers/peers.ts'

const BLOCK = '211'
let out = ''
let err = ''
beforeAll(() => {
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true))
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true))
})
afterEach(() => {
  out = ''
  err = ''
})
afterAll(() => vi.restoreAllMocks())

describe('wiretrail resolve --json', () => {
  it('prints the chain root → kr → co.kr → cyber.co.kr → lab.cyber.co.kr → answer', async () => {
    expect(await run(['www.lab.cyber.co.kr', '--json', '--lab-block', BLOCK])).toBe(0)
    const json = JSON.parse(out) as Record<string, unknown> & { hops: { server: string; zone: string; outcome: string; rtt_ms: number }[] }
    expect(json).toMatchObject({
      qname: 'www.lab.cyber.co.kr.',
      qtype: 'A',
      rcode: 'NOERROR',
      mode: 'iterative',
      target: 'lab',
      source: 'authoritative',
      answers: [{ name: 'www.lab.cyber.co.kr.', type: 'A', ttl: 300, data: '127.211.4.80' }],
      addresses: ['127.211.4.80'],
      queries: 5,
    })
    expect(json.hops.map((h) => `${h.zone} ${h.server} ${h.outcome}`)).toEqual([
      '. 127.211.0.1 referral',
      'kr. 127.211.1.1 referral',
      'co.kr. 127.211.2.1 referral',
      'cyber.co.kr. 127.211.3.1 referral',
      'lab.cyber.co.kr. 127.211.4.1 answer',
    ])
    expect(json.hops.every((h) => typeof h.rtt_ms === 'number' && h.rtt_ms >= 0)).toBe(true)
    expect(json).not.toHaveProperty('events')
  })

  it('exits 0 for NXDOMAIN (an answer) with the SOA', async () => {
    expect(await run(['nosuch.lab.cyber.co.kr', '--json', '--lab-block', BLOCK])).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ rcode: 'NXDOMAIN', answers: [], authority: [{ type: 'SOA', name: 'lab.cyber.co.kr.' }], hops: expect.arrayContaining([expect.objectContaining({ outcome: 'nxdomain' })]) })
  })

  it('asks the lab local DNS server in stub mode', async () => {
    expect(await run(['www.lab.glasscom.com', '--stub', 'lab', '--json', '--lab-block', BLOCK])).toBe(0)
    expect(JSON.parse(out)).toMatchObject({ mode: 'stub', resolver: 'stub', source: 'recursive', addresses: ['127.211.7.80'], hops: [{ server: '127.211.53.53', outcome: 'answer', role: 'nearby' }] })
    expect(JSON.parse(out)).not.toHaveProperty('nearby')
  })

  it('--resolver nearby: the question to the nearby DNS server (RD=1), and its walk from the lab root', async () => {
    expect(await run(['www.lab.cyber.co.kr', '--resolver', 'nearby', '--json', '--lab-block', BLOCK])).toBe(0)
    const json = JSON.parse(out) as { resolver: string; mode: string; hops: { server: string; port: number; role: string; outcome: string }[]; nearby: { queries: number; hops: { server: string; zone: string; role: string; outcome: string; depth: number }[] } }
    expect(json).toMatchObject({ resolver: 'nearby', mode: 'stub', rcode: 'NOERROR', addresses: ['127.211.4.80'] })
    expect(json.hops).toEqual([expect.objectContaining({ server: '127.211.53.53', role: 'nearby', outcome: 'answer' })])
    expect(json.nearby.hops.map((h) => `${h.role} ${h.zone} ${h.server} ${h.outcome}`)).toEqual([
      // Its first walk: priming from its root hints (RFC 8109), ". NS" answered by a lab root.
      'root . 127.211.0.1 answer',
      'null . cache cache', // the walk starts at the root servers just primed, from its cache
      'root . 127.211.0.1 referral',
      'tld kr. 127.211.1.1 referral',
      'zone co.kr. 127.211.2.1 referral',
      'zone cyber.co.kr. 127.211.3.1 referral',
      'zone lab.cyber.co.kr. 127.211.4.1 answer',
    ])
    expect(json.nearby.hops[0]).toMatchObject({ qname: '.', qtype: 'NS', depth: 1 })
    expect(json.nearby.queries).toBe(6)
  })
})

describe('wiretrail resolve (text)', () => {
  it('--resolver nearby prints the question, then the nearby server\'s walk under it', async () => {
    expect(await run(['cyber.co.kr', '--type', 'mx', '--resolver', 'nearby', '--lab-block', BLOCK])).toBe(0)
    const lines = out.split('\n')
    expect(lines[0]).toBe(`; wiretrail resolve cyber.co.kr MX: as in the notes, asking the lab's nearby DNS server 127.211.53.53:10053 (RD=1), which walks from the lab root`)
    expect(out).toMatch(/\n\(recursive\)\s+local DNS server 127\.211\.53\.53:10053\s+answer: cyber\.co\.kr\. MX 10 mail\.cyber\.co\.kr\./)
    expect(out).toMatch(
      /\n {2};; the nearby DNS server, for that question \(RD=0, from its own address 127\.211\.53\.53\):\n {6};; first: \. NS \(priming \(RFC 8109\): the current list of root servers, asked of a root server from the lab's root hints\)\n {6}\. +a\.root-servers\.lab\. 127\.211\.0\.1:10053 +answer \(AA\): \. NS a\.root-servers\.lab\., \. NS b\.root-servers\.lab\. /,
    )
    expect(lines.filter((l) => /^ {4}\S*\.\s+\S+ 127\.211\./.test(l)).map((l) => l.trim().split(/\s+/)[0])).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.'])
    expect(out).toContain(';; ANSWER (from the recursive server):\ncyber.co.kr.\t3600\tIN\tMX\t10 mail.cyber.co.kr.\n')
  })

  it('checks --resolver against the other options before starting anything', async () => {
    await expect(run(['x.lab', '--resolver', 'recursive'])).rejects.toThrow(/--resolver must be iterative, nearby or stub, not recursive/)
    await expect(run(['x.lab', '--resolver', 'nearby', '--internet'])).rejects.toThrow(/--resolver nearby asks the lab's nearby DNS server: it takes no --internet/)
    await expect(run(['x.lab', '--resolver', 'iterative', '--stub', '127.0.0.1'])).rejects.toThrow(/--stub is for --resolver stub/)
  })

  it('prints one line per hop like dig +trace, then the answer', async () => {
    expect(await run(['cyber.co.kr', '--type', 'mx', '--lab-block', BLOCK])).toBe(0)
    const lines = out.split('\n')
    expect(lines[0]).toMatch(/^; wiretrail resolve cyber\.co\.kr MX: iterative, from the lab root a\.root-servers\.lab\. 127\.211\.0\.1:10053/)
    expect(lines.filter((l) => /^\S*\.\s+\S+ 127\.211\./.test(l)).map((l) => l.split(/\s+/)[0])).toEqual(['.', 'kr.', 'co.kr.', 'cyber.co.kr.'])
    expect(out).toMatch(/cyber\.co\.kr\.\s+ns1\.cyber\.co\.kr\. 127\.211\.3\.1:10053\s+answer \(AA\): cyber\.co\.kr\. MX 10 mail\.cyber\.co\.kr\.\s+\d+\.\d+ ms/)
    expect(out).toContain(';; ANSWER (authoritative):\ncyber.co.kr.\t3600\tIN\tMX\t10 mail.cyber.co.kr.\n')
  })

  it('iterates from --root ADDR:PORT, using that port for every referral', async () => {
    const lab: RunningLab = await startLab({ addressBlock: 212, dnsPort: 20853, web: false, localDns: false })
    try {
      expect(await run(['www.lab.glasscom.com', '--root', '127.212.0.2:20853', '--json'])).toBe(0)
      const json = JSON.parse(out) as { target: string; addresses: string[]; hops: { server: string; port: number }[] }
      expect(json.target).toBe('custom')
      expect(json.addresses).toEqual(['127.212.7.80'])
      expect(json.hops.map((h) => `${h.server}:${h.port}`)).toEqual(['127.212.0.2:20853', '127.212.5.1:20853', '127.212.6.1:20853', '127.212.7.1:20853'])
    } finally {
      await lab.close()
    }
  })
})

describe('wiretrail resolve failures', () => {
  it('exits 1 with the reason when no server answers usefully, after printing the steps so far', async () => {
    // Nothing listens on 127.211.250.1:9: ICMP port unreachable, then no server is left.
    expect(await main(['resolve', 'www.lab.cyber.co.kr', '--root', '127.211.250.1:9', '--timeout', '3000'])).toBe(1)
    expect(out).toContain('127.211.250.1:9')
    expect(out).toContain('port unreachable')
    expect(err).toMatch(/^wiretrail resolve: no usable answer for www\.lab\.cyber\.co\.kr\. A from the servers of \. \(127\.211\.250\.1:9: port unreachable \(ICMP\): nothing listens there\) \[DNS_SERVFAIL\]\n$/)
  })

  it('keeps the documented schema with --json on failure: the hops up to the failure, rcode and the error', async () => {
    expect(await main(['resolve', 'www.lab.cyber.co.kr', '--root', '127.211.250.1:9', '--json'])).toBe(1)
    const json = JSON.parse(out) as Record<string, unknown> & { hops: { server: string; port: number; zone: string; outcome: string; detail: string }[] }
    expect(json).toMatchObject({
      qname: 'www.lab.cyber.co.kr.',
      qtype: 'A',
      rcode: 'SERVFAIL',
      nodata: false,
      mode: 'iterative',
      target: 'custom',
      source: null,
      answers: [],
      addresses: [],
      queries: 1,
      error: { code: 'DNS_SERVFAIL', message: expect.stringContaining('port unreachable') },
    })
    expect(json.hops.map((h) => `${h.zone} ${h.server}:${h.port} ${h.outcome}`)).toEqual(['. 127.211.250.1:9 throwaway'])
    expect(json.hops[0]!.detail).toContain('port unreachable')
    expect(typeof json.elapsed_ms).toBe('number')
    expect(err).toContain('[DNS_SERVFAIL]')
  })

  it('refuses a name DNS cannot carry before anything starts, in the same schema', async () => {
    expect(await main(['resolve', 'a..b', '--json', '--lab-block', BLOCK])).toBe(1)
    expect(JSON.parse(out)).toMatchObject({ qname: 'a..b', rcode: null, hops: [], queries: 0, target: 'lab', error: { code: 'DNS_BAD_NAME', message: '"a..b" has an empty label (two dots in a row)' } })
    out = ''
    expect(await main(['resolve', `${'x'.repeat(64)}.kr`])).toBe(1)
    expect(out).toBe('')
    expect(err).toContain('at most 63 are allowed [DNS_BAD_NAME]')
  })

  it('exits 2 for bad usage: no name, an unknown type, a bad server', async () => {
    expect(await main(['resolve'])).toBe(2)
    expect(await main(['resolve', 'x.kr', '--type', 'AAA'])).toBe(2)
    expect(err).toContain('unknown record type "AAA"')
    expect(await main(['resolve', 'x.kr', '--root', 'root.example'])).toBe(2)
    expect(err).toContain('"root.example" is not a server address')
    expect(await main(['resolve', 'x.kr', '--internet', '--root', '127.0.0.1'])).toBe(2) // checked before anything is sent
    expect(err).toContain('--internet and --root each choose where the resolution starts; give one')
    expect(await main(['resolve', 'x.kr', '--stub', 'lab', '--root', '127.0.0.1'])).toBe(2)
    expect(err).toContain('--root and --stub each choose where the resolution starts')
    expect(await main(['resolve', 'x.kr', '--root', '999.1.1.1'])).toBe(2)
    expect(err).toContain('"999.1.1.1" is not a server address')
    expect(await main(['resolve', 'x.kr', '--events'])).toBe(2)
    expect(err).toContain('--events goes with --json')
  })
})

describe('wiretrail resolve without administrator rights', () => {
  it('resolves from the lab as user nobody (no privileged port anywhere)', () => {
    requirePeer('setpriv', 'util-linux')
    const cli = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
    const run = spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, cli, 'resolve', 'www.lab.cyber.co.kr', '--json', '--lab-block', '214'], {
      encoding: 'utf8',
      cwd: '/tmp',
      env: { ...process.env, HOME: '/tmp' },
      timeout: 60_000,
    })
    expect(run.stderr).not.toMatch(/EACCES|permission/i)
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ rcode: 'NOERROR', addresses: ['127.214.4.80'], queries: 5 })
  })
})
