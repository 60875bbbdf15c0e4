// The real peers the recorder tests run against: tshark (reads our captures as Wireshark does) and
// tcpdump (captures the kernel's packets for the fidelity comparison). A missing peer fails the
// test with a message saying what to install; nothing is skipped.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'

export function scratchDir(prefix: string): string {
  mkdirSync('/tmp/recorder-area', { recursive: true })
  return mkdtempSync(`/tmp/recorder-area/${prefix}-`)
}

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

/** Starts `tcpdump -i lo -U -w file filter` and resolves once it is listening. */
export function startTcpdump(file: string, filter: string): Promise<Tcpdump> {
  const child: ChildProcess = spawn('tcpdump', ['-i', 'lo', '--immediate-mode', '-U', '-n', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  let listening = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`tcpdump did not start listening within 10 s: ${stderr}`))
    }, 10_000)
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(new Error(error.code === 'ENOENT' ? 'tcpdump is not installed (apt-get install tcpdump): the fidelity test captures loopback with it' : error.message))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`tcpdump exited (${code}) before listening: ${stderr.trim()} (capturing on lo needs root or CAP_NET_RAW)`))
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      if (listening || !stderr.includes('listening on')) return
      listening = true
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done())
            child.kill('SIGINT')
          }),
      })
    })
  })
}
