// llhttp's response test suite (../shared/peer-suites/llhttp-response/*.md, copied unmodified from
// nodejs/llhttp): each case is an input and the events llhttp reports for it. This reads a case's
// input as llhttp's md-test.ts builds it, and its log into what a message framer must agree on:
// per message its status line, header fields, body bytes and where it ends, or the error.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PEER_SUITES_DIR } from '../support/corpus.ts'

export const LLHTTP_DIR = join(PEER_SUITES_DIR, 'llhttp-response')

export interface ExpectedMessage {
  /** Offset of "message begin". */
  begin: number
  protocol: string
  version: string
  status: number | null
  reason: string
  headers: [string, string][]
  body: Buffer
  /** Offset of "message complete", or null when the input ended first. */
  complete: number | null
  /** llhttp was told (by the test) to skip this message's body (as for a response to HEAD). */
}

export interface LlhttpCase {
  file: string
  name: string
  meta: { type: string; skipBody?: boolean; pause?: string; noScan?: boolean }
  input: Buffer
  messages: ExpectedMessage[]
  error: { offset: number; code: number; reason: string } | null
}

/** The http block as llhttp's md-test.ts turns it into bytes (see SOURCE.md). */
export function decodeInput(block: string): Buffer {
  let text = block.replace(/\n$/, '')
  text = text.replace(/\\(\r\n|\r|\n)/g, '')
  text = text.replace(/\r\n|\r|\n/g, '\r\n')
  const bytes: number[] = []
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[i + 1] as string
      const simple: Record<string, number> = { r: 0x0d, n: 0x0a, t: 0x09, f: 0x0c }
      if (simple[next] !== undefined) {
        bytes.push(simple[next])
        i += 1
        continue
      }
      const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1))
      if (hex) {
        bytes.push(Number.parseInt(hex[1]!, 16))
        i += 3
        continue
      }
      const octal = /^([0-7]{1,3})/.exec(text.slice(i + 1))
      if (octal) {
        bytes.push(Number.parseInt(octal[1]!, 8))
        i += octal[1]!.length
        continue
      }
    }
    for (const byte of Buffer.from(ch, 'utf8')) bytes.push(byte)
  }
  return Buffer.from(bytes)
}

/** A span's value in the log: lf / cr / crlf for line ends, else the bytes in quotes, with tab, CR,
 * LF and FF written \t \r \n \f and nothing else escaped (a quote or a backslash in the data is
 * printed as it is); the span's len tells the two readings of a backslash apart. */
function spanValue(text: string, length: number): Buffer {
  if (text === 'lf') return Buffer.from('\n')
  if (text === 'cr') return Buffer.from('\r')
  if (text === 'crlf') return Buffer.from('\r\n')
  const inner = text.slice(1, -1)
  const escaped = Buffer.from(inner.replace(/\\([trnf])/g, (_, c: string) => ({ t: '\t', r: '\r', n: '\n', f: '\f' })[c]!), 'latin1')
  if (escaped.length === length) return escaped
  const raw = Buffer.from(inner, 'utf8')
  if (raw.length === length) return raw
  throw new Error(`cannot read the llhttp log span ${text} (len=${length})`)
}

