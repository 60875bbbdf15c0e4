// Questions on the learner's own capture (issue 14 §2–3): for a fresh recording of the notes'
// sample page and three captures of the shared corpus, every question's expected answer and every
// field that proves it equal what tshark reports for the same frame (value, PDML pos and size), and
// the expected answer itself is found again with tshark's own filters; a wrong value or click is
// told apart from a right one, and a right value in the wrong packet says so.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeCapture, type AnalyzedCapture } from '../../src-main/analyzer/index.ts'
import { startLab, type RunningLab } from '../../src-main/lab/index.ts'
import { convertCapture, recordPageLoad } from '../../src-main/recorder/index.ts'
import { parseCidr, splitEndpoint } from '../../src-main/shared/ipv4.ts'
import { hasUnresolvedParticle } from '../../src-main/shared/korean.ts'
import type { FieldProof, Question, QuestionKind, QuestionSet } from '../../src-main/shared/questions.ts'
import { CORPUS_DIR } from '../support/corpus.ts'
import { wholeLesson } from '../support/lesson.ts'
import { scratchDir } from '../support/scratch.ts'
import { decodeAsLab } from '../recorder/peers.ts'
import { runPeer } from './peers.ts'
import { tsharkFields } from './tshark.ts'

const BLOCK = 196 // 127.196.0.0/16: this file's lab

interface PdmlField {
  name: string
  pos: number
  size: number
  show: string
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&')

/** tshark's PDML fields of one frame, dissected segment by segment (no TCP reassembly), as the
 * field tree shows a frame: each field's position is in that frame's bytes. */
async function pdmlOf(file: string, frame: number, decode: string[]): Promise<PdmlField[]> {
  const { stdout } = await runPeer('tshark', ['-n', '-r', file, ...decode, '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', `frame.number == ${frame}`, '-T', 'pdml'], { check: true })
  const out: PdmlField[] = []
  for (const m of stdout.matchAll(/<field ([^>]*?)\/?>/g)) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1]
    const name = attr('name')
    const pos = attr('pos')
    const size = attr('size')
    const show = attr('show')
    if (name && pos !== undefined && size !== undefined && show !== undefined) out.push({ name, pos: Number(pos), size: Number(size), show: unescape(show) })
  }
  return out
}

/** What tshark shows for a proof's field, at the proof's frame and position. */
async function tsharkAt(file: string, p: FieldProof, decode: string[]): Promise<PdmlField | undefined> {
  return (await pdmlOf(file, p.frame, decode)).find((f) => f.name === p.key && f.pos === p.offset)
}

/** tshark's summary line of a proof's frame and the positions where it shows the proof's field. */
async function tsharkSays(file: string, p: FieldProof, decode: string[]): Promise<string> {
  const { stdout } = await runPeer('tshark', ['-n', '-r', file, ...decode, '-o', 'tcp.desegment_tcp_streams:FALSE', '-Y', `frame.number == ${p.frame}`], { check: true })
  const at = (await pdmlOf(file, p.frame, decode)).filter((f) => f.name === p.key).map((f) => `${f.pos}+${f.size} "${f.show}"`)
  return ` (tshark: ${stdout.trim()}; ${p.key} at ${at.length ? at.join(', ') : 'nowhere'})`
}

const asTshark = (v: FieldProof['value']) => (v === true ? '1' : v === false ? '0' : String(v))

/** The answer each kind's question must have, found with tshark's filters alone (beyond the
 * proof fields): the capture's bytes as another dissector reads them. */
