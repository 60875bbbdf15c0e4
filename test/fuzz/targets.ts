// What is fuzzed: every reader of input written by strangers, each as a target that takes one
// input and either accepts it or rejects it with a WiretrailError carrying a stable code. Anything
// else (a TypeError, a RangeError, a hang, a memory blow-up) is a finding.
//
//   pcap, pcapng  the capture reader (src-main/capture), on mutated seed captures and random bytes
//   analyzer      the whole analysis of a capture (reader, every dissector, reassembly, the DNS,
//                 HTTP and TLS trackers, steps) plus the detail view of frames and the text export
//   dissect       one frame through every dissector with field trees (the detail pane's decode)
//   dns           the one DNS reader (src-main/dns/wire.ts) and the DNS dissector
//   http          the one HTTP/1.x framer (strict, as the recorder; tolerant, as the analyzer) and
//                 the recorder's response parser
//   url           the URL model (typed URLs, links resolved against a page, lab ports)
//   journal       the recording journal reader
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { readCapture } from '../../src-main/capture/index.ts'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { formatWalkthroughText } from '../../src-main/analyzer/text.ts'
import { readJournal } from '../../src-main/analyzer/journal.ts'
import { newContext } from '../../src-main/decode/core.ts'
import { decodeDns } from '../../src-main/decode/dns.ts'
import { decodeNetwork, decodeTransport } from '../../src-main/decode/packet.ts'
import { dissectDatagram, TCP_SEGMENT_DISSECTORS } from '../../src-main/analyzer/handoff.ts'
import type { AppProtocol } from '../../src-main/decode/ports.ts'
import { readMessage } from '../../src-main/dns/wire.ts'
import { Http1Framer } from '../../src-main/http/framer.ts'
import { ResponseParser } from '../../src-main/http/response-parser.ts'
import { parseUrl, resolveReference, withPort } from '../../src-main/url/index.ts'
import { applyByteOp, applyPacketOp, byteOp, captureOp, mutateCapture, packetFields, packetOp, type CaptureSeed, type PacketFieldMap } from './mutate.ts'
import type { Seeds } from './seeds.ts'
import { withAllWords } from '../support/lesson.ts'

export type TargetName = 'pcap' | 'pcapng' | 'analyzer' | 'dissect' | 'dns' | 'http' | 'url' | 'journal'

export const TARGETS: readonly TargetName[] = ['pcap', 'pcapng', 'analyzer', 'dissect', 'dns', 'http', 'url', 'journal']

/** How the million (or any number of) cases are shared out: the analysis is the slowest target and
 * covers the most code; the per-message readers are quick. */
export const SHARE: { readonly [T in TargetName]: number } = { pcap: 0.1, pcapng: 0.1, analyzer: 0.15, dissect: 0.2, dns: 0.15, http: 0.12, url: 0.1, journal: 0.08 }

/** One input, as bytes (files and messages) or text (URLs), with how to write it to disk. */
export interface FuzzInput {
  target: TargetName
  bytes: Uint8Array
  /** For dissect: the frame's link type. */
  linkType?: number
  /** For journal: which seed journal it was made from (its capture is analysed with it). */
  seedIndex?: number
  /** How it was made: the seed and the mutations (for the finding's note). */
  plan?: string
}

const describePlan = (seed: string, ops: unknown): string => `${seed}, mutations ${JSON.stringify(ops, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))}`

export interface Target {
  name: TargetName
  /** A fast-check arbitrary of inputs built from the seeds. */
  inputs(seeds: Seeds): fc.Arbitrary<FuzzInput>
  /** Runs one input; resolves when accepted, throws (a WiretrailError, hopefully) when not. The
   * seeds are there for a target that needs a seed's companion file (a journal's capture). */
  run(input: FuzzInput, scratch: string, seeds?: Seeds): Promise<void> | void
}

const utf8 = new TextEncoder()
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!
}

/** Seed captures of one format, mutated; now and then random bytes behind a valid magic, or none. */
function captureInputs(target: TargetName, seeds: CaptureSeed[], magic: Uint8Array): fc.Arbitrary<FuzzInput> {
  const mutated = fc.record({ seed: fc.nat(), ops: fc.array(captureOp, { minLength: 1, maxLength: 6 }) }).map(({ seed, ops }) => {
    const chosen = pick(seeds, seed)
    return { target, bytes: mutateCapture(chosen, ops), plan: describePlan(`seed ${chosen.name.replace(/^.*\/(shared|test)\//, '$1/')}`, ops) }
  })
  const random = fc.uint8Array({ minLength: 0, maxLength: 4096 }).map((tail) => {
    const bytes = new Uint8Array(magic.length + tail.length)
    bytes.set(magic, 0)
    bytes.set(tail, magic.length)
    return { target, bytes }
  })
  return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: random })
}

