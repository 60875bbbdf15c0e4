// TCP reassembly per direction (tcp-reassembly.ts) on constructed segments: whatever order they
// arrive in, the application parser gets the bytes once and in sequence order — retransmissions
// dropped, overlaps trimmed, out-of-order data held until the hole fills, holes that never fill
// handed on as gaps, sequence numbers unwrapped across 2^32. Then the same situations end to end:
// an HTTP exchange sent in a scrambled order, analysed and compared with tshark.
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { runAnalysis } from '../../src-main/analyzer/run.ts'
import { HeldBudget, TcpDirection, type TcpAnomaly } from '../../src-main/analyzer/tcp-reassembly.ts'
import { analyzerView, tsharkView } from './compare.ts'
import { ACK, FIN, ipv4, PSH, SYN, tcp, writePcap } from './frames.ts'
import { scratchDir } from '../support/scratch.ts'
import { withAllWords } from '../support/lesson.ts'

function direction() {
  const events: string[] = []
  const anomalies: [TcpAnomaly, number][] = []
  let text = ''
  const dir = new TcpDirection(
    {
      data: (b, start, end, frame) => {
        const bytes = Buffer.from(b.subarray(start, end)).toString('latin1')
        text += bytes
        events.push(`data ${bytes} @${frame}`)
      },
      gap: (n, frame) => {
        text += '#'.repeat(n)
        events.push(`gap ${n} @${frame}`)
      },
      end: (frame) => events.push(`end @${frame}`),
    },
    (a, frame) => anomalies.push([a, frame]),
  )
  // Each payload is handed as its place in a larger buffer, as the pass hands it (the frame's bytes
  // around it): nothing outside [start, end) may reach the parser.
  const seg = (seq: number, s: string, frame: number, sent = s.length) => dir.segment(seq, Buffer.from(`<hdr>${s}<trailer>`, 'latin1'), 5, 5 + s.length, sent, frame)
  return { dir, seg, events, anomalies, text: () => text }
}