async function expectTsharkAgrees(file: string, q: Question, set: QuestionSet, a: AnalyzedCapture, decode: string[]): Promise<void> {
  const w = wholeLesson(a)
  const main = q.proof[0]!
  switch (q.kind) {
    case 'client-port': {
      // The SYN of that connection (tcp.stream) carries the port this computer's stack chose.
      const stream = w.connections.find((c) => c.phases.connect?.frames[0] === main.frame)!.stream
      const rows = await tsharkFields(file, ['frame.number', 'tcp.srcport'], [...decode, '-Y', `tcp.stream == ${stream} && tcp.flags.syn == 1 && tcp.flags.ack == 0`])
      expect(rows[0]).toEqual([String(main.frame), q.answer])
      return
    }
    case 'authoritative-server': {
      const [row] = await tsharkFields(file, ['dns.flags.response', 'dns.flags.authoritative', 'dns.flags.rcode', 'ip.src', 'dns.count.answers'], [...decode, '-Y', `frame.number == ${main.frame}`])
      expect(row).toEqual(['1', '1', '0', q.answer, expect.not.stringMatching(/^0$/)])
      return
    }
    case 'referral-count': {
      // Referrals are responses without the AA bit and without answers that name servers in the
      // authority section, sent to the walking server, before the authoritative answer came.
      const [walker] = (await tsharkFields(file, ['ip.dst'], [...decode, '-Y', `frame.number == ${main.frame}`]))[0]!
      const last = set.questions.find((x) => x.kind === 'authoritative-server')?.proof[0]!.frame ?? w.packets
      const rows = await tsharkFields(file, ['frame.number'], [...decode, '-Y', `dns.flags.response == 1 && dns.flags.authoritative == 0 && dns.flags.rcode == 0 && dns.count.answers == 0 && dns.count.auth_rr > 0 && ip.dst == ${walker} && frame.number <= ${last}`])
      expect(rows.map((r) => Number(r[0]))).toEqual(q.proof.map((p) => p.frame))
      expect(String(rows.length)).toBe(q.answer)
      return
    }
    case 'first-close': {
      const c = w.connections.find((x) => x.phases.close?.frames.includes(main.frame))!
      const [row] = await tsharkFields(file, ['frame.number', 'ip.src', 'tcp.srcport'], [...decode, '-Y', `tcp.stream == ${c.stream} && (tcp.flags.fin == 1 || tcp.flags.reset == 1)`])
      expect(row![0]).toBe(String(main.frame))
      const side = splitEndpoint(q.answer === 'server' ? c.server : c.client)
      expect([row![1], Number(row![2])]).toEqual([side.host, side.port])
      return
    }
    case 'image-status': {
      // With TCP reassembly (tshark's default) the response names the request it answers.
      const [code, klass] = q.answer.split(' ')
      const rows = await tsharkFields(file, ['http.response.code', 'http.response_for.uri', 'http.content_type'], [...decode, '-Y', 'http.response'])
      const image = rows.find((r) => /\.(gif|jpe?g|png|webp|svg|ico|bmp|avif)(\?|$)/i.test(r[1] ?? '') || (r[2] ?? '').startsWith('image/'))!
      expect(image[0]).toBe(code)
      expect(klass).toBe(`${code![0]}xx`)
      return
    }
    case 'subnet-address': {
      // No packet carries a netmask: the address is tshark's, the prefix the journal's interface's.
      const [row] = await tsharkFields(file, ['ip.src'], [...decode, '-Y', `frame.number == ${main.frame}`])
      const iface = w.recording!.interfaces.find((i) => i.address === row![0])!
      const n = parseCidr(iface.cidr)!
      expect(q.answer).toBe(`${n.network}/${n.prefix}`)
      return
    }
  }
}

/** `decode`: tshark's "Decode As" for a lab's ports (test/recorder/peers.ts): the lab listens on free
 * ports, and when one of them (or the client's) is a port tshark registers for another protocol,
 * tshark dissects that protocol instead of HTTP or DNS. */
async function checkAgainstTshark(file: string, a: AnalyzedCapture, expected: QuestionKind[], decode: string[] = []): Promise<QuestionSet> {
  const set = await a.questions()
  expect(set.questions.map((q) => q.kind)).toEqual(expected)
  for (const q of set.questions) {
    expect(q.proof.length, q.kind).toBeGreaterThan(0)
    for (const p of q.proof) {
      const theirs = await tsharkAt(file, p, decode)
      // When tshark disagrees, say what it made of that frame (its one-line summary and where it
      // put that field, if anywhere), so a failure on another machine can be read from its log.
      const seen = theirs ? '' : await tsharkSays(file, p, decode)
      expect(theirs, `${q.kind}: tshark has ${p.key} at frame ${p.frame}, byte ${p.offset}${seen}`).toBeDefined()
      expect({ size: theirs!.size, show: theirs!.show }).toEqual({ size: p.length, show: asTshark(p.value) })
    }
    await expectTsharkAgrees(file, q, set, a, decode)
    // Every text says what it means in both languages, its particles resolved, and names its frame.
    for (const lang of ['en', 'ko'] as const) {
      expect(q.prompt[lang].length).toBeGreaterThan(10)
      expect(hasUnresolvedParticle(q.prompt[lang] + q.explanation[lang])).toBe(false)
      expect(q.explanation[lang]).toContain(String(q.proof[0]!.frame))
    }
    if (q.step !== null) expect(wholeLesson(a).steps[q.step]).toBeDefined()
  }
  return set
}