function parseLog(log: string): { messages: ExpectedMessage[]; error: LlhttpCase['error'] } {
  const messages: ExpectedMessage[] = []
  let error: LlhttpCase['error'] = null
  let current: ExpectedMessage | null = null
  let field: Buffer[] = []
  let value: Buffer[] = []
  const spans: Record<string, Buffer[]> = { protocol: [], version: [], status: [] }
  for (const line of log.split('\n')) {
    const m = /^off=(\d+) (.*)$/.exec(line)
    if (m === null) continue
    const offset = Number(m[1])
    const rest = m[2] as string
    const span = /^len=(\d+) span\[(\w+)\]=(.*)$/.exec(rest)
    if (rest === 'message begin') {
      current = { begin: offset, protocol: '', version: '', status: null, reason: '', headers: [], body: Buffer.alloc(0), complete: null }
      messages.push(current)
      spans.protocol = []
      spans.version = []
      spans.status = []
    } else if (span !== null && current !== null) {
      const [, length, name, valueText] = span as unknown as [string, string, string, string]
      const bytes = spanValue(valueText, Number(length))
      if (name === 'header_field') field.push(bytes)
      else if (name === 'header_value') value.push(bytes)
      else if (name === 'body') current.body = Buffer.concat([current.body, bytes])
      else if (name in spans) spans[name]!.push(bytes)
    } else if (current !== null && rest === 'protocol complete') current.protocol = Buffer.concat(spans.protocol!).toString('latin1')
    else if (current !== null && rest === 'version complete') current.version = Buffer.concat(spans.version!).toString('latin1')
    else if (current !== null && rest === 'status complete') current.reason = Buffer.concat(spans.status!).toString('latin1')
    else if (current !== null && rest === 'header_value complete') {
      current.headers.push([Buffer.concat(field).toString('latin1'), Buffer.concat(value).toString('latin1')])
      field = []
      value = []
    } else if (current !== null && rest.startsWith('headers complete')) {
      const status = /status=(\d+)/.exec(rest)
      current.status = status ? Number(status[1]) : null
      // A header whose value never completed (none here) would be lost; the field alone is not a header.
      field = []
      value = []
    } else if (current !== null && rest === 'message complete') current.complete = offset
    else if (rest.startsWith('error ')) {
      const e = /^error code=(\d+) reason="(.*)"$/.exec(rest)
      error = { offset, code: Number(e?.[1]), reason: e?.[2] ?? rest }
    }
  }
  return { messages, error }
}

