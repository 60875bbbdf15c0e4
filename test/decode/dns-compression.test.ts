// DNS name compression (RFC 1035 §4.1.4): pointers may only point to prior data. A pointer to
// itself, a forward pointer, a loop and an endless chain are each flagged where they are and end
// the name; the rest of the message that could be read is kept, and nothing hangs. Messages are
// built byte by byte here (offsets in the comments are from the message start).
import { describe, expect, it } from 'vitest'
import { newContext } from '../../src-main/decode/core.ts'
import { decodeDns, readName } from '../../src-main/decode/dns.ts'
import { issueText } from '../../src-main/shared/decode-issues.ts'
import { find } from './helpers.ts'

const header = (id: number, flags: number, qd: number, an: number) => [id >> 8, id & 255, flags >> 8, flags & 255, 0, qd, 0, an, 0, 0, 0, 0]
const label = (s: string) => [s.length, ...Buffer.from(s)]
const A_IN = [0, 1, 0, 1]

function decode(bytes: number[], at = 0) {
  const b = new Uint8Array([...new Array(at).fill(0xee), ...bytes])
  const ctx = newContext(true)
  const msg = decodeDns(ctx, b, at, b.length)
  return { msg: msg!, ctx }
}

describe('compression pointers', () => {
  // 0: header | 12: 07 example 03 com 00 | 25: A IN | 29: answer 03 www c0 0c | 35: A IN ttl len
  // 45: 192.0.2.1 | 49: answer 03 ftp c0 1d (→ 29: "www" + → 12) | ...
  const valid = [
    ...header(0x0102, 0x8180, 1, 2),
    ...label('example'), ...label('com'), 0, ...A_IN,
    ...label('www'), 0xc0, 12, ...A_IN, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1,
    ...label('ftp'), 0xc0, 29, ...A_IN, 0, 0, 0, 60, 0, 4, 192, 0, 2, 2,
  ]

  it('follows a chain of backward pointers, wherever the message starts in the buffer', () => {
    for (const at of [0, 42]) {
      const { msg, ctx } = decode(valid, at)
      expect(ctx.issues).toEqual([])
      expect(msg.answers.map((a) => `${a.name} ${a.data}`)).toEqual(['www.example.com. 192.0.2.1', 'ftp.www.example.com. 192.0.2.2'])
      // The name field covers the bytes written at that place: label + pointer, not where they led.
      const names = ctx.layers[0]!.fields.find((f) => f.key === 'dns.answers')!.children!.map((r) => find(r.children!, 'dns.resp.name'))
      expect(names.map((n) => [n.offset - at, n.length, n.value])).toEqual([[29, 6, 'www.example.com.'], [49, 6, 'ftp.www.example.com.']])
    }
  })

  it('a pointer to itself is flagged at its offset and ends the name', () => {
    const { msg, ctx } = decode([...header(1, 0x0100, 1, 0), 0xc0, 12, ...A_IN])
    expect(ctx.issues).toEqual([
      {
        layer: 'DNS',
        severity: 'error',
        offset: 12,
        length: 2,
        message: 'question 1: compression pointer at byte 12 points to itself to byte 12 (only prior data is allowed)',
        code: 'DNS_POINTER_NOT_PRIOR',
        params: { at: 12, target: 12, where: { part: 'question', index: 1 }, cut: false },
      },
    ])
    expect(issueText(ctx.issues[0]!, 'ko')).toBe(
      '질문 1의 이름: 메시지의 바이트 12에 있는 압축 포인터가 자기 자신을 가리킵니다. 압축 포인터는 앞에 나온 데이터만 가리킬 수 있습니다(RFC 1035 4.1.4). 따라가면 끝없이 돌 수 있어서 이름을 여기서 끝냅니다.',
    )
    expect(msg).toMatchObject({ id: 1, malformed: true, questions: [] })
  })

  it('a forward pointer is flagged', () => {
    const { msg, ctx } = decode([...header(2, 0x0100, 1, 0), ...label('a'), 0xc0, 20, ...A_IN, ...label('b'), 0])
    expect(ctx.issues).toEqual([expect.objectContaining({ offset: 14, message: 'question 1: compression pointer at byte 14 points forward to byte 20 (only prior data is allowed)' })])
    expect(msg.malformed).toBe(true)
  })

  it('two names pointing at each other (a loop) stop at the first pointer that does not go back', () => {
    // 12: 01 a c0 14 (→ 20) | 16: A IN | 20: answer name c0 0c (→ 12) | 22: A IN, ttl, rdlength, rdata
    const loop = [...header(3, 0x8180, 1, 1), ...label('a'), 0xc0, 20, ...A_IN, 0xc0, 12, ...A_IN, 0, 0, 0, 1, 0, 4, 10, 0, 0, 1]
    const b = new Uint8Array(loop)
    // From the answer: back to 12 (allowed), "a", then the pointer at 14 leads to 20 again.
    expect(readName(b, 20, 0, b.length)).toEqual({ name: 'a.', next: 22, error: { code: 'DNS_POINTER_NOT_PRIOR', params: { at: 14, target: 20 } }, errorAt: 14 })
    // From the question: its own pointer already goes forward.
    const { msg, ctx } = decode(loop)
    expect(ctx.issues).toEqual([expect.objectContaining({ layer: 'DNS', severity: 'error', offset: 14, message: 'question 1: compression pointer at byte 14 points forward to byte 20 (only prior data is allowed)' })])
    expect(msg).toMatchObject({ malformed: true, questions: [], answers: [] })
  })

  it('an endless chain of backward pointers ends after 127 jumps', () => {
    // 12: 00 (root) | 13…: 300 pointers, each to the one before it, the first to 12.
    const chain: number[] = [...header(4, 0x0100, 1, 0), 0]
    for (let i = 0; i < 300; i++) {
      const target = i === 0 ? 12 : 13 + (i - 1) * 2
      chain.push(0xc0 | (target >> 8), target & 255)
    }
    const b = new Uint8Array(chain)
    // Reading from the last pointer: 127 jumps are allowed, then the reader gives up.
    const r = readName(b, 13 + 299 * 2, 0, b.length)
    expect(r.error).toEqual({ code: 'DNS_TOO_MANY_POINTERS', params: {} })
    // A name reached in ≤ 127 jumps is fine (and is the root).
    expect(readName(b, 13 + 100 * 2, 0, b.length)).toEqual({ name: '.', next: 13 + 100 * 2 + 2 })
  })

  it('a name that is a pointer to a name read earlier in the message reads as that name, within the same limits', () => {
    // The walk reads such a name once (wire.ts readNameInto): the result must be what reading it
    // again gives. 12: question "example.com." | 29: answer 1, owner → 12, NS, rdata "ns" → 12 at 41
    // | 46: answer 2, owner → 41 (the NS name read whole), A 192.0.2.9 | 62: answer 3, owner → 12.
    const referral = [
      ...header(6, 0x8180, 1, 3),
      ...label('example'), ...label('com'), 0, ...A_IN,
      0xc0, 12, 0, 2, 0, 1, 0, 0, 0, 60, 0, 5, ...label('ns'), 0xc0, 12,
      0xc0, 41, ...A_IN, 0, 0, 0, 60, 0, 4, 192, 0, 2, 9,
      0xc0, 12, ...A_IN, 0, 0, 0, 60, 0, 4, 192, 0, 2, 10,
    ]
    for (const at of [0, 7]) {
      const { msg, ctx } = decode(referral, at)
      expect(ctx.issues).toEqual([])
      expect(msg.answers.map((a) => `${a.name} ${a.type} ${a.data}`)).toEqual(['example.com. NS ns.example.com.', 'ns.example.com. A 192.0.2.9', 'example.com. A 192.0.2.10'])
    }
    // 12: root | 17: answer 1, owner root, type 65280 whose data are 126 pointers, each to the one
    // before it, the first to 12 | 280: answer 2, owner root, NS, its data a pointer to the last of
    // them at 291 (127 pointers: the most a name may follow) | 293: answer 3, owner → 291: 128.
    const chain: number[] = [...header(7, 0x8180, 1, 3), 0, ...A_IN, 0, 0xff, 0, 0, 1, 0, 0, 0, 60, 0, 252]
    for (let i = 0; i < 126; i++) {
      const target = i === 0 ? 12 : 28 + (i - 1) * 2
      chain.push(0xc0 | (target >> 8), target & 255)
    }
    chain.push(0, 0, 2, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0 | (278 >> 8), 278 & 255)
    chain.push(0xc0 | (291 >> 8), 291 & 255, ...A_IN, 0, 0, 0, 60, 0, 4, 192, 0, 2, 11)
    const b = new Uint8Array(chain)
    expect(readName(b, 291, 0, b.length)).toEqual({ name: '.', next: 293 })
    expect(readName(b, 293, 0, b.length).error).toEqual({ code: 'DNS_TOO_MANY_POINTERS', params: {} })
    const { msg, ctx } = decode(chain)
    expect(msg.answers.map((a) => `${a.name} ${a.type} ${a.data}`)).toEqual([`. TYPE65280 \\# 252 ${Buffer.from(chain.slice(28, 280)).toString('hex').toUpperCase()}`, '. NS .'])
    expect(ctx.issues).toEqual([expect.objectContaining({ offset: 12, message: 'answers record 3: too many compression pointers' })])
    expect(issueText(ctx.issues[0]!, 'ko')).toBe('회답 섹션 레코드 3의 소유자 이름: 압축 포인터를 127개 넘게 따라가야 해서 더 읽지 않습니다.')
    expect(msg.malformed).toBe(true)
  })

  it('a label type other than 00 and 11 is flagged', () => {
    const { ctx } = decode([...header(5, 0x0100, 1, 0), 0x41, 0, ...A_IN])
    expect(ctx.issues).toEqual([expect.objectContaining({ offset: 12, message: 'question 1: label type 0x40 is not supported' })])
  })
})
