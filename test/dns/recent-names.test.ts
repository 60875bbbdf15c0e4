// The DNS reader keeps the names and A-record addresses it decoded lately (wire.ts, rdata.ts: a
// fixed number of slots chosen by a hash, a newcomer takes the slot) and hands back the same text
// when the same bytes come again. What it hands back must always be the text of the bytes read:
// thousands of distinct names and addresses (far more than the slots, so slots are shared and
// taken over), in one order and then another, names differing only in case or in one byte, and
// names too long to be kept.
import dnsPacket from 'dns-packet'
import { describe, expect, it } from 'vitest'
import { readName } from '../../src-main/dns/wire.ts'
import { LeanMessage, readLean } from '../../src-main/dns/lean.ts'

function nameBytes(name: string): Uint8Array {
  const out: number[] = []
  for (const label of name.split('.').filter(Boolean)) out.push(label.length, ...Buffer.from(label, 'latin1'))
  out.push(0)
  return Uint8Array.from(out)
}

describe('names and addresses decoded again are the same text', () => {
  it('thousands of names, in two orders, with case and one-byte variants and long ones', () => {
    const names: string[] = []
    for (let i = 0; i < 6000; i++) names.push(`h${i}.zone${i % 97}.example`)
    for (let i = 0; i < 300; i++) names.push(`H${i}.ZONE${i % 97}.example`, `h${i}.zone${i % 97}.examplf`)
    names.push(`${'a'.repeat(63)}.example`, `${'a'.repeat(62)}b.example`, 'x.y', 'x.z', '.')
    const read = (list: string[]) => list.map((n) => readName(nameBytes(n), 0, 0, 400).name)
    const expected = names.map((n) => (n === '.' ? '.' : `${n}.`))
    expect(read(names)).toEqual(expected)
    const reversed = [...names].reverse()
    expect(read(reversed)).toEqual([...expected].reverse())
    // Every other one again, then all again: slots taken over in between.
    const odd = names.filter((_, i) => i % 2 === 1)
    expect(read(odd)).toEqual(expected.filter((_, i) => i % 2 === 1))
    expect(read(names)).toEqual(expected)
  })

  it('escaped bytes are kept apart from the characters they are written as', () => {
    const dotted = Uint8Array.from([3, 0x61, 0x2e, 0x62, 0]) // one label "a.b"
    const plain = nameBytes('a.b')
    for (let k = 0; k < 3; k++) {
      expect(readName(dotted, 0, 0, dotted.length).name).toBe('a\\.b.')
      expect(readName(plain, 0, 0, plain.length).name).toBe('a.b.')
    }
  })

  it('A records of thousands of addresses, read twice, each its own address', () => {
    const addresses = Array.from({ length: 5000 }, (_, i) => `${10 + (i % 7)}.${(i >> 8) & 255}.${i & 255}.${(i * 7) & 255}`)
    const message = (list: string[]) =>
      dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'a.test' }], answers: list.map((data) => ({ type: 'A' as const, name: 'a.test', ttl: 1, data })) })
    const m = new LeanMessage()
    for (const order of [addresses, [...addresses].reverse(), addresses]) {
      const seen: string[] = []
      for (let i = 0; i < order.length; i += 250) {
        const b = message(order.slice(i, i + 250))
        expect(readLean(b, 0, b.length, false, m)).toBe(true)
        seen.push(...m.recordData.slice(0, m.records))
      }
      expect(seen).toEqual(order)
    }
  })
})
