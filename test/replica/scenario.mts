// Runs inside the replica (replica.test.ts starts it with `run.mts -- node … scenario.mts`): the
// internet target with everything at its defaults but the hints file, as a user runs it — the
// wiretrail CLI as child processes, NODE_EXTRA_CA_CERTS for the replica CA, the OS's DNS server
// (stub mode) from this namespace's /etc/resolv.conf — and unbound's answers for every name, the
// ground truth. Prints one JSON object; the test asserts on it.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { AppServices } from '../../src-main/services/app-services.ts'
import { createNodeEngine } from '../../src-main/services/engine-node.ts'
import type { ShellHost } from '../../src-main/services/shell-host.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const HINTS = process.env.REPLICA_HINTS ?? ''
const UNBOUND = '127.100.53.53'
const dir = mkdtempSync('/tmp/replica-scenario-')

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

function wiretrail(args: string[]): Promise<Run> {
  const started = performance.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WIRETRAIL, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) })
    })
  })
}

/** unbound's answer section (name type data), as dig prints it. */
function unbound(name: string, type: string): { rcode: string; answers: string[] } {
  const out = spawnSync('dig', [`@${UNBOUND}`, name, type, '+noall', '+answer', '+comments', '+tries=1', '+time=5'], { encoding: 'utf8' }).stdout
  const rcode = out.match(/status: (\w+)/)?.[1] ?? 'NONE'
  const answers = out
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith(';'))
    .map((l) => l.split(/\s+/))
    .map(([owner, , , rtype, ...data]) => `${owner} ${rtype} ${data.join(' ')}`)
  return { rcode, answers }
}

/** tshark's frame count for a capture (null: tshark could not read it). */
function tsharkFrames(file: string): number | null {
  if (!existsSync(join(dir, file))) return null
  const out = spawnSync('tshark', ['-r', join(dir, file), '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8' })
  if (out.status !== 0) return null
  return out.stdout.split('\n').filter((l) => l !== '').length
}

async function record(name: string, url: string, extra: string[] = []): Promise<unknown> {
  const file = `${name}.pcapng`
  const run = await wiretrail(['record', url, '--target', 'internet', ...(extra.includes('stub') ? [] : ['--root-hints', HINTS]), '--format', 'pcapng', '-o', file, '--json', ...extra])
  let walkthrough: unknown = null
  try {
    walkthrough = JSON.parse(run.stdout)
  } catch {
    walkthrough = null
  }
  return { code: run.code, stderr: run.stderr, ms: run.ms, frames: tsharkFrames(file), walkthrough }
}

async function resolve(name: string, type = 'A'): Promise<unknown> {
  const run = await wiretrail(['resolve', name, '--type', type, '--root-hints', HINTS, '--json'])
  let json: unknown = null
  try {
    json = JSON.parse(run.stdout)
  } catch {
    json = null
  }
  return { code: run.code, stderr: run.stderr, json, unbound: unbound(name, type) }
}

/** The app's main process, as Electron runs it: the services with the real engine record every
 * case (target Internet, the hints as the app's setting). It must survive each one: no uncaught
 * exception or unhandled rejection, the recording opened (or a coded error when nothing was written). */
