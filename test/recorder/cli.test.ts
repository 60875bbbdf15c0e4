// `wiretrail record` as a user runs it: a real child process, the in-process lab on its own
// address block, the capture and journal written, the walkthrough printed; --json identical to
// `wiretrail inspect --json` of the written file; bad input failing clearly.
import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DNS_PORT, DEFAULT_HTTP_PORT, DEFAULT_HTTPS_PORT } from '../../src-main/lab/index.ts'
import { decodeAsLab, scratchDir, tshark } from './peers.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')

function wiretrail(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WIRETRAIL, ...args], { cwd, timeout: 90_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

/** capinfos' "File type" line: how Wireshark's library reads the file, whatever its name says. */
function capinfosFileType(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('capinfos', ['-t', file], (error, stdout, stderr) => {
      if (error) reject(new Error(`capinfos -t ${file} failed: ${stderr}`))
      else resolve(/^File type:\s+(.*)$/m.exec(stdout)?.[1] ?? stdout)
    })
  })
}

describe('wiretrail record', () => {
  it('records the notes\' page from the in-process lab and prints its walkthrough', async () => {
    const dir = scratchDir('cli')
    const run = await wiretrail(['record', 'http://www.lab.cyber.co.kr/sample.htm', '--address-block', '177'], dir)
    expect(run.stderr).toContain('wiretrail record: starting-lab')
    expect(run.code, run.stderr).toBe(0)
    const file = /capture: (wiretrail-www\.lab\.cyber\.co\.kr-\d{8}-\d{6}\.pcap) /.exec(run.stdout)?.[1]
    expect(file).toBeDefined()
    expect(existsSync(join(dir, file as string))).toBe(true)
    expect(existsSync(join(dir, `${file}.wiretrail.jsonl`))).toBe(true)
    // The port-less lab URL goes to the lab's web port.
    expect(run.stdout).toContain(`Recorded http://www.lab.cyber.co.kr:${DEFAULT_HTTP_PORT}/sample.htm (typed: http://www.lab.cyber.co.kr/sample.htm)`)
    expect(run.stdout).toMatch(/HTTP exchanges \(2\)[\s\S]*GET \/sample\.htm[\s\S]*GET \/gazou\.jpg/)
    expect(run.stdout).toContain('Steps (')
    // As in the notes: this computer asks the lab's nearby DNS server, which walks from the root.
    expect(run.stdout).toContain('(lab, nearby resolver, synthesized packets)')
    expect(run.stdout).toMatch(/127\.0\.0\.1:\d+ → 127\.177\.53\.53:10053 udp: NOERROR/)
    expect(run.stdout).toMatch(/127\.177\.53\.53:\d+ → 127\.177\.0\.1:10053 udp: NOERROR/)
    // The lab's ports are not DNS's and HTTP's registered ones: without "Decode As", tshark guesses by
    // heuristics, and a query whose random ID reads as RTCP's version and packet type (0x80–0xBF, then
    // 0xC8–0xCC: one ID in ≈ 200) was shown as a malformed RTCP Goodbye (a clean-clone CI run).
    const ports = decodeAsLab({ dnsServers: [{ port: DEFAULT_DNS_PORT }], web: [{ httpPort: DEFAULT_HTTP_PORT, httpsPort: DEFAULT_HTTPS_PORT }] })
    expect(await tshark(['-r', join(dir, file as string), ...ports, '-Y', '_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags'])).toBe('')
  })

  it('--resolver iterative walks from this computer; the choices are checked before anything runs', async () => {
    const dir = scratchDir('cli')
    const run = await wiretrail(['record', 'http://www.lab.cyber.co.kr/sample.htm', '-o', 'it.pcap', '--resolver', 'iterative', '--address-block', '176'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain('(lab, iterative resolver, synthesized packets)')
    expect(run.stdout).not.toContain('127.176.53.53')
    expect(run.stdout).toMatch(/127\.0\.0\.1:\d+ → 127\.176\.0\.1:10053 udp: NOERROR/)
    for (const [args, message] of [
      [['--resolver', 'recursive'], '--resolver must be nearby, iterative or stub, not recursive'],
      [['--resolver', 'nearby', '--target', 'internet'], '--resolver nearby is the lab\'s'],
      [['--resolver', 'nearby', '--stub', '127.0.0.1'], '--stub is for --resolver stub, not nearby'],
    ] as const) {
      const usage = await wiretrail(['record', 'http://www.lab.cyber.co.kr/sample.htm', '-o', 'never.pcap', ...args], dir)
      expect(usage.code).toBe(2)
      expect(usage.stderr).toContain(message)
    }
    expect(existsSync(join(dir, 'never.pcap'))).toBe(false)
  })

  it('prints with --json exactly what wiretrail inspect --json prints for the written file; -o x.pcapng writes pcapng', async () => {
    const dir = scratchDir('cli')
    // No --format: the name says pcapng, so the file is one (it was a classic pcap under that name).
    const run = await wiretrail(['record', 'https://www.lab.glasscom.com/sample.htm', '-o', 'out.pcapng', '--address-block', '178', '--json'], dir)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toMatch(/ {2}capture: out\.pcapng \(pcapng, \d+ frames,/)
    expect(readFileSync(join(dir, 'out.pcapng')).subarray(0, 4).toString('hex')).toBe('0a0d0d0a')
    expect(await capinfosFileType(join(dir, 'out.pcapng'))).toBe('Wireshark/... - pcapng')
    const inspect = await wiretrail(['inspect', '--json', 'out.pcapng'], dir)
    expect(inspect.code, inspect.stderr).toBe(0)
    expect(run.stdout).toBe(inspect.stdout)
    const walkthrough = JSON.parse(run.stdout) as {
      http: unknown[]
      recording: { typedUrl: string; interfaces: unknown[] } | null
      connections: { phases: { socket: { start: number; fd: number | null } | null; connect: { start: number } | null } }[]
      steps: { kind: string; refs: { connection?: number } }[]
    }
    expect(walkthrough.http).toHaveLength(2)
    expect(walkthrough.recording?.typedUrl).toBe('https://www.lab.glasscom.com/sample.htm')
    // The notes' order on every connection: socket() (with its descriptor), then connect().
    expect(walkthrough.connections).toHaveLength(2)
    walkthrough.connections.forEach((connection, ci) => {
      expect(connection.phases.socket?.fd).toEqual(expect.any(Number))
      expect(connection.phases.socket!.start).toBeLessThanOrEqual(connection.phases.connect!.start)
      const kinds = walkthrough.steps.filter((step) => step.refs.connection === ci).map((step) => step.kind)
      expect(kinds.slice(0, 3)).toEqual(['socket-create', 'connect', 'tls-handshake'])
    })
    // The host's interfaces travel from the journal into the walkthrough (the IP pane's netmask).
    expect(walkthrough.recording?.interfaces).toContainEqual({ name: 'lo', address: '127.0.0.1', cidr: '127.0.0.1/8', family: 4, internal: true })
  })

  it('rejects a bad URL naming the bad part, before writing anything', async () => {
    const dir = scratchDir('cli')
    const run = await wiretrail(['record', 'http://www.lab.cyber.co.kr:99999/sample.htm', '-o', 'never.pcap'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('the port 99999 (characters 27–32) is out of range: a port number is 0–65535 [URL_BAD_PORT]')
    expect(existsSync(join(dir, 'never.pcap'))).toBe(false)
    const usage = await wiretrail(['record', 'http://a.example/', '--format', 'cap'], dir)
    expect(usage.code).toBe(2)
  })

  it('checks every argument before any side effect: no lab, no file, no "Recorded"', async () => {
    const dir = scratchDir('cli')
    const cases: [string[], number, string][] = [
      [['--stub', 'lab'], 2, 'wiretrail record: stub server: "lab" is not a server address (give an IP address, optionally with :port)'],
      [['--root', '127.0.0.1:0x35'], 2, 'wiretrail record: root: "127.0.0.1:0x35" has port 0x35, which is not 1–65535'],
      [['-o', join(dir, 'no-such-folder', 'x.pcap')], 2, `wiretrail record: the folder ${join(dir, 'no-such-folder')} for the capture file does not exist`],
      [['-o', dir], 2, `wiretrail record: ${dir} is a folder; the recording needs a file of that name`],
      // The format asked for and the name's must agree (no file whose name lies about its bytes).
      [['--format', 'pcap', '-o', 'x.pcapng'], 2, 'wiretrail record: --format pcap with -o x.pcapng: x.pcapng names a pcapng file (.pcapng) but pcap was asked for: name it .pcap or ask for pcapng'],
      [['--format', 'pcapng', '-o', 'x.cap'], 2, 'wiretrail record: --format pcapng with -o x.cap: x.cap names a pcap file (.cap) but pcapng was asked for: name it .pcapng or ask for pcap'],
    ]
    for (const [extra, code, message] of cases) {
      const run = await wiretrail(['record', 'http://www.lab.cyber.co.kr/sample.htm', '--address-block', '180', ...extra], dir)
      expect(run.code, run.stderr).toBe(code)
      expect(run.stderr.split('\n')[0]).toBe(message)
      expect(run.stderr).not.toContain('starting-lab')
      expect(run.stdout).toBe('')
    }
    // A host a browser accepts but DNS cannot carry: refused up front with its code.
    const badName = await wiretrail(['record', 'http://a..b/', '--address-block', '180'], dir)
    expect(badName.code).toBe(1)
    expect(badName.stderr).toBe('wiretrail record: "a..b" has an empty label (two dots in a row) [DNS_BAD_NAME]\n')
    expect(readdirSync(dir)).toEqual([])
  })

  it('keeps a valid capture when the name does not exist, and says so', async () => {
    const dir = scratchDir('cli')
    const run = await wiretrail(['record', 'http://nosuch.lab.cyber.co.kr/', '-o', 'nx.pcap', '--address-block', '179'], dir)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/the page did not load \(resolve: nosuch\.lab\.cyber\.co\.kr\): .*nosuch\.lab\.cyber\.co\.kr.* \[DNS_NXDOMAIN\]; kept what was recorded up to then: nx\.pcap \(pcap, \d+ frames\) and its journal nx\.pcap\.wiretrail\.jsonl/)
    expect(run.stdout).toMatch(/^Recorded http:\/\/nosuch\.lab\.cyber\.co\.kr\/ up to a failure: nosuch\.lab\.cyber\.co\.kr does not exist \(NXDOMAIN\) \[DNS_NXDOMAIN\]\n/)
    expect(run.stdout).toContain('DNS transactions')
    const frames = await tshark(['-r', join(dir, 'nx.pcap'), '-T', 'fields', '-e', 'frame.number'])
    expect(frames.trim().split('\n').length).toBeGreaterThanOrEqual(2)
  })
})