describe('questions on a recording of the sample page', () => {
  const dir = scratchDir('questions')
  const file = join(dir, 'sample.pcapng')
  let lab: RunningLab
  let a: AnalyzedCapture
  let set: QuestionSet

  beforeAll(async () => {
    lab = await startLab({ addressBlock: BLOCK, dnsPort: 10053, httpPort: 0, httpsPort: 0 })
    const result = await recordPageLoad({ url: 'http://www.lab.cyber.co.kr/sample.htm', output: file, format: 'pcapng', lab })
    expect(result.ok).toBe(true)
    a = await analyzeCapture(file)
    set = await a.questions()
  }, 120_000)
  afterAll(async () => {
    await a?.close()
    await lab?.close()
  })

  it('asks all six questions, each answer equal to what tshark reports for the same bytes', async () => {
    expect(await checkAgainstTshark(file, a, ['client-port', 'authoritative-server', 'referral-count', 'first-close', 'image-status', 'subnet-address'], decodeAsLab(lab))).toEqual(set)
    const by = Object.fromEntries(set.questions.map((q) => [q.kind, q]))
    // The notes' story on the lab: the nearby server walks root → kr. → co.kr. → cyber.co.kr. →
    // lab.cyber.co.kr.; lab.cyber.co.kr.'s server answers with AA; the web server closes first.
    expect(by['referral-count']!.answer).toBe('4')
    expect(by['referral-count']!.prompt.en).toContain('nearby DNS server')
    expect(by['authoritative-server']!.answer).toBe(`127.${BLOCK}.4.1`)
    expect(by['authoritative-server']!.proof.map((p) => p.key)).toEqual(['dns.flags.authoritative', 'ip.src'])
    expect(by['first-close']!.answer).toBe('server')
    expect(by['image-status']!.answer).toBe('200 2xx')
    expect(by['image-status']!.prompt.en).toContain('/gazou.jpg')
    expect(by['subnet-address']!.answer).toBe('127.0.0.0/8')
    expect(by['subnet-address']!.explanation.en).toContain("interface lo's (127.0.0.1/8), from the recording's journal")
    // Each question's explaining step is the one about it.
    const kindOf = (q: Question) => wholeLesson(a).steps[q.step!]!.kind
    expect(set.questions.map(kindOf)).toEqual(['connect', 'dns-answer', 'dns-referral', 'close', 'http-response', 'ip-anatomy'])
  })

  it('accepts a right value and rejects a wrong one, in the forms a learner types', async () => {
    const check = async (kind: QuestionKind, text: string) => (await a.checkAnswer(kind, { by: 'value', text })).verdict
    const port = set.questions.find((q) => q.kind === 'client-port')!.answer
    expect(await check('client-port', port)).toBe('right')
    expect(await check('client-port', ` ${port} `)).toBe('right')
    expect(await check('client-port', String(Number(port) + 1))).toBe('wrong')
    expect(await check('client-port', '8080')).toBe('wrong')
    expect(await check('client-port', 'a port')).toBe('unreadable')
    expect(await check('authoritative-server', `127.${BLOCK}.4.1`)).toBe('right')
    expect(await check('authoritative-server', `127.${BLOCK}.4.1:10053`)).toBe('right')
    expect(await check('authoritative-server', `127.${BLOCK}.53.53`)).toBe('wrong')
    expect(await check('referral-count', '4')).toBe('right')
    expect(await check('referral-count', '5')).toBe('wrong')
    expect(await check('first-close', 'server')).toBe('right')
    expect(await check('first-close', '웹 서버')).toBe('right')
    expect(await check('first-close', 'client')).toBe('wrong')
    expect(await check('first-close', '클라이언트')).toBe('wrong')
    expect(await check('image-status', '200')).toBe('right')
    expect(await check('image-status', '200 2xx')).toBe('right')
    expect(await check('image-status', '200 3xx')).toBe('wrong')
    expect(await check('image-status', '404 4xx')).toBe('wrong')
    expect(await check('subnet-address', '127.0.0.0/8')).toBe('right')
    expect(await check('subnet-address', '127.0.0.0/255.0.0.0')).toBe('right')
    expect(await check('subnet-address', '127.0.0.0/24')).toBe('wrong')
    expect(await check('subnet-address', '127.0.0.1/8')).toBe('wrong')
    const right = await a.checkAnswer('client-port', { by: 'value', text: port })
    expect(right.message.en).toContain(`Right: ${port}`)
    expect(right.message.ko).toContain(`정답: ${port}`)
    const wrong = await a.checkAnswer('first-close', { by: 'value', text: 'client' })
    expect(wrong.message.en).toContain('Not "client"')
    expect(hasUnresolvedParticle(wrong.message.ko)).toBe(false)
  })

  it('judges a clicked field by the bytes at that frame and offset: right, wrong packet, wrong field, wrong', async () => {
    const close = set.questions.find((q) => q.kind === 'first-close')!
    const fin = close.proof[0]!
    expect(fin.key).toBe('tcp.flags.fin')
    expect((await a.checkAnswer('first-close', { by: 'field', frame: fin.frame, key: fin.key, offset: fin.offset })).verdict).toBe('right')
    // The client's FIN later in the same connection: a FIN, but not the first one.
    const c = wholeLesson(a).connections.find((x) => x.phases.close?.frames.includes(fin.frame))!
    const rows = await tsharkFields(file, ['frame.number'], ['-Y', `tcp.stream == ${c.stream} && tcp.flags.fin == 1`])
    const later = Number(rows[1]![0])
    expect(later).toBeGreaterThan(fin.frame)
    const v = await a.checkAnswer('first-close', { by: 'field', frame: later, key: 'tcp.flags.fin', offset: fin.offset })
    expect(v.verdict).toBe('right-value-wrong-packet')
    expect(v.message.en).toContain(`look at frame ${fin.frame}`)
    // The right packet, the wrong field (its destination port).
    const dst = (await a.detail(fin.frame)).layers.flatMap((l) => l.fields).find((f) => f.key === 'tcp.dstport')!
    expect((await a.checkAnswer('first-close', { by: 'field', frame: fin.frame, key: 'tcp.dstport', offset: dst.offset })).verdict).toBe('right-packet-wrong-field')
    // A referral's AA bit (0) is not the authoritative answer's.
    const referral = set.questions.find((q) => q.kind === 'referral-count')!.proof[0]!
    const aaOff = set.questions.find((q) => q.kind === 'authoritative-server')!.proof[0]!.offset
    expect((await a.checkAnswer('authoritative-server', { by: 'field', frame: referral.frame, key: 'dns.flags.authoritative', offset: aaOff })).verdict).toBe('wrong')
    // A field that is not where the caller says is refused, not trusted.
    expect((await a.checkAnswer('client-port', { by: 'field', frame: 1, key: 'tcp.srcport', offset: 3 })).verdict).toBe('unreadable')
    await expect(a.checkAnswer('client-port' as QuestionKind, { by: 'field', frame: 99999, key: 'tcp.srcport', offset: 34 })).rejects.toMatchObject({ code: 'ANALYZER_BAD_FRAME' })
  })

  it('keeps one identity for the same packets saved in another format', async () => {
    const pcap = join(dir, 'sample.pcap')
    await convertCapture(file, pcap, { format: 'pcap' })
    const b = await analyzeCapture(pcap)
    try {
      expect((await b.questions()).identity).toBe(set.identity)
    } finally {
      await b.close()
    }
    expect(set.identity).toMatch(/^[0-9a-f]{32}$/)
  })
})

