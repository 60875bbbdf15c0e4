// `wiretrail record URL`: loads the page (by default from the embedded lab, started in-process),
// writes the capture and its journal as it goes, then prints the walkthrough steps, built from the
// written file exactly as `wiretrail inspect` builds them (with --json, exactly what
// `wiretrail inspect --json FILE` prints). Progress goes to stderr.
//
// Every argument is checked before anything happens: a bad option exits 2 (usage), a bad URL exits 1
// with its code, and neither starts the lab or creates a file. A load that fails part-way (no such
// name, connection refused, a broken response) still leaves a valid capture: its walkthrough is
// printed, then the error and exactly what was kept, and the exit status is 1.
import { basename } from 'node:path'
import { CaptureError } from '../capture/errors.ts'
import { captureFormatToWrite } from '../capture/format.ts'
import { experimentNamed, experimentsHelp, startExperiment, type Experiment } from '../lab/experiments/index.ts'
import { startLab } from '../lab/index.ts'
import { parseRecordTarget, recordPageLoad, type RecordOptions, type RecordProgress, type RecordResult } from '../recorder/index.ts'
import { checkRecordOptions } from '../recorder/record-options.ts'
import { checkRecordMethod } from '../recorder/record-target.ts'
import { WiretrailError } from '../shared/errors.ts'
import { withParticles } from '../shared/korean.ts'
import { failureText, parseCommandArgs, UsageError } from './args.ts'
import { run as inspect } from './inspect.ts'

const USAGE = `Usage: wiretrail record URL [options]
       wiretrail record --experiment NAME [URL] [options]

Loads URL as a browser does (the page, then its images, stylesheets, scripts and iframes),
resolving names step by step, and records every DNS and TCP exchange as a capture file with a
journal beside it (FILE.wiretrail.jsonl). Then prints the walkthrough of the recording.

By default the URL is loaded from the embedded lab network (www.lab.cyber.co.kr and
www.lab.glasscom.com), started for the recording; a lab URL without a port goes to the lab's port.
Names are resolved as in the notes: this computer asks the lab's nearby DNS server, which walks
from the lab's root, and the capture holds both legs.
A dns: URI (RFC 4501) records a lookup on its own, no web server contacted:
  wiretrail record 'dns:cyber.co.kr?type=MX'    (an MX lookup, then the mail server's address)

Options:
  -o, --output FILE       the capture file (default: wiretrail-<host>-<time>.pcap[ng] here)
  --format pcap|pcapng    pcap or pcapng (a comment on every packet, TLS keys and the journal
                          inside); default: what FILE's name says (.pcapng → pcapng, .pcap or
                          .cap → pcap), else pcap. A name that says the other format is refused
  --resolver nearby|iterative|stub
                          how names are resolved: nearby = as in the notes, this computer asks
                          the nearby DNS server, which walks the hierarchy (the lab's default:
                          both legs are recorded); iterative = this computer walks from the root
                          itself, like dig +trace (the internet's default); stub = this computer
                          asks another DNS server and sees only its answer
  --root ADDR[:PORT]      resolve iteratively from this root server (repeatable; implies iterative)
  --stub SERVER[:PORT]    the server for --resolver stub (implies it); default: the lab's nearby
                          DNS server (lab) or the OS's (internet)
  --target lab|internet   lab (default) or the internet (real names, real servers; needs a network
                          that lets DNS, port 53, out)
  --root-hints FILE       the internet target's root hints (named.root format, as BIND and unbound
                          read it; default IANA's named.root, built in); servers on port 53
  --method M              the page's request method: GET (default), HEAD, POST, PUT, DELETE, OPTIONS
                          or TRACE (STORY 01 §4)
  --body TEXT             PUT only: the file's new content, sent as text/plain; charset=utf-8
  --kernel                record the kernel's packets with tcpdump instead of synthesizing them
                          (needs permission to capture; fails clearly where there is none)
  --address-block N       the in-process lab's address block 127.N.x.y (default 53)
  --single-address        the in-process lab on 127.0.0.1 only (macOS)
  --json                  print the walkthrough as JSON (what "wiretrail inspect --json FILE" prints)
  --lang en|ko            language of the text walkthrough (default en)
  --experiment NAME       change the in-process lab for this run (in memory; undone at the end, on
                          Ctrl+C and on SIGTERM) and record the experiment's URL (or URL) as many
                          times as it needs, in the same lab run (FILE, FILE-2, …); each journal
                          names the experiment. The experiments:
${experimentsHelp().replace(/^/gm, '                            ')}
  -h, --help              show this text
`

