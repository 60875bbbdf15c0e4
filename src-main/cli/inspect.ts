// `wiretrail inspect FILE [--json | --html] [--frames] [--summary] [--journal PATH]`: turns a pcap/pcapng
// file into a walkthrough, as text (the same text as the app's "Export the walkthrough as text"), as
// the HTML handout (the app's "Export Handout as HTML"), or as one
// JSON object (docs/walkthrough-schema.md), written as it goes: the walkthrough stays in the
// analyzer's worker, and its arrays (and the frame list, --frames) are paged from there while they
// are written, so this thread holds neither the walkthrough nor a whole-document string. --summary prints the counts only. A file it cannot read fails with its error
// code; a file with problems part-way (cut short, corrupt block) prints the walkthrough of what was
// read, reports the problems on stderr, and exits 1 so scripts notice.
import { analyzeCapture, type AnalyzedCapture, type WalkthroughArray } from '../analyzer/index.ts'
import { ITEMS_PAGE_LIMIT } from '../analyzer/lesson.ts'
import type { WalkthroughOverview } from '../shared/lesson.ts'
import { failureText, parseCommandArgs, UsageError } from './args.ts'

const USAGE = `Usage: wiretrail inspect FILE [--json | --html] [--frames] [--summary] [--journal PATH] [--lang en|ko]

Turns a pcap or pcapng capture into a walkthrough: DNS transactions, resolution chains,
TCP connections with their four phases, HTTP exchanges, TLS sessions and the steps.

  --json          print one JSON object (schema: docs/walkthrough-schema.md)
  --frames        include the per-frame list in --json (omitted by default: large captures)
  --summary       print only the counts (frames, DNS transactions, connections, …)
  --journal PATH  the recording's journal (default: FILE.wiretrail.jsonl when it exists)
  --html          print the self-contained HTML handout (steps, explanations, bytes, referral
                  chains, sequence diagram as SVG; no script): wiretrail inspect --html F > F.html
  --lang en|ko    language of the text and HTML output (default en)
`

/** Frame summaries fetched from the worker per page while --frames is written. */
const FRAME_PAGE = 5000

/** The walkthrough's arrays, in the schema's order; each is paged from the worker as it is written. */
const ARRAYS = ['dns', 'resolutions', 'connections', 'http', 'tls', 'steps'] as const satisfies readonly WalkthroughArray[]

/** The --json object: the walkthrough's fields in the schema's order. Its arrays may be async
 * sources (paged from the analyzer's worker as they are written); `frames`, when given, is the
 * frame list, else `frames_omitted` says how to get it. */
export function walkthroughJson(w: WalkthroughOverview, arrays: Record<(typeof ARRAYS)[number], AsyncIterable<unknown> | unknown[]> & { httpUnmatchedResponses?: AsyncIterable<unknown> | unknown[] }, frames: AsyncIterable<unknown> | unknown[] | null): Record<string, unknown> {
  const { frames: _inline, framesTruncated: _truncated, counts: _counts, outline: _outline, fileErrors, recording, ...head } = w
  const out: Record<string, unknown> = { ...head }
  for (const name of ARRAYS) out[name] = arrays[name]
  out.fileErrors = fileErrors
  out.recording = recording
  if (arrays.httpUnmatchedResponses !== undefined) out.httpUnmatchedResponses = arrays.httpUnmatchedResponses
  if (frames !== null) out.frames = frames
  else out.frames_omitted = { count: w.packets, hint: 'use --frames to include the per-frame list' }
  return out
}

/** Every frame's summary, a page at a time from the analyzer's worker. */
async function* allFrames(analyzed: AnalyzedCapture): AsyncGenerator<unknown> {
  const total = analyzed.walkthrough.packets
  for (let start = 1; start <= total; start += FRAME_PAGE) yield* await analyzed.frames(start, Math.min(FRAME_PAGE, total - start + 1))
}

/** Every item of one of the walkthrough's arrays, a page at a time from the worker (to the first
 * short page). */
async function* allItems(analyzed: AnalyzedCapture, array: WalkthroughArray): AsyncGenerator<unknown> {
  for (let start = 0; ; start += ITEMS_PAGE_LIMIT) {
    const page = await analyzed.items(array, start, ITEMS_PAGE_LIMIT)
    yield* page
    if (page.length < ITEMS_PAGE_LIMIT) return
  }
}

