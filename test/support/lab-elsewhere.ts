// A lab running in one process, used by a recording in another: tests that kill the recording
// process (test/recorder/crash.test.ts) keep the lab alive in the test process and hand the child
// the lab's description as JSON. The child gets a RunningLab whose servers are the parent's.
import { loadLabNetwork, type RunningLab } from '../../src-main/lab/index.ts'

interface LabDescription {
  addressBlock: number
  singleAddress: boolean
  roots: RunningLab['roots']
  localDns: RunningLab['localDns']
  dnsServers: RunningLab['dnsServers']
  web: RunningLab['web']
  caCertificatePem: string
}

export function labDescription(lab: RunningLab): string {
  const description: LabDescription = {
    addressBlock: lab.addressBlock,
    singleAddress: lab.singleAddress,
    roots: lab.roots,
    localDns: lab.localDns,
    dnsServers: lab.dnsServers,
    web: lab.web,
    caCertificatePem: lab.caCertificatePem,
  }
  return JSON.stringify(description)
}

/** The RunningLab for a description; close() leaves the servers to the process that runs them. */
export function labFromDescription(text: string): RunningLab {
  const d = JSON.parse(text) as LabDescription
  const byZoneAddress = new Map(d.dnsServers.map((server) => [server.zoneAddress, { address: server.address, port: server.port }]))
  const dnsEndpointFor = (address: string): { address: string; port: number } => byZoneAddress.get(address) ?? { address, port: 53 }
  return {
    ...d,
    network: loadLabNetwork({ addressBlock: d.addressBlock }),
    dnsPortFor: (address) => dnsEndpointFor(address).port,
    dnsEndpointFor,
    // Its nearby DNS server (if it runs one) works in the other process: nothing to observe here.
    observeLocalDns: () => () => {},
    describe: () => `the lab on 127.${d.addressBlock}.0.0/16, run by another process`,
    close: async () => {},
  }
}
