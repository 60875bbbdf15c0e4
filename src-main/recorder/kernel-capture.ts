// Kernel capture: where the OS lets this user run tcpdump (root, CAP_NET_RAW, or the pcap group on
// macOS), record the real packets instead of synthesizing them, filtered to the app's own traffic.
// tcpdump writes each packet as it arrives (-U); we wait for "listening on" before loading, and stop
// it with SIGINT after the last socket has closed. --immediate-mode matters: without it Linux hands
// packets over in blocks (TPACKET_V3), and a capture stopped within the block timeout loses them.
import { spawn, type ChildProcess } from 'node:child_process'
import { WiretrailError } from '../shared/errors.ts'

const START_TIMEOUT_MS = 5_000
const STOP_TIMEOUT_MS = 5_000

export interface KernelCaptureOptions {
  /** Capture interface: "lo" (Linux loopback), "lo0" (macOS), "any". */
  interface: string
  /** A pcap filter expression naming the app's traffic. */
  filter: string
  output: string
  /** Default "tcpdump" from PATH. */
  tool?: string
}

export interface KernelCapture {
  readonly tool: string
  /** Stops the capture; resolves with the packet count tcpdump reports (null if it said nothing). */
  stop(): Promise<number | null>
}

export function loopbackInterface(): string {
  return process.platform === 'darwin' ? 'lo0' : 'lo'
}

/** Starts tcpdump; rejects with KERNEL_CAPTURE_UNAVAILABLE (naming tcpdump's own message) when it
 * is missing or not permitted. */
export function startKernelCapture(options: KernelCaptureOptions): Promise<KernelCapture> {
  const tool = options.tool ?? 'tcpdump'
  // -B 32768: in immediate mode every ring slot has room for a whole snap length, so the default
  // 2 MiB buffer holds only a few packets and a busy machine drops some; 32 MiB holds a page load.
  const child = spawn(tool, ['-i', options.interface, '--immediate-mode', '-B', '32768', '-U', '-n', '-s', '0', '-w', options.output, options.filter], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (text: string) => {
    stderr += text
  })
  return new Promise<KernelCapture>((resolve, reject) => {
    const unavailable = (why: string): void => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new WiretrailError('KERNEL_CAPTURE_UNAVAILABLE', `kernel capture with ${tool} is not available here: ${why}`, { tool }))
    }
    const timer = setTimeout(() => unavailable(`it did not start listening within ${START_TIMEOUT_MS} ms (${stderr.trim() || 'no message'})`), START_TIMEOUT_MS)
    child.once('error', (error: NodeJS.ErrnoException) => unavailable(error.code === 'ENOENT' ? `${tool} is not installed` : error.message))
    child.once('exit', (code) => unavailable(stderr.trim() || `${tool} exited with status ${code}`))
    const onData = (): void => {
      if (!/listening on/.test(stderr)) return
      clearTimeout(timer)
      child.removeAllListeners('exit')
      child.removeAllListeners('error')
      child.stderr?.off('data', onData)
      resolve({ tool, stop: () => stopCapture(child, () => stderr) })
    }
    child.stderr?.on('data', onData)
  })
}

function stopCapture(child: ChildProcess, stderr: () => string): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(packetCount(stderr()))
      return
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve(packetCount(stderr()))
    })
    child.kill('SIGINT')
  })
}

function packetCount(stderr: string): number | null {
  const match = /(\d+) packets? captured/.exec(stderr)
  return match === null ? null : Number(match[1])
}

/** Whether this user may capture on `iface` with tcpdump: starts it briefly and stops it. */
export async function kernelCaptureAvailable(iface = loopbackInterface(), tool = 'tcpdump'): Promise<{ available: boolean; reason?: string }> {
  try {
    // A filter that matches nothing in practice but that tcpdump accepts (one it can prove empty,
    // such as "port 9 and not port 9", is refused with "expression rejects all packets").
    const capture = await startKernelCapture({ interface: iface, filter: 'udp dst port 9 and src host 127.255.255.254', output: '/dev/null', tool })
    await capture.stop()
    return { available: true }
  } catch (error) {
    return { available: false, reason: (error as Error).message }
  }
}
