// The streaming pass's lean DNS read (src-main/dns/lean.ts) and the full reader with byte offsets
// (wire.ts readMessage, the detail pane's and the engine's) are one walk over the wire: they must
// agree, field by field, on every message — header, questions, every record's name, type, class,
// TTL and data, the EDNS extended rcode, whether reading stopped (malformed) and whether a problem
// flags the frame. Checked on every DNS message of the real captures (../shared/captures and more/:
// datagrams, and DNS over TCP framed per direction), then on fuzzed input: random bytes, and the
// corpus's messages mutated and cut short.
import { readdirSync, statSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { readCapture } from '../../src-main/capture/index.ts'
import { newContext } from '../../src-main/decode/core.ts'
import { decodeNetwork, decodeTransport } from '../../src-main/decode/packet.ts'
import { tcpApp, udpApp } from '../../src-main/decode/ports.ts'
import { LeanMessage, readLean } from '../../src-main/dns/lean.ts'
import { TcpMessageFramer } from '../../src-main/dns/tcp-framing.ts'
import { readMessage } from '../../src-main/dns/wire.ts'
import { CORPUS_DIR } from '../support/corpus.ts'

interface Sample {
  file: string
  frame: number
  bytes: Uint8Array
  /** The capture kept fewer bytes than were sent. */
  cut: boolean
}

/** Every DNS message of one capture: UDP datagrams to or from a DNS, mDNS or LLMNR port (not IP
 * fragments), and TCP port 53 streams framed by their 2-byte lengths, per direction, in the
 * order the segments were captured. */
async function messagesOf(path: string, file: string): Promise<Sample[]> {
  const out: Sample[] = []
  const streams = new Map<string, TcpMessageFramer>()
  let frame = 0
  await readCapture(path, {
    onFrame(f) {
      frame++
      if (f.custom) return
      const ctx = newContext(false)
      const cut = f.data.length < f.originalLength
      const net = decodeNetwork(ctx, f.linkType, f.data, cut)
      if (!net.ip || net.ip.fragment) return
      const tr = decodeTransport(ctx, net.ip, f.data, cut)
      if (tr.udp && udpApp(tr.udp.srcPort, tr.udp.dstPort) !== 'unknown' && tr.udp.payloadEnd > tr.udp.payloadOffset) {
        if (!['dns', 'mdns', 'llmnr'].includes(udpApp(tr.udp.srcPort, tr.udp.dstPort))) return
        out.push({ file, frame, bytes: f.data.slice(tr.udp.payloadOffset, tr.udp.payloadEnd), cut })
      } else if (tr.tcp && tcpApp(tr.tcp.srcPort, tr.tcp.dstPort) === 'dns' && tr.tcp.payloadEnd > tr.tcp.payloadOffset) {
        const key = `${net.ip.src}:${tr.tcp.srcPort}>${net.ip.dst}:${tr.tcp.dstPort}`
        let framer = streams.get(key)
        if (!framer) streams.set(key, (framer = new TcpMessageFramer()))
        for (const message of framer.push(f.data.slice(tr.tcp.payloadOffset, tr.tcp.payloadEnd))) out.push({ file, frame, bytes: message.slice(), cut: false })
      }
    },
  })
  return out
}

/** The two readings of bytes[m, end), compared field by field (a failing field names itself). */
function agree(bytes: Uint8Array, m: number, end: number, cut: boolean, lean: LeanMessage): void {
  const full = readMessage(bytes, m, end, { cut })
  const read = readLean(bytes, m, end, cut, lean)
  expect(read).toBe(full !== null)
  if (full === null) return
  const records = (['answers', 'authority', 'additional'] as const).flatMap((key, section) =>
    full.layout[key].filter((at) => at.view !== null).map((at) => ({ section, name: full[key][at.view!]!.name, type: at.typeCode, class: at.classCode, ttl: at.ttl, data: full[key][at.view!]!.data })),
  )
  expect({
    id: lean.id,
    flags: lean.flags,
    response: lean.response,
    rcode: lean.rcode,
    questions: Array.from({ length: lean.questions }, (_, i) => ({ name: lean.questionNames[i], type: lean.questionTypes[i], class: lean.questionClasses[i] })),
    records: Array.from({ length: lean.records }, (_, i) => ({ section: lean.recordSections[i], name: lean.recordNames[i], type: lean.recordTypes[i], class: lean.recordClasses[i], ttl: lean.recordTtls[i], data: lean.recordData[i] })),
    extendedRcode: lean.extendedRcode,
    malformed: lean.malformed,
    flagged: lean.flagged,
    problems: lean.problems,
  }).toEqual({
    id: full.id,
    flags: full.flags,
    response: full.response,
    rcode: full.rcode,
    questions: full.layout.questions.map((at, i) => ({ name: full.questions[i]!.name, type: at.typeCode, class: at.classCode })),
    records,
    extendedRcode: full.edns?.extendedRcode ?? -1,
    malformed: full.malformed,
    flagged: full.problems.some((p) => p.severity !== 'note'),
    problems: full.problems.length,
  })
}

function captureFiles(): { path: string; file: string }[] {
  const out: { path: string; file: string }[] = []
  for (const dir of ['', 'more/']) {
    for (const name of readdirSync(`${CORPUS_DIR}/${dir}`).sort()) {
      const path = `${CORPUS_DIR}/${dir}${name}`
      if (statSync(path).isFile() && /\.(pcap|pcapng|cap)$/.test(name)) out.push({ path, file: `${dir}${name}` })
    }
  }
  return out
}

let corpus: Sample[] | null = null
async function corpusMessages(): Promise<Sample[]> {
  if (corpus) return corpus
  const all: Sample[] = []
  for (const { path, file } of captureFiles()) {
    try {
      all.push(...(await messagesOf(path, file)))
    } catch (e) {
      // A capture the reader refuses (the corpus keeps a few broken files) has no messages to compare.
      if (!(e instanceof Error && 'code' in e)) throw e
    }
  }
  corpus = all
  return all
}

describe('the lean DNS read agrees with the full reader', () => {
  it('on every DNS message of ../shared/captures and more/', async () => {
    const samples = await corpusMessages()
    const lean = new LeanMessage()
    let responsesWithRecords = 0
    let problems = 0
    for (const s of samples) {
      try {
        agree(s.bytes, 0, s.bytes.length, s.cut, lean)
      } catch (e) {
        throw new Error(`${s.file} frame ${s.frame}: ${(e as Error).message}`)
      }
      if (lean.response && lean.records > 0) responsesWithRecords++
      if (lean.problems > 0) problems++
    }
    // The corpus is large and varied enough to mean something: hundreds of messages from dozens of files, responses
    // with records, TCP messages, messages with problems.
    // (889 messages, 438 responses with records, 5 with problems, from 41 files when this was written.)
    expect(samples.length).toBeGreaterThan(800)
    expect(responsesWithRecords).toBeGreaterThan(400)
    expect(problems).toBeGreaterThan(0)
    expect(new Set(samples.map((s) => s.file)).size).toBeGreaterThan(30)
    expect(samples.some((s) => s.file === 'dns-axfr-over-tcp.pcapng')).toBe(true)
  }, 120_000)

  it('inside a larger buffer (the message at an offset, bytes after it)', async () => {
    const samples = (await corpusMessages()).filter((_, i) => i % 7 === 0)
    const lean = new LeanMessage()
    for (const s of samples) {
      const framed = new Uint8Array(s.bytes.length + 40).fill(0xc0)
      framed.set(s.bytes, 17)
      agree(framed, 17, 17 + s.bytes.length, s.cut, lean)
      // Cut where the capture might have cut it (snap length), told and not told.
      const at = 17 + Math.floor(s.bytes.length / 2)
      agree(framed, 17, at, true, lean)
      agree(framed, 17, at, false, lean)
    }
  }, 120_000)

  it('on random bytes', () => {
    const lean = new LeanMessage()
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 700 }), fc.boolean(), (bytes, cut) => {
        agree(bytes, 0, bytes.length, cut, lean)
      }),
      { numRuns: 4000 },
    )
  })

  it('on the corpus messages mutated: bytes changed, cut short, counts raised', async () => {
    const samples = (await corpusMessages()).filter((s) => s.bytes.length >= 12)
    const lean = new LeanMessage()
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (which, changes, cutAt, cut) => {
          const bytes = samples[which]!.bytes.slice()
          for (const [at, value] of changes) bytes[at % bytes.length] = value
          const end = cutAt % 3 === 0 ? 12 + (cutAt % (bytes.length - 11)) : bytes.length
          agree(bytes, 0, end, cut, lean)
        },
      ),
      { numRuns: 6000 },
    )
  }, 120_000)
})
