// Real DNS software from Debian, started by the tests (and the benchmark) on loopback:
//  - BIND 9 serving the lab's zone files, one `view` per lab server address (match-destinations),
//    so each address answers only for its own zones and referrals happen exactly as in the lab;
//  - unbound, iterating from the lab root (root-hints file), as the recursive peer.
// Both listen on port 53 (tests run as root; unbound sends queries to port 53 only). A missing
// binary is an error with the package to install, never a skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LabNetwork } from '../../../src-main/lab/index.ts'

const AREA = '/tmp/resolver-area'

export function requirePeer(binary: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).stdout.trim()
  if (found === '') throw new Error(`${binary} is not installed: install the Debian package ${debianPackage} (.ci/install-peers does)`)
  return found
}

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new Error(`${what} listens on port 53, which needs root (run the tests as root, as CI does)`)
}

export interface Peer {
  dir: string
  process: ChildProcess
  /** Everything the peer wrote to stderr/stdout (for failure messages). */
  output(): string
  stop(): Promise<void>
}

export function workDir(prefix: string): string {
  mkdirSync(AREA, { recursive: true })
  return mkdtempSync(join(AREA, `${prefix}-`))
}

/** Starts `command` and waits until its output matches `ready` (or fails with its output). */
export async function startPeer(dir: string, command: string, args: string[], ready: RegExp, timeoutMs = 20_000): Promise<Peer> {
  const child = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    function fail(why: string): void {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${command} ${why}:\n${output.slice(-3000)}`))
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('error', (error) => fail(`could not start: ${error.message}`))
    void exited.then((code) => fail(`exited with status ${code}`))
  })
  return {
    dir,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(killer)
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** BIND 9 serving every lab zone on port 53 of each lab server's address (a view per address). */
export async function startBind(network: LabNetwork): Promise<Peer> {
  const named = requirePeer('named', 'bind9')
  requireRoot('BIND')
  const dir = workDir('named')
  const files = new Map<string, string>()
  for (const [i, zone] of network.zones.entries()) {
    const file = `zone-${i}.db`
    writeFileSync(join(dir, file), zone.text)
    files.set(zone.origin, file)
  }
  const addresses = network.dnsServers.map((s) => s.address)
  const views = network.dnsServers.map((server, i) => {
    // A server with no zones (the lab's lame server) gets a view without zones: BIND says REFUSED.
    const zones = server.zones.map((origin) => `    zone "${origin}" { type primary; file "${files.get(origin)}"; };`).join('\n')
    return `view "server-${i}" {\n  match-clients { any; };\n  match-destinations { ${server.address}; };\n${zones}\n};`
  })
  const conf = `options {
  directory "${dir}";
  pid-file "${dir}/named.pid";
  session-keyfile "${dir}/session.key";
  managed-keys-directory "${dir}";
  listen-on port 53 { ${addresses.join('; ')}; };
  listen-on-v6 { none; };
  recursion no;
  dnssec-validation no;
  notify no;
  allow-query { any; };
};
controls { };
${views.join('\n')}
`
  writeFileSync(join(dir, 'named.conf'), conf)
  const check = spawnSync(requirePeer('named-checkconf', 'bind9-utils'), ['-z', join(dir, 'named.conf')], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`named-checkconf rejected the lab zones:\n${check.stdout}${check.stderr}`)
  return startPeer(dir, named, ['-g', '-n', '1', '-c', join(dir, 'named.conf')], /running\n/)
}

export interface UnboundPeer extends Peer {
  address: string
  controlPort: number
  /** unbound-control with this instance's config (flush_zone, flush_infra, …). */
  control(...args: string[]): string
}

export interface UnboundOptions {
  /** unbound's log level (1 by default; 3 logs every query it sends: "sending query:", "sending to target:"). */
  verbosity?: number
  /** qname-minimisation (RFC 9156); unbound's default (yes) when not given. */
  qnameMinimisation?: boolean
  /** Send its own queries from its listening address (as a resolver on a network does: its
   * interface's address), not from whatever loopback address the kernel picks for each server. */
  outgoingFromOwnAddress?: boolean
  /** More lines for its server: clause (e.g. the load benchmark's larger query table). */
  serverOptions?: string[]
}

/** unbound iterating from the lab root (its root hints), listening on `address`:53. */
export async function startUnbound(address: string, hintsText: string, controlPort: number, options: UnboundOptions = {}): Promise<UnboundPeer> {
  const unbound = requirePeer('unbound', 'unbound')
  requireRoot('unbound')
  const dir = workDir('unbound')
  writeFileSync(join(dir, 'root.hints'), hintsText)
  const conf = join(dir, 'unbound.conf')
  writeFileSync(
    conf,
    `server:
  interface: ${address}
${options.outgoingFromOwnAddress ? `  outgoing-interface: ${address}\n` : ''}  port: 53
  access-control: 127.0.0.0/8 allow
  do-ip6: no
  do-daemonize: no
  chroot: ""
  username: ""
  directory: "${dir}"
  pidfile: "${dir}/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: ${options.verbosity ?? 1}
${options.qnameMinimisation === undefined ? '' : `  qname-minimisation: ${options.qnameMinimisation ? 'yes' : 'no'}\n`}  root-hints: "${dir}/root.hints"
  # the lab lives on 127/8, which unbound does not query unless told to
  do-not-query-localhost: no
  # the lab is unsigned: no validator, no trust anchor
  module-config: "iterator"
  # unbound answers 127.in-addr.arpa. itself by default (RFC 6761 locally served zone); the lab
  # serves its reverse zone under it, so let the question go out
  local-zone: "127.in-addr.arpa." nodefault
${(options.serverOptions ?? []).map((line) => `  ${line}\n`).join('')}remote-control:
  control-enable: yes
  control-interface: ${address}
  control-port: ${controlPort}
  control-use-cert: no
`,
  )
  const check = spawnSync(requirePeer('unbound-checkconf', 'unbound'), [conf], { encoding: 'utf8' })
  if (check.status !== 0) throw new Error(`unbound-checkconf rejected the config:\n${check.stdout}${check.stderr}`)
  const peer = await startPeer(dir, unbound, ['-d', '-c', conf], /start of service/)
  const controlBinary = requirePeer('unbound-control', 'unbound')
  return {
    ...peer,
    address,
    controlPort,
    control: (...args: string[]) => {
      const run = spawnSync(controlBinary, ['-c', conf, ...args], { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`unbound-control ${args.join(' ')} failed: ${run.stdout}${run.stderr}`)
      return run.stdout
    },
  }
}

/** Every owner name and type in the lab's zones, read by BIND's named-checkzone (not by the lab's
 * own parser), e.g. { name: 'www.lab.cyber.co.kr.', type: 'A' }. */
export function zoneNamesAndTypes(network: LabNetwork): { name: string; type: string }[] {
  const checkzone = requirePeer('named-checkzone', 'bind9-utils')
  const dir = workDir('zones')
  const seen = new Map<string, { name: string; type: string }>()
  try {
    for (const [i, zone] of network.zones.entries()) {
      const file = join(dir, `zone-${i}.db`)
      writeFileSync(file, zone.text)
      const run = spawnSync(checkzone, ['-D', '-o', '-', zone.origin, file], { encoding: 'utf8' })
      if (run.status !== 0) throw new Error(`named-checkzone rejected ${zone.file}:\n${run.stdout}${run.stderr}`)
      for (const line of run.stdout.split('\n')) {
        const m = /^(\S+)\s+\d+\s+IN\s+(\S+)\s/.exec(line)
        if (m) seen.set(`${m[1]!.toLowerCase()} ${m[2]}`, { name: m[1]!.toLowerCase(), type: m[2]! })
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return [...seen.values()].sort((a, b) => `${a.name} ${a.type}`.localeCompare(`${b.name} ${b.type}`))
}