describe('TcpDirection', () => {
  it('in order: data starts at ISN + 1', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'abc', 1)
    t.seg(1004, 'def', 2)
    expect(t.events).toEqual(['data abc @1', 'data def @2'])
    expect(t.anomalies).toEqual([])
  })

  it('a retransmission is dropped and noted', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'abc', 1)
    t.seg(1001, 'abc', 2)
    t.seg(1004, 'def', 3)
    expect(t.text()).toBe('abcdef')
    expect(t.anomalies).toEqual([['retransmission', 2]])
  })

  it('out of order: held until the hole fills, then delivered in sequence order', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'abc', 1)
    t.seg(1010, 'jkl', 2)
    t.seg(1007, 'ghi', 3)
    expect(t.events).toEqual(['data abc @1'])
    t.seg(1004, 'def', 4)
    expect(t.events).toEqual(['data abc @1', 'data def @4', 'data ghi @3', 'data jkl @2'])
    expect(t.anomalies).toEqual([['out-of-order', 2], ['out-of-order', 3]])
  })

  it('overlaps are trimmed: the bytes already delivered win (first come)', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'abcd', 1)
    t.seg(1003, 'XXef', 2) // "cd" again, then "ef"
    t.seg(1009, 'ijkl', 3) // held
    t.seg(1008, 'hIJ', 4) // held, overlapping the held one
    t.seg(1007, 'g', 5)
    expect(t.text()).toBe('abcdefghijkl')
    expect(t.anomalies).toEqual([['overlap', 2], ['out-of-order', 3], ['out-of-order', 4], ['overlap', 4]])
  })

  it('a hole that never fills becomes a gap at the end, and what follows it is still delivered', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'abc', 1)
    t.seg(1010, 'jkl', 2)
    t.dir.finish(3)
    expect(t.events).toEqual(['data abc @1', 'gap 6 @2', 'data jkl @2', 'end @3'])
    expect(t.text()).toBe('abc######jkl')
  })

  it('bytes cut by the snap length are a gap of the right size', () => {
    const t = direction()
    t.dir.syn(1000)
    t.seg(1001, 'ab', 1, 5) // 5 sent, 2 captured
    t.seg(1006, 'fg', 2)
    expect(t.text()).toBe('ab###fg')
  })

  it('sequence numbers wrap around 2^32', () => {
    const t = direction()
    t.dir.syn(0xfffffffd)
    t.seg(0xfffffffe, 'ab', 1)
    t.seg(0, 'cd', 2) // 0xfffffffe + 2 = 2^32 → 0
    t.seg(4, 'gh', 3) // held
    t.seg(2, 'ef', 4)
    expect(t.text()).toBe('abcdefgh')
    expect(t.dir.bytes).toBe(8)
  })

  it('all directions of a capture together hold a bounded amount: the one that passes it gives up its hole', () => {
    const budget = new HeldBudget(100)
    const seen: string[] = []
    const make = (name: string) =>
      new TcpDirection({ data: (_b, start, end) => seen.push(`${name} data ${end - start}`), gap: (n) => seen.push(`${name} gap ${n}`), end: () => {} }, (a) => seen.push(`${name} ${a}`), budget)
    const a = make('a')
    const b = make('b')
    a.syn(0)
    b.syn(0)
    a.segment(11, new Uint8Array(60), 0, 60, 60, 1) // 10 bytes missing before it: held
    expect(budget.held).toBe(60)
    b.segment(21, new Uint8Array(60), 0, 60, 60, 2) // 120 held in all: b gives up its hole
    expect(seen).toEqual(['a out-of-order', 'b out-of-order', 'b buffer-limit', 'b gap', 'b gap 20', 'b data 60'])
    expect(budget.held).toBe(60)
  })

  it('once released (the capture has ended) lets its parser go: nothing more reaches it, and the collector may take it', async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    let parser: { data(): void; gap(): void; end(): void; seen: number } | null = { data: () => void (parser!.seen += 1), gap() {}, end() {}, seen: 0 }
    const dir = new TcpDirection(parser, () => {})
    dir.segment(1, Buffer.from('abc'), 0, 3, 3, 1)
    dir.finish(1)
    dir.release()
    dir.segment(4, Buffer.from('def'), 0, 3, 3, 2)
    expect(parser.seen).toBe(1)
    const ref = new WeakRef(parser)
    parser = null
    await new Promise((resolve) => setImmediate(resolve))
    gc()
    expect(ref.deref()).toBeUndefined()
  })

  it('any order, with repeats and re-cut overlapping segments: every byte once, in sequence order', () => {
    // A stream cut into segments twice (two senders' segmentations overlap), sent in a shuffled order
    // with some segments again: many are held out of order at once, and each goes in among the held
    // ones at its place (no sort of the whole list per segment).
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (length, cutsA, cutsB, order, isn) => {
          const stream = Array.from({ length }, (_, k) => String.fromCharCode(0x21 + (k % 90))).join('')
          const segments: [number, string][] = []
          for (const cuts of [cutsA, cutsB]) {
            for (let at = 0, k = 0; at < length; k++) {
              const n = cuts[k % cuts.length]!
              segments.push([at, stream.slice(at, at + n)])
              at += n
            }
          }
          // A shuffle by the random keys, some segments sent twice.
          const sent = segments.map((s, k) => ({ s, key: order[k % Math.max(1, order.length)] ?? k })).sort((a, b) => a.key - b.key)
          for (const [k, key] of order.entries()) if (key % 7 === 0) sent.push({ s: segments[k % segments.length]!, key })
          const t = direction()
          t.dir.syn(isn)
          sent.forEach(({ s: [at, text] }, frame) => t.seg((isn + 1 + at) >>> 0, text, frame + 1))
          t.dir.finish(sent.length + 1)
          expect(t.text()).toBe(stream)
          expect(t.anomalies.some(([a]) => a === 'gap' || a === 'buffer-limit')).toBe(false)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a capture that starts mid-stream takes the first segment as the start', () => {
    const t = direction()
    t.seg(500_000, 'xyz', 1)
    t.seg(500_003, 'w', 2)
    expect(t.text()).toBe('xyzw')
  })
})