const OPTIONS = {
  output: { type: 'string', short: 'o' },
  format: { type: 'string' },
  root: { type: 'string', multiple: true },
  stub: { type: 'string' },
  resolver: { type: 'string' },
  target: { type: 'string' },
  'root-hints': { type: 'string' },
  method: { type: 'string' },
  body: { type: 'string' },
  kernel: { type: 'boolean' },
  'address-block': { type: 'string' },
  'single-address': { type: 'boolean' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  experiment: { type: 'string' },
} as const

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, OPTIONS, USAGE)
  if (parsed === null) return 0
  const { values, positionals } = parsed
  // An unknown experiment fails first, naming every experiment (LAB_UNKNOWN_EXPERIMENT), before
  // anything starts.
  const experiment = values.experiment !== undefined ? experimentNamed(values.experiment) : undefined
  if (experiment !== undefined && (values.target ?? 'lab') !== 'lab') throw new UsageError(`--experiment changes the embedded lab; it cannot go with --target ${values.target}`)
  const [typed = experiment?.record.url, ...extra] = positionals
  if (typed === undefined) throw new UsageError(`a URL is required\n\n${USAGE}`)
  if (extra.length > 0) throw new UsageError(`one URL at a time (also got ${extra.join(' ')})\n\n${USAGE}`)
  const askedFormat = values.format
  if (askedFormat !== undefined && askedFormat !== 'pcap' && askedFormat !== 'pcapng') throw new UsageError(`--format must be pcap or pcapng, not ${askedFormat}`)
  const target = values.target ?? 'lab'
  if (target !== 'lab' && target !== 'internet') throw new UsageError(`--target must be lab or internet, not ${target}`)
  const lang = values.lang ?? 'en'
  if (lang !== 'en' && lang !== 'ko') throw new UsageError(`--lang must be en or ko, not ${lang}`)
  if (values.root !== undefined && values.stub !== undefined) throw new UsageError('give --root (iterative) or --stub (stub resolver), not both')
  const resolver = values.resolver ?? (values.root !== undefined ? 'iterative' : values.stub !== undefined ? 'stub' : undefined)
  if (resolver !== undefined && resolver !== 'nearby' && resolver !== 'iterative' && resolver !== 'stub') throw new UsageError(`--resolver must be nearby, iterative or stub, not ${resolver}`)
  if (values.root !== undefined && resolver !== 'iterative') throw new UsageError(`--root is for --resolver iterative, not ${resolver}`)
  if (values.stub !== undefined && resolver !== 'stub') throw new UsageError(`--stub is for --resolver stub, not ${resolver}`)
  if (resolver === 'nearby' && target !== 'lab') throw new UsageError('--resolver nearby is the lab\'s (its nearby DNS server runs in this process); for --target internet choose iterative or stub')
  const rootHints = values['root-hints']
  const block = values['address-block']
  if (block !== undefined && (!/^\d+$/.test(block) || Number(block) < 1 || Number(block) > 254)) {
    throw new UsageError(`--address-block ${block} is not a whole number from 1 to 254`)
  }

  // A bad URL fails here, naming the part, before anything is written; a dns: URI is a lookup.
  // An unknown method (RECORD_UNSUPPORTED_METHOD) or a body on a method without one
  // (RECORD_BODY_NOT_ALLOWED) fails here too, with its code.
  const request = { ...(values.method !== undefined ? { method: values.method } : {}), ...(values.body !== undefined ? { body: values.body } : {}) }
  const recorded = parseRecordTarget(typed, request)
  const method = values.method !== undefined ? checkRecordMethod(request) : undefined
  const output = values.output ?? defaultOutputName(recorded.kind === 'page' ? recorded.url.hostAscii : `${recorded.lookup.name}-${recorded.lookup.qtype}`, askedFormat ?? 'pcap')
  // The format follows the file's name unless --format says otherwise (-o x.pcapng writes pcapng);
  // --format pcap with -o x.pcapng (or the reverse) is refused, so no file's name lies.
  let format: 'pcap' | 'pcapng'
  try {
    format = captureFormatToWrite(output, askedFormat)
  } catch (error) {
    if (error instanceof CaptureError) throw new UsageError(`--format ${askedFormat} with -o ${output}: ${error.message}\n\n${USAGE}`)
    throw error
  }
  const recordOptions: RecordOptions = {
    url: typed,
    output,
    format,
    target,
    ...(resolver !== undefined ? { resolverMode: resolver } : {}),
    ...(values.root ? { roots: values.root } : {}),
    ...(rootHints !== undefined ? { rootHints } : {}),
    ...(values.stub ? { stub: values.stub } : {}),
    ...(method !== undefined ? { method } : {}),
    ...(values.body !== undefined ? { body: values.body } : {}),
    packets: values.kernel ? 'kernel' : 'synthesized',
    labOptions: { ...(block ? { addressBlock: Number(block) } : {}), ...(values['single-address'] ? { singleAddress: true } : {}) },
  }
  // Every argument is checked before anything happens (no lab, no file): a bad option is a usage
  // error (exit 2); a bad URL or a host DNS cannot carry fails with its code (exit 1).
  try {
    checkRecordOptions(recordOptions)
  } catch (error) {
    if (error instanceof WiretrailError && error.code === 'RECORD_BAD_OPTION') throw new UsageError(`${error.message}\n\n${USAGE}`)
    throw error
  }
  const json = values.json === true
  const say = (line: string): void => void (json ? process.stderr : process.stdout).write(`${line}\n`)
  let lastStage = ''
  const onProgress = (p: RecordProgress): void => {
    const line = `${p.stage}: ${p.message}`
    if (line === lastStage) return
    lastStage = line
    process.stderr.write(`wiretrail record: ${line}\n`)
  }

  if (experiment !== undefined) return recordExperiment(experiment, recordOptions, { json, lang, say, onProgress }, positionals.length === 0)
  const result = await recordPageLoad({ ...recordOptions, onProgress })
  return report(result, { json, lang, say })
}