/** The counts of a walkthrough (--summary). */
export function walkthroughCounts(w: WalkthroughOverview): Record<string, number> {
  return { frames: w.packets, ...w.counts, fileErrors: w.fileErrors.length }
}

/**
 * Prints `value` as one line of JSON, exactly as JSON.stringify would, but array by array: the
 * walkthrough of a million-packet capture is hundreds of megabytes of JSON, near V8's limit for one
 * string. Arrays (and async sources of items, such as the paged frame list) at the top level are
 * written element by element, in ~1 MB writes that wait for stdout to drain.
 */
export async function writeJson(value: Record<string, unknown>, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  let pending = ''
  const put = async (s: string) => {
    pending += s
    if (pending.length < 1 << 20) return
    const chunk = pending
    pending = ''
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()))
  }
  const array = async (list: Iterable<unknown> | AsyncIterable<unknown>) => {
    await put('[')
    let i = 0
    for await (const item of list) await put((i++ ? ',' : '') + (JSON.stringify(item) ?? 'null'))
    await put(']')
  }
  await put('{')
  let first = true
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue
    await put(`${first ? '' : ','}${JSON.stringify(key)}:`)
    first = false
    if (Array.isArray(v) || (typeof v === 'object' && v !== null && Symbol.asyncIterator in v)) await array(v as Iterable<unknown> | AsyncIterable<unknown>)
    else await put(JSON.stringify(v))
  }
  await put('}\n')
  if (pending && !out.write(pending)) await new Promise<void>((r) => out.once('drain', () => r()))
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, frames: { type: 'boolean' }, summary: { type: 'boolean' }, journal: { type: 'string' }, lang: { type: 'string' }, html: { type: 'boolean' } }, USAGE)
  if (!parsed) return 0
  const [file, ...extra] = parsed.positionals
  if (!file) throw new UsageError(`a capture file is required\n\n${USAGE}`)
  if (extra.length) throw new UsageError(`one capture file at a time (also got ${extra.join(' ')})\n\n${USAGE}`)
  const lang = parsed.values.lang ?? 'en'
  if (lang !== 'en' && lang !== 'ko') throw new UsageError(`--lang must be en or ko, not ${lang}`)
  if (parsed.values.summary && parsed.values.frames) throw new UsageError('--summary prints the counts only: it takes no --frames')
  if (parsed.values.html && (parsed.values.json || parsed.values.summary)) throw new UsageError('--html prints the handout: it takes no --json or --summary')
  // No frame list inline: --frames pages it from the worker as it is written.
  const options: Parameters<typeof analyzeCapture>[1] = { frameListLimit: 0, previewAfterFrames: 0 }
  if (parsed.values.journal) options.journalPath = parsed.values.journal
  const analyzed = await analyzeCapture(file, options)
  try {
    const w = analyzed.walkthrough
    if (parsed.values.summary) {
      const counts = walkthroughCounts(w)
      if (parsed.values.json) process.stdout.write(`${JSON.stringify(counts)}\n`)
      else process.stdout.write(Object.entries(counts).map(([k, v]) => `${k} ${v}\n`).join(''))
    } else if (parsed.values.json) {
      const arrays = Object.fromEntries(ARRAYS.map((name) => [name, allItems(analyzed, name)])) as unknown as Record<(typeof ARRAYS)[number], AsyncIterable<unknown>>
      // Written only when there are some (as the walkthrough leaves the field out).
      const unmatched = (await analyzed.items('httpUnmatchedResponses', 0, 1)).length > 0
      await writeJson(walkthroughJson(w, unmatched ? { ...arrays, httpUnmatchedResponses: allItems(analyzed, 'httpUnmatchedResponses') } : arrays, parsed.values.frames === true ? allFrames(analyzed) : null))
    } else if (parsed.values.html) process.stdout.write(await analyzed.html(lang))
    else process.stdout.write(await analyzed.text(lang))
    for (const e of w.fileErrors) {
      const at = lang === 'ko' ? `${e.offset}번째 바이트` : `at byte ${e.offset}`
      process.stderr.write(`wiretrail inspect: ${file}: [${e.code}] ${at}: ${failureText(e, lang)}\n`)
    }
    return w.fileErrors.some((e) => e.code !== 'CAPTURE_BAD_TIMESTAMP' && e.code !== 'CAPTURE_BAD_OPTION') ? 1 : 0
  } finally {
    await analyzed.close()
  }
}
