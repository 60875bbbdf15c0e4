// "A crash loses at most the packet in flight" (issue 12 §3): recordings of the lab's gallery page
// (23 requests over 6 connections, after an iterative resolution) are killed with SIGKILL at 26
// moments — inside progress callbacks between two steps of the load, from the first one (before any
// packet) to the last (after every packet), and by the test at times spread over the load — while
// tcpdump captures the same traffic on loopback. The lab runs in the test process, so only the
// recording dies. For every kill:
//   - the capture reads whole (tshark, and our reader finds no cut-off record) and the journal is
//     whole lines, the first one the recording record;
//   - everything the process had sent before it died is in the capture: every byte of every request
//     (a write is recorded before it is handed to the kernel), every DNS query, every FIN, every
//     SYN but at most one (connect(2) runs just before the socket reports it: the packet in flight);
//   - everything it had certainly read is there too: in each connection, the response bytes that
//     came before the last request it sent on it (HTTP/1.1 sends the next request only after the
//     response), and every DNS answer that came before its next query or connection;
//   - nothing is in the capture that tcpdump did not see.
// Killed inside the first progress callback (the recording has started, no packet has been sent),
// the capture is a valid empty capture: its file header, no packet, and the journal's first records.
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { labDescription } from '../support/lab-elsewhere.ts'
import { MARKER_PORT, startTcpdump, type RunningCapture } from '../support/tcpdump.ts'
import { readPackets, TCP_FLAG, type Packet } from './flows.ts'
import { scratchDir, tshark } from './peers.ts'

const CHILD = join(import.meta.dirname, 'fixtures', 'record-until-killed.ts')
/** One lab per slot; each slot runs its recordings one after another, the slots side by side. */
const SLOT_BLOCKS = [185, 186, 187] // 127.185-187.0.0/16: this file only (tcpdump captures them)
/** Kill moments per format: inside these fractions of the progress callbacks (the first and the
 * last always), and after these fractions of a whole load's time. */
const PROGRESS_FRACTIONS = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85]
const TIME_FRACTIONS = [0.05, 0.15, 0.3, 0.45, 0.6]
const now = (): number => performance.timeOrigin + performance.now()

type Format = 'pcap' | 'pcapng'
type Kill = { progress: number } | { afterMs: number } | null

interface Run {
  format: Format
  slot: number
  kill: Kill
  output: string
  spawnedAt: number
  /** When the process died (the child's own clock for progress kills, ours for timed ones). */
  killedAt: number | null
  /** Milliseconds from the first progress callback to "finished" (complete runs). */
  loadMs: number
  progressCalls: number
  /** The next recording of the same slot started here: this run's packets are before it. */
  windowEnd: number
}

function record(run: Run, labFile: string): Promise<void> {
  const killAt = run.kill !== null && 'progress' in run.kill ? run.kill.progress : 0
  run.spawnedAt = now()
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, run.output, run.format, labFile, String(killAt)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  let startedAt = 0
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  let buffered = ''
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() as string
    for (const line of lines) {
      const [word, value] = line.split(' ')
      if (word === 'recording') {
        startedAt = now()
        if (run.kill !== null && 'afterMs' in run.kill) {
          setTimeout(() => {
            if (child.exitCode !== null) return
            run.killedAt = now()
            child.kill('SIGKILL')
          }, run.kill.afterMs)
        }
      } else if (word === 'killing') run.killedAt = Number(value)
      else if (word === 'finished') {
        run.progressCalls = Number(value)
        run.loadMs = now() - startedAt
      }
    }
  })
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve()
      else reject(new Error(`the recording child failed (${code ?? signal}): ${stderr}`))
    })
  })
}

/** Runs each slot's queue in order, the slots at the same time. */
async function runSlots(runs: Run[], labFiles: string[]): Promise<void> {
  await Promise.all(
    labFiles.map(async (labFile, slot) => {
      for (const run of runs.filter((r) => r.slot === slot)) await record(run, labFile)
    }),
  )
}

/** Each run's packets in tcpdump's file are those of its lab between its start and the start of
 * the next recording from the same lab. */
function setWindows(runs: Run[]): void {
  for (const slot of new Set(runs.map((r) => r.slot))) {
    const queue = runs.filter((r) => r.slot === slot).sort((a, b) => a.spawnedAt - b.spawnedAt)
    queue.forEach((run, i) => (run.windowEnd = queue[i + 1]?.spawnedAt ?? Number.POSITIVE_INFINITY))
  }
}

