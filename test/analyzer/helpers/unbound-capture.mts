// Runs inside a private network namespace (recursive-capture.test.ts starts it with `unshare --net`):
// BIND 9 serves the lab's zones on the lab's server addresses, unbound (Debian's, logging every
// query it sends: verbosity 3) iterates from the lab root, and dig — a stub client — asks unbound
// for www.lab.cyber.co.kr twice, a second apart, then for a name behind a glueless delegation (the
// lab's reverse zone), while tcpdump captures lo. Once with
// qname-minimisation off and once on. Prints one JSON object: per run the capture's path and
// unbound's log. Nothing can leave the namespace.
import { spawn, spawnSync } from 'node:child_process'
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { loadLabNetwork, rootHintsText } from '../../../src-main/lab/index.ts'
import { requirePeer, startBind, startUnbound } from '../../resolver/helpers/peers.ts'

const block = Number(process.argv[2])
const outDir = process.argv[3] ?? mkdtempSync('/tmp/unbound-capture-')
const network = loadLabNetwork({ addressBlock: block })
const unboundAddress = `127.${block}.254.1`
const client = `127.${block}.254.9`
execFileSync('ip', ['link', 'set', 'lo', 'up'])
for (const address of new Set([...network.dnsServers.map((s) => s.address), unboundAddress, client])) execFileSync('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo'])

const tcpdumpBinary = requirePeer('tcpdump', 'tcpdump')
const digBinary = requirePeer('dig', 'bind9-dnsutils')

/** Starts tcpdump on lo; stopping it gives its summary ("N packets captured", "N packets received
 * by filter", "N packets dropped by kernel"). -B 32768 for the reason test/support/tcpdump.ts gives:
 * in immediate mode each ring slot holds a whole snap length, so the default 2 MiB buffer holds a
 * handful of packets and, under a full suite on two cores, the kernel dropped 8–14 of ~90 in three
 * captures in a row (CI, session 13). Not startTcpdump itself: its stop marker would be a packet in
 * the capture these runs count and analyse. */
async function capture(file: string): Promise<() => Promise<string>> {
  const child = spawn(tcpdumpBinary, ['-i', 'lo', '-n', '-U', '--immediate-mode', '-B', '32768', '-w', file, 'port 53'], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString()
      if (/listening on/.test(err)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}): ${err}`)))
  })
  return async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGINT')
    await exited
    return err
  }
}

/** Whether the capture holds every exchange: the kernel dropped nothing and each query has its
 * response (read back with tcpdump: a question is printed "A? name"). On a loaded machine a packet
 * can go missing; such a capture is not what happened, so the run is made again. */
function complete(summary: string, file: string): boolean {
  const dropped = Number(/(\d+) packets? dropped by kernel/.exec(summary)?.[1] ?? Number.NaN)
  const lines = spawnSync(tcpdumpBinary, ['-r', file, '-n'], { encoding: 'utf8' }).stdout.trim().split('\n')
  const queries = lines.filter((line) => /\? \S+ \(\d+\)$/.test(line)).length
  return dropped === 0 && lines.length === 2 * queries
}

function dig(name = 'www.lab.cyber.co.kr', type = 'A'): string {
  const run = spawnSync(digBinary, [`@${unboundAddress}`, '-b', client, '+tries=1', '+time=10', '+nocookie', name, type], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`dig failed: ${run.stdout}${run.stderr}`)
  return run.stdout
}

const bind = await startBind(network)
const runs: { qnameMinimisation: boolean; pcap: string; log: string; dig: string[] }[] = []
try {
  for (const [i, qnameMinimisation] of [false, false, false, true, true, true].entries()) {
    if (runs.some((r) => r.qnameMinimisation === qnameMinimisation)) continue
    const unbound = await startUnbound(unboundAddress, rootHintsText(network), 18953 + i, { verbosity: 3, qnameMinimisation, outgoingFromOwnAddress: true })
    const pcap = join(outDir, `unbound-qmin-${qnameMinimisation ? 'on' : 'off'}.pcap`)
    const stop = await capture(pcap)
    let summary = ''
    const answers: string[] = []
    try {
      answers.push(dig())
      // Over a second later, so the TTL unbound's cache gives has counted down.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      answers.push(dig())
      // The reverse zone's name server has no glue (BIND gives no address for a name outside the
      // delegated zone): unbound looks its address up on the way.
      answers.push(dig(`80.4.${block}.127.in-addr.arpa`, 'PTR'))
      await new Promise((resolve) => setTimeout(resolve, 500))
    } finally {
      summary = await stop()
    }
    const log = unbound.output()
    await unbound.stop()
    if (complete(summary, pcap)) runs.push({ qnameMinimisation, pcap, log, dig: answers })
    else console.error(`tcpdump lost packets, capturing again: ${summary.trim().split('\n').slice(-3).join('; ')}`)
  }
} finally {
  await bind.stop()
}
if (runs.length !== 2) throw new Error('tcpdump lost packets in three captures in a row')
console.log(JSON.stringify({ unbound: `${unboundAddress}:53`, client, runs }))
