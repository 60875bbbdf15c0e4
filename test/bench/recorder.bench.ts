// `npm run bench recorder`: the lab's gallery page (the page + 22 subresources over HTTP) loaded
//   - by Wiretrail, recording (synthesized pcap + journal),
//   - by Wiretrail, not recording (the same load with no tap),
//   - by curl (--resolve, no DNS): the page, then its 22 files with up to 6 in parallel,
//   - by headless Chromium (playwright-core, --host-resolver-rules, no DNS),
// all against the same web servers, in the same run. The lab runs in its own process (as the
// resolver benchmark does), so its servers share no event loop with any client. Rounds interleave
// the clients so machine load hits them alike; medians are reported.
// Wiretrail's load includes its iterative resolution (5 UDP exchanges, then one cache hit), which
// curl and Chromium skip through their host mappings: the ratios say so in their notes.
import { execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { loadLabNetwork, type RunningLab } from '../../src-main/lab/index.ts'
import { loadPageUnrecorded, recordPageLoad } from '../../src-main/recorder/index.ts'
import type { BenchReport } from './run.ts'

const BLOCK = 183
const DNS_PORT = 20153
const HTTP_PORT = 20180
const ROUNDS = 25
const WARMUP = 3
const SETTLE_MS = 100
const PAGE_PATH = '/gallery.html'
const HOST = 'www.lab.cyber.co.kr'
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** `wiretrail lab` in its own process on block 183 with fixed ports. */
async function startLabProcess(): Promise<() => Promise<void>> {
  const cli = join(import.meta.dirname, '..', '..', 'src-main', 'cli', 'wiretrail.mjs')
  const args = ['lab', '--address-block', String(BLOCK), '--dns-port', String(DNS_PORT), '--http-port', String(HTTP_PORT), '--https-port', '0']
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lab did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('The lab is running')) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => reject(new Error(`the lab exited (${code}):\n${output}`)))
  })
  return async () => {
    child.kill('SIGINT')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

/** The lab process as recordPageLoad sees a lab: its roots, DNS port and web servers (HTTP only). */
function labInOtherProcess(): RunningLab {
  const network = loadLabNetwork({ addressBlock: BLOCK })
  const dnsServers = network.dnsServers.map((s) => ({ ...s, port: DNS_PORT, zoneAddress: s.address }))
  return {
    addressBlock: BLOCK,
    singleAddress: false,
    roots: network.roots.map((r) => ({ address: r.address, port: DNS_PORT, name: r.name })),
    localDns: { address: network.localDns.address, port: DNS_PORT, name: network.localDns.name },
    dnsServers,
    web: network.webServers.map((w) => ({ host: w.host, address: w.address, zoneAddress: w.address, httpPort: HTTP_PORT, httpsPort: 0 })),
    caCertificatePem: '',
    network,
    dnsPortFor: () => DNS_PORT,
    dnsEndpointFor: (address: string) => ({ address, port: DNS_PORT }),
    describe: () => `lab process on 127.${BLOCK}.0.0/16`,
    close: async () => {},
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 30_000 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${command} is not installed: the benchmark compares against it`))
      else if (error) reject(new Error(`${command} failed: ${stderr || error.message}`))
      else resolve()
    })
  })
}

export async function bench(): Promise<BenchReport> {
  const stopLab = await startLabProcess()
  const lab = labInOtherProcess()
  const web = lab.web.find((w) => w.host === HOST)!
  const pageUrl = `http://${HOST}:${HTTP_PORT}${PAGE_PATH}`
  mkdirSync('/tmp/recorder-area', { recursive: true })
  const dir = mkdtempSync('/tmp/recorder-area/bench-')
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=${lab.web.map((w) => `MAP ${w.host} ${w.address}`).join(', ')}, MAP * ~NOTFOUND`],
  })
  try {
    // What the page needs, from one recorded load (it also proves the lab serves the page).
    const probe = await recordPageLoad({ url: pageUrl, output: join(dir, 'probe.pcap'), lab })
    if (!probe.ok || probe.subresources.length !== 22) throw new Error(`the gallery did not load fully: ${probe.error?.message ?? `${probe.subresources.length} subresources`}`)
    const resolve = ['--resolve', `${HOST}:${HTTP_PORT}:${web.address}`]
    const subresourceArgs = probe.subresources.flatMap((s) => ['-o', '/dev/null', s.url])

    const clients: Record<string, () => Promise<unknown>> = {
      recorded: async () => {
        const r = await recordPageLoad({ url: pageUrl, output: join(dir, 'gallery.pcap'), lab })
        if (!r.ok) throw new Error(r.error?.message)
      },
      unrecorded: async () => {
        const r = await loadPageUnrecorded({ url: pageUrl, lab })
        if (!r.ok || r.requests !== 23) throw new Error('the unrecorded load failed')
      },
      curl: async () => {
        await run('curl', ['-sf', ...resolve, '-o', '/dev/null', pageUrl])
        await run('curl', ['-sf', '-Z', '--parallel-max', '6', ...resolve, ...subresourceArgs])
      },
      chromium: async () => {
        const context = await browser.newContext()
        try {
          const page = await context.newPage()
          const response = await page.goto(pageUrl, { waitUntil: 'load' })
          if (response?.status() !== 200) throw new Error(`Chromium got ${response?.status()}`)
        } finally {
          await context.close()
        }
      },
    }
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(clients).map((k) => [k, []]))
    let seed = 42
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let round = 0; round < WARMUP + ROUNDS; round += 1) {
      // A shuffled order each round (a fixed rotation would always run the same client right after
      // Chromium, whose processes are still winding down), and a pause to let the machine settle.
      const order = Object.keys(clients).sort(() => random() - 0.5)
      for (const name of order) {
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS))
        const start = performance.now()
        await clients[name]!()
        if (round >= WARMUP) times[name]!.push(performance.now() - start)
      }
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])) as Record<string, number>
    const ms = (v: number): string => `${v.toFixed(1)} ms`
    const load = `gallery.html + 22 files, ${probe.connections} connections, ${probe.frames} frames`
    return {
      title: 'Recorder: a lab page load, recorded, against an unrecorded load, curl and Chromium',
      rows: [
        {
          name: 'recording overhead',
          wiretrail: `${ms(m.recorded!)} median of ${ROUNDS}, recording (${load})`,
          peer: `${ms(m.unrecorded!)} median, the same load without recording`,
          ratio: m.recorded! / m.unrecorded!,
          target: { max: 1.05, text: '≤ 1.05 (≤ 5 % overhead)' },
        },
        {
          name: 'recorded load vs curl',
          wiretrail: `${ms(m.recorded!)} median, iterative DNS from the lab root included`,
          peer: `${ms(m.curl!)} median, curl --resolve (no DNS): the page, then 22 files -Z --parallel-max 6 (two processes)`,
          ratio: m.recorded! / m.curl!,
          note: 'curl skips name resolution and its time includes starting two processes',
        },
        {
          name: 'recorded load vs headless Chromium',
          wiretrail: `${ms(m.recorded!)} median`,
          peer: `${ms(m.chromium!)} median, Chromium (new context per load, --host-resolver-rules, waitUntil load)`,
          ratio: m.recorded! / m.chromium!,
          note: 'Chromium skips name resolution (host mapping) but parses and lays out the page',
        },
      ],
    }
  } finally {
    await browser.close()
    await stopLab()
  }
}