async function readWhole(path: string): Promise<void> {
  await readCapture(path, { onFrame: () => {} })
}

const PCAP_MAGIC = Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1)
const PCAPNG_MAGIC = Uint8Array.of(0x0a, 0x0d, 0x0d, 0x0a)

const pcap: Target = {
  name: 'pcap',
  inputs: (seeds) => captureInputs('pcap', seeds.pcap, PCAP_MAGIC),
  async run(input, scratch) {
    const path = join(scratch, 'case.pcap')
    writeFileSync(path, input.bytes)
    await readWhole(path)
  },
}

const pcapng: Target = {
  name: 'pcapng',
  inputs: (seeds) => captureInputs('pcapng', seeds.pcapng, PCAPNG_MAGIC),
  async run(input, scratch) {
    const path = join(scratch, 'case.pcapng')
    writeFileSync(path, input.bytes)
    await readWhole(path)
  },
}

const analyzer: Target = {
  name: 'analyzer',
  inputs: (seeds) => fc.oneof(captureInputs('analyzer', seeds.pcap, PCAP_MAGIC), captureInputs('analyzer', seeds.pcapng, PCAPNG_MAGIC)),
  async run(input, scratch) {
    const path = join(scratch, 'case.cap')
    writeFileSync(path, input.bytes)
    const { walkthrough, reader } = await runAnalysis(path, { previewAfterFrames: 0, journalPath: join(scratch, 'no-journal') }).catch(async (error: unknown) => {
      // runAnalysis refuses a missing journal only when one is named: retry without.
      if ((error as { code?: string }).code === 'JOURNAL_UNREADABLE') return runAnalysis(path, { previewAfterFrames: 0 })
      throw error
    })
    try {
      formatWalkthroughText(walkthrough, 'en')
      formatWalkthroughText(walkthrough, 'ko')
      JSON.stringify(withAllWords(walkthrough))
      const frames = walkthrough.packets
      for (const frame of new Set([1, Math.ceil(frames / 2), frames])) if (frame >= 1 && frame <= frames) await reader.detail(frame)
      if (frames > 0) await reader.frames(1, Math.min(frames, 50))
    } finally {
      await reader.close()
    }
  },
}

/** A frame through every dissector with field trees: the link and network layers, then each
 * application dissector over the TCP or UDP payload. */
export function dissectFrame(linkType: number, b: Uint8Array): void {
  const ctx = newContext(true)
  const net = decodeNetwork(ctx, linkType, b, false)
  if (!net.ip || net.ip.fragment) return
  const tr = decodeTransport(ctx, net.ip, b, false)
  const apps: AppProtocol[] = ['dns', 'mdns', 'llmnr', 'http', 'tls', 'unknown']
  if (tr.udp && tr.udp.payloadEnd > tr.udp.payloadOffset) {
    for (const app of apps) dissectDatagram(newContext(true), app, b, tr.udp.payloadOffset, tr.udp.payloadEnd, false)
  } else if (tr.tcp && tr.tcp.payloadEnd > tr.tcp.payloadOffset) {
    for (const app of apps) {
      TCP_SEGMENT_DISSECTORS[app](newContext(true), b, tr.tcp.payloadOffset, tr.tcp.payloadEnd, { frame: 1, tls13: false, dnsPieces: null })
      TCP_SEGMENT_DISSECTORS[app](newContext(true), b, tr.tcp.payloadOffset, tr.tcp.payloadEnd, { frame: 1, tls13: true, dnsPieces: null })
    }
  }
  JSON.stringify(ctx.layers)
}

