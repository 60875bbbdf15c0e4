// Kernel capture where the OS permits it (root here), and its absence where it does not: an
// unprivileged user gets a clear "not available", while the synthesized recording needs no privilege.
import { execFile } from 'node:child_process'
import { chmodSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { kernelCaptureAvailable, recordPageLoad } from '../../src-main/recorder/index.ts'
import { decodeAsLab, scratchDir, tshark } from './peers.ts'

const FIXTURES = join(import.meta.dirname, 'fixtures')
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups']

function asNobody(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('setpriv', [...NOBODY, process.execPath, '--import', 'tsx', ...args], { timeout: 60_000, env: { ...process.env, HOME: '/tmp' } }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error('setpriv is not installed (util-linux): the test runs the recorder as an unprivileged user with it'))
      else resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe('kernel capture', () => {
  let lab: RunningLab
  beforeAll(async () => {
    lab = await startLab({ addressBlock: 181, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false })
  })
  afterAll(async () => {
    await lab?.close()
  })

  it('records the real packets with tcpdump, filtered to the lab, and still writes the journal', async () => {
    const output = join(scratchDir('kernel'), 'kernel.pcap')
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output, lab, packets: 'kernel' })
    expect(result.ok).toBe(true)
    const frames = (await tshark(['-r', output, '-T', 'fields', '-e', 'frame.number'])).trim().split('\n')
    expect(frames.length).toBe(result.frames)
    const uris = await tshark(['-r', output, ...decodeAsLab(lab), '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'])
    expect(uris.trim().split('\n')).toEqual(['/sample.htm', '/gazou.jpg'])
    const journal = readFileSync(result.journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; packets?: string })
    expect(journal[0]).toMatchObject({ type: 'recording', packets: 'kernel' })
    expect(journal.some((r) => r.type === 'frame')).toBe(false) // frame numbers are tcpdump's, not ours
    expect(journal.at(-1)).toMatchObject({ type: 'end', ok: true })
  })

  it('writes kernel packets as pcapng with the TLS keys in a secrets block', async () => {
    const output = join(scratchDir('kernel'), 'kernel.pcapng')
    const result = await recordPageLoad({ url: 'https://www.lab.cyber.co.kr/sample.htm', output, lab, packets: 'kernel', format: 'pcapng' })
    expect(result.ok).toBe(true)
    const uris = await tshark(['-r', output, ...decodeAsLab(lab), '-Y', 'http.request', '-T', 'fields', '-e', 'http.request.uri'])
    expect(uris.trim().split('\n')).toEqual(['/sample.htm', '/gazou.jpg'])
  })

  it('is offered where tcpdump may capture (root here, as in CI)', async () => {
    if (process.getuid?.() !== 0) throw new Error('this test needs root (tcpdump capturing on lo), as CI runs it')
    expect(await kernelCaptureAvailable()).toEqual({ available: true })
  })

  it('says clearly when the capture tool is missing', async () => {
    const result = await kernelCaptureAvailable('lo', 'wiretrail-no-such-tcpdump')
    expect(result).toEqual({ available: false, reason: 'kernel capture with wiretrail-no-such-tcpdump is not available here: wiretrail-no-such-tcpdump is not installed' })
  })

  it('is not offered to an unprivileged user, who can still record synthesized packets', async () => {
    const check = await asNobody([join(FIXTURES, 'kernel-check.ts')])
    expect(check.code).toBe(0)
    const verdict = JSON.parse(check.stdout) as { available: boolean; reason: string }
    expect(verdict.available).toBe(false)
    expect(verdict.reason).toMatch(/not available here: .*(permission|Operation not permitted)/i)

    const dir = scratchDir('unprivileged')
    chmodSync(dir, 0o777)
    const output = join(dir, 'nobody.pcap')
    const run = await asNobody([join(FIXTURES, 'record-child.ts'), output, 'pcap', '182', 'http://www.lab.cyber.co.kr/sample.htm'])
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('finished')
    const http = await tshark(['-r', output, '-Y', 'http.request || http.response', '-T', 'fields', '-e', 'frame.number'])
    expect(http.trim().split('\n').length).toBeGreaterThanOrEqual(2)
  })
})