interface Output {
  json: boolean
  lang: string
  say: (line: string) => void
}

/** Runs the lab in this process under `experiment`, makes its recordings in that one lab run, and
 * undoes the experiment whatever happens (also on SIGINT/SIGTERM, then exits 130/143). */
async function recordExperiment(experiment: Experiment, options: RecordOptions, output: Output & { onProgress: (p: RecordProgress) => void }, ownRequests: boolean): Promise<number> {
  output.onProgress({ stage: 'starting-lab', message: 'starting the embedded lab network', frames: 0 })
  const lab = await startLab(options.labOptions)
  const undo = startExperiment(lab, experiment.id)
  process.stderr.write(`wiretrail record: experiment ${experiment.id}: ${experiment.changes.en}\nwiretrail record: look for: ${experiment.lookFor.en}\n`)
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    undo()
    controller.abort(new Error(`${signal}: the experiment was undone`))
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  let status = 0
  const results: RecordResult[] = []
  try {
    // The recordings follow each other with only the experiment's pauses between them; their
    // walkthroughs are printed after the last. Analysing one before the next would add seconds on
    // a slow machine, enough for the TTL experiment's 5 s answer to expire before its reload.
    const pauses = [...experiment.record.pausesMs, null]
    for (const [index, pause] of pauses.entries()) {
      const output_ = index === 0 ? options.output : options.output.replace(/(\.pcap(ng)?)?$/, (ext) => `-${index + 1}${ext}`)
      // An experiment of several requests (methods) sends the index-th, unless a URL was typed.
      const request = ownRequests ? experiment.record.requests?.[index] : undefined
      if (request !== undefined) process.stderr.write(`wiretrail record: experiment ${experiment.id}: ${index + 1} of ${pauses.length}: ${request.does.en}\n`)
      results.push(
        await recordPageLoad({
          ...options,
          ...(request !== undefined
            ? { url: request.url, method: request.method, ...(request.form !== undefined ? { form: request.form.map(([name, value]): [string, string] => [name, value]) } : {}), ...(request.body !== undefined ? { body: request.body } : {}) }
            : {}),
          output: output_,
          lab,
          experiment: { id: experiment.id, changes: experiment.changes.en },
          onProgress: output.onProgress,
          signal: controller.signal,
        }),
      )
      if (controller.signal.aborted) break
      if (pause !== null && pause > 0) {
        process.stderr.write(`wiretrail record: experiment ${experiment.id}: waiting ${pause / 1000} s before recording again\n`)
        await new Promise((resolve) => setTimeout(resolve, pause))
      }
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    undo()
    await lab.close()
  }
  for (const result of results) status = Math.max(status, await report(result, output))
  return controller.signal.aborted ? 1 : status
}

async function report(result: RecordResult, { json, lang, say }: Output): Promise<number> {
  const failed = !result.ok && result.error !== undefined
  const kept = `${result.output} (${result.format}, ${result.frames ?? '?'} frames) and its journal ${result.journal}`
  const typedNote = result.url !== result.typedUrl ? ` (typed: ${result.typedUrl})` : ''
  say(`Recorded ${result.url}${typedNote}${failed ? ` up to a failure: ${result.error!.message} [${result.error!.code}]` : ''}`)
  say(`  capture: ${result.output} (${result.format}, ${result.frames ?? '?'} frames, ${result.packets === 'synthesized' ? 'synthesized by Wiretrail from its socket calls' : 'captured from the kernel'})`)
  say(`  journal: ${result.journal}`)
  for (const warning of result.warnings) process.stderr.write(`wiretrail record: warning: ${warning}\n`)
  if (!json) say('')

  const status = await inspect([result.output, '--journal', result.journal, ...(json ? ['--json'] : ['--lang', lang])])
  if (failed) {
    // The recorder's own failures (a full disk, a vanished file) are not the page's; a network
    // failure says where it stopped (the phase and the server), then why.
    const details = result.error!.details
    const where = typeof details?.phase === 'string' ? ` (${details.phase}${typeof details.server === 'string' ? `: ${details.server}` : ''})` : ''
    const ko = lang === 'ko'
    const said = failureText(result.error!, ko ? 'ko' : 'en')
    const pageFailed = ko ? `페이지를 불러오지 못했습니다${where}. ${said}` : `the page did not load${where}: ${said}`
    const why = result.error!.code.startsWith('RECORD_') && result.error!.code !== 'RECORD_CANCELLED' ? said : pageFailed
    const keptText = ko
      ? `그때까지 기록한 것은 남겼습니다: ${withParticles(`${result.output}(${result.format}, 프레임 ${result.frames ?? '?'}개)와(과) 저널 ${result.journal}`)}`
      : `kept what was recorded up to then: ${kept}`
    process.stderr.write(`wiretrail record: ${why} [${result.error!.code}]; ${keptText}\n`)
    return 1
  }
  return status
}

/** wiretrail-www.lab.cyber.co.kr-20260124-063015.pcap */
function defaultOutputName(host: string, format: 'pcap' | 'pcapng'): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return basename(`wiretrail-${host.replace(/[^a-zA-Z0-9.-]/g, '_')}-${stamp}.${format}`)
}
