// The lab network as data: assets/lab/topology.json plus the zone files, with the addresses
// rewritten for an address block. Other areas use this to serve the very same zones from BIND 9 or
// NSD and to point unbound at the lab root (loadLabNetwork, rootHintsText).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LabError } from './errors.ts'

/** The address block written in the files: 127.53.<zone>.<server>. */
export const FILE_ADDRESS_BLOCK = 53

/** assets/lab of this checkout (the Electron bundle in out/main sits at the same depth). */
export function labAssetsDir(): string {
  return fileURLToPath(new URL('../../assets/lab/', import.meta.url))
}

export interface LabZoneFile {
  /** Absolute zone name with the final dot, rewritten for the block: "lab.cyber.co.kr.", "60.127.in-addr.arpa.". */
  origin: string
  /** The file under assets/lab ("zones/kr.zone"). */
  file: string
  /** The master-file text with the block's addresses. */
  text: string
}

export interface LabDnsServerSpec {
  /** Absolute name with the final dot ("a.root-servers.lab."). */
  name: string
  /** The address in the zone files (127.<block>.<zone>.<server>). */
  address: string
  /** Origins of the zones it serves (absolute, rewritten); empty for the lame server. */
  zones: string[]
  note?: string
}

export interface LabWebServerSpec {
  host: string
  address: string
  /** Directories searched for a path, in order (the host's own, then the common one). */
  contentDirs: string[]
}

export interface LabCase {
  name: string
  type: string
  case: string
  rcode: string
  /** Final answer data in order (CNAME targets, then addresses), when short enough to list. */
  answer?: string[]
  answerCount?: number
}

export interface LabNetwork {
  addressBlock: number
  assetsDir: string
  zones: LabZoneFile[]
  dnsServers: LabDnsServerSpec[]
  /** The root servers (the "root hints"), taken from the servers that serve ".". */
  roots: LabDnsServerSpec[]
  localDns: { name: string; address: string; note?: string }
  webServers: LabWebServerSpec[]
  /** Names that show each case a resolver meets, with the expected outcome (for table tests). */
  cases: LabCase[]
}

interface TopologyFile {
  zones: { origin: string; file: string }[]
  dnsServers: { name: string; address: string; zones: string[]; note?: string }[]
  localDns: { name: string; address: string; note?: string }
  webServers: { host: string; address: string; content: string }[]
  webCommonContent: string
  cases: LabCase[]
}

export function checkAddressBlock(block: number): void {
  if (!Number.isInteger(block) || block < 1 || block > 254) {
    throw new LabError('LAB_BAD_OPTION', `address block ${block} is not an integer from 1 to 254 (the lab uses 127.<block>.x.y)`, { addressBlock: block })
  }
}

/** Rewrites the file block (127.53.x.y and 53.127.in-addr.arpa.) to 127.<block>.x.y. Only whole
 * addresses are touched: the lookarounds keep 127.53.4.80 in "10.127.53.4.80" or "127.53.4.800" out. */
export function rewriteAddresses(text: string, block: number): string {
  if (block === FILE_ADDRESS_BLOCK) return text
  return text
    .replace(/(?<![\d.])127\.53\.(\d{1,3})\.(\d{1,3})(?![\d])/g, `127.${block}.$1.$2`)
    .replace(/(?<![\w-])53\.127\.in-addr\.arpa(?![\w-])/gi, `${block}.127.in-addr.arpa`)
}

export function loadLabNetwork(options: { addressBlock?: number; assetsDir?: string } = {}): LabNetwork {
  const addressBlock = options.addressBlock ?? FILE_ADDRESS_BLOCK
  checkAddressBlock(addressBlock)
  const assetsDir = options.assetsDir ?? labAssetsDir()
  const topologyPath = join(assetsDir, 'topology.json')
  let topology: TopologyFile
  try {
    topology = JSON.parse(rewriteAddresses(readFileSync(topologyPath, 'utf8'), addressBlock)) as TopologyFile
  } catch (error) {
    throw new LabError('LAB_TOPOLOGY_INVALID', `cannot read ${topologyPath}: ${(error as Error).message}`, { path: topologyPath }, { cause: error })
  }
  const zones = topology.zones.map((zone) => ({
    origin: zone.origin,
    file: zone.file,
    text: rewriteAddresses(readZoneText(join(assetsDir, zone.file)), addressBlock),
  }))
  const known = new Set(zones.map((zone) => zone.origin))
  for (const server of topology.dnsServers) {
    const missing = server.zones.find((origin) => !known.has(origin))
    if (missing !== undefined) {
      throw new LabError('LAB_TOPOLOGY_INVALID', `${topologyPath}: server ${server.name} serves ${missing}, which has no zone file`, { server: server.name })
    }
  }
  const dnsServers = topology.dnsServers.map((server) => ({ ...server }))
  return {
    addressBlock,
    assetsDir,
    zones,
    dnsServers,
    roots: dnsServers.filter((server) => server.zones.includes('.')),
    localDns: topology.localDns,
    webServers: topology.webServers.map((web) => ({
      host: web.host,
      address: web.address,
      contentDirs: [join(assetsDir, web.content), join(assetsDir, topology.webCommonContent)],
    })),
    cases: topology.cases,
  }
}

/** A root hints file (named.root format) for BIND's `zone "." { type hint; }` or unbound's
 * `root-hints:`. Ports cannot be written in it: peers must run the lab on port 53 (a network
 * namespace) to follow the lab's referrals. */
export function rootHintsText(network: LabNetwork): string {
  const lines = ['; root hints for the Wiretrail lab network', ...network.roots.map((root) => `.\t3600000\tIN\tNS\t${root.name}`)]
  for (const root of network.roots) lines.push(`${root.name}\t3600000\tIN\tA\t${root.address}`)
  return `${lines.join('\n')}\n`
}

function readZoneText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new LabError('LAB_TOPOLOGY_INVALID', `cannot read zone file ${path}: ${(error as Error).message}`, { path }, { cause: error })
  }
}