const dissect: Target = {
  name: 'dissect',
  inputs: (seeds) => {
    const frames = seeds.frames
    const maps = new Map<number, PacketFieldMap>()
    const mutated = fc.record({ frame: fc.nat(), ops: fc.array(packetOp, { minLength: 1, maxLength: 4 }) }).map(({ frame, ops }) => {
      const index = frame % frames.length
      const seed = frames[index]!
      let map = maps.get(index)
      if (map === undefined) {
        map = packetFields(seed.linkType, seed.bytes)
        maps.set(index, map)
      }
      let bytes: Uint8Array = seed.bytes.slice()
      for (const op of ops) bytes = applyPacketOp(bytes, map, op)
      return { target: 'dissect' as const, bytes, linkType: seed.linkType, plan: describePlan(`frame seed ${index}`, ops) }
    })
    const random = fc.record({ linkType: fc.constantFrom(0, 1, 12, 14, 101, 108, 113, 228, 229, 276), bytes: fc.uint8Array({ maxLength: 1600 }) }).map(({ linkType, bytes }) => ({ target: 'dissect' as const, bytes, linkType }))
    return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: random })
  },
  run(input) {
    dissectFrame(input.linkType ?? 1, input.bytes)
  },
}

const dns: Target = {
  name: 'dns',
  inputs: (seeds) => {
    const messages = seeds.dns
    const maps = new Map<number, PacketFieldMap>()
    const mutated = fc.record({ message: fc.nat(), ops: fc.array(packetOp, { minLength: 1, maxLength: 4 }) }).map(({ message, ops }) => {
      const index = message % messages.length
      const seed = messages[index]!
      let map = maps.get(index)
      if (map === undefined) {
        const ctx = newContext(true)
        decodeDns(ctx, seed, 0, seed.length)
        map = { fields: [], dnsNames: [] }
        for (const layer of ctx.layers) {
          const visit = (fields: typeof layer.fields): void => {
            for (const f of fields) {
              if (f.length > 0 && f.length <= 8) map!.fields.push({ offset: f.offset, length: f.length, structural: /len|count|type|class|ptr|name/.test(f.key) })
              if (/name$/.test(f.key) && f.length > 0) map!.dnsNames.push(f.offset)
              if (f.children) visit(f.children)
            }
          }
          visit(layer.fields)
        }
        // Names are relative to the message itself here: base 0.
        map.dnsNames.unshift(12)
        maps.set(index, map)
      }
      let bytes: Uint8Array = seed.slice()
      for (const op of ops) bytes = applyPacketOp(bytes, map, op)
      return { target: 'dns' as const, bytes, plan: describePlan(`DNS message seed ${index}`, ops) }
    })
    const random = fc.uint8Array({ minLength: 0, maxLength: 600 }).map((bytes) => ({ target: 'dns' as const, bytes }))
    return fc.oneof({ weight: 9, arbitrary: mutated }, { weight: 1, arbitrary: random })
  },
  run(input) {
    const b = input.bytes
    readMessage(b, 0, b.length)
    readMessage(b, 0, b.length, { cut: true })
    const ctx = newContext(true)
    decodeDns(ctx, b, 0, b.length)
    JSON.stringify(ctx.layers)
  },
}

/** Text-level mutations of an HTTP message: line ends removed or doubled, white space and control
 * bytes where none belong, framing numbers made huge, negative, hexadecimal or empty. */
type HttpOp = { op: 'line-end'; line: number; kind: 'drop-cr' | 'drop-lf' | 'bare-cr' | 'double' } | { op: 'number'; which: number; value: string } | { op: 'line-dup'; line: number } | { op: 'prefix-ws'; line: number } | { op: 'bytes'; b: import('./mutate.ts').ByteOp }