describe('questions on captures made by others', () => {
  const cases: { file: string; kinds: QuestionKind[] }[] = [
    // A page load with images: the client's port, an image answered 304 Not Modified (3xx).
    { file: 'http-wikipedia-pageload-images.pcap', kinds: ['client-port', 'image-status'] },
    // A capture taken at a recursive resolver walking from the root: AA answer, two referrals.
    { file: 'dns-iterative-lab-root-referrals.pcap', kinds: ['authoritative-server', 'referral-count'] },
    // Wireshark's HTTP sample: the server closes first.
    { file: 'http-wireshark-sample-keepalive.cap', kinds: ['client-port', 'first-close'] },
  ]
  for (const { file, kinds } of cases) {
    it(`${file}: ${kinds.join(', ')} — only what it can answer, each equal to tshark's`, async () => {
      const path = join(CORPUS_DIR, file)
      const a = await analyzeCapture(path)
      try {
        const set = await checkAgainstTshark(path, a, kinds)
        // No journal, no netmask: the subnet question is not asked of another tool's capture.
        expect(set.questions.some((q) => q.kind === 'subnet-address')).toBe(false)
        for (const q of set.questions) {
          expect((await a.checkAnswer(q.kind, { by: 'value', text: q.answer })).verdict).toBe('right')
          if (q.clickable) {
            const p = q.proof[0]!
            expect((await a.checkAnswer(q.kind, { by: 'field', frame: p.frame, key: p.key, offset: p.offset })).verdict).toBe('right')
          }
        }
      } finally {
        await a.close()
      }
    }, 60_000)
  }
})
