// Runs a command in a network namespace of its own (`unshare --net`): only `lo`, up, and nothing
// else — no route anywhere, so nothing can leave the machine, which is exactly "the network is
// down" for the program inside. `setup` commands run first, inside (extra loopback addresses,
// routes). Needs root, as CI has; without it the test fails saying so (never a skip).
import { spawn, spawnSync } from 'node:child_process'

export interface NetnsRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Wall time of the whole command, namespace creation included. */
  ms: number
}

export function requireNamespaces(): void {
  if (process.getuid?.() !== 0) throw new Error('this test makes a private network namespace (unshare --net), which needs root (run the tests as root, as CI does)')
  const found = spawnSync('sh', ['-c', 'command -v unshare && command -v ip'], { encoding: 'utf8' }).stdout.trim()
  if (found.split('\n').length < 2) throw new Error('unshare (util-linux) and ip (iproute2) are needed: install them (.ci/install-peers does)')
}

export interface NetnsOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Shell commands run inside before `argv` (addresses, routes). */
  setup?: string[]
  /** A file to be /etc/resolv.conf inside (a private mount namespace bind-mounts it there), so
   * the program's "DNS server in the OS settings" is this one and never the machine's. */
  resolvConf?: string
  timeoutMs?: number
}

/** `argv` inside a fresh network namespace; killed after `timeoutMs` (a hang is a failure). */
export function runInEmptyNetns(argv: string[], options: NetnsOptions = {}): Promise<NetnsRun> {
  requireNamespaces()
  const mount = options.resolvConf !== undefined ? [`mount --bind ${shellQuote(options.resolvConf)} /etc/resolv.conf`] : []
  const script = ['ip link set lo up', ...mount, ...(options.setup ?? []), 'exec "$@"'].join(' && ')
  const namespaces = options.resolvConf !== undefined ? ['--net', '--mount', '--propagation', 'private'] : ['--net']
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn('unshare', [...namespaces, '--fork', '--kill-child', 'sh', '-c', script, 'netns', ...argv], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started })
    })
  })
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}