const httpOp: fc.Arbitrary<HttpOp> = fc.oneof(
  fc.record({ op: fc.constant('line-end' as const), line: fc.nat(), kind: fc.constantFrom('drop-cr' as const, 'drop-lf' as const, 'bare-cr' as const, 'double' as const) }),
  fc.record({ op: fc.constant('number' as const), which: fc.nat(), value: fc.constantFrom('0', '-1', '1', 'ffffffffffffffffff', '99999999999999999999', '0x10', ' 5', '5 ', '', '00000000000000000000005', 'a', '1;x=y', '1;', '4294967296', '2, 3') }),
  fc.record({ op: fc.constant('line-dup' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('prefix-ws' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('bytes' as const), b: byteOp }),
)

function applyHttpOp(b: Uint8Array, op: HttpOp): Uint8Array {
  if (op.op === 'bytes') return applyByteOp(b, op.b)
  const s = Buffer.from(b).toString('latin1')
  const lineStarts = [0]
  for (let i = 0; i < s.length; i += 1) if (s[i] === '\n') lineStarts.push(i + 1)
  const result = ((): string => {
    switch (op.op) {
      case 'line-end': {
        const ends = [...s.matchAll(/\r?\n/g)]
        const m = ends[op.line % Math.max(1, ends.length)]
        if (m === undefined || m.index === undefined) return s
        const replacement = op.kind === 'drop-cr' ? '\n' : op.kind === 'drop-lf' ? (m[0].startsWith('\r') ? '\r' : '') : op.kind === 'bare-cr' ? '\r' : `${m[0]}${m[0]}`
        return s.slice(0, m.index) + replacement + s.slice(m.index + m[0].length)
      }
      case 'number': {
        const numbers = [...s.matchAll(/(Content-Length:[ \t]*)(\d+)|(^|\n)([0-9a-fA-F]+)(?=[;\r\n])/gi)]
        const m = numbers[op.which % Math.max(1, numbers.length)]
        if (m === undefined || m.index === undefined) return s
        const digits = m[2] ?? m[4] ?? ''
        const at = m.index + m[0].length - digits.length
        return s.slice(0, at) + op.value + s.slice(at + digits.length)
      }
      case 'line-dup': {
        const start = lineStarts[op.line % lineStarts.length]!
        const end = s.indexOf('\n', start)
        const line = end < 0 ? s.slice(start) : s.slice(start, end + 1)
        return s.slice(0, start) + line + s.slice(start)
      }
      case 'prefix-ws': {
        const start = lineStarts[op.line % lineStarts.length]!
        return `${s.slice(0, start)} \t${s.slice(start)}`
      }
    }
  })()
  return Buffer.from(result, 'latin1')
}

/** A response put together from parts, as fast-check generates it: status line, header fields
 * (framing ones among them) and a body, framed or not. */
const generatedResponse: fc.Arbitrary<Uint8Array> = fc
  .record({
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/0.9', 'HTTP/2.0', 'RTSP/1.0', 'ICE/1.1', 'HTTP/1.1 '),
    status: fc.oneof(fc.integer({ min: 100, max: 599 }).map(String), fc.constantFrom('', '2', '2000', '20x')),
    reason: fc.constantFrom('OK', '', ' ', 'Switching Protocols', '\u00e9', 'Not Found\t'),
    headers: fc.array(fc.tuple(fc.constantFrom('Content-Length', 'Transfer-Encoding', 'Connection', 'Content-Encoding', 'X', 'Bad Name', ''), fc.constantFrom('0', '5', 'chunked', 'gzip, chunked', 'chunked, gzip', 'close', 'keep-alive', '5, 5', '5, 6', '', ' \t', 'identity')), { maxLength: 6 }),
    body: fc.oneof(fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')), fc.constantFrom('5\r\nhello\r\n0\r\n\r\n', '0\r\n\r\n', '5;a="b"\r\nhello\r\n0\r\nX: y\r\n\r\n', 'hello')),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
  })
  .map(({ version, status, reason, headers, body, eol }) => Buffer.from(`${version} ${status} ${reason}${eol}${headers.map(([n, v]) => `${n}: ${v}${eol}`).join('')}${eol}${body}`, 'latin1'))

const http: Target = {
  name: 'http',
  inputs: (seeds) => {
    const mutated = fc.record({ message: fc.nat(), ops: fc.array(httpOp, { minLength: 1, maxLength: 5 }) }).map(({ message, ops }) => {
      let bytes: Uint8Array = pick(seeds.http, message).slice()
      for (const op of ops) bytes = applyHttpOp(bytes, op)
      return { target: 'http' as const, bytes, plan: describePlan(`HTTP message seed ${message % seeds.http.length}`, ops) }
    })
    return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 3, arbitrary: generatedResponse.map((bytes) => ({ target: 'http' as const, bytes })) }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => ({ target: 'http' as const, bytes })) })
  },
  run(input) {
    const b = input.bytes
    // The recorder's reading (strict), whole and in 7-byte pieces: the two must agree.
    const verdicts: string[] = []
    for (const step of [b.length || 1, 7]) {
      const parser = new ResponseParser({ method: 'GET', limits: { maxBodyBytes: 1 << 20 } })
      verdicts.push(
        runCoded(() => {
          for (let i = 0; i < b.length && !parser.complete; i += step) parser.push(b.subarray(i, i + step))
          parser.end()
          if (parser.complete) parser.result()
        })?.code ?? 'accepted',
      )
    }
    if (verdicts[0] !== verdicts[1]) throw new Error(`read whole the response is ${verdicts[0]}, read in 7-byte pieces ${verdicts[1]}`)
    // The analyzer's reading (tolerant), both directions, after GET, HEAD and CONNECT.
    for (const kind of ['response', 'request'] as const) {
      for (const method of ['GET', 'HEAD', 'CONNECT']) {
        const framer = new Http1Framer({ complete: () => {} }, { kind, mode: 'tolerant', requestMethod: () => method })
        runCoded(() => {
          framer.push(b)
          framer.end()
        })
      }
    }
    // The recorder's refusal, if any, is this input's verdict.
    const refusal = runCoded(() => {
      const parser = new ResponseParser({ method: 'GET', limits: { maxBodyBytes: 1 << 20 } })
      parser.push(b)
      parser.end()
    })
    if (refusal !== null) throw refusal
  },
}

