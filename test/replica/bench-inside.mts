// Runs inside the replica for `npm run bench replica` (replica.bench.ts starts it through run.mts):
// the main site's page load, cold, by Wiretrail (recording, iterative from the replica's hints: its
// own resolution included) and by unbound + curl (unbound's caches emptied, then one curl for the
// page, following its redirect, and its three files, resolving through the OS's resolver, which is
// the replica's unbound). Prints the times in ms as JSON.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { recordPageLoad } from '../../src-main/recorder/index.ts'

const ROUNDS = Number(process.env.REPLICA_BENCH_ROUNDS ?? 15)
const WARMUP = 2
const HINTS = process.env.REPLICA_HINTS!
const CA = process.env.NODE_EXTRA_CA_CERTS!
const CONF = process.env.REPLICA_UNBOUND_CONF!
const dir = mkdtempSync('/tmp/replica-bench-')
const URLS = ['http://www.shop.com/', 'https://static.cdnedge.net/logo.png', 'https://img.v6.kr/style.css', 'https://cdn.nosuch.io/app.js']

function flushUnbound(): void {
  for (const args of [['flush_zone', '.'], ['flush_infra', 'all'], ['flush_requestlist']]) spawnSync('unbound-control', ['-c', CONF, ...args])
}

async function wiretrail(i: number): Promise<number> {
  const started = performance.now()
  const result = await recordPageLoad({ url: URLS[0]!, target: 'internet', rootHints: HINTS, output: join(dir, `load-${i}.pcapng`), format: 'pcapng' })
  const ms = performance.now() - started
  if (result.frames === undefined || result.frames < 40) throw new Error(`the recording has ${result.frames} frames`)
  return ms
}

function curl(): number {
  flushUnbound()
  const started = performance.now()
  const args = ['-sS', '-L', '--compressed', '--cacert', CA, ...URLS.flatMap((u) => ['-o', '/dev/null', u])]
  const run = spawnSync('curl', args, { encoding: 'utf8' })
  const ms = performance.now() - started
  // curl's status is 6 for the host that does not exist; every other file must have come.
  if (run.status !== 0 && run.status !== 6) throw new Error(`curl failed (${run.status}): ${run.stderr}`)
  return ms
}

const times = { wiretrail: [] as number[], peer: [] as number[] }
for (let i = 0; i < ROUNDS + WARMUP; i++) {
  // Alternate which goes first, so neither always meets a warmer machine.
  const pair = i % 2 === 0 ? [await wiretrail(i), curl()] : [curl(), await wiretrail(i)].reverse()
  if (i >= WARMUP) {
    times.wiretrail.push(pair[0]!)
    times.peer.push(pair[1]!)
  }
}
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify(times)}\n`)
