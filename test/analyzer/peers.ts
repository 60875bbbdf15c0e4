// The outside tools the analyzer is checked against (tcpdump, tshark, editcap, text2pcap, openssl,
// dig), run by the tests themselves. A missing tool fails the test with the package to install;
// nothing is skipped. tcpdump itself is started through test/support/tcpdump.ts.
import { execFile } from 'node:child_process'

const PACKAGES: Record<string, string> = { tcpdump: 'tcpdump', tshark: 'tshark', editcap: 'wireshark-common', text2pcap: 'wireshark-common', capinfos: 'wireshark-common', mergecap: 'wireshark-common', openssl: 'openssl', dig: 'bind9-dnsutils' }

export interface PeerResult {
  stdout: string
  stderr: string
  code: number
}

/** Runs a tool to completion. Non-zero exit is returned, not thrown, unless `check` is set. */
export function runPeer(cmd: string, args: string[], options: { check?: boolean; input?: string; timeoutMs?: number } = {}): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 256 << 20, timeout: options.timeoutMs ?? 60_000 }, (error, stdout, stderr) => {
      const e = error as (NodeJS.ErrnoException & { code?: unknown }) | null
      if (e && e.code === 'ENOENT') return reject(new Error(`${cmd} is not installed: apt-get install ${PACKAGES[cmd] ?? cmd} (or run .ci/install-peers)`))
      const code = e ? (typeof e.code === 'number' ? e.code : 1) : 0
      if (options.check && code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))
      resolve({ stdout, stderr, code })
    })
    if (options.input !== undefined) child.stdin!.end(options.input)
  })
}

export { startTcpdump, type CaptureStats, type RunningCapture, type TcpdumpOptions } from '../support/tcpdump.ts'