describe('a scrambled HTTP exchange, end to end', () => {
  it('is reassembled as tshark does: same request, same response, same frames', async () => {
    const C = '127.144.5.1'
    const S = '127.144.5.80'
    const req = Buffer.from('GET /scrambled HTTP/1.1\r\nHost: lab.test\r\n\r\n')
    const body = 'The quick brown fox jumps over the lazy dog. '.repeat(20)
    const res = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
    const c = (seq: number, ack: number, flags: number, p?: Uint8Array) => ipv4(C, S, 6, tcp(40000, 80, seq, ack, flags, p))
    const s = (seq: number, ack: number, flags: number, p?: Uint8Array) => ipv4(S, C, 6, tcp(80, 40000, seq, ack, flags, p))
    const ci = 1000
    const si = 5000
    const cut = [0, 300, 500, 700, res.length]
    const part = (i: number) => res.subarray(cut[i]!, cut[i + 1]!)
    const frames = [
      c(ci, 0, SYN),
      s(si, ci + 1, SYN | ACK),
      c(ci + 1, si + 1, ACK),
      c(ci + 1, si + 1, PSH | ACK, req.subarray(0, 10)),
      c(ci + 11, si + 1, PSH | ACK, req.subarray(10)),
      c(ci + 11, si + 1, PSH | ACK, req.subarray(10)), // retransmission
      s(si + 1 + cut[2]!, ci + 1 + req.length, ACK, part(2)), // out of order: third part first
      s(si + 1, ci + 1 + req.length, ACK, part(0)),
      s(si + 1 + cut[1]! - 20, ci + 1 + req.length, ACK, res.subarray(cut[1]! - 20, cut[2]!)), // overlaps part 0 by 20 bytes
      s(si + 1 + cut[3]!, ci + 1 + req.length, PSH | ACK, part(3)),
      c(ci + 1 + req.length, si + 1 + res.length, FIN | ACK),
      s(si + 1 + res.length, ci + 2 + req.length, FIN | ACK),
      c(ci + 2 + req.length, si + 2 + res.length, ACK),
    ]
    const file = join(scratchDir('tcp'), 'scrambled.pcap')
    writePcap(file, frames)
    const analysed = await runAnalysis(file)
    const { reader } = analysed
    const w = withAllWords(analysed.walkthrough)
    await reader.close()
    // The analysis is over: the connection's live state (its two directions and the HTTP parsers
    // they fed) is gone; what is kept is a row of numbers (trackers/tcp.ts ConnectionColumns).
    expect(reader.pass.tcp.count).toBe(1)
    expect(reader.pass.tcp.ends(0)).toEqual({ index: 0, clientIp: C, clientPort: 40000, serverIp: S, serverPort: 80, firstFrame: 0, lastFrame: frames.length - 1 })
    expect(reader.pass.tcp.app(0)).toBe('http')
    // tshark 4.0 reassembles out-of-order segments only when asked to (off by default).
    expect(analyzerView(w)).toEqual(await tsharkView(file, ['-o', 'tcp.reassemble_out_of_order:TRUE']))
    expect(w.http).toEqual([expect.objectContaining({ method: 'GET', uri: '/scrambled', status: 200, request_frame: 5, response_frame: 10, bodyBytes: { wire: body.length, decoded: body.length } })])
    expect(w.connections[0]!.notes.sort()).toEqual(['out-of-order', 'overlap', 'retransmission'])
    expect(w.connections[0]!.bytes).toEqual({ toServer: req.length, toClient: res.length })
  })
})