/** Runs `fn`; a WiretrailError (a coded refusal) is returned, anything else is rethrown. */
function runCoded(fn: () => void): (Error & { code?: string }) | null {
  try {
    fn()
    return null
  } catch (error) {
    if (!(error instanceof Error && error.name === 'WiretrailError')) throw error
    return error
  }
}

/** Characters that matter to a URL parser: delimiters, white space it drops or trims, percent
 * signs, brackets, IDNA mappings, controls. */
const URL_CHARS = ['\t', '\n', '\r', ' ', '\\', '/', '//', '@', ':', '[', ']', '%', '%2e', '%zz', '#', '?', '.', '..', '\u3000', '\u00ad', '\uff0e', '\uff27', '한', '💩', '\0', '\x7f', 'xn--', '0x', '0', '255', '4294967296', '[::1]', '\u200b']

type UrlOp = { op: 'insert'; at: number; ch: number } | { op: 'delete'; at: number; length: number } | { op: 'dup'; at: number; length: number }

const urlOp: fc.Arbitrary<UrlOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), ch: fc.nat(URL_CHARS.length - 1) }) },
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('dup' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
)

const url: Target = {
  name: 'url',
  inputs: (seeds) => {
    const mutated = fc.record({ url: fc.nat(), ops: fc.array(urlOp, { minLength: 1, maxLength: 5 }) }).map(({ url, ops }) => {
      let s = pick(seeds.urls, url)
      for (const op of ops) {
        const at = op.at % (s.length + 1)
        if (op.op === 'insert') s = s.slice(0, at) + URL_CHARS[op.ch]! + s.slice(at)
        else if (op.op === 'delete') s = s.slice(0, at) + s.slice(at + op.length)
        else s = s.slice(0, at) + s.slice(at, at + op.length) + s.slice(at)
      }
      return { target: 'url' as const, bytes: utf8.encode(s), plan: describePlan(`URL seed ${JSON.stringify(pick(seeds.urls, url))}`, ops) }
    })
    return fc.oneof(
      { weight: 6, arbitrary: mutated },
      { weight: 2, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true, validSchemes: ['http', 'https', 'ftp', 'file', 'mailto'] }).map((s) => ({ target: 'url' as const, bytes: utf8.encode(s) })) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }).map((s) => ({ target: 'url' as const, bytes: utf8.encode(`http://${s}`) })) },
    )
  },
  run(input) {
    const typed = text(input.bytes)
    let parsed
    try {
      parsed = parseUrl(typed)
    } catch (error) {
      if (error instanceof Error && error.name === 'WiretrailError') {
        const details = (error as { details?: { start?: number; end?: number } }).details
        if (details?.start === undefined || details.end === undefined || details.start > details.end) throw new Error(`a URL error without the bad part's position: ${error.message}`)
      }
      throw error
    }
    if (parsed.kind !== 'web') return
    // The anatomy must hold together: every part is the typed text at its offsets.
    for (const part of parsed.parts) if (parsed.input.slice(part.start, part.end) !== part.text) throw new Error(`part ${part.kind} is not at ${part.start}–${part.end}`)
    withPort(parsed, 8080)
    runCoded(() => void resolveReference(parsed, typed))
    runCoded(() => void resolveReference(parsed, '../a b/./c?d#e'))
  },
}

type JournalOp = { op: 'line'; line: number; kind: 'truncate' | 'not-json' | 'null' | 'array' | 'retype' | 'huge' | 'deep' | 'drop-type' } | { op: 'dup'; line: number } | { op: 'bytes'; b: import('./mutate.ts').ByteOp }