export function readLlhttpSuite(): LlhttpCase[] {
  const cases: LlhttpCase[] = []
  for (const file of readdirSync(LLHTTP_DIR).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(LLHTTP_DIR, file), 'utf8')
    // A case: a heading, then in its section a meta comment, an http block and a log block.
    for (const section of text.split(/^(?=#{2,3} )/m)) {
      const name = /^#{2,3} (.+)/.exec(section)?.[1]
      const meta = /<!-- meta=(\{.*?\}) -->/.exec(section)?.[1]
      const http = /```http\n([\s\S]*?)```/.exec(section)?.[1]
      const log = /```log\n([\s\S]*?)```/.exec(section)?.[1]
      if (name === undefined || meta === undefined || http === undefined || log === undefined) continue
      const { messages, error } = parseLog(log)
      cases.push({ file, name: name.trim(), meta: JSON.parse(meta) as LlhttpCase['meta'], input: decodeInput(http), messages, error })
    }
  }
  return cases
}

// ── running a case through Wiretrail's framer ────────────────────────────────────────────────────

import { Http1Framer, type CompletedMessage, type FramerMode, type Http1Head } from '../../src-main/http/framer.ts'
import { HttpError } from '../../src-main/http/errors.ts'

export interface FramedMessage {
  head: Http1Head | null
  body: Buffer
  complete: CompletedMessage | null
}

export interface FramerRun {
  messages: FramedMessage[]
  error: HttpError | null
  /** Bytes the framer left unread (after a switch of protocols). */
  leftover: number
}

/** Which of the framer's two modes a case's meta type corresponds to: llhttp's defaults are
 * `strict`; any of its lenient flags is what `tolerant` stands for. */
export function modeFor(c: LlhttpCase): FramerMode {
  return c.meta.type.startsWith('response-lenient') ? 'tolerant' : 'strict'
}

/** Feeds the case's input in pieces of `step` bytes (all at once by default). */
export function runFramer(c: LlhttpCase, step = c.input.length || 1): FramerRun {
  const messages: FramedMessage[] = []
  let open: FramedMessage | null = null
  const framer = new Http1Framer(
    {
      head(head) {
        open = { head, body: Buffer.alloc(0), complete: null }
        messages.push(open)
      },
      body(buf, start, end) {
        if (open) open.body = Buffer.concat([open.body, buf.subarray(start, end)])
      },
      complete(message) {
        if (open) open.complete = message
        open = null
      },
    },
    { kind: 'response', mode: modeFor(c), requestMethod: () => (c.meta.skipBody ? 'HEAD' : 'GET') },
  )
  let error: HttpError | null = null
  let leftover = 0
  try {
    for (let i = 0; i < c.input.length; i += step) {
      const piece = c.input.subarray(i, i + step)
      const used = framer.push(piece)
      if (used < piece.length) {
        leftover = c.input.length - i - used
        break
      }
    }
    if (c.meta.type === 'response-finish') framer.end()
  } catch (caught) {
    if (!(caught instanceof HttpError)) throw caught
    error = caught
  }
  return { messages, error, leftover }
}

// ── comparing ────────────────────────────────────────────────────────────────────────────────────

/** Cases where Wiretrail deliberately does not do what llhttp's log shows, and why. */
export const DOCUMENTED_DISAGREEMENTS: Record<string, string> = {
  'finish.md|It should be safe to finish with cb after empty response':
    "llhttp's case checks the return code of its C finish API, and its log shows no message end. Wiretrail ends a body that runs to the end of the connection when the connection ends (RFC 9112 §6.3, rule 8), so at end() the empty 200 response is complete at byte 19: same status, headers and (empty) body.",
}

export type Agreement = 'agree' | 'documented' | 'disagree'

export interface CaseOutcome {
  key: string
  agreement: Agreement
  detail: string
}

const trimmed = (headers: [string, string][]): [string, string][] => headers.map(([n, v]) => [n, v.replace(/^[ \t]+|[ \t]+$/g, '')])

/** llhttp reports handing a connection over to another protocol as a pause "error". */
const isUpgradePause = (e: LlhttpCase['error']): boolean => e !== null && e.reason === 'Pause on CONNECT/Upgrade'

export function compare(c: LlhttpCase, run: FramerRun): CaseOutcome {
  const key = `${c.file}|${c.name}`
  const problems: string[] = []
  // Messages llhttp got as far as the end of the head for (a head Wiretrail must see too).
  const expected = c.messages.filter((m) => m.status !== null)
  if (run.messages.length !== expected.length) problems.push(`${run.messages.length} message heads, llhttp ${expected.length}`)
  expected.forEach((want, i) => {
    const got = run.messages[i]
    if (got?.head === undefined || got.head === null) return
    const head = got.head
    const same = (what: string, a: unknown, b: unknown): void => {
      if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`message ${i + 1} ${what}: ${JSON.stringify(a)}, llhttp ${JSON.stringify(b)}`)
    }
    same('version', head.version, `${want.protocol}/${want.version}`)
    same('status', head.status, want.status)
    same('reason', head.reason, want.reason)
    same('headers', trimmed([...head.fields].map((f) => [f.name, f.value])), trimmed(want.headers))
    same('body', got.body.toString('latin1'), want.body.toString('latin1'))
    same('end', got.complete?.end ?? null, want.complete)
  })
  if (isUpgradePause(c.error)) {
    const last = run.messages[run.messages.length - 1]?.complete
    if (!last?.upgrade) problems.push('llhttp hands the connection to another protocol here; Wiretrail did not')
    else if (c.input.length - run.leftover !== c.error!.offset) problems.push(`stopped at ${c.input.length - run.leftover}, llhttp at ${c.error!.offset}`)
    if (run.error) problems.push(`error ${run.error.code}`)
  } else if (c.error !== null && run.error === null) problems.push(`no error; llhttp: ${c.error.reason} at ${c.error.offset}`)
  else if (c.error === null && run.error !== null) problems.push(`error ${run.error.code}: ${run.error.message}`)
  if (problems.length === 0) return { key, agreement: 'agree', detail: c.error && !isUpgradePause(c.error) ? `both refuse: llhttp "${c.error.reason}", Wiretrail ${run.error?.code}` : '' }
  const reason = DOCUMENTED_DISAGREEMENTS[key]
  if (reason !== undefined) return { key, agreement: 'documented', detail: `${problems.join('; ')} — ${reason}` }
  return { key, agreement: 'disagree', detail: problems.join('; ') }
}
