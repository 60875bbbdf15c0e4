// `wiretrail inspect FILE [--json] [--frames] [--journal PATH]`: turns a pcap/pcapng file into a
// walkthrough, as text (the same text as the app's "Export the walkthrough as text") or as one
// JSON object (docs/walkthrough-schema.md). A file it cannot read fails with its error code; a
// file with problems part-way (cut short, corrupt block) prints the walkthrough of what was read,
// reports the problems on stderr, and exits 1 so scripts notice.
import { analyzeCapture, formatWalkthroughText } from '../analyzer/index.ts'
import type { Walkthrough } from '../shared/walkthrough.ts'
import { parseCommandArgs, UsageError } from './args.ts'

const USAGE = `Usage: wiretrail inspect FILE [--json] [--frames] [--journal PATH]

Turns a pcap or pcapng capture into a walkthrough: DNS transactions, resolution chains,
TCP connections with their four phases, HTTP exchanges, TLS sessions and the steps.

  --json          print one JSON object (schema: docs/walkthrough-schema.md)
  --frames        include the per-frame list in --json (omitted by default: large captures)
  --journal PATH  the recording's journal (default: FILE.wiretrail.jsonl when it exists)
  --lang en|ko    language of the text output (default en)
`

/** The --json object: the fields first, then the rest of the walkthrough. */
export function walkthroughJson(w: Walkthrough, withFrames: boolean): Record<string, unknown> {
  const { frames, ...rest } = w
  const out: Record<string, unknown> = { ...rest }
  if (withFrames) out.frames = frames
  else out.frames_omitted = { count: w.packets, hint: 'use --frames to include the per-frame list' }
  return out
}

/**
 * Prints `value` as one line of JSON, exactly as JSON.stringify would, but array by array: the
 * walkthrough of a million-packet capture is hundreds of megabytes of JSON, near V8's limit for one
 * string. Arrays at the top two levels are written element by element, in ~1 MB writes that wait
 * for stdout to drain.
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
  const array = async (list: unknown[]) => {
    await put('[')
    for (let i = 0; i < list.length; i++) await put((i ? ',' : '') + (JSON.stringify(list[i]) ?? 'null'))
    await put(']')
  }
  await put('{')
  let first = true
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function') continue
    await put(`${first ? '' : ','}${JSON.stringify(key)}:`)
    first = false
    if (Array.isArray(v)) await array(v)
    else await put(JSON.stringify(v))
  }
  await put('}\n')
  if (pending && !out.write(pending)) await new Promise<void>((r) => out.once('drain', () => r()))
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs(args, { json: { type: 'boolean' }, frames: { type: 'boolean' }, journal: { type: 'string' }, lang: { type: 'string' } }, USAGE)
  if (!parsed) return 0
  const [file, ...extra] = parsed.positionals
  if (!file) throw new UsageError(`a capture file is required\n\n${USAGE}`)
  if (extra.length) throw new UsageError(`one capture file at a time (also got ${extra.join(' ')})\n\n${USAGE}`)
  const lang = parsed.values.lang ?? 'en'
  if (lang !== 'en' && lang !== 'ko') throw new UsageError(`--lang must be en or ko, not ${lang}`)
  const options: Parameters<typeof analyzeCapture>[1] = { frameListLimit: parsed.values.frames ? Number.MAX_SAFE_INTEGER : 20000, previewAfterFrames: 0 }
  if (parsed.values.journal) options.journalPath = parsed.values.journal
  const analyzed = await analyzeCapture(file, options)
  try {
    const w = analyzed.walkthrough
    if (parsed.values.json) await writeJson(walkthroughJson(w, parsed.values.frames === true))
    else process.stdout.write(formatWalkthroughText(w, lang))
    for (const e of w.fileErrors) process.stderr.write(`wiretrail inspect: ${file}: [${e.code}] at byte ${e.offset}: ${e.message}\n`)
    return w.fileErrors.some((e) => e.code !== 'CAPTURE_BAD_TIMESTAMP' && e.code !== 'CAPTURE_BAD_OPTION') ? 1 : 0
  } finally {
    await analyzed.close()
  }
}