const journalOp: fc.Arbitrary<JournalOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('line' as const), line: fc.nat(), kind: fc.constantFrom('truncate' as const, 'not-json' as const, 'null' as const, 'array' as const, 'retype' as const, 'huge' as const, 'deep' as const, 'drop-type' as const) }) },
  fc.record({ op: fc.constant('dup' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('bytes' as const), b: byteOp }),
)

function applyJournalOp(b: Uint8Array, op: JournalOp): Uint8Array {
  if (op.op === 'bytes') return applyByteOp(b, op.b)
  const lines = text(b).split('\n')
  const i = op.line % lines.length
  if (op.op === 'dup') lines.splice(i, 0, lines[i]!)
  else {
    const line = lines[i]!
    let record: unknown
    try {
      record = JSON.parse(line)
    } catch {
      record = null
    }
    const retyped = (value: unknown): unknown => {
      if (typeof value !== 'object' || value === null) return value
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'number' ? String(v) : typeof v === 'string' ? 1e308 : Array.isArray(v) ? {} : v === null ? [] : retyped(v)
      return out
    }
    switch (op.kind) {
      case 'truncate':
        lines[i] = line.slice(0, Math.floor(line.length / 2))
        break
      case 'not-json':
        lines[i] = `${line}}{`
        break
      case 'null':
        lines[i] = 'null'
        break
      case 'array':
        lines[i] = `[${line}]`
        break
      case 'retype':
        lines[i] = JSON.stringify(retyped(record))
        break
      case 'huge':
        lines[i] = JSON.stringify({ ...(record as object), at: 1e308, frame: -1, startedAt: '9999999-99-99', fd: Number.MAX_SAFE_INTEGER })
        break
      case 'deep':
        lines[i] = `${'['.repeat(2000)}${']'.repeat(2000)}`
        break
      case 'drop-type': {
        const { type: _dropped, ...rest } = (record ?? {}) as Record<string, unknown>
        lines[i] = JSON.stringify(rest)
        break
      }
    }
  }
  return utf8.encode(lines.join('\n'))
}

/** The journal reader, and the analysis of the journal's own capture with the mutated journal
 * beside it (what the app does when a saved recording is opened): every reader of the journal's
 * records runs — resolver events, socket events, frame notes, TLS keys, the typed URL. */
const journal: Target = {
  name: 'journal',
  inputs: (seeds) =>
    fc.record({ journal: fc.nat(), ops: fc.array(journalOp, { minLength: 1, maxLength: 5 }) }).map(({ journal, ops }) => {
      const index = journal % seeds.journals.length
      let bytes: Uint8Array = seeds.journals[index]!.bytes.slice()
      for (const op of ops) bytes = applyJournalOp(bytes, op)
      return { target: 'journal' as const, bytes, seedIndex: index, plan: describePlan(`journal seed ${index}`, ops) }
    }),
  async run(input, scratch, seeds) {
    const path = join(scratch, 'case.wiretrail.jsonl')
    writeFileSync(path, input.bytes)
    await readJournal(path)
    const capture = seeds?.journals[input.seedIndex ?? 0]?.capture
    if (capture === undefined) return
    const { walkthrough, reader } = await runAnalysis(capture, { journalPath: path, previewAfterFrames: 0 })
    try {
      formatWalkthroughText(walkthrough, 'en')
      formatWalkthroughText(walkthrough, 'ko')
      JSON.stringify(withAllWords(walkthrough))
      if (walkthrough.packets > 0) await reader.detail(1)
    } finally {
      await reader.close()
    }
  },
}

export const TARGET_TABLE: { readonly [T in TargetName]: Target } = { pcap, pcapng, analyzer, dissect, dns, http, url, journal }

/** Reads a saved input back (regression fixtures): the file's bytes; the link type (".link1.") or
 * the seed journal (".seed0.") from its name. */
export function savedInput(target: TargetName, path: string): FuzzInput {
  const bytes = new Uint8Array(readFileSync(path))
  const link = /\.link(\d+)\./.exec(path)
  const seed = /\.seed(\d+)\./.exec(path)
  return { target, bytes, ...(link ? { linkType: Number(link[1]) } : {}), ...(seed ? { seedIndex: Number(seed[1]) } : {}) }
}
