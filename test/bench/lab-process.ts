// `wiretrail lab` in a process of its own, for the benchmarks: its servers then share no event loop
// (and no garbage collector) with the client being measured, as a real network's servers would.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadLabNetwork, type RunningLab } from '../../src-main/lab/index.ts'

export interface LabProcessPorts {
  addressBlock: number
  dnsPort: number
  httpPort: number
}

/** Starts the lab (HTTPS off) and resolves once it says it runs; the function returned stops it
 * (its `pid` is the lab process's, for reading its memory). */
export async function startLabProcess(ports: LabProcessPorts): Promise<(() => Promise<void>) & { pid: number }> {
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
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGINT')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  return Object.assign(stop, { pid: child.pid! })
}

/** The lab process as recordPageLoad sees a lab: its roots, DNS ports and web servers (HTTP only). */
export function labInOtherProcess(ports: LabProcessPorts): RunningLab {
  const { addressBlock, dnsPort, httpPort } = ports
  const network = loadLabNetwork({ addressBlock })
  const dnsServers = network.dnsServers.map((s) => ({ ...s, port: dnsPort, zoneAddress: s.address }))
  return {
    addressBlock,
    singleAddress: false,
    roots: network.roots.map((r) => ({ address: r.address, port: dnsPort, name: r.name })),
    localDns: { address: network.localDns.address, port: dnsPort, name: network.localDns.name },
    dnsServers,
    web: network.webServers.map((w) => ({ host: w.host, address: w.address, zoneAddress: w.address, httpPort, httpsPort: 0 })),
    caCertificatePem: '',
    network,
    dnsPortFor: () => dnsPort,
    dnsEndpointFor: (address: string) => ({ address, port: dnsPort }),
    // Its nearby DNS server runs in the other process: a recording sees the stub leg only.
    observeLocalDns: () => () => {},
    describe: () => `lab process on 127.${addressBlock}.0.0/16`,
    close: async () => {},
  }
}

/** The highest resident set size a running process has had (VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'))
  if (line === undefined) throw new Error(`/proc/${pid}/status has no VmHWM line`)
  return Number(line.split(/\s+/)[1]) * 1024
}
