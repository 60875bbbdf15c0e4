// The internet target on a computer whose network is down, as a user meets it: `wiretrail resolve`
// and `wiretrail record --target internet` run as real child processes inside a network namespace
// with only `lo` (no route anywhere, so nothing leaves the machine — and nothing could reach the
// real root servers). Each must end with a coded message and exit status 1, never a stack trace
// (an uncaught exception prints one), and `record` must still leave a capture tshark reads and a
// journal that says how the load ended.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tshark } from '../recorder/peers.ts'
import { runInEmptyNetns } from '../support/netns.ts'
import { scratchDir } from '../support/scratch.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const wiretrail = (args: string[], cwd?: string) => runInEmptyNetns([process.execPath, WIRETRAIL, ...args], { cwd, timeoutMs: 60_000 })

/** What an uncaught exception or an unhandled rejection leaves on stderr. */
function expectNoCrash(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m)
  expect(stderr).not.toMatch(/RangeError|TypeError|ERR_SOCKET_BAD_PORT|Unhandled|uncaught/i)
}

describe('the internet target with the network down', () => {
  it('resolve: every root server is unreachable, said with DNS_UNREACHABLE and exit 1', async () => {
    const run = await wiretrail(['resolve', 'www.example.com', '--internet'])
    expectNoCrash(run.stderr)
    expect(run.code).toBe(1)
    const last = run.stderr.trim().split('\n').at(-1) ?? ''
    expect(last).toMatch(/^wiretrail resolve: cannot reach any of the 13 servers of the root \(\.\) at 26 addresses, to resolve www\.example\.com\. A \(priming: asking for the list of root servers, \. NS\): no route to them \(ENETUNREACH\): is this computer connected to a network\? \(.+root-servers\.net\. \d+\.\d+\.\d+\.\d+:53, .+and 22 more\) \[DNS_UNREACHABLE\]$/)
    // The steps up to the failure are printed: priming, each root server asked over IPv4 and why it
    // failed, each IPv6 address skipped (no IPv6 route: nothing sent).
    expect(run.stdout).toContain(";; first: . NS (priming (RFC 8109): the current list of root servers, asked of a root server from the root hints (IANA's named.root (built in)))")
    expect(run.stdout.match(/^\s+\.\s+[a-m]\.root-servers\.net\. \S+:53\s+network unreachable: this computer has no route to \S+ \(ENETUNREACH\)$/gm)).toHaveLength(13)
    expect(run.stdout.match(/^\s+;; skipped [a-m]\.root-servers\.net\. \[[0-9a-f:]+\]:53: this computer has no IPv6 route to [0-9a-f:]+ \(ENETUNREACH\): skipped$/gm)).toHaveLength(13)
  })

  it('resolve --json: the error object with its code', async () => {
    const run = await wiretrail(['resolve', 'www.example.com', '--internet', '--json'])
    expectNoCrash(run.stderr)
    expect(run.code).toBe(1)
    const json = JSON.parse(run.stdout) as { error: { code: string; message: string } }
    expect(json.error.code).toBe('DNS_UNREACHABLE')
    expect(json.error.message).toContain('no route to them (ENETUNREACH)')
  })

  it('resolve --root with an IPv6 address: no route for that family', async () => {
    const run = await wiretrail(['resolve', 'www.example.com', '--root', '[2001:db8::53]'])
    expectNoCrash(run.stderr)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/cannot reach the server of the root \(\.\) to resolve www\.example\.com\. A: no IPv6 route to it \(ENETUNREACH\), and it has no IPv4 address: this computer has no IPv6 connectivity \(\[2001:db8::53\]:53\) \[DNS_UNREACHABLE\]\n$/)
  })

  it('record --target internet: a coded error, exit 1, and a capture and journal that say what happened', async () => {
    const dir = scratchDir('offline')
    const run = await wiretrail(['record', 'http://www.example.com/', '--target', 'internet', '-o', 'offline.pcap'], dir)
    expectNoCrash(run.stderr)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^wiretrail record: the page did not load \(resolve: www\.example\.com\): cannot reach any of the 13 servers of the root \(\.\) at 26 addresses, to resolve www\.example\.com\. A \(priming: .+ \[DNS_UNREACHABLE\]; kept what was recorded up to then: offline\.pcap \(pcap, 0 frames\) and its journal offline\.pcap\.wiretrail\.jsonl$/m)
    const capture = join(dir, 'offline.pcap')
    expect(existsSync(capture)).toBe(true)
    // Nothing could be sent, so no packet; the file is still a capture tshark opens.
    expect(await tshark(['-r', capture, '-T', 'fields', '-e', 'frame.number'])).toBe('')
    const journal = readFileSync(`${capture}.wiretrail.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(journal[0]).toMatchObject({ type: 'recording', target: 'internet', url: 'http://www.example.com/' })
    const errors = journal.filter((r) => r.type === 'resolver' && (r.event as { kind: string }).kind === 'query-error')
    expect(errors).toHaveLength(13)
    expect(journal.at(-1)).toMatchObject({ type: 'end', ok: false, error: { code: 'DNS_UNREACHABLE' } })
  })

  it('record --target internet in stub mode: the OS-configured server is unreachable too', async () => {
    const dir = scratchDir('offline')
    // The OS settings name a DNS server on another network (as a laptop's DHCP lease does), which
    // this namespace has no route to.
    const resolvConf = join(dir, 'resolv.conf')
    writeFileSync(resolvConf, 'nameserver 192.0.2.53\n')
    const argv = ['record', 'https://www.example.com/', '--target', 'internet', '--resolver', 'stub', '-o', 'stub.pcapng', '--format', 'pcapng']
    const run = await runInEmptyNetns([process.execPath, WIRETRAIL, ...argv], { cwd: dir, resolvConf, timeoutMs: 60_000 })
    expectNoCrash(run.stderr)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'wiretrail record: the page did not load (resolve: www.example.com): cannot reach the recursive DNS server to resolve www.example.com. A: no route to it (ENETUNREACH): is this computer connected to a network? (the OS-configured DNS server 192.0.2.53:53) [DNS_UNREACHABLE]; kept what was recorded up to then: stub.pcapng (pcapng, 0 frames) and its journal stub.pcapng.wiretrail.jsonl\n',
    )
    // tshark reads it: no packet (the pcapng's one record is the journal's custom block, not a frame on the wire).
    expect(await tshark(['-r', join(dir, 'stub.pcapng'), '-Y', 'ip || ipv6', '-T', 'fields', '-e', 'frame.number'])).toBe('')
  })
})
