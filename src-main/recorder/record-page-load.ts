// recordPageLoad: the whole pipeline of chapter 1 for one URL, recorded as it happens:
// URL → (lab port mapping) → resolver (this computer asks the nearby DNS server, walks from the
// root itself, or asks another server) → sockets (4 phases) → HTTP exchanges for the page and its
// subresources → capture file + journal. In the lab's default ('nearby'), the nearby DNS server
// runs in this process: its walk (sockets and resolver events) is recorded beside this computer's
// question and answer, so the capture holds both legs.
//
// It rejects only when nothing could be recorded (a bad URL, an unusable option, a file that cannot
// be created, kernel capture not permitted), and then leaves no file behind. Everything that goes
// wrong during the load (a name that does not exist, a refused connection, a hostile response,
// cancellation, a disk that fills up, a file deleted while it is written) ends in a valid capture
// and journal holding everything up to that point, and a result with ok: false and the error.
import { rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { networkInterfaces } from 'node:os'
import { startLab, type RunningLab } from '../lab/index.ts'
import { JOURNAL_VERSION, type JournalRecord } from '../shared/journal.ts'
import type { ResolverChoice, ResolverEvent } from '../shared/resolver-events.ts'
import { toErrorJson, type NetworkPhase, type WiretrailErrorJson } from '../shared/errors.ts'
import { noTap, tapNow } from '../sockets/tap.ts'
import { builtInRootHints, readRootHintsFile, type RootHints } from '../resolver/index.ts'
import { parseLoadableUrl } from '../url/index.ts'
import pkg from '../../package.json' with { type: 'json' }
import { CaptureTap } from './capture-tap.ts'
import { convertCapture } from './capture-file/convert.ts'
import type { CaptureWriterOptions } from './capture-file/types.ts'
import { RecorderError } from './errors.ts'
import { appendJournalBlocks } from './capture-file/journal-blocks.ts'
import { JournalWriter } from './journal-writer.ts'
import { loopbackInterface, startKernelCapture, type KernelCapture } from './kernel-capture.ts'
import type { FetchRecord } from './page-loader.ts'
import { runLookupSession } from './lookup-session.ts'
import { resolverChoiceFor, runPageSession, sessionTarget, type SessionResult } from './page-session.ts'
import { checkRecordOptions } from './record-options.ts'
import { RecordingFiles, WHEREABOUTS_CHECK_MS } from './recording-files.ts'
import type { RecordOptions, RecordProgress, RecordResult } from './types.ts'

export async function recordPageLoad(options: RecordOptions): Promise<RecordResult> {
  const started = performance.now()
  const startedAt = new Date().toISOString()
  // Every option is checked before the lab starts or a file is created: what is loaded (a page, or
  // a DNS lookup on its own written as a dns: URI), the servers, the output; a root hints file is
  // read and checked too.
  const { target, resolverMode: givenResolverMode, format, packets, recorded, roots, stub } = checkRecordOptions(options)
  const rootHints = await rootHintsFor(options, target)
  let frames = 0
  const progress = (stage: RecordProgress['stage'], message: string, subject?: string): void => options.onProgress?.({ stage, message, frames, ...(subject !== undefined ? { subject } : {}) })

  const { lab, ownLab } = await labFor(options, target, progress)
  // The target's default resolver, now that the lab (and its nearby DNS server) is known.
  let resolverMode: ResolverChoice
  try {
    resolverMode = resolverChoiceFor(givenResolverMode, target, lab)
  } catch (error) {
    if (ownLab) await lab?.close()
    throw error
  }
  const typed = recorded.kind === 'page' ? recorded.url : null
  const url = typed === null ? null : (sessionTarget(target, lab)?.mapUrl(typed) ?? typed)
  /** As typed, and as loaded (a lab page with the lab's port; a lookup, its normalised URI). */
  const typedText = recorded.kind === 'page' ? recorded.url.input : recorded.lookup.input
  const href = url?.href ?? (recorded.kind === 'lookup' ? recorded.lookup.href : '')
  // tcpdump writes pcap; for pcapng it writes beside the output and the result is converted.
  const kernelRaw = packets === 'kernel' && format === 'pcapng' ? `${options.output}.kernel.pcap` : options.output
  const firstRecords: JournalRecord[] = [
    {
      type: 'recording',
      version: JOURNAL_VERSION,
      app: { name: 'wiretrail', version: pkg.version },
      startedAt,
      typedUrl: typedText,
      url: href,
      target,
      resolverMode,
      capture: { file: options.output, format },
      packets,
      ...(rootHints ? { rootHints: rootHints.source } : {}),
      ...(options.experiment ? { experiment: options.experiment } : {}),
    },
    { type: 'host', interfaces: hostInterfaces() },
  ]
  // The recording starts here: the capture exists with its header (synthesized packets) and the
  // journal with its first records before the first packet of the load is sent.
  let files: RecordingFiles
  let kernel: KernelCapture | null = null
  try {
    files = RecordingFiles.create(options.output, packets === 'synthesized' ? captureOptions(format, href, typedText) : null, firstRecords)
  } catch (error) {
    if (ownLab) await lab?.close()
    throw error
  }
  let stopLoad = (_reason: string): void => {}
  const stopWhen = new Promise<string>((resolve) => (stopLoad = resolve))
  const tap = new CaptureTap({ writer: files.capture, journal: files.journal, onFrame: (n) => (frames = n), onFailure: (error) => stopLoad(error.message) })
  try {
    if (packets === 'kernel') {
      const filter = sessionTarget(target, lab)?.kernelFilter() ?? 'udp port 53 or tcp port 53 or tcp port 80 or tcp port 443'
      kernel = await startKernelCapture({ interface: target === 'lab' ? loopbackInterface() : 'any', filter, output: kernelRaw })
    }
  } catch (error) {
    files.remove()
    if (ownLab) await lab?.close()
    throw error
  }
  // A file deleted or moved away while the load runs stops the recording (see recording-files.ts).
  const watch = setInterval(() => {
    const vanished = files.checkWhereabouts()
    if (vanished !== null) tap.stop(vanished)
  }, WHEREABOUTS_CHECK_MS)
  watch.unref()

  // The nearby DNS server's own work, while this load runs: its sockets become frames, its resolver
  // events journal records (cache hits included), beside this computer's.
  const journalEvent = (event: ResolverEvent): void => tap.journalRecord({ type: 'resolver', event })
  const stopObserving = resolverMode === 'nearby' && lab !== undefined ? lab.observeLocalDns({ tap, onEvent: journalEvent }) : () => {}
  let session: Omit<SessionResult, 'url'>
  try {
    const { rootHints: _given, ...rest } = options
    const common = { ...rest, resolverMode, ...(roots ? { roots } : {}), ...(stub ? { stub } : {}), ...(rootHints ? { rootHints } : {}), target, ...(lab ? { lab } : {}), tap, onResolverEvent: journalEvent, onProgress: progress }
    session =
      recorded.kind === 'page'
        ? await runPageSession({ ...common, url: recorded.url, stopWhen, onFetch: (fetch) => tap.journalRecord(httpRecord(fetch)), onNote: (note) => tap.journalRecord({ type: 'note', at: tapNow(), code: note.code, message: note.message }), onHsts: (u) => tap.journalRecord({ type: 'hsts', ...u }) })
        : { load: null, connections: 0, ...(await runLookupSession({ ...common, lookup: recorded.lookup })) }
  } catch (error) {
    session = { load: null, failure: toErrorJson(error), lookups: [], connections: 0 }
  } finally {
    stopObserving()
    clearInterval(watch)
  }

  progress('writing', `finishing ${options.output}`, options.output)
  tap.close()
  if (tap.failure === null) {
    const vanished = files.checkWhereabouts()
    if (vanished !== null) tap.stop(vanished)
  }
  // The recorder's own failure (a full disk, a vanished file) is why the load stopped: it is the error.
  const failure = tap.failure?.toJSON() ?? session.failure
  let kernelFrames: number | null = null
  const warnings = tap.errors.map((e) => `tap: ${e.message}`)
  for (const note of session.load?.notes ?? []) warnings.push(note.message)
  if (tap.skippedEvents > 0) warnings.push(`${tap.skippedEvents} socket events could not be written as frames (no local address known)`)
  let journal: JournalWriter | null = files.journal
  if (kernel !== null) {
    // Let the last packets reach tcpdump before it stops.
    await new Promise((resolve) => setTimeout(resolve, 100))
    kernelFrames = await kernel.stop()
    if (kernelRaw !== options.output) {
      files.journal.close()
      journal = null
      await convertCapture(kernelRaw, options.output, { format, journalPath: files.journalPath, copyJournal: false })
      rmSync(kernelRaw, { force: true })
    }
  }
  const end: JournalRecord = { type: 'end', at: performance.timeOrigin + performance.now(), ok: failure === undefined, ...(failure ? { error: { code: failure.code, message: failure.message, ...faultOf(failure) } } : {}) }
  try {
    ;(journal ?? new JournalWriter(files.journalPath, { append: true })).write(end)
  } catch (error) {
    // A full disk may not take even this line: the journal ends at its last whole line.
    if (!(error instanceof RecorderError)) throw error
  }
  let output = options.output
  let journalPath = files.journalPath
  if (tap.failure?.code === 'RECORD_FILE_VANISHED') {
    const restored = files.restoreVanished()
    output = restored.output
    journalPath = restored.journalPath
    if (restored.said !== '' && failure !== undefined) failure.message = `${failure.message}; ${restored.said}`
  }
  files.close()
  // A pcapng carries its journal inside as well, once complete (capture-file/journal-blocks.ts):
  // the file alone reopens with every step. The journal beside it, written as things happened,
  // stays: it is what a crash before this point leaves.
  if (format === 'pcapng') {
    try {
      await appendJournalBlocks(output, await readFile(journalPath, 'utf8'))
    } catch (error) {
      warnings.push(`the journal could not be put inside ${output} (it is beside it): ${(error as Error).message}`)
    }
  }
  if (ownLab) await lab?.close()
  progress('done', failure ? `failed: ${failure.message}` : `wrote ${output}`, output)

  const load = session.load
  return {
    ok: failure === undefined,
    ...(failure ? { error: failure } : {}),
    output,
    journal: journalPath,
    format,
    packets,
    frames: packets === 'synthesized' ? frames : kernelFrames,
    typedUrl: typedText,
    url: href,
    target,
    resolverMode,
    document: load?.document.chain ?? [],
    subresources: [...(load?.frames.flatMap((f) => f.chain) ?? []), ...(load?.subresources ?? [])],
    lookups: session.lookups,
    connections: session.connections,
    tlsKeyLogLines: tap.keyLogLines.length,
    startedAt,
    durationMs: performance.now() - started,
    warnings,
  }
}

function captureOptions(format: 'pcap' | 'pcapng', url: string, typed: string): CaptureWriterOptions {
  return {
    format,
    application: `Wiretrail ${pkg.version}`,
    interfaceName: 'wiretrail',
    interfaceDescription: 'Frames synthesized by Wiretrail from its own socket calls (payload bytes, addresses and ports are real)',
    sectionComment: `Wiretrail recording of ${url} (typed: ${typed})`,
  }
}

/** The same page load with nothing recorded: no capture, no journal (the benchmark's baseline). */
export async function loadPageUnrecorded(options: Omit<RecordOptions, 'output' | 'format' | 'packets'>): Promise<{ ok: boolean; durationMs: number; requests: number; connections: number }> {
  const started = performance.now()
  const target = options.target ?? 'lab'
  const typed = parseLoadableUrl(options.url)
  const rootHints = await rootHintsFor(options, target)
  const { lab, ownLab } = await labFor(options, target, () => {})
  try {
    const { onProgress, rootHints: _given, ...rest } = options
    const session = await runPageSession({ ...rest, url: typed, target, ...(rootHints ? { rootHints } : {}), ...(lab ? { lab } : {}), tap: noTap, onProgress: (stage, message, subject) => onProgress?.({ stage, message, frames: 0, ...(subject !== undefined ? { subject } : {}) }) })
    const requests = (session.load?.document.chain.length ?? 0) + (session.load?.subresources.length ?? 0)
    return { ok: session.failure === undefined, durationMs: performance.now() - started, requests, connections: session.connections }
  } finally {
    if (ownLab) await lab?.close()
  }
}


/** The internet target's root hints (checkRecordOptions has checked they may be given): a file is
 * read (and checked) before anything is recorded. The built-in named.root when none are given;
 * undefined where hints do not apply (the lab, given roots, a stub resolver). */
async function rootHintsFor(options: Pick<RecordOptions, 'rootHints' | 'roots' | 'resolverMode'>, target: 'lab' | 'internet'): Promise<RootHints | undefined> {
  if (options.rootHints === undefined) return target === 'internet' && options.roots === undefined && options.resolverMode !== 'stub' ? builtInRootHints() : undefined
  return typeof options.rootHints === 'string' ? readRootHintsFile(options.rootHints) : options.rootHints
}

async function labFor(options: Pick<RecordOptions, 'lab' | 'labOptions'>, target: 'lab' | 'internet', progress: (stage: RecordProgress['stage'], message: string, subject?: string) => void): Promise<{ lab: RunningLab | undefined; ownLab: boolean }> {
  if (target !== 'lab' || options.lab !== undefined) return { lab: options.lab, ownLab: false }
  progress('starting-lab', 'starting the embedded lab network')
  return { lab: await startLab(options.labOptions), ownLab: true }
}

function httpRecord(fetch: FetchRecord): JournalRecord {
  return {
    type: 'http',
    socketId: fetch.socketId ?? '',
    method: fetch.method,
    url: fetch.url,
    status: fetch.status,
    ...(fetch.referer ? { referer: fetch.referer } : {}),
    ...(fetch.error ? { error: `${fetch.error.code}: ${fetch.error.message}`, ...faultOf(fetch.error), ...(fetch.failedAt !== undefined ? { at: fetch.failedAt } : {}) } : {}),
  }
}

/** The phase and server a network error names (page-loader.ts's withFault), for the journal. */
function faultOf(error: WiretrailErrorJson): { phase?: NetworkPhase; server?: string } {
  const phase = error.details?.phase
  const server = error.details?.server
  return {
    ...(phase === 'resolve' || phase === 'connect' || phase === 'tls' || phase === 'send' || phase === 'receive' ? { phase } : {}),
    ...(typeof server === 'string' ? { server } : {}),
  }
}

function hostInterfaces(): Extract<JournalRecord, { type: 'host' }>['interfaces'] {
  return Object.entries(networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).map((i) => ({ name, address: i.address, cidr: i.cidr ?? `${i.address}/${i.netmask}`, family: i.family === 'IPv6' ? (6 as const) : (4 as const), internal: i.internal })),
  )
}
