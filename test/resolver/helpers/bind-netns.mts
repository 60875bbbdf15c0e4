// Runs inside a private network namespace (bind.test.ts starts it with `unshare --net`): brings up
// lo, gives it the lab's server addresses (BIND listens only on addresses an interface has), starts
// BIND 9 on them, resolves every lab case with Wiretrail against it, and prints one JSON object
// with the results on stdout. Nothing can leave the namespace.
import { execFileSync } from 'node:child_process'
import { loadLabNetwork } from '../../../src-main/lab/index.ts'
import { Resolver, type ResolutionResult } from '../../../src-main/resolver/index.ts'
import { startBind } from './peers.ts'

const block = Number(process.argv[2])
const network = loadLabNetwork({ addressBlock: block })
execFileSync('ip', ['link', 'set', 'lo', 'up'])
for (const server of network.dnsServers) execFileSync('ip', ['addr', 'add', `${server.address}/32`, 'dev', 'lo'])

const bind = await startBind(network)
const roots = network.roots.map((r) => ({ address: r.address, port: 53, name: r.name }))
const resolve = async (name: string, type: string, serverRoots = roots): Promise<unknown> => {
  const resolver = new Resolver({ mode: 'iterative', roots: serverRoots, portFor: () => 53, timeoutMs: 3000 })
  try {
    return summary(await resolver.resolve(name, type))
  } catch (error) {
    const e = error as { code?: string; message: string }
    return { error: { code: e.code, message: e.message } }
  }
}
function summary(r: ResolutionResult): unknown {
  return {
    rcode: r.rcode,
    source: r.source,
    answers: r.answers,
    addresses: r.addresses,
    hops: r.hops,
    tcpFallback: r.events.some((e) => e.kind === 'tcp-fallback'),
  }
}

try {
  const cases: Record<string, unknown> = {}
  for (const c of network.cases) cases[`${c.name} ${c.type}`] = await resolve(c.name, c.type)
  const lame = network.dnsServers.find((s) => s.zones.length === 0)!
  const lameResult = await resolve('www.store.co.kr', 'A', [{ address: lame.address, port: 53, name: lame.name }])
  process.stdout.write(`${JSON.stringify({ named: bind.output().match(/BIND \S+/)?.[0] ?? 'BIND', cases, lame: lameResult })}\n`)
} finally {
  await bind.stop()
}
