// `wiretrail lab` as a normal user would run it: started as the unprivileged user "nobody" (setpriv),
// it prints every address, serves DNS and HTTP(S) on unprivileged ports, and exits 0 on Ctrl+C.
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { dig, requirePeer, runPeer } from './peers.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const NOBODY = 65534
const PORTS = ['--dns-port', '22053', '--http-port', '22080', '--https-port', '22443']
const children: ChildProcess[] = []

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
})

/** A directory "nobody" can write (tsx keeps its compile cache under TMPDIR). */
function nobodyScratch(): string {
  const dir = '/tmp/lab-area/nobody'
  mkdirSync(dir, { recursive: true })
  chmodSync(dir, 0o1777)
  return dir
}

interface Started {
  child: ChildProcess
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function startCli(args: string[]): Started {
  const scratch = nobodyScratch()
  const asNobody = process.getuid?.() === 0
  if (asNobody) requirePeer('setpriv')
  const command = asNobody ? 'setpriv' : process.execPath
  const commandArgs = [
    ...(asNobody ? [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath] : []),
    join(ROOT, 'src-main/cli/wiretrail.mjs'),
    'lab',
    ...args,
  ]
  const child = spawn(command, commandArgs, {
    cwd: scratch,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, TMPDIR: scratch },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let text = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return { child, output: () => text, exited }
}

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs: number): Promise<string> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (pattern.test(started.output())) return started.output()
    if (started.child.exitCode !== null) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`wiretrail lab did not print ${pattern} within ${timeoutMs} ms; it printed:\n${started.output()}`)
}

describe('wiretrail lab', () => {
  it('runs as an unprivileged user, serves DNS and HTTP(S), and stops with exit 0 on SIGINT', async () => {
    const started = startCli(['--address-block', '69', ...PORTS])
    const text = await waitForOutput(started, /Press Ctrl\+C to stop it\./, 45_000)
    if (process.getuid?.() === 0) {
      // setpriv execs node, so the child process itself is the lab.
      const uid = (await runPeer('ps', ['-o', 'uid=', '-p', String(started.child.pid)])).stdout.trim()
      expect(uid).toBe(String(NOBODY))
    }
    // Every DNS server with its zones, the local DNS server, the web hosts, the CA file, examples.
    expect(text).toMatch(/127\.69\.0\.1:22053\s+a\.root-servers\.lab\.\s+serves \./)
    expect(text).toMatch(/127\.69\.4\.1:22053\s+ns1\.lab\.cyber\.co\.kr\.\s+serves lab\.cyber\.co\.kr\./)
    expect(text).toContain('Nearby (local) DNS server (recursive, caching; answers RD=1 questions with RA=1): 127.69.53.53:22053')
    expect(text).toContain('http://www.lab.glasscom.com:22080/')
    expect(text).toContain('dig @127.69.0.1 -p 22053 www.lab.cyber.co.kr +norecurse')
    expect(text).toContain('curl -v --resolve www.lab.cyber.co.kr:22080:127.69.4.80 http://www.lab.cyber.co.kr:22080/sample.htm')
    const caPath = /Lab CA certificate \(valid for the lab web hosts only\): (\S+)/.exec(text)?.[1] ?? ''
    expect(existsSync(caPath)).toBe(true)

    const referral = await dig('127.69.0.1', 22053, 'www.lab.cyber.co.kr', 'A', ['+norecurse'])
    expect(referral.authority.map((r) => r.name)).toEqual(['kr.'])
    const recursive = await dig('127.69.53.53', 22053, 'www.lab.glasscom.com')
    expect(recursive.answer.map((r) => r.data)).toEqual(['127.69.7.80'])
    const page = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', 'www.lab.cyber.co.kr:22080:127.69.4.80', 'http://www.lab.cyber.co.kr:22080/sample.htm'])
    expect(page.stdout).toContain('<img src="gazou.jpg">')
    const secure = await runPeer('curl', ['-sS', '--max-time', '5', '--cacert', caPath, '--resolve', 'www.lab.glasscom.com:22443:127.69.7.80', 'https://www.lab.glasscom.com:22443/'])
    expect(secure.status, secure.stderr).toBe(0)

    // Ctrl+C reaches the lab (setpriv execs, so the child is the lab process itself).
    started.child.kill('SIGINT')
    const { code } = await started.exited
    expect(code).toBe(0)
    expect(started.output()).toContain('SIGINT: the lab stopped; every port is closed.')
    expect(existsSync(caPath)).toBe(false)
    const after = await runPeer('curl', ['-sS', '--max-time', '5', '--resolve', 'www.lab.cyber.co.kr:22080:127.69.4.80', 'http://www.lab.cyber.co.kr:22080/'])
    expect(after.status).toBe(7)
  })

  it('SIGTERM stops it too', async () => {
    const started = startCli(['--address-block', '70', '--dns-port', '0', '--http-port', '0', '--https-port', '0'])
    await waitForOutput(started, /Press Ctrl\+C to stop it\./, 45_000)
    started.child.kill('SIGTERM')
    expect((await started.exited).code).toBe(0)
    expect(started.output()).toContain('SIGTERM: the lab stopped')
  })

  it('a bad option is a usage error (exit 2) naming it', async () => {
    const started = startCli(['--address-block', '999'])
    const { code } = await started.exited
    expect(code).toBe(2)
    expect(started.output()).toContain('--address-block 999 is not a whole number from 1 to 254')
  })
})
