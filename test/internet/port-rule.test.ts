// One rule for the port of a DNS server learnt from a referral (referrals carry addresses, never
// ports): it is asked on the port the roots were given with. `wiretrail resolve --root ADDR:PORT`
// and `wiretrail record --target internet --root ADDR:PORT` must ask the same servers on the same
// ports — here the lab's hierarchy, all on one unusual port, loaded as "the internet".
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import type { ResolverEvent } from '../../src-main/shared/resolver-events.ts'
import { scratchDir } from '../support/scratch.ts'

const WIRETRAIL = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
const DNS_PORT = 20_953

function wiretrail(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [WIRETRAIL, ...args], { cwd, timeout: 90_000, maxBuffer: 32 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

let lab: RunningLab
beforeAll(async () => {
  lab = await startLab({ addressBlock: 213, dnsPort: DNS_PORT, httpPort: 0, httpsPort: 0, localDns: false })
})
afterAll(() => lab.close())

describe('the port of servers learnt from referrals', () => {
  it('is the roots\' port for resolve --root and record --target internet --root alike', async () => {
    const dir = scratchDir('port-rule')
    const root = `127.213.0.1:${DNS_PORT}`
    const resolved = await wiretrail(['resolve', 'www.lab.cyber.co.kr', '--root', root, '--json'], dir)
    expect(resolved.code).toBe(0)
    const hops = (JSON.parse(resolved.stdout) as { hops: { server: string; port: number }[] }).hops.map((h) => `${h.server}:${h.port}`)
    expect(hops).toEqual(['127.213.0.1', '127.213.1.1', '127.213.2.1', '127.213.3.1', '127.213.4.1'].map((a) => `${a}:${DNS_PORT}`))

    const web = lab.web.find((w) => w.host === 'www.lab.cyber.co.kr')!
    const recorded = await wiretrail(['record', `http://www.lab.cyber.co.kr:${web.httpPort}/sample.htm`, '--target', 'internet', '--root', root, '-o', 'internet.pcap'], dir)
    expect(recorded.stderr).not.toContain('did not load')
    expect(recorded.code).toBe(0)
    const events = readFileSync(join(dir, 'internet.pcap.wiretrail.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; event?: ResolverEvent })
      .flatMap((r) => (r.type === 'resolver' && r.event?.kind === 'query-sent' ? [`${r.event.server.address}:${r.event.server.port}`] : []))
    // The same servers, on the same port, in the same order (the second name is answered from cache).
    expect(events).toEqual(hops)
    // Roots given as servers are used as given: no priming.
    expect(readFileSync(join(dir, 'internet.pcap.wiretrail.jsonl'), 'utf8')).not.toContain('"qname":"."')
  })
})