/** Payload bytes one way of one connection, in sequence order, each sequence number once. */
function stream(packets: Packet[]): Buffer {
  const bySeq = new Map<number, Buffer>()
  for (const p of packets) if (p.payload.length > 0 && !bySeq.has(p.seq)) bySeq.set(p.seq, p.payload)
  const first = packets.find((p) => (p.flags & TCP_FLAG.SYN) !== 0)?.seq ?? packets[0]?.seq ?? 0
  return Buffer.concat([...bySeq.entries()].sort((a, b) => ((a[0] - first) >>> 0) - ((b[0] - first) >>> 0)).map(([, p]) => p))
}

/** What must hold between a killed (or finished) recording and tcpdump's packets of the same load;
 * returns what does not. */
function compare(run: Run, ours: Packet[], kernelAll: Packet[], block: number): string[] {
  const problems: string[] = []
  const isServer = (endpoint: string): boolean => endpoint.startsWith(`127.${block}.`)
  // (Port 9 is the capture helper's end marker, not traffic.)
  const kernel = kernelAll.filter((p) => (isServer(p.from) || isServer(p.to)) && !p.to.endsWith(`:${MARKER_PORT}`) && p.at >= run.spawnedAt && p.at < run.windowEnd)
  const diedAt = run.killedAt ?? Number.POSITIVE_INFINITY
  const before = kernel.filter((p) => p.at < diedAt)
  const flowOf = (p: Packet): string => (isServer(p.to) ? `${p.from} > ${p.to}` : `${p.to} > ${p.from}`)
  const fromClient = (p: Packet): boolean => isServer(p.to)
  const oursByFlow = new Map<string, Packet[]>()
  for (const p of ours.filter((q) => q.proto === 'tcp')) oursByFlow.set(flowOf(p), [...(oursByFlow.get(flowOf(p)) ?? []), p])
  const kernelByFlow = new Map<string, Packet[]>()
  for (const p of kernel.filter((q) => q.proto === 'tcp')) kernelByFlow.set(flowOf(p), [...(kernelByFlow.get(flowOf(p)) ?? []), p])
  // A connection is this run's if its SYN is in the window (an earlier run's dead sockets may still
  // answer the server with RST after the next recording started).
  for (const [flow, packets] of kernelByFlow) if (!packets.some((p) => (p.flags & TCP_FLAG.SYN) !== 0 && fromClient(p))) kernelByFlow.delete(flow)

  // Nothing in ours that tcpdump did not see; the server's bytes in ours are a prefix of its.
  for (const [flow, packets] of oursByFlow) {
    const real = kernelByFlow.get(flow)
    if (real === undefined) {
      problems.push(`${flow} is in the capture but tcpdump never saw it`)
      continue
    }
    const oursIn = stream(packets.filter((p) => !fromClient(p)))
    if (!stream(real.filter((p) => !fromClient(p))).subarray(0, oursIn.length).equals(oursIn)) problems.push(`${flow}: server→client bytes differ from tcpdump's`)
  }
  const kernelUdp = new Set(kernel.filter((p) => p.proto === 'udp').map((p) => `${p.from}>${p.to} ${p.payload.toString('hex')}`))
  const datagram = (p: Packet): string => `${p.from}>${p.to} ${p.payload.toString('hex')}`
  const oursUdp = new Set(ours.filter((p) => p.proto === 'udp').map(datagram))
  for (const [i, p] of ours.entries()) {
    // A query is recorded before it is sent: the last packet may be one the kill kept from leaving.
    const inFlight = i === ours.length - 1 && run.killedAt !== null && fromClient(p)
    if (p.proto === 'udp' && !kernelUdp.has(datagram(p)) && !inFlight) problems.push(`a DNS datagram in the capture is not in tcpdump's: ${datagram(p).slice(0, 60)}`)
  }

  // Everything sent before the kill is in ours.
  let synsMissing = 0
  for (const [flow, real] of kernelByFlow) {
    const sent = real.filter((p) => fromClient(p) && p.at < diedAt)
    if (sent.length === 0) continue
    const mine = oursByFlow.get(flow) ?? []
    if (mine.length === 0) {
      if (sent.every((p) => p.payload.length === 0 && (p.flags & (TCP_FLAG.FIN | TCP_FLAG.RST)) === 0)) synsMissing += 1 // SYN (and the kernel's handshake ACK)
      else problems.push(`${flow}: the client sent ${sent.length} packets before the kill, the capture has none of the connection`)
      continue
    }
    const sentBytes = stream(sent)
    const oursOut = stream(mine.filter(fromClient))
    if (!oursOut.subarray(0, sentBytes.length).equals(sentBytes)) problems.push(`${flow}: the client sent ${sentBytes.length} bytes before the kill, the capture has ${oursOut.length} and they differ`)
    if (sent.some((p) => (p.flags & TCP_FLAG.FIN) !== 0) && !mine.some((p) => fromClient(p) && (p.flags & TCP_FLAG.FIN) !== 0)) problems.push(`${flow}: the client's FIN is missing`)
    // What the client had read: the server's bytes before its last request on this connection.
    const lastRequest = sent.filter((p) => p.payload.length > 0).at(-1)
    if (lastRequest !== undefined) {
      const read = stream(real.filter((p) => !fromClient(p) && p.at < lastRequest.at))
      const oursIn = stream(mine.filter((p) => !fromClient(p)))
      if (oursIn.length < read.length) problems.push(`${flow}: the client had read ${read.length} bytes before its last request, the capture has ${oursIn.length}`)
    }
  }
  if (synsMissing > 1) problems.push(`${synsMissing} connections the client had opened are missing (at most the one in flight may be)`)
  const udpBefore = before.filter((p) => p.proto === 'udp')
  for (const query of udpBefore.filter(fromClient)) {
    if (!oursUdp.has(datagram(query))) problems.push(`the DNS query to ${query.to} sent before the kill is missing`)
  }
  // The resolution is one question at a time and comes before every connection: an answer that
  // came before the client's next query or connection had been read.
  const lastClientStep = before.filter((p) => fromClient(p) && (p.proto === 'udp' || (p.flags & TCP_FLAG.SYN) !== 0)).at(-1)
  for (const answer of udpBefore.filter((p) => !fromClient(p) && lastClientStep !== undefined && p.at < lastClientStep.at)) {
    if (!oursUdp.has(datagram(answer))) problems.push(`the DNS answer from ${answer.from} read before the client's next step is missing`)
  }
  return problems
}

