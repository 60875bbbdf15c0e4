// `wiretrail lab` in a process of its own, for the benchmarks: its servers then share no event loop
// (and no garbage collector) with the client being measured, as a real network's servers would.
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export interface LabProcessPorts {
  addressBlock: number
  dnsPort: number
  httpPort: number
}

/** Starts the lab (HTTPS off) and resolves once it says it runs; the function returned stops it. */
export async function startLabProcess(ports: LabProcessPorts): Promise<() => Promise<void>> {
  const cli = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
  const args = ['lab', '--address-block', String(ports.addressBlock), '--dns-port', String(ports.dnsPort), '--http-port', String(ports.httpPort), '--https-port', '0']
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('The lab is running')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the lab exited (${code}):\n${output}`)))
  })
  return async () => {
    child.kill('SIGINT')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}
