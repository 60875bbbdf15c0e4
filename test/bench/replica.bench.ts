// `npm run bench replica`: the internet replica's main site (docs/replica.md) loaded cold, in the
// replica's own network namespace: Wiretrail recording it with the internet target (iterative
// from the replica's hints: priming, the CDN's CNAME chain across two TLDs, the IPv6-only host, the
// NXDOMAIN host) vs unbound (caches emptied) + curl (the page through its redirect, then its three
// files, names resolved through the OS's resolver, the replica's unbound). Medians over rounds,
// alternating which client goes first. Needs root (the replica's namespace, port 53).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { BenchReport } from './run.ts'

const REPLICA = join(import.meta.dirname, '..', 'replica')

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export async function bench(): Promise<BenchReport> {
  const times = await new Promise<{ wiretrail: number[]; peer: number[] }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPLICA, 'run.mts'), '--', process.execPath, '--import', 'tsx', join(REPLICA, 'bench-inside.mts')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c))
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c))
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(stdout) as { wiretrail: number[]; peer: number[] })
      } catch {
        reject(new Error(`the replica benchmark failed (status ${code}): ${stderr.slice(-3000)}`))
      }
    })
  })
  const w = median(times.wiretrail)
  const p = median(times.peer)
  return {
    title: 'The internet replica: the main site, cold',
    rows: [
      {
        name: 'page load with DNS from the hints, cold (http://www.shop.com/ + 3 files on 3 other hosts)',
        wiretrail: `${w.toFixed(1)} ms median of ${times.wiretrail.length} (recording pcapng + journal, iterative from the replica's hints)`,
        peer: `${p.toFixed(1)} ms median of ${times.peer.length} (unbound with emptied caches + one curl for the 4 URLs)`,
        ratio: w / p,
        target: { max: 3, text: '≤ 3' },
        note: 'Wiretrail resolves with priming and fetches the three files in parallel; curl fetches one after another and unbound answers from its process, not curl\'s',
      },
    ],
  }
}
