// Running the peers the lab tests check against (dig, curl, named-checkzone): programs nobody here
// wrote. A missing peer fails the test with the package to install, never skips it.
import { execFile, execFileSync } from 'node:child_process'

const PACKAGES: Record<string, string> = {
  dig: 'bind9-dnsutils',
  'named-checkzone': 'bind9-utils',
  curl: 'curl',
  setpriv: 'util-linux',
  openssl: 'openssl',
}

export function requirePeer(command: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
  } catch {
    throw new Error(`${command} is not installed: run .ci/install-peers (Debian package ${PACKAGES[command] ?? command})`)
  }
}

export interface PeerResult {
  status: number
  stdout: string
  stderr: string
}

/** Runs a peer with a timeout; resolves with its exit status and output (never rejects on status). */
export function runPeer(command: string, args: string[], options: { timeoutMs?: number; input?: string } = {}): Promise<PeerResult> {
  requirePeer(command)
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { timeout: options.timeoutMs ?? 15_000, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`${command} ${args.join(' ')} failed to run: ${error.message}\n${stderr}`))
        return
      }
      resolve({ status: error === null ? 0 : (error.code as number), stdout, stderr })
    })
    if (options.input !== undefined) child.stdin?.end(options.input)
  })
}

export interface DigRecord {
  name: string
  ttl: number
  class: string
  type: string
  data: string
}

export interface DigResult {
  status: string
  flags: string[]
  answer: DigRecord[]
  authority: DigRecord[]
  additional: DigRecord[]
  /** The server's OPT record was present. */
  edns: boolean
  /** Transport dig reports for the reply it printed. */
  transport: 'UDP' | 'TCP' | null
  size: number | null
  raw: string
}

/** Asks `server`:`port` with dig (no recursion unless asked for, no retries, short timeout). */
export async function dig(server: string, port: number, name: string, type = 'A', extra: string[] = []): Promise<DigResult> {
  const args = [`@${server}`, '-p', String(port), name, type, '+time=3', '+tries=1', ...extra]
  const result = await runPeer('dig', args)
  if (result.status !== 0) throw new Error(`dig ${args.join(' ')} exited ${result.status}:\n${result.stdout}${result.stderr}`)
  return parseDig(result.stdout)
}

export function parseDig(text: string): DigResult {
  const status = /status: ([A-Z]+)/.exec(text)?.[1]
  if (status === undefined) throw new Error(`dig printed no reply header:\n${text}`)
  const flags = (/;; flags: ([a-z ]*);/.exec(text)?.[1] ?? '').trim().split(/\s+/).filter(Boolean)
  const sections: Record<string, DigRecord[]> = { ANSWER: [], AUTHORITY: [], ADDITIONAL: [] }
  let current: DigRecord[] | undefined
  for (const line of text.split('\n')) {
    const header = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:/.exec(line)
    if (header !== null) {
      current = sections[header[1] as string]
      continue
    }
    if (line.trim() === '' || line.startsWith(';')) {
      if (line.trim() === '') current = undefined
      continue
    }
    if (current === undefined) continue
    const [name, ttl, klass, type, ...data] = line.split(/\s+/)
    current.push({ name: name ?? '', ttl: Number(ttl), class: klass ?? '', type: type ?? '', data: data.join(' ') })
  }
  return {
    status,
    flags,
    answer: sections.ANSWER ?? [],
    authority: sections.AUTHORITY ?? [],
    additional: sections.ADDITIONAL ?? [],
    edns: /; EDNS: version/.test(text),
    transport: (/;; SERVER: \S+ \((UDP|TCP)\)/.exec(text)?.[1] as 'UDP' | 'TCP' | undefined) ?? null,
    size: Number(/MSG SIZE\s+rcvd: (\d+)/.exec(text)?.[1] ?? NaN) || null,
    raw: text,
  }
}
