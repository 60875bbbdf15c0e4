// `npm run bench resolver`: Wiretrail's resolver against unbound, both iterating from the same lab
// root over the same authoritative servers, in the same run.
//
//  - The authoritative servers: the embedded lab in its own process (`wiretrail lab`, block 240,
//    port 53, because unbound asks port 53 only), so they share no event loop with either resolver.
//  - Cold: every lab name (the lab's table of cases) resolved in turn with an empty cache:
//    a new Resolver per round for Wiretrail; `unbound-control reload` (cache and infra flushed)
//    before each round for unbound, queried with Wiretrail's own stub client (no cache).
//    Rounds alternate between the two so machine load hits both alike; medians are reported.
//  - Warm: the same names again from the cache: Wiretrail in process (µs per resolve()), unbound
//    through a UDP round trip, and a plain Map lookup for scale.
// Needs root (port 53), unbound and unbound-control.
import { loadLabNetwork, rootHintsText } from '../../src-main/lab/index.ts'
import { Resolver } from '../../src-main/resolver/index.ts'
import { requireRoot, startUnbound } from '../resolver/helpers/peers.ts'
import type { BenchReport } from './run.ts'
import { startLabProcess } from './lab-process.ts'

const BLOCK = 240
const UNBOUND = `127.${BLOCK}.254.1`
const COLD_ROUNDS = 9
const WARM_REPEATS = 200

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export async function bench(): Promise<BenchReport> {
  requireRoot('the resolver benchmark (the lab and unbound on port 53)')
  const network = loadLabNetwork({ addressBlock: BLOCK })
  const names = network.cases.map((c) => ({ name: c.name, type: c.type }))
  const roots = network.roots.map((r) => ({ address: r.address, port: 53, name: r.name }))
  const stopLab = await startLabProcess({ addressBlock: BLOCK, dnsPort: 53, httpPort: 0 })
  const unbound = await startUnbound(UNBOUND, rootHintsText(network), 18940)
  const client = new Resolver({ mode: 'stub', stub: { address: UNBOUND, port: 53 }, cache: false, timeoutMs: 5000 })
  try {
    // One unmeasured round each: JIT warm-up for us, and proof that both resolve every name.
    const warmup = new Resolver({ mode: 'iterative', roots, portFor: () => 53, timeoutMs: 3000 })
    for (const n of names) {
      const [ours, theirs] = [await warmup.resolve(n.name, n.type), await client.resolve(n.name, n.type)]
      if (ours.rcode !== theirs.rcode) throw new Error(`${n.name} ${n.type}: Wiretrail says ${ours.rcode}, unbound ${theirs.rcode}`)
    }

    const coldOurs: number[] = []
    const coldUnbound: number[] = []
    let lastResolver = warmup
    for (let round = 0; round < COLD_ROUNDS; round++) {
      const resolver = new Resolver({ mode: 'iterative', roots, portFor: () => 53, timeoutMs: 3000 })
      let t = performance.now()
      for (const n of names) await resolver.resolve(n.name, n.type)
      coldOurs.push(performance.now() - t)
      lastResolver = resolver

      unbound.control('reload') // empties unbound's caches (messages, RRsets, infrastructure)
      t = performance.now()
      for (const n of names) await client.resolve(n.name, n.type)
      coldUnbound.push(performance.now() - t)
    }

    // Warm: every name from the cache. Wiretrail in process; unbound over UDP from its cache.
    const answerNames = names.filter((n) => n.name !== 'short.lab.cyber.co.kr.') // 5 s TTL may expire mid-run
    let t = performance.now()
    for (let i = 0; i < WARM_REPEATS; i++) for (const n of answerNames) await lastResolver.resolve(n.name, n.type)
    const hitMicros = ((performance.now() - t) * 1000) / (WARM_REPEATS * answerNames.length)
    const sources = new Set((await Promise.all(answerNames.map((n) => lastResolver.resolve(n.name, n.type)))).map((r) => r.source))
    if (sources.size !== 1 || !sources.has('cache')) throw new Error(`warm resolutions were not all cache hits: ${[...sources].join(', ')}`)

    const unboundRepeats = 20
    t = performance.now()
    for (let i = 0; i < unboundRepeats; i++) for (const n of answerNames) await client.resolve(n.name, n.type)
    const unboundCachedMicros = ((performance.now() - t) * 1000) / (unboundRepeats * answerNames.length)

    const map = new Map(answerNames.map((n) => [`${n.name}|${n.type}|IN`, n]))
    const lookups = 200_000
    let found = 0
    t = performance.now()
    for (let i = 0; i < lookups; i++) if (map.get(`${answerNames[i % answerNames.length]!.name}|${answerNames[i % answerNames.length]!.type}|IN`)) found++
    const mapMicros = ((performance.now() - t) * 1000) / lookups
    if (found !== lookups) throw new Error('map lookup check failed')

    const ours = median(coldOurs)
    const theirs = median(coldUnbound)
    const perName = (ms: number): string => `${(ms / names.length).toFixed(3)} ms per name`
    return {
      title: `Resolver: Wiretrail vs ${unbound.output().match(/unbound \d+\.\d+\.\d+/)?.[0] ?? 'unbound'} from the lab root (${names.length} names, ${COLD_ROUNDS} cold rounds)`,
      rows: [
        {
          name: 'cold cache: every lab name resolved from the root',
          wiretrail: `median ${ours.toFixed(2)} ms per round (${perName(ours)}); rounds ${coldOurs.map((v) => v.toFixed(1)).join(' ')}`,
          peer: `unbound: median ${theirs.toFixed(2)} ms per round (${perName(theirs)}), asked over UDP; rounds ${coldUnbound.map((v) => v.toFixed(1)).join(' ')}`,
          ratio: ours / theirs,
          target: { max: 1.5, text: '≤ 1.5× unbound' },
          note: "unbound's rounds include its root priming query and its name-server address fetches (default target-fetch-policy), and one UDP round trip per name from the client",
        },
        {
          name: 'warm cache: a cache hit in process',
          wiretrail: `${hitMicros.toFixed(2)} µs per resolve() from the cache`,
          peer: `budget 50 µs`,
          ratio: hitMicros / 50,
          target: { max: 1, text: '≤ 50 µs per hit' },
        },
        {
          name: 'warm cache: Wiretrail cache hit vs unbound answering from its cache',
          wiretrail: `${hitMicros.toFixed(2)} µs in process`,
          peer: `unbound: ${unboundCachedMicros.toFixed(1)} µs per cached answer, UDP round trip from a Wiretrail stub client`,
          ratio: hitMicros / unboundCachedMicros,
          note: 'unbound pays a UDP round trip that an in-process cache does not; shown for scale',
        },
        {
          name: 'warm cache: Wiretrail cache hit vs a plain Map lookup',
          wiretrail: `${hitMicros.toFixed(2)} µs per resolve() (validation, events, result object)`,
          peer: `Map.get with the same key shape: ${mapMicros.toFixed(3)} µs`,
          ratio: hitMicros / mapMicros,
          note: 'the floor for any in-process cache; shown for scale',
        },
      ],
    }
  } finally {
    await unbound.stop()
    await stopLab()
  }
}
