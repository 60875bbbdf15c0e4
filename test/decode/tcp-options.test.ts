// TCP header and options (RFC 9293, RFC 7323, RFC 2018) laid out as Wireshark does: each option
// its own tree with kind and length bytes, then its values. A SYN from a Linux loopback capture
// made by test/analyzer/live-loopback.test.ts, and a SYN cut by the snap length inside its options
// (malformed-tcp-syn-options-truncated-smtp.pcap, frame 1, of the shared corpus).
import { describe, expect, it } from 'vitest'
import { dissect, find, findAll, tsharkPositions } from './helpers.ts'

// tcpdump -n -e -XX -vv
// 00:00:00:00:00:00 > 00:00:00:00:00:00, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 64, id 57553, offset 0, flags [DF], proto TCP (6), length 60)
//     127.0.0.1.38865 > 127.144.1.53.10053: Flags [S], cksum 0xfff4 (incorrect -> 0x5e36), seq 362795840, win 64660, options [mss 1220,sackOK,TS val 3067449231 ecr 0,nop,wscale 10], length 0
//   0x0000:  0000 0000 0000 0000 0000 0000 0800 4500  ..............E.
//   0x0010:  003c e0d1 4000 4006 5a24 7f00 0001 7f90  .<..@.@.Z$......
//   0x0020:  0135 97d1 2745 159f d340 0000 0000 a002  .5..'E...@......
//   0x0030:  fc94 fff4 0000 0204 04c4 0402 080a b6d5  ................
//   0x0040:  8f8f 0000 0000 0103 030a                 ..........
const SYN = new Uint8Array([
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x3c, 0xe0, 0xd1, 0x40, 0x00, 0x40, 0x06, 0x5a, 0x24, 0x7f, 0x00, 0x00, 0x01, 0x7f, 0x90,
  0x01, 0x35, 0x97, 0xd1, 0x27, 0x45, 0x15, 0x9f, 0xd3, 0x40, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
  0xfc, 0x94, 0xff, 0xf4, 0x00, 0x00, 0x02, 0x04, 0x04, 0xc4, 0x04, 0x02, 0x08, 0x0a, 0xb6, 0xd5,
  0x8f, 0x8f, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
])

// tcpdump -n -e -XX -vv
// 80:0b:98:3b:b9:ec > ea:f6:1c:2d:9f:d2, ethertype IPv4 (0x0800), length 74: (tos 0x0, ttl 51, id 14560, offset 0, flags [DF], proto TCP (6), length 60)
//     201.186.157.67.60827 > 128.3.26.249.25: Flags [SEW], seq 1041724894, win 5840, options [mss 1460,sackOK,TS [|tcp]>
//   0x0000:  eaf6 1c2d 9fd2 800b 983b b9ec 0800 4500  ...-.....;....E.
//   0x0010:  003c 38e0 4000 3306 0ce2 c9ba 9d43 8003  .<8.@.3......C..
//   0x0020:  1af9 ed9b 0019 3e17 75de 0000 0000 a0c2  ......>.u.......
//   0x0030:  16d0 90d6 0000 0204 05b4 0402 0808 0000  ................
//   0x0040:  0001 0000                                ....
const CUT_SYN = new Uint8Array([
  0xea, 0xf6, 0x1c, 0x2d, 0x9f, 0xd2, 0x80, 0x0b, 0x98, 0x3b, 0xb9, 0xec, 0x08, 0x00, 0x45, 0x00,
  0x00, 0x3c, 0x38, 0xe0, 0x40, 0x00, 0x33, 0x06, 0x0c, 0xe2, 0xc9, 0xba, 0x9d, 0x43, 0x80, 0x03,
  0x1a, 0xf9, 0xed, 0x9b, 0x00, 0x19, 0x3e, 0x17, 0x75, 0xde, 0x00, 0x00, 0x00, 0x00, 0xa0, 0xc2,
  0x16, 0xd0, 0x90, 0xd6, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x08, 0x00, 0x00,
  0x00, 0x01, 0x00, 0x00,
])

