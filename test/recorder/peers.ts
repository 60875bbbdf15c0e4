// The real peers the recorder tests run against: tshark (reads our captures as Wireshark does) and
// tcpdump (captures the kernel's packets for the fidelity comparison). A missing peer fails the
// test with a message saying what to install; nothing is skipped.
import { execFile } from 'node:child_process'
import { startTcpdump as startSharedTcpdump } from '../support/tcpdump.ts'

export { scratchDir } from '../support/scratch.ts'

export function tshark(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('tshark', args, { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('tshark is not installed (apt-get install tshark, or run .ci/install-peers): this test reads the capture with it'))
        return
      }
      if (error) {
        reject(new Error(`tshark ${args.join(' ')} failed: ${stderr.replace(/Running as user "root".*\n/, '').trim() || error.message}`))
        return
      }
      resolve(stdout)
    })
  })
}

/** tshark with checksum validation on, printing frames matching the problem filter (none expected). */
export const CHECKSUMS_ON = ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE']
export const PROBLEMS_FILTER = '_ws.malformed || _ws.expert.severity >= warning || tcp.analysis.flags || tcp.checksum.status == 0 || udp.checksum.status == 0 || ip.checksum.status == 0'

/** "Decode As" for a lab's ports: its DNS servers and web servers listen on unregistered ports, which
 * tshark would otherwise guess at by heuristics (a DNS message can look like PROFINET). */
export function decodeAsLab(lab: { dnsServers: { port: number }[]; web: { httpPort: number; httpsPort: number }[] }): string[] {
  const dns = [...new Set(lab.dnsServers.map((s) => s.port))].flatMap((port) => ['-d', `udp.port==${port},dns`])
  const http = [...new Set(lab.web.map((w) => w.httpPort))].flatMap((port) => ['-d', `tcp.port==${port},http`])
  const https = [...new Set(lab.web.map((w) => w.httpsPort))].flatMap((port) => ['-d', `tcp.port==${port},tls`])
  return [...dns, ...http, ...https]
}

export interface Tcpdump {
  stop(): Promise<void>
}

/** tcpdump on lo writing `file` for `filter` (which must cover `markerAddress`), through the shared
 * helper: immediate mode, a large buffer, a marker datagram on stop so nothing sent before it is
 * missing, and a failure if the kernel dropped packets. */
export async function startTcpdump(file: string, filter: string, markerAddress: string): Promise<Tcpdump> {
  const capture = await startSharedTcpdump({ file, filter, marker: { address: markerAddress } })
  return {
    stop: async () => {
      await capture.stop()
    },
  }
}
