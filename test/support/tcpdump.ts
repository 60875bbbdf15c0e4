// tcpdump as the tests run it: capturing loopback (or any) into a file, started and stopped so that
// everything sent between start and stop is in the file, and a loud failure when the kernel
// dropped packets. Every test that compares Wiretrail with a kernel capture uses this.
//
// Why tcpdump runs with --immediate-mode: libpcap 1.10 on Linux reads through a TPACKET_V3 ring
// whose blocks are handed to tcpdump only when full or when the block timeout (tcpdump's default
// 1000 ms) expires. A test that sends a few dozen packets and stops tcpdump within that second
// loses every packet still in the open block: tcpdump then reports "0 packets captured, 32 packets
// received by filter" and writes a 24-byte file. `-U` does not help (it flushes the *output* file
// per packet, after libpcap has delivered it). Immediate mode delivers each packet as it arrives, so
// what was sent before stop() is in the file; "listening on" is printed after the filter is set, so
// nothing sent after it is missed either.
//
// Why -B 32768: in immediate mode libpcap gives every ring slot room for a whole snap length
// (256 KiB by default), so the default 2 MiB buffer holds only a handful of packets; on a loaded
// machine (the test suite runs files in parallel on two cores) tcpdump is not always scheduled in
// time and the kernel drops what does not fit. A 32 MiB buffer holds the scenarios many times over,
// and stop() fails loudly if the kernel still dropped anything.
//
// Stopping: SIGINT makes tcpdump leave its loop, and a packet that was in the ring but not yet read
// is dropped. So stop() first sends a marker datagram (unique bytes, to an address the filter
// covers) and waits until tcpdump has written it to the file (-U flushes each packet): the ring is
// read in order, so every packet sent before the marker is in the file too.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import dgram from 'node:dgram'
import { readFile } from 'node:fs/promises'

export interface CaptureStats {
  captured: number
  receivedByFilter: number
  droppedByKernel: number
}

export interface RunningCapture {
  file: string
  /** SIGINT (tcpdump writes its last packets and its statistics), then waits for the exit. */
  stop(): Promise<CaptureStats>
}

/** Starts tcpdump writing `file` and resolves once it listens (its filter is then in place). */
export interface TcpdumpOptions {
  file: string
  filter: string
  /** Where stop() sends its marker datagram (UDP, port 9 "discard"): the filter must cover it. */
  marker: { address: string; port?: number }
  iface?: string
  linkType?: string
  snaplen?: number
  nanoseconds?: boolean
}

/** The marker goes to UDP port 9 ("discard") unless told otherwise: nothing real uses it. */
export const MARKER_PORT = 9

async function sendMarker(file: string, marker: TcpdumpOptions['marker']): Promise<void> {
  const payload = Buffer.from(`wiretrail-capture-marker-${randomBytes(8).toString('hex')}`)
  const sock = dgram.createSocket(marker.address.includes(':') ? 'udp6' : 'udp4')
  try {
    const until = Date.now() + 10_000
    for (;;) {
      await new Promise<void>((r) => sock.send(payload, marker.port ?? MARKER_PORT, marker.address, () => r()))
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 10))
        if ((await readFile(file)).includes(payload)) return
      }
      if (Date.now() > until) throw new Error(`tcpdump did not write the marker datagram to ${file} within 10 s`)
    }
  } finally {
    sock.close()
  }
}

export function startTcpdump(options: TcpdumpOptions): Promise<RunningCapture> {
  const args = ['-i', options.iface ?? 'lo', '--immediate-mode', '-B', '32768', '-U', '-n', '-Z', 'root', '-w', options.file]
  if (options.linkType) args.push('-y', options.linkType)
  if (options.snaplen) args.push('-s', String(options.snaplen))
  // Nanosecond time stamps from the kernel; the file gets the a1b23c4d magic.
  if (options.nanoseconds) args.push('--time-stamp-precision=nano')
  args.push(options.filter)
  return new Promise((resolve, reject) => {
    let child: ChildProcess
    try {
      child = spawn('tcpdump', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    } catch (e) {
      return reject(e)
    }
    let stderr = ''
    let listening = false
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`tcpdump did not start listening within 10 s: ${stderr.trim()}`))
    }, 10_000)
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(new Error(e.code === 'ENOENT' ? 'tcpdump is not installed: apt-get install tcpdump (or run .ci/install-peers)' : `tcpdump could not start: ${e.message}`))
    })
    child.stderr!.setEncoding('utf8')
    child.stderr!.on('data', (d: string) => {
      stderr += d
      if (!listening && stderr.includes('listening on')) {
        listening = true
        clearTimeout(timer)
        resolve({
          file: options.file,
          async stop() {
            if (child.exitCode === null) {
              await sendMarker(options.file, options.marker)
              child.kill('SIGINT')
            }
            const code = await exited
            const num = (label: string) => Number(new RegExp(`(\\d+) packets? ${label}`).exec(stderr)?.[1] ?? Number.NaN)
            if (code !== 0) throw new Error(`tcpdump exited with ${code}: ${stderr.trim()}`)
            const stats = { captured: num('captured'), receivedByFilter: num('received by filter'), droppedByKernel: num('dropped by kernel') }
            if (stats.droppedByKernel > 0) throw new Error(`tcpdump on ${options.iface ?? 'lo'} lost ${stats.droppedByKernel} packets (dropped by kernel): the capture of ${options.file} is incomplete`)
            return stats
          },
        })
      }
    })
    void exited.then((code) => {
      if (!listening) {
        clearTimeout(timer)
        reject(new Error(`tcpdump exited (${code}) before listening: ${stderr.trim()}`))
      }
    })
  })
}