describe('TCP header and options', () => {
  it('reads the header fields and the flags byte', () => {
    const d = dissect(SYN)
    expect(d.names.at(-1)).toBe('Transmission Control Protocol, Src Port: 38865, Dst Port: 10053, Seq: 362795840, Len: 0')
    expect(d.ctx.issues).toEqual([])
    const tcp = d.ctx.layers.at(-1)!
    expect([tcp.offset, tcp.length]).toEqual([34, 40])
    expect(find(tcp, 'tcp.srcport')).toMatchObject({ offset: 34, length: 2, value: 38865 })
    expect(find(tcp, 'tcp.seq_raw')).toMatchObject({ offset: 38, length: 4, value: 362795840 })
    expect(find(tcp, 'tcp.hdr_len')).toMatchObject({ offset: 46, length: 1, mask: 0xf0, value: 40 })
    expect(find(tcp, 'tcp.flags')).toMatchObject({ offset: 46, length: 2, value: 0x002 })
    expect(find(tcp, 'tcp.flags.syn')).toMatchObject({ offset: 47, length: 1, mask: 0x02, value: true })
    expect(find(tcp, 'tcp.flags.ack')).toMatchObject({ offset: 47, length: 1, mask: 0x10, value: false })
    expect(find(tcp, 'tcp.window_size_value')).toMatchObject({ offset: 48, length: 2, value: 64660 })
    expect(d.tr.tcp).toMatchObject({ flags: 0x002, headerLength: 40, payloadOffset: 74, payloadLength: 0 })
  })

  it('lays out MSS, SACK permitted, timestamps, NOP and window scale with their values', () => {
    const tcp = dissect(SYN).ctx.layers.at(-1)!
    const options = find(tcp, 'tcp.options')
    expect([options.offset, options.length]).toEqual([54, 20])
    expect(options.children!.map((o) => [o.key, o.offset, o.length])).toEqual([
      ['tcp.options.mss', 54, 4],
      ['tcp.options.sack_perm', 58, 2],
      ['tcp.options.timestamp', 60, 10],
      ['tcp.options.nop', 70, 1],
      ['tcp.options.wscale', 71, 3],
    ])
    expect(find(tcp, 'tcp.options.mss_val')).toMatchObject({ offset: 56, length: 2, value: 1220 })
    expect(find(tcp, 'tcp.options.timestamp.tsval')).toMatchObject({ offset: 62, length: 4, value: 3067449231 })
    expect(find(tcp, 'tcp.options.timestamp.tsecr')).toMatchObject({ offset: 66, length: 4, value: 0 })
    expect(find(tcp, 'tcp.options.wscale.shift')).toMatchObject({ offset: 73, length: 1, value: 10 })
    expect(find(tcp, 'tcp.options.wscale.multiplier')).toMatchObject({ offset: 73, length: 1, value: 1024 })
    expect(findAll([tcp], 'tcp.option_kind').map((f) => [f.offset, f.value])).toEqual([[54, 2], [58, 4], [60, 8], [70, 1], [71, 3]])
  })

  it('puts every TCP field where tshark puts it', async () => {
    const theirs = await tsharkPositions(SYN)
    const tcp = dissect(SYN).ctx.layers.at(-1)!
    const keys = new Set<string>()
    const walk = (fs: typeof tcp.fields) => fs.forEach((f) => (f.generated || keys.add(f.key), f.children && walk(f.children)))
    walk(tcp.fields)
    const compared = [...keys].filter((k) => theirs.has(k))
    expect(compared.length).toBeGreaterThan(20)
    for (const key of compared) expect(findAll([tcp], key).filter((f) => !f.generated).map((f) => [f.offset, f.length]), key).toEqual(theirs.get(key))
  })

  it('a header cut by the snap length: a note, the options that fit, a flag on the bad one', () => {
    const d = dissect(CUT_SYN, 1, 74)
    const tcp = d.ctx.layers.at(-1)!
    expect(d.ctx.issues).toEqual([
      expect.objectContaining({ layer: 'IPv4', severity: 'note', offset: 16, message: 'IPv4 total length 60: the capture kept only 54 bytes (snap length)' }),
      expect.objectContaining({ layer: 'TCP', severity: 'note', offset: 46, message: 'TCP header length 40 runs past the 34 captured bytes (snap length)' }),
      expect.objectContaining({ layer: 'TCP', severity: 'warning', offset: 61, message: 'TCP option Timestamps has length 8, must be 10' }),
    ])
    expect(find(tcp, 'tcp.options').children!.map((o) => [o.key, o.offset, o.length])).toEqual([
      ['tcp.options.mss', 54, 4],
      ['tcp.options.sack_perm', 58, 2],
      ['tcp.options.timestamp', 60, 8],
    ])
    expect(find(tcp, 'tcp.flags.ece')).toMatchObject({ offset: 47, value: true })
    expect(find(tcp, 'tcp.flags.cwr')).toMatchObject({ offset: 47, value: true })
    expect(d.tr.tcp).toMatchObject({ payloadOffset: 68, payloadEnd: 68 })
  })

  it('an option whose length runs past the header is flagged and ends the options', () => {
    const b = SYN.slice()
    b[59] = 30 // SACK permitted claims 30 bytes; the header has 16 left
    const d = dissect(b)
    expect(d.ctx.issues).toEqual([expect.objectContaining({ layer: 'TCP', severity: 'warning', offset: 59, message: 'TCP option SACK permitted: length 30 runs past the header' })])
    expect(find(d.ctx.layers, 'tcp.options').children!.map((o) => o.key)).toEqual(['tcp.options.mss', 'tcp.option_len'])
  })
})