describe('a recording killed with SIGKILL', () => {
  let dir: string
  const labs: RunningLab[] = []
  let capture: RunningCapture
  let kernelFile: string
  const complete: Record<Format, Run> = {} as Record<Format, Run>
  const killed: Run[] = []

  beforeAll(async () => {
    dir = scratchDir('crash')
    for (const block of SLOT_BLOCKS) labs.push(await startLab({ addressBlock: block, dnsPort: 0, httpPort: 0, httpsPort: 0, localDns: false }))
    const labFiles = labs.map((lab, slot) => {
      const file = join(dir, `lab-${slot}.json`)
      writeFileSync(file, labDescription(lab))
      return file
    })
    kernelFile = join(dir, 'tcpdump.pcap')
    capture = await startTcpdump({ file: kernelFile, filter: SLOT_BLOCKS.map((b) => `net 127.${b}.0.0/16`).join(' or '), marker: { address: `127.${SLOT_BLOCKS[0]}.255.254` } })
    let runs = 0
    const newRun = (format: Format, slot: number, kill: Kill): Run => ({
      format,
      slot,
      kill,
      output: join(dir, `run-${(runs += 1)}.${format}`),
      spawnedAt: 0,
      killedAt: null,
      loadMs: 0,
      progressCalls: 0,
      windowEnd: 0,
    })
    try {
      // A whole load of each format first: how many progress callbacks, how long.
      complete.pcap = newRun('pcap', 0, null)
      complete.pcapng = newRun('pcapng', 1, null)
      await runSlots([complete.pcap, complete.pcapng], labFiles)
      const runs: Run[] = []
      let slot = 0
      for (const format of ['pcap', 'pcapng'] as const) {
        const { progressCalls, loadMs } = complete[format]
        // Progress callbacks: "resolving" is the first (before any packet), "writing" the one
        // before last (every packet written, the files not yet closed).
        const progress = [1, ...PROGRESS_FRACTIONS.map((f) => Math.max(2, Math.round(f * progressCalls))), progressCalls - 1]
        for (const p of progress) runs.push(newRun(format, slot++ % SLOT_BLOCKS.length, { progress: p }))
        for (const f of TIME_FRACTIONS) runs.push(newRun(format, slot++ % SLOT_BLOCKS.length, { afterMs: f * loadMs }))
      }
      killed.push(...runs)
      await runSlots(runs, labFiles)
      setWindows([complete.pcap, complete.pcapng, ...runs])
    } finally {
      await capture.stop()
    }
  }, 300_000) // 28 recordings, three at a time, each a Node process of its own
  afterAll(async () => {
    await Promise.all(labs.map((lab) => lab.close()))
  })

  it('records the whole load like tcpdump when nobody kills it', async () => {
    const kernel = (await readPackets(kernelFile)).packets
    for (const format of ['pcap', 'pcapng'] as const) {
      const run = complete[format]
      expect(run.progressCalls).toBeGreaterThan(60) // 23 requests: resolving, connecting, transferring
      const ours = (await readPackets(run.output)).packets
      expect(ours.length).toBeGreaterThan(100)
      expect(compare(run, ours, kernel, SLOT_BLOCKS[run.slot] as number)).toEqual([])
    }
  })

  it('leaves a capture with its header and the journal\'s first records when killed as the recording starts', async () => {
    const first = killed.filter((r) => r.kill !== null && 'progress' in r.kill && r.kill.progress === 1)
    expect(first.map((r) => r.format)).toEqual(['pcap', 'pcapng'])
    for (const run of first) {
      expect(run.killedAt).not.toBeNull()
      expect(await readPackets(run.output)).toEqual({ packets: [], problems: [], format: run.format, frames: 0 })
      const head = readFileSync(run.output).subarray(0, 4).toString('hex')
      expect(head).toBe(run.format === 'pcap' ? 'd4c3b2a1' : '0a0d0d0a')
      expect(await tshark(['-r', run.output, '-T', 'fields', '-e', 'frame.number'])).toBe('')
      const journal = readFileSync(`${run.output}.wiretrail.jsonl`, 'utf8')
      expect(journal.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['recording', 'host'])
    }
  })

  it('loses at most the packet in flight, killed at 26 moments of the load (pcap and pcapng), as tcpdump shows', async () => {
    const kernel = (await readPackets(kernelFile)).packets
    // A timed kill may come after a fast load ended (its journal then has the end record).
    const recordedToTheEnd = (run: Run): boolean => readFileSync(`${run.output}.wiretrail.jsonl`, 'utf8').includes('{"type":"end"')
    const died = killed.filter((r) => r.killedAt !== null && !recordedToTheEnd(r))
    expect(died.length).toBeGreaterThanOrEqual(22) // of 26
    const problems: string[] = []
    const framesAtDeath: number[] = []
    for (const run of died) {
      const what = `${run.format} killed ${run.kill !== null && 'progress' in run.kill ? `in progress call ${run.kill.progress}` : `after ${(run.kill as { afterMs: number }).afterMs.toFixed(0)} ms`}`
      try {
        const contents = await readPackets(run.output)
        if (contents.problems.length > 0) problems.push(`${what}: ${contents.problems.join('; ')}`)
        // tshark exits non-zero ("cut short in the middle of a packet") if a record were torn.
        const numbers = (await tshark(['-r', run.output, '-T', 'fields', '-e', 'frame.number'])).trim()
        framesAtDeath.push(numbers === '' ? 0 : numbers.split('\n').length)
        const lines = readFileSync(`${run.output}.wiretrail.jsonl`, 'utf8').split('\n')
        if (lines.at(-1) !== '') problems.push(`${what}: the journal ends in the middle of a line`)
        const records = lines.filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; frame?: number })
        if (records[0]?.type !== 'recording') problems.push(`${what}: the journal does not start with the recording record`)
        // Each event's frames are written, then its journal lines: the kill may fall between the two,
        // so the frames the journal does not name yet are at most those of one event (one socket).
        const lastFrameLine = Math.max(0, ...records.map((r) => r.frame ?? 0))
        const ours = contents.packets
        const unnamed = new Set(ours.slice(lastFrameLine).map((p) => [p.from, p.to].sort().join(' ')))
        if (lastFrameLine > ours.length || unnamed.size > 1) problems.push(`${what}: the journal names frames up to ${lastFrameLine}, the capture has ${ours.length}`)
        for (const problem of compare(run, ours, kernel, SLOT_BLOCKS[run.slot] as number)) problems.push(`${what}: ${problem}`)
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`)
      }
    }
    expect(problems).toEqual([])
    // The moments cover the load: from no packet at all to every packet.
    expect(Math.min(...framesAtDeath)).toBe(0)
    expect(Math.max(...framesAtDeath)).toBeGreaterThan(100)
  }, 180_000) // a tshark run per killed recording: past 30 s on a loaded 2-core machine
})