const uncaught: string[] = []
process.on('uncaughtException', (error) => uncaught.push(`uncaughtException: ${error.stack ?? String(error)}`))
process.on('unhandledRejection', (reason) => uncaught.push(`unhandledRejection: ${String(reason)}`))
async function inTheApp(urls: Record<string, string>): Promise<unknown> {
  const services = new AppServices({ root: join(dir, 'app-state'), engine: createNodeEngine({}), version: 'replica', locale: 'en' })
  const host: ShellHost = { shell: 'electron', menuPlatform: 'linux', chooseCaptureToOpen: async () => null, chooseSavePath: async () => null, stateChanged: () => undefined }
  const api = services.handlers(host)
  const results: Record<string, unknown> = {}
  for (const [name, url] of Object.entries(urls)) {
    process.stderr.write(`scenario: the app records ${url}\n`)
    try {
      const opened = await api['capture.record']({ url, target: 'internet', resolverMode: 'iterative', format: 'pcapng', rootHints: HINTS })
      // A page load's lesson is one window: its steps, and the HTTP exchanges they name.
      const { lesson } = opened
      if (lesson.start !== 0 || lesson.steps.length !== opened.walkthrough.counts.steps) throw new Error(`the lesson's first window holds ${lesson.steps.length} of ${opened.walkthrough.counts.steps} steps`)
      const failed = lesson.steps.filter((s) => s.kind === 'fetch-failed').map((s) => s.title.en)
      results[name] = { opened: true, frames: opened.walkthrough.packets, failed, http: Object.values(lesson.http).map((h) => `${h.host} ${h.uri} ${h.status}`) }
    } catch (error) {
      const e = error as { code?: string; message?: string }
      results[name] = { opened: false, code: e.code ?? null, message: e.message ?? String(error) }
      process.stderr.write(`scenario: ${url} did not open: ${e.message ?? String(error)}\n`)
    }
  }
  return { results, uncaught: [...uncaught] }
}

const names = ['www.shop.com', 'static.cdnedge.net', 'www.news.org', 'www.lame.com', 'www.refused.org', 'www.oldbox.com', 'cdn.nosuch.io']
/** The middlebox, asked directly: dig's status line for a query without EDNS and one with it. */
function middlebox(edns: boolean): string {
  const out = spawnSync('dig', ['@127.100.5.5', 'www.oldbox.com', 'A', '+norec', edns ? '+edns=0' : '+noedns', '+tries=1', '+time=2'], { encoding: 'utf8' }).stdout
  return out.match(/status: \w+/)?.[0] ?? out.match(/no servers could be reached|timed out/)?.[0] ?? out.trim().split('\n').at(-1) ?? ''
}

const out = {
  middlebox: { plain: middlebox(false), edns: middlebox(true) },
  // keyed "name. TYPE", as the walkthrough's resolutions are
  unbound: Object.fromEntries([...names.map((n) => [`${n}. A`, unbound(n, 'A')]), ['img.v6.kr. A', unbound('img.v6.kr', 'A')], ['img.v6.kr. AAAA', unbound('img.v6.kr', 'AAAA')]]),
  resolve: {
    glueless: await resolve('www.news.org'),
    v6only: await resolve('img.v6.kr', 'AAAA'),
    big: await resolve('big.shop.com', 'TXT'),
    lame: await resolve('www.lame.com'),
    refused: await resolve('www.refused.org'),
    ednsDrop: await resolve('www.oldbox.com'),
    nxdomain: await resolve('cdn.nosuch.io'),
    nodata: await resolve('www.shop.com', 'AAAA'),
  },
  record: {
    iterative: await record('main', 'http://www.shop.com/'),
    stub: await record('stub', 'http://www.shop.com/', ['--resolver', 'stub']),
  },
  faults: {
    icmpUnreachable: await record('closed', 'https://www.closed.com/'),
    silent: await record('silent', 'https://www.silent.com/'),
    refused: await record('refused', 'https://refused.shop.com/'),
    timeout: await record('blackhole', 'https://blackhole.shop.com/'),
    noRoute: await record('v6far', 'https://v6far.shop.com/'),
    expired: await record('expired', 'https://expired.shop.com/'),
    wrongName: await record('wrongname', 'https://wrongname.shop.com/'),
    unknownCa: await record('untrusted', 'https://untrusted.shop.com/'),
    h2only: await record('h2only', 'https://h2only.shop.com/'),
    reset: await record('reset', 'https://reset.shop.com/'),
  },
  app: await inTheApp({
    main: 'http://www.shop.com/',
    icmpUnreachable: 'https://www.closed.com/',
    refused: 'https://refused.shop.com/',
    noRoute: 'https://v6far.shop.com/',
    expired: 'https://expired.shop.com/',
    unknownCa: 'https://untrusted.shop.com/',
    h2only: 'https://h2only.shop.com/',
    reset: 'https://reset.shop.com/',
  }),
}
// The services keep workers (the analyzer's) alive: the process ends here, once the JSON is out.
process.stdout.write(`${JSON.stringify(out)}\n`, () => process.exit(0))
