// Root hints: where an iterative resolver starts when it knows nothing — the names and addresses
// of the root servers, as a master file (RFC 1035 §5) holding the root's NS records and their A and
// AAAA records. IANA's named.root is built in (named-root.ts); `--root-hints FILE` and the app's
// setting give another one in the same format (what BIND's `hint` zone and unbound's `root-hints:`
// read). Both go through parseRootHints, and the resolver then primes from them (RFC 8109): the
// hints only say whom to ask first for the real list of root servers.
import { readFile, stat } from 'node:fs/promises'
import { isIPv6 } from 'node:net'
import { canonicalName } from '../dns/names.ts'
import { parseMasterFile } from '../lab/dns/master-file.ts'
import type { DnsServerRef } from '../shared/resolver-events.ts'
import { ResolutionError } from './errors.ts'
import { IANA_NAMED_ROOT, IANA_NAMED_ROOT_SOURCE } from './named-root.ts'

export interface RootHintServer {
  /** Absolute name with the final dot ("a.root-servers.net."). */
  name: string
  /** IPv4 addresses first, then IPv6, in file order. */
  addresses: string[]
}

export interface RootHints {
  /** Where the hints came from: "IANA's named.root (built in)" or the file's path. */
  source: string
  servers: RootHintServer[]
}

/** A hints file is a few kilobytes (named.root: 3.3 KB); anything much larger is not one. */
export const MAX_ROOT_HINTS_BYTES = 256 * 1024

/** Reads the root servers from a hints file's text. Throws ROOT_HINTS_INVALID naming the problem. */
export function parseRootHints(text: string, source: string): RootHints {
  const invalid = (message: string, details?: Record<string, unknown>): never => {
    throw new ResolutionError('ROOT_HINTS_INVALID', `root hints ${source}: ${message}`, { source, ...details })
  }
  let records
  try {
    records = parseMasterFile(text, { origin: '.', file: source }).records
  } catch (error) {
    return invalid((error as Error).message.replace(`${source}:`, 'line '), { cause: (error as { code?: string }).code })
  }
  const names: string[] = []
  const addresses = new Map<string, { v4: string[]; v6: string[] }>()
  for (const r of records) {
    if (r.type === 'NS' && canonicalName(r.name) === '.') {
      const target = canonicalName(r.data as string)
      if (!names.includes(target)) names.push(target)
    } else if (r.type === 'A' || r.type === 'AAAA') {
      const owner = canonicalName(r.name)
      const entry = addresses.get(owner) ?? { v4: [], v6: [] }
      const address = r.data as string
      const list = isIPv6(address) ? entry.v6 : entry.v4
      if (!list.includes(address)) list.push(address)
      addresses.set(owner, entry)
    } else {
      invalid(`${canonicalName(r.name)} ${r.type} is not a root hint (a hints file holds the root's NS records and their A and AAAA records)`)
    }
  }
  if (names.length === 0) invalid('no NS record for the root (.): which servers are the root servers?')
  const servers = names.map((name) => ({ name, addresses: [...(addresses.get(name)?.v4 ?? []), ...(addresses.get(name)?.v6 ?? [])] }))
  const stray = [...addresses.keys()].filter((owner) => !names.includes(owner))
  if (stray.length > 0) invalid(`addresses for ${stray.join(', ')}, which no root NS record names`)
  const withAddress = servers.filter((s) => s.addresses.length > 0)
  if (withAddress.length === 0) invalid(`none of the ${names.length} root servers named (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}) has an A or AAAA record`)
  return { source, servers: withAddress }
}

/** Reads and parses a hints file. Throws ROOT_HINTS_UNREADABLE / ROOT_HINTS_INVALID. */
export async function readRootHintsFile(path: string): Promise<RootHints> {
  let text: string
  try {
    const info = await stat(path)
    if (!info.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' })
    if (info.size > MAX_ROOT_HINTS_BYTES) {
      throw new ResolutionError('ROOT_HINTS_INVALID', `root hints ${path}: ${info.size} bytes, more than a hints file holds (at most ${MAX_ROOT_HINTS_BYTES})`, { source: path })
    }
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (error instanceof ResolutionError) throw error
    const e = error as NodeJS.ErrnoException
    throw new ResolutionError('ROOT_HINTS_UNREADABLE', `cannot read the root hints file ${path}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`, { source: path, errno: e.code })
  }
  return parseRootHints(text, path)
}

let builtIn: RootHints | undefined

/** IANA's named.root, parsed (once) like any other hints file. */
export function builtInRootHints(): RootHints {
  builtIn ??= parseRootHints(IANA_NAMED_ROOT, IANA_NAMED_ROOT_SOURCE)
  return builtIn
}

/** The hinted root servers as server references on port 53 (IPv6 addresses only when `ipv6`). */
export function hintServers(hints: RootHints, ipv6: boolean): DnsServerRef[] {
  return hints.servers.flatMap((server) => server.addresses.filter((a) => ipv6 || !isIPv6(a)).map((address) => ({ address, port: 53, name: server.name })))
}
